//! `aksflow`: render, validate, diff, migrate and emit schemas for AKS provisioning manifests.
//!
//! Thin over the `aksflow` crate: it reads files, calls the core, writes results and sets the exit status.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Typed, validated Kubernetes manifests for provisioning AKS clusters with ASO, Karpenter and Argo Workflows.
#[derive(Parser)]
#[command(name = "aksflow", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the JSON Schema of every kind into a folder (the repository's `schemas/`).
    Schemas {
        /// The folder to write into; created if missing.
        #[arg(long, default_value = "schemas")]
        out_dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("aksflow: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Schemas { out_dir } => {
            std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
            for file in aksflow::schema::all() {
                let path = out_dir.join(&file.file_name);
                std::fs::write(&path, &file.json)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                println!("{}", path.display());
            }
            Ok(())
        }
    }
}

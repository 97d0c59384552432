//! `aksflow`: render, validate, diff, migrate and emit schemas for AKS provisioning manifests.
//!
//! Thin over the `aksflow` crate: it reads files, calls the core, writes results and sets the exit status.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aksflow::{Manifest, Validate as _};
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
    /// Check manifests (multi-document YAML) against each kind's rules; `-` reads standard input.
    ///
    /// Exit status: 0 when every object passes, 1 when any breaks a rule, 2 when a file cannot be read.
    Check {
        /// The files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
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
        Ok(status) => status,
        Err(message) => {
            eprintln!("aksflow: {message}");
            ExitCode::from(2)
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("standard input: {e}"))?;
        Ok(text)
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
    }
}

fn check(files: &[PathBuf]) -> Result<ExitCode, String> {
    let mut broken = 0usize;
    for path in files {
        let text = read(path)?;
        let manifests =
            Manifest::from_yaml_stream(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        for manifest in &manifests {
            let name = manifest.metadata().name.as_deref().unwrap_or("<unnamed>");
            let what = format!("{} {}/{name}", manifest.api_version(), manifest.kind());
            match manifest.validate() {
                Ok(()) => println!("ok      {what}"),
                Err(error) => {
                    broken += 1;
                    println!("invalid {what}");
                    for violation in error.violations() {
                        println!("        {violation}");
                    }
                }
            }
        }
    }
    Ok(if broken == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Check { files } => check(&files),
        Command::Schemas { out_dir } => {
            std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
            for file in aksflow::schema::all() {
                let path = out_dir.join(&file.file_name);
                std::fs::write(&path, &file.json)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                println!("{}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

//! `aksflow`: render, validate, check manifests and emit schemas for AKS provisioning.
//!
//! Thin over the `aksflow` crate: it reads files, calls the core, writes results and sets the exit
//! status (0 success, 1 the input breaks rules, 2 the input cannot be read or the command is misused).

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aksflow::profiles::Profiles;
use aksflow::render::{Bundle, FileFormat, RbacMode, RenderOptions, WorkflowOptions};
use aksflow::{Error, Manifest, Validate as _, ValidationError};
use clap::{Parser, Subcommand, ValueEnum};

mod migrate;

/// Typed, validated Kubernetes manifests for provisioning AKS clusters with ASO, Karpenter and Argo Workflows.
#[derive(Parser)]
#[command(name = "aksflow", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where a request comes from, and the profiles it may name.
#[derive(clap::Args)]
struct RequestInput {
    /// The cluster request, YAML or JSON; `-` (the default) reads standard input.
    #[arg(default_value = "-")]
    file: PathBuf,
    /// A profiles file (YAML or JSON: name → profile) adding to or overriding the built-in profiles.
    #[arg(long)]
    profiles: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Yaml,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Rbac {
    /// aksflow's least-privilege set (the default).
    LeastPrivilege,
    /// The design's `idp-backend-workflow-manager` ClusterRole without the KRO rules.
    Compatible,
    /// No RBAC objects.
    None,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a cluster request and print every object it needs, in apply order.
    Render {
        #[command(flatten)]
        input: RequestInput,
        /// The output format: a multi-document YAML stream, or a JSON list.
        #[arg(short = 'o', long = "output", value_enum, default_value = "yaml")]
        format: Format,
        /// Write one file per object into DIR/management/ and DIR/workload/ (numbered in apply order) instead of printing.
        #[arg(long)]
        out_dir: Option<PathBuf>,
        /// Which RBAC objects to include.
        #[arg(long, value_enum, default_value = "least-privilege")]
        rbac: Rbac,
    },
    /// Validate a cluster request and print its provisioning Workflow (or WorkflowTemplate, or the DAG as Mermaid).
    Workflow {
        #[command(flatten)]
        input: RequestInput,
        /// The output format.
        #[arg(short = 'o', long = "output", value_enum, default_value = "yaml")]
        format: Format,
        /// Print the WorkflowTemplate `aksflow-<name>` instead of a Workflow.
        #[arg(long, conflicts_with = "mermaid")]
        template: bool,
        /// Print the DAG as a Mermaid flowchart instead.
        #[arg(long)]
        mermaid: bool,
    },
    /// Validate a cluster request; every violation goes to standard error as `path: message [code]`.
    Validate {
        #[command(flatten)]
        input: RequestInput,
    },
    /// Print the design's flat Workflow parameters (the 12 keys) for a request, as JSON.
    Params {
        #[command(flatten)]
        input: RequestInput,
    },
    /// Print a JSON Schema (`cluster-request`, `node-pool-profiles`, or a kind such as `karpenter.sh/v1/NodePool`); without NAME, list them.
    Schema {
        /// The schema's name.
        name: Option<String>,
    },
    /// Print the node pool profiles (built-in, plus a profiles file's).
    Profiles {
        /// A profiles file adding to or overriding the built-in profiles.
        #[arg(long)]
        profiles: Option<PathBuf>,
    },
    /// Check manifests (multi-document YAML) against each kind's rules; `-` reads standard input.
    Check {
        /// The files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Migrate KRO instances: render each as the RGD would (offline), map it to a request, render
    /// the aksflow bundle and compare; exit 0 when every instance is equivalent, 1 otherwise.
    Migrate {
        /// The KRO ResourceGraphDefinition.
        #[arg(long)]
        rgd: PathBuf,
        /// The instances (one per file).
        #[arg(required = true)]
        instances: Vec<PathBuf>,
        /// A mapping file overriding the default field mapping.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// A profiles file adding to or overriding the built-in profiles.
        #[arg(long)]
        profiles: Option<PathBuf>,
        /// Write DIR/<instance>/{request.yaml, bundle.yaml, comparison.json, comparison.txt}.
        #[arg(long)]
        out_dir: Option<PathBuf>,
        /// Print the reports as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Compare two object sets (multi-document YAML) field by field, each difference classified as
    /// intended by the migration or unexpected; exit 0 when nothing is unexpected, 1 otherwise.
    Diff {
        /// The old objects (e.g. the KRO rendering).
        old: PathBuf,
        /// The new objects (e.g. the aksflow bundle).
        new: PathBuf,
        /// Print the comparison as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write the JSON Schema of the request, the profiles file and every kind into a folder (the repository's `schemas/`).
    Schemas {
        /// The folder to write into; created if missing.
        #[arg(long, default_value = "schemas")]
        out_dir: PathBuf,
    },
}

/// Why a command failed.
enum Failure {
    /// The input breaks rules (exit 1); every violation is printed.
    Invalid(ValidationError),
    /// Anything else (exit 2).
    Other(String),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        match error {
            Error::Validation(error) => Failure::Invalid(error),
            other => Failure::Other(other.to_string()),
        }
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Other(message)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(status) => status,
        Err(Failure::Invalid(error)) => {
            let mut stderr = std::io::stderr().lock();
            for violation in error.violations() {
                let _ = writeln!(stderr, "{violation}");
            }
            ExitCode::from(1)
        }
        Err(Failure::Other(message)) => {
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

fn load_profiles(path: Option<&Path>) -> Result<Profiles, Failure> {
    match path {
        None => Ok(Profiles::builtin()),
        Some(path) => Ok(aksflow::profiles::load_profiles(&read(path)?)?),
    }
}

fn plan(input: &RequestInput) -> Result<aksflow::plan::Plan, Failure> {
    let profiles = load_profiles(input.profiles.as_deref())?;
    let text = read(&input.file)?;
    Ok(aksflow::validate::validate_yaml(&text, &profiles)?)
}

fn print(text: &str) -> Result<ExitCode, Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .map_err(|e| format!("standard output: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

fn print_object(object: &Manifest, format: Format) -> Result<ExitCode, Failure> {
    match format {
        Format::Yaml => print(&aksflow::to_yaml(object)?),
        Format::Json => print(&(aksflow::to_json(object)? + "\n")),
    }
}

fn write_out_dir(bundle: &Bundle, dir: &Path, format: Format) -> Result<ExitCode, Failure> {
    let format = match format {
        Format::Yaml => FileFormat::Yaml,
        Format::Json => FileFormat::Json,
    };
    let mut written = String::new();
    for file in bundle.files(format)? {
        let path = dir.join(&file.path);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        }
        std::fs::write(&path, &file.contents).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push_str(&format!("{}\n", path.display()));
    }
    print(&written)
}

fn run(command: Command) -> Result<ExitCode, Failure> {
    match command {
        Command::Render {
            input,
            format,
            out_dir,
            rbac,
        } => {
            let plan = plan(&input)?;
            let mut options = RenderOptions::default();
            options.rbac = match rbac {
                Rbac::LeastPrivilege => RbacMode::LeastPrivilege,
                Rbac::Compatible => RbacMode::Compatible,
                Rbac::None => RbacMode::None,
            };
            let bundle = aksflow::render::render(&plan, &options)?;
            match (out_dir, format) {
                (Some(dir), format) => write_out_dir(&bundle, &dir, format),
                (None, Format::Yaml) => print(&bundle.to_yaml()?),
                (None, Format::Json) => print(&(bundle.to_json()? + "\n")),
            }
        }
        Command::Workflow {
            input,
            format,
            template,
            mermaid,
        } => {
            let plan = plan(&input)?;
            let bundle = aksflow::render::render(&plan, &RenderOptions::default())?;
            let options = WorkflowOptions::default();
            if template {
                let template = aksflow::render::render_workflow_template(&plan, &bundle, &options)?;
                return print_object(&Manifest::new(template), format);
            }
            let workflow = aksflow::render::render_workflow(&plan, &bundle, &options)?;
            if mermaid {
                return print(&aksflow::render::workflow::mermaid(&workflow.spec));
            }
            print_object(&Manifest::new(workflow), format)
        }
        Command::Validate { input } => {
            let plan = plan(&input)?;
            eprintln!(
                "valid: {} ({} in {})",
                plan.names.cluster, plan.node_pool_type, plan.location
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Params { input } => {
            let parameters = aksflow::render::generate_workflow_parameters(&plan(&input)?);
            print(&(aksflow::to_json(&parameters)? + "\n"))
        }
        Command::Schema { name: None } => {
            let names: String = aksflow::schema::all()
                .iter()
                .map(|f| {
                    format!(
                        "{}\n",
                        f.file_name
                            .trim_end_matches(".json")
                            .trim_end_matches(".schema")
                    )
                })
                .collect();
            print(&names)
        }
        Command::Schema { name: Some(name) } => match aksflow::schema::find(&name) {
            Some(file) => print(&file.json),
            None => Err(format!("no schema named {name:?}; `aksflow schema` lists them").into()),
        },
        Command::Profiles { profiles } => {
            print(&aksflow::to_yaml(&load_profiles(profiles.as_deref())?)?)
        }
        Command::Check { files } => check(&files),
        Command::Migrate {
            rgd,
            instances,
            mapping,
            profiles,
            out_dir,
            json,
        } => migrate::migrate(
            &rgd,
            &instances,
            mapping.as_deref(),
            profiles.as_deref(),
            out_dir.as_deref(),
            json,
        ),
        Command::Diff { old, new, json } => migrate::diff(&old, &new, json),
        Command::Schemas { out_dir } => {
            std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
            let mut written = String::new();
            for file in aksflow::schema::all() {
                let path = out_dir.join(&file.file_name);
                std::fs::write(&path, &file.json)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                written.push_str(&format!("{}\n", path.display()));
            }
            print(&written)
        }
    }
}

fn check(files: &[PathBuf]) -> Result<ExitCode, Failure> {
    let mut broken = 0usize;
    let mut report = String::new();
    for path in files {
        let text = read(path)?;
        let manifests =
            Manifest::from_yaml_stream(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        for manifest in &manifests {
            let name = manifest.metadata().name.as_deref().unwrap_or("<unnamed>");
            let what = format!("{} {}/{name}", manifest.api_version(), manifest.kind());
            match manifest.validate() {
                Ok(()) => report.push_str(&format!("ok      {what}\n")),
                Err(error) => {
                    broken += 1;
                    report.push_str(&format!("invalid {what}\n"));
                    for violation in error.violations() {
                        report.push_str(&format!("        {violation}\n"));
                    }
                }
            }
        }
    }
    print(&report)?;
    Ok(if broken == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

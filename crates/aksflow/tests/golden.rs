//! Golden cases (`tests/golden/<case>/` at the repository root), shared with the Node and Python
//! suites: `request.yaml` in (plus an optional `profiles.yaml` and `options.yaml`); out either
//! `expected.yaml` (the bundle, byte for byte), `expected-params.json` (the design's flat
//! parameters) and `expected-workflow.yaml` (the provisioning Workflow), or `expected-errors.json`
//! (the code and path of every violation).
//!
//! Regenerate with `AKSFLOW_UPDATE_GOLDEN=1 cargo test -p aksflow --test golden`, then review the diff
//! like code. Every bundle of a valid case is also checked against the CRDs, and so is its Workflow
//! (against the Argo CRD) with every manifest it embeds (ignored without them).

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aksflow::Error;
use aksflow::profiles::Profiles;
use aksflow::render::{RbacMode, RenderOptions, WorkflowOptions};
use libtest_mimic::{Arguments, Failed, Trial};
use serde::{Deserialize, Serialize};
use support::crd::Crds;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden")
}

fn updating() -> bool {
    std::env::var_os("AKSFLOW_UPDATE_GOLDEN").is_some()
}

/// `options.yaml`: how the case renders.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseOptions {
    #[serde(default)]
    rbac: Option<String>,
}

/// One expected violation.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct ExpectedViolation {
    path: String,
    code: String,
}

/// What a case produces.
enum Outcome {
    Rendered {
        yaml: String,
        params: String,
        /// The provisioning Workflow, as YAML.
        workflow: String,
        /// The same DAG as a WorkflowTemplate, as YAML.
        template: String,
        /// Every manifest the Workflow embeds (resource templates, kubectl heredocs).
        embedded: Vec<String>,
    },
    Rejected(Vec<ExpectedViolation>),
}

fn read(path: &Path) -> Result<String, Failed> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()).into())
}

fn run_case(dir: &Path) -> Result<Outcome, Failed> {
    let request = read(&dir.join("request.yaml"))?;
    let options: CaseOptions = match fs::read_to_string(dir.join("options.yaml")) {
        Ok(text) => serde_saphyr::from_str(&text).map_err(|e| format!("options.yaml: {e}"))?,
        Err(_) => CaseOptions::default(),
    };
    let rbac = match options.rbac.as_deref() {
        None => RbacMode::LeastPrivilege,
        Some(name) => RbacMode::from_name(name)
            .ok_or_else(|| format!("options.yaml: unknown rbac {name:?}"))?,
    };
    let rejected = |error: Error| -> Result<Outcome, Failed> {
        match error {
            Error::Validation(error) => Ok(Outcome::Rejected(
                error
                    .violations()
                    .iter()
                    .map(|v| ExpectedViolation {
                        path: v.path.to_string(),
                        code: v.code.as_str().to_owned(),
                    })
                    .collect(),
            )),
            other => Err(format!("neither a bundle nor violations: {other}").into()),
        }
    };
    let profiles = match fs::read_to_string(dir.join("profiles.yaml")) {
        Ok(text) => match aksflow::profiles::load_profiles(&text) {
            Ok(profiles) => profiles,
            Err(error) => return rejected(error),
        },
        Err(_) => Profiles::builtin(),
    };
    let plan = match aksflow::validate::validate_yaml(&request, &profiles) {
        Ok(plan) => plan,
        Err(error) => return rejected(error),
    };
    let mut render_options = RenderOptions::default();
    render_options.rbac = rbac;
    let bundle = aksflow::render::render(&plan, &render_options)
        .map_err(|e| format!("a valid request does not render: {e}"))?;
    let yaml = bundle.to_yaml().map_err(|e| e.to_string())?;
    let params =
        serde_json::to_string_pretty(&aksflow::render::generate_workflow_parameters(&plan))
            .map_err(|e| e.to_string())?
            + "\n";
    let workflow = aksflow::render::render_workflow(&plan, &bundle, &WorkflowOptions::default())
        .map_err(|e| format!("a valid request renders no Workflow: {e}"))?;
    let embedded = aksflow::render::workflow::embedded_manifests(&workflow.spec)
        .into_iter()
        .map(|m| m.text)
        .collect();
    let workflow = aksflow::to_yaml(&workflow).map_err(|e| e.to_string())?;
    let template =
        aksflow::render::render_workflow_template(&plan, &bundle, &WorkflowOptions::default())
            .map_err(|e| format!("a valid request renders no WorkflowTemplate: {e}"))?;
    let template = aksflow::to_yaml(&template).map_err(|e| e.to_string())?;
    Ok(Outcome::Rendered {
        yaml,
        params,
        workflow,
        template,
        embedded,
    })
}

/// Compares `actual` with the file, or writes it when updating.
fn expect_file(path: &Path, actual: &str) -> Result<(), Failed> {
    if updating() {
        fs::write(path, actual).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(());
    }
    let expected = read(path)?;
    if expected == actual {
        return Ok(());
    }
    // The first differing line, or the first line past the shorter text.
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()))
        + 1;
    Err(format!(
        "{} differs from the output at line {line} (rerun with AKSFLOW_UPDATE_GOLDEN=1 and review the diff):\n--- expected\n{}\n--- actual\n{}",
        path.display(),
        expected.lines().nth(line - 1).unwrap_or("<end>"),
        actual.lines().nth(line - 1).unwrap_or("<end>"),
    )
    .into())
}

fn remove_if_updating(path: &Path) -> Result<(), Failed> {
    if updating() && path.exists() {
        fs::remove_file(path).map_err(|e| format!("{}: {e}", path.display()))?;
    } else if path.exists() {
        return Err(format!("{} is left over from an earlier outcome", path.display()).into());
    }
    Ok(())
}

fn check_case(dir: &Path, outcome: &Outcome) -> Result<(), Failed> {
    match outcome {
        Outcome::Rendered {
            yaml,
            params,
            workflow,
            ..
        } => {
            remove_if_updating(&dir.join("expected-errors.json"))?;
            expect_file(&dir.join("expected.yaml"), yaml)?;
            expect_file(&dir.join("expected-params.json"), params)?;
            expect_file(&dir.join("expected-workflow.yaml"), workflow)
        }
        Outcome::Rejected(violations) => {
            remove_if_updating(&dir.join("expected.yaml"))?;
            remove_if_updating(&dir.join("expected-params.json"))?;
            remove_if_updating(&dir.join("expected-workflow.yaml"))?;
            let json = serde_json::to_string_pretty(violations).map_err(|e| e.to_string())? + "\n";
            expect_file(&dir.join("expected-errors.json"), &json)
        }
    }
}

/// Checks every document of a YAML stream against its CRD; what is checked is what is emitted.
fn conformance_failures(crds: &Crds, yaml: &str) -> Result<(), Failed> {
    let documents = aksflow::output::yaml_documents(yaml).map_err(|e| e.to_string())?;
    let mut failures = Vec::new();
    for document in &documents {
        // Built-in kinds (ServiceAccount, RBAC) have no CRD: the API server's own schema is
        // k8s-openapi's, and the kinds' rules were checked when rendering.
        let api_version = document["apiVersion"].as_str().unwrap_or_default();
        if api_version == "v1" || api_version.starts_with("rbac.authorization.k8s.io/") {
            continue;
        }
        // A KRO instance (the legacy path) has no CRD here: KRO generates it from the previous
        // composition's RGD. Render it offline with that RGD; what KRO would create must conform.
        if api_version.starts_with("kro.run/") {
            match kro_objects(document) {
                Ok(objects) => {
                    for object in &objects {
                        for failure in crds.check(object) {
                            failures.push(format!(
                                "{} {} (created by KRO): {failure}",
                                object["kind"], object["metadata"]["name"]
                            ));
                        }
                    }
                }
                Err(error) => failures.push(format!("KRO instance: {error}")),
            }
            continue;
        }
        for failure in crds.check(document) {
            failures.push(format!(
                "{} {}: {failure}",
                document["kind"], document["metadata"]["name"]
            ));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n").into())
    }
}

/// What KRO would create for an instance of `examples/kro/rgd.yaml`.
fn kro_objects(instance: &serde_json::Value) -> Result<Vec<serde_json::Value>, String> {
    let path = golden_dir().join("../../examples/kro/rgd.yaml");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let rgd = aksflow::migrate::Rgd::from_yaml(&text).map_err(|e| e.to_string())?;
    let render = aksflow::migrate::render_instance(&rgd, instance).map_err(|e| e.to_string())?;
    Ok(render.objects())
}

/// The Workflow against the Argo CRD, and every manifest it embeds against its own CRD.
fn workflow_conformance(crds: &Crds, workflow: &str, embedded: &[String]) -> Result<(), Failed> {
    if embedded.is_empty() {
        return Err("the Workflow embeds no manifest".into());
    }
    let mut failures = Vec::new();
    for (i, manifest) in embedded.iter().enumerate() {
        if manifest.contains("{{") {
            failures.push(format!("embedded manifest {i} holds Argo syntax '{{{{'"));
        }
        if let Err(error) = conformance_failures(crds, manifest) {
            failures.push(format!(
                "embedded manifest {i}: {}",
                error.message().unwrap_or("failed")
            ));
        }
    }
    if let Err(error) = conformance_failures(crds, workflow) {
        failures.push(format!(
            "the Workflow: {}",
            error.message().unwrap_or("failed")
        ));
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n").into())
    }
}

fn main() {
    let arguments = Arguments::from_args();
    let crds: Option<Arc<Crds>> = match Crds::load() {
        Ok(crds) => crds.map(Arc::new),
        Err(error) => panic!("the CRDs in {} do not load: {error}", Crds::dir().display()),
    };
    if crds.is_none() {
        eprintln!(
            "\n*** SKIPPED: CRD directory {} not found (set AKSFLOW_CRD_DIR): golden bundles are NOT checked against the CRDs ***\n",
            Crds::dir().display()
        );
    }
    let mut cases: Vec<PathBuf> = fs::read_dir(golden_dir())
        .unwrap_or_else(|e| panic!("{}: {e}", golden_dir().display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("request.yaml").is_file())
        .collect();
    cases.sort();
    let mut trials = Vec::new();
    let count = cases.len();
    trials.push(Trial::test("golden::at_least_25_cases", move || {
        if count >= 25 {
            Ok(())
        } else {
            Err(format!("only {count} golden cases").into())
        }
    }));
    for dir in cases {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let outcome = Arc::new(run_case(&dir));
        let expected_valid = !name.starts_with("invalid-");
        {
            let outcome = Arc::clone(&outcome);
            let dir = dir.clone();
            trials.push(Trial::test(format!("golden::{name}"), move || {
                let outcome = outcome.as_ref().as_ref().map_err(|e| Failed::from(e.message().unwrap_or("failed")))?;
                let rendered = matches!(outcome, Outcome::Rendered { .. });
                if rendered != expected_valid {
                    return Err(format!("cases named invalid-* must be rejected, the others must render (rendered: {rendered})").into());
                }
                check_case(&dir, outcome)
            }));
        }
        if expected_valid {
            let crds = crds.clone();
            let ignored = crds.is_none();
            let outcome = Arc::clone(&outcome);
            trials.push(
                Trial::test(format!("conforms::{name}"), move || {
                    let Some(crds) = crds else { return Ok(()) };
                    let Ok(Outcome::Rendered { yaml, .. }) = outcome.as_ref() else {
                        return Err("the case did not render".into());
                    };
                    conformance_failures(&crds, yaml)
                })
                .with_ignored_flag(ignored),
            );
        }
        if expected_valid {
            let crds = crds.clone();
            let ignored = crds.is_none();
            trials.push(
                Trial::test(format!("workflow-conforms::{name}"), move || {
                    let Some(crds) = crds else { return Ok(()) };
                    let Ok(Outcome::Rendered {
                        workflow,
                        template,
                        embedded,
                        ..
                    }) = outcome.as_ref()
                    else {
                        return Err("the case did not render".into());
                    };
                    workflow_conformance(&crds, workflow, embedded)?;
                    conformance_failures(&crds, template)
                })
                .with_ignored_flag(ignored),
            );
        }
    }
    // The bundled example requests render bundles that conform too (the README's main command).
    let examples = golden_dir().join("../../examples/requests");
    let mut requests: Vec<PathBuf> = fs::read_dir(&examples)
        .unwrap_or_else(|e| panic!("{}: {e}", examples.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|x| x == "yaml"))
        .collect();
    requests.sort();
    for path in requests {
        let name = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let crds = crds.clone();
        let ignored = crds.is_none();
        trials.push(
            Trial::test(format!("example::{name}"), move || {
                let text = read(&path)?;
                match aksflow::validate::validate_yaml(&text, &Profiles::builtin()) {
                    Err(Error::Validation(_)) if name.contains("mistakes") => Ok(()),
                    Err(error) => Err(format!("{name}: {error}").into()),
                    Ok(_) if name.contains("mistakes") => {
                        Err("the request with mistakes validates".into())
                    }
                    Ok(plan) => {
                        let bundle = aksflow::render::render(&plan, &RenderOptions::default())
                            .map_err(|e| e.to_string())?;
                        let Some(crds) = crds else { return Ok(()) };
                        let yaml = bundle.to_yaml().map_err(|e| e.to_string())?;
                        conformance_failures(&crds, &yaml)
                    }
                }
            })
            .with_ignored_flag(ignored),
        );
    }
    libtest_mimic::run(&arguments, trials).exit();
}

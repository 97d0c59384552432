//! Conformance: every kind × every supported version × representative options, rendered by the
//! typed model, written as YAML, read back and checked against the upstream CRDs in
//! `AKSFLOW_CRD_DIR` (default `../shared/crds`): OpenAPI schema, no pruned fields, CEL rules on
//! create. Negative cases prove the harness rejects what the API server would.
//!
//! One trial per object (libtest-mimic), so a failure names the object; without the CRD folder the
//! CRD trials are reported as *ignored*, never as passed.

mod support;

/// The cases, one file per area, in `tests/conformance/`.
mod conformance {
    pub mod aks_node_class;
    pub mod argo;
    pub mod aso;
    pub mod managed_cluster;
    pub mod node_pool;
}

use std::collections::BTreeSet;
use std::sync::Arc;

use aksflow::Kind;
use conformance::{aks_node_class, argo, aso, managed_cluster, node_pool};
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;
use support::crd::Crds;

/// An object the model rendered, which must conform.
pub struct Case {
    /// What the case shows, e.g. `NodePool v1 with budgets`.
    pub label: String,
    /// The object as a YAML reader sees aksflow's output.
    pub object: Value,
}

/// An object that must *not* conform, and a fragment of the failure the harness must report.
pub struct NegativeCase {
    /// What the case shows.
    pub label: &'static str,
    /// The object.
    pub object: Value,
    /// A fragment expected in one of the harness's failure messages (e.g. the pruned field's name).
    pub expect: &'static str,
}

/// Renders `object` to YAML the way aksflow emits it and reads it back, after checking that the
/// model's own validation accepts it and that YAML → struct → YAML round-trips.
pub fn case<K: Kind>(label: impl Into<String>, object: &K) -> Case {
    let label = label.into();
    if let Err(error) = object.validate() {
        panic!("{label}: the model rejects its own object: {error}");
    }
    let yaml = aksflow::to_yaml(object).unwrap_or_else(|e| panic!("{label}: {e}"));
    let back: K = aksflow::from_yaml(&yaml)
        .unwrap_or_else(|e| panic!("{label}: does not read back: {e}\n{yaml}"));
    assert_eq!(&back, object, "{label}: YAML round trip changed the object");
    assert_eq!(
        aksflow::to_yaml(&back).ok().as_deref(),
        Some(yaml.as_str()),
        "{label}: YAML → struct → YAML differs"
    );
    let object: Value = serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{label}: {e}"));
    Case { label, object }
}

/// Every (apiVersion, kind) the model supports; each must appear in the matrix.
const SUPPORTED: &[(&str, &str)] = &[
    ("resources.azure.com/v1api20200601", "ResourceGroup"),
    (
        "managedidentity.azure.com/v1api20230131",
        "UserAssignedIdentity",
    ),
    ("containerservice.azure.com/v1api20250801", "ManagedCluster"),
    (
        "containerservice.azure.com/v1api20240402preview",
        "ManagedCluster",
    ),
    (
        "kubernetesconfiguration.azure.com/v1api20241101",
        "Extension",
    ),
    (
        "kubernetesconfiguration.azure.com/v1api20241101",
        "FluxConfiguration",
    ),
    ("karpenter.azure.com/v1beta1", "AKSNodeClass"),
    ("karpenter.azure.com/v1alpha2", "AKSNodeClass"),
    ("karpenter.sh/v1", "NodePool"),
    ("karpenter.sh/v1beta1", "NodePool"),
    ("argoproj.io/v1alpha1", "Workflow"),
    ("argoproj.io/v1alpha1", "WorkflowTemplate"),
];

/// The least number of objects the matrix must hold.
const MINIMUM_OBJECTS: usize = 60;

fn all_cases() -> Vec<Case> {
    [
        aso::cases(),
        managed_cluster::cases(),
        aks_node_class::cases(),
        node_pool::cases(),
        argo::cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn all_negative_cases() -> Vec<NegativeCase> {
    [
        aso::negative_cases(),
        managed_cluster::negative_cases(),
        aks_node_class::negative_cases(),
        node_pool::negative_cases(),
        argo::negative_cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn type_of(object: &Value) -> (String, String) {
    let field = |name: &str| object[name].as_str().unwrap_or_default().to_owned();
    (field("apiVersion"), field("kind"))
}

fn matrix_covers_every_kind_and_version(cases: &[Case]) -> Result<(), Failed> {
    if cases.len() < MINIMUM_OBJECTS {
        return Err(format!(
            "only {} objects in the matrix, at least {MINIMUM_OBJECTS} wanted",
            cases.len()
        )
        .into());
    }
    let covered: BTreeSet<(String, String)> = cases.iter().map(|c| type_of(&c.object)).collect();
    let missing: Vec<String> = SUPPORTED
        .iter()
        .filter(|(v, k)| !covered.contains(&((*v).to_owned(), (*k).to_owned())))
        .map(|(v, k)| format!("{v} {k}"))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("no case for {}", missing.join(", ")).into())
    }
}

fn main() {
    let arguments = Arguments::from_args();
    let crds: Option<Arc<Crds>> = match Crds::load() {
        Ok(Some(crds)) => Some(Arc::new(crds)),
        Ok(None) => {
            eprintln!(
                "\n*** SKIPPED: CRD directory {} not found (set AKSFLOW_CRD_DIR): no object is checked against the CRDs ***\n",
                Crds::dir().display()
            );
            None
        }
        Err(error) => panic!("the CRDs in {} do not load: {error}", Crds::dir().display()),
    };
    let cases = all_cases();
    let ignored = crds.is_none();
    let coverage =
        matrix_covers_every_kind_and_version(&cases).map_err(|e| e.message().map(str::to_owned));
    let mut trials = vec![Trial::test(
        "matrix::covers_every_kind_and_version",
        move || coverage.map_err(|message| message.unwrap_or_default().into()),
    )];
    for case in cases {
        let crds = crds.clone();
        let (api_version, kind) = type_of(&case.object);
        let name = format!("conforms::{kind}::{api_version}::{}", case.label);
        trials.push(
            Trial::test(name, move || {
                let Some(crds) = crds else { return Ok(()) };
                let failures = crds.check(&case.object);
                if failures.is_empty() {
                    Ok(())
                } else {
                    Err(format!("{} failures:\n  {}", failures.len(), failures.join("\n  ")).into())
                }
            })
            .with_ignored_flag(ignored),
        );
    }
    for case in all_negative_cases() {
        let crds = crds.clone();
        let name = format!("rejects::{}", case.label);
        trials.push(
            Trial::test(name, move || {
                let Some(crds) = crds else { return Ok(()) };
                let failures = crds.check(&case.object);
                if failures.is_empty() {
                    return Err("accepted, but the API server would reject it".into());
                }
                if failures.iter().any(|f| f.contains(case.expect)) {
                    Ok(())
                } else {
                    Err(format!(
                        "rejected, but not for {:?}:\n  {}",
                        case.expect,
                        failures.join("\n  ")
                    )
                    .into())
                }
            })
            .with_ignored_flag(ignored),
        );
    }
    libtest_mimic::run(&arguments, trials).exit();
}

//! Conformance: every kind × every supported version × representative options, rendered by the
//! typed model, written as YAML, read back and checked against the upstream CRDs in
//! `AKSFLOW_CRD_DIR` (default `../shared/crds`): OpenAPI schema, no pruned fields, CEL rules on
//! create. Negative cases prove the harness rejects what the API server would.

#[path = "support/mod.rs"]
mod support;

mod aks_node_class;
mod argo;
mod aso;
mod managed_cluster;
mod node_pool;

use std::collections::BTreeSet;

use aksflow::Kind;
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
    let back: K = aksflow::from_yaml(&yaml).unwrap_or_else(|e| panic!("{label}: does not read back: {e}\n{yaml}"));
    assert_eq!(&back, object, "{label}: YAML round trip changed the object");
    let object: Value = serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{label}: {e}"));
    Case { label, object }
}

/// Every (apiVersion, kind) the model supports; each must appear in the matrix.
const SUPPORTED: &[(&str, &str)] = &[
    ("resources.azure.com/v1api20200601", "ResourceGroup"),
    ("managedidentity.azure.com/v1api20230131", "UserAssignedIdentity"),
    ("containerservice.azure.com/v1api20250801", "ManagedCluster"),
    ("containerservice.azure.com/v1api20240402preview", "ManagedCluster"),
    ("kubernetesconfiguration.azure.com/v1api20241101", "Extension"),
    ("kubernetesconfiguration.azure.com/v1api20241101", "FluxConfiguration"),
    ("karpenter.azure.com/v1beta1", "AKSNodeClass"),
    ("karpenter.azure.com/v1alpha2", "AKSNodeClass"),
    ("karpenter.sh/v1", "NodePool"),
    ("karpenter.sh/v1beta1", "NodePool"),
    ("argoproj.io/v1alpha1", "Workflow"),
    ("argoproj.io/v1alpha1", "WorkflowTemplate"),
];

fn all_cases() -> Vec<Case> {
    [aso::cases(), managed_cluster::cases(), aks_node_class::cases(), node_pool::cases(), argo::cases()]
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

fn crds() -> Option<&'static Crds> {
    static CRDS: std::sync::OnceLock<Option<Crds>> = std::sync::OnceLock::new();
    let crds = CRDS
        .get_or_init(|| Crds::load().unwrap_or_else(|e| panic!("cannot load the CRDs: {e}")))
        .as_ref();
    if crds.is_none() {
        eprintln!(
            "\n*** SKIPPED: CRD directory {} not found (set AKSFLOW_CRD_DIR): conformance NOT checked ***\n",
            Crds::dir().display()
        );
    }
    crds
}

#[test]
fn the_matrix_covers_every_kind_and_version() {
    let cases = all_cases();
    assert!(cases.len() >= 60, "only {} objects in the conformance matrix", cases.len());
    let covered: BTreeSet<(String, String)> = cases
        .iter()
        .map(|c| (c.object["apiVersion"].as_str().unwrap_or_default().to_owned(), c.object["kind"].as_str().unwrap_or_default().to_owned()))
        .collect();
    for (api_version, kind) in SUPPORTED {
        assert!(covered.contains(&((*api_version).to_owned(), (*kind).to_owned())), "no case for {api_version} {kind}");
    }
}

#[test]
fn every_rendered_object_conforms_to_its_crd() {
    let Some(crds) = crds() else { return };
    let cases = all_cases();
    let mut failures = Vec::new();
    for case in &cases {
        for failure in crds.check(&case.object) {
            failures.push(format!("{}: {failure}", case.label));
        }
    }
    assert!(failures.is_empty(), "{} failures in {} objects:\n{}", failures.len(), cases.len(), failures.join("\n"));
    eprintln!("conformance: {} objects checked against {}, 0 failures", cases.len(), Crds::dir().display());
}

#[test]
fn every_negative_case_is_rejected() {
    let Some(crds) = crds() else { return };
    for case in all_negative_cases() {
        let failures = crds.check(&case.object);
        assert!(!failures.is_empty(), "{}: accepted, but the API server would reject it", case.label);
        assert!(
            failures.iter().any(|f| f.contains(case.expect)),
            "{}: rejected, but not for {:?}: {failures:#?}",
            case.label,
            case.expect
        );
    }
}

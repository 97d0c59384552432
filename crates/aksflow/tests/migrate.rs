//! The KRO migration on `examples/kro/`: every instance migrates, the clean ones are equivalent,
//! `legacy-private` is not (and says why), the KRO renderings and the new bundles conform to the
//! CRDs, and the reports match the golden files in `examples/kro/expected/`
//! (`AKSFLOW_UPDATE_GOLDEN=1` rewrites them; review the diff).

mod support;

use std::fs;
use std::path::PathBuf;

use aksflow::migrate::{Mapping, MigrateError, Migration, Rgd, Verdict, migrate_yaml};
use aksflow::profiles::Profiles;
use aksflow::render::RenderOptions;

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/kro")
}

fn rgd() -> Rgd {
    let text = fs::read_to_string(examples().join("rgd.yaml")).unwrap();
    Rgd::from_yaml(&text).unwrap()
}

fn instance(name: &str) -> String {
    fs::read_to_string(examples().join("instances").join(format!("{name}.yaml"))).unwrap()
}

fn migrate(name: &str, mapping: Option<&str>) -> Result<Migration, MigrateError> {
    migrate_yaml(
        &rgd(),
        &instance(name),
        mapping,
        &Profiles::builtin(),
        &RenderOptions::default(),
    )
}

const CLEAN: &[&str] = &[
    "analytics-staging",
    "batch-jobs",
    "payments-prod",
    "web-dev",
];

#[test]
fn the_examples_are_complete() {
    let mut names: Vec<String> = fs::read_dir(examples().join("instances"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let mut expected: Vec<&str> = CLEAN.to_vec();
    expected.push("legacy-private");
    expected.sort();
    assert_eq!(names, expected, "every instance is covered by these tests");
}

#[test]
fn clean_instances_are_equivalent() {
    for name in CLEAN {
        let migration = migrate(name, None).unwrap();
        assert!(migration.equivalent(), "{name}:\n{}", migration.report());
        assert_eq!(migration.plan.request.cluster_name, *name);
    }
}

#[test]
fn defaults_omitted_are_applied_before_mapping() {
    let m = migrate("web-dev", None).unwrap();
    let request = &m.plan.request;
    assert_eq!(request.location, "eastus", "SimpleSchema default");
    assert_eq!(request.kubernetes_version, "1.32", "SimpleSchema default");
    assert_eq!(
        request.node_pool_type, "standard",
        "Standard_DS2_v2 (default) is the standard profile"
    );
    let kro_cluster = &m.kro.resources[2].object;
    assert_eq!(
        kro_cluster["spec"]["agentPoolProfiles"][0]["count"], 3,
        "nested default"
    );
    let unmapped: Vec<&str> = m
        .extraction
        .unmapped
        .iter()
        .map(|u| u.path.as_str())
        .collect();
    assert_eq!(
        unmapped,
        [
            "spec.network.plugin",
            "spec.network.privateCluster",
            "spec.nodePool.nodeCount"
        ]
    );
}

#[test]
fn vm_sizes_map_to_profiles_by_sku_family() {
    let types: Vec<String> = [
        "payments-prod",
        "batch-jobs",
        "analytics-staging",
        "legacy-private",
    ]
    .iter()
    .map(|n| migrate(n, None).unwrap().plan.request.node_pool_type)
    .collect();
    assert_eq!(
        types,
        [
            "memory-optimized",
            "compute-optimized",
            "memory-optimized",
            "standard"
        ]
    );
}

#[test]
fn the_unmigratable_instance_fails_with_a_clear_report() {
    let m = migrate("legacy-private", None).unwrap();
    assert!(!m.equivalent());
    assert_eq!(
        m.comparison.unexpected(),
        [
            "ManagedCluster legacy-private: spec.apiServerAccessProfile.enablePrivateCluster",
            "ManagedCluster legacy-private: spec.networkProfile.networkPlugin",
        ]
    );
    let text = m.report().to_string();
    assert!(
        text.contains("UNEXPECTED spec.networkProfile.networkPlugin: \"kubenet\" -> \"azure\""),
        "{text}"
    );
    assert!(
        text.contains("NOT equivalent: 2 unexpected difference(s)"),
        "{text}"
    );
}

#[test]
fn a_mapping_file_overrides_the_default() {
    // Map the VM size to nothing and set the profile outright; turn NAP off.
    let mapping = "fields:\n  spec.nodePool.vmSize: ignore\nset:\n  nodePoolType: compute-optimized\n  enableNAP: false\n";
    let m = migrate("web-dev", Some(mapping)).unwrap();
    assert_eq!(m.plan.request.node_pool_type, "compute-optimized");
    assert!(!m.plan.request.enable_nap);
    assert!(
        m.extraction
            .unmapped
            .iter()
            .any(|u| u.path == "spec.nodePool.vmSize" && u.reason.contains("ignored"))
    );
    // Without NAP, the autoscaled user pool replaces the fixed pool: still equivalent.
    assert!(m.equivalent(), "{}", m.report());
    let userpool = m.comparison.pairs[2]
        .differences
        .iter()
        .find(|d| d.path == "spec.agentPoolProfiles[name=userpool]")
        .expect("the user pool is added");
    assert!(matches!(&userpool.verdict, Verdict::Intended(r) if r.contains("autoscaled")));

    let bad = Mapping::from_yaml("fields:\n  nodePool.vmSize: nodePoolType\n").unwrap_err();
    assert_eq!(
        (bad.code(), bad.path().as_str()),
        ("mapping", "fields.nodePool.vmSize")
    );
    let bad = Mapping::from_yaml("fields:\n  spec.a: \"not a path!\"\n").unwrap_err();
    assert_eq!(bad.code(), "mapping");
}

#[test]
fn an_unknown_vm_size_or_an_invalid_request_is_an_error_with_a_path() {
    let text = instance("web-dev").replace(
        "clusterName: web-dev",
        "clusterName: web-dev\n  nodePool:\n    vmSize: Standard_NC6s_v3",
    );
    let err = migrate_yaml(
        &rgd(),
        &text,
        None,
        &Profiles::builtin(),
        &RenderOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        (err.code(), err.path().as_str()),
        ("mapping", "spec.nodePool.vmSize")
    );
    let text = instance("web-dev").replace(
        "clusterName: web-dev",
        "clusterName: web-dev\n  location: atlantis",
    );
    let err = migrate_yaml(
        &rgd(),
        &text,
        None,
        &Profiles::builtin(),
        &RenderOptions::default(),
    )
    .unwrap_err();
    assert_eq!((err.code(), err.path().as_str()), ("request", "location"));
}

#[test]
fn kro_renderings_and_migrated_bundles_conform() {
    let Some(crds) = support::crds() else { return };
    for name in CLEAN.iter().chain(&["legacy-private"]) {
        let m = migrate(name, None).unwrap();
        for object in m.kro.objects() {
            support::assert_conforms(crds, &object);
        }
        let yaml = m.bundle.to_yaml().unwrap();
        for document in aksflow::output::yaml_documents(&yaml).unwrap() {
            let api_version = document["apiVersion"].as_str().unwrap_or_default();
            if api_version == "v1" || api_version.starts_with("rbac.authorization.k8s.io/") {
                continue;
            }
            support::assert_conforms(crds, &document);
        }
    }
}

#[test]
fn reports_match_the_golden_files() {
    let dir = examples().join("expected");
    let updating = std::env::var_os("AKSFLOW_UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for name in CLEAN.iter().chain(&["legacy-private"]) {
        let m = migrate(name, None).unwrap();
        let report = m.report();
        let files = [
            (format!("{name}.txt"), report.to_string()),
            (
                format!("{name}.json"),
                aksflow::to_json(&report).unwrap() + "\n",
            ),
            (
                format!("{name}.request.yaml"),
                aksflow::to_yaml(&report.request).unwrap(),
            ),
        ];
        for (file, actual) in files {
            let path = dir.join(&file);
            if updating {
                fs::create_dir_all(&dir).unwrap();
                fs::write(&path, &actual).unwrap();
            } else if fs::read_to_string(&path).ok().as_deref() != Some(actual.as_str()) {
                failures.push(file);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "differ from the output (rerun with AKSFLOW_UPDATE_GOLDEN=1 and review): {failures:?}"
    );
}

#[test]
fn diff_compares_any_two_object_sets() {
    let m = migrate("legacy-private", None).unwrap();
    let old = aksflow::to_yaml_stream(&m.kro.objects()).unwrap();
    let new = m.bundle.to_yaml().unwrap();
    let comparison = aksflow::migrate::diff_yaml(&old, &new).unwrap();
    assert_eq!(
        comparison, m.comparison,
        "the same comparison from the YAML streams"
    );
    let same = aksflow::migrate::diff_yaml(&old, &old).unwrap();
    assert!(same.equivalent && same.pairs.iter().all(|p| p.differences.is_empty()));
    // An object only the old set has is unexpected.
    let fewer = aksflow::to_yaml_stream(&m.kro.objects()[..2]).unwrap();
    let dropped = aksflow::migrate::diff_yaml(&old, &fewer).unwrap();
    assert_eq!(
        dropped.unexpected(),
        ["ManagedCluster legacy-private (containerservice.azure.com/v1api20240402preview)"]
    );
}

#[test]
fn the_legacy_paths_instance_migrates_back_to_the_same_request() {
    let request = "clusterName: round-trip\nlocation: westeurope\nnodePoolType: compute-optimized\nkubernetesVersion: \"1.32\"\nprovisioningPath: kro\nidentity:\n  type: UserAssigned\n";
    let plan = aksflow::validate::validate_yaml(request, &Profiles::builtin()).unwrap();
    let instance = aksflow::render::workflow::kro_instance(&plan);
    let m = aksflow::migrate::migrate(
        &rgd(),
        &instance,
        &Mapping::default(),
        &Profiles::builtin(),
        &RenderOptions::default(),
    )
    .unwrap();
    let mut back = m.plan.request.clone();
    back.provisioning_path = plan.request.provisioning_path;
    // The instance names the ASO namespace explicitly; the request left it to its default.
    assert_eq!(back.namespace.take().as_deref(), Some("azure-system"));
    assert_eq!(
        back, plan.request,
        "kro instance -> request is the inverse of request -> kro instance"
    );
    assert!(m.equivalent(), "{}", m.report());
}

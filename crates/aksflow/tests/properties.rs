//! Property tests over generated requests (proptest, a bounded number of cases so the normal test
//! run stays fast; raise with `PROPTEST_CASES=N`).
//!
//! - Valid requests (built from the built-in profiles, regions and supported versions) validate,
//!   and their bundle and Workflow pass the CRD conformance harness (skipped loudly without the
//!   CRDs), render to the same bytes twice, and read back (`Manifest::from_yaml_stream`) to the
//!   same bundle.
//! - Mutated requests (arbitrary Unicode, long and empty strings, numbers, booleans, lists and
//!   `null` where strings belong, unknown keys, removed fields) never panic; every violation's path
//!   points at a field present in the request (its parent for `required`); and whatever still
//!   validates satisfies the properties above.

mod support;

use aksflow::profiles::Profiles;
use aksflow::render::{RenderOptions, WorkflowOptions};
use aksflow::{Code, Manifest, PathSegment};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};
use serde_json::{Map, Value, json};

const SUBNET: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aks";
const WORKSPACE: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/logs-prod";

/// The case count: small by default (the conformance check evaluates CEL), `PROPTEST_CASES` wins.
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        // No persistence file next to the sources: a failure prints its minimal input.
        failure_persistence: None,
        ..Config::default()
    }
}

fn pick<T: Clone + std::fmt::Debug + 'static>(items: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(items)
}

/// A request that must validate.
fn valid_request() -> impl Strategy<Value = Value> {
    let names = "[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,8}){0,2}";
    let profiles = pick(&["standard", "memory-optimized", "compute-optimized"]);
    let versions =
        (29u32..=34, proptest::option::of(0u32..20)).prop_map(|(minor, patch)| match patch {
            Some(p) => format!("1.{minor}.{p}"),
            None => format!("1.{minor}"),
        });
    let tags = proptest::option::of(proptest::collection::btree_map(
        "[a-z][a-z0-9_-]{0,10}",
        "[A-Za-z0-9 ._-]{0,20}",
        0..4,
    ));
    let gitops = proptest::option::of((
        pick(&[
            "https://github.com/contoso/fleet",
            "ssh://git@github.com/contoso/fleet.git",
            "git@github.com:contoso/fleet.git",
        ]),
        proptest::option::of("[a-z][a-z0-9-]{0,10}"),
        proptest::option::of("\\./clusters/[a-z]{1,10}"),
    ));
    let addons = proptest::option::of((any::<bool>(), any::<bool>(), any::<bool>()));
    let api_versions = proptest::option::of((
        proptest::option::of(pick(&["v1api20250801", "v1api20240402preview"])),
        proptest::option::of(pick(&["v1", "v1beta1"])),
        proptest::option::of(pick(&["v1beta1", "v1alpha2"])),
    ));
    (
        (
            names,
            pick(aksflow::azure::PHYSICAL_REGIONS),
            profiles,
            versions,
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            proptest::option::of("[a-z][a-z0-9-]{0,10}[a-z0-9]"),
            proptest::option::of(pick(&[
                "Standard_B2s",
                "Standard_D4s_v5",
                "Standard_E8s_v3",
            ])),
        ),
        (
            proptest::option::of(pick(&["SystemAssigned", "UserAssigned"])),
            any::<bool>(),
            tags,
            gitops,
            addons,
            api_versions,
        ),
    )
        .prop_map(
            |(
                (name, location, profile, version, nap, dry_run, namespace, system_vm),
                (identity, subnet, tags, gitops, addons, api_versions),
            )| {
                let mut doc = Map::new();
                doc.insert("clusterName".into(), json!(name));
                doc.insert("location".into(), json!(location));
                doc.insert("nodePoolType".into(), json!(profile));
                doc.insert("kubernetesVersion".into(), json!(version));
                if let Some(nap) = nap {
                    doc.insert("enableNAP".into(), json!(nap));
                }
                if let Some(dry_run) = dry_run {
                    doc.insert("dryRun".into(), json!(dry_run));
                }
                if let Some(namespace) = namespace {
                    doc.insert("namespace".into(), json!(namespace));
                }
                if let Some(size) = system_vm {
                    doc.insert("systemVmSize".into(), json!(size));
                }
                if let Some(identity) = identity {
                    doc.insert("identity".into(), json!({ "type": identity }));
                }
                if subnet {
                    doc.insert("vnetSubnetId".into(), json!(SUBNET));
                }
                if let Some(tags) = tags {
                    doc.insert("tags".into(), json!(tags));
                }
                if let Some((url, branch, path)) = gitops {
                    let mut g = Map::new();
                    g.insert("url".into(), json!(url));
                    if let Some(branch) = branch {
                        g.insert("branch".into(), json!(branch));
                    }
                    if let Some(path) = path {
                        g.insert("path".into(), json!(path));
                    }
                    doc.insert("gitops".into(), Value::Object(g));
                }
                if let Some((monitoring, key_vault, policy)) = addons {
                    let mut a = Map::new();
                    a.insert("monitoring".into(), json!(monitoring));
                    if monitoring {
                        a.insert("logAnalyticsWorkspaceResourceId".into(), json!(WORKSPACE));
                    }
                    a.insert("keyVaultSecretsProvider".into(), json!(key_vault));
                    a.insert("azurePolicy".into(), json!(policy));
                    doc.insert("addons".into(), Value::Object(a));
                }
                if let Some((mc, np, nc)) = api_versions {
                    let mut v = Map::new();
                    if let Some(mc) = mc {
                        v.insert("managedCluster".into(), json!(mc));
                    }
                    if let Some(np) = np {
                        v.insert("nodePool".into(), json!(np));
                    }
                    if let Some(nc) = nc {
                        v.insert("aksNodeClass".into(), json!(nc));
                    }
                    doc.insert("apiVersions".into(), Value::Object(v));
                }
                Value::Object(doc)
            },
        )
}

/// Hostile text: template syntax, YAML syntax, line breaks, bidi and control characters, look-alikes.
const HOSTILE: &[&str] = &[
    "{{workflow.parameters.x}}",
    "{{=sprig.trim('a')}}",
    "a}}b",
    "\"; rm -rf /",
    "'quoted'",
    "line\nbreak",
    "cr\rhere",
    "---",
    "a: b",
    "&anchor",
    "*alias",
    "# comment",
    "pаyments", // Cyrillic 'а'
    "abc\u{202E}cba",
    "\u{2066}x",
    "tab\there",
    "nul\u{0}",
    "\u{FEFF}bom",
    "",
    " ",
    "null",
    "true",
    "1.30",
    "~",
];

/// Any JSON value a client could send where a field belongs.
fn arbitrary_value() -> impl Strategy<Value = Value> {
    let unicode = proptest::collection::vec(any::<char>(), 0..40)
        .prop_map(|chars| Value::String(chars.into_iter().collect()));
    let long = (pick(&['a', '-', 'é', '界', '\u{1F600}']), 64usize..5000)
        .prop_map(|(c, n)| Value::String(std::iter::repeat_n(c, n).collect()));
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        Just(json!("")),
        unicode,
        long,
        pick(HOSTILE).prop_map(|s| json!(s)),
        proptest::collection::vec("[a-z]{0,5}", 0..3).prop_map(|v| json!(v)),
        ("[a-zA-Z]{1,8}", "[a-z]{0,5}").prop_map(|(k, v)| json!({ k: v })),
    ]
}

/// One change to a request.
#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the value at the n-th path (modulo the number of paths) with another.
    Set(usize, Value),
    /// Remove the n-th path.
    Remove(usize),
    /// Add a key (often unknown) to the n-th object.
    Add(usize, String, Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let key = prop_oneof![
        "[a-zA-Z]{1,12}",
        proptest::collection::vec(any::<char>(), 0..12).prop_map(|c| c.into_iter().collect()),
        pick(&[
            "clusterName",
            "dryrun",
            "enableNap",
            "type",
            "url",
            "__proto__"
        ])
        .prop_map(String::from),
    ];
    prop_oneof![
        (any::<usize>(), arbitrary_value()).prop_map(|(i, v)| Mutation::Set(i, v)),
        any::<usize>().prop_map(Mutation::Remove),
        (any::<usize>(), key, arbitrary_value()).prop_map(|(i, k, v)| Mutation::Add(i, k, v)),
    ]
}

/// Every path of the document (the root included), outermost first.
fn paths(value: &Value, prefix: &mut Vec<PathSegment>, out: &mut Vec<Vec<PathSegment>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(PathSegment::Key(k.clone()));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(PathSegment::Index(i));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn lookup<'a>(value: &'a Value, path: &[PathSegment]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, segment| match segment {
        PathSegment::Key(k) => v.as_object()?.get(k),
        PathSegment::Index(i) => v.as_array()?.get(*i),
    })
}

fn lookup_mut<'a>(value: &'a mut Value, path: &[PathSegment]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, segment| match segment {
        PathSegment::Key(k) => v.as_object_mut()?.get_mut(k),
        PathSegment::Index(i) => v.as_array_mut()?.get_mut(*i),
    })
}

fn apply(doc: &mut Value, mutation: &Mutation) {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    match mutation {
        Mutation::Set(i, value) => {
            let path = &all[i % all.len()];
            if let Some(slot) = lookup_mut(doc, path) {
                *slot = value.clone();
            }
        }
        Mutation::Remove(i) => {
            let path = &all[i % all.len()];
            let Some((last, parent)) = path.split_last() else {
                return;
            };
            match (lookup_mut(doc, parent), last) {
                (Some(Value::Object(map)), PathSegment::Key(k)) => {
                    map.remove(k);
                }
                (Some(Value::Array(items)), PathSegment::Index(i)) => {
                    items.remove(*i);
                }
                _ => {}
            }
        }
        Mutation::Add(i, key, value) => {
            let objects: Vec<_> = all
                .iter()
                .filter(|p| lookup(doc, p).is_some_and(Value::is_object))
                .cloned()
                .collect();
            if let Some(path) = objects.get(i % objects.len().max(1))
                && let Some(Value::Object(map)) = lookup_mut(doc, path)
            {
                map.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Validates `doc`; checks the violation paths, or every property of what it renders.
/// `Ok(true)` when it validated.
fn check(doc: &Value) -> Result<bool, TestCaseError> {
    let profiles = Profiles::builtin();
    match aksflow::validate::validate_value(doc, &profiles) {
        Err(error) => {
            prop_assert!(!error.violations().is_empty());
            for violation in error.violations() {
                let segments = violation.path.segments();
                let found = if violation.code == Code::Required {
                    lookup(doc, segments).is_some()
                        || segments
                            .split_last()
                            .is_some_and(|(_, parent)| lookup(doc, parent).is_some())
                } else {
                    lookup(doc, segments).is_some()
                };
                prop_assert!(
                    found,
                    "violation at {} ({}) points at no field of the request: {}",
                    violation.path,
                    violation.code.as_str(),
                    violation.message
                );
            }
            Ok(false)
        }
        Ok(plan) => {
            let options = RenderOptions::default();
            let bundle = aksflow::render::render(&plan, &options).map_err(|e| {
                TestCaseError::fail(format!("a valid request does not render: {e}"))
            })?;
            let again = aksflow::render::render(&plan, &options)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let yaml = bundle
                .to_yaml()
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(
                &yaml,
                &again
                    .to_yaml()
                    .map_err(|e| TestCaseError::fail(e.to_string()))?
            );
            let json = bundle
                .to_json()
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(
                &json,
                &again
                    .to_json()
                    .map_err(|e| TestCaseError::fail(e.to_string()))?
            );

            // parse(render(x)) == x
            let read = Manifest::from_yaml_stream(&yaml)
                .map_err(|e| TestCaseError::fail(format!("the bundle does not read back: {e}")))?;
            let manifests: Vec<Manifest> = bundle.manifests().cloned().collect();
            prop_assert!(read == manifests, "the bundle read back differs:\n{yaml}");

            let workflow =
                aksflow::render::render_workflow(&plan, &bundle, &WorkflowOptions::default())
                    .map_err(|e| TestCaseError::fail(format!("no Workflow: {e}")))?;
            let workflow_yaml =
                aksflow::to_yaml(&workflow).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let workflow_again =
                aksflow::render::render_workflow(&plan, &again, &WorkflowOptions::default())
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(
                &workflow_yaml,
                &aksflow::to_yaml(&workflow_again)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?
            );

            if let Some(crds) = support::crds() {
                let mut failures = conformance(crds, &yaml);
                failures.extend(conformance(crds, &workflow_yaml));
                for embedded in aksflow::render::workflow::embedded_manifests(&workflow.spec) {
                    prop_assert!(
                        !embedded.text.contains("{{"),
                        "an embedded manifest holds '{{{{'"
                    );
                    failures.extend(conformance(crds, &embedded.text));
                }
                prop_assert!(failures.is_empty(), "{}", failures.join("\n"));
            }
            Ok(true)
        }
    }
}

/// Every CRD-backed document of a YAML stream against its CRD (built-in kinds have none).
fn conformance(crds: &support::Crds, yaml: &str) -> Vec<String> {
    let documents = match aksflow::output::yaml_documents(yaml) {
        Ok(documents) => documents,
        Err(error) => return vec![format!("the YAML does not read: {error}")],
    };
    let mut failures = Vec::new();
    for document in &documents {
        let api_version = document["apiVersion"].as_str().unwrap_or_default();
        if api_version == "v1" || api_version.starts_with("rbac.authorization.k8s.io/") {
            continue;
        }
        for failure in crds.check(document) {
            failures.push(format!(
                "{} {}: {failure}",
                document["kind"], document["metadata"]["name"]
            ));
        }
    }
    failures
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn valid_requests_validate_render_conform_and_round_trip(doc in valid_request()) {
        prop_assert!(check(&doc)?, "a valid request was rejected: {doc}");
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn mutated_requests_never_panic_and_violations_have_paths(
        doc in valid_request(),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let mut doc = doc;
        for m in &mutations {
            apply(&mut doc, m);
        }
        check(&doc)?;
    }

    #[test]
    fn any_value_as_a_request_never_panics(doc in arbitrary_value()) {
        check(&doc)?;
    }
}

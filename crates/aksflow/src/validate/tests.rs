//! Request validation: every rule, paths and codes, defaults, and code coverage.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::*;
use crate::profiles::NodePoolProfile;
use crate::request::{
    AksNodeClassVersion, ApiVersions, GitOpsRequest, IdentityType, ManagedClusterVersion,
    NodePoolVersion,
};

const SUBNET: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aks";
const WORKSPACE: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/logs-prod";

fn minimal() -> Value {
    json!({
        "clusterName": "payments-prod",
        "location": "westeurope",
        "nodePoolType": "memory-optimized",
        "kubernetesVersion": "1.30",
    })
}

/// `minimal()` with top-level fields replaced (a `null` removes the field).
fn with(patch: Value) -> Value {
    let mut doc = minimal();
    if let (Value::Object(doc), Value::Object(patch)) = (&mut doc, patch) {
        for (k, v) in patch {
            if v.is_null() {
                doc.remove(&k);
            } else {
                doc.insert(k, v);
            }
        }
    }
    doc
}

fn found(doc: &Value, profiles: &Profiles) -> Vec<(String, Code)> {
    match validate_value(doc, profiles) {
        Ok(_) => vec![],
        Err(error) => error
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect(),
    }
}

fn v(path: &str, code: Code) -> (String, Code) {
    (path.to_owned(), code)
}

/// An invalid request: a label, the document, and every violation expected (path, code).
type Case = (&'static str, Value, Vec<(String, Code)>);

/// Each invalid request, what it breaks, and the violations expected (all of them).
fn cases() -> Vec<Case> {
    let long = |n: usize| "a".repeat(n);
    let many_tags: serde_json::Map<String, Value> =
        (0..51).map(|i| (format!("t{i}"), json!("x"))).collect();
    vec![
        // The document's shape.
        (
            "not an object",
            json!(["x"]),
            vec![v("", Code::InvalidType)],
        ),
        (
            "required fields",
            json!({}),
            vec![
                v("clusterName", Code::Required),
                v("location", Code::Required),
                v("nodePoolType", Code::Required),
                v("kubernetesVersion", Code::Required),
            ],
        ),
        (
            "null is absent",
            with(json!({"clusterName": null})),
            vec![v("clusterName", Code::Required)],
        ),
        (
            "unknown fields, top level and nested",
            with(json!({
                "clustername": "x",
                "gitops": {"url": "https://github.com/org/fleet", "ref": "main"},
                "identity": {"type": "SystemAssigned", "name": "x"},
                "addons": {"monitor": true},
                "apiVersions": {"nodepool": "v1"},
            })),
            vec![
                v("clustername", Code::UnknownField),
                v("identity.name", Code::UnknownField),
                v("gitops.ref", Code::UnknownField),
                v("addons.monitor", Code::UnknownField),
                v("apiVersions.nodepool", Code::UnknownField),
            ],
        ),
        (
            "wrong types",
            with(json!({
                "clusterName": 7,
                "kubernetesVersion": 1.3,
                "enableNAP": "false",
                "dryRun": 0,
                "tags": ["team"],
                "gitops": "https://github.com/org/fleet",
                "addons": {"monitoring": "yes", "azurePolicy": null},
                "identity": {"type": true},
            })),
            vec![
                v("clusterName", Code::InvalidType),
                v("kubernetesVersion", Code::InvalidType),
                v("enableNAP", Code::InvalidType),
                v("dryRun", Code::InvalidType),
                v("identity.type", Code::InvalidType),
                v("tags", Code::InvalidType),
                v("gitops", Code::InvalidType),
                v("addons.monitoring", Code::InvalidType),
            ],
        ),
        // clusterName, against every place it is used.
        (
            "empty name",
            with(json!({"clusterName": ""})),
            vec![v("clusterName", Code::Required)],
        ),
        (
            "not a Kubernetes name",
            with(json!({"clusterName": "Payments_Prod"})),
            vec![v("clusterName", Code::Pattern)],
        ),
        (
            "not an AKS name",
            with(json!({"clusterName": "payments.prod"})),
            vec![v("clusterName", Code::Pattern)],
        ),
        (
            "longer than the AKS limit",
            with(json!({"clusterName": long(64)})),
            vec![v("clusterName", Code::TooLong)],
        ),
        (
            "longer than the dnsPrefix and NodePool label limits",
            with(json!({"clusterName": long(55)})),
            vec![v("clusterName", Code::TooLong)],
        ),
        (
            "longer than the Flux limit with gitops",
            with(
                json!({"clusterName": long(49), "gitops": {"url": "https://github.com/org/fleet"}}),
            ),
            vec![v("clusterName", Code::TooLong)],
        ),
        (
            "unsafe name",
            with(json!({"clusterName": "a{{b}}"})),
            vec![v("clusterName", Code::UnsafeCharacters)],
        ),
        // location
        (
            "empty location",
            with(json!({"location": ""})),
            vec![v("location", Code::Required)],
        ),
        (
            "display name",
            with(json!({"location": "West Europe"})),
            vec![v("location", Code::Pattern)],
        ),
        (
            "unknown region",
            with(json!({"location": "westeurop"})),
            vec![v("location", Code::UnknownValue)],
        ),
        (
            "logical location",
            with(json!({"location": "europe"})),
            vec![v("location", Code::UnknownValue)],
        ),
        (
            "newline in location",
            with(json!({"location": "westeurope\nkind: Secret"})),
            vec![v("location", Code::UnsafeCharacters)],
        ),
        // kubernetesVersion
        (
            "empty version",
            with(json!({"kubernetesVersion": ""})),
            vec![v("kubernetesVersion", Code::Required)],
        ),
        (
            "v-prefixed version",
            with(json!({"kubernetesVersion": "v1.30"})),
            vec![v("kubernetesVersion", Code::Pattern)],
        ),
        (
            "retired version",
            with(json!({"kubernetesVersion": "1.27.3"})),
            vec![v("kubernetesVersion", Code::OutOfRange)],
        ),
        // nodePoolType
        (
            "unknown profile",
            with(json!({"nodePoolType": "gpu"})),
            vec![v("nodePoolType", Code::UnknownValue)],
        ),
        (
            "empty profile",
            with(json!({"nodePoolType": ""})),
            vec![v("nodePoolType", Code::Required)],
        ),
        // namespace, systemVmSize, vnetSubnetId
        (
            "namespace not a DNS label",
            with(json!({"namespace": "Azure_System"})),
            vec![v("namespace", Code::Pattern)],
        ),
        (
            "namespace too long",
            with(json!({"namespace": long(64)})),
            vec![v("namespace", Code::TooLong)],
        ),
        (
            "system VM size",
            with(json!({"systemVmSize": "B2s"})),
            vec![v("systemVmSize", Code::Pattern)],
        ),
        (
            "subnet id of a vnet",
            with(
                json!({"vnetSubnetId": "/subscriptions/0/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet"}),
            ),
            vec![v("vnetSubnetId", Code::Pattern)],
        ),
        // identity
        (
            "unknown identity type",
            with(json!({"identity": {"type": "Managed"}})),
            vec![v("identity.type", Code::UnknownValue)],
        ),
        (
            "identity without type",
            with(json!({"identity": {}})),
            vec![v("identity.type", Code::Required)],
        ),
        // tags
        (
            "too many tags",
            with(json!({"tags": many_tags})),
            vec![v("tags", Code::TooLong)],
        ),
        (
            "tag rules",
            with(
                json!({"tags": {"a/b": "x", "team": long(257), "owner": "a\u{202E}b", "cost": 5}}),
            ),
            vec![
                v("tags.owner", Code::UnsafeCharacters),
                v("tags.cost", Code::InvalidType),
                v("tags[\"a/b\"]", Code::Pattern),
                v("tags.team", Code::TooLong),
            ],
        ),
        // gitops
        (
            "gitops without url",
            with(json!({"gitops": {"branch": "main"}})),
            vec![v("gitops.url", Code::Required)],
        ),
        (
            "gitops url scheme",
            with(json!({"gitops": {"url": "ftp://example.com/fleet"}})),
            vec![v("gitops.url", Code::Pattern)],
        ),
        (
            "gitops plain http",
            with(json!({"gitops": {"url": "http://example.com/fleet"}})),
            vec![v("gitops.url", Code::NotAllowed)],
        ),
        (
            "gitops branch and path",
            with(
                json!({"gitops": {"url": "git@github.com:org/fleet.git", "branch": "feature..x", "path": "../other"}}),
            ),
            vec![
                v("gitops.branch", Code::Pattern),
                v("gitops.path", Code::NotAllowed),
            ],
        ),
        (
            "gitops branch with a space, absolute path",
            with(
                json!({"gitops": {"url": "ssh://git@github.com/org/fleet", "branch": "my branch", "path": "/clusters"}}),
            ),
            vec![
                v("gitops.branch", Code::Pattern),
                v("gitops.path", Code::Pattern),
            ],
        ),
        (
            "gitops template text",
            with(
                json!({"gitops": {"url": "https://github.com/org/fleet", "path": "./{{workflow.name}}"}}),
            ),
            vec![v("gitops.path", Code::UnsafeCharacters)],
        ),
        // addons
        (
            "monitoring without a workspace",
            with(json!({"addons": {"monitoring": true}})),
            vec![v("addons.logAnalyticsWorkspaceResourceId", Code::Required)],
        ),
        (
            "workspace id of a subnet",
            with(
                json!({"addons": {"monitoring": true, "logAnalyticsWorkspaceResourceId": SUBNET}}),
            ),
            vec![v("addons.logAnalyticsWorkspaceResourceId", Code::Pattern)],
        ),
        // apiVersions
        (
            "unknown API versions",
            with(
                json!({"apiVersions": {"managedCluster": "v1api20230201", "nodePool": "v2", "aksNodeClass": "v1beta1"}}),
            ),
            vec![
                v("apiVersions.managedCluster", Code::UnknownValue),
                v("apiVersions.nodePool", Code::UnknownValue),
            ],
        ),
    ]
}

#[test]
fn every_rule_rejects_bad_input_at_its_path() {
    let profiles = Profiles::builtin();
    for (label, doc, expected) in cases() {
        assert_eq!(found(&doc, &profiles), expected, "{label}");
    }
}

#[test]
fn a_request_with_five_mistakes_reports_all_five() {
    let doc = with(json!({
        "clusterName": "Payments_Prod",
        "location": "westeurop",
        "nodePoolType": "gpu",
        "kubernetesVersion": 1.30,
        "dryrun": true,
    }));
    let error = validate_value(&doc, &Profiles::builtin()).unwrap_err();
    let paths: Vec<String> = error
        .violations()
        .iter()
        .map(|v| v.path.to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "dryrun",
            "kubernetesVersion",
            "clusterName",
            "location",
            "nodePoolType"
        ]
    );
    let messages = error.to_string();
    assert!(messages.contains("did you mean \"dryRun\""), "{messages}");
    assert!(
        messages.contains("did you mean \"westeurope\""),
        "{messages}"
    );
    assert!(
        messages.contains("known profiles: compute-optimized, memory-optimized, standard"),
        "{messages}"
    );
    assert!(messages.contains("quote it"), "{messages}");
}

#[test]
fn cluster_name_messages_name_the_composed_names() {
    let doc = with(
        json!({"clusterName": "a".repeat(55), "gitops": {"url": "https://github.com/org/fleet"}}),
    );
    let error = validate_value(&doc, &Profiles::builtin()).unwrap_err();
    assert_eq!(error.violations().len(), 1);
    let message = &error.violations()[0].message;
    for place in ["dnsPrefix", "-nodepool", "-gitops", "cluster"] {
        assert!(message.contains(place), "{place}: {message}");
    }
    // Without NAP and gitops, 54 characters are fine (the dnsPrefix limit).
    let doc = with(json!({"clusterName": "a".repeat(54), "enableNAP": false}));
    assert!(validate_value(&doc, &Profiles::builtin()).is_ok());
    let doc = with(
        json!({"clusterName": "a".repeat(48), "gitops": {"url": "https://github.com/org/fleet"}}),
    );
    assert!(validate_value(&doc, &Profiles::builtin()).is_ok());
}

#[test]
fn a_broken_profile_is_reported_at_node_pool_type() {
    let mut profiles = Profiles::builtin();
    profiles.0.insert(
        "mixed".to_owned(),
        NodePoolProfile::builder()
            .primary_vm_size("Standard_E2s_v3")
            .secondary_vm_size("Standard_D4s_v3")
            .sku_family("E")
            .max_cpu("many")
            .max_memory("100Gi")
            .build(),
    );
    assert_eq!(
        found(&with(json!({"nodePoolType": "mixed"})), &profiles),
        vec![
            v("nodePoolType", Code::Conflict),
            v("nodePoolType", Code::InvalidQuantity)
        ]
    );
}

#[test]
fn every_code_request_validation_uses_is_exercised() {
    // Codes request validation never produces: nothing in a request is too short without being
    // empty (`required`), a duration or a list that could hold duplicates.
    let unused = [Code::TooShort, Code::InvalidDuration, Code::Duplicate];
    let mut seen: BTreeSet<Code> = cases()
        .into_iter()
        .flat_map(|(_, _, expected)| expected.into_iter().map(|(_, code)| code))
        .collect();
    // a_broken_profile_is_reported_at_node_pool_type
    seen.insert(Code::InvalidQuantity);
    seen.insert(Code::Conflict);
    let used: BTreeSet<Code> = Code::ALL
        .iter()
        .copied()
        .filter(|c| !unused.contains(c))
        .collect();
    assert_eq!(seen, used);
}

#[test]
fn defaults_are_resolved_in_the_plan() {
    let plan = validate_value(&minimal(), &Profiles::builtin()).unwrap();
    assert_eq!(plan.namespace, "azure-system");
    assert_eq!(plan.system_vm_size, "Standard_B2s");
    assert!(plan.enable_nap);
    assert!(!plan.dry_run);
    assert_eq!(plan.identity, IdentityType::SystemAssigned);
    assert_eq!(plan.gitops, None);
    assert!(plan.tags.is_empty());
    assert_eq!(plan.addons, AddonsRequest::default());
    assert_eq!(
        plan.api_versions,
        ResolvedApiVersions {
            managed_cluster: ManagedClusterVersion::V1api20250801,
            node_pool: NodePoolVersion::V1,
            aks_node_class: AksNodeClassVersion::V1beta1,
        }
    );
    assert_eq!(plan.node_pool_type, "memory-optimized");
    assert_eq!(
        plan.profile,
        Profiles::builtin().get("memory-optimized").unwrap().clone()
    );
    assert_eq!(plan.names, Names::new("payments-prod"));
    assert_eq!(plan.request.namespace, None, "the request stays as given");

    let plan = validate_value(
        &with(json!({"gitops": {"url": "https://github.com/org/fleet"}})),
        &Profiles::builtin(),
    )
    .unwrap();
    assert_eq!(
        plan.gitops,
        Some(GitOps {
            url: "https://github.com/org/fleet".into(),
            branch: "main".into(),
            path: "./clusters/payments-prod".into(),
        })
    );
}

#[test]
fn a_full_request_is_resolved_as_given() {
    let doc = json!({
        "clusterName": "payments-prod",
        "location": "swedencentral",
        "nodePoolType": "compute-optimized",
        "kubernetesVersion": "1.31.2",
        "enableNAP": false,
        "dryRun": true,
        "namespace": "aso",
        "systemVmSize": "Standard_D2s_v5",
        "identity": {"type": "UserAssigned"},
        "vnetSubnetId": SUBNET,
        "tags": {"team": "payments", "cost-center": "42"},
        "gitops": {"url": "git@github.com:org/fleet.git", "branch": "release/2026", "path": "clusters/prod"},
        "addons": {"monitoring": true, "logAnalyticsWorkspaceResourceId": WORKSPACE, "keyVaultSecretsProvider": true, "azurePolicy": false},
        "apiVersions": {"managedCluster": "v1api20240402preview"},
    });
    let plan = validate_value(&doc, &Profiles::builtin()).unwrap();
    assert_eq!(plan.location, "swedencentral");
    assert_eq!(plan.kubernetes_version, "1.31.2");
    assert!(!plan.enable_nap);
    assert!(plan.dry_run);
    assert_eq!(plan.namespace, "aso");
    assert_eq!(plan.system_vm_size, "Standard_D2s_v5");
    assert_eq!(plan.identity, IdentityType::UserAssigned);
    assert_eq!(plan.vnet_subnet_id.as_deref(), Some(SUBNET));
    assert_eq!(plan.tags.get("cost-center").map(String::as_str), Some("42"));
    assert_eq!(
        plan.gitops
            .as_ref()
            .map(|g| (g.branch.as_str(), g.path.as_str())),
        Some(("release/2026", "clusters/prod"))
    );
    assert!(plan.addons.monitoring && plan.addons.key_vault_secrets_provider);
    assert_eq!(
        plan.api_versions.managed_cluster,
        ManagedClusterVersion::V1api20240402preview
    );
    assert_eq!(plan.profile.sku_family, "F");
    // The request round-trips: the typed request reads back to the same document.
    assert_eq!(serde_json::to_value(&plan.request).unwrap(), doc);
    // And validating the typed request gives the same plan.
    assert_eq!(
        validate_request(&plan.request, &Profiles::builtin()),
        Ok(plan)
    );
}

#[test]
fn typed_requests_yaml_and_json() {
    let request = ClusterRequest::builder()
        .cluster_name("payments-prod")
        .location("westeurope")
        .node_pool_type("standard")
        .kubernetes_version("1.30")
        .gitops(
            GitOpsRequest::builder()
                .url("https://github.com/org/fleet")
                .build(),
        )
        .api_versions(
            ApiVersions::builder()
                .node_pool(NodePoolVersion::V1beta1)
                .build(),
        )
        .build();
    let plan = validate_request(&request, &Profiles::builtin()).unwrap();
    assert_eq!(plan.api_versions.node_pool, NodePoolVersion::V1beta1);
    assert_eq!(plan.request, request);

    let bad = ClusterRequest::builder()
        .cluster_name("-bad-")
        .location("westeurope")
        .node_pool_type("standard")
        .kubernetes_version("1.30")
        .build();
    assert_eq!(
        validate_request(&bad, &Profiles::builtin())
            .unwrap_err()
            .violations()[0]
            .path
            .to_string(),
        "clusterName"
    );

    let yaml = "clusterName: payments-prod\nlocation: westeurope\nnodePoolType: standard\nkubernetesVersion: \"1.30\"\ntags:\n  team: payments\n";
    assert_eq!(
        validate_yaml(yaml, &Profiles::builtin())
            .unwrap()
            .tags
            .len(),
        1
    );
    let json = r#"{"clusterName": "payments-prod", "location": "westeurope", "nodePoolType": "standard", "kubernetesVersion": "1.30"}"#;
    assert!(validate_json(json, &Profiles::builtin()).is_ok());
    assert!(validate_yaml(json, &Profiles::builtin()).is_ok());
    assert!(matches!(
        validate_yaml("clusterName: [", &Profiles::builtin()),
        Err(Error::Parse(_))
    ));
    assert!(matches!(
        validate_json("{", &Profiles::builtin()),
        Err(Error::Parse(_))
    ));
    assert!(matches!(
        validate_yaml("", &Profiles::builtin()),
        Err(Error::Validation(_))
    ));
}

#[test]
fn custom_profiles_are_requestable() {
    let profiles = crate::profiles::load_profiles(
        "gpu:\n  primaryVmSize: Standard_NC6s_v3\n  secondaryVmSize: Standard_NC12s_v3\n  skuFamily: NC\n  maxCpu: \"96\"\n  maxMemory: 1000Gi\n",
    )
    .unwrap();
    let plan = validate_value(&with(json!({"nodePoolType": "gpu"})), &profiles).unwrap();
    assert_eq!(plan.profile.sku_family, "NC");
}

#[test]
fn the_field_list_matches_the_request_type() {
    let schema = serde_json::to_value(schemars::schema_for!(ClusterRequest)).unwrap();
    let properties: Vec<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = request_rules::REQUEST_FIELDS.to_vec();
    let mut properties = properties;
    expected.sort_unstable();
    properties.sort_unstable();
    assert_eq!(properties, expected);
}

#[test]
fn every_valid_request_deserializes_with_serde_too() {
    // What the walker accepts, serde's derive accepts (no field the walker knows but the type lacks).
    for doc in [
        minimal(),
        with(
            json!({"identity": {"type": "UserAssigned"}, "addons": {"azurePolicy": true}, "apiVersions": {"aksNodeClass": "v1alpha2"}}),
        ),
    ] {
        assert!(validate_value(&doc, &Profiles::builtin()).is_ok());
        assert!(serde_json::from_value::<ClusterRequest>(doc).is_ok());
    }
}

/// Requests covering every option that changes what is rendered.
fn valid_requests() -> Vec<Value> {
    vec![
        minimal(),
        with(json!({"nodePoolType": "standard", "enableNAP": false, "dryRun": true})),
        with(json!({"nodePoolType": "compute-optimized", "identity": {"type": "UserAssigned"}})),
        with(json!({
            "clusterName": "a".repeat(48),
            "vnetSubnetId": SUBNET,
            "tags": {"team": "payments", "cost-center": "42"},
            "gitops": {"url": "git@github.com:org/fleet.git", "branch": "release/2026", "path": "clusters/prod"},
            "addons": {"monitoring": true, "logAnalyticsWorkspaceResourceId": WORKSPACE, "keyVaultSecretsProvider": true, "azurePolicy": true},
        })),
        with(
            json!({"clusterName": "a".repeat(54), "enableNAP": false, "vnetSubnetId": SUBNET, "identity": {"type": "UserAssigned"}}),
        ),
        with(
            json!({"apiVersions": {"managedCluster": "v1api20240402preview", "nodePool": "v1beta1", "aksNodeClass": "v1alpha2"}}),
        ),
        with(
            json!({"apiVersions": {"nodePool": "v1beta1"}, "kubernetesVersion": "1.34.1", "systemVmSize": "Standard_D2s_v5"}),
        ),
        with(json!({"clusterName": "x", "location": "eastus2euap", "kubernetesVersion": "1.29"})),
    ]
}

#[test]
fn rendered_objects_pass_their_kinds_validation() {
    use crate::render::{RbacMode, RenderOptions, render};
    use crate::validation::Validate;
    for doc in valid_requests() {
        let plan =
            validate_value(&doc, &Profiles::builtin()).unwrap_or_else(|e| panic!("{doc}: {e}"));
        for rbac in [RbacMode::LeastPrivilege, RbacMode::Compatible] {
            let bundle = render(&plan, &RenderOptions::default().with_rbac(rbac))
                .unwrap_or_else(|e| panic!("{doc}: {e}"));
            for manifest in bundle.manifests() {
                assert_eq!(manifest.validate(), Ok(()), "{doc}: {}", manifest.kind());
            }
        }
    }
}

use crate::plan::{GitOps, Names, ResolvedApiVersions};
use crate::request::AddonsRequest;

#[test]
fn a_json_key_repeated_in_one_object_is_a_positioned_parse_error() {
    let text = r#"{"clusterName": "payments-prod", "location": "westeurope", "nodePoolType": "standard",
        "kubernetesVersion": "1.30", "clusterName": "other"}"#;
    match validate_json(text, &Profiles::builtin()) {
        Err(Error::Parse(crate::error::ParseError::Json(error))) => {
            assert!(
                error.to_string().contains("duplicate key \"clusterName\""),
                "{error}"
            );
            assert_eq!(error.line(), 2);
        }
        other => panic!("{other:?}"),
    }
    // Nested objects too; the same key in sibling objects is fine.
    let nested = r#"{"clusterName": "a", "location": "westeurope", "nodePoolType": "standard", "kubernetesVersion": "1.30", "tags": {"a": "1", "a": "2"}}"#;
    assert!(matches!(
        validate_json(nested, &Profiles::builtin()),
        Err(Error::Parse(_))
    ));
    let siblings = r#"{"clusterName": "a", "location": "westeurope", "nodePoolType": "standard", "kubernetesVersion": "1.30", "gitops": {"url": "https://github.com/c/f"}, "addons": {"monitoring": false}}"#;
    assert!(validate_json(siblings, &Profiles::builtin()).is_ok());
}

#[test]
fn a_request_over_the_size_limit_is_one_too_long_at_the_root() {
    let text = format!(
        "clusterName: payments-prod\nlocation: westeurope\nnodePoolType: standard\nkubernetesVersion: \"1.30\"\n# {}\n",
        "x".repeat(MAX_REQUEST_BYTES)
    );
    for result in [
        validate_yaml(&text, &Profiles::builtin()),
        validate_json(&text, &Profiles::builtin()),
    ] {
        let Err(Error::Validation(error)) = result else {
            panic!("{result:?}")
        };
        let found: Vec<(String, Code)> = error
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect();
        assert_eq!(found, vec![v("", Code::TooLong)]);
    }
}

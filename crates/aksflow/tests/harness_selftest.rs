//! Self-test of the CRD conformance harness (`tests/support`): it must pass
//! conforming objects and catch schema, pruning, metadata and CEL failures.
//!
//! Run: `AKSFLOW_CRD_DIR=/path/to/crds cargo test -p aksflow --test harness_selftest`.
//! Without the CRD directory every test prints `SKIPPED: ...` and passes.

mod support;

use serde_json::{Value, json};
use support::{Crds, assert_conforms, assert_fails_with};

/// The CRDs, or return early (after a loud SKIPPED on stderr).
macro_rules! crds_or_skip {
    () => {
        match support::crds() {
            Some(crds) => crds,
            None => return,
        }
    };
}

const SUBNET_ID: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-demo/providers/Microsoft.Network/virtualNetworks/vnet-demo/subnets/nodes";

fn nodepool_v1() -> Value {
    json!({
        "apiVersion": "karpenter.sh/v1",
        "kind": "NodePool",
        "metadata": {"name": "general-purpose", "labels": {"app.kubernetes.io/managed-by": "aksflow"}},
        "spec": {
            "template": {
                "spec": {
                    "nodeClassRef": {"group": "karpenter.azure.com", "kind": "AKSNodeClass", "name": "default"},
                    "requirements": [
                        {"key": "karpenter.azure.com/sku-family", "operator": "In", "values": ["D"]},
                        {"key": "kubernetes.io/arch", "operator": "In", "values": ["amd64"]},
                        {"key": "karpenter.azure.com/sku-cpu", "operator": "Lt", "values": ["33"]}
                    ],
                    "expireAfter": "720h"
                }
            },
            "disruption": {"consolidationPolicy": "WhenEmptyOrUnderutilized", "consolidateAfter": "1m"},
            "limits": {"cpu": "1000", "memory": "1000Gi"}
        }
    })
}

fn nodepool_v1beta1() -> Value {
    json!({
        "apiVersion": "karpenter.sh/v1beta1",
        "kind": "NodePool",
        "metadata": {"name": "general-purpose"},
        "spec": {
            "template": {
                "spec": {
                    "nodeClassRef": {"name": "default"},
                    "requirements": [
                        {"key": "karpenter.azure.com/sku-family", "operator": "In", "values": ["D"]}
                    ]
                }
            },
            "disruption": {"consolidationPolicy": "WhenUnderutilized", "expireAfter": "720h"}
        }
    })
}

fn aksnodeclass_v1beta1() -> Value {
    json!({
        "apiVersion": "karpenter.azure.com/v1beta1",
        "kind": "AKSNodeClass",
        "metadata": {"name": "default"},
        "spec": {
            "imageFamily": "Ubuntu2204",
            "osDiskSizeGB": 128,
            "maxPods": 50,
            "vnetSubnetID": SUBNET_ID,
            "tags": {"env": "dev"}
        }
    })
}

fn managed_cluster() -> Value {
    json!({
        "apiVersion": "containerservice.azure.com/v1api20250801",
        "kind": "ManagedCluster",
        "metadata": {"name": "aks-demo", "namespace": "clusters"},
        "spec": {
            "location": "westeurope",
            "owner": {"name": "rg-demo"},
            "dnsPrefix": "aks-demo",
            "identity": {"type": "SystemAssigned"},
            "agentPoolProfiles": [
                {"name": "system", "mode": "System", "count": 3, "vmSize": "Standard_D4s_v5",
                 "osType": "Linux", "enableAutoScaling": false}
            ],
            "nodeProvisioningProfile": {"mode": "Auto"},
            "networkProfile": {"networkPlugin": "azure", "networkPluginMode": "overlay", "networkDataplane": "cilium"}
        }
    })
}

fn workflow_with_dag() -> Value {
    json!({
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Workflow",
        "metadata": {"generateName": "provision-aks-", "namespace": "argo"},
        "spec": {
            "entrypoint": "main",
            "serviceAccountName": "aksflow",
            "templates": [
                {"name": "main", "dag": {"tasks": [
                    {"name": "resource-group", "template": "apply"},
                    {"name": "cluster", "template": "apply", "depends": "resource-group"}
                ]}},
                {"name": "apply", "activeDeadlineSeconds": 600, "resource": {
                    "action": "apply",
                    "manifest": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
                }}
            ]
        }
    })
}

#[test]
fn skips_when_the_directory_is_absent() {
    let missing = std::path::Path::new("/nonexistent/aksflow/crds");
    assert!(matches!(Crds::load_dir(missing), Ok(None)));
    // What every test does when `support::crds()` returns None:
    eprintln!("(self-test) the SKIPPED line reads:");
    eprintln!(
        "SKIPPED: CRD directory {} not found (set AKSFLOW_CRD_DIR)",
        missing.display()
    );
}

#[test]
fn every_schema_and_rule_compiles() {
    let crds = crds_or_skip!();
    let kinds = crds.kinds();
    for (api_version, kind) in [
        ("karpenter.sh/v1", "NodePool"),
        ("karpenter.sh/v1beta1", "NodePool"),
        ("karpenter.azure.com/v1alpha2", "AKSNodeClass"),
        ("karpenter.azure.com/v1beta1", "AKSNodeClass"),
        ("resources.azure.com/v1api20200601", "ResourceGroup"),
        ("containerservice.azure.com/v1api20250801", "ManagedCluster"),
        (
            "containerservice.azure.com/v1api20240402preview",
            "ManagedCluster",
        ),
        (
            "managedidentity.azure.com/v1api20230131",
            "UserAssignedIdentity",
        ),
        (
            "kubernetesconfiguration.azure.com/v1api20241101",
            "Extension",
        ),
        (
            "kubernetesconfiguration.azure.com/v1api20241101",
            "FluxConfiguration",
        ),
        ("argoproj.io/v1alpha1", "Workflow"),
        ("argoproj.io/v1alpha1", "WorkflowTemplate"),
    ] {
        assert!(
            kinds.contains(&(api_version.to_owned(), kind.to_owned())),
            "{api_version} {kind} not loaded; loaded: {kinds:?}"
        );
    }
    assert_eq!(
        crds.is_cluster_scoped("karpenter.sh/v1", "NodePool"),
        Some(true)
    );
    assert_eq!(
        crds.is_cluster_scoped("argoproj.io/v1alpha1", "Workflow"),
        Some(false)
    );
    let failures = crds.preparation_failures();
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn valid_objects_conform() {
    let crds = crds_or_skip!();
    for object in [
        nodepool_v1(),
        nodepool_v1beta1(),
        aksnodeclass_v1beta1(),
        json!({
            "apiVersion": "resources.azure.com/v1api20200601",
            "kind": "ResourceGroup",
            "metadata": {"name": "rg-demo", "namespace": "clusters"},
            "spec": {"location": "westeurope", "tags": {"owner": "platform"}}
        }),
        managed_cluster(),
        workflow_with_dag(),
    ] {
        assert_conforms(crds, &object);
    }
}

#[test]
fn cel_rules_see_schema_defaults() {
    // v1beta1 `disruption.consolidationPolicy` defaults to WhenUnderutilized; the
    // rule `self.consolidationPolicy == 'WhenEmpty' ? ...` would error on a
    // missing key if defaults were not applied first, as the API server does.
    let crds = crds_or_skip!();
    let mut pool = nodepool_v1beta1();
    pool["spec"]["disruption"] = json!({});
    assert_conforms(crds, &pool);
    pool["spec"]["disruption"] = json!({"consolidateAfter": "30s"});
    assert_fails_with(crds, &pool, &["CEL spec.disruption", "WhenUnderutilized"]);
}

#[test]
fn design_aksnodeclass_fields_are_pruned() {
    let crds = crds_or_skip!();
    let design = json!({
        "apiVersion": "karpenter.azure.com/v1alpha2",
        "kind": "AKSNodeClass",
        "metadata": {"name": "default"},
        "spec": {
            "location": "westeurope",
            "resourceGroup": "rg-demo",
            "subnetName": "nodes",
            "instanceTypes": ["Standard_D4s_v5"],
            "osDisk": {"sizeGB": 128},
            "userData": "#!/bin/bash\necho hi\n",
            "imageFamily": "Ubuntu2204"
        }
    });
    let failures = crds.check(&design);
    for field in [
        "location",
        "resourceGroup",
        "subnetName",
        "instanceTypes",
        "osDisk",
        "userData",
    ] {
        let needle = format!("pruned spec.{field}: unknown field");
        assert!(
            failures.iter().any(|f| f.contains(&needle)),
            "no {needle:?} in {failures:#?}"
        );
    }
    assert_eq!(failures.len(), 6, "{failures:#?}");
}

#[test]
fn string_where_a_boolean_belongs_fails() {
    let crds = crds_or_skip!();
    let mut cluster = managed_cluster();
    cluster["spec"]["agentPoolProfiles"][0]["enableAutoScaling"] = json!("false");
    assert_fails_with(
        crds,
        &cluster,
        &[
            "schema spec.agentPoolProfiles[0].enableAutoScaling",
            "boolean",
        ],
    );
}

#[test]
fn schema_constraints_fail() {
    let crds = crds_or_skip!();
    // required
    let mut cluster = managed_cluster();
    cluster["spec"].as_object_mut().unwrap().remove("owner");
    assert_fails_with(crds, &cluster, &["schema spec", "owner"]);
    // pattern (RE2, Go semantics) on an agent pool name
    let mut cluster = managed_cluster();
    cluster["spec"]["agentPoolProfiles"][0]["name"] = json!("System-Pool");
    assert_fails_with(
        crds,
        &cluster,
        &["spec.agentPoolProfiles[0].name", "pattern"],
    );
    // enum
    let mut class = aksnodeclass_v1beta1();
    class["spec"]["imageFamily"] = json!("Windows");
    assert_fails_with(crds, &class, &["schema spec.imageFamily"]);
    // minimum / maximum
    class["spec"]["imageFamily"] = json!("Ubuntu");
    class["spec"]["osDiskSizeGB"] = json!(4096);
    assert_fails_with(crds, &class, &["schema spec.osDiskSizeGB"]);
    // pattern with `(?i)` (RE2 only) on vnetSubnetID
    let mut class = aksnodeclass_v1beta1();
    class["spec"]["vnetSubnetID"] = json!("nodes");
    assert_fails_with(crds, &class, &["schema spec.vnetSubnetID", "pattern"]);
    // a v1 NodePool requires disruption.consolidateAfter
    let mut pool = nodepool_v1();
    pool["spec"]["disruption"] = json!({"consolidationPolicy": "WhenEmpty"});
    assert_fails_with(crds, &pool, &["schema spec.disruption", "consolidateAfter"]);
    // an object the server would empty entirely (`type: object`, nothing declared)
    let mut wf = workflow_with_dag();
    wf["spec"]["arguments"] =
        json!({"parameters": [{"name": "p", "valueFrom": {"supplied": {"x": 1}}}]});
    assert_fails_with(
        crds,
        &wf,
        &["pruned spec.arguments.parameters[0].valueFrom.supplied.x"],
    );
}

#[test]
fn nodepool_v1beta1_when_empty_needs_consolidate_after() {
    let crds = crds_or_skip!();
    let mut pool = nodepool_v1beta1();
    pool["spec"]["disruption"] = json!({"consolidationPolicy": "WhenEmpty"});
    assert_fails_with(
        crds,
        &pool,
        &[
            "CEL spec.disruption",
            "consolidateAfter must be specified with consolidationPolicy=WhenEmpty",
        ],
    );
    pool["spec"]["disruption"]["consolidateAfter"] = json!("30s");
    assert_conforms(crds, &pool);
}

#[test]
fn nodepool_v1_restricted_requirement_key_fails() {
    let crds = crds_or_skip!();
    let mut pool = nodepool_v1();
    pool["spec"]["template"]["spec"]["requirements"][0]["key"] =
        json!("karpenter.azure.com/not-a-key");
    // Exercises the Kubernetes `find` extension function.
    assert_fails_with(
        crds,
        &pool,
        &[
            "CEL spec.template.spec.requirements",
            "label domain \"karpenter.azure.com\" is restricted",
        ],
    );
    let mut pool = nodepool_v1();
    pool["spec"]["template"]["spec"]["requirements"][0]["key"] = json!("kubernetes.io/hostname");
    assert_fails_with(
        crds,
        &pool,
        &["label \"kubernetes.io/hostname\" is restricted"],
    );
    // Gt/Lt need a single non-negative integer (`int()` of a string).
    let mut pool = nodepool_v1();
    pool["spec"]["template"]["spec"]["requirements"][2]["values"] = json!(["many"]);
    // `int("many")` errors: an evaluation error is a failure, naming the rule.
    assert_fails_with(
        crds,
        &pool,
        &[
            "CEL spec.template.spec.requirements",
            "could not be evaluated",
            "[rule: self.all(x, (x.operator == 'Gt'",
        ],
    );
}

#[test]
fn metadata_is_checked() {
    let crds = crds_or_skip!();
    let mut pool = nodepool_v1();
    pool["metadata"]["namespace"] = json!("default");
    assert_fails_with(crds, &pool, &["metadata.namespace", "cluster-scoped"]);

    let mut pool = nodepool_v1();
    pool["metadata"] = json!({"labels": {"a": "b"}});
    assert_fails_with(crds, &pool, &["metadata.name: required"]);

    let mut pool = nodepool_v1();
    pool["metadata"]["name"] = json!("General_Purpose");
    assert_fails_with(crds, &pool, &["metadata.name", "RFC 1123 subdomain"]);

    let mut pool = nodepool_v1();
    pool["metadata"]["labels"] = json!({"-bad": "ok", "good": "not ok!", "n": 1});
    let failures = assert_fails_with(crds, &pool, &["metadata.labels key \"-bad\""]);
    assert!(
        failures.iter().any(|f| f.contains("value \"not ok!\"")),
        "{failures:#?}"
    );
    assert!(
        failures.iter().any(|f| f.contains("must be a string")),
        "{failures:#?}"
    );

    let mut pool = nodepool_v1();
    pool["metadata"]["label"] = json!({"a": "b"});
    assert_fails_with(crds, &pool, &["metadata.label: unknown ObjectMeta field"]);

    // Namespaced kinds may carry a namespace, and it must be a DNS label.
    let mut wf = workflow_with_dag();
    wf["metadata"]["namespace"] = json!("Argo");
    assert_fails_with(crds, &wf, &["metadata.namespace \"Argo\""]);
    let mut wf = workflow_with_dag();
    wf["metadata"]["generateName"] = json!("Provision-");
    assert_fails_with(crds, &wf, &["metadata.generateName"]);
}

#[test]
fn argo_depends_and_dependencies_fails() {
    let crds = crds_or_skip!();
    let mut wf = workflow_with_dag();
    wf["spec"]["templates"][0]["dag"]["tasks"][1]["dependencies"] = json!(["resource-group"]);
    assert_fails_with(
        crds,
        &wf,
        &[
            "CEL spec.templates[0].dag.tasks[1]",
            "cannot use both 'depends' and 'dependencies'",
        ],
    );
}

#[test]
fn argo_dag_with_active_deadline_fails() {
    let crds = crds_or_skip!();
    let mut wf = workflow_with_dag();
    wf["spec"]["templates"][0]["activeDeadlineSeconds"] = json!(3600);
    assert_fails_with(
        crds,
        &wf,
        &[
            "CEL spec.templates",
            "activeDeadlineSeconds is only valid for leaf templates",
        ],
    );
    // The same rule holds in a WorkflowTemplate.
    let mut tmpl = workflow_with_dag();
    tmpl["kind"] = json!("WorkflowTemplate");
    tmpl["metadata"] = json!({"name": "provision-aks", "namespace": "argo"});
    assert_conforms(crds, &tmpl);
    tmpl["spec"]["templates"][0]["activeDeadlineSeconds"] = json!(3600);
    assert_fails_with(crds, &tmpl, &["activeDeadlineSeconds is only valid"]);
}

#[test]
fn argo_one_template_type_per_template() {
    let crds = crds_or_skip!();
    let mut wf = workflow_with_dag();
    wf["spec"]["templates"][1]["container"] = json!({"image": "alpine:3.20"});
    assert_fails_with(crds, &wf, &["template must have at most one template type"]);
}

#[test]
fn list_map_keys_must_be_unique_after_defaulting() {
    let crds = crds_or_skip!();
    let mut wf = workflow_with_dag();
    wf["spec"]["templates"][1] = json!({"name": "apply", "container": {
        "image": "alpine:3.20",
        "ports": [{"containerPort": 80}, {"containerPort": 80, "protocol": "TCP"}]
    }});
    assert_fails_with(
        crds,
        &wf,
        &["spec.templates[1].container.ports[1]", "duplicate entry"],
    );
}

#[test]
fn sysctl_port_range_rules_use_split_and_int() {
    let crds = crds_or_skip!();
    let mut class = aksnodeclass_v1beta1();
    class["spec"]["linuxOSConfig"] = json!({"sysctls": {"netIPv4IPLocalPortRange": "1024 65000"}});
    assert_conforms(crds, &class);
    class["spec"]["linuxOSConfig"] = json!({"sysctls": {"netIPv4IPLocalPortRange": "80 1000"}});
    let failures = assert_fails_with(
        crds,
        &class,
        &[
            "CEL spec.linuxOSConfig.sysctls",
            "first port must be in [1024, 60999]",
        ],
    );
    assert!(
        failures
            .iter()
            .any(|f| f.contains("last port must be in [32768, 65535]")),
        "{failures:#?}"
    );
}

#[test]
fn unknown_kinds_and_bad_yaml_are_reported() {
    let crds = crds_or_skip!();
    let failures = crds.check(&json!({"apiVersion": "karpenter.sh/v2", "kind": "NodePool"}));
    assert!(failures[0].contains("no CRD"), "{failures:#?}");
    let failures = crds.check(&json!({"kind": "NodePool"}));
    assert_eq!(failures.len(), 1, "{failures:#?}");

    let yaml = "---\napiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: a\n  namespace: x\nspec:\n  template:\n    spec:\n      nodeClassRef: {group: karpenter.azure.com, kind: AKSNodeClass, name: default}\n      requirements: []\n";
    let failures = crds.check_yaml(yaml);
    assert!(
        failures
            .iter()
            .any(|f| f.starts_with("document 0 (NodePool/a): metadata.namespace")),
        "{failures:#?}"
    );
}

#[test]
fn cel_helpers() {
    use support::cel_rules::mentions_identifier;
    assert!(mentions_identifier("self.a == oldSelf.a", "oldSelf"));
    assert!(!mentions_identifier("self.a == 'oldSelf'", "oldSelf"));
    assert!(!mentions_identifier("self.oldSelfish", "oldSelf"));
    assert!(!mentions_identifier(r#"self == "x \" oldSelf""#, "oldSelf"));

    let env = support::cel_rules::env().expect("CEL env");
    let ctx = cel::Context::with_env(env.clone());
    for (src, expected) in [
        (
            r#""karpenter.azure.com/sku-family".find("^([^/]+)")"#,
            "karpenter.azure.com",
        ),
        (r#""no-slash".find("/(x)")"#, ""),
        (r#"'1024 65000'.split(' ')[1]"#, "65000"),
    ] {
        let program = env.compile(src).expect(src);
        assert_eq!(
            program.execute(&ctx),
            Ok(cel::Value::from(expected)),
            "{src}"
        );
    }
    let program = env
        .compile(
            "'a1b22c333'.findAll('[0-9]+').size() == 3 && 'a1b22'.findAll('[0-9]+', 1) == ['1']",
        )
        .expect("findAll");
    assert_eq!(program.execute(&ctx), Ok(cel::Value::Bool(true)));
    // JSON integers become CEL ints, floats doubles.
    let v = support::cel_rules::to_cel(&json!({"i": 3, "f": 0.5}), &Value::Null);
    let mut ctx = cel::Context::with_env(env.clone());
    ctx.add_variable_from_value("self", v);
    let program = env
        .compile("self.i == 3 && type(self.i) == int && self.f == 0.5")
        .expect("types");
    assert_eq!(program.execute(&ctx), Ok(cel::Value::Bool(true)));
}

fn dns_override(zone: &str, destination: &str) -> Value {
    json!({
        "zone": zone, "forwardDestination": destination, "forwardPolicy": "Sequential",
        "maxConcurrent": 1000, "protocol": "PreferUDP", "queryLogging": "Error",
        "serveStale": "Immediate", "serveStaleDuration": "1h", "cacheDuration": "1h"
    })
}

/// Objects that reach most rule-bearing nodes: any rule that cannot be
/// evaluated (missing function, type mismatch) would show up as a failure.
#[test]
fn rich_objects_evaluate_every_kind_of_rule() {
    let crds = crds_or_skip!();

    let mut class = aksnodeclass_v1beta1();
    class["spec"]["fipsMode"] = json!("FIPS");
    class["spec"]["imageFamily"] = json!("AzureLinux");
    class["spec"]["kubelet"] = json!({
        "imageGCHighThresholdPercent": 85, "imageGCLowThresholdPercent": 80,
        "failSwapOn": false, "cpuManagerPolicy": "static"
    });
    class["spec"]["linuxOSConfig"] = json!({"swapFileSize": "1Gi", "sysctls": {
        "netCoreRmemDefault": 212992, "netCoreRmemMax": 212992,
        "netIPv4NeighDefaultGcThresh1": 128, "netIPv4NeighDefaultGcThresh2": 512,
        "netIPv4NeighDefaultGcThresh3": 1024
    }});
    class["spec"]["localDNS"] = json!({
        "mode": "Preferred",
        "vnetDNSOverrides": [dns_override(".", "VnetDNS"), dns_override("cluster.local", "ClusterCoreDNS")],
        "kubeDNSOverrides": [dns_override(".", "ClusterCoreDNS"), dns_override("cluster.local", "ClusterCoreDNS")]
    });
    let failures = crds.check(&class);
    // Whatever the schema says about these values, no rule may fail to evaluate.
    assert!(
        !failures
            .iter()
            .any(|f| f.contains("could not be evaluated") || f.contains("does not compile")),
        "{failures:#?}"
    );
    assert_conforms(crds, &class);
    // And the rules do bite:
    class["spec"]["kubelet"]["imageGCLowThresholdPercent"] = json!(90);
    class["spec"]["localDNS"]["vnetDNSOverrides"] = json!([dns_override(".", "ClusterCoreDNS")]);
    let failures = crds.check(&class);
    for needle in [
        "imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent",
        "must contain required zones '.' and 'cluster.local'",
        "root zone '.' cannot be forwarded to ClusterCoreDNS",
    ] {
        assert!(
            failures.iter().any(|f| f.contains(needle)),
            "no {needle:?} in {failures:#?}"
        );
    }

    let mut pool = nodepool_v1();
    pool["spec"]["template"]["metadata"] = json!({"labels": {"team": "platform"}});
    pool["spec"]["template"]["spec"]["taints"] =
        json!([{"key": "dedicated", "value": "x", "effect": "NoSchedule"}]);
    pool["spec"]["disruption"]["budgets"] = json!([
        {"nodes": "10%"},
        {"nodes": "0", "schedule": "0 9 * * mon-fri", "duration": "8h"}
    ]);
    pool["spec"]["weight"] = json!(10);
    assert_conforms(crds, &pool);
    pool["spec"]["disruption"]["budgets"][1]
        .as_object_mut()
        .unwrap()
        .remove("duration");
    pool["spec"]["template"]["metadata"]["labels"]["karpenter.sh/nodepool"] = json!("x");
    let failures = crds.check(&pool);
    for needle in [
        "'schedule' must be set with 'duration'",
        "label \"karpenter.sh/nodepool\" is restricted",
    ] {
        assert!(
            failures.iter().any(|f| f.contains(needle)),
            "no {needle:?} in {failures:#?}"
        );
    }
    // Static pools (`replicas`): only `limits.nodes`, no weight.
    let mut pool = nodepool_v1();
    pool["spec"]["replicas"] = json!(3);
    pool["spec"]["weight"] = json!(10);
    let failures = crds.check(&pool);
    for needle in [
        "'weight' is not supported on static NodePools",
        "only 'limits.nodes' is supported",
    ] {
        assert!(
            failures.iter().any(|f| f.contains(needle)),
            "no {needle:?} in {failures:#?}"
        );
    }

    let mut pool = nodepool_v1beta1();
    pool["spec"]["template"]["spec"]["kubelet"] = json!({
        "evictionSoft": {"memory.available": "500Mi"},
        "evictionSoftGracePeriod": {"memory.available": "1m"},
        "kubeReserved": {"cpu": "100m"},
        "systemReserved": {"memory": "100Mi"}
    });
    assert_conforms(crds, &pool);
    pool["spec"]["template"]["spec"]["kubelet"]["kubeReserved"] = json!({"cpu": "-1", "gpu": "1"});
    pool["spec"]["template"]["spec"]["kubelet"]["evictionSoftGracePeriod"] =
        json!({"nodefs.available": "1m"});
    let failures = crds.check(&pool);
    for needle in [
        "kubeReserved value cannot be a negative resource quantity",
        "valid keys for kubeReserved are",
        "evictionSoft OwnerKey does not have a matching evictionSoftGracePeriod",
    ] {
        assert!(
            failures.iter().any(|f| f.contains(needle)),
            "no {needle:?} in {failures:#?}"
        );
    }

    let mut wf = workflow_with_dag();
    wf["spec"]["metrics"] = json!({"prometheus": [{
        "name": "cluster_provisioning_time_seconds", "help": "Provisioning time",
        "gauge": {"realtime": false, "value": "{{workflow.duration}}"}
    }]});
    wf["spec"]["templates"][0]["dag"]["tasks"][0]["withSequence"] = json!({"count": "3"});
    wf["spec"]["templates"][1]["outputs"] =
        json!({"artifacts": [{"name": "log", "path": "/tmp/log", "s3": {"key": "k"}}]});
    assert_conforms(crds, &wf);
    wf["spec"]["metrics"]["prometheus"][0]["gauge"] =
        json!({"realtime": true, "value": "{{workflow.resourcesDuration.cpu}}"});
    wf["spec"]["templates"][0]["dag"]["tasks"][0]["withSequence"]["end"] = json!("5");
    wf["spec"]["templates"][1]["outputs"]["artifacts"][0]["http"] =
        json!({"url": "https://example.invalid"});
    wf["spec"]["templates"][1]["resource"]["manifestFrom"] = json!({"artifact": {"name": "m"}});
    let failures = crds.check(&wf);
    for needle in [
        "'resourcesDuration.*' metrics cannot be used in real-time gauges",
        "only one of count or end can be defined",
        "at most one artifact location can be specified",
        "only one of manifest or manifestFrom can be specified",
    ] {
        assert!(
            failures.iter().any(|f| f.contains(needle)),
            "no {needle:?} in {failures:#?}"
        );
    }
}

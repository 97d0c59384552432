//! NodePool (`karpenter.sh/v1` and `karpenter.sh/v1beta1`): the platform's three node pool
//! profiles (standard D, memory-optimized E, compute-optimized F) and the options around them.

use std::collections::BTreeMap;

use aksflow::karpenter_sh::{v1, v1beta1};
use aksflow::quantity::Quantity;
use serde_json::json;

use crate::{Case, NegativeCase, case};

/// One of the platform's node pool types (PLATFORM-DESIGN.md, "Node Pool Type Configurations").
struct Profile {
    name: &'static str,
    sku_family: &'static str,
    vm_sizes: [&'static str; 2],
    max_cpu: &'static str,
    max_memory: &'static str,
    /// Specialized pools carry a taint so that only tolerating workloads land there.
    taint: bool,
}

const PROFILES: [Profile; 3] = [
    Profile {
        name: "standard",
        sku_family: "D",
        vm_sizes: ["Standard_DS2_v2", "Standard_DS3_v2"],
        max_cpu: "1000",
        max_memory: "1000Gi",
        taint: false,
    },
    Profile {
        name: "memory-optimized",
        sku_family: "E",
        vm_sizes: ["Standard_E2s_v3", "Standard_E4s_v3"],
        max_cpu: "1000",
        max_memory: "2000Gi",
        taint: true,
    },
    Profile {
        name: "compute-optimized",
        sku_family: "F",
        vm_sizes: ["Standard_F2s_v2", "Standard_F4s_v2"],
        max_cpu: "2000",
        max_memory: "1000Gi",
        taint: true,
    },
];

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn limits(pairs: &[(&str, &str)]) -> BTreeMap<String, Quantity> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Quantity((*v).to_owned())))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// karpenter.sh/v1
// ---------------------------------------------------------------------------------------------

mod v1_cases {
    use super::*;
    use v1::{
        Budget, ConsolidationPolicy, Disruption, DisruptionReason, NodeClaimTemplate,
        NodeClaimTemplateMetadata, NodeClaimTemplateSpec, NodeClassReference, NodePool,
        NodePoolSpec, NodeSelectorOperator, NodeSelectorRequirementWithMinValues as Req, Taint,
        TaintEffect,
    };

    fn base_requirements(sku_family: &str) -> Vec<Req> {
        vec![
            Req::is_in("karpenter.azure.com/sku-family", [sku_family]),
            Req::is_in("kubernetes.io/arch", ["amd64"]),
        ]
    }

    fn template(requirements: Vec<Req>) -> NodeClaimTemplateSpec {
        NodeClaimTemplateSpec::builder()
            .node_class_ref(NodeClassReference::aks_node_class("payments-prod"))
            .requirements(requirements)
            .build()
    }

    fn pool(name: &str, spec: NodePoolSpec) -> NodePool {
        NodePool::builder()
            .name(name)
            .spec(spec)
            .build()
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn profile(profile: &Profile) -> NodePool {
        let mut requirements = base_requirements(profile.sku_family);
        requirements.push(Req::is_in(
            "node.kubernetes.io/instance-type",
            profile.vm_sizes,
        ));
        let mut spec = template(requirements);
        spec.expire_after = Some("2160h".into());
        if profile.taint {
            spec.taints = Some(vec![Taint::new(
                profile.name,
                "true",
                TaintEffect::NoSchedule,
            )]);
        }
        pool(
            &format!("payments-prod-{}", profile.name),
            NodePoolSpec::builder()
                .template(
                    NodeClaimTemplate::builder()
                        .metadata(
                            NodeClaimTemplateMetadata::builder()
                                .labels(labels(&[
                                    ("node-pool-type", profile.name),
                                    ("cluster-name", "payments-prod"),
                                ]))
                                .build(),
                        )
                        .spec(spec)
                        .build(),
                )
                .disruption(
                    Disruption::builder()
                        .consolidation_policy(ConsolidationPolicy::WhenEmptyOrUnderutilized)
                        .consolidate_after("30s")
                        .build(),
                )
                .limits(limits(&[
                    ("cpu", profile.max_cpu),
                    ("memory", profile.max_memory),
                ]))
                .build(),
        )
    }

    pub fn cases() -> Vec<Case> {
        let mut out: Vec<Case> = PROFILES
            .iter()
            .map(|p| case(format!("NodePool v1 {} profile", p.name), &profile(p)))
            .collect();

        let budgets = pool(
            "budgets",
            NodePoolSpec::builder()
                .template(
                    NodeClaimTemplate::builder()
                        .spec(template(base_requirements("D")))
                        .build(),
                )
                .disruption(
                    Disruption::builder()
                        .consolidation_policy(ConsolidationPolicy::WhenEmpty)
                        .consolidate_after("5m")
                        .budgets(vec![
                            Budget::builder().nodes("10%").build(),
                            Budget::builder()
                                .nodes("0")
                                .reasons(vec![
                                    DisruptionReason::Drifted,
                                    DisruptionReason::Underutilized,
                                ])
                                .schedule("0 9 * * mon-fri")
                                .duration("8h")
                                .build(),
                            Budget::builder()
                                .nodes("3")
                                .reasons(vec![DisruptionReason::Empty])
                                .schedule("@daily")
                                .duration("1h30m")
                                .build(),
                        ])
                        .build(),
                )
                .build(),
        );
        out.push(case(
            "NodePool v1 with scheduled budgets and reasons",
            &budgets,
        ));

        let mut tainted = template(base_requirements("E"));
        tainted.taints = Some(vec![
            Taint::new("workload", "analytics", TaintEffect::NoSchedule),
            Taint::builder()
                .key("example.com/spot")
                .effect(TaintEffect::PreferNoSchedule)
                .build(),
        ]);
        tainted.startup_taints = Some(vec![Taint::new(
            "node.cilium.io/agent-not-ready",
            "true",
            TaintEffect::NoExecute,
        )]);
        tainted.termination_grace_period = Some("48h".into());
        let tainted = pool(
            "tainted",
            NodePoolSpec::builder()
                .template(NodeClaimTemplate::builder().spec(tainted).build())
                .disruption(Disruption::builder().consolidate_after("0s").build())
                .build(),
        );
        out.push(case(
            "NodePool v1 with taints, startupTaints and terminationGracePeriod",
            &tainted,
        ));

        let mut flexible = Req::is_in(
            "karpenter.azure.com/sku-name",
            [
                "Standard_D4s_v5",
                "Standard_D8s_v5",
                "Standard_D4as_v5",
                "Standard_D8as_v5",
            ],
        );
        flexible.min_values = Some(3);
        let mut capacity = Req::is_in("karpenter.sh/capacity-type", ["spot", "on-demand"]);
        capacity.min_values = Some(1);
        let min_values = pool(
            "flexible",
            NodePoolSpec::builder()
                .template(
                    NodeClaimTemplate::builder()
                        .spec(template(vec![
                            flexible,
                            capacity,
                            Req::is_in("kubernetes.io/os", ["linux"]),
                        ]))
                        .build(),
                )
                .disruption(Disruption::builder().consolidate_after("1m").build())
                .build(),
        );
        out.push(case("NodePool v1 with minValues", &min_values));

        let mut big = base_requirements("F");
        big.push(Req::with_values(
            "karpenter.azure.com/sku-cpu",
            NodeSelectorOperator::Gt,
            ["7"],
        ));
        big.push(Req::with_values(
            "karpenter.azure.com/sku-memory",
            NodeSelectorOperator::Lte,
            ["65536"],
        ));
        big.push(Req::with_values(
            "karpenter.azure.com/sku-gpu-count",
            NodeSelectorOperator::DoesNotExist,
            Vec::<String>::new(),
        ));
        big.push(Req::with_values(
            "topology.kubernetes.io/zone",
            NodeSelectorOperator::NotIn,
            ["westeurope-3"],
        ));
        let weighted = pool(
            "big-compute",
            NodePoolSpec::builder()
                .template(NodeClaimTemplate::builder().spec(template(big)).build())
                .disruption(Disruption::builder().consolidate_after("10m").build())
                .weight(80)
                .limits(limits(&[
                    ("cpu", "512"),
                    ("memory", "2Ti"),
                    ("nodes", "40"),
                ]))
                .build(),
        );
        out.push(case(
            "NodePool v1 with Gt/Lte requirements on SKU and weight",
            &weighted,
        ));

        let mut never = template(base_requirements("D"));
        never.expire_after = Some(v1::NillableDuration::Never);
        let never = pool(
            "long-lived",
            NodePoolSpec::builder()
                .template(NodeClaimTemplate::builder().spec(never).build())
                .disruption(
                    Disruption::builder()
                        .consolidation_policy(ConsolidationPolicy::Balanced)
                        .consolidate_after(v1::NillableDuration::Never)
                        .build(),
                )
                .build(),
        );
        out.push(case(
            "NodePool v1 Balanced, consolidateAfter and expireAfter Never",
            &never,
        ));

        let static_pool = pool(
            "static",
            NodePoolSpec::builder()
                .template(
                    NodeClaimTemplate::builder()
                        .metadata(
                            NodeClaimTemplateMetadata::builder()
                                .labels(labels(&[
                                    ("kubernetes.azure.com/mode", "user"),
                                    ("team", "platform"),
                                ]))
                                .annotations(labels(&[("example.com/owner", "platform team")]))
                                .build(),
                        )
                        .spec(template(base_requirements("D")))
                        .build(),
                )
                .replicas(3)
                .limits(limits(&[("nodes", "5")]))
                .build(),
        );
        out.push(case(
            "NodePool v1 static (replicas) with node labels and annotations",
            &static_pool,
        ));
        out
    }
}

// ---------------------------------------------------------------------------------------------
// karpenter.sh/v1beta1
// ---------------------------------------------------------------------------------------------

mod v1beta1_cases {
    use super::*;
    use v1beta1::{
        Budget, ConsolidationPolicy, Disruption, EvictionSignal, KubeletConfiguration,
        NodeClaimSpec, NodeClaimTemplate, NodeClaimTemplateMetadata, NodeClassReference, NodePool,
        NodePoolSpec, NodeSelectorOperator, NodeSelectorRequirementWithMinValues as Req,
        ReservedResource, Taint, TaintEffect,
    };

    fn base_requirements(sku_family: &str) -> Vec<Req> {
        vec![
            Req::is_in("karpenter.azure.com/sku-family", [sku_family]),
            Req::is_in("kubernetes.io/arch", ["amd64"]),
        ]
    }

    fn template(requirements: Vec<Req>) -> NodeClaimSpec {
        NodeClaimSpec::builder()
            .node_class_ref(NodeClassReference::aks_node_class("payments-prod"))
            .requirements(requirements)
            .build()
    }

    fn pool(name: &str, spec: NodePoolSpec) -> NodePool {
        NodePool::builder()
            .name(name)
            .spec(spec)
            .build()
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// The design's NodePool, parameters filled in for `profile` (its shape is valid v1beta1).
    fn design(profile: &Profile) -> NodePool {
        let mut requirements = base_requirements(profile.sku_family);
        requirements.push(Req::is_in(
            "node.kubernetes.io/instance-type",
            profile.vm_sizes,
        ));
        let mut spec = NodeClaimSpec::builder()
            .node_class_ref(
                NodeClassReference::builder()
                    .kind("AKSNodeClass")
                    .name("payments-prod-nodeclass")
                    .build(),
            )
            .requirements(requirements)
            .build();
        if profile.taint {
            spec.taints = Some(vec![Taint::new(
                "node-pool-type",
                profile.name,
                TaintEffect::NoSchedule,
            )]);
        }
        pool(
            &format!("payments-prod-{}", profile.name),
            NodePoolSpec::builder()
                .template(
                    NodeClaimTemplate::builder()
                        .metadata(
                            NodeClaimTemplateMetadata::builder()
                                .labels(labels(&[
                                    ("node-pool-type", profile.name),
                                    ("cluster-name", "payments-prod"),
                                ]))
                                .build(),
                        )
                        .spec(spec)
                        .build(),
                )
                .disruption(
                    Disruption::builder()
                        .consolidation_policy(ConsolidationPolicy::WhenEmpty)
                        .consolidate_after("30s")
                        .expire_after("2160h")
                        .build(),
                )
                .limits(limits(&[
                    ("cpu", profile.max_cpu),
                    ("memory", profile.max_memory),
                ]))
                .build(),
        )
    }

    pub fn cases() -> Vec<Case> {
        let mut out: Vec<Case> = PROFILES
            .iter()
            .map(|p| {
                case(
                    format!("NodePool v1beta1 {} profile (the design's shape)", p.name),
                    &design(p),
                )
            })
            .collect();

        let budgets = pool(
            "budgets",
            NodePoolSpec::builder()
                .template(
                    NodeClaimTemplate::builder()
                        .spec(template(base_requirements("D")))
                        .build(),
                )
                .disruption(
                    Disruption::builder()
                        .consolidation_policy(ConsolidationPolicy::WhenUnderutilized)
                        .budgets(vec![
                            Budget::builder().nodes("20%").build(),
                            Budget::builder()
                                .nodes("0")
                                .schedule("0 8 * * 1-5")
                                .duration("10h")
                                .build(),
                        ])
                        .build(),
                )
                .build(),
        );
        out.push(case("NodePool v1beta1 with scheduled budgets", &budgets));

        let mut kubelet = template(base_requirements("E"));
        kubelet.taints = Some(vec![Taint::new(
            "workload",
            "cache",
            TaintEffect::NoSchedule,
        )]);
        kubelet.startup_taints = Some(vec![
            Taint::builder()
                .key("example.com/warming")
                .effect(TaintEffect::NoExecute)
                .build(),
        ]);
        kubelet.kubelet = Some(
            KubeletConfiguration::builder()
                .max_pods(110)
                .eviction_hard(BTreeMap::from([(
                    EvictionSignal::MemoryAvailable,
                    "5%".to_owned(),
                )]))
                .eviction_soft(BTreeMap::from([(
                    EvictionSignal::NodefsAvailable,
                    "10%".to_owned(),
                )]))
                .eviction_soft_grace_period(BTreeMap::from([(
                    EvictionSignal::NodefsAvailable,
                    "1m30s".to_owned(),
                )]))
                .image_gc_high_threshold_percent(85)
                .image_gc_low_threshold_percent(80)
                .kube_reserved(BTreeMap::from([
                    (ReservedResource::Cpu, "100m".to_owned()),
                    (ReservedResource::Memory, "500Mi".to_owned()),
                ]))
                .build(),
        );
        let kubelet = pool(
            "kubelet",
            NodePoolSpec::builder()
                .template(NodeClaimTemplate::builder().spec(kubelet).build())
                .disruption(
                    Disruption::builder()
                        .consolidation_policy(ConsolidationPolicy::WhenEmpty)
                        .consolidate_after("2m")
                        .build(),
                )
                .build(),
        );
        out.push(case(
            "NodePool v1beta1 with taints, startupTaints and kubelet",
            &kubelet,
        ));

        let mut flexible = Req::is_in(
            "karpenter.azure.com/sku-name",
            ["Standard_D4s_v5", "Standard_D8s_v5", "Standard_D4as_v5"],
        );
        flexible.min_values = Some(2);
        let min_values = pool(
            "flexible",
            NodePoolSpec::builder()
                .template(
                    NodeClaimTemplate::builder()
                        .spec(template(vec![flexible]))
                        .build(),
                )
                .build(),
        );
        out.push(case(
            "NodePool v1beta1 with minValues and default disruption",
            &min_values,
        ));

        let mut big = base_requirements("F");
        big.push(Req::with_values(
            "karpenter.azure.com/sku-cpu",
            NodeSelectorOperator::Gt,
            ["7"],
        ));
        big.push(Req::with_values(
            "karpenter.azure.com/sku-memory",
            NodeSelectorOperator::Lt,
            ["131072"],
        ));
        big.push(Req::with_values(
            "karpenter.sh/capacity-type",
            NodeSelectorOperator::Exists,
            Vec::<String>::new(),
        ));
        let weighted = pool(
            "big-compute",
            NodePoolSpec::builder()
                .template(NodeClaimTemplate::builder().spec(template(big)).build())
                .weight(90)
                .limits(limits(&[("cpu", "256"), ("memory", "1Ti")]))
                .build(),
        );
        out.push(case(
            "NodePool v1beta1 with Gt/Lt requirements on SKU and weight",
            &weighted,
        ));

        let never = pool(
            "long-lived",
            NodePoolSpec::builder()
                .template(
                    NodeClaimTemplate::builder()
                        .spec(template(base_requirements("D")))
                        .build(),
                )
                .disruption(
                    Disruption::builder()
                        .consolidation_policy(ConsolidationPolicy::WhenUnderutilized)
                        .consolidate_after(v1beta1::NillableDuration::Never)
                        .expire_after(v1beta1::NillableDuration::Never)
                        .build(),
                )
                .build(),
        );
        out.push(case(
            "NodePool v1beta1 WhenUnderutilized, consolidateAfter and expireAfter Never",
            &never,
        ));
        out
    }
}

pub fn cases() -> Vec<Case> {
    let mut out = v1_cases::cases();
    out.extend(v1beta1_cases::cases());
    out
}

/// A minimal valid v1 NodePool, as raw JSON, for negative cases to break.
fn v1_raw() -> serde_json::Value {
    json!({
        "apiVersion": "karpenter.sh/v1",
        "kind": "NodePool",
        "metadata": { "name": "default" },
        "spec": {
            "template": {
                "spec": {
                    "nodeClassRef": { "group": "karpenter.azure.com", "kind": "AKSNodeClass", "name": "default" },
                    "requirements": [
                        { "key": "karpenter.azure.com/sku-family", "operator": "In", "values": ["D"] }
                    ]
                }
            },
            "disruption": { "consolidationPolicy": "WhenEmptyOrUnderutilized", "consolidateAfter": "30s" }
        }
    })
}

/// The design's v1beta1 NodePool as written (Argo placeholders in it), with the given apiVersion.
fn design_as_written(api_version: &str) -> serde_json::Value {
    json!({
        "apiVersion": api_version,
        "kind": "NodePool",
        "metadata": { "name": "{{inputs.parameters.cluster-name}}-nodepool" },
        "spec": {
            "template": {
                "metadata": {
                    "labels": {
                        "node-pool-type": "{{inputs.parameters.node-pool-type}}",
                        "cluster-name": "{{inputs.parameters.cluster-name}}"
                    }
                },
                "spec": {
                    "nodeClassRef": { "kind": "AKSNodeClass", "name": "{{inputs.parameters.cluster-name}}-nodeclass" },
                    "requirements": [
                        { "key": "karpenter.azure.com/sku-family", "operator": "In", "values": ["{{inputs.parameters.sku-family}}"] },
                        { "key": "kubernetes.io/arch", "operator": "In", "values": ["amd64"] },
                        { "key": "node.kubernetes.io/instance-type", "operator": "In",
                          "values": ["{{inputs.parameters.primary-vm-size}}", "{{inputs.parameters.secondary-vm-size}}"] }
                    ],
                    "taints": [
                        { "key": "{{inputs.parameters.node-pool-type}}", "value": "true", "effect": "NoSchedule" }
                    ]
                }
            },
            "disruption": { "consolidationPolicy": "WhenEmpty", "consolidateAfter": "30s", "expireAfter": "2160h" },
            "limits": { "cpu": "{{inputs.parameters.max-cpu}}", "memory": "{{inputs.parameters.max-memory}}" }
        }
    })
}

/// The design's NodePool with the standard profile substituted, but sent as current Karpenter's `v1`
/// (`expireAfter` still under `disruption`, `nodeClassRef` without `group`).
fn design_rendered_as_v1() -> serde_json::Value {
    json!({
        "apiVersion": "karpenter.sh/v1",
        "kind": "NodePool",
        "metadata": { "name": "payments-prod-nodepool" },
        "spec": {
            "template": {
                "metadata": { "labels": { "node-pool-type": "standard", "cluster-name": "payments-prod" } },
                "spec": {
                    "nodeClassRef": { "kind": "AKSNodeClass", "name": "payments-prod-nodeclass" },
                    "requirements": [
                        { "key": "karpenter.azure.com/sku-family", "operator": "In", "values": ["D"] },
                        { "key": "kubernetes.io/arch", "operator": "In", "values": ["amd64"] },
                        { "key": "node.kubernetes.io/instance-type", "operator": "In", "values": ["Standard_DS2_v2", "Standard_DS3_v2"] }
                    ]
                }
            },
            "disruption": { "consolidationPolicy": "WhenEmpty", "consolidateAfter": "30s", "expireAfter": "2160h" },
            "limits": { "cpu": "1000", "memory": "1000Gi" }
        }
    })
}

pub fn negative_cases() -> Vec<NegativeCase> {
    let mut out = Vec::new();

    let mut when_empty = design_as_written("karpenter.sh/v1beta1");
    when_empty["metadata"]["name"] = json!("when-empty");
    when_empty["spec"] = json!({
        "template": { "spec": {
            "nodeClassRef": { "name": "default" },
            "requirements": [{ "key": "karpenter.azure.com/sku-family", "operator": "In", "values": ["D"] }]
        } },
        "disruption": { "consolidationPolicy": "WhenEmpty" }
    });
    out.push(NegativeCase {
        label: "NodePool v1beta1 WhenEmpty without consolidateAfter (CEL)",
        object: when_empty.clone(),
        expect: "consolidateAfter must be specified with consolidationPolicy=WhenEmpty",
    });

    let mut underutilized = when_empty;
    underutilized["spec"]["disruption"] =
        json!({ "consolidationPolicy": "WhenUnderutilized", "consolidateAfter": "30s" });
    out.push(NegativeCase {
        label: "NodePool v1beta1 WhenUnderutilized with consolidateAfter (CEL)",
        object: underutilized,
        expect: "consolidateAfter cannot be combined with consolidationPolicy=WhenUnderutilized",
    });

    let mut bad_key = v1_raw();
    bad_key["spec"]["template"]["spec"]["requirements"] =
        json!([{ "key": "karpenter.azure.com/not-a-key", "operator": "In", "values": ["x"] }]);
    out.push(NegativeCase {
        label: "NodePool v1 requirement key karpenter.azure.com/not-a-key (CEL)",
        object: bad_key,
        expect: r#"label domain "karpenter.azure.com" is restricted"#,
    });

    let mut hostname = v1_raw();
    hostname["spec"]["template"]["spec"]["requirements"] =
        json!([{ "key": "kubernetes.io/hostname", "operator": "In", "values": ["node-1"] }]);
    out.push(NegativeCase {
        label: "NodePool v1 requirement on kubernetes.io/hostname (CEL)",
        object: hostname,
        expect: r#"label "kubernetes.io/hostname" is restricted"#,
    });

    out.push(NegativeCase {
        label: "NodePool v1beta1 as the design writes it (Argo placeholders: not a name)",
        object: design_as_written("karpenter.sh/v1beta1"),
        expect: "metadata.name",
    });
    out.push(NegativeCase {
        label: "NodePool v1beta1 as the design writes it (Argo placeholders: limits not quantities)",
        object: design_as_written("karpenter.sh/v1beta1"),
        expect: "schema spec.limits.cpu",
    });
    out.push(NegativeCase {
        label: "NodePool design rendered as v1: expireAfter under disruption is pruned",
        object: design_rendered_as_v1(),
        expect: "pruned spec.disruption.expireAfter",
    });
    out.push(NegativeCase {
        label: "NodePool design rendered as v1: nodeClassRef without group",
        object: design_rendered_as_v1(),
        expect: r#""group" is a required property"#,
    });

    let mut no_group = v1_raw();
    no_group["spec"]["template"]["spec"]["nodeClassRef"] =
        json!({ "kind": "AKSNodeClass", "name": "default" });
    out.push(NegativeCase {
        label: "NodePool v1 nodeClassRef without group (required)",
        object: no_group,
        expect: r#""group" is a required property"#,
    });

    let mut namespaced = v1_raw();
    namespaced["metadata"]["namespace"] = json!("default");
    out.push(NegativeCase {
        label: "NodePool v1 with metadata.namespace (cluster-scoped)",
        object: namespaced,
        expect: "cluster-scoped",
    });

    let mut v1beta1_policy = v1_raw();
    v1beta1_policy["spec"]["disruption"]["consolidationPolicy"] = json!("WhenUnderutilized");
    out.push(NegativeCase {
        label: "NodePool v1 with the v1beta1 policy WhenUnderutilized",
        object: v1beta1_policy,
        expect: "schema spec.disruption.consolidationPolicy",
    });

    let mut half_budget = v1_raw();
    half_budget["spec"]["disruption"]["budgets"] = json!([{ "nodes": "0", "schedule": "@daily" }]);
    out.push(NegativeCase {
        label: "NodePool v1 budget with schedule but no duration (CEL)",
        object: half_budget,
        expect: "'schedule' must be set with 'duration'",
    });

    let mut gt = v1_raw();
    gt["spec"]["template"]["spec"]["requirements"] =
        json!([{ "key": "karpenter.azure.com/sku-cpu", "operator": "Gt", "values": ["4", "8"] }]);
    out.push(NegativeCase {
        label: "NodePool v1 Gt with two values (CEL)",
        object: gt,
        expect: "must have a single positive integer value",
    });

    let mut min_values = v1_raw();
    min_values["spec"]["template"]["spec"]["requirements"] = json!([{
        "key": "karpenter.azure.com/sku-name", "operator": "In", "values": ["Standard_D4s_v5"], "minValues": 2
    }]);
    out.push(NegativeCase {
        label: "NodePool v1 minValues above the number of values (CEL)",
        object: min_values,
        expect: "requirements with 'minValues' must have at least that many values",
    });

    let mut static_weight = v1_raw();
    static_weight["spec"]["replicas"] = json!(2);
    static_weight["spec"]["weight"] = json!(10);
    static_weight["spec"]["limits"] = json!({ "cpu": "100" });
    out.push(NegativeCase {
        label: "NodePool v1 static with weight (CEL)",
        object: static_weight.clone(),
        expect: "'weight' is not supported on static NodePools",
    });
    out.push(NegativeCase {
        label: "NodePool v1 static with a cpu limit (CEL)",
        object: static_weight,
        expect: "only 'limits.nodes' is supported on static NodePools",
    });

    let mut v1beta1_zone = design_as_written("karpenter.sh/v1beta1");
    v1beta1_zone["metadata"]["name"] = json!("zonal");
    v1beta1_zone["spec"] = json!({
        "template": { "spec": {
            "nodeClassRef": { "name": "default" },
            "requirements": [{ "key": "example.k8s.io/tier", "operator": "In", "values": ["a"] }]
        } }
    });
    out.push(NegativeCase {
        label: "NodePool v1beta1 requirement in the k8s.io domain (CEL)",
        object: v1beta1_zone,
        expect: r#"label domain "k8s.io" is restricted"#,
    });

    let mut weight = v1_raw();
    weight["spec"]["weight"] = json!(101);
    out.push(NegativeCase {
        label: "NodePool v1 weight above 100",
        object: weight,
        expect: "schema spec.weight",
    });
    out
}

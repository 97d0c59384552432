//! NodePool (`karpenter.sh/v1`, cluster-scoped): the nodes Karpenter may create, and how it may
//! disrupt them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Code;
use crate::karpenter_sh::common::{
    Duration, LabelRules, NillableDuration, OperatorClass, RequirementParts, Taint, check_budget,
    check_limits, check_requirement, check_taint_duplicates, check_template_annotations,
    check_template_labels,
};
use crate::quantity::Quantity;
use crate::resource::{check_metadata, kubernetes_kind};
use crate::validation::{Report, Validate, check, pattern};

kubernetes_kind! {
    /// A Karpenter NodePool: the constraints on the nodes Karpenter launches (instance types,
    /// taints, node class) and its disruption and capacity limits.
    pub struct NodePool {
        api_version: "karpenter.sh/v1",
        group: "karpenter.sh",
        version: "v1",
        plural: "nodepools",
        scope: Cluster,
        spec: NodePoolSpec,
        max_name_length: 63,
    }
}

/// The desired state of a NodePool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodePoolSpec {
    /// The template of the NodeClaims (and so the nodes) this NodePool launches.
    pub template: NodeClaimTemplate,
    /// How Karpenter may disrupt (consolidate, expire, replace) this NodePool's nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disruption: Option<Disruption>,
    /// Upper bounds on the capacity this NodePool provisions, by resource (`cpu`, `memory`, `nodes`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<BTreeMap<String, Quantity>>,
    /// Priority among NodePools during scheduling (1-100, higher first); not on static NodePools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
    /// A fixed number of nodes (a static NodePool) instead of scaling with pod demand (alpha).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i64>,
}

/// The template of the NodeClaims a NodePool launches: node metadata and spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeClaimTemplate {
    /// Labels and annotations put on the nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<NodeClaimTemplateMetadata>,
    /// The NodeClaim spec: node class, requirements, taints, lifetime.
    pub spec: NodeClaimTemplateSpec,
}

/// Labels and annotations Karpenter puts on the nodes it launches.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeClaimTemplateMetadata {
    /// Node labels (at most 100; keys in Karpenter's and AKS's domains are restricted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    /// Node annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
}

/// What Karpenter launches: the node class, the requirements nodes must meet, taints and lifetime.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeClaimTemplateSpec {
    /// The provider-specific node class (for AKS an `AKSNodeClass`).
    pub node_class_ref: NodeClassReference,
    /// Constraints on the nodes' labels (instance type, SKU family, zone, capacity type, ...); at most 100.
    pub requirements: Vec<NodeSelectorRequirementWithMinValues>,
    /// Taints put on every node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taints: Option<Vec<Taint>>,
    /// Taints put on nodes at startup, expected to be removed by a daemon once the node is ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_taints: Option<Vec<Taint>>,
    /// How long a node lives before Karpenter replaces it (`720h` by default), or `Never`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub expire_after: Option<NillableDuration>,
    /// How long draining a node may take before its pods are deleted forcefully.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub termination_grace_period: Option<Duration>,
}

/// A reference to the node class (group, kind and name are all required in v1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct NodeClassReference {
    /// The node class's API group, e.g. `karpenter.azure.com`.
    pub group: String,
    /// The node class's kind, e.g. `AKSNodeClass`.
    pub kind: String,
    /// The node class object's name.
    pub name: String,
}

impl NodeClassReference {
    /// A reference to the `karpenter.azure.com` `AKSNodeClass` named `name`.
    pub fn aks_node_class(name: impl Into<String>) -> Self {
        Self {
            group: "karpenter.azure.com".to_owned(),
            kind: "AKSNodeClass".to_owned(),
            name: name.into(),
        }
    }
}

/// How a requirement's key relates to its values.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum NodeSelectorOperator {
    /// The label's value is one of `values`.
    In,
    /// The label's value is none of `values` (or the label is absent).
    NotIn,
    /// The label is present.
    Exists,
    /// The label is absent.
    DoesNotExist,
    /// The label's value is an integer greater than the single value.
    Gt,
    /// The label's value is an integer less than the single value.
    Lt,
    /// The label's value is an integer greater than or equal to the single value.
    Gte,
    /// The label's value is an integer less than or equal to the single value.
    Lte,
}

impl NodeSelectorOperator {
    fn class(self) -> OperatorClass {
        match self {
            Self::In => OperatorClass::In,
            Self::Gt | Self::Lt | Self::Gte | Self::Lte => OperatorClass::Numeric,
            Self::NotIn | Self::Exists | Self::DoesNotExist => OperatorClass::Other,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::In => "In",
            Self::NotIn => "NotIn",
            Self::Exists => "Exists",
            Self::DoesNotExist => "DoesNotExist",
            Self::Gt => "Gt",
            Self::Lt => "Lt",
            Self::Gte => "Gte",
            Self::Lte => "Lte",
        }
    }
}

/// A constraint on a node label, optionally with the minimum number of distinct values
/// Karpenter must keep available (`minValues`, for instance-type flexibility).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct NodeSelectorRequirementWithMinValues {
    /// The label key, e.g. `karpenter.azure.com/sku-family` or `node.kubernetes.io/instance-type`.
    pub key: String,
    /// How the key relates to the values.
    pub operator: NodeSelectorOperator,
    /// The values (label values; one non-negative integer for `Gt`/`Lt`/`Gte`/`Lte`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// The minimum number of distinct values the scheduler must keep available (1-50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_values: Option<i64>,
}

impl NodeSelectorRequirementWithMinValues {
    /// `key In values`.
    pub fn is_in<I, S>(key: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::with_values(key, NodeSelectorOperator::In, values)
    }

    /// `key <operator> values`.
    pub fn with_values<I, S>(
        key: impl Into<String>,
        operator: NodeSelectorOperator,
        values: I,
    ) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            key: key.into(),
            operator,
            values: Some(values.into_iter().map(Into::into).collect()),
            min_values: None,
        }
    }
}

/// How Karpenter may disrupt the NodePool's nodes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Disruption {
    /// Which nodes consolidation may remove or replace (`WhenEmptyOrUnderutilized` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consolidation_policy: Option<ConsolidationPolicy>,
    /// How long after a pod is added or removed a node may be consolidated, or `Never`.
    #[builder(into)]
    pub consolidate_after: NillableDuration,
    /// Limits on how many nodes may be disrupted at once, possibly on a schedule (at most 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budgets: Option<Vec<Budget>>,
}

/// Which nodes Karpenter's consolidation may disrupt (v1).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum ConsolidationPolicy {
    /// Only nodes without workload pods.
    WhenEmpty,
    /// Empty nodes, and nodes whose pods fit elsewhere or on a cheaper node.
    WhenEmptyOrUnderutilized,
    /// Like `WhenEmptyOrUnderutilized`, weighing savings against the disruption caused.
    Balanced,
}

/// A limit on how many nodes Karpenter may disrupt at once, optionally only in a time window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct Budget {
    /// The most nodes that may be disrupted at once: a count (`5`) or a percentage (`10%`).
    pub nodes: String,
    /// The disruption reasons the budget applies to (all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasons: Option<Vec<DisruptionReason>>,
    /// When the budget becomes active: a cron schedule (UTC) or macro such as `@daily`; set with `duration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// How long the budget stays active after each schedule hit (hours/minutes, e.g. `8h`); set with `schedule`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub duration: Option<Duration>,
}

/// Why Karpenter disrupts a node, as budgets name it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum DisruptionReason {
    /// Consolidation of underutilized nodes.
    Underutilized,
    /// Removal of empty nodes.
    Empty,
    /// Replacement of nodes that drifted from their NodePool/NodeClass.
    Drifted,
}

/// The v1 CRD's restricted-label rules, plus Karpenter's runtime rule on the `kubernetes.io` and
/// `k8s.io` domains (v1 moved it from CEL into the controller, which marks such a NodePool invalid).
const LABEL_RULES_BASE: LabelRules = LabelRules {
    kubernetes_io: None,
    k8s_io: true,
    kubernetes_io_by_runtime: true,
    karpenter_azure_com: &[
        "karpenter.azure.com/aksnodeclass",
        "karpenter.azure.com/sku-name",
        "karpenter.azure.com/sku-family",
        "karpenter.azure.com/sku-series",
        "karpenter.azure.com/sku-version",
        "karpenter.azure.com/sku-cpu",
        "karpenter.azure.com/sku-memory",
        "karpenter.azure.com/sku-networking-accelerated",
        "karpenter.azure.com/sku-storage-premium-capable",
        "karpenter.azure.com/sku-storage-ultra-ssd",
        "karpenter.azure.com/sku-storage-ephemeralos-maxsize",
        "karpenter.azure.com/sku-gpu-name",
        "karpenter.azure.com/sku-gpu-manufacturer",
        "karpenter.azure.com/sku-gpu-count",
        "karpenter.azure.com/placement-scope",
    ],
    kubernetes_azure_com: Some(&[
        "kubernetes.azure.com/mode",
        "kubernetes.azure.com/scalesetpriority",
        "kubernetes.azure.com/priority",
        "kubernetes.azure.com/fips_enabled",
        "kubernetes.azure.com/os-sku",
        "kubernetes.azure.com/cluster",
        "kubernetes.azure.com/sku-cpu",
        "kubernetes.azure.com/sku-memory",
        "kubernetes.azure.com/ebpf-dataplane",
        "kubernetes.azure.com/ebpf-host-routing",
        "kubernetes.azure.com/network-policy",
        "kubernetes.azure.com/hostedvm",
    ]),
    restricted_keys: &["agentpool", "storageprofile", "storagetier", "accelerator"],
};

/// Karpenter's well-known labels in the `kubernetes.io` domain (allowed on nodes).
const WELL_KNOWN_KUBERNETES_IO: &[&str] = &[
    "topology.kubernetes.io/zone",
    "topology.kubernetes.io/region",
    "node.kubernetes.io/instance-type",
    "kubernetes.io/arch",
    "kubernetes.io/os",
    "node.kubernetes.io/windows-build",
];

/// Well-known labels plus the deprecated aliases Karpenter normalizes in requirements.
const REQUIREMENT_KUBERNETES_IO: &[&str] = &[
    "topology.kubernetes.io/zone",
    "topology.kubernetes.io/region",
    "node.kubernetes.io/instance-type",
    "kubernetes.io/arch",
    "kubernetes.io/os",
    "node.kubernetes.io/windows-build",
    "failure-domain.beta.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/region",
    "beta.kubernetes.io/arch",
    "beta.kubernetes.io/os",
    "beta.kubernetes.io/instance-type",
];

const LABEL_RULES: LabelRules = LabelRules {
    kubernetes_io: Some(WELL_KNOWN_KUBERNETES_IO),
    ..LABEL_RULES_BASE
};

const REQUIREMENT_RULES: LabelRules = LabelRules {
    kubernetes_io: Some(REQUIREMENT_KUBERNETES_IO),
    ..LABEL_RULES_BASE
};

static NO_SLASH: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| pattern(r"^[^/]*$"));

impl Validate for NodePool {
    fn validate_into(&self, report: &mut Report) {
        check_metadata::<Self>(report, &self.metadata);
        report.nested("spec", &self.spec);
    }
}

impl Validate for NodePoolSpec {
    fn validate_into(&self, report: &mut Report) {
        report.nested("template", &self.template);
        report.nested("disruption", &self.disruption);
        if let Some(limits) = &self.limits {
            report.field("limits", |r| {
                check_limits(r, limits);
                if self.replicas.is_some() && limits.keys().any(|k| k != "nodes") {
                    r.violation(
                        Code::Conflict,
                        "only 'limits.nodes' is supported on static NodePools (replicas set)",
                    );
                }
            });
        }
        if let Some(weight) = self.weight {
            report.field("weight", |r| {
                check::range(r, weight, 1, 100);
                if self.replicas.is_some() {
                    r.violation(
                        Code::Conflict,
                        "'weight' is not supported on static NodePools (replicas set)",
                    );
                }
            });
        }
        if let Some(replicas) = self.replicas {
            report.field("replicas", |r| check::range(r, replicas, 0, i64::MAX));
        }
    }
}

impl Validate for NodeClaimTemplate {
    fn validate_into(&self, report: &mut Report) {
        report.nested("metadata", &self.metadata);
        report.nested("spec", &self.spec);
    }
}

impl Validate for NodeClaimTemplateMetadata {
    fn validate_into(&self, report: &mut Report) {
        if let Some(labels) = &self.labels {
            report.field("labels", |r| check_template_labels(r, labels, &LABEL_RULES));
        }
        if let Some(annotations) = &self.annotations {
            report.field("annotations", |r| {
                check_template_annotations(r, annotations)
            });
        }
    }
}

impl Validate for NodeClaimTemplateSpec {
    fn validate_into(&self, report: &mut Report) {
        report.nested("nodeClassRef", &self.node_class_ref);
        report.field("requirements", |r| {
            check::max_items(r, &self.requirements, 100);
            self.requirements.validate_into(r);
        });
        report.nested("taints", &self.taints);
        report.nested("startupTaints", &self.startup_taints);
        check_taint_duplicates(
            report,
            self.taints.as_deref(),
            self.startup_taints.as_deref(),
        );
        report.nested("expireAfter", &self.expire_after);
        report.nested("terminationGracePeriod", &self.termination_grace_period);
    }
}

impl Validate for NodeClassReference {
    fn validate_into(&self, report: &mut Report) {
        report.field("group", |r| {
            if self.group.is_empty() {
                r.violation(Code::Required, "group may not be empty");
            } else {
                check::matches(r, &self.group, &NO_SLASH, "an API group (no '/')");
            }
        });
        report.field("kind", |r| {
            if self.kind.is_empty() {
                r.violation(Code::Required, "kind may not be empty");
            }
        });
        report.field("name", |r| check::dns_subdomain(r, &self.name));
    }
}

impl Validate for NodeSelectorRequirementWithMinValues {
    fn validate_into(&self, report: &mut Report) {
        check_requirement(
            report,
            &RequirementParts {
                key: &self.key,
                operator: self.operator.class(),
                operator_name: self.operator.name(),
                values: self.values.as_deref(),
                min_values: self.min_values,
            },
            &REQUIREMENT_RULES,
        );
    }
}

impl Validate for Disruption {
    fn validate_into(&self, report: &mut Report) {
        report.nested("consolidateAfter", &self.consolidate_after);
        if let Some(budgets) = &self.budgets {
            report.field("budgets", |r| {
                check::max_items(r, budgets, 50);
                budgets.validate_into(r);
            });
        }
    }
}

impl Validate for Budget {
    fn validate_into(&self, report: &mut Report) {
        check_budget(
            report,
            &self.nodes,
            self.schedule.as_deref(),
            self.duration.as_ref(),
        );
        if let Some(reasons) = &self.reasons {
            report.field("reasons", |r| {
                for (i, reason) in reasons.iter().enumerate() {
                    if reasons[..i].contains(reason) {
                        r.item(i, |r| {
                            r.violation(Code::Duplicate, format!("{reason:?} is listed twice"))
                        });
                    }
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::karpenter_sh::common::TaintEffect;
    use crate::{from_yaml, to_yaml};

    fn standard() -> NodePool {
        NodePool::builder()
            .name("payments-prod-standard")
            .spec(
                NodePoolSpec::builder()
                    .template(
                        NodeClaimTemplate::builder()
                            .metadata(
                                NodeClaimTemplateMetadata::builder()
                                    .labels(BTreeMap::from([(
                                        "node-pool-type".to_owned(),
                                        "standard".to_owned(),
                                    )]))
                                    .build(),
                            )
                            .spec(
                                NodeClaimTemplateSpec::builder()
                                    .node_class_ref(NodeClassReference::aks_node_class(
                                        "payments-prod",
                                    ))
                                    .requirements(vec![
                                        NodeSelectorRequirementWithMinValues::is_in(
                                            "karpenter.azure.com/sku-family",
                                            ["D"],
                                        ),
                                        NodeSelectorRequirementWithMinValues::is_in(
                                            "node.kubernetes.io/instance-type",
                                            ["Standard_DS2_v2", "Standard_DS3_v2"],
                                        ),
                                    ])
                                    .taints(vec![Taint::new(
                                        "node-pool-type",
                                        "standard",
                                        TaintEffect::NoSchedule,
                                    )])
                                    .expire_after("2160h")
                                    .build(),
                            )
                            .build(),
                    )
                    .disruption(
                        Disruption::builder()
                            .consolidation_policy(ConsolidationPolicy::WhenEmpty)
                            .consolidate_after("30s")
                            .budgets(vec![Budget::builder().nodes("10%").build()])
                            .build(),
                    )
                    .limits(BTreeMap::from([
                        ("cpu".to_owned(), Quantity("1000".into())),
                        ("memory".to_owned(), Quantity("1000Gi".into())),
                    ]))
                    .weight(10)
                    .build(),
            )
            .build()
            .unwrap()
    }

    const STANDARD_YAML: &str = r#"apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: payments-prod-standard
spec:
  template:
    metadata:
      labels:
        node-pool-type: standard
    spec:
      nodeClassRef:
        group: karpenter.azure.com
        kind: AKSNodeClass
        name: payments-prod
      requirements:
      - key: karpenter.azure.com/sku-family
        operator: In
        values:
        - D
      - key: node.kubernetes.io/instance-type
        operator: In
        values:
        - Standard_DS2_v2
        - Standard_DS3_v2
      taints:
      - key: node-pool-type
        value: standard
        effect: NoSchedule
      expireAfter: 2160h
  disruption:
    consolidationPolicy: WhenEmpty
    consolidateAfter: 30s
    budgets:
    - nodes: 10%
  limits:
    cpu: "1000"
    memory: 1000Gi
  weight: 10
"#;

    #[test]
    fn writes_the_crd_shape() {
        let yaml = to_yaml(&standard()).unwrap();
        assert_eq!(yaml, STANDARD_YAML);
        assert_eq!(from_yaml::<NodePool>(&yaml).unwrap(), standard());
    }

    #[test]
    fn hand_written_yaml_round_trips() {
        let yaml = r#"apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: gpu
spec:
  template:
    spec:
      nodeClassRef:
        group: karpenter.azure.com
        kind: AKSNodeClass
        name: default
      requirements:
      - key: karpenter.azure.com/sku-cpu
        operator: Gt
        values:
        - "7"
      - key: karpenter.azure.com/sku-name
        operator: In
        values:
        - Standard_D8s_v5
        - Standard_D16s_v5
        minValues: 2
      - key: kubernetes.io/arch
        operator: Exists
      startupTaints:
      - key: example.com/not-ready
        effect: NoExecute
      expireAfter: Never
      terminationGracePeriod: 48h
  disruption:
    consolidationPolicy: Balanced
    consolidateAfter: Never
    budgets:
    - nodes: "0"
      reasons:
      - Drifted
      - Underutilized
      schedule: 0 9 * * mon-fri
      duration: 8h
  limits:
    nodes: "3"
  replicas: 3
"#;
        let pool: NodePool = from_yaml(yaml).unwrap();
        pool.validate().unwrap();
        assert_eq!(
            pool.spec.template.spec.expire_after,
            Some(NillableDuration::Never)
        );
        assert_eq!(to_yaml(&pool).unwrap(), yaml);
        // An unquoted integer limit (int-or-string in the CRD) reads as a quantity.
        let int_limit = yaml.replace("nodes: \"3\"", "nodes: 3");
        assert_eq!(from_yaml::<NodePool>(&int_limit).unwrap(), pool);
    }

    fn violations(pool: &NodePool) -> Vec<(String, Code)> {
        match pool.validate() {
            Ok(()) => Vec::new(),
            Err(error) => error
                .violations()
                .iter()
                .map(|v| (v.path.to_string(), v.code))
                .collect(),
        }
    }

    fn with_requirements(reqs: Vec<NodeSelectorRequirementWithMinValues>) -> NodePool {
        let mut pool = standard();
        pool.spec.template.spec.requirements = reqs;
        pool
    }

    const REQ: &str = "spec.template.spec.requirements";

    #[test]
    fn restricted_requirement_keys() {
        let pool = with_requirements(vec![
            NodeSelectorRequirementWithMinValues::is_in("karpenter.azure.com/not-a-key", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("kubernetes.io/hostname", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("karpenter.sh/nodepool", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("kubernetes.azure.com/agentpool", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("accelerator", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("example.k8s.io/x", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("karpenter.sh/other", ["x"]),
            // Allowed: well-known, aliases, exception domains, the allow-lists.
            NodeSelectorRequirementWithMinValues::is_in("topology.kubernetes.io/zone", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("beta.kubernetes.io/arch", ["amd64"]),
            NodeSelectorRequirementWithMinValues::is_in("node.kubernetes.io/foo", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("kops.k8s.io/x", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("karpenter.sh/capacity-type", ["spot"]),
            NodeSelectorRequirementWithMinValues::is_in("kubernetes.azure.com/os-sku", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("karpenter.azure.com/sku-series", ["x"]),
            // The labels the platform uses (Karpenter's WellKnownLabels, the Azure allow-list).
            NodeSelectorRequirementWithMinValues::is_in("kubernetes.io/arch", ["amd64"]),
            NodeSelectorRequirementWithMinValues::is_in("kubernetes.io/os", ["linux"]),
            NodeSelectorRequirementWithMinValues::is_in("node.kubernetes.io/instance-type", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("karpenter.azure.com/sku-family", ["D"]),
            NodeSelectorRequirementWithMinValues::is_in("karpenter.azure.com/sku-name", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("karpenter.azure.com/sku-cpu", ["4"]),
            // No prefix: Karpenter's GetLabelDomain gives no domain, so nothing is restricted.
            NodeSelectorRequirementWithMinValues::is_in("example.k8s.io", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("example.kubernetes.io", ["x"]),
        ]);
        assert_eq!(
            violations(&pool),
            vec![
                (format!("{REQ}[0].key"), Code::NotAllowed),
                // hostname breaks both the kubernetes.io domain rule and its own rule.
                (format!("{REQ}[1].key"), Code::NotAllowed),
                (format!("{REQ}[1].key"), Code::NotAllowed),
                (format!("{REQ}[2].key"), Code::NotAllowed),
                (format!("{REQ}[3].key"), Code::NotAllowed),
                (format!("{REQ}[4].key"), Code::NotAllowed),
                (format!("{REQ}[5].key"), Code::NotAllowed),
                (format!("{REQ}[6].key"), Code::NotAllowed),
            ]
        );
    }

    #[test]
    fn requirement_values() {
        use NodeSelectorOperator::*;
        let mut min_too_big =
            NodeSelectorRequirementWithMinValues::is_in("karpenter.azure.com/sku-name", ["a", "b"]);
        min_too_big.min_values = Some(3);
        let mut min_out_of_range =
            NodeSelectorRequirementWithMinValues::is_in("karpenter.azure.com/sku-name", ["a"]);
        min_out_of_range.min_values = Some(0);
        let pool = with_requirements(vec![
            NodeSelectorRequirementWithMinValues::is_in("a", Vec::<String>::new()),
            NodeSelectorRequirementWithMinValues::with_values("b", Gt, ["1", "2"]),
            NodeSelectorRequirementWithMinValues::with_values("c", Lt, ["x"]),
            NodeSelectorRequirementWithMinValues::with_values("d", Gte, ["-1"]),
            NodeSelectorRequirementWithMinValues::with_values("e", Lte, Vec::<String>::new()),
            min_too_big,
            min_out_of_range,
            NodeSelectorRequirementWithMinValues::is_in("f", ["not a label value"]),
            NodeSelectorRequirementWithMinValues::with_values("g", Gt, ["8"]),
            NodeSelectorRequirementWithMinValues::builder()
                .key("h")
                .operator(Exists)
                .build(),
        ]);
        assert_eq!(
            violations(&pool),
            vec![
                (format!("{REQ}[0].values"), Code::Required),
                (format!("{REQ}[1].values"), Code::TooLong),
                (format!("{REQ}[2].values"), Code::Pattern),
                (format!("{REQ}[3].values[0]"), Code::Pattern),
                (format!("{REQ}[3].values"), Code::OutOfRange),
                (format!("{REQ}[4].values"), Code::Required),
                (format!("{REQ}[5].values"), Code::TooShort),
                (format!("{REQ}[6].minValues"), Code::OutOfRange),
                (format!("{REQ}[7].values[0]"), Code::Pattern),
            ]
        );
        let too_many =
            with_requirements(vec![
                NodeSelectorRequirementWithMinValues::is_in("a", ["b"]);
                101
            ]);
        assert_eq!(violations(&too_many), vec![(REQ.to_owned(), Code::TooLong)]);
    }

    #[test]
    fn template_labels_taints_and_node_class() {
        let mut pool = standard();
        pool.spec.template.metadata = Some(
            NodeClaimTemplateMetadata::builder()
                .labels(BTreeMap::from([
                    ("kubernetes.azure.com/mode".to_owned(), "user".to_owned()),
                    ("kubernetes.azure.com/foo".to_owned(), "x".to_owned()),
                    ("team".to_owned(), "way too long value ".repeat(4)),
                ]))
                .annotations(BTreeMap::from([("bad key!".to_owned(), String::new())]))
                .build(),
        );
        let spec = &mut pool.spec.template.spec;
        spec.node_class_ref.group = String::new();
        spec.node_class_ref.kind = String::new();
        spec.taints = Some(vec![Taint::new("a", "1", TaintEffect::NoSchedule)]);
        spec.startup_taints = Some(vec![Taint::new("a", "2", TaintEffect::NoSchedule)]);
        spec.expire_after = Some("30d".into());
        spec.termination_grace_period = Some("Never".into());
        assert_eq!(
            violations(&pool),
            vec![
                (
                    r#"spec.template.metadata.labels["kubernetes.azure.com/foo"]"#.to_owned(),
                    Code::NotAllowed
                ),
                (
                    "spec.template.metadata.labels.team".to_owned(),
                    Code::TooLong
                ),
                (
                    r#"spec.template.metadata.annotations["bad key!"]"#.to_owned(),
                    Code::Pattern
                ),
                (
                    "spec.template.spec.nodeClassRef.group".to_owned(),
                    Code::Required
                ),
                (
                    "spec.template.spec.nodeClassRef.kind".to_owned(),
                    Code::Required
                ),
                (
                    "spec.template.spec.startupTaints[0]".to_owned(),
                    Code::Duplicate
                ),
                (
                    "spec.template.spec.expireAfter".to_owned(),
                    Code::InvalidDuration
                ),
                (
                    "spec.template.spec.terminationGracePeriod".to_owned(),
                    Code::InvalidDuration
                ),
            ]
        );
    }

    #[test]
    fn spec_level_rules() {
        let mut pool = standard();
        pool.metadata.namespace = Some("default".into());
        pool.metadata.name = Some("x".repeat(64));
        pool.spec.weight = Some(0);
        pool.spec.limits = Some(BTreeMap::from([(
            "cpu".to_owned(),
            Quantity("lots".into()),
        )]));
        pool.spec.disruption = Some(
            Disruption::builder()
                .consolidate_after("1 minute")
                .budgets(vec![
                    Budget::builder()
                        .nodes("110%")
                        .schedule("@daily")
                        .reasons(vec![DisruptionReason::Empty, DisruptionReason::Empty])
                        .build(),
                ])
                .build(),
        );
        assert_eq!(
            violations(&pool),
            vec![
                ("metadata.name".to_owned(), Code::TooLong),
                ("metadata.namespace".to_owned(), Code::NotAllowed),
                (
                    "spec.disruption.consolidateAfter".to_owned(),
                    Code::InvalidDuration
                ),
                ("spec.disruption.budgets[0].nodes".to_owned(), Code::Pattern),
                (
                    "spec.disruption.budgets[0].duration".to_owned(),
                    Code::Required
                ),
                (
                    "spec.disruption.budgets[0].reasons[1]".to_owned(),
                    Code::Duplicate
                ),
                ("spec.limits.cpu".to_owned(), Code::InvalidQuantity),
                ("spec.weight".to_owned(), Code::OutOfRange),
            ]
        );
    }

    #[test]
    fn static_node_pools() {
        let mut pool = standard();
        pool.spec.replicas = Some(-1);
        assert_eq!(
            violations(&pool),
            vec![
                ("spec.limits".to_owned(), Code::Conflict),
                ("spec.weight".to_owned(), Code::Conflict),
                ("spec.replicas".to_owned(), Code::OutOfRange),
            ]
        );
        pool.spec.replicas = Some(2);
        pool.spec.weight = None;
        pool.spec.limits = Some(BTreeMap::from([("nodes".to_owned(), Quantity("2".into()))]));
        assert!(pool.validate().is_ok());
    }

    #[test]
    fn wrong_kind_and_shape() {
        let v1beta1 = STANDARD_YAML.replace("karpenter.sh/v1", "karpenter.sh/v1beta1");
        assert!(matches!(
            from_yaml::<NodePool>(&v1beta1),
            Err(crate::Error::WrongKind(_))
        ));
        let policy = STANDARD_YAML.replace("WhenEmpty", "WhenUnderutilized");
        assert!(matches!(
            from_yaml::<NodePool>(&policy),
            Err(crate::Error::Parse(_))
        ));
        let no_group = STANDARD_YAML.replace("        group: karpenter.azure.com\n", "");
        assert!(matches!(
            from_yaml::<NodePool>(&no_group),
            Err(crate::Error::Parse(_))
        ));
    }

    #[test]
    fn kube_core_resource_works() {
        use kube_core::Resource as _;
        assert_eq!(NodePool::kind(&()), "NodePool");
        assert_eq!(NodePool::api_version(&()), "karpenter.sh/v1");
        assert_eq!(NodePool::plural(&()), "nodepools");
    }

    #[test]
    fn json_schema_generates() {
        let schema = crate::schema::schema_for::<NodePool>().to_string();
        assert!(
            schema.contains(r#""^(([0-9]+(s|m|h))+|Never)$""#),
            "{schema}"
        );
        assert!(schema.contains("\"NodePoolSpec\""));
    }
}

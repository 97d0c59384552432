//! NodePool (`karpenter.sh/v1beta1`, cluster-scoped): the NodePool of older Karpenter releases
//! (karpenter-provider-azure v0.7 and before), the version the platform design names.
//!
//! Differences from v1 (each a different type here): `nodeClassRef` is `{apiVersion?, kind?, name}`,
//! `expireAfter` lives under `disruption`, the consolidation policies are `WhenEmpty` and
//! `WhenUnderutilized`, the template carries `kubelet`, budgets have no `reasons`, there is no
//! `terminationGracePeriod` and no `replicas`, and the restricted label rules differ.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Code;
use crate::karpenter_sh::common::{
    Duration, LabelRules, NillableDuration, OperatorClass, RequirementParts, Taint, check_budget,
    check_limits, check_requirement, check_taint_duplicates, check_template_annotations,
    check_template_labels,
};
use crate::quantity::{Quantity, check_quantity, is_quantity};
use crate::resource::{check_metadata, kubernetes_kind};
use crate::validation::{Report, Validate, check, pattern};

kubernetes_kind! {
    /// A Karpenter NodePool (v1beta1): the constraints on the nodes Karpenter launches and its
    /// disruption and capacity limits.
    pub struct NodePool {
        api_version: "karpenter.sh/v1beta1",
        group: "karpenter.sh",
        version: "v1beta1",
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
    /// How Karpenter may disrupt (consolidate, expire) this NodePool's nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disruption: Option<Disruption>,
    /// Upper bounds on the capacity this NodePool provisions, by resource (`cpu`, `memory`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<BTreeMap<String, Quantity>>,
    /// Priority among NodePools during scheduling (1-100, higher first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
}

/// The template of the NodeClaims a NodePool launches: node metadata and spec.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeClaimTemplate {
    /// Labels and annotations put on the nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<NodeClaimTemplateMetadata>,
    /// The NodeClaim spec: node class, requirements, taints, kubelet.
    pub spec: NodeClaimSpec,
}

/// Labels and annotations Karpenter puts on the nodes it launches.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeClaimTemplateMetadata {
    /// Node labels (at most 100; keys in Kubernetes', Karpenter's and Azure's domains are restricted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    /// Node annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
}

/// What Karpenter launches: the node class, the requirements nodes must meet, taints, kubelet settings.
///
/// The CRD's deprecated `resources` field (which must be empty) is not modelled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeClaimSpec {
    /// The provider-specific node class (for AKS an `AKSNodeClass`).
    pub node_class_ref: NodeClassReference,
    /// Constraints on the nodes' labels (instance type, SKU family, capacity type, ...); at most 100.
    pub requirements: Vec<NodeSelectorRequirementWithMinValues>,
    /// Taints put on every node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taints: Option<Vec<Taint>>,
    /// Taints put on nodes at startup, expected to be removed by a daemon once the node is ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_taints: Option<Vec<Taint>>,
    /// Settings passed to the kubelet of the provisioned nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubelet: Option<KubeletConfiguration>,
}

/// A reference to the node class (only `name` is required in v1beta1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct NodeClassReference {
    /// The node class's apiVersion, e.g. `karpenter.azure.com/v1alpha2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// The node class's kind, e.g. `AKSNodeClass`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The node class object's name.
    pub name: String,
}

impl NodeClassReference {
    /// A reference to the `karpenter.azure.com/v1alpha2` `AKSNodeClass` named `name`
    /// (the AKSNodeClass version Karpenter releases that serve NodePool v1beta1 know).
    pub fn aks_node_class(name: impl Into<String>) -> Self {
        Self {
            api_version: Some("karpenter.azure.com/v1alpha2".to_owned()),
            kind: Some("AKSNodeClass".to_owned()),
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
}

impl NodeSelectorOperator {
    fn class(self) -> OperatorClass {
        match self {
            Self::In => OperatorClass::In,
            Self::Gt | Self::Lt => OperatorClass::Numeric,
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
        }
    }
}

/// A constraint on a node label, optionally with the minimum number of distinct values
/// Karpenter must keep available (`minValues`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct NodeSelectorRequirementWithMinValues {
    /// The label key, e.g. `karpenter.azure.com/sku-family` or `node.kubernetes.io/instance-type`.
    pub key: String,
    /// How the key relates to the values.
    pub operator: NodeSelectorOperator,
    /// The values (label values; one non-negative integer for `Gt`/`Lt`).
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

/// Kubelet settings for the nodes a v1beta1 NodePool launches (moved to the NodeClass in v1).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KubeletConfiguration {
    /// IP addresses of the cluster DNS servers.
    #[serde(
        default,
        rename = "clusterDNS",
        skip_serializing_if = "Option::is_none"
    )]
    pub cluster_dns: Option<Vec<String>>,
    /// Whether CPU CFS quota is enforced for containers with CPU limits.
    #[serde(
        default,
        rename = "cpuCFSQuota",
        skip_serializing_if = "Option::is_none"
    )]
    pub cpu_cfs_quota: Option<bool>,
    /// Hard eviction thresholds by signal: a quantity or a percentage (e.g. `memory.available: 5%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("propertyNames" = {"enum": ["memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "imagefs.inodesFree", "pid.available"]}))]
    pub eviction_hard: Option<BTreeMap<EvictionSignal, String>>,
    /// The longest grace period (seconds) for pods evicted by a soft threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eviction_max_pod_grace_period: Option<i32>,
    /// Soft eviction thresholds by signal; each needs a grace period in `evictionSoftGracePeriod`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("propertyNames" = {"enum": ["memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "imagefs.inodesFree", "pid.available"]}))]
    pub eviction_soft: Option<BTreeMap<EvictionSignal, String>>,
    /// How long each soft threshold must hold before pods are evicted (e.g. `1m30s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("propertyNames" = {"enum": ["memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "imagefs.inodesFree", "pid.available"]}))]
    pub eviction_soft_grace_period: Option<BTreeMap<EvictionSignal, String>>,
    /// Disk usage (percent, 0-100) above which image garbage collection always runs.
    #[serde(
        default,
        rename = "imageGCHighThresholdPercent",
        skip_serializing_if = "Option::is_none"
    )]
    pub image_gc_high_threshold_percent: Option<i32>,
    /// Disk usage (percent, 0-100) below which image garbage collection never runs.
    #[serde(
        default,
        rename = "imageGCLowThresholdPercent",
        skip_serializing_if = "Option::is_none"
    )]
    pub image_gc_low_threshold_percent: Option<i32>,
    /// Resources reserved for Kubernetes system components.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("propertyNames" = {"enum": ["cpu", "memory", "ephemeral-storage", "pid"]}))]
    pub kube_reserved: Option<BTreeMap<ReservedResource, String>>,
    /// The most pods a node may run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pods: Option<i32>,
    /// The most pods per CPU core a node may run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pods_per_core: Option<i32>,
    /// Resources reserved for OS system daemons and kernel memory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("propertyNames" = {"enum": ["cpu", "memory", "ephemeral-storage", "pid"]}))]
    pub system_reserved: Option<BTreeMap<ReservedResource, String>>,
}

/// A kubelet eviction signal.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum EvictionSignal {
    /// Available memory.
    #[serde(rename = "memory.available")]
    MemoryAvailable,
    /// Available space on the node's root filesystem.
    #[serde(rename = "nodefs.available")]
    NodefsAvailable,
    /// Free inodes on the node's root filesystem.
    #[serde(rename = "nodefs.inodesFree")]
    NodefsInodesFree,
    /// Available space on the image filesystem.
    #[serde(rename = "imagefs.available")]
    ImagefsAvailable,
    /// Free inodes on the image filesystem.
    #[serde(rename = "imagefs.inodesFree")]
    ImagefsInodesFree,
    /// Available process ids.
    #[serde(rename = "pid.available")]
    PidAvailable,
}

/// A resource the kubelet can reserve for system components.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum ReservedResource {
    /// CPU, e.g. `100m`.
    #[serde(rename = "cpu")]
    Cpu,
    /// Memory, e.g. `500Mi`.
    #[serde(rename = "memory")]
    Memory,
    /// Local ephemeral storage, e.g. `1Gi`.
    #[serde(rename = "ephemeral-storage")]
    EphemeralStorage,
    /// Process ids, e.g. `1000`.
    #[serde(rename = "pid")]
    Pid,
}

/// How Karpenter may disrupt the NodePool's nodes.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Disruption {
    /// Which nodes consolidation may remove or replace (`WhenUnderutilized` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consolidation_policy: Option<ConsolidationPolicy>,
    /// How long a node must be empty before it is consolidated: required with `WhenEmpty`,
    /// not allowed with `WhenUnderutilized` (unless `Never`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub consolidate_after: Option<NillableDuration>,
    /// How long a node lives before Karpenter replaces it (`720h` by default), or `Never`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub expire_after: Option<NillableDuration>,
    /// Limits on how many nodes may be disrupted at once, possibly on a schedule (at most 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budgets: Option<Vec<Budget>>,
}

/// Which nodes Karpenter's consolidation may disrupt (v1beta1).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum ConsolidationPolicy {
    /// Only nodes without workload pods, after `consolidateAfter`.
    WhenEmpty,
    /// Empty nodes, and nodes whose pods fit elsewhere or on a cheaper node.
    WhenUnderutilized,
}

/// A limit on how many nodes Karpenter may disrupt at once, optionally only in a time window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct Budget {
    /// The most nodes that may be disrupted at once: a count (`5`) or a percentage (`10%`).
    pub nodes: String,
    /// When the budget becomes active: a cron schedule (UTC) or macro such as `@daily`; set with `duration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// How long the budget stays active after each schedule hit (hours/minutes, e.g. `8h`); set with `schedule`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub duration: Option<Duration>,
}

/// The `kubernetes.io` keys the v1beta1 requirement rule allows.
const REQUIREMENT_KUBERNETES_IO: &[&str] = &[
    "beta.kubernetes.io/instance-type",
    "failure-domain.beta.kubernetes.io/region",
    "beta.kubernetes.io/os",
    "beta.kubernetes.io/arch",
    "failure-domain.beta.kubernetes.io/zone",
    "topology.kubernetes.io/region",
    "node.kubernetes.io/instance-type",
    "kubernetes.io/arch",
    "kubernetes.io/os",
    "node.kubernetes.io/windows-build",
];

/// The `kubernetes.io` keys the v1beta1 label rule allows.
const LABEL_KUBERNETES_IO: &[&str] = &[
    "beta.kubernetes.io/instance-type",
    "failure-domain.beta.kubernetes.io/region",
    "beta.kubernetes.io/os",
    "beta.kubernetes.io/arch",
    "failure-domain.beta.kubernetes.io/zone",
    "topology.kubernetes.io/region",
    "kubernetes.io/arch",
    "kubernetes.io/os",
    "node.kubernetes.io/windows-build",
];

const KARPENTER_AZURE_COM: &[&str] = &[
    "karpenter.azure.com/sku-name",
    "karpenter.azure.com/sku-family",
    "karpenter.azure.com/sku-version",
    "karpenter.azure.com/sku-cpu",
    "karpenter.azure.com/sku-memory",
    "karpenter.azure.com/sku-accelerator",
    "karpenter.azure.com/sku-networking-accelerated",
    "karpenter.azure.com/sku-storage-premium-capable",
    "karpenter.azure.com/sku-storage-ephemeralos-maxsize",
    "karpenter.azure.com/sku-encryptionathost-capable",
    "karpenter.azure.com/sku-gpu-name",
    "karpenter.azure.com/sku-gpu-manufacturer",
    "karpenter.azure.com/sku-gpu-count",
];

/// The v1beta1 CRD's rules on template label keys.
const LABEL_RULES: LabelRules = LabelRules {
    kubernetes_io: Some(LABEL_KUBERNETES_IO),
    k8s_io: true,
    kubernetes_io_by_runtime: false,
    karpenter_azure_com: KARPENTER_AZURE_COM,
    kubernetes_azure_com: None,
    restricted_keys: &[],
};

/// The v1beta1 CRD's rules on requirement keys.
const REQUIREMENT_RULES: LabelRules = LabelRules {
    kubernetes_io: Some(REQUIREMENT_KUBERNETES_IO),
    ..LABEL_RULES
};

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
            report.field("limits", |r| check_limits(r, limits));
        }
        if let Some(weight) = self.weight {
            report.field("weight", |r| check::range(r, weight, 1, 100));
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

impl Validate for NodeClaimSpec {
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
        report.nested("kubelet", &self.kubelet);
    }
}

impl Validate for NodeClassReference {
    fn validate_into(&self, report: &mut Report) {
        if let Some(api_version) = &self.api_version {
            report.field("apiVersion", |r| {
                if api_version.is_empty() {
                    r.violation(Code::Required, "apiVersion may not be empty when set");
                }
            });
        }
        if let Some(kind) = &self.kind {
            report.field("kind", |r| {
                if kind.is_empty() {
                    r.violation(Code::Required, "kind may not be empty when set");
                }
            });
        }
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

/// An eviction threshold: a percentage (`5%`, `10.5%`, `100%`), a quantity, or empty.
static EVICTION_THRESHOLD: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| pattern(r"^((\d{1,2}(\.\d{1,2})?|100(\.0{1,2})?)%)?$"));

fn check_eviction_thresholds(report: &mut Report, thresholds: &BTreeMap<EvictionSignal, String>) {
    for (signal, value) in thresholds {
        report.field(signal_name(*signal), |r| {
            if !EVICTION_THRESHOLD.is_match(value) && !is_quantity(value) {
                r.violation(
                    Code::InvalidQuantity,
                    format!("{value:?} is not a percentage (e.g. 5%) or a quantity (e.g. 500Mi)"),
                );
            }
        });
    }
}

fn check_reserved(report: &mut Report, reserved: &BTreeMap<ReservedResource, String>) {
    for (resource, value) in reserved {
        report.field(reserved_name(*resource), |r| {
            check_quantity(r, &Quantity(value.clone()));
            if value.starts_with('-') {
                r.violation(
                    Code::OutOfRange,
                    "a reserved resource cannot be a negative quantity",
                );
            }
        });
    }
}

fn signal_name(signal: EvictionSignal) -> &'static str {
    match signal {
        EvictionSignal::MemoryAvailable => "memory.available",
        EvictionSignal::NodefsAvailable => "nodefs.available",
        EvictionSignal::NodefsInodesFree => "nodefs.inodesFree",
        EvictionSignal::ImagefsAvailable => "imagefs.available",
        EvictionSignal::ImagefsInodesFree => "imagefs.inodesFree",
        EvictionSignal::PidAvailable => "pid.available",
    }
}

fn reserved_name(resource: ReservedResource) -> &'static str {
    match resource {
        ReservedResource::Cpu => "cpu",
        ReservedResource::Memory => "memory",
        ReservedResource::EphemeralStorage => "ephemeral-storage",
        ReservedResource::Pid => "pid",
    }
}

impl Validate for KubeletConfiguration {
    fn validate_into(&self, report: &mut Report) {
        if let Some(hard) = &self.eviction_hard {
            report.field("evictionHard", |r| check_eviction_thresholds(r, hard));
        }
        let empty = BTreeMap::new();
        let soft = self.eviction_soft.as_ref().unwrap_or(&empty);
        let grace = self.eviction_soft_grace_period.as_ref().unwrap_or(&empty);
        if self.eviction_soft.is_some() {
            report.field("evictionSoft", |r| {
                check_eviction_thresholds(r, soft);
                for signal in soft.keys().filter(|s| !grace.contains_key(s)) {
                    r.violation_at(
                        signal_name(*signal),
                        Code::Required,
                        "evictionSoft signal has no matching evictionSoftGracePeriod",
                    );
                }
            });
        }
        if self.eviction_soft_grace_period.is_some() {
            report.field("evictionSoftGracePeriod", |r| {
                for (signal, period) in grace {
                    r.field(signal_name(*signal), |r| {
                        if !soft.contains_key(signal) {
                            r.violation(
                                Code::Required,
                                "evictionSoftGracePeriod signal has no matching evictionSoft",
                            );
                        }
                        if !is_go_duration(period) {
                            r.violation(
                                Code::InvalidDuration,
                                format!("{period:?} is not a duration (e.g. 1m30s)"),
                            );
                        }
                    });
                }
            });
        }
        for (name, value) in [
            (
                "imageGCHighThresholdPercent",
                self.image_gc_high_threshold_percent,
            ),
            (
                "imageGCLowThresholdPercent",
                self.image_gc_low_threshold_percent,
            ),
        ] {
            if let Some(value) = value {
                report.field(name, |r| check::range(r, value, 0, 100));
            }
        }
        if let (Some(high), Some(low)) = (
            self.image_gc_high_threshold_percent,
            self.image_gc_low_threshold_percent,
        ) && high <= low
        {
            report.violation_at(
                "imageGCHighThresholdPercent",
                Code::Conflict,
                "imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent",
            );
        }
        if let Some(reserved) = &self.kube_reserved {
            report.field("kubeReserved", |r| check_reserved(r, reserved));
        }
        if let Some(reserved) = &self.system_reserved {
            report.field("systemReserved", |r| check_reserved(r, reserved));
        }
        for (name, value) in [
            ("maxPods", self.max_pods),
            ("podsPerCore", self.pods_per_core),
        ] {
            if let Some(value) = value {
                report.field(name, |r| check::range(r, value, 0, i32::MAX));
            }
        }
    }
}

/// A Go `time.ParseDuration` string of the usual units (`1m30s`, `500ms`, `1.5h`); the kubelet parses these.
fn is_go_duration(text: &str) -> bool {
    static GO_DURATION: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| pattern(r"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$|^0$"));
    GO_DURATION.is_match(text)
}

impl Validate for Disruption {
    fn validate_into(&self, report: &mut Report) {
        // The API server defaults consolidationPolicy to WhenUnderutilized before the rules run.
        let policy = self
            .consolidation_policy
            .unwrap_or(ConsolidationPolicy::WhenUnderutilized);
        report.field("consolidateAfter", |r| {
            match (&self.consolidate_after, policy) {
                (None, ConsolidationPolicy::WhenEmpty) => r.violation(
                    Code::Required,
                    "consolidateAfter must be specified with consolidationPolicy=WhenEmpty",
                ),
                (Some(NillableDuration::After(_)), ConsolidationPolicy::WhenUnderutilized) => r
                    .violation(
                        Code::Conflict,
                        "consolidateAfter cannot be combined with consolidationPolicy=WhenUnderutilized",
                    ),
                _ => {}
            }
            self.consolidate_after.validate_into(r);
        });
        report.nested("expireAfter", &self.expire_after);
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::karpenter_sh::common::TaintEffect;
    use crate::{from_yaml, to_yaml};

    /// The platform design's NodePool, with its template parameters filled in (memory-optimized).
    fn design() -> NodePool {
        NodePool::builder()
            .name("payments-prod-nodepool")
            .spec(
                NodePoolSpec::builder()
                    .template(
                        NodeClaimTemplate::builder()
                            .metadata(
                                NodeClaimTemplateMetadata::builder()
                                    .labels(BTreeMap::from([
                                        (
                                            "node-pool-type".to_owned(),
                                            "memory-optimized".to_owned(),
                                        ),
                                        ("cluster-name".to_owned(), "payments-prod".to_owned()),
                                    ]))
                                    .build(),
                            )
                            .spec(
                                NodeClaimSpec::builder()
                                    .node_class_ref(
                                        NodeClassReference::builder()
                                            .kind("AKSNodeClass")
                                            .name("payments-prod-nodeclass")
                                            .build(),
                                    )
                                    .requirements(vec![
                                        NodeSelectorRequirementWithMinValues::is_in(
                                            "karpenter.azure.com/sku-family",
                                            ["E"],
                                        ),
                                        NodeSelectorRequirementWithMinValues::is_in(
                                            "kubernetes.io/arch",
                                            ["amd64"],
                                        ),
                                        NodeSelectorRequirementWithMinValues::is_in(
                                            "node.kubernetes.io/instance-type",
                                            ["Standard_E2s_v3", "Standard_E4s_v3"],
                                        ),
                                    ])
                                    .taints(vec![Taint::new(
                                        "memory-optimized",
                                        "true",
                                        TaintEffect::NoSchedule,
                                    )])
                                    .build(),
                            )
                            .build(),
                    )
                    .disruption(
                        Disruption::builder()
                            .consolidation_policy(ConsolidationPolicy::WhenEmpty)
                            .consolidate_after("30s")
                            .expire_after("2160h")
                            .build(),
                    )
                    .limits(BTreeMap::from([
                        ("cpu".to_owned(), Quantity("1000".into())),
                        ("memory".to_owned(), Quantity("2000Gi".into())),
                    ]))
                    .build(),
            )
            .build()
            .unwrap()
    }

    const DESIGN_YAML: &str = r#"apiVersion: karpenter.sh/v1beta1
kind: NodePool
metadata:
  name: payments-prod-nodepool
spec:
  template:
    metadata:
      labels:
        cluster-name: payments-prod
        node-pool-type: memory-optimized
    spec:
      nodeClassRef:
        kind: AKSNodeClass
        name: payments-prod-nodeclass
      requirements:
      - key: karpenter.azure.com/sku-family
        operator: In
        values:
        - E
      - key: kubernetes.io/arch
        operator: In
        values:
        - amd64
      - key: node.kubernetes.io/instance-type
        operator: In
        values:
        - Standard_E2s_v3
        - Standard_E4s_v3
      taints:
      - key: memory-optimized
        value: "true"
        effect: NoSchedule
  disruption:
    consolidationPolicy: WhenEmpty
    consolidateAfter: 30s
    expireAfter: 2160h
  limits:
    cpu: "1000"
    memory: 2000Gi
"#;

    #[test]
    fn writes_the_crd_shape() {
        let yaml = to_yaml(&design()).unwrap();
        assert_eq!(yaml, DESIGN_YAML);
        assert_eq!(from_yaml::<NodePool>(&yaml).unwrap(), design());
    }

    #[test]
    fn hand_written_yaml_round_trips() {
        let yaml = r#"apiVersion: karpenter.sh/v1beta1
kind: NodePool
metadata:
  name: batch
spec:
  template:
    spec:
      nodeClassRef:
        apiVersion: karpenter.azure.com/v1alpha2
        kind: AKSNodeClass
        name: default
      requirements:
      - key: karpenter.azure.com/sku-cpu
        operator: Lt
        values:
        - "33"
      - key: karpenter.sh/capacity-type
        operator: In
        values:
        - spot
        - on-demand
        minValues: 1
      startupTaints:
      - key: example.com/warming
        effect: NoSchedule
      kubelet:
        evictionHard:
          memory.available: 5%
        evictionSoft:
          nodefs.available: 10%
        evictionSoftGracePeriod:
          nodefs.available: 1m30s
        imageGCHighThresholdPercent: 85
        imageGCLowThresholdPercent: 80
        kubeReserved:
          cpu: 100m
          memory: 500Mi
        maxPods: 110
  disruption:
    consolidationPolicy: WhenUnderutilized
    expireAfter: Never
    budgets:
    - nodes: "0"
      schedule: "@daily"
      duration: 10m
    - nodes: 20%
  weight: 50
"#;
        let pool: NodePool = from_yaml(yaml).unwrap();
        pool.validate().unwrap();
        assert_eq!(to_yaml(&pool).unwrap(), yaml);
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

    #[test]
    fn consolidation_rules() {
        let mut pool = design();
        let disruption = pool.spec.disruption.as_mut().unwrap();
        disruption.consolidate_after = None;
        assert_eq!(
            violations(&pool),
            vec![(
                "spec.disruption.consolidateAfter".to_owned(),
                Code::Required
            )]
        );
        let disruption = pool.spec.disruption.as_mut().unwrap();
        disruption.consolidation_policy = Some(ConsolidationPolicy::WhenUnderutilized);
        disruption.consolidate_after = Some("30s".into());
        assert_eq!(
            violations(&pool),
            vec![(
                "spec.disruption.consolidateAfter".to_owned(),
                Code::Conflict
            )]
        );
        // Absent policy defaults to WhenUnderutilized.
        let disruption = pool.spec.disruption.as_mut().unwrap();
        disruption.consolidation_policy = None;
        assert_eq!(
            violations(&pool),
            vec![(
                "spec.disruption.consolidateAfter".to_owned(),
                Code::Conflict
            )]
        );
        let disruption = pool.spec.disruption.as_mut().unwrap();
        disruption.consolidate_after = Some(NillableDuration::Never);
        assert!(pool.validate().is_ok());
        let disruption = pool.spec.disruption.as_mut().unwrap();
        disruption.expire_after = Some("90d".into());
        disruption.budgets = Some(vec![Budget::builder().nodes("x").duration("1h").build()]);
        assert_eq!(
            violations(&pool),
            vec![
                (
                    "spec.disruption.expireAfter".to_owned(),
                    Code::InvalidDuration
                ),
                ("spec.disruption.budgets[0].nodes".to_owned(), Code::Pattern),
                (
                    "spec.disruption.budgets[0].schedule".to_owned(),
                    Code::Required
                ),
            ]
        );
    }

    #[test]
    fn restricted_keys_differ_from_v1() {
        let mut pool = design();
        pool.spec.template.spec.requirements = vec![
            // Allowed in v1beta1, not in v1.
            NodeSelectorRequirementWithMinValues::is_in(
                "karpenter.azure.com/sku-accelerator",
                ["x"],
            ),
            NodeSelectorRequirementWithMinValues::is_in("kubernetes.azure.com/anything", ["x"]),
            // Not allowed in v1beta1.
            NodeSelectorRequirementWithMinValues::is_in("karpenter.azure.com/sku-series", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("topology.kubernetes.io/zone", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("example.k8s.io/x", ["x"]),
            NodeSelectorRequirementWithMinValues::is_in("kubernetes.io/hostname", ["x"]),
            NodeSelectorRequirementWithMinValues::with_values(
                "karpenter.azure.com/sku-cpu",
                NodeSelectorOperator::Gt,
                ["four"],
            ),
        ];
        pool.spec.template.metadata = Some(
            NodeClaimTemplateMetadata::builder()
                .labels(BTreeMap::from([(
                    "node-restriction.kubernetes.io/team".to_owned(),
                    "a".to_owned(),
                )]))
                .build(),
        );
        let req = "spec.template.spec.requirements";
        assert_eq!(
            violations(&pool),
            vec![
                (format!("{req}[2].key"), Code::NotAllowed),
                (format!("{req}[3].key"), Code::NotAllowed),
                (format!("{req}[4].key"), Code::NotAllowed),
                (format!("{req}[5].key"), Code::NotAllowed),
                (format!("{req}[5].key"), Code::NotAllowed),
                (format!("{req}[6].values"), Code::Pattern),
            ]
        );
    }

    #[test]
    fn kubelet_rules() {
        let mut pool = design();
        pool.spec.weight = Some(101);
        pool.spec.template.spec.node_class_ref.kind = Some(String::new());
        pool.spec.template.spec.kubelet = Some(
            KubeletConfiguration::builder()
                .eviction_hard(BTreeMap::from([(
                    EvictionSignal::MemoryAvailable,
                    "101%".to_owned(),
                )]))
                .eviction_soft(BTreeMap::from([(
                    EvictionSignal::NodefsAvailable,
                    "10%".to_owned(),
                )]))
                .eviction_soft_grace_period(BTreeMap::from([(
                    EvictionSignal::PidAvailable,
                    "soon".to_owned(),
                )]))
                .image_gc_high_threshold_percent(50)
                .image_gc_low_threshold_percent(60)
                .system_reserved(BTreeMap::from([(
                    ReservedResource::Memory,
                    "-1Gi".to_owned(),
                )]))
                .max_pods(-1)
                .build(),
        );
        let k = "spec.template.spec.kubelet";
        assert_eq!(
            violations(&pool),
            vec![
                (
                    "spec.template.spec.nodeClassRef.kind".to_owned(),
                    Code::Required
                ),
                (
                    format!("{k}.evictionHard[\"memory.available\"]"),
                    Code::InvalidQuantity
                ),
                (
                    format!("{k}.evictionSoft[\"nodefs.available\"]"),
                    Code::Required
                ),
                (
                    format!("{k}.evictionSoftGracePeriod[\"pid.available\"]"),
                    Code::Required
                ),
                (
                    format!("{k}.evictionSoftGracePeriod[\"pid.available\"]"),
                    Code::InvalidDuration
                ),
                (format!("{k}.imageGCHighThresholdPercent"), Code::Conflict),
                (format!("{k}.systemReserved.memory"), Code::OutOfRange),
                (format!("{k}.maxPods"), Code::OutOfRange),
                ("spec.weight".to_owned(), Code::OutOfRange),
            ]
        );
    }

    #[test]
    fn wrong_kind_and_shape() {
        let v1 = DESIGN_YAML.replace("karpenter.sh/v1beta1", "karpenter.sh/v1");
        assert!(matches!(
            from_yaml::<NodePool>(&v1),
            Err(crate::Error::WrongKind(_))
        ));
        let v1_policy = DESIGN_YAML.replace("WhenEmpty", "WhenEmptyOrUnderutilized");
        assert!(matches!(
            from_yaml::<NodePool>(&v1_policy),
            Err(crate::Error::Parse(_))
        ));
        let unknown_signal = DESIGN_YAML.replace(
            "  disruption:",
            "      kubelet:\n        evictionHard:\n          memory.free: 5%\n  disruption:",
        );
        assert!(matches!(
            from_yaml::<NodePool>(&unknown_signal),
            Err(crate::Error::Parse(_))
        ));
    }

    #[test]
    fn json_schema_generates() {
        let schema = crate::schema::schema_for::<NodePool>().to_string();
        assert!(schema.contains(r#""memory.available""#), "{schema}");
        assert!(schema.contains("\"NodePoolSpec\""));
    }
}

//! `karpenter.sh/v1` (the default; current Karpenter).

mod node_pool;
pub use super::common::{Duration, NillableDuration, Taint, TaintEffect};
pub use node_pool::{
    Budget, ConsolidationPolicy, Disruption, DisruptionReason, NodeClaimTemplate,
    NodeClaimTemplateMetadata, NodeClaimTemplateSpec, NodeClassReference, NodePool, NodePoolSpec,
    NodeSelectorOperator, NodeSelectorRequirementWithMinValues,
};

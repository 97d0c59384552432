//! `karpenter.sh/v1beta1` (older Karpenter; the version the platform design names).

mod node_pool;
pub use super::common::{Duration, NillableDuration, Taint, TaintEffect};
pub use node_pool::{
    Budget, ConsolidationPolicy, Disruption, EvictionSignal, KubeletConfiguration, NodeClaimSpec,
    NodeClaimTemplate, NodeClaimTemplateMetadata, NodeClassReference, NodePool, NodePoolSpec,
    NodeSelectorOperator, NodeSelectorRequirementWithMinValues, ReservedResource,
};

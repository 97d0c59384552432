//! `containerservice.azure.com/v1api20250801` (the default).

mod managed_cluster;
pub use managed_cluster::{
    DefaultNodePools, ManagedCluster, ManagedClusterAgentPoolProfile,
    ManagedClusterNodeProvisioningProfile, ManagedClusterSpec, OsSku,
};

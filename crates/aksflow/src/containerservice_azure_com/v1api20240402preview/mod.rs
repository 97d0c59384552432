//! `containerservice.azure.com/v1api20240402preview` (the version the platform design names).

mod managed_cluster;
pub use managed_cluster::{
    ManagedCluster, ManagedClusterAgentPoolProfile, ManagedClusterNodeProvisioningProfile,
    ManagedClusterSpec, OsSku,
};

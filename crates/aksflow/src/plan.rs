//! [`Plan`]: a request that passed validation, with its profile resolved and every default applied.
//! Only validation makes one; rendering takes nothing else.

use std::collections::BTreeMap;

use crate::profiles::NodePoolProfile;
use crate::request::{
    AddonsRequest, AksNodeClassVersion, ClusterRequest, IdentityType, ManagedClusterVersion,
    NodePoolVersion, ProvisioningPath,
};

/// A validated request, resolved: what the renderers read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Plan {
    /// The request as given.
    pub request: ClusterRequest,
    /// The names of every object, derived from the cluster name.
    pub names: Names,
    /// The Azure region.
    pub location: String,
    /// The management-cluster namespace of the ASO objects.
    pub namespace: String,
    /// The Kubernetes version.
    pub kubernetes_version: String,
    /// Node Auto Provisioning on.
    pub enable_nap: bool,
    /// A dry run.
    pub dry_run: bool,
    /// The node pool type (the profile's name).
    pub node_pool_type: String,
    /// The resolved node pool profile.
    pub profile: NodePoolProfile,
    /// The system agent pool's VM size.
    pub system_vm_size: String,
    /// The cluster's identity.
    pub identity: IdentityType,
    /// The node subnet, if given.
    pub vnet_subnet_id: Option<String>,
    /// Azure tags (empty when none).
    pub tags: BTreeMap<String, String>,
    /// Flux GitOps, with its defaults applied.
    pub gitops: Option<GitOps>,
    /// Add-ons (all off when none).
    pub addons: AddonsRequest,
    /// The API versions to emit.
    pub api_versions: ResolvedApiVersions,
    /// How the Workflow provisions the cluster (`direct` unless the request says `kro`).
    pub provisioning_path: ProvisioningPath,
}

/// Flux GitOps with defaults applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GitOps {
    /// The repository URL.
    pub url: String,
    /// The branch.
    pub branch: String,
    /// The folder within the repository.
    pub path: String,
}

/// The API version chosen for each versioned kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResolvedApiVersions {
    /// ManagedCluster.
    pub managed_cluster: ManagedClusterVersion,
    /// NodePool.
    pub node_pool: NodePoolVersion,
    /// AKSNodeClass.
    pub aks_node_class: AksNodeClassVersion,
}

/// Every name aksflow derives from a cluster name; validation checks each where it is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names {
    /// The cluster name: AKS name, ManagedCluster object, dnsPrefix.
    pub cluster: String,
    /// `rg-<name>`: the ResourceGroup object and Azure resource group.
    pub resource_group: String,
    /// `id-<name>`: the UserAssignedIdentity, when asked for.
    pub identity: String,
    /// `<name>-nodeclass`: the AKSNodeClass.
    pub node_class: String,
    /// `<name>-nodepool`: the NodePool (also a label value: at most 63 characters).
    pub node_pool: String,
    /// `<name>-kubeconfig`: the Secret ASO writes the cluster's user kubeconfig to.
    pub kubeconfig_secret: String,
    /// `<name>-flux`: the Flux Extension.
    pub flux_extension: String,
    /// `<name>-gitops`: the FluxConfiguration.
    pub flux_configuration: String,
    /// `aksflow-provision-<name>`: the per-cluster Role and RoleBinding of the provisioning ServiceAccount
    /// (never equal to the fixed `aksflow-executor`, whatever the cluster name).
    pub provisioner_role: String,
}

impl Names {
    /// The names derived from `cluster`.
    pub fn new(cluster: &str) -> Self {
        // `concat` instead of `format!`: every request builds these, and the formatting machinery cost more than the rest.
        let prefixed = |prefix: &str| [prefix, cluster].concat();
        let suffixed = |suffix: &str| [cluster, suffix].concat();
        Self {
            cluster: cluster.to_owned(),
            resource_group: prefixed("rg-"),
            identity: prefixed("id-"),
            node_class: suffixed("-nodeclass"),
            node_pool: suffixed("-nodepool"),
            kubeconfig_secret: suffixed("-kubeconfig"),
            flux_extension: suffixed("-flux"),
            flux_configuration: suffixed("-gitops"),
            provisioner_role: prefixed("aksflow-provision-"),
        }
    }
}

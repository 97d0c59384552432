//! [`ClusterRequest`]: what the platform's UI sends to provision one AKS cluster (the public contract).
//!
//! Field names are the request's JSON/YAML names exactly (`clusterName`, `enableNAP`, ...). Unknown
//! fields are an error: a typo must not be silently ignored. Read a request with
//! [`crate::validate::validate_value`] (or `validate_yaml`/`validate_json`) to get every problem at
//! once, or with serde directly (which stops at the first).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One cluster to provision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
#[schemars(
    title = "ClusterRequest",
    description = "One AKS cluster to provision with ASO, Karpenter and Argo Workflows (aksflow)."
)]
pub struct ClusterRequest {
    /// The cluster's name: the AKS name, the ManagedCluster object, and the stem of every derived name (`rg-<name>`, `<name>-nodepool`, ...).
    pub cluster_name: String,
    /// The Azure region, e.g. `westeurope`.
    pub location: String,
    /// The node pool profile: `standard`, `memory-optimized`, `compute-optimized`, or a custom profile's name.
    pub node_pool_type: String,
    /// The Kubernetes version, `1.30` or `1.30.4`.
    pub kubernetes_version: String,
    /// Node Auto Provisioning (Karpenter managed by AKS); default `true`. Without it the profile becomes an autoscaled user agent pool.
    #[serde(rename = "enableNAP", default = "default_true")]
    #[builder(default = true)]
    pub enable_nap: bool,
    /// Render a Workflow that applies with `--dry-run=server` and creates nothing; default `false`.
    #[serde(default)]
    #[builder(default)]
    pub dry_run: bool,
    /// The management-cluster namespace of the ASO objects; default `azure-system`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The VM size of the system agent pool; default `Standard_B2s` (the design's minimal system pool).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_vm_size: Option<String>,
    /// The cluster's Azure identity; default system-assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<IdentityRequest>,
    /// An existing subnet for the nodes (full ARM id); used by the agent pools and the AKSNodeClass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vnet_subnet_id: Option<String>,
    /// Azure tags for every Azure resource (and the nodes Karpenter creates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
    /// Flux GitOps: the repository the cluster syncs from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gitops: Option<GitOpsRequest>,
    /// AKS add-ons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addons: Option<AddonsRequest>,
    /// Which API version of each versioned kind to emit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_versions: Option<ApiVersions>,
    /// How the Workflow provisions the cluster: `direct` (default: ASO + Karpenter objects) or `kro`
    /// (the previous KRO composition's `AKSCluster` instance, kept for rollback during the migration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioning_path: Option<ProvisioningPath>,
}

/// How the provisioning Workflow creates the cluster.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum ProvisioningPath {
    /// aksflow's ASO and Karpenter objects, applied by the Workflow.
    #[default]
    #[serde(rename = "direct")]
    Direct,
    /// The previous composition: the Workflow applies a KRO `AKSCluster` instance and waits for it.
    #[serde(rename = "kro")]
    Kro,
}

impl ProvisioningPath {
    /// Every value, as written in a request.
    pub const ALL: &'static [(&'static str, Self)] =
        &[("direct", Self::Direct), ("kro", Self::Kro)];
}

fn default_true() -> bool {
    true
}

/// The cluster's Azure identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentityRequest {
    /// `SystemAssigned`, or `UserAssigned` (aksflow then also creates a UserAssignedIdentity `id-<name>`).
    #[serde(rename = "type")]
    pub identity_type: IdentityType,
}

/// How the cluster gets its Azure identity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum IdentityType {
    /// An identity Azure creates and deletes with the cluster.
    #[default]
    SystemAssigned,
    /// A UserAssignedIdentity aksflow creates beside the cluster.
    UserAssigned,
}

impl IdentityType {
    /// Every value, as written in a request.
    pub const ALL: &'static [(&'static str, Self)] = &[
        ("SystemAssigned", Self::SystemAssigned),
        ("UserAssigned", Self::UserAssigned),
    ];
}

/// Flux GitOps: the Git repository the new cluster syncs from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct GitOpsRequest {
    /// The repository URL: `https://...`, `ssh://...` or `git@host:org/repo`.
    pub url: String,
    /// The branch to follow; default `main`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// The folder within the repository to apply; default `./clusters/<clusterName>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// AKS add-ons to turn on; each defaults to off.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct AddonsRequest {
    /// Container insights (the `omsagent` add-on); needs `logAnalyticsWorkspaceResourceId`.
    #[serde(default)]
    #[builder(default)]
    pub monitoring: bool,
    /// The Log Analytics workspace (full ARM id) that monitoring sends to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_analytics_workspace_resource_id: Option<String>,
    /// The Key Vault Secrets Store CSI driver (the `azureKeyvaultSecretsProvider` add-on).
    #[serde(default)]
    #[builder(default)]
    pub key_vault_secrets_provider: bool,
    /// Azure Policy for Kubernetes (the `azurepolicy` add-on).
    #[serde(default)]
    #[builder(default)]
    pub azure_policy: bool,
}

/// Which API version of each versioned kind to emit; each defaults to the current one.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiVersions {
    /// `containerservice.azure.com` ManagedCluster: `v1api20250801` (default) or `v1api20240402preview`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_cluster: Option<ManagedClusterVersion>,
    /// `karpenter.sh` NodePool: `v1` (default) or `v1beta1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_pool: Option<NodePoolVersion>,
    /// `karpenter.azure.com` AKSNodeClass: `v1beta1` (default) or `v1alpha2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aks_node_class: Option<AksNodeClassVersion>,
}

/// The ManagedCluster API versions aksflow emits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum ManagedClusterVersion {
    /// `containerservice.azure.com/v1api20250801` (NAP with `defaultNodePools`).
    #[default]
    #[serde(rename = "v1api20250801")]
    V1api20250801,
    /// `containerservice.azure.com/v1api20240402preview` (the version the platform design names).
    #[serde(rename = "v1api20240402preview")]
    V1api20240402preview,
}

/// The NodePool API versions aksflow emits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum NodePoolVersion {
    /// `karpenter.sh/v1` (current Karpenter).
    #[default]
    #[serde(rename = "v1")]
    V1,
    /// `karpenter.sh/v1beta1` (Karpenter before 1.0; the design's version).
    #[serde(rename = "v1beta1")]
    V1beta1,
}

/// The AKSNodeClass API versions aksflow emits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum AksNodeClassVersion {
    /// `karpenter.azure.com/v1beta1`.
    #[default]
    #[serde(rename = "v1beta1")]
    V1beta1,
    /// `karpenter.azure.com/v1alpha2`.
    #[serde(rename = "v1alpha2")]
    V1alpha2,
}

impl ManagedClusterVersion {
    /// Every value, as written in a request.
    pub const ALL: &'static [(&'static str, Self)] = &[
        ("v1api20250801", Self::V1api20250801),
        ("v1api20240402preview", Self::V1api20240402preview),
    ];
}

impl NodePoolVersion {
    /// Every value, as written in a request.
    pub const ALL: &'static [(&'static str, Self)] =
        &[("v1", Self::V1), ("v1beta1", Self::V1beta1)];
}

impl AksNodeClassVersion {
    /// Every value, as written in a request.
    pub const ALL: &'static [(&'static str, Self)] =
        &[("v1beta1", Self::V1beta1), ("v1alpha2", Self::V1alpha2)];
}

/// The defaults a request leaves out.
pub mod defaults {
    /// The management-cluster namespace of the ASO objects.
    pub const NAMESPACE: &str = "azure-system";
    /// The system agent pool's VM size (the design's minimal system pool).
    pub const SYSTEM_VM_SIZE: &str = "Standard_B2s";
    /// The Git branch Flux follows.
    pub const GITOPS_BRANCH: &str = "main";
}

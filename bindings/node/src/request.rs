//! The request's TypeScript shape (declarations only: the request itself crosses as JSON text and
//! is read by the core, which reports unknown fields and wrong types as violations), and the
//! options every call takes, converted to the core's.

use std::collections::HashMap;

use aksflow::profiles::Profiles;
use aksflow::render::{RbacNames, RenderOptions, WorkflowOptions};
use aksflow::{Error, plan::Plan};
use napi_derive::napi;

/// The built-in node pool profiles (the design's table); a profiles file may add more names.
#[napi(string_enum = "kebab-case")]
pub enum BuiltinNodePoolType {
    /// `Standard_DS2_v2` / `Standard_DS3_v2`, SKU family `D`.
    Standard,
    /// `Standard_E2s_v3` / `Standard_E4s_v3`, SKU family `E`.
    MemoryOptimized,
    /// `Standard_F2s_v2` / `Standard_F4s_v2`, SKU family `F`.
    ComputeOptimized,
}

/// How the cluster gets its Azure identity.
#[napi(string_enum = "PascalCase")]
pub enum IdentityType {
    /// An identity Azure creates and deletes with the cluster.
    SystemAssigned,
    /// A UserAssignedIdentity aksflow creates beside the cluster.
    UserAssigned,
}

/// The ManagedCluster API versions aksflow emits.
#[napi(string_enum = "lowercase")]
pub enum ManagedClusterVersion {
    /// `containerservice.azure.com/v1api20250801` (NAP with `defaultNodePools`); the default.
    V1api20250801,
    /// `containerservice.azure.com/v1api20240402preview` (the version the platform design names).
    V1api20240402preview,
}

/// The NodePool API versions aksflow emits.
#[napi(string_enum = "lowercase")]
pub enum NodePoolVersion {
    /// `karpenter.sh/v1` (current Karpenter); the default.
    V1,
    /// `karpenter.sh/v1beta1` (Karpenter before 1.0; the design's version).
    V1beta1,
}

/// The AKSNodeClass API versions aksflow emits.
#[napi(string_enum = "lowercase")]
pub enum AksNodeClassVersion {
    /// `karpenter.azure.com/v1beta1`; the default.
    V1beta1,
    /// `karpenter.azure.com/v1alpha2`.
    V1alpha2,
}

/// How the provisioning Workflow creates the cluster.
#[napi(string_enum = "lowercase")]
pub enum ProvisioningPath {
    /// aksflow's ASO and Karpenter objects, applied by the Workflow; the default.
    Direct,
    /// The previous composition: the Workflow applies a KRO `AKSCluster` instance and waits for it (rollback).
    Kro,
}

/// One AKS cluster to provision: what the platform's UI sends (the design's `clusterConfig`).
/// Unknown fields are violations (`unknown_field`): a typo is never silently ignored.
#[napi(object)]
pub struct ClusterRequest {
    /// The cluster's name: the AKS name, the ManagedCluster object, and the stem of every derived name (`rg-<name>`, `<name>-nodepool`, ...).
    pub cluster_name: String,
    /// The Azure region, e.g. `westeurope`.
    pub location: String,
    /// The node pool profile: `standard`, `memory-optimized`, `compute-optimized`, or a custom profile's name.
    #[napi(ts_type = "BuiltinNodePoolType | (string & {})")]
    pub node_pool_type: String,
    /// The Kubernetes version, `1.30` or `1.30.4` (a string: YAML's unquoted `1.30` is the number 1.3).
    pub kubernetes_version: String,
    /// Node Auto Provisioning (Karpenter managed by AKS); default `true`. Without it the profile becomes an autoscaled user agent pool.
    #[napi(js_name = "enableNAP")]
    pub enable_nap: Option<bool>,
    /// Render a Workflow that applies with `--dry-run=server` and creates nothing; default `false`.
    pub dry_run: Option<bool>,
    /// The management-cluster namespace of the ASO objects; default `azure-system`.
    pub namespace: Option<String>,
    /// The VM size of the system agent pool; default `Standard_B2s` (the design's minimal system pool).
    pub system_vm_size: Option<String>,
    /// The cluster's Azure identity; default system-assigned.
    pub identity: Option<IdentityRequest>,
    /// An existing subnet for the nodes (full ARM id); used by the agent pools and the AKSNodeClass.
    pub vnet_subnet_id: Option<String>,
    /// Azure tags for every Azure resource (and the nodes Karpenter creates).
    pub tags: Option<HashMap<String, String>>,
    /// Flux GitOps: the repository the cluster syncs from.
    pub gitops: Option<GitOpsRequest>,
    /// AKS add-ons.
    pub addons: Option<AddonsRequest>,
    /// Which API version of each versioned kind to emit.
    pub api_versions: Option<ApiVersions>,
    /// How the Workflow provisions the cluster: `direct` (default) or `kro` (the previous KRO composition, for rollback).
    pub provisioning_path: Option<ProvisioningPath>,
}

/// The cluster's Azure identity.
#[napi(object)]
pub struct IdentityRequest {
    /// `SystemAssigned`, or `UserAssigned` (aksflow then also creates a UserAssignedIdentity `id-<name>`).
    #[napi(js_name = "type")]
    pub identity_type: IdentityType,
}

/// Flux GitOps: the Git repository the new cluster syncs from.
#[napi(object)]
pub struct GitOpsRequest {
    /// The repository URL: `https://...`, `ssh://...` or `git@host:org/repo`.
    pub url: String,
    /// The branch to follow; default `main`.
    pub branch: Option<String>,
    /// The folder within the repository to apply; default `./clusters/<clusterName>`.
    pub path: Option<String>,
}

/// AKS add-ons to turn on; each defaults to off.
#[napi(object)]
pub struct AddonsRequest {
    /// Container insights (the `omsagent` add-on); needs `logAnalyticsWorkspaceResourceId`.
    pub monitoring: Option<bool>,
    /// The Log Analytics workspace (full ARM id) that monitoring sends to.
    pub log_analytics_workspace_resource_id: Option<String>,
    /// The Key Vault Secrets Store CSI driver (the `azureKeyvaultSecretsProvider` add-on).
    pub key_vault_secrets_provider: Option<bool>,
    /// Azure Policy for Kubernetes (the `azurepolicy` add-on).
    pub azure_policy: Option<bool>,
}

/// Which API version of each versioned kind to emit; each defaults to the current one.
#[napi(object)]
pub struct ApiVersions {
    /// `containerservice.azure.com` ManagedCluster: `v1api20250801` (default) or `v1api20240402preview`.
    pub managed_cluster: Option<ManagedClusterVersion>,
    /// `karpenter.sh` NodePool: `v1` (default) or `v1beta1`.
    pub node_pool: Option<NodePoolVersion>,
    /// `karpenter.azure.com` AKSNodeClass: `v1beta1` (default) or `v1alpha2`.
    pub aks_node_class: Option<AksNodeClassVersion>,
}

/// One node pool profile, in the design's shape (a value of `NODE_POOL_CONFIGURATIONS`).
#[napi(object)]
pub struct NodePoolProfile {
    /// The preferred VM size, e.g. `Standard_E2s_v3`.
    pub primary_vm_size: String,
    /// The second VM size Karpenter may choose, e.g. `Standard_E4s_v3`.
    pub secondary_vm_size: String,
    /// The Karpenter `karpenter.azure.com/sku-family` both sizes belong to, e.g. `E`.
    pub sku_family: String,
    /// The NodePool's CPU limit, a Kubernetes quantity (`1000`).
    pub max_cpu: String,
    /// The NodePool's memory limit, a Kubernetes quantity (`2000Gi`).
    pub max_memory: String,
}

/// Which RBAC objects a bundle carries.
#[napi(string_enum = "kebab-case")]
pub enum RbacMode {
    /// aksflow's least-privilege set (the default).
    LeastPrivilege,
    /// The design's `idp-backend-workflow-manager` ClusterRole without the KRO rules.
    Compatible,
    /// No RBAC objects.
    None,
}

/// The names of the platform-wide RBAC objects and where the Workflows run; each has a default.
#[napi(object)]
pub struct RbacNamesOptions {
    /// The namespace the provisioning Workflows run in (Argo's); default `argo`.
    pub workflow_namespace: Option<String>,
    /// The ServiceAccount the provisioning Workflows run as; default `aksflow-provisioner`.
    pub workflow_service_account: Option<String>,
    /// The backend's ServiceAccount (the WorkflowService), which only submits and reads Workflows; default `idp-backend`.
    pub backend_service_account: Option<String>,
    /// The namespace of the backend's ServiceAccount; default `argo`.
    pub backend_namespace: Option<String>,
}

/// Options of every call; all optional. The API versions are the request's own `apiVersions`.
#[napi(object)]
pub struct Options {
    /// Node pool profiles adding to or overriding the built-in ones: a profiles file's text (YAML
    /// or JSON) or the same map as an object (name → profile). Its problems are violations at
    /// `<name>.<field>`.
    #[napi(ts_type = "string | Record<string, NodePoolProfile>")]
    pub profiles: Option<serde_json::Value>,
    /// Which RBAC objects the bundle carries (`renderBundle`); default `least-privilege`.
    pub rbac: Option<RbacMode>,
    /// The RBAC names, and the namespace and ServiceAccount the Workflow runs as.
    pub rbac_names: Option<RbacNamesOptions>,
    /// The kubectl image of the Workflow's container steps (the `kubectl-image` parameter's default).
    pub kubectl_image: Option<String>,
    /// How long `wait-for-cluster-ready` waits, in seconds; default 2700 (45 minutes).
    pub cluster_ready_timeout_seconds: Option<u32>,
    /// How long the waits on Flux and on the add-ons wait, in seconds; default 1200 (20 minutes).
    pub component_timeout_seconds: Option<u32>,
}

/// The profiles a call uses: the built-in ones plus the option's file or map.
pub(crate) fn profiles(options: Option<&Options>) -> Result<Profiles, Error> {
    match options.and_then(|o| o.profiles.as_ref()) {
        None | Some(serde_json::Value::Null) => Ok(Profiles::builtin()),
        Some(serde_json::Value::String(text)) => aksflow::profiles::load_profiles(text),
        // JSON is YAML: the map goes through the same reader as a file.
        Some(map) => aksflow::profiles::load_profiles(&map.to_string()),
    }
}

/// Reads and validates a request given as text; `json` says it is `JSON.stringify` output.
pub(crate) fn plan(request: &str, json: bool, options: Option<&Options>) -> Result<Plan, Error> {
    let profiles = profiles(options)?;
    if json {
        aksflow::validate::validate_json(request, &profiles)
    } else {
        aksflow::validate::validate_yaml(request, &profiles)
    }
}

fn rbac_names(options: Option<&Options>) -> RbacNames {
    let mut names = RbacNames::default();
    if let Some(given) = options.and_then(|o| o.rbac_names.as_ref()) {
        let set = |field: &mut String, value: &Option<String>| {
            if let Some(value) = value {
                field.clone_from(value);
            }
        };
        set(&mut names.workflow_namespace, &given.workflow_namespace);
        set(
            &mut names.workflow_service_account,
            &given.workflow_service_account,
        );
        set(
            &mut names.backend_service_account,
            &given.backend_service_account,
        );
        set(&mut names.backend_namespace, &given.backend_namespace);
    }
    names
}

/// The core's render options.
pub(crate) fn render_options(options: Option<&Options>) -> RenderOptions {
    let rbac = match options.and_then(|o| o.rbac.as_ref()) {
        None | Some(RbacMode::LeastPrivilege) => aksflow::render::RbacMode::LeastPrivilege,
        Some(RbacMode::Compatible) => aksflow::render::RbacMode::Compatible,
        Some(RbacMode::None) => aksflow::render::RbacMode::None,
    };
    RenderOptions::default()
        .with_rbac(rbac)
        .with_rbac_names(rbac_names(options))
}

/// The core's Workflow options.
pub(crate) fn workflow_options(options: Option<&Options>) -> WorkflowOptions {
    let mut workflow = WorkflowOptions::default().with_rbac_names(rbac_names(options));
    if let Some(options) = options {
        if let Some(image) = &options.kubectl_image {
            workflow = workflow.with_kubectl_image(image.clone());
        }
        if let Some(seconds) = options.cluster_ready_timeout_seconds {
            workflow.cluster_ready_timeout_seconds = seconds;
        }
        if let Some(seconds) = options.component_timeout_seconds {
            workflow.component_timeout_seconds = seconds;
        }
    }
    workflow
}

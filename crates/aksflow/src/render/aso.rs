//! The ASO objects of a bundle (applied to the management cluster): ResourceGroup,
//! UserAssignedIdentity, ManagedCluster (either version), and the Flux Extension and FluxConfiguration.

use std::collections::BTreeMap;

use crate::aso::{KnownResourceReference, SecretDestination};
use crate::containerservice_azure_com::common::{
    AgentPoolMode, ContainerServiceNetworkProfile, ManagedClusterAddonProfile,
    ManagedClusterAgentPoolProfile, ManagedClusterIdentity, ManagedClusterOperatorSecrets,
    ManagedClusterOperatorSpec, NetworkDataplane, NetworkPlugin, NetworkPluginMode, NetworkPolicy,
    NodeProvisioningMode, OsType, ResourceReference,
};
use crate::containerservice_azure_com::{v1api20240402preview, v1api20250801};
use crate::error::{Code, ValidationError};
use crate::kubernetesconfiguration_azure_com::common::ArbitraryOwnerReference;
use crate::kubernetesconfiguration_azure_com::v1api20241101::{
    Extension, ExtensionSpec, FLUX_EXTENSION_TYPE, FluxConfiguration, FluxConfigurationScope,
    FluxConfigurationSpec, GitRepositoryDefinition, KustomizationDefinition,
    RepositoryRefDefinition, SourceKind,
};
use crate::managedidentity_azure_com::v1api20230131::{
    UserAssignedIdentity, UserAssignedIdentitySpec,
};
use crate::plan::{GitOps, Plan};
use crate::request::IdentityType;
use crate::resources_azure_com::v1api20200601::{ResourceGroup, ResourceGroupSpec};
use crate::validation::Report;

/// The name of the system agent pool.
pub(crate) const SYSTEM_POOL: &str = "system";
/// The name of the autoscaled user agent pool that replaces Karpenter without NAP.
pub(crate) const USER_POOL: &str = "userpool";
/// The key of the kubeconfig in the Secret ASO writes.
pub(crate) const KUBECONFIG_KEY: &str = "value";
/// The Azure name of the Flux extension (what `az k8s-extension create --name flux` uses).
pub(crate) const FLUX_EXTENSION_NAME: &str = "flux";
/// The namespace Flux runs in, on the new cluster.
pub(crate) const FLUX_NAMESPACE: &str = "flux-system";
/// The most nodes an AKS agent pool may have.
const MAX_POOL_NODES: u64 = 1000;

/// The tags, or `None` when there are none (no empty `tags:` key in the output).
pub(crate) fn tags(plan: &Plan) -> Option<BTreeMap<String, String>> {
    (!plan.tags.is_empty()).then(|| plan.tags.clone())
}

/// `rg-<name>`.
pub(crate) fn resource_group(plan: &Plan) -> Result<ResourceGroup, ValidationError> {
    ResourceGroup::builder()
        .name(&plan.names.resource_group)
        .namespace(&plan.namespace)
        .spec(
            ResourceGroupSpec::builder()
                .location(&plan.location)
                .maybe_tags(tags(plan))
                .build(),
        )
        .build()
}

/// `id-<name>`, owned by the resource group.
pub(crate) fn user_assigned_identity(plan: &Plan) -> Result<UserAssignedIdentity, ValidationError> {
    UserAssignedIdentity::builder()
        .name(&plan.names.identity)
        .namespace(&plan.namespace)
        .spec(
            UserAssignedIdentitySpec::builder()
                .location(&plan.location)
                .owner(KnownResourceReference::named(&plan.names.resource_group))
                .maybe_tags(tags(plan))
                .build(),
        )
        .build()
}

// ---------------------------------------------------------------------------------------------
// Sizing of the fallback pool
// ---------------------------------------------------------------------------------------------

/// The fallback pool's `maxCount`: as many nodes of the primary size as the profile's CPU limit
/// allows, `min(1000, max(1, maxCpu / vCPUs(primary)))`.
pub(crate) fn fallback_max_count(plan: &Plan) -> Result<i32, ValidationError> {
    let profile = &plan.profile;
    let vcpus = profile.primary_vcpus();
    let cores = profile.max_cpu_cores();
    let mut report = Report::default();
    report.field("nodePoolType", |r| {
        if vcpus.is_none() {
            r.violation(
                Code::Pattern,
                format!(
                    "the {:?} profile's primaryVmSize {:?} does not name its vCPU count (Standard_<family><vCPUs>...)",
                    plan.node_pool_type, profile.primary_vm_size
                ),
            );
        }
        if cores.is_none() {
            r.violation(
                Code::InvalidQuantity,
                format!(
                    "the {:?} profile's maxCpu {:?} is not a Kubernetes quantity",
                    plan.node_pool_type, profile.max_cpu
                ),
            );
        }
    });
    report.finish()?;
    let count = vcpus.zip(cores).map_or(1, |(vcpus, cores)| {
        (cores / u64::from(vcpus)).clamp(1, MAX_POOL_NODES)
    });
    Ok(i32::try_from(count).unwrap_or(1000))
}

// ---------------------------------------------------------------------------------------------
// ManagedCluster
// ---------------------------------------------------------------------------------------------

fn subnet(plan: &Plan) -> Option<ResourceReference> {
    plan.vnet_subnet_id
        .as_deref()
        .map(ResourceReference::arm_id)
}

/// The agent pools: `system`, and without NAP the autoscaled `userpool` of the profile.
fn agent_pools<S>(plan: &Plan, max_count: Option<i32>) -> Vec<ManagedClusterAgentPoolProfile<S>> {
    let system = ManagedClusterAgentPoolProfile::builder()
        .name(SYSTEM_POOL)
        .mode(AgentPoolMode::System)
        .count(1)
        .vm_size(&plan.system_vm_size)
        .os_type(OsType::Linux)
        .maybe_vnet_subnet_reference(subnet(plan))
        .build();
    let mut pools = vec![system];
    if let Some(max_count) = max_count {
        let node_pool_type = &plan.node_pool_type;
        pools.push(
            ManagedClusterAgentPoolProfile::builder()
                .name(USER_POOL)
                .mode(AgentPoolMode::User)
                .vm_size(&plan.profile.primary_vm_size)
                .os_type(OsType::Linux)
                .enable_auto_scaling(true)
                .count(1)
                .min_count(1)
                .max_count(max_count)
                .node_labels(BTreeMap::from([
                    ("node-pool-type".to_owned(), node_pool_type.clone()),
                    ("cluster-name".to_owned(), plan.names.cluster.clone()),
                ]))
                .node_taints(vec![format!("{node_pool_type}=true:NoSchedule")])
                .maybe_vnet_subnet_reference(subnet(plan))
                .build(),
        );
    }
    pools
}

fn identity(plan: &Plan) -> ManagedClusterIdentity {
    match plan.identity {
        IdentityType::SystemAssigned => ManagedClusterIdentity::system_assigned(),
        IdentityType::UserAssigned => {
            ManagedClusterIdentity::user_assigned(ResourceReference::object(
                "managedidentity.azure.com",
                "UserAssignedIdentity",
                &plan.names.identity,
            ))
        }
    }
}

/// Azure CNI Overlay with the Cilium dataplane and network policy: what NAP requires, and
/// AKS's recommended networking without it.
fn network_profile() -> ContainerServiceNetworkProfile {
    ContainerServiceNetworkProfile::builder()
        .network_plugin(NetworkPlugin::Azure)
        .network_plugin_mode(NetworkPluginMode::Overlay)
        .network_dataplane(NetworkDataplane::Cilium)
        .network_policy(NetworkPolicy::Cilium)
        .build()
}

/// The add-ons turned on, by their AKS names; `None` when none is.
fn addon_profiles(plan: &Plan) -> Option<BTreeMap<String, ManagedClusterAddonProfile>> {
    let addons = &plan.addons;
    let mut profiles = BTreeMap::new();
    if addons.monitoring {
        profiles.insert(
            "omsagent".to_owned(),
            ManagedClusterAddonProfile {
                config: addons
                    .log_analytics_workspace_resource_id
                    .as_ref()
                    .map(|id| {
                        BTreeMap::from([("logAnalyticsWorkspaceResourceID".to_owned(), id.clone())])
                    }),
                enabled: true,
            },
        );
    }
    if addons.key_vault_secrets_provider {
        profiles.insert(
            "azureKeyvaultSecretsProvider".to_owned(),
            ManagedClusterAddonProfile::enabled(),
        );
    }
    if addons.azure_policy {
        profiles.insert(
            "azurepolicy".to_owned(),
            ManagedClusterAddonProfile::enabled(),
        );
    }
    (!profiles.is_empty()).then_some(profiles)
}

/// Exports the user kubeconfig to `<name>-kubeconfig` (key `value`).
fn operator_spec(plan: &Plan) -> ManagedClusterOperatorSpec {
    ManagedClusterOperatorSpec::builder()
        .secrets(
            ManagedClusterOperatorSecrets::builder()
                .user_credentials(
                    SecretDestination::builder()
                        .name(&plan.names.kubeconfig_secret)
                        .key(KUBECONFIG_KEY)
                        .build(),
                )
                .build(),
        )
        .build()
}

/// Defines the renderer of the ManagedCluster in one API version: the versions share every field
/// rendered here, but each has its own types.
macro_rules! managed_cluster {
    ($(#[$doc:meta])* $name:ident, $version:ident) => {
        $(#[$doc])*
        pub(crate) fn $name(
            plan: &Plan,
            max_count: Option<i32>,
        ) -> Result<$version::ManagedCluster, ValidationError> {
            let nap = plan.enable_nap.then(|| {
                $version::ManagedClusterNodeProvisioningProfile::builder()
                    .mode(NodeProvisioningMode::Auto)
                    .build()
            });
            $version::ManagedCluster::builder()
                .name(&plan.names.cluster)
                .namespace(&plan.namespace)
                .spec(
                    $version::ManagedClusterSpec::builder()
                        .maybe_addon_profiles(addon_profiles(plan))
                        .agent_pool_profiles(agent_pools(plan, max_count))
                        .dns_prefix(&plan.names.cluster)
                        .identity(identity(plan))
                        .kubernetes_version(&plan.kubernetes_version)
                        .location(&plan.location)
                        .network_profile(network_profile())
                        .maybe_node_provisioning_profile(nap)
                        .operator_spec(operator_spec(plan))
                        .owner(KnownResourceReference::named(&plan.names.resource_group))
                        .maybe_tags(tags(plan))
                        .build(),
                )
                .build()
        }
    };
}

managed_cluster!(
    /// The cluster as `containerservice.azure.com/v1api20250801`.
    managed_cluster_v1api20250801,
    v1api20250801
);
managed_cluster!(
    /// The cluster as `containerservice.azure.com/v1api20240402preview`.
    managed_cluster_v1api20240402preview,
    v1api20240402preview
);

// ---------------------------------------------------------------------------------------------
// Flux
// ---------------------------------------------------------------------------------------------

/// `<name>-flux`: the `microsoft.flux` extension on the cluster.
pub(crate) fn flux_extension(plan: &Plan) -> Result<Extension, ValidationError> {
    Extension::builder()
        .name(&plan.names.flux_extension)
        .namespace(&plan.namespace)
        .spec(
            ExtensionSpec::builder()
                .auto_upgrade_minor_version(true)
                .azure_name(FLUX_EXTENSION_NAME)
                .extension_type(FLUX_EXTENSION_TYPE)
                .owner(ArbitraryOwnerReference::managed_cluster(
                    &plan.names.cluster,
                ))
                .build(),
        )
        .build()
}

/// `<name>-gitops`: the repository, branch and folder the cluster syncs from.
pub(crate) fn flux_configuration(
    plan: &Plan,
    gitops: &GitOps,
) -> Result<FluxConfiguration, ValidationError> {
    FluxConfiguration::builder()
        .name(&plan.names.flux_configuration)
        .namespace(&plan.namespace)
        .spec(
            FluxConfigurationSpec::builder()
                .git_repository(
                    GitRepositoryDefinition::builder()
                        .repository_ref(RepositoryRefDefinition::branch(&gitops.branch))
                        .url(&gitops.url)
                        .build(),
                )
                .kustomizations(BTreeMap::from([(
                    crate::azure::FLUX_KUSTOMIZATION.to_owned(),
                    KustomizationDefinition::builder()
                        .path(gitops.path.clone())
                        .prune(true)
                        .build(),
                )]))
                .namespace(FLUX_NAMESPACE)
                .owner(ArbitraryOwnerReference::managed_cluster(
                    &plan.names.cluster,
                ))
                .scope(FluxConfigurationScope::Cluster)
                .source_kind(SourceKind::GitRepository)
                .build(),
        )
        .build()
}

#[cfg(test)]
mod tests {
    #[test]
    fn vcpus_come_from_the_size_name() {
        // The fallback pool's maxCount depends on these, legacy D/DS/G ordinals included.
        for (size, vcpus) in [
            ("Standard_DS2_v2", Some(2)),
            ("Standard_DS3_v2", Some(4)),
            ("Standard_D3_v2", Some(4)),
            ("Standard_D15_v2", Some(20)),
            ("Standard_DS12_v2", Some(4)),
            ("Standard_D4", Some(8)),
            ("Standard_GS5", Some(32)),
            ("Standard_D2_v3", Some(2)),
            ("Standard_D16_v3", Some(16)),
            ("Standard_D4ds_v5", Some(4)),
            ("Standard_DS6_v2", None),
            ("Standard_E4s_v3", Some(4)),
            ("Standard_F2s_v2", Some(2)),
            ("Standard_B2s", Some(2)),
            ("Standard_A1_v2", Some(1)),
            ("Standard_M128ms", Some(128)),
            ("Standard_NC24ads_A100_v4", Some(24)),
            ("Standard_E4-2s_v3", Some(2)),
            ("Standard_D", None),
            ("Standard_2s", None),
            ("Standard_D0s_v3", None),
            ("Basic_A1", None),
            ("", None),
        ] {
            assert_eq!(crate::azure::vm_size_vcpus(size), vcpus, "{size}");
        }
    }

    #[test]
    fn cores_of_a_cpu_quantity() {
        for (quantity, cores) in [
            ("1000", Some(1000)),
            ("1500m", Some(1)),
            ("2k", Some(2000)),
            ("1e3", Some(1000)),
            ("0.5", Some(0)),
            ("-4", None),
            ("1Ki", Some(1024)),
            ("lots", None),
            ("", None),
        ] {
            let profile = crate::profiles::NodePoolProfile::builder()
                .primary_vm_size("Standard_D2s_v5")
                .secondary_vm_size("Standard_D4s_v5")
                .sku_family("D")
                .max_cpu(quantity)
                .max_memory("1Gi")
                .build();
            assert_eq!(profile.max_cpu_cores(), cores, "{quantity}");
        }
    }
}

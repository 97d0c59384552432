//! ManagedCluster (`containerservice.azure.com/v1api20240402preview`, namespaced): an AKS cluster
//! (the preview version the platform design names).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::aso::KnownResourceReference;
use crate::containerservice_azure_com::common::{
    self, AgentPoolOsSku, ContainerServiceNetworkProfile, ManagedClusterAadProfile,
    ManagedClusterAddonProfile, ManagedClusterAutoUpgradeProfile, ManagedClusterIdentity,
    ManagedClusterOidcIssuerProfile, ManagedClusterOperatorSpec, ManagedClusterSecurityProfile,
    ManagedClusterServicePrincipalProfile, ManagedClusterSku, NodeProvisioningMode, SpecView,
};
use crate::resource::{check_metadata, kubernetes_kind};
use crate::validation::{Report, Validate};

kubernetes_kind! {
    /// An AKS cluster, reconciled by ASO; owned by a ResourceGroup.
    pub struct ManagedCluster {
        api_version: "containerservice.azure.com/v1api20240402preview",
        group: "containerservice.azure.com",
        version: "v1api20240402preview",
        plural: "managedclusters",
        scope: Namespaced,
        spec: ManagedClusterSpec,
        max_name_length: 63,
    }
}

/// The OS SKU of an agent pool in this version.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OsSku {
    /// Azure Linux.
    AzureLinux,
    /// CBL-Mariner (the former name of Azure Linux).
    #[serde(rename = "CBLMariner")]
    CblMariner,
    /// Mariner (an alias of CBLMariner).
    Mariner,
    /// Ubuntu (the default for Linux).
    Ubuntu,
    /// Windows Server 2019.
    Windows2019,
    /// Windows Server 2022.
    Windows2022,
    /// Windows Server Annual Channel.
    WindowsAnnual,
}

impl AgentPoolOsSku for OsSku {
    fn is_windows(self) -> bool {
        matches!(
            self,
            OsSku::Windows2019 | OsSku::Windows2022 | OsSku::WindowsAnnual
        )
    }
}

/// An agent pool of a `v1api20240402preview` cluster (`osSKU` takes this version's [`OsSku`] values).
pub type ManagedClusterAgentPoolProfile = common::ManagedClusterAgentPoolProfile<OsSku>;

/// Node Auto Provisioning (managed Karpenter) settings; this version has only `mode`
/// (`defaultNodePools` came with `v1api20250801`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedClusterNodeProvisioningProfile {
    /// `Auto` turns Node Auto Provisioning on; `Manual` (the default) leaves it off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<NodeProvisioningMode>,
}

/// The desired state of an AKS cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ManagedClusterSpec {
    /// Microsoft Entra ID integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aad_profile: Option<ManagedClusterAadProfile>,
    /// Add-ons by name (e.g. `azureKeyvaultSecretsProvider`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addon_profiles: Option<BTreeMap<String, ManagedClusterAddonProfile>>,
    /// The agent pools created with the cluster; at least one with `mode: System`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_pool_profiles: Option<Vec<ManagedClusterAgentPoolProfile>>,
    /// Automatic upgrades.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_upgrade_profile: Option<ManagedClusterAutoUpgradeProfile>,
    /// The cluster's name in Azure when it differs from `metadata.name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_name: Option<String>,
    /// Disables static (non-Entra) credentials; requires `aadProfile.managed: true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_local_accounts: Option<bool>,
    /// The DNS prefix of the API server's FQDN (immutable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_prefix: Option<String>,
    /// Whether Kubernetes RBAC is enabled.
    #[serde(
        default,
        rename = "enableRBAC",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_rbac: Option<bool>,
    /// The FQDN subdomain of a private cluster with a custom private DNS zone (instead of `dnsPrefix`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fqdn_subdomain: Option<String>,
    /// The control plane's managed identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<ManagedClusterIdentity>,
    /// The Kubernetes version, `1.30` (latest patch) or `1.30.4`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes_version: Option<String>,
    /// The Azure region, e.g. `westeurope`.
    pub location: String,
    /// Networking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_profile: Option<ContainerServiceNetworkProfile>,
    /// Node Auto Provisioning (managed Karpenter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_provisioning_profile: Option<ManagedClusterNodeProvisioningProfile>,
    /// The OIDC issuer (for workload identity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc_issuer_profile: Option<ManagedClusterOidcIssuerProfile>,
    /// What ASO exports (kubeconfigs, OIDC issuer URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_spec: Option<ManagedClusterOperatorSpec>,
    /// The owning ResourceGroup object.
    pub owner: KnownResourceReference,
    /// Security settings (workload identity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_profile: Option<ManagedClusterSecurityProfile>,
    /// A service principal instead of a managed identity (legacy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_principal_profile: Option<ManagedClusterServicePrincipalProfile>,
    /// The SKU and pricing tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<ManagedClusterSku>,
    /// Azure tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
}

impl ManagedClusterSpec {
    /// `true` when Node Auto Provisioning is on (`nodeProvisioningProfile.mode: Auto`).
    pub fn node_auto_provisioning(&self) -> bool {
        self.node_provisioning_profile.as_ref().and_then(|p| p.mode)
            == Some(NodeProvisioningMode::Auto)
    }

    fn view(&self) -> SpecView<'_, OsSku> {
        SpecView {
            aad_profile: self.aad_profile.as_ref(),
            addon_profiles: self.addon_profiles.as_ref(),
            agent_pool_profiles: self.agent_pool_profiles.as_deref(),
            azure_name: self.azure_name.as_deref(),
            disable_local_accounts: self.disable_local_accounts,
            dns_prefix: self.dns_prefix.as_deref(),
            enable_rbac: self.enable_rbac,
            fqdn_subdomain: self.fqdn_subdomain.as_deref(),
            identity: self.identity.as_ref(),
            kubernetes_version: self.kubernetes_version.as_deref(),
            location: &self.location,
            network_profile: self.network_profile.as_ref(),
            nap: self.node_auto_provisioning(),
            oidc_issuer_profile: self.oidc_issuer_profile.as_ref(),
            operator_spec: self.operator_spec.as_ref(),
            owner: &self.owner,
            security_profile: self.security_profile.as_ref(),
            service_principal_profile: self.service_principal_profile.as_ref(),
            tags: self.tags.as_ref(),
        }
    }
}

impl Validate for ManagedCluster {
    fn validate_into(&self, report: &mut Report) {
        check_metadata::<Self>(report, &self.metadata);
        common::check_azure_name_default(report, &self.metadata, self.spec.azure_name.as_deref());
        report.nested("spec", &self.spec);
    }
}

impl Validate for ManagedClusterSpec {
    fn validate_into(&self, report: &mut Report) {
        self.view().check(report);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aso::SecretDestination;
    use crate::containerservice_azure_com::common::{
        AgentPoolMode, ManagedClusterOperatorSecrets, NetworkDataplane, NetworkPlugin,
        NetworkPluginMode, OsType,
    };
    use crate::{Code, from_yaml, to_yaml};

    /// The platform design's cluster, with its mistakes fixed: NAP needs the overlay/cilium
    /// network, a fixed-size System pool, and a kubeconfig export for the Karpenter steps.
    fn design_cluster() -> ManagedCluster {
        ManagedCluster::builder()
            .name("team-a")
            .namespace("azure-system")
            .spec(
                ManagedClusterSpec::builder()
                    .location("eastus2")
                    .owner(KnownResourceReference::named("rg-team-a"))
                    .dns_prefix("team-a")
                    .kubernetes_version("1.30")
                    .identity(ManagedClusterIdentity::system_assigned())
                    .node_provisioning_profile(
                        ManagedClusterNodeProvisioningProfile::builder()
                            .mode(NodeProvisioningMode::Auto)
                            .build(),
                    )
                    .network_profile(
                        ContainerServiceNetworkProfile::builder()
                            .network_plugin(NetworkPlugin::Azure)
                            .network_plugin_mode(NetworkPluginMode::Overlay)
                            .network_dataplane(NetworkDataplane::Cilium)
                            .build(),
                    )
                    .agent_pool_profiles(vec![
                        ManagedClusterAgentPoolProfile::builder()
                            .name("systempool")
                            .mode(AgentPoolMode::System)
                            .count(1)
                            .vm_size("Standard_D2s_v5")
                            .enable_auto_scaling(false)
                            .build(),
                    ])
                    .operator_spec(
                        ManagedClusterOperatorSpec::builder()
                            .secrets(
                                ManagedClusterOperatorSecrets::builder()
                                    .user_credentials(
                                        SecretDestination::builder()
                                            .name("team-a-kubeconfig")
                                            .key("value")
                                            .build(),
                                    )
                                    .build(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .build()
            .unwrap()
    }

    #[test]
    fn design_cluster_writes_exact_yaml() {
        let cluster = design_cluster();
        let yaml = to_yaml(&cluster).unwrap();
        assert_eq!(
            yaml,
            r#"apiVersion: containerservice.azure.com/v1api20240402preview
kind: ManagedCluster
metadata:
  name: team-a
  namespace: azure-system
spec:
  agentPoolProfiles:
  - count: 1
    enableAutoScaling: false
    mode: System
    name: systempool
    vmSize: Standard_D2s_v5
  dnsPrefix: team-a
  identity:
    type: SystemAssigned
  kubernetesVersion: "1.30"
  location: eastus2
  networkProfile:
    networkDataplane: cilium
    networkPlugin: azure
    networkPluginMode: overlay
  nodeProvisioningProfile:
    mode: Auto
  operatorSpec:
    secrets:
      userCredentials:
        name: team-a-kubeconfig
        key: value
  owner:
    name: rg-team-a
"#
        );
        assert_eq!(from_yaml::<ManagedCluster>(&yaml).unwrap(), cluster);
    }

    #[test]
    fn hand_written_yaml_round_trips() {
        let yaml = r#"apiVersion: containerservice.azure.com/v1api20240402preview
kind: ManagedCluster
metadata:
  name: team-b
  namespace: azure-system
spec:
  agentPoolProfiles:
  - count: 2
    mode: System
    name: system
    osSKU: Mariner
    vmSize: Standard_D4s_v5
  - count: 1
    mode: User
    name: win
    osSKU: WindowsAnnual
    osType: Windows
  dnsPrefix: team-b
  identity:
    type: SystemAssigned
  location: westus3
  networkProfile:
    networkPlugin: azure
    networkPluginMode: overlay
  nodeProvisioningProfile:
    mode: Manual
  owner:
    name: rg-team-b
"#;
        let cluster: ManagedCluster = from_yaml(yaml).unwrap();
        cluster.validate().unwrap();
        assert_eq!(to_yaml(&cluster).unwrap(), yaml);
    }

    #[test]
    fn preview_has_no_default_node_pools_and_its_own_os_skus() {
        let base = "apiVersion: containerservice.azure.com/v1api20240402preview\nkind: ManagedCluster\nmetadata: {name: x}\nspec: {location: westeurope, owner: {name: rg}, ";
        let nap =
            format!("{base}nodeProvisioningProfile: {{mode: Auto, defaultNodePools: None}}}}\n");
        assert!(matches!(
            from_yaml::<ManagedCluster>(&nap),
            Err(crate::Error::Parse(_))
        ));
        let sku = format!("{base}agentPoolProfiles: [{{name: system, osSKU: Ubuntu2204}}]}}\n");
        assert!(matches!(
            from_yaml::<ManagedCluster>(&sku),
            Err(crate::Error::Parse(_))
        ));
        let other = "apiVersion: containerservice.azure.com/v1api20250801\nkind: ManagedCluster\nmetadata: {name: x}\nspec: {location: westeurope, owner: {name: rg}}\n";
        assert!(matches!(
            from_yaml::<ManagedCluster>(other),
            Err(crate::Error::WrongKind(_))
        ));
    }

    #[test]
    fn the_designs_autoscaled_system_pool_is_rejected_with_nap() {
        let mut cluster = design_cluster();
        if let Some(pools) = cluster.spec.agent_pool_profiles.as_mut() {
            pools[0].enable_auto_scaling = Some(true);
            pools[0].min_count = Some(1);
            pools[0].max_count = Some(3);
            pools[0].os_type = Some(OsType::Windows);
            pools[0].os_sku = Some(OsSku::WindowsAnnual);
        }
        let got: Vec<(String, Code)> = cluster
            .validate()
            .unwrap_err()
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect();
        let at = |p: &str, c| (p.to_owned(), c);
        assert_eq!(
            got,
            vec![
                at(
                    "spec.agentPoolProfiles[0].enableAutoScaling",
                    Code::Conflict
                ),
                at("spec.agentPoolProfiles[0].maxCount", Code::Conflict),
                at("spec.agentPoolProfiles[0].minCount", Code::Conflict),
                at("spec.agentPoolProfiles[0].mode", Code::NotAllowed),
                at("spec.agentPoolProfiles[0].name", Code::TooLong),
                at("spec.agentPoolProfiles[0].osType", Code::NotAllowed),
            ]
        );
    }

    #[test]
    fn kube_core_resource_works() {
        use kube_core::Resource as _;
        assert_eq!(
            ManagedCluster::api_version(&()),
            "containerservice.azure.com/v1api20240402preview"
        );
        assert_eq!(ManagedCluster::plural(&()), "managedclusters");
    }
}

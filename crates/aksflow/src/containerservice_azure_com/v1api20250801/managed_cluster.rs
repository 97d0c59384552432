//! ManagedCluster (`containerservice.azure.com/v1api20250801`, namespaced): an AKS cluster.

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
        api_version: "containerservice.azure.com/v1api20250801",
        group: "containerservice.azure.com",
        version: "v1api20250801",
        plural: "managedclusters",
        scope: Namespaced,
        spec: ManagedClusterSpec,
        max_name_length: 63,
    }
}

/// The OS SKU of an agent pool in this version.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OsSku {
    /// Azure Linux (the version AKS picks for the Kubernetes version).
    AzureLinux,
    /// Azure Linux 3.
    AzureLinux3,
    /// CBL-Mariner (the former name of Azure Linux 2).
    #[serde(rename = "CBLMariner")]
    CblMariner,
    /// Ubuntu (the default for Linux).
    Ubuntu,
    /// Ubuntu 22.04.
    Ubuntu2204,
    /// Windows Server 2019.
    Windows2019,
    /// Windows Server 2022.
    Windows2022,
}

impl AgentPoolOsSku for OsSku {
    fn is_windows(self) -> bool {
        matches!(self, OsSku::Windows2019 | OsSku::Windows2022)
    }
}

/// An agent pool of a `v1api20250801` cluster (`osSKU` takes this version's [`OsSku`] values).
pub type ManagedClusterAgentPoolProfile = common::ManagedClusterAgentPoolProfile<OsSku>;

/// Which default Karpenter NodePools Node Auto Provisioning creates.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultNodePools {
    /// `default` (sku-family D) and `system-surge` (the default).
    Auto,
    /// None: you apply your own NodePools.
    None,
}

/// Node Auto Provisioning (managed Karpenter) settings.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedClusterNodeProvisioningProfile {
    /// The default NodePools NAP creates (only with `mode: Auto`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_node_pools: Option<DefaultNodePools>,
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
        AgentPoolMode, ManagedClusterIdentityType, ManagedClusterOperatorSecrets,
        ManagedClusterSkuTier, NetworkDataplane, NetworkPlugin, NetworkPluginMode, NetworkPolicy,
        OsType, ResourceReference,
    };
    use crate::{Code, from_yaml, to_yaml};

    fn nap_network() -> ContainerServiceNetworkProfile {
        ContainerServiceNetworkProfile::builder()
            .network_plugin(NetworkPlugin::Azure)
            .network_plugin_mode(NetworkPluginMode::Overlay)
            .network_dataplane(NetworkDataplane::Cilium)
            .network_policy(NetworkPolicy::Cilium)
            .build()
    }

    fn system_pool() -> ManagedClusterAgentPoolProfile {
        ManagedClusterAgentPoolProfile::builder()
            .name("system")
            .mode(AgentPoolMode::System)
            .count(3)
            .vm_size("Standard_D4ds_v5")
            .os_sku(OsSku::AzureLinux)
            .build()
    }

    fn nap_spec() -> ManagedClusterSpec {
        ManagedClusterSpec::builder()
            .location("westeurope")
            .owner(KnownResourceReference::named("rg-payments-prod"))
            .dns_prefix("payments-prod")
            .kubernetes_version("1.33")
            .identity(ManagedClusterIdentity::system_assigned())
            .agent_pool_profiles(vec![system_pool()])
            .network_profile(nap_network())
            .node_provisioning_profile(
                ManagedClusterNodeProvisioningProfile::builder()
                    .mode(NodeProvisioningMode::Auto)
                    .default_node_pools(DefaultNodePools::None)
                    .build(),
            )
            .sku(
                ManagedClusterSku::builder()
                    .tier(ManagedClusterSkuTier::Standard)
                    .build(),
            )
            .operator_spec(
                ManagedClusterOperatorSpec::builder()
                    .secrets(
                        ManagedClusterOperatorSecrets::builder()
                            .admin_credentials(SecretDestination::new_kubeconfig())
                            .build(),
                    )
                    .build(),
            )
            .build()
    }

    trait Kubeconfig {
        fn new_kubeconfig() -> Self;
    }
    impl Kubeconfig for SecretDestination {
        fn new_kubeconfig() -> Self {
            SecretDestination::builder()
                .name("payments-prod-kubeconfig")
                .key("value")
                .build()
        }
    }

    fn violations(spec: ManagedClusterSpec) -> Vec<(String, Code)> {
        match ManagedCluster::builder()
            .name("payments-prod")
            .namespace("azure-system")
            .spec(spec)
            .build()
        {
            Ok(_) => Vec::new(),
            Err(error) => error
                .violations()
                .iter()
                .map(|v| (v.path.to_string(), v.code))
                .collect(),
        }
    }

    fn at(path: &str, code: Code) -> (String, Code) {
        (path.to_owned(), code)
    }

    #[test]
    fn nap_cluster_writes_exact_yaml() {
        let cluster = ManagedCluster::builder()
            .name("payments-prod")
            .namespace("azure-system")
            .spec(nap_spec())
            .build()
            .unwrap();
        let yaml = to_yaml(&cluster).unwrap();
        assert_eq!(
            yaml,
            r#"apiVersion: containerservice.azure.com/v1api20250801
kind: ManagedCluster
metadata:
  name: payments-prod
  namespace: azure-system
spec:
  agentPoolProfiles:
  - count: 3
    mode: System
    name: system
    osSKU: AzureLinux
    vmSize: Standard_D4ds_v5
  dnsPrefix: payments-prod
  identity:
    type: SystemAssigned
  kubernetesVersion: "1.33"
  location: westeurope
  networkProfile:
    networkDataplane: cilium
    networkPlugin: azure
    networkPluginMode: overlay
    networkPolicy: cilium
  nodeProvisioningProfile:
    defaultNodePools: None
    mode: Auto
  operatorSpec:
    secrets:
      adminCredentials:
        name: payments-prod-kubeconfig
        key: value
  owner:
    name: rg-payments-prod
  sku:
    tier: Standard
"#
        );
        assert_eq!(from_yaml::<ManagedCluster>(&yaml).unwrap(), cluster);
    }

    #[test]
    fn hand_written_yaml_round_trips() {
        let yaml = r#"apiVersion: containerservice.azure.com/v1api20250801
kind: ManagedCluster
metadata:
  name: shop-dev
  namespace: azure-system
spec:
  aadProfile:
    adminGroupObjectIDs:
      - 00000000-0000-0000-0000-000000000001
    enableAzureRBAC: true
    managed: true
  addonProfiles:
    azureKeyvaultSecretsProvider:
      config:
        enableSecretRotation: "true"
      enabled: true
  agentPoolProfiles:
    - count: 1
      mode: System
      name: system
      nodeTaints:
        - CriticalAddonsOnly=true:NoSchedule
      vmSize: Standard_D2ds_v5
      vnetSubnetReference:
        armId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes
    - availabilityZones:
        - "1"
        - "2"
      count: 2
      enableAutoScaling: true
      maxCount: 10
      maxPods: 110
      minCount: 1
      mode: User
      name: apps
      nodeLabels:
        workload: apps
      osDiskSizeGB: 128
      osSKU: Ubuntu2204
      osType: Linux
      type: VirtualMachineScaleSets
      vmSize: Standard_D8ds_v5
      vnetSubnetReference:
        group: network.azure.com
        kind: VirtualNetworksSubnet
        name: nodes
  autoUpgradeProfile:
    nodeOSUpgradeChannel: NodeImage
    upgradeChannel: stable
  disableLocalAccounts: true
  dnsPrefix: shop-dev
  enableRBAC: true
  identity:
    type: UserAssigned
    userAssignedIdentities:
      - reference:
          group: managedidentity.azure.com
          kind: UserAssignedIdentity
          name: shop-dev-identity
  kubernetesVersion: 1.32.4
  location: northeurope
  networkProfile:
    dnsServiceIP: 10.0.0.10
    loadBalancerSku: standard
    networkPlugin: kubenet
    outboundType: userDefinedRouting
    podCidr: 10.244.0.0/16
    serviceCidr: 10.0.0.0/16
  oidcIssuerProfile:
    enabled: true
  operatorSpec:
    secrets:
      userCredentials:
        name: shop-dev-kubeconfig
        key: value
  owner:
    name: rg-shop-dev
  securityProfile:
    workloadIdentity:
      enabled: true
  sku:
    name: Base
    tier: Free
  tags:
    team: shop
"#;
        let cluster: ManagedCluster = from_yaml(yaml).unwrap();
        cluster.validate().unwrap();
        // Same document (aksflow's writer indents lists differently and folds the long armId).
        let written = to_yaml(&cluster).unwrap();
        let value = |y: &str| serde_saphyr::from_str::<serde_json::Value>(y).unwrap();
        assert_eq!(value(&written), value(yaml));
        assert_eq!(from_yaml::<ManagedCluster>(&written).unwrap(), cluster);
        let pools = cluster
            .spec
            .agent_pool_profiles
            .as_deref()
            .unwrap_or_default();
        assert_eq!(pools[1].os_sku, Some(OsSku::Ubuntu2204));
        assert_eq!(
            cluster.spec.identity.as_ref().map(|i| i.type_),
            Some(ManagedClusterIdentityType::UserAssigned)
        );
    }

    #[test]
    fn wrong_kind_and_string_booleans_are_rejected() {
        let yaml = "apiVersion: containerservice.azure.com/v1api20240402preview\nkind: ManagedCluster\nmetadata: {name: x}\nspec: {location: westeurope, owner: {name: rg}}\n";
        assert!(matches!(
            from_yaml::<ManagedCluster>(yaml),
            Err(crate::Error::WrongKind(_))
        ));
        // The platform design's `enableAutoScaling: "false"`: a string where a boolean belongs.
        // (Read as JSON: serde-saphyr's typed reader accepts a quoted "false" for a bool; see the report.)
        let json = r#"{"apiVersion": "containerservice.azure.com/v1api20250801", "kind": "ManagedCluster", "metadata": {"name": "x"}, "spec": {"location": "westeurope", "owner": {"name": "rg"}, "agentPoolProfiles": [{"name": "system", "enableAutoScaling": "false"}]}}"#;
        assert!(matches!(
            crate::from_json::<ManagedCluster>(json),
            Err(crate::Error::Parse(_))
        ));
        let yaml = "apiVersion: containerservice.azure.com/v1api20250801\nkind: ManagedCluster\nmetadata: {name: x}\nspec: {location: westeurope, owner: {name: rg}, agentPoolProfiles: [{name: system, vnetSubnetID: x}]}\n";
        assert!(matches!(
            from_yaml::<ManagedCluster>(yaml),
            Err(crate::Error::Parse(_))
        ));
    }

    #[test]
    fn nap_rules() {
        let mut spec = nap_spec();
        spec.network_profile = Some(
            ContainerServiceNetworkProfile::builder()
                .network_plugin(NetworkPlugin::Kubenet)
                .build(),
        );
        spec.service_principal_profile = Some(
            ManagedClusterServicePrincipalProfile::builder()
                .client_id("00000000-0000-0000-0000-000000000000")
                .build(),
        );
        spec.identity = Some(ManagedClusterIdentity {
            type_: ManagedClusterIdentityType::None,
            user_assigned_identities: None,
        });
        let autoscaled = ManagedClusterAgentPoolProfile::builder()
            .name("apps")
            .mode(AgentPoolMode::User)
            .enable_auto_scaling(true)
            .min_count(1)
            .max_count(5)
            .build();
        let windows = ManagedClusterAgentPoolProfile::builder()
            .name("win")
            .mode(AgentPoolMode::User)
            .count(1)
            .os_type(OsType::Windows)
            .os_sku(OsSku::Windows2022)
            .pod_subnet_reference(ResourceReference::arm_id("/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pods"))
            .build();
        spec.agent_pool_profiles = Some(vec![system_pool(), autoscaled, windows]);
        assert_eq!(
            violations(spec),
            vec![
                at(
                    "spec.agentPoolProfiles[1].enableAutoScaling",
                    Code::Conflict
                ),
                at("spec.agentPoolProfiles[1].maxCount", Code::Conflict),
                at("spec.agentPoolProfiles[1].minCount", Code::Conflict),
                at("spec.agentPoolProfiles[2].osType", Code::NotAllowed),
                at(
                    "spec.agentPoolProfiles[2].podSubnetReference",
                    Code::NotAllowed
                ),
                at("spec.identity.type", Code::NotAllowed),
                at("spec.networkProfile.networkPlugin", Code::NotAllowed),
                at("spec.networkProfile.networkPluginMode", Code::Required),
                at("spec.networkProfile.networkDataplane", Code::Required),
                at("spec.servicePrincipalProfile", Code::NotAllowed),
            ]
        );
    }

    #[test]
    fn nap_requires_network_profile() {
        let mut spec = nap_spec();
        spec.network_profile = None;
        assert_eq!(
            violations(spec),
            vec![
                at("spec.networkProfile.networkPlugin", Code::Required),
                at("spec.networkProfile.networkPluginMode", Code::Required),
                at("spec.networkProfile.networkDataplane", Code::Required),
            ]
        );
    }

    #[test]
    fn autoscaler_without_nap() {
        let mut spec = nap_spec();
        spec.node_provisioning_profile = None;
        let pool = |min: Option<i32>, max: Option<i32>, count: i32, enabled: Option<bool>| {
            ManagedClusterAgentPoolProfile {
                min_count: min,
                max_count: max,
                count: Some(count),
                enable_auto_scaling: enabled,
                ..ManagedClusterAgentPoolProfile::builder()
                    .name("apps")
                    .mode(AgentPoolMode::User)
                    .build()
            }
        };
        let mut ok = spec.clone();
        ok.agent_pool_profiles = Some(vec![system_pool(), pool(Some(0), Some(5), 2, Some(true))]);
        assert_eq!(violations(ok), vec![]);
        spec.agent_pool_profiles = Some(vec![
            system_pool(),
            pool(None, None, 2, Some(true)),
            pool(Some(5), Some(2), 3, Some(true)),
            pool(Some(1), Some(3), 4, Some(true)),
            pool(Some(1), Some(3), 2, Some(false)),
            pool(Some(1), Some(3000), 2, Some(true)),
        ]);
        assert_eq!(
            violations(spec),
            vec![
                at("spec.agentPoolProfiles[1].maxCount", Code::Required),
                at("spec.agentPoolProfiles[1].minCount", Code::Required),
                at("spec.agentPoolProfiles[2].minCount", Code::Conflict),
                at("spec.agentPoolProfiles[2].name", Code::Duplicate),
                at("spec.agentPoolProfiles[3].count", Code::OutOfRange),
                at("spec.agentPoolProfiles[3].name", Code::Duplicate),
                at("spec.agentPoolProfiles[4].maxCount", Code::Conflict),
                at("spec.agentPoolProfiles[4].minCount", Code::Conflict),
                at("spec.agentPoolProfiles[4].name", Code::Duplicate),
                at("spec.agentPoolProfiles[5].maxCount", Code::OutOfRange),
                at("spec.agentPoolProfiles[5].name", Code::Duplicate),
            ]
        );
    }

    #[test]
    fn node_version_skew_is_n3_from_1_28() {
        let with_pool = |cluster: &str, pool: &str| {
            let mut spec = nap_spec();
            spec.kubernetes_version = Some(cluster.into());
            spec.agent_pool_profiles = Some(vec![ManagedClusterAgentPoolProfile {
                orchestrator_version: Some(pool.into()),
                ..system_pool()
            }]);
            violations(spec)
        };
        let skew = vec![at(
            "spec.agentPoolProfiles[0].orchestratorVersion",
            Code::Conflict,
        )];
        assert_eq!(with_pool("1.33", "1.33.2"), vec![]);
        assert_eq!(with_pool("1.33", "1.30"), vec![]);
        assert_eq!(with_pool("1.33", "1.29"), skew);
        assert_eq!(with_pool("1.33", "1.34"), skew);
        assert_eq!(with_pool("1.27", "1.25"), vec![]);
        assert_eq!(with_pool("1.27", "1.24"), skew);
    }

    #[test]
    fn pool_rules() {
        let mut spec = nap_spec();
        spec.node_provisioning_profile = None;
        spec.network_profile = Some(
            ContainerServiceNetworkProfile::builder()
                .network_plugin(NetworkPlugin::Kubenet)
                .build(),
        );
        let bad = ManagedClusterAgentPoolProfile {
            availability_zones: Some(vec!["1".into()]),
            count: Some(0),
            max_pods: Some(5),
            node_labels: Some(BTreeMap::from([("bad key!".to_owned(), "v".to_owned())])),
            node_taints: Some(vec!["dedicated=x".into()]),
            orchestrator_version: Some("1.34".into()),
            os_disk_size_gb: Some(4096),
            os_sku: Some(OsSku::Windows2019),
            type_: Some(common::AgentPoolType::AvailabilitySet),
            ..ManagedClusterAgentPoolProfile::builder()
                .name("sys")
                .mode(AgentPoolMode::System)
                .build()
        };
        let windows = ManagedClusterAgentPoolProfile::builder()
            .name("windows")
            .mode(AgentPoolMode::System)
            .os_type(OsType::Windows)
            .os_sku(OsSku::Ubuntu)
            .build();
        let bad_name = ManagedClusterAgentPoolProfile::builder()
            .name("Apps-1")
            .build();
        spec.agent_pool_profiles = Some(vec![bad, windows, bad_name]);
        assert_eq!(
            violations(spec),
            vec![
                at(
                    "spec.agentPoolProfiles[0].availabilityZones",
                    Code::Conflict
                ),
                at("spec.agentPoolProfiles[0].count", Code::OutOfRange),
                at("spec.agentPoolProfiles[0].maxPods", Code::OutOfRange),
                at(
                    "spec.agentPoolProfiles[0].nodeLabels[\"bad key!\"]",
                    Code::Pattern
                ),
                at("spec.agentPoolProfiles[0].nodeTaints[0]", Code::Pattern),
                at(
                    "spec.agentPoolProfiles[0].orchestratorVersion",
                    Code::Conflict
                ),
                at("spec.agentPoolProfiles[0].osDiskSizeGB", Code::OutOfRange),
                at("spec.agentPoolProfiles[0].osSKU", Code::Conflict),
                at("spec.agentPoolProfiles[1].mode", Code::NotAllowed),
                at("spec.agentPoolProfiles[1].name", Code::TooLong),
                at("spec.agentPoolProfiles[1].osSKU", Code::Conflict),
                at("spec.agentPoolProfiles[1].osType", Code::Conflict),
                at("spec.agentPoolProfiles[2].name", Code::Pattern),
            ]
        );
    }

    #[test]
    fn cluster_rules() {
        let spec = ManagedClusterSpec {
            azure_name: Some("payments.prod".into()),
            dns_prefix: Some("-payments".into()),
            fqdn_subdomain: None,
            kubernetes_version: Some("v1.33".into()),
            location: "West Europe".into(),
            owner: KnownResourceReference::default(),
            agent_pool_profiles: Some(vec![
                ManagedClusterAgentPoolProfile::builder()
                    .name("apps")
                    .mode(AgentPoolMode::User)
                    .build(),
            ]),
            aad_profile: Some(
                ManagedClusterAadProfile::builder()
                    .enable_azure_rbac(true)
                    .tenant_id("not-a-guid")
                    .build(),
            ),
            disable_local_accounts: Some(true),
            identity: Some(ManagedClusterIdentity {
                type_: ManagedClusterIdentityType::SystemAssigned,
                user_assigned_identities: Some(vec![]),
            }),
            network_profile: Some(
                ContainerServiceNetworkProfile::builder()
                    .network_plugin(NetworkPlugin::Azure)
                    .network_policy(NetworkPolicy::Cilium)
                    .pod_cidr("10.244.0.0/16")
                    .service_cidr("10.0.0.0/16")
                    .dns_service_ip("10.1.0.10")
                    .build(),
            ),
            node_provisioning_profile: None,
            security_profile: Some(ManagedClusterSecurityProfile {
                workload_identity: Some(common::ManagedClusterSecurityProfileWorkloadIdentity {
                    enabled: Some(true),
                }),
            }),
            operator_spec: Some(
                ManagedClusterOperatorSpec::builder()
                    .secrets(
                        ManagedClusterOperatorSecrets::builder()
                            .admin_credentials(SecretDestination::new_kubeconfig())
                            .user_credentials(SecretDestination::new_kubeconfig())
                            .build(),
                    )
                    .build(),
            ),
            tags: Some(BTreeMap::from([("a/b".to_owned(), "x".to_owned())])),
            ..nap_spec()
        };
        let error = ManagedCluster::builder()
            .name("payments.prod")
            .spec(spec)
            .build()
            .unwrap_err();
        let got: Vec<(String, Code)> = error
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect();
        assert_eq!(
            got,
            vec![
                at("spec.aadProfile.enableAzureRBAC", Code::Conflict),
                at("spec.aadProfile.tenantID", Code::Pattern),
                at("spec.agentPoolProfiles", Code::Required),
                at("spec.azureName", Code::Pattern),
                at("spec.disableLocalAccounts", Code::Conflict),
                at("spec.dnsPrefix", Code::Pattern),
                at("spec.identity.userAssignedIdentities", Code::Conflict),
                at("spec.kubernetesVersion", Code::Pattern),
                at("spec.location", Code::Pattern),
                at("spec.networkProfile.dnsServiceIP", Code::Conflict),
                at("spec.networkProfile.networkPolicy", Code::Conflict),
                at("spec.networkProfile.podCidr", Code::Conflict),
                at("spec.operatorSpec.secrets.userCredentials", Code::Duplicate),
                at("spec.operatorSpec.secrets.adminCredentials", Code::Conflict),
                at("spec.owner", Code::Required),
                at(
                    "spec.securityProfile.workloadIdentity.enabled",
                    Code::Conflict
                ),
                at("spec.tags[\"a/b\"]", Code::Pattern),
            ]
        );
    }

    #[test]
    fn metadata_name_is_the_aks_name_without_azure_name() {
        let mut spec = nap_spec();
        spec.dns_prefix = None;
        let error = ManagedCluster::builder()
            .name("payments.prod")
            .spec(spec.clone())
            .build()
            .unwrap_err();
        let got: Vec<(String, Code)> = error
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect();
        assert_eq!(
            got,
            vec![
                at("metadata.name", Code::Pattern),
                at("spec.dnsPrefix", Code::Required)
            ]
        );
        let long = "a".repeat(64);
        let error = ManagedCluster::builder()
            .name(long)
            .spec(nap_spec())
            .build()
            .unwrap_err();
        assert_eq!(error.violations()[0].code, Code::TooLong);
        spec.azure_name = Some("payments_prod".into());
        spec.fqdn_subdomain = Some("payments".into());
        assert!(
            ManagedCluster::builder()
                .name("payments.prod")
                .spec(spec)
                .build()
                .is_ok()
        );
    }

    #[test]
    fn user_assigned_identity_needs_exactly_one() {
        let reference =
            ResourceReference::object("managedidentity.azure.com", "UserAssignedIdentity", "id");
        let mut spec = nap_spec();
        spec.identity = Some(ManagedClusterIdentity {
            type_: ManagedClusterIdentityType::UserAssigned,
            user_assigned_identities: None,
        });
        assert_eq!(
            violations(spec.clone()),
            vec![at("spec.identity.userAssignedIdentities", Code::Required)]
        );
        let two = common::UserAssignedIdentityDetails {
            reference: reference.clone(),
        };
        spec.identity = Some(ManagedClusterIdentity {
            type_: ManagedClusterIdentityType::UserAssigned,
            user_assigned_identities: Some(vec![two.clone(), two]),
        });
        assert_eq!(
            violations(spec.clone()),
            vec![at("spec.identity.userAssignedIdentities", Code::TooLong)]
        );
        spec.identity = Some(ManagedClusterIdentity::user_assigned(ResourceReference {
            kind: None,
            ..reference
        }));
        assert_eq!(
            violations(spec),
            vec![at(
                "spec.identity.userAssignedIdentities[0].reference.kind",
                Code::Required
            )]
        );
    }

    #[test]
    fn json_schema_has_this_versions_os_skus() {
        let schema = crate::schema::schema_for::<ManagedCluster>().to_string();
        assert!(schema.contains("AzureLinux3") && schema.contains("\"defaultNodePools\":"));
        assert!(!schema.contains("WindowsAnnual"));
        let preview = crate::schema::schema_for::<
            crate::containerservice_azure_com::v1api20240402preview::ManagedCluster,
        >()
        .to_string();
        assert!(preview.contains("WindowsAnnual") && !preview.contains("\"defaultNodePools\":"));
    }

    #[test]
    fn kube_core_resource_works() {
        use kube_core::Resource as _;
        assert_eq!(ManagedCluster::kind(&()), "ManagedCluster");
        assert_eq!(
            ManagedCluster::api_version(&()),
            "containerservice.azure.com/v1api20250801"
        );
        assert_eq!(ManagedCluster::plural(&()), "managedclusters");
    }
}

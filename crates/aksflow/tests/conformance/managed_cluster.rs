//! ManagedCluster (`containerservice.azure.com`) in `v1api20250801` and `v1api20240402preview`:
//! Node Auto Provisioning on and off, identities, add-ons, kubeconfig exports, network variants,
//! SKU tiers, Entra integration, Windows pools.

use std::collections::BTreeMap;

use aksflow::aso::{DestinationExpression, KnownResourceReference, SecretDestination};
use aksflow::containerservice_azure_com::common::{
    AgentPoolMode, AgentPoolType, ContainerServiceNetworkProfile, LoadBalancerSku,
    ManagedClusterAadProfile, ManagedClusterAddonProfile, ManagedClusterAutoUpgradeProfile,
    ManagedClusterIdentity, ManagedClusterOidcIssuerProfile, ManagedClusterOperatorConfigMaps,
    ManagedClusterOperatorSecrets, ManagedClusterOperatorSpec, ManagedClusterSecurityProfile,
    ManagedClusterSecurityProfileWorkloadIdentity, ManagedClusterSku, ManagedClusterSkuName,
    ManagedClusterSkuTier, NetworkDataplane, NetworkPlugin, NetworkPluginMode, NetworkPolicy,
    NodeOsUpgradeChannel, NodeProvisioningMode, OsDiskType, OsType, OutboundType,
    ResourceReference, UpgradeChannel,
};
use aksflow::containerservice_azure_com::{v1api20240402preview as preview, v1api20250801 as ga};
use serde_json::json;

use crate::{Case, NegativeCase, case};

const NAMESPACE: &str = "azure-system";
const SUBNET: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/aks-nodes";
const IDENTITY_ARM_ID: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-control-plane";

fn kubeconfig(name: &str) -> SecretDestination {
    SecretDestination::builder()
        .name(format!("{name}-kubeconfig"))
        .key("value")
        .build()
}

fn user_kubeconfig(name: &str) -> ManagedClusterOperatorSpec {
    ManagedClusterOperatorSpec::builder()
        .secrets(
            ManagedClusterOperatorSecrets::builder()
                .user_credentials(kubeconfig(name))
                .build(),
        )
        .build()
}

fn admin_kubeconfig(name: &str) -> ManagedClusterOperatorSpec {
    ManagedClusterOperatorSpec::builder()
        .secrets(
            ManagedClusterOperatorSecrets::builder()
                .admin_credentials(kubeconfig(name))
                .build(),
        )
        .build()
}

/// Azure CNI Overlay with the Cilium dataplane: what NAP requires.
fn overlay_cilium() -> ContainerServiceNetworkProfile {
    ContainerServiceNetworkProfile::builder()
        .network_plugin(NetworkPlugin::Azure)
        .network_plugin_mode(NetworkPluginMode::Overlay)
        .network_dataplane(NetworkDataplane::Cilium)
        .network_policy(NetworkPolicy::Cilium)
        .build()
}

fn kubenet() -> ContainerServiceNetworkProfile {
    ContainerServiceNetworkProfile::builder()
        .network_plugin(NetworkPlugin::Kubenet)
        .pod_cidr("10.244.0.0/16")
        .service_cidr("10.0.0.0/16")
        .dns_service_ip("10.0.0.10")
        .load_balancer_sku(LoadBalancerSku::Standard)
        .outbound_type(OutboundType::LoadBalancer)
        .build()
}

fn tier(tier: ManagedClusterSkuTier) -> ManagedClusterSku {
    ManagedClusterSku::builder()
        .name(ManagedClusterSkuName::Base)
        .tier(tier)
        .build()
}

fn entra() -> ManagedClusterAadProfile {
    ManagedClusterAadProfile::builder()
        .managed(true)
        .enable_azure_rbac(true)
        .admin_group_object_ids(vec!["6f1c2a2e-1d0b-4c9e-9d2b-0c7e5d1f3a11".to_owned()])
        .build()
}

fn workload_identity() -> ManagedClusterSecurityProfile {
    ManagedClusterSecurityProfile::builder()
        .workload_identity(
            ManagedClusterSecurityProfileWorkloadIdentity::builder()
                .enabled(true)
                .build(),
        )
        .build()
}

fn oidc() -> ManagedClusterOidcIssuerProfile {
    ManagedClusterOidcIssuerProfile::builder()
        .enabled(true)
        .build()
}

fn addons() -> BTreeMap<String, ManagedClusterAddonProfile> {
    BTreeMap::from([
        (
            "azureKeyvaultSecretsProvider".to_owned(),
            ManagedClusterAddonProfile::builder()
                .enabled(true)
                .config(BTreeMap::from([
                    ("enableSecretRotation".to_owned(), "true".to_owned()),
                    ("rotationPollInterval".to_owned(), "2m".to_owned()),
                ]))
                .build(),
        ),
        (
            "azurepolicy".to_owned(),
            ManagedClusterAddonProfile::enabled(),
        ),
    ])
}

fn auto_upgrade() -> ManagedClusterAutoUpgradeProfile {
    ManagedClusterAutoUpgradeProfile::builder()
        .upgrade_channel(UpgradeChannel::Stable)
        .node_os_upgrade_channel(NodeOsUpgradeChannel::NodeImage)
        .build()
}

fn uami_object() -> ResourceReference {
    ResourceReference::object(
        "managedidentity.azure.com",
        "UserAssignedIdentity",
        "aks-control-plane",
    )
}

fn tags(team: &str) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("team".to_owned(), team.to_owned()),
        ("managed-by".to_owned(), "aksflow".to_owned()),
    ])
}

/// Builds the ManagedCluster and agent pools of one version: the two versions have the same
/// builders except for `nodeProvisioningProfile`, `osSKU` and their own types.
macro_rules! version_cases {
    ($module:ident, $label:literal, $nap:expr, $nap_default_none:expr, $manual:expr,
     $linux_sku:expr, $windows_sku:expr) => {{
        use $module::{ManagedCluster, ManagedClusterAgentPoolProfile, ManagedClusterSpec};

        fn system_pool(count: i32) -> ManagedClusterAgentPoolProfile {
            ManagedClusterAgentPoolProfile::builder()
                .name("system")
                .mode(AgentPoolMode::System)
                .count(count)
                .vm_size("Standard_D4ds_v5")
                .os_type(OsType::Linux)
                .build()
        }

        fn autoscaled_user_pool() -> ManagedClusterAgentPoolProfile {
            ManagedClusterAgentPoolProfile::builder()
                .name("apps")
                .mode(AgentPoolMode::User)
                .vm_size("Standard_D8ds_v5")
                .enable_auto_scaling(true)
                .count(2)
                .min_count(1)
                .max_count(10)
                .max_pods(110)
                .node_labels(BTreeMap::from([(
                    "workload.example.com/tier".to_owned(),
                    "apps".to_owned(),
                )]))
                .build()
        }

        fn cluster(name: &str, spec: ManagedClusterSpec) -> ManagedCluster {
            ManagedCluster::builder()
                .name(name)
                .namespace(NAMESPACE)
                .spec(spec)
                .build()
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        }

        fn base(name: &str) -> ManagedClusterSpec {
            ManagedClusterSpec::builder()
                .location("westeurope")
                .owner(KnownResourceReference::named(format!("rg-{name}")))
                .dns_prefix(name)
                .kubernetes_version("1.32")
                .identity(ManagedClusterIdentity::system_assigned())
                .agent_pool_profiles(vec![system_pool(3)])
                .build()
        }

        let mut cases = Vec::new();

        // 1. NAP on, system-assigned identity, admin kubeconfig for the Karpenter steps.
        let name = "nap-system";
        cases.push(case(
            concat!("ManagedCluster ", $label, " NAP, SystemAssigned, admin kubeconfig, Standard tier"),
            &cluster(
                name,
                ManagedClusterSpec {
                    node_provisioning_profile: Some($nap),
                    network_profile: Some(overlay_cilium()),
                    operator_spec: Some(admin_kubeconfig(name)),
                    sku: Some(tier(ManagedClusterSkuTier::Standard)),
                    ..base(name)
                },
            ),
        ));

        // 2. NAP on, user-assigned identity (ASO object), Entra with local accounts disabled,
        //    workload identity, user kubeconfig.
        let name = "nap-entra";
        cases.push(case(
            concat!("ManagedCluster ", $label, " NAP, UserAssigned, Entra, workload identity, user kubeconfig"),
            &cluster(
                name,
                ManagedClusterSpec {
                    node_provisioning_profile: Some($nap_default_none),
                    network_profile: Some(overlay_cilium()),
                    identity: Some(ManagedClusterIdentity::user_assigned(uami_object())),
                    aad_profile: Some(entra()),
                    disable_local_accounts: Some(true),
                    enable_rbac: Some(true),
                    oidc_issuer_profile: Some(oidc()),
                    security_profile: Some(workload_identity()),
                    operator_spec: Some(ManagedClusterOperatorSpec {
                        config_maps: Some(
                            ManagedClusterOperatorConfigMaps::builder()
                                .oidc_issuer_profile(
                                    SecretDestination::builder()
                                        .name("nap-entra-oidc")
                                        .key("issuer")
                                        .build(),
                                )
                                .build(),
                        ),
                        ..user_kubeconfig(name)
                    }),
                    sku: Some(tier(ManagedClusterSkuTier::Premium)),
                    ..base(name)
                },
            ),
        ));

        // 3. NAP off: the design's fallback, an autoscaled User pool (cluster autoscaler).
        let name = "autoscaled";
        cases.push(case(
            concat!("ManagedCluster ", $label, " without NAP, autoscaled user pool, overlay"),
            &cluster(
                name,
                ManagedClusterSpec {
                    node_provisioning_profile: Some($manual),
                    network_profile: Some(
                        ContainerServiceNetworkProfile::builder()
                            .network_plugin(NetworkPlugin::Azure)
                            .network_plugin_mode(NetworkPluginMode::Overlay)
                            .pod_cidr("192.168.0.0/16")
                            .build(),
                    ),
                    agent_pool_profiles: Some(vec![system_pool(2), autoscaled_user_pool()]),
                    operator_spec: Some(admin_kubeconfig(name)),
                    sku: Some(tier(ManagedClusterSkuTier::Free)),
                    ..base(name)
                },
            ),
        ));

        // 4. kubenet with explicit CIDRs; no nodeProvisioningProfile at all.
        let name = "kubenet";
        cases.push(case(
            concat!("ManagedCluster ", $label, " kubenet with pod/service CIDRs"),
            &cluster(
                name,
                ManagedClusterSpec {
                    network_profile: Some(kubenet()),
                    kubernetes_version: Some("1.31.7".to_owned()),
                    ..base(name)
                },
            ),
        ));

        // 5. Azure CNI in your own subnet, egress through your route table (firewall).
        let name = "byo-vnet";
        let in_subnet = |pool: ManagedClusterAgentPoolProfile| ManagedClusterAgentPoolProfile {
            vnet_subnet_reference: Some(ResourceReference::arm_id(SUBNET)),
            ..pool
        };
        cases.push(case(
            concat!("ManagedCluster ", $label, " Azure CNI in own subnet, userDefinedRouting, UserAssigned by ARM id"),
            &cluster(
                name,
                ManagedClusterSpec {
                    identity: Some(ManagedClusterIdentity::user_assigned(
                        ResourceReference::arm_id(IDENTITY_ARM_ID),
                    )),
                    network_profile: Some(
                        ContainerServiceNetworkProfile::builder()
                            .network_plugin(NetworkPlugin::Azure)
                            .network_policy(NetworkPolicy::Azure)
                            .network_dataplane(NetworkDataplane::Azure)
                            .service_cidr("172.16.0.0/16")
                            .dns_service_ip("172.16.0.10")
                            .outbound_type(OutboundType::UserDefinedRouting)
                            .build(),
                    ),
                    agent_pool_profiles: Some(vec![
                        in_subnet(system_pool(3)),
                        in_subnet(autoscaled_user_pool()),
                    ]),
                    ..base(name)
                },
            ),
        ));

        // 6. Add-ons, auto-upgrade, tags, Premium tier.
        let name = "addons";
        cases.push(case(
            concat!("ManagedCluster ", $label, " add-ons, auto-upgrade, tags"),
            &cluster(
                name,
                ManagedClusterSpec {
                    addon_profiles: Some(addons()),
                    auto_upgrade_profile: Some(auto_upgrade()),
                    tags: Some(tags("payments")),
                    sku: Some(tier(ManagedClusterSkuTier::Premium)),
                    network_profile: Some(overlay_cilium()),
                    operator_spec: Some(ManagedClusterOperatorSpec {
                        secret_expressions: Some(vec![
                            DestinationExpression::builder()
                                .name("addons-endpoints")
                                .key("fqdn")
                                .value("self.status.fqdn")
                                .build(),
                        ]),
                        ..admin_kubeconfig(name)
                    }),
                    ..base(name)
                },
            ),
        ));

        // 7. A Windows user pool next to the Linux system pool.
        let name = "windows";
        cases.push(case(
            concat!("ManagedCluster ", $label, " Windows user pool, pinned node version"),
            &cluster(
                name,
                ManagedClusterSpec {
                    network_profile: Some(
                        ContainerServiceNetworkProfile::builder()
                            .network_plugin(NetworkPlugin::Azure)
                            .network_plugin_mode(NetworkPluginMode::Overlay)
                            .build(),
                    ),
                    agent_pool_profiles: Some(vec![
                        ManagedClusterAgentPoolProfile {
                            os_sku: Some($linux_sku),
                            ..system_pool(1)
                        },
                        ManagedClusterAgentPoolProfile::builder()
                            .name("win")
                            .mode(AgentPoolMode::User)
                            .count(2)
                            .vm_size("Standard_D4s_v5")
                            .os_type(OsType::Windows)
                            .os_sku($windows_sku)
                            .orchestrator_version("1.31")
                            .build(),
                    ]),
                    sku: Some(tier(ManagedClusterSkuTier::Standard)),
                    ..base(name)
                },
            ),
        ));

        // 8. azureName differs from metadata.name; zones, ephemeral disks, taints on the system pool.
        let name = "zonal";
        cases.push(case(
            concat!("ManagedCluster ", $label, " azureName, zones, ephemeral OS disk, system taint"),
            &cluster(
                name,
                ManagedClusterSpec {
                    azure_name: Some("Zonal_Cluster-01".to_owned()),
                    node_provisioning_profile: Some($manual),
                    network_profile: Some(overlay_cilium()),
                    agent_pool_profiles: Some(vec![ManagedClusterAgentPoolProfile {
                        availability_zones: Some(vec!["1".into(), "2".into(), "3".into()]),
                        type_: Some(AgentPoolType::VirtualMachineScaleSets),
                        os_disk_type: Some(OsDiskType::Ephemeral),
                        os_disk_size_gb: Some(128),
                        max_pods: Some(250),
                        node_taints: Some(vec!["CriticalAddonsOnly=true:NoSchedule".into()]),
                        os_sku: Some($linux_sku),
                        ..system_pool(3)
                    }]),
                    operator_spec: Some(ManagedClusterOperatorSpec {
                        secrets: Some(
                            ManagedClusterOperatorSecrets::builder()
                                .admin_credentials(kubeconfig("zonal-admin"))
                                .user_credentials(kubeconfig(name))
                                .build(),
                        ),
                        ..ManagedClusterOperatorSpec::default()
                    }),
                    ..base(name)
                },
            ),
        ));

        // 9. The least a cluster needs.
        let name = "minimal";
        cases.push(case(
            concat!("ManagedCluster ", $label, " minimal"),
            &cluster(
                name,
                ManagedClusterSpec::builder()
                    .location("northeurope")
                    .owner(KnownResourceReference::named("rg-minimal"))
                    .dns_prefix("minimal")
                    .agent_pool_profiles(vec![system_pool(1)])
                    .build(),
            ),
        ));

        cases
    }};
}

pub fn cases() -> Vec<Case> {
    let mut cases = version_cases!(
        ga,
        "v1api20250801",
        ga::ManagedClusterNodeProvisioningProfile::builder()
            .mode(NodeProvisioningMode::Auto)
            .default_node_pools(ga::DefaultNodePools::Auto)
            .build(),
        ga::ManagedClusterNodeProvisioningProfile::builder()
            .mode(NodeProvisioningMode::Auto)
            .default_node_pools(ga::DefaultNodePools::None)
            .build(),
        ga::ManagedClusterNodeProvisioningProfile::builder()
            .mode(NodeProvisioningMode::Manual)
            .build(),
        ga::OsSku::AzureLinux3,
        ga::OsSku::Windows2022
    );
    cases.extend(version_cases!(
        preview,
        "v1api20240402preview",
        preview::ManagedClusterNodeProvisioningProfile::builder()
            .mode(NodeProvisioningMode::Auto)
            .build(),
        preview::ManagedClusterNodeProvisioningProfile::builder()
            .mode(NodeProvisioningMode::Auto)
            .build(),
        preview::ManagedClusterNodeProvisioningProfile::builder()
            .mode(NodeProvisioningMode::Manual)
            .build(),
        preview::OsSku::AzureLinux,
        preview::OsSku::WindowsAnnual
    ));
    cases
}

/// A minimal object of `api_version` with one agent pool `pool` and extra spec fields.
fn raw(api_version: &str, pool: serde_json::Value, extra: serde_json::Value) -> serde_json::Value {
    let mut object = json!({
        "apiVersion": api_version,
        "kind": "ManagedCluster",
        "metadata": {"name": "team-a", "namespace": NAMESPACE},
        "spec": {
            "location": "westeurope",
            "owner": {"name": "rg-team-a"},
            "dnsPrefix": "team-a",
            "agentPoolProfiles": [pool],
        },
    });
    if let (Some(spec), Some(extra)) = (object["spec"].as_object_mut(), extra.as_object()) {
        for (key, value) in extra {
            spec.insert(key.clone(), value.clone());
        }
    }
    object
}

const GA: &str = "containerservice.azure.com/v1api20250801";
const PREVIEW: &str = "containerservice.azure.com/v1api20240402preview";

pub fn negative_cases() -> Vec<NegativeCase> {
    let system = json!({"name": "systempool", "mode": "System", "count": 1});
    vec![
        NegativeCase {
            label: "ManagedCluster v1api20240402preview: the design's enableAutoScaling \"false\" (a string)",
            object: raw(
                PREVIEW,
                json!({"name": "systempool", "mode": "System", "count": 1, "enableAutoScaling": "false"}),
                json!({}),
            ),
            expect: "spec.agentPoolProfiles[0].enableAutoScaling: \"false\" is not of type \"boolean\"",
        },
        NegativeCase {
            label: "ManagedCluster v1api20250801: enableAutoScaling \"true\" (a string)",
            object: raw(
                GA,
                json!({"name": "systempool", "mode": "System", "count": 1, "enableAutoScaling": "true", "minCount": 1, "maxCount": 3}),
                json!({}),
            ),
            expect: "spec.agentPoolProfiles[0].enableAutoScaling: \"true\" is not of type \"boolean\"",
        },
        NegativeCase {
            label: "ManagedCluster v1api20250801: vnetSubnetID in an agent pool (ASO has vnetSubnetReference)",
            object: raw(
                GA,
                json!({"name": "systempool", "mode": "System", "count": 1, "vnetSubnetID": SUBNET}),
                json!({}),
            ),
            expect: "pruned spec.agentPoolProfiles[0].vnetSubnetID",
        },
        NegativeCase {
            label: "ManagedCluster v1api20240402preview: defaultNodePools (only in v1api20250801)",
            object: raw(
                PREVIEW,
                system.clone(),
                json!({"nodeProvisioningProfile": {"mode": "Auto", "defaultNodePools": "None"}}),
            ),
            expect: "pruned spec.nodeProvisioningProfile.defaultNodePools",
        },
        NegativeCase {
            label: "ManagedCluster v1api20250801: networkPlugin calico (a policy, not a plugin)",
            object: raw(
                GA,
                system.clone(),
                json!({"networkProfile": {"networkPlugin": "calico"}}),
            ),
            expect: "spec.networkProfile.networkPlugin: \"calico\" is not one of",
        },
        NegativeCase {
            label: "ManagedCluster v1api20240402preview: the design's Go-template nodeProvisioningProfile.mode",
            object: raw(
                PREVIEW,
                system.clone(),
                json!({"nodeProvisioningProfile": {"mode": "{{if eq inputs.parameters.enable-nap \"true\"}}Auto{{else}}Manual{{end}}"}}),
            ),
            expect: "spec.nodeProvisioningProfile.mode: \"{{if eq",
        },
        NegativeCase {
            label: "ManagedCluster v1api20240402preview: osSKU Ubuntu2204 (only in v1api20250801)",
            object: raw(
                PREVIEW,
                json!({"name": "systempool", "mode": "System", "count": 1, "osSKU": "Ubuntu2204"}),
                json!({}),
            ),
            expect: "spec.agentPoolProfiles[0].osSKU: \"Ubuntu2204\" is not one of",
        },
        NegativeCase {
            label: "ManagedCluster v1api20250801: agent pool name with upper case and a hyphen",
            object: raw(
                GA,
                json!({"name": "System-Pool", "mode": "System", "count": 1}),
                json!({}),
            ),
            expect: "spec.agentPoolProfiles[0].name: \"System-Pool\" does not match pattern",
        },
        NegativeCase {
            label: "ManagedCluster v1api20250801: osDiskSizeGB above 2048",
            object: raw(
                GA,
                json!({"name": "systempool", "mode": "System", "count": 1, "osDiskSizeGB": 4096}),
                json!({}),
            ),
            expect: "spec.agentPoolProfiles[0].osDiskSizeGB: 4096 is greater than the maximum",
        },
        NegativeCase {
            label: "ManagedCluster v1api20250801: userAssignedIdentities as an ARM-style map",
            object: raw(
                GA,
                system,
                json!({"identity": {"type": "UserAssigned", "userAssignedIdentities": {IDENTITY_ARM_ID: {}}}}),
            ),
            expect: "is not of type \"array\"",
        },
    ]
}

//! Builds the Azure and Karpenter objects of one AKS cluster with Node Auto Provisioning,
//! the memory-optimized profile of the platform's design, and prints them as one YAML stream.
//!
//! Run: `cargo run -p aksflow --example payments_prod`

use std::collections::BTreeMap;
use std::process::ExitCode;

use aksflow::aso::{KnownResourceReference, SecretDestination};
use aksflow::containerservice_azure_com::common::{
    AgentPoolMode, ContainerServiceNetworkProfile, ManagedClusterIdentity,
    ManagedClusterOperatorSecrets, ManagedClusterOperatorSpec, NetworkDataplane, NetworkPlugin,
    NetworkPluginMode, NetworkPolicy, NodeProvisioningMode, OsType,
};
use aksflow::containerservice_azure_com::v1api20250801::{
    ManagedCluster, ManagedClusterAgentPoolProfile, ManagedClusterNodeProvisioningProfile,
    ManagedClusterSpec,
};
use aksflow::karpenter_azure_com::v1beta1::{AKSNodeClass, AKSNodeClassSpec, ImageFamily};
use aksflow::karpenter_sh::common::{Taint, TaintEffect};
use aksflow::karpenter_sh::v1::{
    ConsolidationPolicy, Disruption, NodeClaimTemplate, NodeClaimTemplateMetadata,
    NodeClaimTemplateSpec, NodeClassReference, NodePool, NodePoolSpec,
    NodeSelectorRequirementWithMinValues as Requirement,
};
use aksflow::quantity::Quantity;
use aksflow::resources_azure_com::v1api20200601::{ResourceGroup, ResourceGroupSpec};
use aksflow::{Error, Manifest};

const CLUSTER: &str = "payments-prod";
const NAMESPACE: &str = "azure-system";

fn manifests() -> Result<Vec<Manifest>, Error> {
    let tags = BTreeMap::from([("team".to_owned(), "payments".to_owned())]);
    let resource_group = ResourceGroup::builder()
        .name(format!("rg-{CLUSTER}"))
        .namespace(NAMESPACE)
        .spec(
            ResourceGroupSpec::builder()
                .location("westeurope")
                .tags(tags.clone())
                .build(),
        )
        .build()?;

    let system_pool = ManagedClusterAgentPoolProfile::builder()
        .name("system")
        .mode(AgentPoolMode::System)
        .count(1)
        .vm_size("Standard_B2s")
        .os_type(OsType::Linux)
        .build();
    let cluster = ManagedCluster::builder()
        .name(CLUSTER)
        .namespace(NAMESPACE)
        .spec(
            ManagedClusterSpec::builder()
                .location("westeurope")
                .owner(KnownResourceReference::named(format!("rg-{CLUSTER}")))
                .dns_prefix(CLUSTER)
                .kubernetes_version("1.32")
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
                        .network_policy(NetworkPolicy::Cilium)
                        .build(),
                )
                .agent_pool_profiles(vec![system_pool])
                .operator_spec(
                    ManagedClusterOperatorSpec::builder()
                        .secrets(
                            ManagedClusterOperatorSecrets::builder()
                                .admin_credentials(
                                    SecretDestination::builder()
                                        .name(format!("{CLUSTER}-kubeconfig"))
                                        .key("value")
                                        .build(),
                                )
                                .build(),
                        )
                        .build(),
                )
                .tags(tags)
                .build(),
        )
        .build()?;

    let node_class = AKSNodeClass::builder()
        .name(CLUSTER)
        .spec(
            AKSNodeClassSpec::builder()
                .image_family(ImageFamily::AzureLinux)
                .os_disk_size_gb(128)
                .build(),
        )
        .build()?;

    let node_pool = NodePool::builder()
        .name("memory-optimized")
        .spec(
            NodePoolSpec::builder()
                .template(
                    NodeClaimTemplate::builder()
                        .metadata(
                            NodeClaimTemplateMetadata::builder()
                                .labels(BTreeMap::from([(
                                    "node-pool-type".to_owned(),
                                    "memory-optimized".to_owned(),
                                )]))
                                .build(),
                        )
                        .spec(
                            NodeClaimTemplateSpec::builder()
                                .node_class_ref(NodeClassReference::aks_node_class(CLUSTER))
                                .requirements(vec![
                                    Requirement::is_in("karpenter.azure.com/sku-family", ["E"]),
                                    Requirement::is_in("kubernetes.io/arch", ["amd64"]),
                                    Requirement::is_in(
                                        "node.kubernetes.io/instance-type",
                                        ["Standard_E2s_v3", "Standard_E4s_v3"],
                                    ),
                                ])
                                .taints(vec![Taint::new(
                                    "node-pool-type",
                                    "memory-optimized",
                                    TaintEffect::NoSchedule,
                                )])
                                .expire_after("2160h")
                                .build(),
                        )
                        .build(),
                )
                .disruption(
                    Disruption::builder()
                        .consolidation_policy(ConsolidationPolicy::WhenEmpty)
                        .consolidate_after("30s")
                        .build(),
                )
                .limits(BTreeMap::from([
                    ("cpu".to_owned(), Quantity("1000".into())),
                    ("memory".to_owned(), Quantity("2000Gi".into())),
                ]))
                .build(),
        )
        .build()?;

    Ok(vec![
        resource_group.into(),
        cluster.into(),
        node_class.into(),
        node_pool.into(),
    ])
}

fn main() -> ExitCode {
    match manifests().and_then(|m| aksflow::to_yaml_stream(&m)) {
        Ok(yaml) => {
            print!("{yaml}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

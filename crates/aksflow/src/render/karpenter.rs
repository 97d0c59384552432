//! The Karpenter objects of a NAP bundle (applied to the new cluster): the AKSNodeClass and the
//! NodePool of the profile, in the chosen versions.

use std::collections::BTreeMap;

use crate::error::ValidationError;
use crate::karpenter_azure_com::common::{AKSNodeClassSpec, ImageFamily};
use crate::karpenter_azure_com::{v1alpha2 as class_v1alpha2, v1beta1 as class_v1beta1};
use crate::karpenter_sh::common::{NillableDuration, Taint, TaintEffect};
use crate::karpenter_sh::{v1 as pool_v1, v1beta1 as pool_v1beta1};
use crate::plan::Plan;
use crate::quantity::Quantity;
use crate::render::aso::tags;
use crate::request::AksNodeClassVersion;

/// The node image: Ubuntu 22.04.
const IMAGE_FAMILY: ImageFamily = ImageFamily::Ubuntu2204;
/// The OS disk of every node, in GB.
const OS_DISK_SIZE_GB: i32 = 128;
/// How long a node must be empty before Karpenter removes it, in seconds.
const CONSOLIDATE_AFTER_SECONDS: u64 = 30;
/// How long a node lives before Karpenter replaces it, in hours (90 days).
const EXPIRE_AFTER_HOURS: u64 = 2160;
/// The one CPU architecture of the profiles' VM sizes.
const ARCH: &str = "amd64";

const SKU_FAMILY: &str = "karpenter.azure.com/sku-family";
const ARCH_LABEL: &str = "kubernetes.io/arch";
const INSTANCE_TYPE: &str = "node.kubernetes.io/instance-type";

fn node_class_spec(plan: &Plan) -> AKSNodeClassSpec {
    AKSNodeClassSpec::builder()
        .image_family(IMAGE_FAMILY)
        .os_disk_size_gb(OS_DISK_SIZE_GB)
        .maybe_vnet_subnet_id(plan.vnet_subnet_id.clone())
        .maybe_tags(tags(plan))
        .build()
}

/// `<name>-nodeclass` as `karpenter.azure.com/v1beta1`.
pub(crate) fn node_class_v1beta1(
    plan: &Plan,
) -> Result<class_v1beta1::AKSNodeClass, ValidationError> {
    class_v1beta1::AKSNodeClass::builder()
        .name(&plan.names.node_class)
        .spec(node_class_spec(plan))
        .build()
}

/// `<name>-nodeclass` as `karpenter.azure.com/v1alpha2`.
pub(crate) fn node_class_v1alpha2(
    plan: &Plan,
) -> Result<class_v1alpha2::AKSNodeClass, ValidationError> {
    class_v1alpha2::AKSNodeClass::builder()
        .name(&plan.names.node_class)
        .spec(node_class_spec(plan))
        .build()
}

/// The labels of every node: `node-pool-type` and `cluster-name`.
fn node_labels(plan: &Plan) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("node-pool-type".to_owned(), plan.node_pool_type.clone()),
        ("cluster-name".to_owned(), plan.names.cluster.clone()),
    ])
}

/// `<node-pool-type>=true:NoSchedule`: only pods that ask for this profile land on its nodes.
fn taint(plan: &Plan) -> Taint {
    Taint::new(&plan.node_pool_type, "true", TaintEffect::NoSchedule)
}

/// The profile's `cpu` and `memory` limits.
fn limits(plan: &Plan) -> BTreeMap<String, Quantity> {
    BTreeMap::from([
        ("cpu".to_owned(), Quantity(plan.profile.max_cpu.clone())),
        (
            "memory".to_owned(),
            Quantity(plan.profile.max_memory.clone()),
        ),
    ])
}

/// (key, values) of the requirements: the profile's SKU family, amd64, and its two VM sizes.
fn requirements(plan: &Plan) -> [(&'static str, Vec<String>); 3] {
    let profile = &plan.profile;
    [
        (SKU_FAMILY, vec![profile.sku_family.clone()]),
        (ARCH_LABEL, vec![ARCH.to_owned()]),
        (
            INSTANCE_TYPE,
            vec![
                profile.primary_vm_size.clone(),
                profile.secondary_vm_size.clone(),
            ],
        ),
    ]
}

/// `<name>-nodepool` as `karpenter.sh/v1`: `expireAfter` in the template, `nodeClassRef` by group and kind.
pub(crate) fn node_pool_v1(plan: &Plan) -> Result<pool_v1::NodePool, ValidationError> {
    use pool_v1::{
        ConsolidationPolicy, Disruption, NodeClaimTemplate, NodeClaimTemplateMetadata,
        NodeClaimTemplateSpec, NodeClassReference, NodePool, NodePoolSpec,
        NodeSelectorRequirementWithMinValues as Requirement,
    };
    let requirements = requirements(plan)
        .into_iter()
        .map(|(key, values)| Requirement::is_in(key, values))
        .collect();
    NodePool::builder()
        .name(&plan.names.node_pool)
        .spec(
            NodePoolSpec::builder()
                .template(
                    NodeClaimTemplate::builder()
                        .metadata(
                            NodeClaimTemplateMetadata::builder()
                                .labels(node_labels(plan))
                                .build(),
                        )
                        .spec(
                            NodeClaimTemplateSpec::builder()
                                .node_class_ref(NodeClassReference::aks_node_class(
                                    &plan.names.node_class,
                                ))
                                .requirements(requirements)
                                .taints(vec![taint(plan)])
                                .expire_after(NillableDuration::hours(EXPIRE_AFTER_HOURS))
                                .build(),
                        )
                        .build(),
                )
                .disruption(
                    Disruption::builder()
                        .consolidation_policy(ConsolidationPolicy::WhenEmpty)
                        .consolidate_after(NillableDuration::seconds(CONSOLIDATE_AFTER_SECONDS))
                        .build(),
                )
                .limits(limits(plan))
                .build(),
        )
        .build()
}

/// `<name>-nodepool` as `karpenter.sh/v1beta1`: `expireAfter` under `disruption`, `nodeClassRef`
/// by apiVersion (the AKSNodeClass version the bundle renders) and kind.
pub(crate) fn node_pool_v1beta1(plan: &Plan) -> Result<pool_v1beta1::NodePool, ValidationError> {
    use pool_v1beta1::{
        ConsolidationPolicy, Disruption, NodeClaimSpec, NodeClaimTemplate,
        NodeClaimTemplateMetadata, NodeClassReference, NodePool, NodePoolSpec,
        NodeSelectorRequirementWithMinValues as Requirement,
    };
    let class_api_version = match plan.api_versions.aks_node_class {
        AksNodeClassVersion::V1beta1 => "karpenter.azure.com/v1beta1",
        AksNodeClassVersion::V1alpha2 => "karpenter.azure.com/v1alpha2",
    };
    let requirements = requirements(plan)
        .into_iter()
        .map(|(key, values)| Requirement::is_in(key, values))
        .collect();
    NodePool::builder()
        .name(&plan.names.node_pool)
        .spec(
            NodePoolSpec::builder()
                .template(
                    NodeClaimTemplate::builder()
                        .metadata(
                            NodeClaimTemplateMetadata::builder()
                                .labels(node_labels(plan))
                                .build(),
                        )
                        .spec(
                            NodeClaimSpec::builder()
                                .node_class_ref(
                                    NodeClassReference::builder()
                                        .api_version(class_api_version)
                                        .kind("AKSNodeClass")
                                        .name(&plan.names.node_class)
                                        .build(),
                                )
                                .requirements(requirements)
                                .taints(vec![taint(plan)])
                                .build(),
                        )
                        .build(),
                )
                .disruption(
                    Disruption::builder()
                        .consolidation_policy(ConsolidationPolicy::WhenEmpty)
                        .consolidate_after(NillableDuration::seconds(CONSOLIDATE_AFTER_SECONDS))
                        .expire_after(NillableDuration::hours(EXPIRE_AFTER_HOURS))
                        .build(),
                )
                .limits(limits(plan))
                .build(),
        )
        .build()
}

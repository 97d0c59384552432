//! Plans for the renderer's tests, built directly (validation is not needed to exercise rendering).

use std::collections::BTreeMap;

use crate::plan::{Names, Plan, ResolvedApiVersions};
use crate::profiles::Profiles;
use crate::request::{AddonsRequest, ClusterRequest, IdentityType, defaults};

/// The subnet the tests use.
pub const SUBNET: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/aks";
/// The Log Analytics workspace the tests use.
pub const WORKSPACE: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/logs";

/// `payments-prod` in `westeurope`, `memory-optimized`, Kubernetes 1.30, NAP on, every default.
pub fn base_plan() -> Plan {
    let name = "payments-prod";
    let profile = "memory-optimized";
    Plan {
        request: ClusterRequest::builder()
            .cluster_name(name)
            .location("westeurope")
            .node_pool_type(profile)
            .kubernetes_version("1.30")
            .build(),
        names: Names::new(name),
        location: "westeurope".to_owned(),
        namespace: defaults::NAMESPACE.to_owned(),
        kubernetes_version: "1.30".to_owned(),
        enable_nap: true,
        dry_run: false,
        node_pool_type: profile.to_owned(),
        profile: Profiles::builtin().0[profile].clone(),
        system_vm_size: defaults::SYSTEM_VM_SIZE.to_owned(),
        identity: IdentityType::SystemAssigned,
        vnet_subnet_id: None,
        tags: BTreeMap::new(),
        gitops: None,
        addons: AddonsRequest::default(),
        api_versions: ResolvedApiVersions::default(),
        provisioning_path: Default::default(),
    }
}

/// [`base_plan`], changed by `change`.
pub fn plan_with(change: impl FnOnce(&mut Plan)) -> Plan {
    let mut plan = base_plan();
    change(&mut plan);
    plan
}

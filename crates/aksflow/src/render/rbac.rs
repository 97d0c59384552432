//! RBAC for provisioning: the design's ClusterRole (compatibility) and aksflow's least-privilege set.

use crate::k8s::{ClusterRole, Role, RoleBinding, ServiceAccount};
use crate::plan::Plan;

/// Names of the platform-wide RBAC objects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RbacNames {
    /// The namespace the provisioning Workflows run in (Argo's).
    pub workflow_namespace: String,
    /// The ServiceAccount the provisioning Workflows run as.
    pub workflow_service_account: String,
    /// The backend's ServiceAccount (the WorkflowService), which only submits and reads Workflows.
    pub backend_service_account: String,
}

/// The design's `idp-backend-workflow-manager` ClusterRole, with the KRO rules removed.
pub fn compatible_cluster_role() -> ClusterRole {
    todo!("the design's ClusterRole")
}

/// The least-privilege set for one cluster's provisioning.
pub fn least_privilege(
    plan: &Plan,
    names: &RbacNames,
) -> (Vec<ServiceAccount>, Vec<Role>, Vec<RoleBinding>) {
    let _ = (plan, names);
    todo!("least-privilege RBAC")
}

//! The design's flat Workflow parameters, for the WorkflowService that still submits them.

use serde::Serialize;

use crate::plan::Plan;

/// The design's 12 Workflow parameters, string values, in the design's order and names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct WorkflowParameters {
    /// `cluster-name`.
    pub cluster_name: String,
    /// `location`.
    pub location: String,
    /// `node-pool-type`.
    pub node_pool_type: String,
    /// `enable-nap`: `"true"` or `"false"`.
    pub enable_nap: String,
    /// `dry-run`: `"true"` or `"false"`.
    pub dry_run: String,
    /// `kubernetes-version`.
    pub kubernetes_version: String,
    /// `primary-vm-size`.
    pub primary_vm_size: String,
    /// `secondary-vm-size`.
    pub secondary_vm_size: String,
    /// `sku-family`.
    pub sku_family: String,
    /// `max-cpu`.
    pub max_cpu: String,
    /// `max-memory`.
    pub max_memory: String,
    /// `system-vm-size`.
    pub system_vm_size: String,
}

/// The flat parameter map of the design's `generateWorkflowParameters`, from a validated request.
pub fn generate_workflow_parameters(plan: &Plan) -> WorkflowParameters {
    let _ = plan;
    todo!("the 12 parameters")
}

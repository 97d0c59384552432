//! `generateWorkflowParameters` and `NODE_POOL_CONFIGURATIONS`: the design's WorkflowService
//! functions, computed by the core.

use std::collections::BTreeMap;

use aksflow::profiles::Profiles;
use napi_derive::napi;

use crate::request::{NodePoolProfile, Options, plan};
use crate::{Outcome, outcome_from};

/// The design's 12 Workflow parameters, string values, in the design's order and names.
#[napi(object)]
pub struct WorkflowParameters {
    /// The request's `clusterName`.
    #[napi(js_name = "cluster-name")]
    pub cluster_name: String,
    /// The request's `location`.
    #[napi(js_name = "location")]
    pub location: String,
    /// The request's `nodePoolType`.
    #[napi(
        js_name = "node-pool-type",
        ts_type = "BuiltinNodePoolType | (string & {})"
    )]
    pub node_pool_type: String,
    /// Node Auto Provisioning: `"true"` or `"false"`.
    #[napi(js_name = "enable-nap", ts_type = "'true' | 'false'")]
    pub enable_nap: String,
    /// A dry run: `"true"` or `"false"`.
    #[napi(js_name = "dry-run", ts_type = "'true' | 'false'")]
    pub dry_run: String,
    /// The request's `kubernetesVersion`.
    #[napi(js_name = "kubernetes-version")]
    pub kubernetes_version: String,
    /// The profile's `primaryVmSize`.
    #[napi(js_name = "primary-vm-size")]
    pub primary_vm_size: String,
    /// The profile's `secondaryVmSize`.
    #[napi(js_name = "secondary-vm-size")]
    pub secondary_vm_size: String,
    /// The profile's `skuFamily`.
    #[napi(js_name = "sku-family")]
    pub sku_family: String,
    /// The profile's `maxCpu`.
    #[napi(js_name = "max-cpu")]
    pub max_cpu: String,
    /// The profile's `maxMemory`.
    #[napi(js_name = "max-memory")]
    pub max_memory: String,
    /// The request's `systemVmSize`, default `Standard_B2s` (the design's constant).
    #[napi(js_name = "system-vm-size")]
    pub system_vm_size: String,
}

impl From<aksflow::render::WorkflowParameters> for WorkflowParameters {
    fn from(p: aksflow::render::WorkflowParameters) -> Self {
        Self {
            cluster_name: p.cluster_name,
            location: p.location,
            node_pool_type: p.node_pool_type,
            enable_nap: p.enable_nap,
            dry_run: p.dry_run,
            kubernetes_version: p.kubernetes_version,
            primary_vm_size: p.primary_vm_size,
            secondary_vm_size: p.secondary_vm_size,
            sku_family: p.sku_family,
            max_cpu: p.max_cpu,
            max_memory: p.max_memory,
            system_vm_size: p.system_vm_size,
        }
    }
}

/// The outcome of `generateWorkflowParameters`.
#[napi(object)]
pub struct ParametersOutcome {
    /// `true` when `value` holds the result.
    pub ok: bool,
    /// The parameters, when `ok`.
    pub value: Option<WorkflowParameters>,
    /// Every violation, when the input breaks rules.
    pub errors: Option<Vec<crate::Violation>>,
    /// Why the input could not be read, when it could not.
    pub failure: Option<crate::Failure>,
}

outcome_from!(ParametersOutcome, WorkflowParameters);

/// Validates a request and gives the design's flat Workflow parameters.
#[napi(catch_unwind)]
pub fn generate_workflow_parameters(
    request: String,
    json: bool,
    options: Option<Options>,
) -> ParametersOutcome {
    let parameters = plan(&request, json, options.as_ref())
        .map(|plan| aksflow::render::generate_workflow_parameters(&plan).into());
    Outcome::from_result(parameters).into()
}

/// The built-in profiles by name: the design's `NODE_POOL_CONFIGURATIONS` table.
#[napi(catch_unwind)]
pub fn node_pool_configurations() -> BTreeMap<String, NodePoolProfile> {
    Profiles::builtin()
        .0
        .into_iter()
        .map(|(name, p)| {
            let profile = NodePoolProfile {
                primary_vm_size: p.primary_vm_size,
                secondary_vm_size: p.secondary_vm_size,
                sku_family: p.sku_family,
                max_cpu: p.max_cpu,
                max_memory: p.max_memory,
            };
            (name, profile)
        })
        .collect()
}

//! Rendering: a [`Plan`] becomes a [`Bundle`] of typed objects in apply order, each knowing the
//! cluster it targets; and the design's flat Workflow parameters.

mod aso;
mod bundle;
mod karpenter;
mod params;
mod rbac;
#[cfg(test)]
mod test_support;
pub mod workflow;

pub use bundle::{
    Bundle, BundleFile, BundleObject, FileFormat, RbacMode, RenderOptions, Target, render,
};
pub use params::{WorkflowParameters, generate_workflow_parameters};
pub use rbac::{
    BACKEND_ROLE, COMPATIBLE_CLUSTER_ROLE, EXECUTOR_ROLE, RbacNames, compatible_cluster_role,
    least_privilege,
};
pub use workflow::{WorkflowOptions, render_workflow, render_workflow_template};

#[allow(unused_imports)]
use crate::plan::Plan;

//! `argoproj.io`: Argo Workflows.

pub mod v1alpha1;

//! WorkflowTemplate (`argoproj.io/v1alpha1`, namespaced): a library of templates that Workflows
//! run (`spec.workflowTemplateRef`) or call (`templateRef`).

use super::workflow_spec::{SpecOwner, WorkflowSpec};
use crate::resource::{check_metadata, kubernetes_kind};
use crate::validation::{Report, Validate};

kubernetes_kind! {
    /// An Argo WorkflowTemplate: templates stored in the cluster, run by Workflows that refer to it.
    pub struct WorkflowTemplate {
        api_version: "argoproj.io/v1alpha1",
        group: "argoproj.io",
        version: "v1alpha1",
        plural: "workflowtemplates",
        scope: Namespaced,
        spec: WorkflowSpec,
        max_name_length: 63,
    }
}

impl Validate for WorkflowTemplate {
    fn validate_into(&self, report: &mut Report) {
        check_metadata::<Self>(report, &self.metadata);
        report.field("spec", |r| {
            self.spec.check(r, Some(SpecOwner::WorkflowTemplate))
        });
    }
}

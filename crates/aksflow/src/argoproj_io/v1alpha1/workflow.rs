//! Workflow (`argoproj.io/v1alpha1`, namespaced): one run of templates, e.g. provisioning a cluster.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::workflow_spec::{SpecOwner, WorkflowSpec};
use crate::error::{Code, PathSegment};
use crate::resource::{check_metadata, kubernetes_kind};
use crate::validation::{Report, Validate};

kubernetes_kind! {
    /// An Argo Workflow: runs its entrypoint template (or a WorkflowTemplate's) once.
    ///
    /// Workflows are often created with `metadata.generateName` (e.g. `provision-`) instead of a
    /// name; [`Workflow::generated`] builds one that way.
    pub struct Workflow {
        api_version: "argoproj.io/v1alpha1",
        group: "argoproj.io",
        version: "v1alpha1",
        plural: "workflows",
        scope: Namespaced,
        spec: WorkflowSpec,
        max_name_length: 63,
    }
}

#[bon::bon]
impl Workflow {
    /// Builds a Workflow named by the API server from a prefix (`metadata.generateName`, e.g. `provision-`);
    /// `build()` checks every rule and returns all violations at once.
    #[builder(finish_fn = build)]
    pub fn generated(
        /// `metadata.generateName`: the prefix of the name the API server generates.
        #[builder(into)]
        generate_name: String,
        /// `metadata.namespace`.
        #[builder(into)]
        namespace: Option<String>,
        /// `metadata.labels`.
        labels: Option<std::collections::BTreeMap<String, String>>,
        /// `metadata.annotations`.
        annotations: Option<std::collections::BTreeMap<String, String>>,
        /// The desired state.
        spec: WorkflowSpec,
    ) -> Result<Self, crate::error::ValidationError> {
        let workflow = Self {
            metadata: ObjectMeta {
                generate_name: Some(generate_name),
                namespace,
                labels,
                annotations,
                ..ObjectMeta::default()
            },
            spec,
        };
        workflow.validate()?;
        Ok(workflow)
    }
}

/// Checks a Workflow's metadata: `name`, or else `generateName`, which the API server completes with
/// 5 random characters (a prefix longer than 58 characters is cut). A trailing '-' is allowed in the prefix.
pub(crate) fn check_workflow_metadata(report: &mut Report, metadata: &ObjectMeta) {
    match (&metadata.name, &metadata.generate_name) {
        (Some(_), _) | (None, None) => check_metadata::<Workflow>(report, metadata),
        (None, Some(prefix)) => {
            // Check a name the API server could generate, then move violations to `generateName`.
            let mut candidate = metadata.clone();
            let mut name: String = prefix.chars().take(58).collect();
            name.push_str("abcde");
            candidate.name = Some(name);
            let mut scratch = Report::default();
            check_metadata::<Workflow>(&mut scratch, &candidate);
            for violation in scratch.violations() {
                let segments = violation.path.segments();
                let at_name = segments
                    == [PathSegment::Key("metadata".into()), PathSegment::Key("name".into())];
                if at_name {
                    report.field("metadata", |r| {
                        r.violation_at(
                            "generateName",
                            violation.code,
                            format!("the generated name would be invalid: {}", violation.message),
                        )
                    });
                } else {
                    replay(report, segments, violation.code, &violation.message);
                }
            }
            if prefix.is_empty() {
                report.field("metadata", |r| {
                    r.violation_at("generateName", Code::Required, "must not be empty")
                });
            }
        }
    }
}

/// Records a violation at `segments` below the report's current path.
fn replay(report: &mut Report, segments: &[PathSegment], code: Code, message: &str) {
    match segments.split_first() {
        None => report.violation(code, message),
        Some((PathSegment::Key(key), rest)) => report.field(key, |r| replay(r, rest, code, message)),
        Some((PathSegment::Index(index), rest)) => {
            report.item(*index, |r| replay(r, rest, code, message))
        }
    }
}

impl Validate for Workflow {
    fn validate_into(&self, report: &mut Report) {
        check_workflow_metadata(report, &self.metadata);
        report.field("spec", |r| self.spec.check(r, Some(SpecOwner::Workflow)));
    }
}

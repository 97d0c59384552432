//! The spec shared by Workflow and WorkflowTemplate: templates, the entrypoint, arguments and the
//! options of every pod the Workflow runs.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{LocalObjectReference, PodSecurityContext, Toleration, Volume};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::arguments::Arguments;
use super::artifact::{ArtifactRole, check_artifacts};
use super::call::SpecContext;
use super::common::{
    Metadata, check_annotation_keys, check_go_duration, check_labels, check_unique_names,
};
use super::lifecycle_hook::{LifecycleHooks, check_hooks};
use super::metrics::Metrics;
use super::parameter::{ParameterRole, check_parameters};
use super::retry_strategy::RetryStrategy;
use super::template::{Template, check_volume_names};
use crate::error::Code;
use crate::validation::{Report, Validate, check};

/// The desired Workflow: its templates, where it starts, its arguments and pod-wide options.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct WorkflowSpec {
    /// Runs the templates of a WorkflowTemplate instead of `templates` (Workflow only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow_template_ref: Option<WorkflowTemplateRef>,
    /// The template the Workflow starts with (required for a Workflow without `workflowTemplateRef`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<String>,
    /// A template run when the Workflow ends, whatever its result (e.g. to report or clean up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_exit: Option<String>,
    /// The Workflow's arguments: `{{workflow.parameters.<name>}}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Arguments>,
    /// Templates run on Workflow events (`exit`, or named hooks with an expression).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hooks: Option<LifecycleHooks>,
    /// The ServiceAccount every pod runs as (its RBAC decides what resource templates may do).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// Whether the ServiceAccount token is mounted into the pods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automount_service_account_token: Option<bool>,
    /// Labels and annotations added to the Workflow object itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow_metadata: Option<WorkflowMetadata>,
    /// Labels and annotations added to every pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_metadata: Option<Metadata>,
    /// The security context of every pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_context: Option<PodSecurityContext>,
    /// Node labels every pod must run on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<BTreeMap<String, String>>,
    /// Taints every pod tolerates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerations: Option<Vec<Toleration>>,
    /// Secrets used to pull the images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_pull_secrets: Option<Vec<LocalObjectReference>>,
    /// The PriorityClass of every pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_priority_class_name: Option<String>,
    /// A strategic merge patch (JSON or YAML) applied to every pod spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_spec_patch: Option<String>,
    /// Volumes every template may mount (e.g. the Secret holding a workload cluster's kubeconfig).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes: Option<Vec<Volume>>,
    /// The most pods that run at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<i64>,
    /// The longest the Workflow may run, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<i64>,
    /// The retry strategy of every template that has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_strategy: Option<RetryStrategy>,
    /// When completed pods are deleted.
    #[serde(default, rename = "podGC", skip_serializing_if = "Option::is_none")]
    pub pod_gc: Option<PodGc>,
    /// When the finished Workflow is deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_strategy: Option<TtlStrategy>,
    /// Metrics the Workflow emits (e.g. a gauge of the provisioning time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    /// Starts the Workflow suspended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    /// The templates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templates: Option<Vec<Template>>,
}

/// A reference to the WorkflowTemplate (or ClusterWorkflowTemplate) a Workflow runs.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct WorkflowTemplateRef {
    /// The WorkflowTemplate's name.
    pub name: String,
    /// The reference is to a ClusterWorkflowTemplate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_scope: Option<bool>,
}

/// Labels and annotations Argo adds to the Workflow object.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkflowMetadata {
    /// Annotations to add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Labels to add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    /// Labels whose values are expressions, e.g. `workflow.parameters.cluster`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels_from: Option<BTreeMap<String, LabelValueFrom>>,
}

/// A label value computed by an expression.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct LabelValueFrom {
    /// The expression.
    pub expression: String,
}

/// When Argo deletes the pods of completed steps.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct PodGc {
    /// When pods are deleted (Argo's default: never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<PodGcStrategy>,
    /// Only pods matching this selector are deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_selector: Option<LabelSelector>,
    /// How long after completion pods are deleted, e.g. `30s` (a Go duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_delay_duration: Option<String>,
}

/// When Argo deletes pods.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodGcStrategy {
    /// Each pod when it completes.
    OnPodCompletion,
    /// Each pod when it succeeds.
    OnPodSuccess,
    /// All pods when the Workflow completes.
    OnWorkflowCompletion,
    /// All pods when the Workflow succeeds.
    OnWorkflowSuccess,
}

/// How long a finished Workflow is kept before Argo deletes it.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TtlStrategy {
    /// Seconds after it completes, whatever the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_after_completion: Option<i32>,
    /// Seconds after it succeeds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_after_success: Option<i32>,
    /// Seconds after it fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_after_failure: Option<i32>,
}

/// Which kind holds a spec: the rules differ slightly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SpecOwner {
    /// A Workflow: it runs as submitted, so its entrypoint and argument values must be there.
    Workflow,
    /// A WorkflowTemplate: a library of templates; values may come at submission.
    WorkflowTemplate,
}

impl Validate for WorkflowSpec {
    /// The rules common to Workflow and WorkflowTemplate specs.
    fn validate_into(&self, report: &mut Report) {
        self.check(report, None);
    }
}

impl WorkflowSpec {
    /// The template named `name`.
    pub fn template(&self, name: &str) -> Option<&Template> {
        self.templates.iter().flatten().find(|t| t.name == name)
    }

    pub(crate) fn check(&self, report: &mut Report, owner: Option<SpecOwner>) {
        let templates = self.templates.as_deref().unwrap_or_default();
        let self_contained = self.workflow_template_ref.is_none();
        let ctx = SpecContext {
            templates: self_contained.then(|| templates.iter().map(|t| t.name.as_str()).collect()),
            volumes: self
                .volumes
                .iter()
                .flatten()
                .map(|v| v.name.as_str())
                .collect(),
            check_volumes: self_contained,
        };

        if let Some(reference) = &self.workflow_template_ref {
            report.field("workflowTemplateRef", |r| {
                if owner == Some(SpecOwner::WorkflowTemplate) {
                    r.violation(
                        Code::NotAllowed,
                        "a WorkflowTemplate cannot refer to another WorkflowTemplate",
                    );
                }
                if reference.name.is_empty() {
                    r.violation_at(
                        "name",
                        Code::Required,
                        "the WorkflowTemplate name is required",
                    );
                } else {
                    r.field("name", |r| check::dns_subdomain(r, &reference.name));
                }
            });
            if !templates.is_empty() {
                report.violation_at(
                    "templates",
                    Code::Conflict,
                    "templates cannot be set when the Workflow refers to a WorkflowTemplate",
                );
            }
        } else if owner.is_some() && templates.is_empty() {
            report.violation_at(
                "templates",
                Code::Required,
                "at least one template is required",
            );
        }

        match &self.entrypoint {
            None if owner == Some(SpecOwner::Workflow) && self_contained => report.violation_at(
                "entrypoint",
                Code::Required,
                "a Workflow needs an entrypoint (or a workflowTemplateRef)",
            ),
            Some(entrypoint) => report.field("entrypoint", |r| {
                check_template_name_ref(r, entrypoint, &ctx)
            }),
            None => {}
        }
        if let Some(on_exit) = &self.on_exit {
            report.field("onExit", |r| check_template_name_ref(r, on_exit, &ctx));
        }

        if let Some(arguments) = &self.arguments {
            let role = match owner {
                Some(SpecOwner::Workflow) => ParameterRole::WorkflowArguments,
                _ => ParameterRole::TemplateArguments,
            };
            report.field("arguments", |r| {
                if let Some(parameters) = &arguments.parameters {
                    r.field("parameters", |r| check_parameters(r, parameters, role));
                }
                if let Some(artifacts) = &arguments.artifacts {
                    r.field("artifacts", |r| {
                        check_artifacts(r, artifacts, ArtifactRole::Arguments)
                    });
                }
            });
        }
        if let Some(hooks) = &self.hooks {
            report.field("hooks", |r| check_hooks(r, hooks, &ctx));
        }
        if let Some(name) = &self.service_account_name {
            report.field("serviceAccountName", |r| check::dns_subdomain(r, name));
        }
        report.nested("workflowMetadata", &self.workflow_metadata);
        report.nested("podMetadata", &self.pod_metadata);
        if let Some(selector) = &self.node_selector {
            report.field("nodeSelector", |r| check_labels(r, selector));
        }
        if let Some(secrets) = &self.image_pull_secrets {
            report.field("imagePullSecrets", |r| {
                for (i, secret) in secrets.iter().enumerate() {
                    r.item(i, |r| {
                        r.field("name", |r| check::dns_subdomain(r, &secret.name))
                    });
                }
            });
        }
        if let Some(volumes) = &self.volumes {
            report.field("volumes", |r| check_volume_names(r, volumes));
        }
        if let Some(parallelism) = self.parallelism {
            report.field("parallelism", |r| check::range(r, parallelism, 1, i64::MAX));
        }
        if let Some(deadline) = self.active_deadline_seconds {
            report.field("activeDeadlineSeconds", |r| {
                check::range(r, deadline, 1, i64::MAX)
            });
        }
        report.nested("retryStrategy", &self.retry_strategy);
        report.nested("podGC", &self.pod_gc);
        report.nested("ttlStrategy", &self.ttl_strategy);
        report.nested("metrics", &self.metrics);

        if let Some(templates) = &self.templates {
            report.field("templates", |r| {
                check_unique_names(r, "template", templates.iter().map(|t| t.name.as_str()));
                for (i, template) in templates.iter().enumerate() {
                    r.item(i, |r| template.check(r, &ctx));
                }
            });
        }
    }
}

/// A template named by `entrypoint` or `onExit` exists in the spec (when the spec holds its templates).
fn check_template_name_ref(report: &mut Report, name: &str, ctx: &SpecContext<'_>) {
    if name.is_empty() {
        report.violation(Code::Required, "must not be empty");
    } else if let Some(templates) = &ctx.templates
        && !super::common::is_expression(name)
        && !templates.contains(name)
    {
        report.violation(
            Code::NotAllowed,
            format!("no template named {name:?} in spec.templates"),
        );
    }
}

impl Validate for WorkflowMetadata {
    fn validate_into(&self, report: &mut Report) {
        if let Some(annotations) = &self.annotations {
            report.field("annotations", |r| check_annotation_keys(r, annotations));
        }
        if let Some(labels) = &self.labels {
            report.field("labels", |r| check_labels(r, labels));
        }
        if let Some(labels_from) = &self.labels_from {
            report.field("labelsFrom", |r| {
                for (key, value) in labels_from {
                    r.field(key, |r| {
                        check::qualified_name(r, key);
                        if value.expression.is_empty() {
                            r.violation_at(
                                "expression",
                                Code::Required,
                                "the expression must not be empty",
                            );
                        }
                    });
                }
            });
        }
    }
}

impl Validate for PodGc {
    fn validate_into(&self, report: &mut Report) {
        if let Some(selector) = &self.label_selector {
            report.field("labelSelector", |r| check_label_selector(r, selector));
        }
        if let Some(delay) = &self.delete_delay_duration {
            report.field("deleteDelayDuration", |r| check_go_duration(r, delay));
        }
    }
}

/// A label selector: valid labels, known operators, values only with `In`/`NotIn`.
fn check_label_selector(report: &mut Report, selector: &LabelSelector) {
    if let Some(labels) = &selector.match_labels {
        report.field("matchLabels", |r| check::labels(r, labels));
    }
    if let Some(expressions) = &selector.match_expressions {
        report.field("matchExpressions", |r| {
            for (i, expression) in expressions.iter().enumerate() {
                r.item(i, |r| {
                    r.field("key", |r| check::qualified_name(r, &expression.key));
                    let values = expression.values.as_deref().unwrap_or_default();
                    match expression.operator.as_str() {
                        "In" | "NotIn" if values.is_empty() => r.violation_at(
                            "values",
                            Code::Required,
                            format!("operator {} needs values", expression.operator),
                        ),
                        "Exists" | "DoesNotExist" if !values.is_empty() => r.violation_at(
                            "values",
                            Code::NotAllowed,
                            format!("operator {} takes no values", expression.operator),
                        ),
                        "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
                        other => r.violation_at(
                            "operator",
                            Code::NotAllowed,
                            format!("{other:?} is not one of In, NotIn, Exists, DoesNotExist"),
                        ),
                    }
                });
            }
        });
    }
}

impl Validate for TtlStrategy {
    fn validate_into(&self, report: &mut Report) {
        for (name, value) in [
            ("secondsAfterCompletion", self.seconds_after_completion),
            ("secondsAfterSuccess", self.seconds_after_success),
            ("secondsAfterFailure", self.seconds_after_failure),
        ] {
            if let Some(value) = value {
                report.field(name, |r| check::range(r, value, 0, i32::MAX));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Code::*;
    use crate::argoproj_io::v1alpha1::common::testing::{
        expected, spec_violations, template_spec_violations,
    };

    const TEMPLATES: &str = "templates:\n- name: c\n  container:\n    image: busybox\n";

    #[test]
    fn pod_wide_options() {
        let yaml = format!(
            "entrypoint: c\nserviceAccountName: Argo_SA\nnodeSelector:\n  kubernetes.io/os: linux os\nimagePullSecrets:\n- name: ''\nworkflowMetadata:\n  labels:\n    team: '{{{{workflow.parameters.team}}}}'\n  labelsFrom:\n    bad key:\n      expression: ''\npodMetadata:\n  labels:\n    a: -b-\nvolumes:\n- name: kc\n  secret:\n    secretName: kc\n- name: kc\n  emptyDir: {{}}\n- name: scratch\n  ephemeral:\n    volumeClaimTemplate:\n      metadata:\n        uid: x\n      spec:\n        accessModes: [ReadWriteOnce]\nhooks:\n  exit:\n    template: c\n  running:\n    template: missing\n{TEMPLATES}"
        );
        assert_eq!(
            spec_violations(&yaml),
            expected(&[
                ("hooks.running.template", NotAllowed),
                ("hooks.running.expression", Required),
                ("serviceAccountName", Pattern),
                ("workflowMetadata.labelsFrom[\"bad key\"]", Pattern),
                (
                    "workflowMetadata.labelsFrom[\"bad key\"].expression",
                    Required
                ),
                ("podMetadata.labels.a", Pattern),
                ("nodeSelector[\"kubernetes.io/os\"]", Pattern),
                ("imagePullSecrets[0].name", Required),
                (
                    "volumes[2].ephemeral.volumeClaimTemplate.metadata.uid",
                    NotAllowed
                ),
                ("volumes[1].name", Duplicate),
            ])
        );
    }

    #[test]
    fn gc_ttl_and_retries() {
        let yaml = format!(
            "entrypoint: c\nretryStrategy:\n  limit: -1\n  backoff:\n    duration: 1 minute\n    factor: 0\n    maxDuration: '{{{{inputs.parameters.max}}}}'\npodGC:\n  strategy: OnWorkflowCompletion\n  deleteDelayDuration: 30\n  labelSelector:\n    matchExpressions:\n    - key: app\n      operator: In\n    - key: app\n      operator: Has\nttlStrategy:\n  secondsAfterFailure: -5\n{TEMPLATES}"
        );
        assert_eq!(
            spec_violations(&yaml),
            expected(&[
                ("retryStrategy.limit", OutOfRange),
                ("retryStrategy.backoff.duration", InvalidDuration),
                ("retryStrategy.backoff.factor", OutOfRange),
                ("podGC.labelSelector.matchExpressions[0].values", Required),
                (
                    "podGC.labelSelector.matchExpressions[1].operator",
                    NotAllowed
                ),
                ("podGC.deleteDelayDuration", InvalidDuration),
                ("ttlStrategy.secondsAfterFailure", OutOfRange),
            ])
        );
        assert!(
            serde_saphyr::from_str::<super::WorkflowSpec>("podGC:\n  strategy: Sometimes\n")
                .is_err()
        );
    }

    #[test]
    fn workflow_template_rules() {
        assert_eq!(template_spec_violations(TEMPLATES), vec![]);
        assert_eq!(
            template_spec_violations("workflowTemplateRef:\n  name: other\n"),
            expected(&[("workflowTemplateRef", NotAllowed)])
        );
        assert_eq!(
            template_spec_violations("entrypoint: main\n"),
            expected(&[("templates", Required), ("entrypoint", NotAllowed)])
        );
        assert_eq!(
            spec_violations("workflowTemplateRef:\n  name: Lib_1\n"),
            expected(&[("workflowTemplateRef.name", Pattern)])
        );
    }
}

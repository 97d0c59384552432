//! Templates: the units of work of a Workflow. Each template is exactly one type (a DAG, steps, a
//! resource action, a container, a script or a suspension); the type is an enum, so a template with
//! two types cannot be built or read.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{Container, PodSecurityContext, Toleration, Volume};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::arguments::{Inputs, Outputs};
use super::artifact::{ArtifactRole, check_artifacts};
use super::call::SpecContext;
use super::common::{Metadata, check_argo_duration, check_field_name, check_labels, duplicates};
use super::container::{
    ScriptTemplate, container_schema, deserialize_container, serialize_container,
};
use super::dag::DagTemplate;
use super::metrics::Metrics;
use super::parameter::{ParameterRole, check_output_parameters, check_parameters};
use super::resource_template::ResourceTemplate;
use super::retry_strategy::{RetryStrategy, check_int_or_expression};
use super::steps::{Steps, check_steps};
use crate::error::Code;
use crate::validation::{Report, Validate, check};

/// A template: a name, its inputs and outputs, its type and the options of the pod it may run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct Template {
    /// The template name, unique in the spec: 1-128 alphanumerics and '-'.
    pub name: String,
    /// The parameters and artifacts the template takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Inputs>,
    /// The parameters and artifacts the template produces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outputs: Option<Outputs>,
    /// What the template does: exactly one of `dag`, `steps`, `resource`, `container`, `script`, `suspend`.
    #[serde(flatten)]
    pub template_type: TemplateType,
    /// Labels and annotations of the template's pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// The longest the template may run, in seconds (an integer or a `{{...}}` expression); leaf templates only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<IntOrString>,
    /// The longest the template may run, as a duration (e.g. `30m`); leaf templates only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    /// How the template is retried when it fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_strategy: Option<RetryStrategy>,
    /// The most tasks or steps of this template that run at once (dag and steps templates only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<i64>,
    /// Stop scheduling new steps once one fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_fast: Option<bool>,
    /// The ServiceAccount the template's pod runs as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// Whether the ServiceAccount token is mounted into the pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automount_service_account_token: Option<bool>,
    /// Node labels the template's pod must run on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<BTreeMap<String, String>>,
    /// Taints the template's pod tolerates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerations: Option<Vec<Toleration>>,
    /// The pod's security context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_context: Option<PodSecurityContext>,
    /// Volumes of the template's pod (in addition to `spec.volumes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes: Option<Vec<Volume>>,
    /// The PriorityClass of the template's pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_class_name: Option<String>,
    /// A strategic merge patch (JSON or YAML) applied to the template's pod spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_spec_patch: Option<String>,
    /// Metrics the template emits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
}

/// What a template does: exactly one type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum TemplateType {
    /// Tasks with dependencies between them.
    Dag(DagTemplate),
    /// Groups of steps run in sequence.
    Steps(Steps),
    /// A kubectl action on a manifest.
    Resource(ResourceTemplate),
    /// A container (k8s-openapi's Container; `name` may be left empty, Argo calls it `main`).
    Container(
        #[serde(
            serialize_with = "serialize_container",
            deserialize_with = "deserialize_container"
        )]
        #[schemars(schema_with = "container_schema")]
        Container,
    ),
    /// A script run in a container.
    Script(ScriptTemplate),
    /// A pause until resumed or until a duration passes.
    Suspend(SuspendTemplate),
}

/// The type of a template, without its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateKind {
    /// `dag`.
    Dag,
    /// `steps`.
    Steps,
    /// `resource`.
    Resource,
    /// `container`.
    Container,
    /// `script`.
    Script,
    /// `suspend`.
    Suspend,
}

impl TemplateKind {
    /// The JSON key of the type.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dag => "dag",
            Self::Steps => "steps",
            Self::Resource => "resource",
            Self::Container => "container",
            Self::Script => "script",
            Self::Suspend => "suspend",
        }
    }

    /// `true` for templates that only orchestrate others (dag, steps).
    pub fn is_orchestration(self) -> bool {
        matches!(self, Self::Dag | Self::Steps)
    }

    /// `true` for templates whose pod runs the user's container (container, script).
    pub fn runs_container(self) -> bool {
        matches!(self, Self::Container | Self::Script)
    }
}

impl TemplateType {
    /// The type without its content.
    pub fn kind(&self) -> TemplateKind {
        match self {
            Self::Dag(_) => TemplateKind::Dag,
            Self::Steps(_) => TemplateKind::Steps,
            Self::Resource(_) => TemplateKind::Resource,
            Self::Container(_) => TemplateKind::Container,
            Self::Script(_) => TemplateKind::Script,
            Self::Suspend(_) => TemplateKind::Suspend,
        }
    }

    /// The container of a container or script template.
    pub fn container(&self) -> Option<&Container> {
        match self {
            Self::Container(container) => Some(container),
            Self::Script(script) => Some(&script.container),
            _ => None,
        }
    }
}

/// A pause: until resumed (`argo resume`), or until `duration` has passed.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct SuspendTemplate {
    /// How long to wait: seconds (`"60"`) or a duration (`"2m"`, `"1h"`); forever when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
}

impl Template {
    /// A template of type `template_type` with nothing else set.
    pub fn new(name: impl Into<String>, template_type: TemplateType) -> Self {
        Self {
            name: name.into(),
            inputs: None,
            outputs: None,
            template_type,
            metadata: None,
            active_deadline_seconds: None,
            timeout: None,
            retry_strategy: None,
            parallelism: None,
            fail_fast: None,
            service_account_name: None,
            automount_service_account_token: None,
            node_selector: None,
            tolerations: None,
            security_context: None,
            volumes: None,
            priority_class_name: None,
            pod_spec_patch: None,
            metrics: None,
        }
    }

    /// The type of the template.
    pub fn kind(&self) -> TemplateKind {
        self.template_type.kind()
    }
}

impl Validate for Template {
    fn validate_into(&self, report: &mut Report) {
        self.check(report, &SpecContext::default());
    }
}

impl Template {
    /// Checks the template; `ctx` names the templates and spec-level volumes it may refer to.
    pub(crate) fn check(&self, report: &mut Report, ctx: &SpecContext<'_>) {
        let kind = self.kind();
        report.field("name", |r| check_field_name(r, &self.name));
        if let Some(inputs) = &self.inputs {
            report.field("inputs", |r| {
                if let Some(parameters) = &inputs.parameters {
                    r.field("parameters", |r| {
                        check::max_items(r, parameters, 500);
                        check_parameters(r, parameters, ParameterRole::Inputs);
                    });
                }
                if let Some(artifacts) = &inputs.artifacts {
                    r.field("artifacts", |r| {
                        check_artifacts(
                            r,
                            artifacts,
                            ArtifactRole::Inputs {
                                leaf: kind.runs_container(),
                            },
                        )
                    });
                }
            });
        }
        if let Some(outputs) = &self.outputs {
            report.field("outputs", |r| {
                if let Some(parameters) = &outputs.parameters {
                    r.field("parameters", |r| {
                        check_output_parameters(r, parameters, kind)
                    });
                }
                if let Some(artifacts) = &outputs.artifacts {
                    r.field("artifacts", |r| {
                        check_artifacts(
                            r,
                            artifacts,
                            ArtifactRole::Outputs {
                                leaf: kind.runs_container(),
                            },
                        )
                    });
                }
            });
        }
        match &self.template_type {
            TemplateType::Dag(dag) => report.field("dag", |r| dag.check(r, ctx)),
            TemplateType::Steps(steps) => report.field("steps", |r| check_steps(r, steps, ctx)),
            TemplateType::Resource(resource) => report.nested("resource", resource),
            TemplateType::Container(container) => {
                report.field("container", |r| self.check_container(r, container, ctx))
            }
            TemplateType::Script(script) => report.field("script", |r| {
                self.check_container(r, &script.container, ctx);
                if script.source.trim().is_empty() {
                    r.violation_at(
                        "source",
                        Code::Required,
                        "the script source must not be empty",
                    );
                }
            }),
            TemplateType::Suspend(suspend) => {
                if let Some(duration) = &suspend.duration {
                    report.field("suspend", |r| {
                        r.field("duration", |r| check_argo_duration(r, duration))
                    });
                }
            }
        }
        report.nested("metadata", &self.metadata);
        // CEL: activeDeadlineSeconds is only valid for leaf templates.
        if let Some(deadline) = &self.active_deadline_seconds {
            report.field("activeDeadlineSeconds", |r| {
                if kind.is_orchestration() {
                    r.violation(
                        Code::NotAllowed,
                        format!(
                            "activeDeadlineSeconds is only valid for leaf templates, not {}",
                            kind.as_str()
                        ),
                    );
                } else {
                    check_int_or_expression(r, deadline, 1);
                }
            });
        }
        // CEL: timeout cannot be applied to steps or dag templates.
        if let Some(timeout) = &self.timeout {
            report.field("timeout", |r| {
                if kind.is_orchestration() && !timeout.is_empty() {
                    r.violation(
                        Code::NotAllowed,
                        format!("timeout cannot be applied to {} templates", kind.as_str()),
                    );
                } else if !timeout.is_empty() {
                    if timeout.parse::<i64>().is_ok() {
                        r.violation(
                            Code::InvalidDuration,
                            format!("{timeout:?} is a bare number: give a unit (e.g. {timeout}s)"),
                        );
                    } else {
                        super::common::check_go_duration(r, timeout);
                    }
                }
            });
        }
        report.nested("retryStrategy", &self.retry_strategy);
        if let Some(parallelism) = self.parallelism {
            report.field("parallelism", |r| {
                if !kind.is_orchestration() {
                    r.violation(
                        Code::NotAllowed,
                        "parallelism is only valid for steps and dag templates",
                    );
                } else {
                    check::range(r, parallelism, 1, i64::MAX);
                }
            });
        }
        if let Some(name) = &self.service_account_name {
            report.field("serviceAccountName", |r| check::dns_subdomain(r, name));
        }
        if let Some(selector) = &self.node_selector {
            report.field("nodeSelector", |r| check_labels(r, selector));
        }
        if let Some(volumes) = &self.volumes {
            report.field("volumes", |r| check_volume_names(r, volumes));
        }
        report.nested("metrics", &self.metrics);
    }

    fn check_container(&self, report: &mut Report, container: &Container, ctx: &SpecContext<'_>) {
        if container.image.as_deref().is_none_or(str::is_empty) {
            report.violation_at("image", Code::Required, "the container image is required");
        }
        if !container.name.is_empty() {
            report.field("name", |r| check::dns_label(r, &container.name));
        }
        let Some(mounts) = &container.volume_mounts else {
            return;
        };
        report.field("volumeMounts", |r| {
            let mut available: BTreeSet<&str> = ctx.volumes.clone();
            available.extend(self.volumes.iter().flatten().map(|v| v.name.as_str()));
            for (i, mount) in mounts.iter().enumerate() {
                r.item(i, |r| {
                    if mount.mount_path.is_empty() {
                        r.violation_at("mountPath", Code::Required, "the mount path is required");
                    }
                    if ctx.check_volumes && !available.contains(mount.name.as_str()) {
                        r.violation_at(
                            "name",
                            Code::NotAllowed,
                            format!(
                                "no volume named {:?} in spec.volumes or the template's volumes",
                                mount.name
                            ),
                        );
                    }
                });
            }
            for (i, path, first) in duplicates(mounts.iter().map(|m| m.mount_path.as_str())) {
                r.item(i, |r| {
                    r.violation_at(
                        "mountPath",
                        Code::Duplicate,
                        format!("{path:?} is already mounted at index {first}"),
                    )
                });
            }
        });
    }
}

/// Volume names: DNS labels, unique.
pub(crate) fn check_volume_names(report: &mut Report, volumes: &[Volume]) {
    for (i, volume) in volumes.iter().enumerate() {
        report.item(i, |r| {
            r.field("name", |r| check::dns_label(r, &volume.name))
        });
    }
    for (i, name, first) in duplicates(volumes.iter().map(|v| v.name.as_str())) {
        report.item(i, |r| {
            r.violation_at(
                "name",
                Code::Duplicate,
                format!("volume {name:?} is already defined at index {first}"),
            )
        });
    }
}

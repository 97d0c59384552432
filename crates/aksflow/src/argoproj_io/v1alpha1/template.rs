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

/// The metadata fields the CRD keeps in an ephemeral volume's claim template (others are pruned).
const CLAIM_TEMPLATE_METADATA: &[&str] = &[
    "name",
    "namespace",
    "generateName",
    "labels",
    "annotations",
    "finalizers",
];

/// Volume names: DNS labels, unique; an ephemeral claim template's metadata only in fields the CRD keeps.
pub(crate) fn check_volume_names(report: &mut Report, volumes: &[Volume]) {
    for (i, volume) in volumes.iter().enumerate() {
        report.item(i, |r| {
            r.field("name", |r| check::dns_label(r, &volume.name));
            let metadata = volume
                .ephemeral
                .as_ref()
                .and_then(|e| e.volume_claim_template.as_ref())
                .and_then(|t| t.metadata.as_ref());
            if let Some(metadata) = metadata
                && let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(metadata)
            {
                for key in fields.keys() {
                    if !CLAIM_TEMPLATE_METADATA.contains(&key.as_str()) {
                        r.field("ephemeral", |r| {
                            r.field("volumeClaimTemplate", |r| {
                                r.field("metadata", |r| {
                                    r.violation_at(
                                        key,
                                        Code::NotAllowed,
                                        "the Argo CRD keeps only name, namespace, generateName, labels, annotations and finalizers here",
                                    )
                                })
                            })
                        });
                    }
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code::*;
    use crate::argoproj_io::v1alpha1::common::testing::{expected, spec_violations};

    fn parse(yaml: &str) -> Result<Template, String> {
        serde_saphyr::from_str::<Template>(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn a_template_has_exactly_one_type() {
        let two = parse(
            "name: a\ncontainer:\n  image: busybox\nscript:\n  image: busybox\n  source: echo\n",
        );
        assert!(two.unwrap_err().contains("unknown field `script`"));
        let none = parse("name: a\n");
        assert!(none.unwrap_err().contains("no variant"));
        let unknown = parse("name: a\ncontainer:\n  image: busybox\nretries: 3\n");
        assert!(unknown.unwrap_err().contains("unknown field `retries`"));
        let in_container = parse("name: a\ncontainer:\n  image: busybox\n  imagee: typo\n");
        assert!(in_container.unwrap_err().contains("unknown field `imagee`"));
        let in_script =
            parse("name: a\nscript:\n  image: busybox\n  sourc: typo\n  source: echo\n");
        assert!(in_script.unwrap_err().contains("unknown field `sourc`"));
        let no_source = parse("name: a\nscript:\n  image: busybox\n");
        assert!(no_source.unwrap_err().contains("source"));
    }

    #[test]
    fn scripts_round_trip_with_their_container_fields() {
        let yaml = "name: report\nscript:\n  command:\n  - bash\n  env:\n  - name: CLUSTER\n    value: demo\n  image: mcr.microsoft.com/azure-cli:2.67.0\n  name: main\n  source: |\n    echo \"$CLUSTER\"\n    exit 0\n";
        let template = parse(yaml).unwrap();
        let TemplateType::Script(script) = &template.template_type else {
            panic!("not a script: {template:?}");
        };
        assert_eq!(script.container.name, "main");
        assert_eq!(script.source, "echo \"$CLUSTER\"\nexit 0\n");
        assert_eq!(crate::to_yaml(&template).unwrap(), yaml);
        // An empty container name is left out (Argo names the container `main`).
        let unnamed = Template::new(
            "c",
            TemplateType::Container(Container {
                image: Some("busybox".to_owned()),
                ..Container::default()
            }),
        );
        assert_eq!(
            crate::to_yaml(&unnamed).unwrap(),
            "name: c\ncontainer:\n  image: busybox\n"
        );
    }

    #[test]
    fn the_schema_allows_one_type_and_no_other_fields() {
        let schema = schemars::schema_for!(Template).to_value();
        let variants = schema["oneOf"].as_array().unwrap();
        let keys: Vec<&str> = variants
            .iter()
            .map(|v| v["required"][0].as_str().unwrap())
            .collect();
        assert_eq!(
            keys,
            ["dag", "steps", "resource", "container", "script", "suspend"]
        );
        assert_eq!(schema["unevaluatedProperties"], false);
        let script = &schema["$defs"]["ScriptTemplate"];
        assert_eq!(script["required"], serde_json::json!(["source"]));
        assert!(script["properties"]["image"].is_object());
    }

    #[test]
    fn leaf_only_fields_are_rejected_on_dag_and_steps() {
        let yaml = "entrypoint: main\ntemplates:\n- name: main\n  dag:\n    tasks:\n    - name: a\n      template: s\n  activeDeadlineSeconds: 60\n  timeout: 5m\n- name: s\n  steps:\n  - - name: x\n      template: c\n  timeout: 5m\n  parallelism: 0\n- name: c\n  container:\n    image: busybox\n  parallelism: 2\n  timeout: \"30\"\n  activeDeadlineSeconds: 0\n";
        assert_eq!(
            spec_violations(yaml),
            expected(&[
                ("templates[0].activeDeadlineSeconds", NotAllowed),
                ("templates[0].timeout", NotAllowed),
                ("templates[1].timeout", NotAllowed),
                ("templates[1].parallelism", OutOfRange),
                ("templates[2].activeDeadlineSeconds", OutOfRange),
                ("templates[2].timeout", InvalidDuration),
                ("templates[2].parallelism", NotAllowed),
            ])
        );
    }

    #[test]
    fn names_references_containers_and_volumes() {
        let yaml = "entrypoint: start\nonExit: cleanup\nvolumes:\n- name: kubeconfig\n  secret:\n    secretName: kc\ntemplates:\n- name: main_1\n  container:\n    name: Main\n    volumeMounts:\n    - name: kubeconfig\n      mountPath: /etc/kube\n    - name: cache\n      mountPath: /etc/kube\n- name: main_1\n  suspend:\n    duration: soon\n";
        assert_eq!(
            spec_violations(yaml),
            expected(&[
                ("entrypoint", NotAllowed),
                ("onExit", NotAllowed),
                ("templates[1].name", Duplicate),
                ("templates[0].name", Pattern),
                ("templates[0].container.image", Required),
                ("templates[0].container.name", Pattern),
                ("templates[0].container.volumeMounts[1].name", NotAllowed),
                (
                    "templates[0].container.volumeMounts[1].mountPath",
                    Duplicate
                ),
                ("templates[1].name", Pattern),
                ("templates[1].suspend.duration", InvalidDuration),
            ])
        );
    }

    #[test]
    fn outputs_suit_the_template_type() {
        let yaml = "entrypoint: r\ntemplates:\n- name: r\n  outputs:\n    parameters:\n    - name: id\n      valueFrom:\n        path: /tmp/id\n    - name: phase\n      valueFrom:\n        jsonPath: '{.status.phase}'\n        jqFilter: .status\n    - name: none\n  resource:\n    action: get\n    manifest: 'kind: ConfigMap'\n- name: c\n  inputs:\n    artifacts:\n    - name: kubeconfig\n      from: '{{workflow.outputs.artifacts.kc}}'\n  outputs:\n    artifacts:\n    - name: out\n      path: /tmp/out\n  container:\n    image: busybox\n- name: d\n  outputs:\n    artifacts:\n    - name: out\n      path: /tmp/out\n  dag:\n    tasks:\n    - name: a\n      template: c\n";
        assert_eq!(
            spec_violations(yaml),
            expected(&[
                ("templates[0].outputs.parameters[0].valueFrom", NotAllowed),
                ("templates[0].outputs.parameters[1].valueFrom", Conflict),
                ("templates[0].outputs.parameters[2].valueFrom", Required),
                ("templates[1].inputs.artifacts[0].from", NotAllowed),
                ("templates[2].outputs.artifacts[0].path", NotAllowed),
            ])
        );
    }
}

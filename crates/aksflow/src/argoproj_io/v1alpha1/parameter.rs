//! Parameters: the string values passed into a Workflow, a template, a task or a step, and the
//! values a template outputs.

use k8s_openapi::api::core::v1::ConfigMapKeySelector;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{check_parameter_name, is_expression};
use crate::error::Code;
use crate::validation::{Report, Validate};

/// A named string value: a Workflow argument, a template input or output, a task argument.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct Parameter {
    /// The parameter name: alphanumerics, '-' and '_'.
    pub name: String,
    /// The literal value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Where the value comes from, instead of `value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_from: Option<ValueFrom>,
    /// The value used when none is supplied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// The values the parameter may take (shown as a drop-down in the UI).
    #[serde(default, rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<Vec<String>>,
    /// A description for people submitting the Workflow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Exports an output parameter as the global `workflow.outputs.parameters.<globalName>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_name: Option<String>,
}

impl Parameter {
    /// A parameter with a literal value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: Some(value.into()),
            ..Self::default()
        }
    }

    /// An output parameter read from a file in the main container (`valueFrom.path`).
    pub fn from_path(name: impl Into<String>, path: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value_from: Some(ValueFrom {
                path: Some(path.into()),
                ..ValueFrom::default()
            }),
            ..Self::default()
        }
    }
}

/// Where a parameter's value comes from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ValueFrom {
    /// A file in the main container (container and script outputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// A JSONPath into the resource (resource template outputs), e.g. `{.status.phase}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_path: Option<String>,
    /// A jq filter over the resource (resource template outputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jq_filter: Option<String>,
    /// Another parameter, e.g. `{{tasks.create.outputs.parameters.id}}` (dag and steps outputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// An expression evaluated to the value (dag and steps outputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    /// A key of a ConfigMap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map_key_ref: Option<ConfigMapKeySelector>,
    /// The value is supplied later by a person or an API call (suspend templates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplied: Option<SuppliedValueFrom>,
    /// An expression over an Argo Events event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The value used when the source yields nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// Marks a value that is supplied at run time (an empty object, `supplied: {}`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(deny_unknown_fields)]
pub struct SuppliedValueFrom {}

/// Where a parameter list sits, which decides the rules it follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParameterRole {
    /// `spec.arguments` of a Workflow: every parameter needs a value.
    WorkflowArguments,
    /// `spec.arguments` of a WorkflowTemplate: values may come at submission.
    TemplateArguments,
    /// A task's or step's arguments: every parameter needs a value.
    CallArguments,
    /// A template's inputs: values come from the caller.
    Inputs,
}

impl ValueFrom {
    /// The sources an output parameter may take its value from, by JSON name, that are set.
    pub(crate) fn output_sources(&self) -> Vec<&'static str> {
        let mut sources = Vec::new();
        for (name, set) in [
            ("path", self.path.is_some()),
            ("jqFilter", self.jq_filter.is_some()),
            ("jsonPath", self.json_path.is_some()),
            ("parameter", self.parameter.is_some()),
            ("expression", self.expression.is_some()),
            ("supplied", self.supplied.is_some()),
        ] {
            if set {
                sources.push(name);
            }
        }
        sources
    }
}

/// Checks a list of parameters: names valid and unique, enums well-formed, values present where `role` needs them.
pub(crate) fn check_parameters(report: &mut Report, parameters: &[Parameter], role: ParameterRole) {
    super::common::check_unique_names(
        report,
        "parameter",
        parameters.iter().map(|p| p.name.as_str()),
    );
    for (i, parameter) in parameters.iter().enumerate() {
        report.item(i, |r| parameter.check(r, role));
    }
}

impl Parameter {
    fn check(&self, report: &mut Report, role: ParameterRole) {
        report.field("name", |r| check_parameter_name(r, &self.name));
        if let Some(values) = &self.enum_values {
            report.field("enum", |r| {
                if values.is_empty() {
                    r.violation(Code::Required, "an enum must list at least one value");
                }
            });
            if let Some(value) = &self.value
                && !values.is_empty()
                && !is_expression(value)
                && !values.contains(value)
            {
                report.violation_at(
                    "value",
                    Code::NotAllowed,
                    format!("{value:?} is not one of the enum values {values:?}"),
                );
            }
        }
        let needs_value = matches!(
            role,
            ParameterRole::WorkflowArguments | ParameterRole::CallArguments
        );
        if needs_value && self.value.is_none() && self.value_from.is_none() {
            report.violation_at(
                "value",
                Code::Required,
                format!("argument {:?} needs a value or valueFrom", self.name),
            );
        }
        if self.value.is_some() && self.value_from.is_some() {
            report.violation_at(
                "valueFrom",
                Code::Conflict,
                "set value or valueFrom, not both",
            );
        }
        if let Some(value_from) = &self.value_from {
            if role != ParameterRole::Inputs {
                report.field("valueFrom", |r| {
                    let output_only = value_from.output_sources();
                    for source in output_only.iter().filter(|s| **s != "supplied") {
                        r.violation_at(
                            source,
                            Code::NotAllowed,
                            "an argument's valueFrom allows only configMapKeyRef, supplied, event and default",
                        );
                    }
                    if value_from.config_map_key_ref.is_none()
                        && value_from.supplied.is_none()
                        && value_from.event.is_none()
                        && output_only.is_empty()
                    {
                        r.violation(
                            Code::Required,
                            "an argument's valueFrom needs configMapKeyRef, supplied or event",
                        );
                    }
                });
            }
            report.nested("valueFrom", value_from);
        }
    }
}

impl Validate for ValueFrom {
    fn validate_into(&self, report: &mut Report) {
        if let Some(selector) = &self.config_map_key_ref {
            report.field("configMapKeyRef", |r| {
                if selector.key.is_empty() {
                    r.violation_at("key", Code::Required, "the ConfigMap key is required");
                }
                if selector.name.is_empty() {
                    r.violation_at("name", Code::Required, "the ConfigMap name is required");
                } else {
                    r.field("name", |r| {
                        crate::validation::check::dns_subdomain(r, &selector.name)
                    });
                }
            });
        }
    }
}

/// Checks output parameters: each has exactly one source, and the source suits the template type (`kind`).
pub(crate) fn check_output_parameters(
    report: &mut Report,
    parameters: &[Parameter],
    kind: super::TemplateKind,
) {
    use super::TemplateKind as K;
    super::common::check_unique_names(
        report,
        "output parameter",
        parameters.iter().map(|p| p.name.as_str()),
    );
    for (i, parameter) in parameters.iter().enumerate() {
        report.item(i, |r| {
            r.field("name", |r| check_parameter_name(r, &parameter.name));
            match (&parameter.value, &parameter.value_from) {
                (Some(_), Some(_)) => {
                    r.violation_at("valueFrom", Code::Conflict, "set value or valueFrom, not both")
                }
                (None, None) => r.violation_at(
                    "valueFrom",
                    Code::Required,
                    "an output parameter needs value or valueFrom",
                ),
                (Some(_), None) => {}
                (None, Some(value_from)) => r.field("valueFrom", |r| {
                    let sources = value_from.output_sources();
                    match sources.len() {
                        0 => r.violation(
                            Code::Required,
                            "set one of path, jqFilter, jsonPath, parameter, expression or supplied",
                        ),
                        1 => {}
                        _ => r.violation(
                            Code::Conflict,
                            format!("set only one of {}", sources.join(", ")),
                        ),
                    }
                    let fits = match kind {
                        K::Container | K::Script => value_from.path.is_some(),
                        K::Resource => value_from.jq_filter.is_some() || value_from.json_path.is_some(),
                        K::Dag | K::Steps => {
                            value_from.parameter.is_some() || value_from.expression.is_some()
                        }
                        K::Suspend => true,
                    };
                    if !fits && !sources.is_empty() {
                        let needed = match kind {
                            K::Container | K::Script => "path",
                            K::Resource => "jqFilter or jsonPath",
                            K::Dag | K::Steps => "parameter or expression",
                            K::Suspend => "",
                        };
                        r.violation(
                            Code::NotAllowed,
                            format!("a {} template's output parameters take their value from {needed}", kind.as_str()),
                        );
                    }
                    value_from.validate_into(r);
                }),
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::Code::*;
    use crate::argoproj_io::v1alpha1::common::testing::{
        expected, spec_violations, template_spec_violations,
    };

    const TEMPLATES: &str = "templates:\n- name: c\n  inputs:\n    parameters:\n    - name: x\n    - name: x\n  container:\n    image: busybox\n";

    #[test]
    fn workflow_arguments_need_values() {
        let yaml = format!(
            "entrypoint: c\narguments:\n  parameters:\n  - name: mode\n    value: turbo\n    enum: [fast, slow]\n  - name: empty\n    enum: []\n    value: x\n  - name: bad.name\n  - name: from-file\n    valueFrom:\n      path: /tmp/x\n  - name: both\n    value: a\n    valueFrom:\n      configMapKeyRef: {{name: cm, key: k}}\n{TEMPLATES}"
        );
        assert_eq!(
            spec_violations(&yaml),
            expected(&[
                ("arguments.parameters[0].value", NotAllowed),
                ("arguments.parameters[1].enum", Required),
                ("arguments.parameters[2].name", Pattern),
                ("arguments.parameters[2].value", Required),
                ("arguments.parameters[3].valueFrom.path", NotAllowed),
                ("arguments.parameters[4].valueFrom", Conflict),
                ("templates[0].inputs.parameters[1].name", Duplicate),
            ])
        );
    }

    #[test]
    fn workflow_template_arguments_may_wait_for_submission() {
        let yaml = format!("arguments:\n  parameters:\n  - name: cluster\n{TEMPLATES}");
        assert_eq!(
            template_spec_violations(&yaml),
            expected(&[("templates[0].inputs.parameters[1].name", Duplicate)])
        );
    }

    #[test]
    fn task_arguments_need_values() {
        let yaml = "entrypoint: main\ntemplates:\n- name: main\n  steps:\n  - - name: a\n      template: c\n      arguments:\n        parameters:\n        - name: x\n        artifacts:\n        - name: kc\n- name: c\n  container:\n    image: busybox\n";
        assert_eq!(
            spec_violations(yaml),
            expected(&[
                (
                    "templates[0].steps[0][0].arguments.parameters[0].value",
                    Required
                ),
                ("templates[0].steps[0][0].arguments.artifacts[0]", Required),
            ])
        );
    }
}

//! How a task, step or hook calls a template: by name in the same spec (`template`) or in a
//! WorkflowTemplate (`templateRef`), with arguments, conditions and loops.

use std::collections::BTreeSet;

use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::arguments::Arguments;
use super::artifact::{ArtifactRole, check_artifacts};
use super::common::is_expression;
use super::parameter::{ParameterRole, check_parameters};
use super::retry_strategy::check_int_or_expression;
use crate::error::Code;
use crate::validation::{Report, check};

/// A template of a WorkflowTemplate (or ClusterWorkflowTemplate).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct TemplateRef {
    /// The WorkflowTemplate's name.
    pub name: String,
    /// The template's name within it.
    pub template: String,
    /// The reference is to a ClusterWorkflowTemplate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_scope: Option<bool>,
}

impl TemplateRef {
    /// The template `template` of the WorkflowTemplate `name`.
    pub fn new(name: impl Into<String>, template: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            template: template.into(),
            cluster_scope: None,
        }
    }
}

/// Whether a failed or errored task or step lets the Workflow continue.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContinueOn {
    /// Continue when it errored (Argo or Kubernetes could not run it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<bool>,
    /// Continue when it failed (its container exited non-zero).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<bool>,
}

/// A loop over a sequence of numbers: `count` numbers, or `start` to `end`.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct Sequence {
    /// How many numbers (instead of `end`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<IntOrString>,
    /// The first number (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<IntOrString>,
    /// The last number (instead of `count`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<IntOrString>,
    /// A printf format for each number, e.g. `node-%02d`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
}

/// The names of the templates a spec defines, when known (not when they come from a `workflowTemplateRef`).
#[derive(Clone, Debug, Default)]
pub(crate) struct SpecContext<'a> {
    /// Templates defined in the spec, if the spec is self-contained.
    pub templates: Option<BTreeSet<&'a str>>,
    /// Volumes defined at spec level.
    pub volumes: BTreeSet<&'a str>,
    /// Whether volumes can be checked (false when templates come from elsewhere).
    pub check_volumes: bool,
}

/// What a call names: `template` or `templateRef`, exactly one.
pub(crate) fn check_target(
    report: &mut Report,
    template: Option<&str>,
    template_ref: Option<&TemplateRef>,
    ctx: &SpecContext<'_>,
) {
    match (template, template_ref) {
        (None, None) => {
            report.violation_at("template", Code::Required, "set template or templateRef")
        }
        (Some(_), Some(_)) => report.violation_at(
            "templateRef",
            Code::Conflict,
            "set template or templateRef, not both",
        ),
        (Some(name), None) => report.field("template", |r| {
            if name.is_empty() {
                r.violation(Code::Required, "must not be empty");
            } else if let Some(templates) = &ctx.templates
                && !is_expression(name)
                && !templates.contains(name)
            {
                r.violation(
                    Code::NotAllowed,
                    format!("no template named {name:?} in spec.templates"),
                );
            }
        }),
        (None, Some(template_ref)) => report.field("templateRef", |r| {
            if template_ref.name.is_empty() {
                r.violation_at(
                    "name",
                    Code::Required,
                    "the WorkflowTemplate name is required",
                );
            } else if !is_expression(&template_ref.name) {
                r.field("name", |r| check::dns_subdomain(r, &template_ref.name));
            }
            if template_ref.template.is_empty() {
                r.violation_at("template", Code::Required, "the template name is required");
            }
        }),
    }
}

/// A call's arguments: every parameter needs a value, every artifact a source.
pub(crate) fn check_call_arguments(report: &mut Report, arguments: Option<&Arguments>) {
    if let Some(arguments) = arguments {
        report.field("arguments", |r| {
            if let Some(parameters) = &arguments.parameters {
                r.field("parameters", |r| {
                    check_parameters(r, parameters, ParameterRole::CallArguments)
                });
            }
            if let Some(artifacts) = &arguments.artifacts {
                r.field("artifacts", |r| {
                    check_artifacts(r, artifacts, ArtifactRole::Arguments)
                });
            }
        });
    }
}

/// Loops: at most one of `withItems`, `withParam`, `withSequence`; a sequence has `count` or `end`, not both.
pub(crate) fn check_loops(
    report: &mut Report,
    with_items: Option<&Vec<serde_json::Value>>,
    with_param: Option<&str>,
    with_sequence: Option<&Sequence>,
) {
    let set: Vec<&str> = [
        ("withItems", with_items.is_some()),
        ("withParam", with_param.is_some()),
        ("withSequence", with_sequence.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, set)| set.then_some(name))
    .collect();
    if set.len() > 1 {
        report.violation_at(
            set[1],
            Code::Conflict,
            format!(
                "only one of withItems, withParam, withSequence can be specified (found {})",
                set.join(", ")
            ),
        );
    }
    if let Some(sequence) = with_sequence {
        report.field("withSequence", |r| {
            // CEL: only one of count or end.
            if sequence.count.is_some() && sequence.end.is_some() {
                r.violation_at(
                    "end",
                    Code::Conflict,
                    "only one of count or end can be defined",
                );
            }
            for (name, value) in [
                ("count", &sequence.count),
                ("start", &sequence.start),
                ("end", &sequence.end),
            ] {
                if let Some(value) = value {
                    r.field(name, |r| check_int_or_expression(r, value, 0));
                }
            }
        });
    }
}

/// `true` when the call iterates (its node aggregates items).
pub(crate) fn has_loop(
    with_items: Option<&Vec<serde_json::Value>>,
    with_param: Option<&str>,
    with_sequence: Option<&Sequence>,
) -> bool {
    with_items.is_some_and(|items| !items.is_empty())
        || with_param.is_some()
        || with_sequence.is_some()
}

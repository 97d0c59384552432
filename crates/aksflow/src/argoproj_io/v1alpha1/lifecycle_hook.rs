//! Lifecycle hooks: templates run when a Workflow, task or step exits or when an expression turns true.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::arguments::Arguments;
use super::call::{SpecContext, TemplateRef, check_call_arguments, check_target};
use crate::error::Code;
use crate::validation::Report;

/// The hook name run when the Workflow (or the task or step) exits.
pub const EXIT_HOOK: &str = "exit";

/// A template run on an event: the `exit` hook, or any other name with an `expression`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct LifecycleHook {
    /// The template to run, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// The template to run, in a WorkflowTemplate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_ref: Option<TemplateRef>,
    /// Arguments to the template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Arguments>,
    /// When the hook runs, e.g. `workflow.status == "Running"` (required except for `exit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
}

/// Lifecycle hooks by name.
pub type LifecycleHooks = BTreeMap<String, LifecycleHook>;

/// Checks hooks: a template each, an expression for every hook but `exit`.
pub(crate) fn check_hooks(report: &mut Report, hooks: &LifecycleHooks, ctx: &SpecContext<'_>) {
    for (name, hook) in hooks {
        report.field(name, |r| {
            check_target(r, hook.template.as_deref(), hook.template_ref.as_ref(), ctx);
            check_call_arguments(r, hook.arguments.as_ref());
            if name != EXIT_HOOK && hook.expression.as_deref().is_none_or(str::is_empty) {
                r.violation_at(
                    "expression",
                    Code::Required,
                    format!("hook {name:?} needs an expression (only the {EXIT_HOOK:?} hook runs without one)"),
                );
            }
        });
    }
}

//! Steps templates: groups of steps run one group after another, the steps of a group in parallel.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::arguments::Arguments;
use super::call::{
    ContinueOn, Sequence, SpecContext, TemplateRef, check_call_arguments, check_loops, check_target,
};
use super::common::{check_field_name, duplicates};
use super::lifecycle_hook::{LifecycleHooks, check_hooks};
use crate::error::Code;
use crate::validation::{Report, check};

/// The steps of a steps template: the outer list runs in order, each inner list in parallel.
pub type Steps = Vec<Vec<WorkflowStep>>;

/// One step: a call of a template.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct WorkflowStep {
    /// The step name, unique in the template: alphanumerics and '-'.
    pub name: String,
    /// The template to run, by name in this spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// The template to run, in a WorkflowTemplate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_ref: Option<TemplateRef>,
    /// Arguments to the template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Arguments>,
    /// Runs the step only when the expression is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Continue when this step fails or errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continue_on: Option<ContinueOn>,
    /// Runs the step once per item of this list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_items: Option<Vec<serde_json::Value>>,
    /// Runs the step once per item of this JSON list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_param: Option<String>,
    /// Runs the step once per number of a sequence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_sequence: Option<Sequence>,
    /// Templates run on events of this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hooks: Option<LifecycleHooks>,
}

impl WorkflowStep {
    /// A step calling the template `template` of this spec.
    pub fn calling(name: impl Into<String>, template: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            template: Some(template.into()),
            ..Self::default()
        }
    }
}

/// Checks the steps of a template: at least one group, each non-empty, names unique across all groups.
pub(crate) fn check_steps(report: &mut Report, steps: &Steps, ctx: &SpecContext<'_>) {
    check::min_items(report, steps, 1);
    for (g, group) in steps.iter().enumerate() {
        report.item(g, |r| {
            check::min_items(r, group, 1);
            for (i, step) in group.iter().enumerate() {
                r.item(i, |r| {
                    r.field("name", |r| check_field_name(r, &step.name));
                    check_target(r, step.template.as_deref(), step.template_ref.as_ref(), ctx);
                    check_call_arguments(r, step.arguments.as_ref());
                    check_loops(
                        r,
                        step.with_items.as_ref(),
                        step.with_param.as_deref(),
                        step.with_sequence.as_ref(),
                    );
                    if let Some(hooks) = &step.hooks {
                        r.field("hooks", |r| check_hooks(r, hooks, ctx));
                    }
                });
            }
        });
    }
    // Step names are unique across the whole template.
    let positions: Vec<(usize, usize)> = steps
        .iter()
        .enumerate()
        .flat_map(|(g, group)| (0..group.len()).map(move |i| (g, i)))
        .collect();
    let names = steps.iter().flatten().map(|s| s.name.as_str());
    for (k, name, first) in duplicates(names) {
        let (Some(&(g, i)), Some(&(fg, fi))) = (positions.get(k), positions.get(first)) else {
            continue;
        };
        report.item(g, |r| {
            r.item(i, |r| {
                r.violation_at(
                    "name",
                    Code::Duplicate,
                    format!("step {name:?} is already defined at [{fg}][{fi}]"),
                )
            })
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::Code::*;
    use crate::argoproj_io::v1alpha1::common::testing::{expected, spec_violations};

    #[test]
    fn step_rules() {
        let yaml = "entrypoint: main\ntemplates:\n- name: main\n  steps:\n  - - name: a\n      template: c\n  - []\n  - - name: a\n      template: c\n    - name: b_1\n      templateRef: {name: lib, template: ''}\n    - name: h\n      template: c\n      hooks:\n        running:\n          template: c\n- name: c\n  container:\n    image: busybox\n";
        assert_eq!(
            spec_violations(yaml),
            expected(&[
                ("templates[0].steps[1]", Required),
                ("templates[0].steps[2][1].name", Pattern),
                ("templates[0].steps[2][1].templateRef.template", Required),
                (
                    "templates[0].steps[2][2].hooks.running.expression",
                    Required
                ),
                ("templates[0].steps[2][0].name", Duplicate),
            ])
        );
    }
}

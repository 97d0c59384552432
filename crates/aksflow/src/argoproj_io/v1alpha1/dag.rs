//! DAG templates: tasks that run when their dependencies are done, in parallel where they can.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::arguments::Arguments;
use super::call::{
    ContinueOn, Sequence, SpecContext, TemplateRef, check_call_arguments, check_loops,
    check_target, has_loop,
};
use super::common::{check_field_name, check_unique_names, is_expression};
use super::depends::{ITEM_RESULTS, parse_depends};
use super::lifecycle_hook::{LifecycleHooks, check_hooks};
use crate::error::Code;
use crate::validation::{Report, Validate, check};

/// A template made of tasks and the dependencies between them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct DagTemplate {
    /// The tasks (1-200).
    pub tasks: Vec<DagTask>,
    /// Run only these tasks (space-separated names) and what they depend on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Stop scheduling new tasks once one fails (Argo's default: true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_fast: Option<bool>,
}

/// One task of a DAG: a call of a template once its dependencies are done.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct DagTask {
    /// The task name, unique in the DAG: alphanumerics and '-' (not starting with a digit when the DAG has dependencies).
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
    /// An expression over other tasks' results, e.g. `create.Succeeded && (a || b)` (not with `dependencies`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends: Option<String>,
    /// Tasks that must succeed first (the older form of `depends`; not with `depends`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependencies: Option<Vec<String>>,
    /// Runs the task only when the expression is true, e.g. `{{workflow.parameters.nap}} == true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Continue the DAG when this task fails or errors (not with `depends`: use `task.Failed` there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continue_on: Option<ContinueOn>,
    /// Runs the task once per item of this list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_items: Option<Vec<serde_json::Value>>,
    /// Runs the task once per item of this JSON list (usually another task's output).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_param: Option<String>,
    /// Runs the task once per number of a sequence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_sequence: Option<Sequence>,
    /// Templates run on events of this task (`exit`, or named hooks with an expression).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hooks: Option<LifecycleHooks>,
}

impl DagTask {
    /// A task calling the template `template` of this spec.
    pub fn calling(name: impl Into<String>, template: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            template: Some(template.into()),
            ..Self::default()
        }
    }

    /// The tasks this task depends on, from `depends` (when it parses) or `dependencies`.
    pub fn dependency_names(&self) -> Vec<String> {
        let mut names: Vec<String> = match (&self.depends, &self.dependencies) {
            (Some(depends), _) => parse_depends(depends)
                .map(|refs| refs.into_iter().map(|r| r.task).collect())
                .unwrap_or_default(),
            (None, Some(dependencies)) => dependencies.clone(),
            (None, None) => Vec::new(),
        };
        names.dedup();
        names
    }
}

impl Validate for DagTemplate {
    fn validate_into(&self, report: &mut Report) {
        self.check(report, &SpecContext::default());
    }
}

impl DagTemplate {
    /// Checks the DAG; `ctx` tells which templates the tasks may call.
    pub(crate) fn check(&self, report: &mut Report, ctx: &SpecContext<'_>) {
        let by_name: BTreeMap<&str, &DagTask> =
            self.tasks.iter().map(|t| (t.name.as_str(), t)).collect();
        let uses_depends = self.tasks.iter().any(|t| t.depends.is_some());
        report.field("tasks", |r| {
            check::min_items(r, &self.tasks, 1);
            check::max_items(r, &self.tasks, 200);
            check_unique_names(r, "task", self.tasks.iter().map(|t| t.name.as_str()));
            for (i, task) in self.tasks.iter().enumerate() {
                r.item(i, |r| task.check(r, ctx, &by_name, uses_depends));
            }
            check_cycles(r, &self.tasks, &by_name);
        });
        if let Some(target) = &self.target {
            report.field("target", |r| {
                for name in target.split_whitespace() {
                    if !is_expression(name) && !by_name.contains_key(name) {
                        r.violation(
                            Code::NotAllowed,
                            format!("target {name:?} is not a task of this DAG"),
                        );
                    }
                }
            });
        }
    }
}

impl DagTask {
    fn check(
        &self,
        report: &mut Report,
        ctx: &SpecContext<'_>,
        tasks: &BTreeMap<&str, &DagTask>,
        dag_uses_depends: bool,
    ) {
        report.field("name", |r| check_field_name(r, &self.name));
        // CEL (per task) and Argo (per DAG): a name starting with a digit cannot be used in dependencies.
        if (dag_uses_depends || self.dependencies.is_some())
            && self.name.starts_with(|c: char| c.is_ascii_digit())
        {
            report.violation_at(
                "name",
                Code::Pattern,
                "task name cannot begin with a digit when using 'depends' or 'dependencies'",
            );
        }
        check_target(
            report,
            self.template.as_deref(),
            self.template_ref.as_ref(),
            ctx,
        );
        check_call_arguments(report, self.arguments.as_ref());
        // CEL: not both depends and dependencies.
        if self.depends.is_some() && self.dependencies.is_some() {
            report.violation_at(
                "dependencies",
                Code::Conflict,
                "cannot use both 'depends' and 'dependencies'",
            );
        } else if dag_uses_depends && self.dependencies.is_some() {
            report.violation_at(
                "dependencies",
                Code::Conflict,
                "cannot use 'dependencies' in a DAG whose tasks use 'depends'",
            );
        }
        // CEL (per task) and Argo (per DAG): no continueOn with depends.
        if dag_uses_depends && self.continue_on.is_some() {
            report.violation_at(
                "continueOn",
                Code::Conflict,
                "cannot use 'continueOn' when using 'depends': test `task.Failed` / `task.Errored` in depends instead",
            );
        }
        if let Some(depends) = &self.depends {
            report.field("depends", |r| match parse_depends(depends) {
                Err(error) => r.violation(
                    Code::Pattern,
                    format!("{depends:?} does not parse: {error}"),
                ),
                Ok(refs) => {
                    for reference in refs {
                        match tasks.get(reference.task.as_str()) {
                            None => r.violation(
                                Code::NotAllowed,
                                format!(
                                    "depends on {:?}, which is not a task of this DAG",
                                    reference.task
                                ),
                            ),
                            Some(dependency) => {
                                let items_result = reference
                                    .result
                                    .as_deref()
                                    .is_some_and(|res| ITEM_RESULTS.contains(&res));
                                if items_result
                                    && !has_loop(
                                        dependency.with_items.as_ref(),
                                        dependency.with_param.as_deref(),
                                        dependency.with_sequence.as_ref(),
                                    )
                                {
                                    r.violation(
                                        Code::NotAllowed,
                                        format!(
                                            "{}.{} tests items, but task {:?} does not loop",
                                            reference.task,
                                            reference.result.as_deref().unwrap_or_default(),
                                            reference.task
                                        ),
                                    );
                                }
                            }
                        }
                    }
                }
            });
        }
        if let Some(dependencies) = &self.dependencies {
            report.field("dependencies", |r| {
                for (i, dependency) in dependencies.iter().enumerate() {
                    if !tasks.contains_key(dependency.as_str()) {
                        r.item(i, |r| {
                            r.violation(
                                Code::NotAllowed,
                                format!("{dependency:?} is not a task of this DAG"),
                            )
                        });
                    }
                }
            });
        }
        check_loops(
            report,
            self.with_items.as_ref(),
            self.with_param.as_deref(),
            self.with_sequence.as_ref(),
        );
        if let Some(hooks) = &self.hooks {
            report.field("hooks", |r| check_hooks(r, hooks, ctx));
        }
    }
}

/// Reports each dependency cycle once, at the `depends`/`dependencies` of the task that closes it.
fn check_cycles(report: &mut Report, tasks: &[DagTask], by_name: &BTreeMap<&str, &DagTask>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Visiting,
        Done,
    }
    fn visit<'a>(
        name: &'a str,
        by_name: &BTreeMap<&'a str, &'a DagTask>,
        marks: &mut BTreeMap<&'a str, Mark>,
        stack: &mut Vec<&'a str>,
        cycles: &mut Vec<Vec<String>>,
    ) {
        match marks.get(name) {
            Some(Mark::Done) => return,
            Some(Mark::Visiting) => {
                if let Some(start) = stack.iter().position(|n| *n == name) {
                    let mut cycle: Vec<String> =
                        stack[start..].iter().map(|s| (*s).to_owned()).collect();
                    cycle.push(name.to_owned());
                    cycles.push(cycle);
                }
                return;
            }
            None => {}
        }
        let Some(task) = by_name.get(name) else {
            return;
        };
        marks.insert(name, Mark::Visiting);
        stack.push(name);
        let dependencies = task.dependency_names();
        for dependency in &dependencies {
            if let Some((key, _)) = by_name.get_key_value(dependency.as_str()) {
                visit(key, by_name, marks, stack, cycles);
            }
        }
        stack.pop();
        marks.insert(name, Mark::Done);
    }

    let mut marks = BTreeMap::new();
    let mut cycles = Vec::new();
    for task in tasks {
        let mut stack = Vec::new();
        visit(
            task.name.as_str(),
            by_name,
            &mut marks,
            &mut stack,
            &mut cycles,
        );
    }
    let mut reported = BTreeSet::new();
    for cycle in cycles {
        let Some(closing) = cycle.first() else {
            continue;
        };
        let Some(index) = tasks.iter().position(|t| &t.name == closing) else {
            continue;
        };
        if !reported.insert(index) {
            continue;
        }
        let field = if tasks[index].depends.is_some() {
            "depends"
        } else {
            "dependencies"
        };
        report.item(index, |r| {
            r.violation_at(
                field,
                Code::NotAllowed,
                format!(
                    "dependency cycle (each task depends on the next): {}",
                    cycle.join(" -> ")
                ),
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::Code::*;
    use crate::argoproj_io::v1alpha1::common::testing::{expected, spec_violations};

    fn dag(tasks: &str) -> String {
        format!(
            "entrypoint: main\ntemplates:\n- name: main\n  dag:\n    tasks:\n{tasks}- name: echo\n  container:\n    image: busybox\n"
        )
    }

    #[test]
    fn a_valid_dag_passes() {
        let yaml = dag(
            "    - name: a\n      template: echo\n    - name: b\n      template: echo\n      depends: a.Succeeded && !a.Failed\n",
        );
        assert_eq!(spec_violations(&yaml), vec![]);
    }

    #[test]
    fn depends_and_dependencies_conflict() {
        let yaml = dag(
            "    - name: a\n      template: echo\n    - name: b\n      template: echo\n      depends: a\n      dependencies: [a]\n    - name: c\n      template: echo\n      dependencies: [a]\n      continueOn: {failed: true}\n",
        );
        assert_eq!(
            spec_violations(&yaml),
            expected(&[
                ("templates[0].dag.tasks[1].dependencies", Conflict),
                ("templates[0].dag.tasks[2].dependencies", Conflict),
                ("templates[0].dag.tasks[2].continueOn", Conflict),
            ])
        );
    }

    #[test]
    fn depends_must_parse_and_name_tasks() {
        let yaml = dag(
            "    - name: a\n      template: echo\n    - name: b\n      template: echo\n      depends: a && missing\n    - name: c\n      template: echo\n      depends: a &&\n    - name: d\n      template: echo\n      depends: a.AnySucceeded\n",
        );
        assert_eq!(
            spec_violations(&yaml),
            expected(&[
                ("templates[0].dag.tasks[1].depends", NotAllowed),
                ("templates[0].dag.tasks[2].depends", Pattern),
                ("templates[0].dag.tasks[3].depends", NotAllowed),
            ])
        );
    }

    #[test]
    fn dependencies_name_tasks_and_have_no_cycles() {
        let yaml = dag(
            "    - name: a\n      template: echo\n      dependencies: [b]\n    - name: b\n      template: echo\n      dependencies: [a, ghost]\n",
        );
        assert_eq!(
            spec_violations(&yaml),
            expected(&[
                ("templates[0].dag.tasks[1].dependencies[1]", NotAllowed),
                ("templates[0].dag.tasks[0].dependencies", NotAllowed),
            ])
        );
        let cycle = dag(
            "    - name: a\n      template: echo\n      depends: c\n    - name: b\n      template: echo\n      depends: a\n    - name: c\n      template: echo\n      depends: b\n",
        );
        assert_eq!(
            spec_violations(&cycle),
            expected(&[("templates[0].dag.tasks[0].depends", NotAllowed)])
        );
    }

    #[test]
    fn names_and_targets() {
        let yaml = dag(
            "    - name: a\n      template: echo\n    - name: 1b\n      template: echo\n      depends: a\n    - name: a\n      template: missing\n    - name: d\n    - name: e\n      template: echo\n      templateRef: {name: lib, template: echo}\n",
        );
        assert_eq!(
            spec_violations(&yaml),
            expected(&[
                ("templates[0].dag.tasks[2].name", Duplicate),
                ("templates[0].dag.tasks[1].name", Pattern),
                ("templates[0].dag.tasks[2].template", NotAllowed),
                ("templates[0].dag.tasks[3].template", Required),
                ("templates[0].dag.tasks[4].templateRef", Conflict),
            ])
        );
        let target = "entrypoint: main\ntemplates:\n- name: main\n  dag:\n    target: a ghost\n    tasks: []\n";
        assert_eq!(
            spec_violations(target),
            expected(&[
                ("templates[0].dag.tasks", Required),
                ("templates[0].dag.target", NotAllowed),
                ("templates[0].dag.target", NotAllowed),
            ])
        );
    }

    #[test]
    fn loops_are_exclusive() {
        let yaml = dag(
            "    - name: a\n      template: echo\n      withItems: [1, 2]\n      withParam: '[1]'\n    - name: b\n      template: echo\n      withSequence: {count: 3, end: 5}\n",
        );
        assert_eq!(
            spec_violations(&yaml),
            expected(&[
                ("templates[0].dag.tasks[0].withParam", Conflict),
                ("templates[0].dag.tasks[1].withSequence.end", Conflict),
            ])
        );
    }
}

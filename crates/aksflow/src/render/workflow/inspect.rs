//! Reading a rendered Workflow back: the manifests it applies, and its DAG with nested DAGs
//! expanded. Tests and the conformance harness use these to check what the Workflow would do.

use std::collections::BTreeMap;

use super::scripts::MANIFEST_DELIMITER;
use super::steps::DRY_RUN_FLAG;
use crate::argoproj_io::v1alpha1::{TemplateType, WorkflowSpec};

/// A manifest a template applies: a `resource` template's `manifest`, or a heredoc of a kubectl script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbeddedManifest {
    /// The template that applies it.
    pub template: String,
    /// The manifest, as embedded (YAML).
    pub text: String,
    /// Applied with `--dry-run=server`.
    pub dry_run: bool,
    /// Applied to the workload cluster (with the exported kubeconfig), not the management cluster.
    pub workload: bool,
}

/// Every manifest the spec's templates apply, in template order.
pub fn embedded_manifests(spec: &WorkflowSpec) -> Vec<EmbeddedManifest> {
    let mut found = Vec::new();
    for template in spec.templates.iter().flatten() {
        match &template.template_type {
            TemplateType::Resource(resource) => {
                if let Some(text) = &resource.manifest {
                    found.push(EmbeddedManifest {
                        template: template.name.clone(),
                        text: text.clone(),
                        dry_run: resource.flags.iter().flatten().any(|f| f == DRY_RUN_FLAG),
                        workload: false,
                    });
                }
            }
            TemplateType::Script(script) => {
                let opening = format!("<<'{MANIFEST_DELIMITER}'");
                let mut lines = script.source.lines();
                while let Some(line) = lines.next() {
                    if !line.contains(&opening) {
                        continue;
                    }
                    let mut text = String::new();
                    for body in lines.by_ref() {
                        if body == MANIFEST_DELIMITER {
                            break;
                        }
                        text.push_str(body);
                        text.push('\n');
                    }
                    found.push(EmbeddedManifest {
                        template: template.name.clone(),
                        text,
                        dry_run: line.contains(DRY_RUN_FLAG),
                        workload: line.contains("--kubeconfig"),
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// A task of the entrypoint DAG with nested DAGs expanded: `setup-flux-gitops/create-flux-extension`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlatTask {
    /// The task's path (`outer/inner` inside a nested DAG).
    pub name: String,
    /// The template it runs.
    pub template: String,
    /// The tasks it directly waits for (paths); a nested DAG's first tasks wait for what the
    /// nested DAG's task waits for, and tasks after a nested DAG wait for all of its tasks.
    pub depends_on: Vec<String>,
}

/// The entrypoint DAG, flattened (empty when the entrypoint is not a DAG).
pub fn flatten_dag(spec: &WorkflowSpec) -> Vec<FlatTask> {
    let mut out = Vec::new();
    if let Some(entrypoint) = &spec.entrypoint {
        expand(spec, entrypoint, "", &[], &mut out, 0);
    }
    out
}

/// Appends the tasks of the DAG template `name`, named `prefix<task>`; returns every path added.
fn expand(
    spec: &WorkflowSpec,
    name: &str,
    prefix: &str,
    outer: &[String],
    out: &mut Vec<FlatTask>,
    depth: usize,
) -> Vec<String> {
    let Some(TemplateType::Dag(dag)) = spec.template(name).map(|t| &t.template_type) else {
        return Vec::new();
    };
    // A task name → the paths that stand for it (itself, or a nested DAG's tasks).
    let mut paths: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut added = Vec::new();
    for task in &dag.tasks {
        let path = format!("{prefix}{}", task.name);
        let dependencies = task.dependency_names();
        let depends_on: Vec<String> = if dependencies.is_empty() {
            outer.to_vec()
        } else {
            dependencies
                .iter()
                .flat_map(|d| {
                    paths
                        .get(d.as_str())
                        .cloned()
                        .unwrap_or_else(|| vec![format!("{prefix}{d}")])
                })
                .collect()
        };
        let template = task.template.clone().unwrap_or_default();
        let nested = matches!(
            spec.template(&template).map(|t| &t.template_type),
            Some(TemplateType::Dag(_))
        );
        if nested && depth < 8 {
            let inner = expand(
                spec,
                &template,
                &format!("{path}/"),
                &depends_on,
                out,
                depth + 1,
            );
            added.extend(inner.iter().cloned());
            paths.insert(task.name.as_str(), inner);
        } else {
            out.push(FlatTask {
                name: path.clone(),
                template,
                depends_on,
            });
            added.push(path.clone());
            paths.insert(task.name.as_str(), vec![path]);
        }
    }
    added
}

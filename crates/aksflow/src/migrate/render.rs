//! Offline rendering of one KRO instance: what KRO would create for it, as far as that is known
//! before anything runs.
//!
//! Resources render in dependency order. `schema` is the instance (its `spec` with the SimpleSchema
//! defaults applied, its `metadata`); each resource id is bound to its rendered template. A string
//! that is exactly `${expr}` takes the expression's value and type; otherwise every `${expr}` in it
//! must be a string and is interpolated. A resource is left out when an `includeWhen` condition is
//! false, and so is every resource that references a left-out one.
//!
//! A reference to a value that only exists at run time (`<id>.status...`, or any field the rendered
//! template of `<id>` does not hold) is *unresolved*: the field keeps its `${...}` text and is
//! listed in [`KroRender::unresolved`]; nothing is guessed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::cel;
use super::error::MigrateError;
use super::rgd::{ResourceDef, Rgd};
use super::schema;
use super::template::{self, Segment};

/// The largest value one expression may produce (its [`cel::estimate`]), in bytes.
pub(crate) const MAX_VALUE_BYTES: u64 = 1024 * 1024;
/// The work one instance's rendering may take, over all its expressions: each one's estimated
/// cost plus the size of the variables handed to the evaluator.
pub(crate) const RENDER_BUDGET: u64 = 64 * 1024 * 1024;

/// One resource KRO would create.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RenderedResource {
    /// The resource's id in the RGD.
    pub id: String,
    /// The object, with unresolved fields still holding their `${...}` text.
    pub object: Value,
}

/// A field whose value is only known at run time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unresolved {
    /// The resource id (or `status` for the instance's status).
    pub resource: String,
    /// The field's path within the object.
    pub path: String,
    /// The expression, as written.
    pub expression: String,
    /// The reference only known at run time, e.g. `identity.status.principalId`.
    pub reference: String,
}

/// A resource left out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Excluded {
    /// The resource id.
    pub id: String,
    /// Why: a false `includeWhen`, or a left-out dependency.
    pub reason: String,
}

/// The offline rendering of one instance.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KroRender {
    /// The instance's name.
    pub instance: String,
    /// The instance's spec with defaults applied.
    pub spec: Value,
    /// The resources, in dependency order.
    pub resources: Vec<RenderedResource>,
    /// Resources left out.
    pub excluded: Vec<Excluded>,
    /// Fields only known at run time (resources and status).
    pub unresolved: Vec<Unresolved>,
    /// The instance status as far as it is known offline.
    pub status: Value,
}

impl KroRender {
    /// The rendered objects.
    pub fn objects(&self) -> Vec<Value> {
        self.resources.iter().map(|r| r.object.clone()).collect()
    }
}

/// Reads an instance from YAML/JSON text and renders it.
pub fn render_yaml(rgd: &Rgd, text: &str) -> Result<KroRender, MigrateError> {
    let value = crate::output::yaml_document(text).map_err(|e| MigrateError::Parse {
        document: "instance".into(),
        message: e.to_string(),
    })?;
    render_instance(rgd, &value)
}

/// Renders one instance (a generic document of the RGD's kind).
pub fn render_instance(rgd: &Rgd, instance: &Value) -> Result<KroRender, MigrateError> {
    let mut problems = Vec::new();
    let api_version = instance
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let kind = instance
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if kind != rgd.kind {
        problems.push((
            "kind".to_owned(),
            format!("expected {}, got {kind:?}", rgd.kind),
        ));
    }
    if api_version != rgd.instance_api_version() {
        problems.push((
            "apiVersion".to_owned(),
            format!(
                "expected {}, got {api_version:?}",
                rgd.instance_api_version()
            ),
        ));
    }
    let name = instance
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if name.is_empty() {
        problems.push(("metadata.name".to_owned(), "required".to_owned()));
    }
    let spec = match schema::apply(&rgd.fields, instance.get("spec")) {
        Ok(spec) => spec,
        Err(MigrateError::Instance { problems: more }) => {
            problems.extend(more);
            Value::Null
        }
        Err(other) => return Err(other),
    };
    expressions_in_values(&spec, "spec", &mut problems);
    if !problems.is_empty() {
        return Err(MigrateError::Instance { problems });
    }
    let mut metadata = instance
        .get("metadata")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    metadata
        .entry("namespace")
        .or_insert_with(|| Value::String("default".into()));
    let schema_value = serde_json::json!({
        "apiVersion": api_version,
        "kind": kind,
        "metadata": Value::Object(metadata),
        "spec": spec,
    });

    let mut state = State {
        sizes: BTreeMap::from([("schema".to_owned(), cel::json_size(&schema_value))]),
        spent: 0,
        variables: BTreeMap::from([("schema".to_owned(), schema_value)]),
        unresolved: Vec::new(),
        excluded: BTreeSet::new(),
    };
    let mut resources = Vec::new();
    let mut excluded: Vec<Excluded> = Vec::new();
    for &i in &rgd.order {
        let Some(resource) = rgd.resources.get(i) else {
            continue;
        };
        let path = format!("spec.resources[{i}]");
        if let Some(dep) = resource
            .depends_on
            .iter()
            .find(|d| state.excluded.contains(*d))
        {
            excluded.push(Excluded {
                id: resource.id.clone(),
                reason: format!("it references {dep:?}, which is left out"),
            });
            state.excluded.insert(resource.id.clone());
            continue;
        }
        if let Some(condition) = false_condition(&mut state, resource, &path)? {
            excluded.push(Excluded {
                id: resource.id.clone(),
                reason: format!("includeWhen ${{{condition}}} is false"),
            });
            state.excluded.insert(resource.id.clone());
            continue;
        }
        let before = state.unresolved.len();
        let object = state.render_value(
            &resource.template,
            &format!("{path}.template"),
            &resource.id,
            "",
        )?;
        // Bind the resolved view: the object without its unresolved fields.
        let texts: BTreeSet<&str> = state
            .unresolved
            .iter()
            .skip(before)
            .map(|u| u.expression.as_str())
            .collect();
        let view = without_unresolved(&object, &texts);
        state
            .sizes
            .insert(resource.id.clone(), cel::json_size(&view));
        state.variables.insert(resource.id.clone(), view);
        resources.push(RenderedResource {
            id: resource.id.clone(),
            object,
        });
    }
    let status = state.render_value(&rgd.status, "spec.schema.status", "status", "")?;
    Ok(KroRender {
        instance: name,
        spec: state
            .variables
            .get("schema")
            .and_then(|s| s.get("spec"))
            .cloned()
            .unwrap_or(Value::Null),
        resources,
        excluded,
        unresolved: state.unresolved,
        status,
    })
}

/// The first `includeWhen` condition that is false, if any.
fn false_condition(
    state: &mut State,
    resource: &ResourceDef,
    path: &str,
) -> Result<Option<String>, MigrateError> {
    for (j, source) in resource.include_when.iter().enumerate() {
        let here = format!("{path}.includeWhen[{j}]");
        match state.evaluate(source, &here)? {
            Outcome::Value(Value::Bool(true)) => {}
            Outcome::Value(Value::Bool(false)) => return Ok(Some(source.clone())),
            Outcome::Value(other) => {
                return Err(MigrateError::CelEvaluation {
                    path: here,
                    expression: source.clone(),
                    message: format!("includeWhen must be a boolean, got {other}"),
                });
            }
            Outcome::Unresolved(reference) => {
                return Err(MigrateError::unsupported(
                    here,
                    format!(
                        "includeWhen on a run-time value ({reference}): cannot be decided offline"
                    ),
                ));
            }
        }
    }
    Ok(None)
}

enum Outcome {
    Value(Value),
    /// The reference only known at run time.
    Unresolved(String),
}

struct State {
    variables: BTreeMap<String, Value>,
    /// Each variable's [`cel::json_size`].
    sizes: BTreeMap<String, u64>,
    /// The work spent so far, against [`RENDER_BUDGET`].
    spent: u64,
    unresolved: Vec<Unresolved>,
    /// Resources left out: a reference to one (from the status) is unresolved.
    excluded: BTreeSet<String>,
}

impl State {
    fn evaluate(&mut self, source: &str, path: &str) -> Result<Outcome, MigrateError> {
        let program = cel::compile(source, path)?;
        for reference in cel::references(&program) {
            if reference.root == "schema" {
                continue;
            }
            let text = std::iter::once(reference.root.clone())
                .chain(reference.fields.iter().cloned())
                .collect::<Vec<_>>()
                .join(".");
            if self.excluded.contains(&reference.root) {
                return Ok(Outcome::Unresolved(format!(
                    "{text} (its resource is left out)"
                )));
            }
            let Some(bound) = self.variables.get(&reference.root) else {
                // Unknown ids were rejected when reading the RGD; a comprehension variable or
                // the like is left to the evaluator.
                continue;
            };
            if reference.fields.first().is_some_and(|f| f == "status")
                || !has_path(bound, &reference.fields)
            {
                return Ok(Outcome::Unresolved(text));
            }
        }
        let estimate = cel::estimate(&program, &self.sizes);
        let handed = self.sizes.values().fold(0u64, |a, s| a.saturating_add(*s));
        self.spent = self
            .spent
            .saturating_add(estimate.cost)
            .saturating_add(handed);
        let too_costly = if estimate.size > MAX_VALUE_BYTES {
            Some(format!(
                "its value could reach {} bytes (at most {MAX_VALUE_BYTES})",
                estimate.size
            ))
        } else if self.spent > RENDER_BUDGET {
            Some(format!(
                "the rendering's work would exceed its budget ({RENDER_BUDGET} value bytes)"
            ))
        } else {
            None
        };
        if let Some(message) = too_costly {
            return Err(MigrateError::CelEvaluation {
                path: path.to_owned(),
                expression: source.to_owned(),
                message: format!("too costly to evaluate: {message}"),
            });
        }
        let value =
            cel::evaluate(&program, &self.variables).map_err(|e| MigrateError::CelEvaluation {
                path: path.to_owned(),
                expression: source.to_owned(),
                message: e.to_string(),
            })?;
        cel::from_cel(&value)
            .map(Outcome::Value)
            .map_err(|message| MigrateError::CelEvaluation {
                path: path.to_owned(),
                expression: source.to_owned(),
                message,
            })
    }

    /// Renders a template value; `rgd_path` locates errors in the RGD, `object_path` locates
    /// unresolved fields in the object.
    fn render_value(
        &mut self,
        value: &Value,
        rgd_path: &str,
        resource: &str,
        object_path: &str,
    ) -> Result<Value, MigrateError> {
        Ok(match value {
            Value::String(text) if template::has_expression(text) => {
                self.render_string(text, rgd_path, resource, object_path)?
            }
            Value::Object(map) => {
                let mut out = Map::new();
                for (k, v) in map {
                    let child = join(object_path, k);
                    out.insert(
                        k.clone(),
                        self.render_value(v, &format!("{rgd_path}.{k}"), resource, &child)?,
                    );
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        self.render_value(
                            v,
                            &format!("{rgd_path}[{i}]"),
                            resource,
                            &format!("{object_path}[{i}]"),
                        )
                    })
                    .collect::<Result<_, _>>()?,
            ),
            other => other.clone(),
        })
    }

    fn render_string(
        &mut self,
        text: &str,
        rgd_path: &str,
        resource: &str,
        object_path: &str,
    ) -> Result<Value, MigrateError> {
        let segments = template::split(text).map_err(|offset| {
            MigrateError::rgd(rgd_path, format!("unclosed `${{` at offset {offset}"))
        })?;
        if let [Segment::Expr(source)] = segments.as_slice() {
            return match self.evaluate(source, rgd_path)? {
                Outcome::Value(v) => Ok(v),
                Outcome::Unresolved(reference) => {
                    self.unresolved.push(Unresolved {
                        resource: resource.to_owned(),
                        path: object_path.to_owned(),
                        expression: text.to_owned(),
                        reference,
                    });
                    Ok(Value::String(text.to_owned()))
                }
            };
        }
        let mut out = String::new();
        for segment in &segments {
            match segment {
                Segment::Text(t) => out.push_str(t),
                Segment::Expr(source) => match self.evaluate(source, rgd_path)? {
                    Outcome::Value(Value::String(s)) => out.push_str(&s),
                    Outcome::Value(other) => {
                        return Err(MigrateError::CelEvaluation {
                            path: rgd_path.to_owned(),
                            expression: source.clone(),
                            message: format!(
                                "an expression inside a larger string must be a string, got {other} (wrap it in string())"
                            ),
                        });
                    }
                    Outcome::Unresolved(reference) => {
                        self.unresolved.push(Unresolved {
                            resource: resource.to_owned(),
                            path: object_path.to_owned(),
                            expression: text.to_owned(),
                            reference,
                        });
                        return Ok(Value::String(text.to_owned()));
                    }
                },
            }
        }
        Ok(Value::String(out))
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether `fields` can be followed from `value` (a non-object along the way ends the check).
fn has_path(value: &Value, fields: &[String]) -> bool {
    let mut current = value;
    for field in fields {
        match current {
            Value::Object(map) => match map.get(field) {
                Some(next) => current = next,
                None => return false,
            },
            _ => return true,
        }
    }
    true
}

/// `value` without the strings left unresolved (`texts`): an object drops such a field, and a
/// list holding one anywhere is dropped whole (its positions would no longer be the template's).
fn without_unresolved(value: &Value, texts: &BTreeSet<&str>) -> Value {
    fn holds(value: &Value, texts: &BTreeSet<&str>) -> bool {
        match value {
            Value::String(s) => texts.contains(s.as_str()),
            Value::Array(items) => items.iter().any(|v| holds(v, texts)),
            Value::Object(map) => map.values().any(|v| holds(v, texts)),
            _ => false,
        }
    }
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| {
                    !matches!(v, Value::String(_) | Value::Array(_)) || !holds(v, texts)
                })
                .map(|(k, v)| (k.clone(), without_unresolved(v, texts)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Every instance key or string holding `${`: KRO takes it as text where a template places it,
/// so an instance could plant what reads as an expression in the objects and in whatever
/// renders them again (the request, the legacy Workflow's KRO instance). Refused, with its path.
fn expressions_in_values(value: &Value, path: &str, problems: &mut Vec<(String, String)>) {
    const WHY: &str = "must not contain `${` (KRO expression syntax)";
    match value {
        Value::String(s) if template::has_expression(s) => {
            problems.push((path.to_owned(), WHY.to_owned()));
        }
        Value::Object(map) => {
            for (k, v) in map {
                let child = format!("{path}.{k}");
                if template::has_expression(k) {
                    problems.push((child.clone(), format!("the key {WHY}")));
                }
                expressions_in_values(v, &child, problems);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                expressions_in_values(v, &format!("{path}[{i}]"), problems);
            }
        }
        _ => {}
    }
}

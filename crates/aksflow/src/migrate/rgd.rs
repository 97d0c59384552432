//! A KRO `ResourceGraphDefinition` (`kro.run/v1alpha1`), read and checked: its schema, its
//! resources, every `${...}` expression compiled, and the order the resources depend on each other.
//!
//! Supported: `spec.schema` (`apiVersion`, `kind`, `group`, SimpleSchema `spec`, `status`),
//! `spec.resources[]` with `id`, `template`, `includeWhen`, `readyWhen`. Rejected as unsupported:
//! `externalRef`, `forEach`, `spec.schema.types`, `spec.schema.validation`, expressions in map keys.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::cel;
use super::error::MigrateError;
use super::schema::{self, Field};
use super::template::{self, Segment};

/// The API group KRO instances belong to unless the schema names one.
pub const DEFAULT_GROUP: &str = "kro.run";

/// One resource of the graph.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceDef {
    /// Its id (the name other expressions use).
    pub id: String,
    /// The object template, with `${...}` expressions.
    pub template: Value,
    /// Conditions that must all be true for the resource to exist.
    pub include_when: Vec<String>,
    /// Run-time readiness conditions (checked for syntax only: they need the live object).
    pub ready_when: Vec<String>,
    /// The ids it references (its dependencies).
    pub depends_on: BTreeSet<String>,
}

/// A parsed ResourceGraphDefinition.
#[derive(Clone, Debug, PartialEq)]
pub struct Rgd {
    /// `metadata.name`.
    pub name: String,
    /// The instances' API group (`spec.schema.group`, default `kro.run`).
    pub group: String,
    /// The instances' version (`spec.schema.apiVersion`).
    pub version: String,
    /// The instances' kind (`spec.schema.kind`).
    pub kind: String,
    /// The instance spec's fields.
    pub fields: BTreeMap<String, Field>,
    /// `spec.schema.status`: status fields as expressions.
    pub status: Value,
    /// The resources, in declaration order.
    pub resources: Vec<ResourceDef>,
    /// Resource indices in dependency order (dependencies first; ties in declaration order).
    pub order: Vec<usize>,
}

fn str_at<'a>(value: &'a Value, key: &str, path: &str) -> Result<&'a str, MigrateError> {
    value
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| MigrateError::rgd(format!("{path}.{key}"), "required string"))
}

fn conditions(resource: &Value, key: &str, path: &str) -> Result<Vec<String>, MigrateError> {
    match resource.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let here = format!("{path}.{key}[{i}]");
                let text = item
                    .as_str()
                    .ok_or_else(|| MigrateError::rgd(&here, "expected a `${...}` string"))?;
                match template::split(text) {
                    Ok(segments) => match segments.as_slice() {
                        [Segment::Expr(e)] => Ok(e.clone()),
                        _ => Err(MigrateError::rgd(
                            &here,
                            "expected exactly one `${...}` expression",
                        )),
                    },
                    Err(_) => Err(MigrateError::rgd(&here, "unclosed `${`")),
                }
            })
            .collect(),
        Some(_) => Err(MigrateError::rgd(
            format!("{path}.{key}"),
            "expected a list",
        )),
    }
}

impl Rgd {
    /// Reads an RGD from YAML or JSON text.
    pub fn from_yaml(text: &str) -> Result<Self, MigrateError> {
        let value = crate::output::yaml_document(text).map_err(|e| MigrateError::Parse {
            document: "rgd".into(),
            message: e.to_string(),
        })?;
        Self::from_value(&value)
    }

    /// Reads an RGD from a generic document.
    pub fn from_value(value: &Value) -> Result<Self, MigrateError> {
        let api_version = str_at(value, "apiVersion", "")?;
        let kind = str_at(value, "kind", "")?;
        if kind != "ResourceGraphDefinition" || !api_version.starts_with("kro.run/") {
            return Err(MigrateError::rgd(
                "kind",
                format!("expected kro.run ResourceGraphDefinition, got {api_version} {kind}"),
            ));
        }
        if api_version != "kro.run/v1alpha1" {
            return Err(MigrateError::unsupported(
                "apiVersion",
                format!("{api_version} (only kro.run/v1alpha1)"),
            ));
        }
        let name = value
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let schema_value = value
            .pointer("/spec/schema")
            .ok_or_else(|| MigrateError::rgd("spec.schema", "required"))?;
        for unsupported in ["types", "validation"] {
            if schema_value.get(unsupported).is_some() {
                return Err(MigrateError::unsupported(
                    format!("spec.schema.{unsupported}"),
                    format!("spec.schema.{unsupported}"),
                ));
            }
        }
        let version = str_at(schema_value, "apiVersion", "spec.schema")?.to_owned();
        let instance_kind = str_at(schema_value, "kind", "spec.schema")?.to_owned();
        let group = schema_value
            .get("group")
            .and_then(Value::as_str)
            .unwrap_or(DEFAULT_GROUP)
            .to_owned();
        let fields = match schema_value.get("spec") {
            Some(spec) => schema::parse_object(spec, "spec.schema.spec")?,
            None => BTreeMap::new(),
        };
        let status = schema_value.get("status").cloned().unwrap_or(Value::Null);

        let Some(Value::Array(items)) = value.pointer("/spec/resources") else {
            return Err(MigrateError::rgd("spec.resources", "required list"));
        };
        let mut resources = Vec::new();
        let mut ids = BTreeSet::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("spec.resources[{i}]");
            for unsupported in ["externalRef", "forEach"] {
                if item.get(unsupported).is_some() {
                    return Err(MigrateError::unsupported(
                        format!("{path}.{unsupported}"),
                        unsupported,
                    ));
                }
            }
            let id = str_at(item, "id", &path)?.to_owned();
            if id == "schema" || !is_identifier(&id) {
                return Err(MigrateError::rgd(
                    format!("{path}.id"),
                    format!("{id:?} is not a usable id (a CEL identifier, not `schema`)"),
                ));
            }
            if !ids.insert(id.clone()) {
                return Err(MigrateError::rgd(
                    format!("{path}.id"),
                    format!("duplicate id {id:?}"),
                ));
            }
            let template = item
                .get("template")
                .cloned()
                .ok_or_else(|| MigrateError::rgd(format!("{path}.template"), "required"))?;
            str_at(&template, "apiVersion", &format!("{path}.template"))?;
            str_at(&template, "kind", &format!("{path}.template"))?;
            resources.push(ResourceDef {
                id,
                template,
                include_when: conditions(item, "includeWhen", &path)?,
                ready_when: conditions(item, "readyWhen", &path)?,
                depends_on: BTreeSet::new(),
            });
        }

        // Compile every expression, find dependencies, reject unknown identifiers.
        for i in 0..resources.len() {
            let path = format!("spec.resources[{i}]");
            let Some(resource) = resources.get(i) else {
                continue;
            };
            let mut expressions = Vec::new();
            collect_expressions(
                &resource.template,
                &format!("{path}.template"),
                &mut expressions,
            )?;
            for (j, e) in resource.include_when.iter().enumerate() {
                expressions.push((format!("{path}.includeWhen[{j}]"), e.clone()));
            }
            let mut depends_on = BTreeSet::new();
            for (here, source) in &expressions {
                let program = cel::compile(source, here)?;
                for reference in cel::references(&program) {
                    if reference.root == "schema" {
                        continue;
                    }
                    if !ids.contains(&reference.root) {
                        return Err(MigrateError::UnknownReference {
                            path: here.clone(),
                            expression: source.clone(),
                            identifier: reference.root,
                        });
                    }
                    if reference.root == resource.id {
                        return Err(MigrateError::rgd(
                            here,
                            format!("resource {:?} references itself", resource.id),
                        ));
                    }
                    depends_on.insert(reference.root);
                }
            }
            // readyWhen: syntax, and only the resource itself (or the schema).
            for (j, source) in resource.ready_when.iter().enumerate() {
                let here = format!("{path}.readyWhen[{j}]");
                let program = cel::compile(source, &here)?;
                for reference in cel::references(&program) {
                    if reference.root != resource.id && reference.root != "schema" {
                        return Err(MigrateError::UnknownReference {
                            path: here.clone(),
                            expression: source.clone(),
                            identifier: reference.root,
                        });
                    }
                }
            }
            if let Some(resource) = resources.get_mut(i) {
                resource.depends_on = depends_on;
            }
        }
        // The status expressions compile, and name only known ids.
        let mut status_expressions = Vec::new();
        collect_expressions(&status, "spec.schema.status", &mut status_expressions)?;
        for (here, source) in &status_expressions {
            let program = cel::compile(source, here)?;
            for reference in cel::references(&program) {
                if reference.root != "schema" && !ids.contains(&reference.root) {
                    return Err(MigrateError::UnknownReference {
                        path: here.clone(),
                        expression: source.clone(),
                        identifier: reference.root,
                    });
                }
            }
        }
        let order = topological_order(&resources)?;
        Ok(Self {
            name,
            group,
            version,
            kind: instance_kind,
            fields,
            status,
            resources,
            order,
        })
    }

    /// The `apiVersion` of the RGD's instances, e.g. `kro.run/v1alpha1`.
    pub fn instance_api_version(&self) -> String {
        format!("{}/{}", self.group, self.version)
    }
}

fn is_identifier(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Every `${...}` in a template, with its path; expressions in map keys are unsupported.
pub(crate) fn collect_expressions(
    value: &Value,
    path: &str,
    out: &mut Vec<(String, String)>,
) -> Result<(), MigrateError> {
    match value {
        Value::String(text) if template::has_expression(text) => {
            let segments = template::split(text).map_err(|offset| {
                MigrateError::rgd(path, format!("unclosed `${{` at offset {offset}"))
            })?;
            for segment in segments {
                if let Segment::Expr(e) = segment {
                    out.push((path.to_owned(), e));
                }
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                if template::has_expression(k) {
                    return Err(MigrateError::unsupported(
                        format!("{path}.{k}"),
                        "an expression in a map key",
                    ));
                }
                collect_expressions(v, &format!("{path}.{k}"), out)?;
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_expressions(v, &format!("{path}[{i}]"), out)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Dependencies first; among the ready ones, declaration order. A cycle is an error naming it.
fn topological_order(resources: &[ResourceDef]) -> Result<Vec<usize>, MigrateError> {
    let index: BTreeMap<&str, usize> = resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut done = vec![false; resources.len()];
    let mut order = Vec::new();
    while order.len() < resources.len() {
        let next = resources.iter().enumerate().find(|(i, r)| {
            !done.get(*i).copied().unwrap_or(true)
                && r.depends_on.iter().all(|d| {
                    index
                        .get(d.as_str())
                        .is_some_and(|j| done.get(*j).copied().unwrap_or(false))
                })
        });
        match next {
            Some((i, _)) => {
                if let Some(slot) = done.get_mut(i) {
                    *slot = true;
                }
                order.push(i);
            }
            None => {
                return Err(MigrateError::Cycle {
                    cycle: find_cycle(resources, &done, &index),
                });
            }
        }
    }
    Ok(order)
}

/// A cycle among the resources not yet ordered: follow dependencies until one repeats.
fn find_cycle(
    resources: &[ResourceDef],
    done: &[bool],
    index: &BTreeMap<&str, usize>,
) -> Vec<String> {
    let Some(mut current) = (0..resources.len()).find(|i| !done.get(*i).copied().unwrap_or(true))
    else {
        return Vec::new();
    };
    let mut seen: Vec<usize> = Vec::new();
    loop {
        if let Some(pos) = seen.iter().position(|s| *s == current) {
            let mut cycle: Vec<String> = seen
                .iter()
                .skip(pos)
                .filter_map(|i| resources.get(*i).map(|r| r.id.clone()))
                .collect();
            if let Some(first) = cycle.first().cloned() {
                cycle.push(first);
            }
            return cycle;
        }
        seen.push(current);
        let next = resources.get(current).and_then(|r| {
            r.depends_on
                .iter()
                .filter_map(|d| index.get(d.as_str()).copied())
                .find(|j| !done.get(*j).copied().unwrap_or(true))
        });
        match next {
            Some(n) => current = n,
            None => {
                return seen
                    .iter()
                    .filter_map(|i| resources.get(*i).map(|r| r.id.clone()))
                    .collect();
            }
        }
    }
}

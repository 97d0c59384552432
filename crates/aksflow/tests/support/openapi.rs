//! OpenAPI v3 (structural CRD schema) helpers: conversion to JSON Schema for the
//! `jsonschema` validator, structural defaulting, and schema navigation shared
//! with the CEL walker.

use serde_json::{Map, Value, json};

/// Keywords that only mean something to the Kubernetes API server or to OpenAPI
/// tooling. They are dropped from the JSON Schema: either the validator would
/// ignore them anyway, or it would mis-read them (`nullable`, boolean
/// `exclusiveMinimum`), or we check them ourselves (`x-kubernetes-validations`,
/// list-map keys).
const OPENAPI_ONLY: &[&str] = &[
    "description",
    "default",
    "example",
    "externalDocs",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "deprecated",
    "nullable",
    "title",
];

/// Custom keyword replacing `pattern`: an RE2 regex, checked with the `regex`
/// crate (see `crd.rs`).
pub const GO_PATTERN: &str = "goPattern";

/// Numeric `format`s of OpenAPI: JSON Schema formats only constrain strings, and
/// the API server does not range-check them either.
const NUMERIC_FORMATS: &[&str] = &["int32", "int64", "float", "double"];

/// Whether the schema node keeps unknown fields (`x-kubernetes-preserve-unknown-fields: true`).
pub fn preserves_unknown(schema: &Value) -> bool {
    schema
        .get("x-kubernetes-preserve-unknown-fields")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// Converts a CRD version's `openAPIV3Schema` into a JSON Schema (draft 7) that
/// fails on everything the API server would reject *or prune*.
///
/// * `nullable: true` adds `"null"` to `type` (and to `enum` when present);
/// * `x-kubernetes-int-or-string: true` becomes `anyOf: [integer, string]`
///   without `type`;
/// * boolean `exclusiveMinimum`/`exclusiveMaximum` become the numeric draft
///   form;
/// * `pattern` becomes the custom keyword [`GO_PATTERN`] (RE2 semantics);
/// * `x-kubernetes-list-type: set` becomes `uniqueItems: true` (list-map keys
///   are checked by the walker in `crd.rs`);
/// * an object node that declares `properties` and has neither
///   `additionalProperties` nor `x-kubernetes-preserve-unknown-fields: true` is
///   closed with `additionalProperties: false`: the server would silently prune
///   unknown fields there, which for a manifest renderer is a bug;
/// * an object node with no `properties`, no `additionalProperties` and no
///   preserve-unknown-fields would have all its content pruned: it is closed
///   too, so any content fails;
/// * every `x-kubernetes-*` and OpenAPI-only keyword is dropped.
///
/// The root's `metadata` (only `type: object` in a CRD) is left open: it is
/// checked by `metadata.rs`.
pub fn to_json_schema(openapi: &Value) -> Value {
    let mut converted = convert_node(openapi);
    if let Some(props) = converted
        .get_mut("properties")
        .and_then(Value::as_object_mut)
        && props.contains_key("metadata")
    {
        props.insert("metadata".into(), json!({"type": "object"}));
    }
    converted
}

fn convert_node(node: &Value) -> Value {
    let Some(obj) = node.as_object() else {
        // `true`/`false` schemas or garbage: pass through, the validator will judge.
        return node.clone();
    };
    let mut out = Map::new();
    let preserve = preserves_unknown(node);

    for (key, value) in obj {
        if key.starts_with("x-kubernetes-") || OPENAPI_ONLY.contains(&key.as_str()) {
            continue;
        }
        match key.as_str() {
            "properties" => {
                let props = value
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.clone(), convert_node(v)))
                            .collect::<Map<_, _>>()
                    })
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Object(props));
            }
            "items" | "additionalProperties" | "not" => {
                out.insert(key.clone(), convert_node(value));
            }
            "anyOf" | "allOf" | "oneOf" => {
                let list = value
                    .as_array()
                    .map(|a| a.iter().map(convert_node).collect::<Vec<_>>())
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Array(list));
            }
            "pattern" => {
                // Kubernetes matches patterns with Go's RE2 (`(?i)` etc.); the
                // JSON Schema `pattern` is ECMA-262 and the meta-schema rejects
                // some RE2 patterns. A custom keyword checks them with `regex`.
                out.insert(GO_PATTERN.into(), value.clone());
            }
            "format" => {
                if let Some(f) = value.as_str()
                    && !NUMERIC_FORMATS.contains(&f)
                {
                    out.insert(key.clone(), value.clone());
                }
            }
            "exclusiveMinimum" | "exclusiveMaximum" => {
                // OpenAPI 3.0: a boolean modifying minimum/maximum. Handled below.
                if value.is_number() {
                    out.insert(key.clone(), value.clone());
                }
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }

    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if obj.get(flag).and_then(Value::as_bool) == Some(true)
            && let Some(limit) = obj.get(bound)
        {
            out.insert(flag.into(), limit.clone());
            out.remove(bound);
        }
    }

    if obj
        .get("x-kubernetes-int-or-string")
        .and_then(Value::as_bool)
        .unwrap_or(false)
    {
        out.remove("type");
        if !out.contains_key("anyOf") {
            out.insert(
                "anyOf".into(),
                json!([{"type": "integer"}, {"type": "string"}]),
            );
        }
    }

    if obj.get("x-kubernetes-list-type").and_then(Value::as_str) == Some("set") {
        out.insert("uniqueItems".into(), Value::Bool(true));
    }

    if obj.get("nullable").and_then(Value::as_bool) == Some(true) {
        match out.get("type").cloned() {
            Some(Value::String(t)) => {
                out.insert("type".into(), json!([t, "null"]));
            }
            Some(Value::Array(mut types)) => {
                if !types.iter().any(|t| t == "null") {
                    types.push(json!("null"));
                }
                out.insert("type".into(), Value::Array(types));
            }
            _ => {}
        }
        if let Some(Value::Array(values)) = out.get_mut("enum")
            && !values.iter().any(Value::is_null)
        {
            values.push(Value::Null);
        }
    }

    let is_object = obj.get("type").and_then(Value::as_str) == Some("object");
    if !preserve && !obj.contains_key("additionalProperties") {
        if obj.contains_key("properties") {
            out.insert("additionalProperties".into(), Value::Bool(false));
        } else if is_object {
            // Nothing declared, nothing preserved: the server prunes everything.
            // (With an explicit empty `properties`, jsonschema 0.61 reports each
            // unexpected field; without, a single "False schema" error.)
            out.insert("properties".into(), Value::Object(Map::new()));
            out.insert("additionalProperties".into(), Value::Bool(false));
        }
    }

    Value::Object(out)
}

/// Structural defaulting, as the API server does it before validation and CEL:
/// for every object node, a missing property whose schema has `default` gets a
/// copy of it; then the walk recurses into properties (defaulted ones
/// included), `additionalProperties` values and array items.
///
/// (The server also drops `null` for non-nullable fields before defaulting; we
/// keep them so the schema check reports them: a renderer should not emit them.)
pub fn apply_defaults(schema: &Value, value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (name, prop_schema) in props {
                    if !map.contains_key(name)
                        && let Some(default) = prop_schema.get("default")
                    {
                        map.insert(name.clone(), default.clone());
                    }
                }
                for (name, prop_schema) in props {
                    if let Some(child) = map.get_mut(name) {
                        apply_defaults(prop_schema, child);
                    }
                }
            }
            if let Some(add) = schema.get("additionalProperties")
                && add.is_object()
            {
                for child in map.values_mut() {
                    apply_defaults(add, child);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items")
                && item_schema.is_object()
            {
                for item in items {
                    apply_defaults(item_schema, item);
                }
            }
        }
        _ => {}
    }
}

/// The schema type name of a node, if it declares a single one.
pub fn schema_type(schema: &Value) -> Option<&str> {
    schema.get("type").and_then(Value::as_str)
}

//! KRO's SimpleSchema (the `spec.schema.spec` of an RGD): `name: string | required=true`,
//! `count: integer | default=3 minimum=1`, nested objects as YAML maps, `[]string`,
//! `map[string]string`. Instances are checked against it and get its defaults, as the API server
//! does with the CRD KRO generates.
//!
//! Like KRO, an object field whose descendants have defaults defaults to `{}`, so leaving out a
//! whole nested object still yields its children's defaults. An instance field the schema does not
//! declare is an error here (the API server would prune it silently; a migration must not lose it).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::error::MigrateError;

/// A field's type.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldType {
    /// `string`.
    String,
    /// `integer`.
    Integer,
    /// `boolean`.
    Boolean,
    /// `float` / `number`.
    Number,
    /// `object`: any object, kept as given.
    AnyObject,
    /// `[]T`.
    Array(Box<FieldType>),
    /// `map[string]T`.
    Map(Box<FieldType>),
    /// A nested object (a YAML map in the schema).
    Object(BTreeMap<String, Field>),
}

/// One field with its markers.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The type.
    pub field_type: FieldType,
    /// `required=true`.
    pub required: bool,
    /// `default=...`, typed.
    pub default: Option<Value>,
    /// `description=...`.
    pub description: Option<String>,
    /// `enum="a,b"`.
    pub allowed: Option<Vec<Value>>,
    /// `minimum=`.
    pub minimum: Option<f64>,
    /// `maximum=`.
    pub maximum: Option<f64>,
    /// `minLength=`.
    pub min_length: Option<usize>,
    /// `maxLength=`.
    pub max_length: Option<usize>,
    /// `pattern=`.
    pub pattern: Option<String>,
}

impl Field {
    fn of(field_type: FieldType) -> Self {
        Self {
            field_type,
            required: false,
            default: None,
            description: None,
            allowed: None,
            minimum: None,
            maximum: None,
            min_length: None,
            max_length: None,
            pattern: None,
        }
    }

    /// Whether this field, or a field below it, has a default.
    fn has_defaults(&self) -> bool {
        self.default.is_some()
            || matches!(&self.field_type, FieldType::Object(fields) if fields.values().any(Field::has_defaults))
    }
}

/// Parses an RGD's `spec.schema.spec` (at `path`) into its fields.
pub fn parse_object(value: &Value, path: &str) -> Result<BTreeMap<String, Field>, MigrateError> {
    let Value::Object(map) = value else {
        return Err(MigrateError::rgd(path, "expected a map of fields"));
    };
    let mut fields = BTreeMap::new();
    for (name, spec) in map {
        let here = format!("{path}.{name}");
        let field = match spec {
            Value::Object(_) => Field::of(FieldType::Object(parse_object(spec, &here)?)),
            Value::String(text) => parse_field(text, &here)?,
            _ => {
                return Err(MigrateError::rgd(
                    here,
                    "a field is a SimpleSchema string (`type | markers`) or a nested map",
                ));
            }
        };
        fields.insert(name.clone(), field);
    }
    Ok(fields)
}

fn parse_type(text: &str, path: &str) -> Result<FieldType, MigrateError> {
    let text = text.trim();
    Ok(match text {
        "string" => FieldType::String,
        "integer" => FieldType::Integer,
        "boolean" => FieldType::Boolean,
        "float" | "number" => FieldType::Number,
        "object" => FieldType::AnyObject,
        _ => {
            if let Some(item) = text.strip_prefix("[]") {
                FieldType::Array(Box::new(parse_type(item, path)?))
            } else if let Some(rest) = text.strip_prefix("map[string]") {
                FieldType::Map(Box::new(parse_type(rest, path)?))
            } else {
                return Err(MigrateError::unsupported(
                    path,
                    format!(
                        "SimpleSchema type {text:?} (custom types and non-string map keys are not supported)"
                    ),
                ));
            }
        }
    })
}

fn parse_field(text: &str, path: &str) -> Result<Field, MigrateError> {
    let (type_text, markers) = match text.split_once('|') {
        Some((t, m)) => (t, m),
        None => (text, ""),
    };
    let mut field = Field::of(parse_type(type_text, path)?);
    for (key, raw) in markers_of(markers, path)? {
        let here = format!("{path} ({key})");
        match key.as_str() {
            "required" => field.required = parse_bool(&raw, &here)?,
            "default" => field.default = Some(typed(&field.field_type, &raw, &here)?),
            "description" => field.description = Some(raw),
            "enum" => {
                field.allowed = Some(
                    raw.split(',')
                        .map(|item| typed(&field.field_type, item.trim(), &here))
                        .collect::<Result<_, _>>()?,
                );
            }
            "minimum" => field.minimum = Some(parse_number(&raw, &here)?),
            "maximum" => field.maximum = Some(parse_number(&raw, &here)?),
            "minLength" => field.min_length = Some(parse_number(&raw, &here)? as usize),
            "maxLength" => field.max_length = Some(parse_number(&raw, &here)? as usize),
            "pattern" => {
                regex::Regex::new(&raw)
                    .map_err(|e| MigrateError::rgd(&here, format!("invalid pattern: {e}")))?;
                field.pattern = Some(raw);
            }
            // No effect on a first creation, which is all an offline render is.
            "immutable" => {}
            other => {
                return Err(MigrateError::unsupported(
                    path,
                    format!("SimpleSchema marker {other:?}"),
                ));
            }
        }
    }
    if let Some(default) = &field.default {
        let mut problems = Vec::new();
        check_value(&field, default, path, &mut problems);
        if let Some((_, message)) = problems.into_iter().next() {
            return Err(MigrateError::rgd(
                path,
                format!("the default does not fit: {message}"),
            ));
        }
    }
    Ok(field)
}

/// `key=value key="quoted value"` pairs.
fn markers_of(text: &str, path: &str) -> Result<Vec<(String, String)>, MigrateError> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(out);
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        if chars.next() != Some('=') {
            return Err(MigrateError::rgd(
                path,
                format!("marker {key:?} has no `=value`"),
            ));
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(n) = chars.next() {
                            value.push(n);
                        }
                    }
                    '"' => {
                        closed = true;
                        break;
                    }
                    _ => value.push(c),
                }
            }
            if !closed {
                return Err(MigrateError::rgd(
                    path,
                    format!("marker {key:?}: unclosed quote"),
                ));
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        out.push((key, value));
    }
}

fn parse_bool(raw: &str, path: &str) -> Result<bool, MigrateError> {
    match raw {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(MigrateError::rgd(
            path,
            format!("expected true or false, got {raw:?}"),
        )),
    }
}

fn parse_number(raw: &str, path: &str) -> Result<f64, MigrateError> {
    raw.parse::<f64>()
        .map_err(|_| MigrateError::rgd(path, format!("expected a number, got {raw:?}")))
}

/// A marker's text as a value of the field's type.
fn typed(field_type: &FieldType, raw: &str, path: &str) -> Result<Value, MigrateError> {
    match field_type {
        FieldType::String => Ok(Value::String(raw.to_owned())),
        FieldType::Integer => raw
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| MigrateError::rgd(path, format!("expected an integer, got {raw:?}"))),
        FieldType::Boolean => parse_bool(raw, path).map(Value::Bool),
        FieldType::Number => serde_json::Number::from_f64(parse_number(raw, path)?)
            .map(Value::Number)
            .ok_or_else(|| MigrateError::rgd(path, "not a finite number")),
        _ => serde_json::from_str(raw)
            .map_err(|e| MigrateError::rgd(path, format!("expected a JSON value: {e}"))),
    }
}

/// The instance's `spec` with defaults applied; every problem is collected (path, message).
pub fn apply(
    fields: &BTreeMap<String, Field>,
    spec: Option<&Value>,
) -> Result<Value, MigrateError> {
    let mut problems = Vec::new();
    let empty = Value::Object(Map::new());
    let spec = spec.unwrap_or(&empty);
    let out = apply_object(fields, spec, "spec", &mut problems);
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(MigrateError::Instance { problems })
    }
}

fn apply_object(
    fields: &BTreeMap<String, Field>,
    value: &Value,
    path: &str,
    problems: &mut Vec<(String, String)>,
) -> Value {
    let Value::Object(given) = value else {
        problems.push((path.to_owned(), "expected an object".to_owned()));
        return value.clone();
    };
    let mut out = Map::new();
    for key in given.keys() {
        if !fields.contains_key(key) {
            problems.push((
                format!("{path}.{key}"),
                "not declared in the RGD's schema".to_owned(),
            ));
        }
    }
    for (name, field) in fields {
        let here = format!("{path}.{name}");
        let value = match given.get(name) {
            Some(v) => Some(v.clone()),
            None => match (&field.default, &field.field_type) {
                (Some(default), _) => Some(default.clone()),
                (None, FieldType::Object(_)) if field.has_defaults() => {
                    Some(Value::Object(Map::new()))
                }
                _ => None,
            },
        };
        match value {
            Some(value) => {
                let value = match &field.field_type {
                    FieldType::Object(children) => apply_object(children, &value, &here, problems),
                    _ => {
                        check_value(field, &value, &here, problems);
                        value
                    }
                };
                out.insert(name.clone(), value);
            }
            None if field.required => problems.push((here, "required".to_owned())),
            None => {}
        }
    }
    Value::Object(out)
}

fn check_value(field: &Field, value: &Value, path: &str, problems: &mut Vec<(String, String)>) {
    check_type(&field.field_type, value, path, problems);
    if let Some(allowed) = &field.allowed
        && !allowed.contains(value)
    {
        let list: Vec<String> = allowed.iter().map(Value::to_string).collect();
        problems.push((
            path.to_owned(),
            format!("{value} is not one of {}", list.join(", ")),
        ));
    }
    if let Some(n) = value.as_f64() {
        if field.minimum.is_some_and(|m| n < m) {
            problems.push((
                path.to_owned(),
                format!(
                    "{n} is below the minimum {}",
                    field.minimum.unwrap_or_default()
                ),
            ));
        }
        if field.maximum.is_some_and(|m| n > m) {
            problems.push((
                path.to_owned(),
                format!(
                    "{n} is above the maximum {}",
                    field.maximum.unwrap_or_default()
                ),
            ));
        }
    }
    if let Some(s) = value.as_str() {
        let len = s.chars().count();
        if field.min_length.is_some_and(|m| len < m) || field.max_length.is_some_and(|m| len > m) {
            problems.push((path.to_owned(), format!("length {len} is out of range")));
        }
        if let Some(pattern) = &field.pattern
            && regex::Regex::new(pattern).is_ok_and(|re| !re.is_match(s))
        {
            problems.push((path.to_owned(), format!("{s:?} does not match {pattern:?}")));
        }
    }
}

fn check_type(
    field_type: &FieldType,
    value: &Value,
    path: &str,
    problems: &mut Vec<(String, String)>,
) {
    let fits = match (field_type, value) {
        (FieldType::String, Value::String(_)) | (FieldType::Boolean, Value::Bool(_)) => true,
        (FieldType::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (FieldType::Number, Value::Number(_)) => true,
        (FieldType::AnyObject, Value::Object(_)) => true,
        (FieldType::Array(item), Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                check_type(item, v, &format!("{path}[{i}]"), problems);
            }
            true
        }
        (FieldType::Map(item), Value::Object(map)) => {
            for (k, v) in map {
                check_type(item, v, &format!("{path}.{k}"), problems);
            }
            true
        }
        (FieldType::Object(_), Value::Object(_)) => true,
        _ => false,
    };
    if !fits {
        problems.push((
            path.to_owned(),
            format!("expected {}, got {value}", type_label(field_type)),
        ));
    }
}

fn type_label(field_type: &FieldType) -> String {
    match field_type {
        FieldType::String => "a string".into(),
        FieldType::Integer => "an integer".into(),
        FieldType::Boolean => "a boolean".into(),
        FieldType::Number => "a number".into(),
        FieldType::AnyObject | FieldType::Object(_) => "an object".into(),
        FieldType::Array(item) => format!("a list of {}", type_label(item)),
        FieldType::Map(item) => format!("a map of {}", type_label(item)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema() -> BTreeMap<String, Field> {
        parse_object(
            &json!({
                "name": "string | required=true description=\"The cluster's name\"",
                "location": "string | default=eastus",
                "nodePool": {"count": "integer | default=3 minimum=1 maximum=100", "vmSize": "string | default=Standard_DS2_v2"},
                "plugin": "string | default=azure enum=\"azure,kubenet\"",
                "private": "boolean | default=false",
                "tags": "map[string]string",
                "zones": "[]string"
            }),
            "spec.schema.spec",
        )
        .unwrap()
    }

    #[test]
    fn defaults_apply_including_nested_objects_left_out() {
        let spec = apply(&schema(), Some(&json!({"name": "a"}))).unwrap();
        assert_eq!(
            spec,
            json!({"location": "eastus", "name": "a", "nodePool": {"count": 3, "vmSize": "Standard_DS2_v2"}, "plugin": "azure", "private": false})
        );
        let spec = apply(
            &schema(),
            Some(&json!({"name": "a", "nodePool": {"count": 5}, "location": "westeurope"})),
        )
        .unwrap();
        assert_eq!(
            spec["nodePool"],
            json!({"count": 5, "vmSize": "Standard_DS2_v2"})
        );
        assert_eq!(spec["location"], "westeurope");
    }

    #[test]
    fn every_instance_problem_is_reported() {
        let Err(MigrateError::Instance { problems }) = apply(
            &schema(),
            Some(
                &json!({"nodePool": {"count": 0}, "plugin": "calico", "private": "no", "extra": 1, "tags": {"a": 1}}),
            ),
        ) else {
            panic!()
        };
        let paths: Vec<&str> = problems.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(
            paths,
            [
                "spec.extra",
                "spec.name",
                "spec.nodePool.count",
                "spec.plugin",
                "spec.private",
                "spec.tags.a"
            ]
        );
    }

    #[test]
    fn unsupported_and_malformed_schemas_are_rejected() {
        let err = parse_object(&json!({"a": "Custom"}), "spec.schema.spec").unwrap_err();
        assert_eq!(err.code(), "unsupported");
        assert_eq!(err.path(), "spec.schema.spec.a");
        let err =
            parse_object(&json!({"a": "string | validation=\"self != ''\""}), "s").unwrap_err();
        assert_eq!(err.code(), "unsupported");
        let err = parse_object(&json!({"a": "integer | default=x"}), "s").unwrap_err();
        assert_eq!(err.code(), "rgd");
        let err = parse_object(&json!({"a": "integer | default=0 minimum=1"}), "s").unwrap_err();
        assert!(err.to_string().contains("below the minimum"), "{err}");
    }
}

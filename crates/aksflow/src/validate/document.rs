//! Reading a generic document (JSON data model) field by field, reporting every unknown field,
//! wrong type, missing required field and unsafe string at its path, instead of stopping at the
//! first as serde's derive does. What reads cleanly comes back typed; what does not is `None`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::azure::closest;
use crate::error::Code;
use crate::validation::Report;
use crate::yaml_writer::{is_bidi_control, is_printable};

/// An object of the document whose fields were checked against the known names.
pub(crate) struct Object<'a> {
    map: &'a Map<String, Value>,
}

/// How a value's JSON type reads in a message.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Records `invalid_type` at the current path.
fn wrong_type(report: &mut Report, expected: &str, found: &Value) {
    let hint = match found {
        Value::Number(n) if expected == "a string" => {
            format!(" ({n}): quote it in YAML, e.g. \"{n}\" (an unquoted 1.30 is the number 1.3)")
        }
        Value::String(s) if expected == "a boolean" => {
            format!(" ({s:?}): write true or false without quotes")
        }
        _ => String::new(),
    };
    report.violation(
        Code::InvalidType,
        format!("expected {expected}, found {}{hint}", type_name(found)),
    );
}

/// Opens `value` as an object whose fields are `known`; every other field is `unknown_field`.
/// `None` (with `invalid_type`) when it is not an object.
pub(crate) fn object<'a>(
    report: &mut Report,
    value: &'a Value,
    known: &[&str],
) -> Option<Object<'a>> {
    let Value::Object(map) = value else {
        wrong_type(report, "an object", value);
        return None;
    };
    for key in map.keys() {
        if !known.contains(&key.as_str()) {
            let hint = closest(key, known.iter().copied(), 3)
                .map(|k| format!(": did you mean {k:?}?"))
                .unwrap_or_else(|| format!(" (known fields: {})", known.join(", ")));
            report.violation_at(key, Code::UnknownField, format!("unknown field{hint}"));
        }
    }
    Some(Object { map })
}

impl<'a> Object<'a> {
    /// The field's value; `null` counts as absent (as serde reads an optional field).
    fn get(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    /// Records `required` at `name` when the field is absent.
    fn require(&self, report: &mut Report, name: &str, present: bool) {
        if !present {
            report.violation_at(name, Code::Required, format!("{name} is required"));
        }
    }

    /// A string field that reaches a manifest: the wrong type, and unsafe text, are violations.
    pub(crate) fn string(&self, report: &mut Report, name: &str, required: bool) -> Option<String> {
        let value = self.get(name);
        if required {
            self.require(report, name, value.is_some());
        }
        report.field(name, |r| read_string(r, value?))
    }

    /// A boolean field.
    pub(crate) fn boolean(&self, report: &mut Report, name: &str) -> Option<bool> {
        let value = self.get(name)?;
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                report.field(name, |r| wrong_type(r, "a boolean", other));
                None
            }
        }
    }

    /// A string field whose value is one of a closed set (`unknown_value` otherwise).
    pub(crate) fn one_of<T: Copy>(
        &self,
        report: &mut Report,
        name: &str,
        required: bool,
        all: &[(&str, T)],
    ) -> Option<T> {
        let text = self.string(report, name, required)?;
        match all.iter().find(|(s, _)| *s == text) {
            Some((_, value)) => Some(*value),
            None => {
                let known: Vec<&str> = all.iter().map(|(s, _)| *s).collect();
                report.violation_at(
                    name,
                    Code::UnknownValue,
                    format!("{text:?} is not one of {}", known.join(", ")),
                );
                None
            }
        }
    }

    /// A nested object field, opened with its known fields.
    pub(crate) fn object(
        &self,
        report: &mut Report,
        name: &str,
        known: &[&str],
    ) -> Option<Object<'a>> {
        let value = self.get(name)?;
        report.field(name, |r| object(r, value, known))
    }

    /// A map of strings to strings (tags); entries with a wrong type or unsafe text are left out.
    pub(crate) fn string_map(
        &self,
        report: &mut Report,
        name: &str,
    ) -> Option<BTreeMap<String, String>> {
        let value = self.get(name)?;
        report.field(name, |r| {
            let Value::Object(map) = value else {
                wrong_type(r, "an object of strings", value);
                return None;
            };
            let mut out = BTreeMap::new();
            for (key, value) in map {
                r.field(key, |r| {
                    let key_ok = check_safe(r, key, "the key");
                    let value = match value {
                        Value::Null => {
                            wrong_type(r, "a string", value);
                            None
                        }
                        other => read_string(r, other),
                    };
                    if let (true, Some(value)) = (key_ok, value) {
                        out.insert(key.clone(), value);
                    }
                });
            }
            Some(out)
        })
    }
}

/// A string value at the current path: wrong type and unsafe text are violations.
fn read_string(report: &mut Report, value: &Value) -> Option<String> {
    match value {
        Value::String(s) => check_safe(report, s, "the value").then(|| s.clone()),
        other => {
            wrong_type(report, "a string", other);
            None
        }
    }
}

/// Why `text` could alter a manifest or an Argo template once embedded, if it could.
pub(crate) fn unsafe_reason(text: &str) -> Option<&'static str> {
    if text.contains("{{") || text.contains("}}") {
        Some("must not contain '{{' or '}}' (Argo template syntax)")
    } else if text
        .chars()
        .any(|c| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}'))
    {
        Some("must not contain line breaks")
    } else if text.chars().any(is_bidi_control) {
        Some("must not contain Unicode bidirectional control characters")
    } else if text.chars().any(|c| c.is_control() || !is_printable(c)) {
        Some("must not contain control or non-printable characters")
    } else {
        None
    }
}

/// Records `unsafe_characters` when `text` could alter a manifest; `true` when it is safe.
pub(crate) fn check_safe(report: &mut Report, text: &str, what: &str) -> bool {
    match unsafe_reason(text) {
        None => true,
        Some(reason) => {
            report.violation(Code::UnsafeCharacters, format!("{what} {reason}"));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn violations(report: &Report) -> Vec<(String, Code)> {
        report
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect()
    }

    #[test]
    fn every_misfit_is_reported_at_its_path() {
        let doc = json!({
            "name": 5,
            "flag": "true",
            "kind": "Other",
            "typo": 1,
            "nested": {"inner": "x", "extra": true},
            "tags": {"a": "b", "c": 1, "d\u{202E}": "e"},
        });
        let mut report = Report::default();
        let o = object(
            &mut report,
            &doc,
            &["name", "flag", "kind", "nested", "tags", "missing"],
        )
        .unwrap();
        assert_eq!(o.string(&mut report, "name", true), None);
        assert_eq!(o.string(&mut report, "missing", true), None);
        assert_eq!(o.boolean(&mut report, "flag"), None);
        assert_eq!(
            o.one_of(&mut report, "kind", false, &[("A", 1), ("B", 2)]),
            None
        );
        let nested = o.object(&mut report, "nested", &["inner"]).unwrap();
        assert_eq!(nested.string(&mut report, "inner", false), Some("x".into()));
        let tags = o.string_map(&mut report, "tags").unwrap();
        assert_eq!(tags.len(), 1);
        assert_eq!(
            violations(&report),
            vec![
                ("typo".into(), Code::UnknownField),
                ("name".into(), Code::InvalidType),
                ("missing".into(), Code::Required),
                ("flag".into(), Code::InvalidType),
                ("kind".into(), Code::UnknownValue),
                ("nested.extra".into(), Code::UnknownField),
                ("tags.c".into(), Code::InvalidType),
                ("tags[\"d\u{202E}\"]".into(), Code::UnsafeCharacters),
            ]
        );
    }

    #[test]
    fn not_an_object() {
        let mut report = Report::default();
        assert!(object(&mut report, &json!([1]), &[]).is_none());
        assert_eq!(
            violations(&report),
            vec![(String::new(), Code::InvalidType)]
        );
    }

    #[test]
    fn unsafe_text() {
        for bad in [
            "a{{b",
            "a}}",
            "a\nb",
            "a\rb",
            "a\u{2028}",
            "a\u{202A}b",
            "a\u{2066}",
            "a\u{200F}",
            "a\u{0007}",
            "a\tb",
            "a\u{7F}",
        ] {
            assert!(unsafe_reason(bad).is_some(), "{bad:?}");
        }
        for ok in ["payments-prod", "a { b }", "Ünïcödé", "${var}", "a/b:c"] {
            assert_eq!(unsafe_reason(ok), None, "{ok:?}");
        }
    }

    #[test]
    fn a_number_where_a_string_belongs_says_to_quote_it() {
        let mut report = Report::default();
        let doc = json!({"v": 1.3});
        let o = object(&mut report, &doc, &["v"]).unwrap();
        o.string(&mut report, "v", true);
        assert!(report.violations()[0].message.contains("quote"));
    }
}

//! `metadata` checks. A CRD's schema only says `metadata: {type: object}`; the
//! API server validates ObjectMeta itself (`apimachinery/pkg/api/validation`).
//! This covers what a manifest renderer can get wrong: names, namespace vs.
//! scope, labels, annotations, finalizers, owner references and unknown fields.

use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

/// ObjectMeta fields (`k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta`).
const OBJECT_META_FIELDS: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];

const DNS1123_LABEL: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const QUALIFIED_NAME: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";

fn anchored(re: &str) -> Regex {
    // The patterns are constants of this file: a failure here is a harness bug.
    Regex::new(&format!("^(?:{re})$")).expect("harness regex constant")
}

fn dns1123_label_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| anchored(DNS1123_LABEL))
}

fn dns1123_subdomain_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| anchored(&format!("{DNS1123_LABEL}(\\.{DNS1123_LABEL})*")))
}

fn qualified_name_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| anchored(QUALIFIED_NAME))
}

/// `IsDNS1123Subdomain`: at most 253 characters, lowercase alphanumerics, `-`
/// and `.`, alphanumeric at both ends of every dot-separated part.
pub fn dns1123_subdomain_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 253 {
        errs.push(format!(
            "must be no more than 253 characters (has {})",
            value.len()
        ));
    }
    if !dns1123_subdomain_re().is_match(value) {
        errs.push(
            "must be a lowercase RFC 1123 subdomain: lowercase alphanumerics, '-' or '.', \
             starting and ending with an alphanumeric"
                .into(),
        );
    }
    errs
}

/// `IsDNS1123Label`: at most 63 characters, lowercase alphanumerics and `-`.
pub fn dns1123_label_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(format!(
            "must be no more than 63 characters (has {})",
            value.len()
        ));
    }
    if !dns1123_label_re().is_match(value) {
        errs.push(
            "must be a lowercase RFC 1123 label: lowercase alphanumerics or '-', \
             starting and ending with an alphanumeric"
                .into(),
        );
    }
    errs
}

/// `IsQualifiedName`: `[prefix/]name`, prefix a DNS subdomain, name at most 63
/// characters of alphanumerics, `-`, `_`, `.`, alphanumeric at both ends.
pub fn qualified_name_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let (prefix, name) = match value.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, value),
    };
    if let Some(prefix) = prefix {
        if prefix.is_empty() {
            errs.push("prefix part must be non-empty".into());
        } else {
            for e in dns1123_subdomain_errors(prefix) {
                errs.push(format!("prefix part {e}"));
            }
        }
    }
    if name.is_empty() {
        errs.push("name part must be non-empty".into());
    } else {
        if name.len() > 63 {
            errs.push(format!(
                "name part must be no more than 63 characters (has {})",
                name.len()
            ));
        }
        if !qualified_name_re().is_match(name) {
            errs.push(
                "name part must consist of alphanumerics, '-', '_' or '.', \
                 starting and ending with an alphanumeric"
                    .into(),
            );
        }
    }
    errs
}

/// `IsValidLabelValue`: empty, or at most 63 characters of alphanumerics, `-`,
/// `_`, `.`, alphanumeric at both ends.
pub fn label_value_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(format!(
            "must be no more than 63 characters (has {})",
            value.len()
        ));
    }
    if !value.is_empty() && !qualified_name_re().is_match(value) {
        errs.push(
            "must be empty or consist of alphanumerics, '-', '_' or '.', \
             starting and ending with an alphanumeric"
                .into(),
        );
    }
    errs
}

/// Checks `metadata` of an object of a CRD with the given scope.
pub fn check(metadata: Option<&Value>, cluster_scoped: bool, out: &mut Vec<String>) {
    let Some(metadata) = metadata else {
        out.push("metadata: required (metadata.name is required)".into());
        return;
    };
    let Some(meta) = metadata.as_object() else {
        out.push(format!("metadata: must be an object, got {metadata}"));
        return;
    };

    for key in meta.keys() {
        if !OBJECT_META_FIELDS.contains(&key.as_str()) {
            out.push(format!(
                "metadata.{key}: unknown ObjectMeta field (the API server would prune it)"
            ));
        }
    }

    let string_field = |field: &str, out: &mut Vec<String>| -> Option<String> {
        match meta.get(field) {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                out.push(format!("metadata.{field}: must be a string, got {other}"));
                None
            }
        }
    };

    let name = string_field("name", out);
    let generate_name = string_field("generateName", out);
    match (&name, &generate_name) {
        (Some(name), _) if name.is_empty() => out.push("metadata.name: must not be empty".into()),
        (Some(name), _) => {
            for e in dns1123_subdomain_errors(name) {
                out.push(format!("metadata.name {name:?}: {e}"));
            }
        }
        (None, Some(prefix)) => {
            // As the server does (`maskTrailingDash`): a trailing '-' counts as an
            // alphanumeric, as random characters are appended after it.
            let masked = match prefix.strip_suffix('-') {
                Some(p) => format!("{p}a"),
                None => prefix.clone(),
            };
            for e in dns1123_subdomain_errors(&masked) {
                out.push(format!("metadata.generateName {prefix:?}: {e}"));
            }
        }
        (None, None) => out.push("metadata.name: required (or metadata.generateName)".into()),
    }

    let namespace = string_field("namespace", out);
    match (cluster_scoped, namespace) {
        (true, Some(ns)) => out.push(format!(
            "metadata.namespace {ns:?}: not allowed, the resource is cluster-scoped"
        )),
        (false, Some(ns)) => {
            for e in dns1123_label_errors(&ns) {
                out.push(format!("metadata.namespace {ns:?}: {e}"));
            }
        }
        (_, None) => {}
    }

    check_string_map(meta.get("labels"), "labels", true, out);
    check_string_map(meta.get("annotations"), "annotations", false, out);

    if let Some(finalizers) = meta.get("finalizers") {
        match finalizers.as_array() {
            Some(items) => {
                for (i, f) in items.iter().enumerate() {
                    match f.as_str() {
                        Some(f) => {
                            for e in qualified_name_errors(f) {
                                out.push(format!("metadata.finalizers[{i}] {f:?}: {e}"));
                            }
                        }
                        None => out.push(format!("metadata.finalizers[{i}]: must be a string")),
                    }
                }
            }
            None => out.push("metadata.finalizers: must be a list of strings".into()),
        }
    }

    if let Some(owners) = meta.get("ownerReferences") {
        match owners.as_array() {
            Some(items) => {
                for (i, owner) in items.iter().enumerate() {
                    for field in ["apiVersion", "kind", "name", "uid"] {
                        let value = owner.get(field).and_then(Value::as_str);
                        if value.is_none_or(str::is_empty) {
                            out.push(format!(
                                "metadata.ownerReferences[{i}].{field}: required non-empty string"
                            ));
                        }
                    }
                }
            }
            None => out.push("metadata.ownerReferences: must be a list".into()),
        }
    }
}

fn check_string_map(map: Option<&Value>, field: &str, labels: bool, out: &mut Vec<String>) {
    let Some(map) = map else { return };
    let Some(map) = map.as_object() else {
        out.push(format!(
            "metadata.{field}: must be a map of strings, got {map}"
        ));
        return;
    };
    let mut total = 0usize;
    for (key, value) in map {
        for e in qualified_name_errors(key) {
            out.push(format!("metadata.{field} key {key:?}: {e}"));
        }
        match value.as_str() {
            Some(value) => {
                total += key.len() + value.len();
                if labels {
                    for e in label_value_errors(value) {
                        out.push(format!("metadata.labels[{key:?}] value {value:?}: {e}"));
                    }
                }
            }
            None => out.push(format!(
                "metadata.{field}[{key:?}]: value must be a string, got {value}"
            )),
        }
    }
    if !labels && total > 256 * 1024 {
        out.push(format!(
            "metadata.annotations: total size {total} exceeds 262144 bytes"
        ));
    }
}

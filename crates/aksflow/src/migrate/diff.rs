//! Field-level comparison of two sets of Kubernetes objects (the KRO rendering and the aksflow
//! bundle): objects are paired by kind and API group (any version) and name, then compared field
//! by field; each difference is classified by [`super::classify`].
//!
//! Paths are JSON paths in the objects' own names: `spec.networkProfile.networkPluginMode`. Lists
//! whose items all carry a `name` are matched by name (`spec.agentPoolProfiles[name=system].count`),
//! other lists by position. A field missing on one side is reported leaf by leaf.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::classify::{self, Context};

/// How a field differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Change {
    /// Both have it, with different values.
    Changed,
    /// Only the new object has it.
    Added,
    /// Only the old object has it.
    Removed,
}

/// Whether a difference is what the migration means to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", content = "reason", rename_all = "camelCase")]
pub enum Verdict {
    /// Intended by the migration, and why.
    Intended(String),
    /// Not explained by the migration: equivalence fails.
    Unexpected(String),
}

impl Verdict {
    /// Whether the difference is unexpected.
    pub fn is_unexpected(&self) -> bool {
        matches!(self, Self::Unexpected(_))
    }
}

/// One field that differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// The field's path.
    pub path: String,
    /// How it differs.
    pub change: Change,
    /// The old value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The new value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    /// The classification.
    pub verdict: Verdict,
}

/// An object named in a comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectRef {
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
}

impl ObjectRef {
    fn of(object: &Value) -> Self {
        let s = |p: &str| {
            object
                .pointer(p)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        Self {
            api_version: s("/apiVersion"),
            kind: s("/kind"),
            name: s("/metadata/name"),
        }
    }

    fn group(&self) -> &str {
        self.api_version.rsplit_once('/').map_or("", |(g, _)| g)
    }
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.kind, self.name, self.api_version)
    }
}

/// Two objects compared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairDiff {
    /// The old object.
    pub old: ObjectRef,
    /// The new object.
    pub new: ObjectRef,
    /// Every field that differs.
    pub differences: Vec<Difference>,
}

/// An object on one side only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unpaired {
    /// The object.
    pub object: ObjectRef,
    /// The classification.
    pub verdict: Verdict,
}

/// The comparison of two object sets.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// Paired objects and their differences.
    pub pairs: Vec<PairDiff>,
    /// Objects only in the old set.
    pub only_old: Vec<Unpaired>,
    /// Objects only in the new set.
    pub only_new: Vec<Unpaired>,
    /// Nothing unexpected: every difference is intended.
    pub equivalent: bool,
}

impl Comparison {
    /// Every unexpected difference, as `object: path`.
    pub fn unexpected(&self) -> Vec<String> {
        let mut out = Vec::new();
        for pair in &self.pairs {
            for d in pair
                .differences
                .iter()
                .filter(|d| d.verdict.is_unexpected())
            {
                out.push(format!("{} {}: {}", pair.old.kind, pair.old.name, d.path));
            }
        }
        for u in self
            .only_old
            .iter()
            .chain(&self.only_new)
            .filter(|u| u.verdict.is_unexpected())
        {
            out.push(u.object.to_string());
        }
        out
    }
}

fn short(value: &Option<Value>) -> String {
    match value {
        None => "-".into(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(v) => v.to_string(),
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for pair in &self.pairs {
            writeln!(f, "{} <-> {}", pair.old, pair.new)?;
            if pair.differences.is_empty() {
                writeln!(f, "  identical")?;
            }
            for d in &pair.differences {
                let (mark, reason) = match &d.verdict {
                    Verdict::Intended(r) => ("intended  ", r),
                    Verdict::Unexpected(r) => ("UNEXPECTED", r),
                };
                let change = match d.change {
                    Change::Changed => format!("{} -> {}", short(&d.old), short(&d.new)),
                    Change::Added => format!("added {}", short(&d.new)),
                    Change::Removed => format!("removed {}", short(&d.old)),
                };
                writeln!(f, "  {mark} {}: {change}  ({reason})", d.path)?;
            }
        }
        for (side, list) in [
            ("only in the old set", &self.only_old),
            ("only in the new set", &self.only_new),
        ] {
            for u in list {
                let (mark, reason) = match &u.verdict {
                    Verdict::Intended(r) => ("intended  ", r),
                    Verdict::Unexpected(r) => ("UNEXPECTED", r),
                };
                writeln!(f, "{mark} {side}: {}  ({reason})", u.object)?;
            }
        }
        writeln!(
            f,
            "{}",
            if self.equivalent {
                "equivalent: every difference is intended by the migration".to_owned()
            } else {
                format!(
                    "NOT equivalent: {} unexpected difference(s)",
                    self.unexpected().len()
                )
            }
        )
    }
}

/// Compares two object sets (e.g. the KRO rendering and the aksflow bundle).
pub fn compare(old: &[Value], new: &[Value]) -> Comparison {
    let context = Context::of(new);
    let mut new_left: Vec<Option<&Value>> = new.iter().map(Some).collect();
    let mut pairs = Vec::new();
    let mut only_old = Vec::new();
    // By group, kind and name first; then by group and kind alone.
    let mut old_left: Vec<&Value> = Vec::new();
    for o in old {
        let r = ObjectRef::of(o);
        let found = new_left.iter_mut().find(|n| {
            n.is_some_and(|n| {
                let m = ObjectRef::of(n);
                m.kind == r.kind && m.group() == r.group() && m.name == r.name
            })
        });
        match found.and_then(Option::take) {
            Some(n) => pairs.push((o, n)),
            None => old_left.push(o),
        }
    }
    for o in old_left {
        let r = ObjectRef::of(o);
        let found = new_left.iter_mut().find(|n| {
            n.is_some_and(|n| {
                let m = ObjectRef::of(n);
                m.kind == r.kind && m.group() == r.group()
            })
        });
        match found.and_then(Option::take) {
            Some(n) => pairs.push((o, n)),
            None => only_old.push(Unpaired {
                verdict: Verdict::Unexpected(
                    "not in the new set: the migration would drop it".into(),
                ),
                object: r,
            }),
        }
    }
    let pairs: Vec<PairDiff> = pairs
        .into_iter()
        .map(|(o, n)| {
            let old_ref = ObjectRef::of(o);
            let new_ref = ObjectRef::of(n);
            let mut raw = Vec::new();
            if old_ref.api_version != new_ref.api_version {
                raw.push((
                    "apiVersion".to_owned(),
                    Change::Changed,
                    Some(Value::String(old_ref.api_version.clone())),
                    Some(Value::String(new_ref.api_version.clone())),
                ));
            }
            for key in ["metadata", "spec"] {
                diff_value(o.get(key), n.get(key), key, &mut raw);
            }
            let differences = raw
                .into_iter()
                .map(|(path, change, old, new)| {
                    let verdict = classify::classify(
                        &context,
                        &old_ref.kind,
                        &path,
                        change,
                        old.as_ref(),
                        new.as_ref(),
                    );
                    Difference {
                        path,
                        change,
                        old,
                        new,
                        verdict,
                    }
                })
                .collect();
            PairDiff {
                old: old_ref,
                new: new_ref,
                differences,
            }
        })
        .collect();
    let only_new: Vec<Unpaired> = new_left
        .into_iter()
        .flatten()
        .map(|n| {
            let r = ObjectRef::of(n);
            Unpaired {
                verdict: classify::classify_added_object(&context, &r.kind),
                object: r,
            }
        })
        .collect();
    let equivalent = pairs
        .iter()
        .all(|p| p.differences.iter().all(|d| !d.verdict.is_unexpected()))
        && only_old
            .iter()
            .chain(&only_new)
            .all(|u| !u.verdict.is_unexpected());
    Comparison {
        pairs,
        only_old,
        only_new,
        equivalent,
    }
}

type Raw = (String, Change, Option<Value>, Option<Value>);

fn diff_value(old: Option<&Value>, new: Option<&Value>, path: &str, out: &mut Vec<Raw>) {
    match (old, new) {
        (None, None) => {}
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                diff_value(a.get(k), b.get(k), &join(path, k), out);
            }
        }
        (Some(Value::Object(a)), None) => {
            for (k, v) in a {
                diff_value(Some(v), None, &join(path, k), out);
            }
        }
        (None, Some(Value::Object(b))) => {
            for (k, v) in b {
                diff_value(None, Some(v), &join(path, k), out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => diff_list(a, b, path, out),
        (Some(a), None) => out.push((path.to_owned(), Change::Removed, Some(a.clone()), None)),
        (None, Some(b)) => out.push((path.to_owned(), Change::Added, None, Some(b.clone()))),
        (Some(a), Some(b)) => {
            if !same(a, b) {
                out.push((
                    path.to_owned(),
                    Change::Changed,
                    Some(a.clone()),
                    Some(b.clone()),
                ));
            }
        }
    }
}

/// Equal values; numbers compare by value (`3` and `3.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn name_of(v: &Value) -> Option<&str> {
    v.get("name").and_then(Value::as_str)
}

fn diff_list(a: &[Value], b: &[Value], path: &str, out: &mut Vec<Raw>) {
    let named = !a.is_empty() && !b.is_empty() && a.iter().chain(b).all(|v| name_of(v).is_some());
    if named {
        for x in a {
            let name = name_of(x).unwrap_or_default();
            let here = format!("{path}[name={name}]");
            match b.iter().find(|y| name_of(y) == Some(name)) {
                Some(y) => diff_value(Some(x), Some(y), &here, out),
                None => out.push((here, Change::Removed, Some(x.clone()), None)),
            }
        }
        for y in b {
            let name = name_of(y).unwrap_or_default();
            if !a.iter().any(|x| name_of(x) == Some(name)) {
                out.push((
                    format!("{path}[name={name}]"),
                    Change::Added,
                    None,
                    Some(y.clone()),
                ));
            }
        }
        return;
    }
    for i in 0..a.len().max(b.len()) {
        diff_value(a.get(i), b.get(i), &format!("{path}[{i}]"), out);
    }
}

fn join(path: &str, key: &str) -> String {
    if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!("{path}.{key}")
    } else {
        format!("{path}[{key:?}]")
    }
}

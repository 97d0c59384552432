//! Errors: the one validation error holding every [`Violation`], and the crate [`Error`].
//!
//! A [`Violation`] names *where* (a [`FieldPath`] in the JSON names the caller used),
//! *what* (a stable snake_case [`Code`]) and *why* (a human message). Validation never
//! stops at the first problem: a [`ValidationError`] carries all of them.

use std::fmt;

use serde::{Serialize, Serializer};

/// One step of a [`FieldPath`]: an object key or a list index.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathSegment {
    /// A field name or map key, e.g. `spec` or `karpenter.azure.com/sku-family`.
    Key(String),
    /// A position in a list, e.g. the `1` of `requirements[1]`.
    Index(usize),
}

/// Where a value sits in a document, in its JSON names, e.g. `spec.template.spec.requirements[1].key`.
///
/// Keys that are not plain identifiers (label keys such as `karpenter.azure.com/sku-family`)
/// display in brackets: `metadata.labels["karpenter.azure.com/sku-family"]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath(Vec<PathSegment>);

impl FieldPath {
    /// The empty path: the document itself.
    pub fn root() -> Self {
        Self::default()
    }

    /// The segments, outermost first (for bindings that expose paths as tuples).
    pub fn segments(&self) -> &[PathSegment] {
        &self.0
    }

    /// This path extended by a key.
    #[must_use]
    pub fn key(&self, key: impl Into<String>) -> Self {
        let mut next = self.clone();
        next.0.push(PathSegment::Key(key.into()));
        next
    }

    /// This path extended by a list index.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        let mut next = self.clone();
        next.0.push(PathSegment::Index(index));
        next
    }

    /// Appends a segment in place.
    pub fn push(&mut self, segment: PathSegment) {
        self.0.push(segment);
    }

    /// Removes the innermost segment.
    pub fn pop(&mut self) -> Option<PathSegment> {
        self.0.pop()
    }

    /// `true` for the document root.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

fn is_plain_key(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                PathSegment::Key(key) if is_plain_key(key) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
                PathSegment::Key(key) => write!(f, "[{}]", serde_json::Value::from(key.as_str()))?,
                PathSegment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl Serialize for FieldPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<S: Into<String>> FromIterator<S> for FieldPath {
    /// Builds a path of keys, e.g. `["spec", "limits"]`.
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        Self(
            iter.into_iter()
                .map(|k| PathSegment::Key(k.into()))
                .collect(),
        )
    }
}

/// What is wrong, as a stable, closed set of snake_case codes shared by Rust, Node and Python.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    /// A required field is missing or empty.
    Required,
    /// A string or list is shorter than its minimum.
    TooShort,
    /// A string or list is longer than its maximum.
    TooLong,
    /// A string does not match the syntax the API requires (a name, an ARM id, a label key).
    Pattern,
    /// A number is outside its allowed range.
    OutOfRange,
    /// Not a Kubernetes quantity (`100`, `1000Gi`, `500m`).
    InvalidQuantity,
    /// Not a duration in the syntax this field takes (`30s`, `720h`, `1h30m`, `Never`).
    InvalidDuration,
    /// A value the API accepts in general but not here (a reserved label key, a namespace on a cluster-scoped kind).
    NotAllowed,
    /// Two fields that cannot be set together, or one that requires another.
    Conflict,
    /// The same name or key appears twice where it must be unique.
    Duplicate,
    /// A field the document's type does not have (a typo is never silently ignored).
    UnknownField,
    /// A value of the wrong JSON type (a string where a boolean belongs, an object where a list belongs).
    InvalidType,
    /// A value outside a closed set: an unknown region, node pool type, API version or enum value.
    UnknownValue,
    /// Text that could alter YAML or an Argo template once embedded: `{{`, newlines, control or bidi characters.
    UnsafeCharacters,
}

impl Code {
    /// The snake_case code, as it appears in JSON and across the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Required => "required",
            Code::TooShort => "too_short",
            Code::TooLong => "too_long",
            Code::Pattern => "pattern",
            Code::OutOfRange => "out_of_range",
            Code::InvalidQuantity => "invalid_quantity",
            Code::InvalidDuration => "invalid_duration",
            Code::NotAllowed => "not_allowed",
            Code::Conflict => "conflict",
            Code::Duplicate => "duplicate",
            Code::UnknownField => "unknown_field",
            Code::InvalidType => "invalid_type",
            Code::UnknownValue => "unknown_value",
            Code::UnsafeCharacters => "unsafe_characters",
        }
    }

    /// Every code, for documentation and for tests that check each one is exercised.
    pub const ALL: &'static [Code] = &[
        Code::Required,
        Code::TooShort,
        Code::TooLong,
        Code::Pattern,
        Code::OutOfRange,
        Code::InvalidQuantity,
        Code::InvalidDuration,
        Code::NotAllowed,
        Code::Conflict,
        Code::Duplicate,
        Code::UnknownField,
        Code::InvalidType,
        Code::UnknownValue,
        Code::UnsafeCharacters,
    ];
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule broken at one place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// Where, in the JSON names of the document that was checked.
    pub path: FieldPath,
    /// What kind of problem, stable across releases and languages.
    pub code: Code,
    /// Why, for a person.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_root() {
            write!(f, "{} [{}]", self.message, self.code)
        } else {
            write!(f, "{}: {} [{}]", self.path, self.message, self.code)
        }
    }
}

/// Every violation found in one pass over a document; never empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// Wraps a list of violations; `None` when the list is empty (nothing is wrong).
    pub fn from_violations(violations: Vec<Violation>) -> Option<Self> {
        (!violations.is_empty()).then_some(Self { violations })
    }

    /// The violations, in the order the document was walked.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Takes the violations out.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(f, "{n} violation{}", if n == 1 { "" } else { "s" })?;
        for v in &self.violations {
            write!(f, "\n  {v}")?;
        }
        Ok(())
    }
}

/// A document whose `apiVersion`/`kind` is not the one the caller asked for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected {expected_api_version} {expected_kind}, found {found_api_version} {found_kind}")]
pub struct WrongKindError {
    /// The apiVersion of the type that was asked for.
    pub expected_api_version: &'static str,
    /// The kind of the type that was asked for.
    pub expected_kind: &'static str,
    /// The apiVersion the document carries (empty when absent).
    pub found_api_version: String,
    /// The kind the document carries (empty when absent).
    pub found_kind: String,
}

/// A document whose `apiVersion`/`kind` aksflow does not model.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("aksflow does not model {api_version:?} {kind:?}")]
pub struct UnsupportedKindError {
    /// The document's apiVersion (empty when absent).
    pub api_version: String,
    /// The document's kind (empty when absent).
    pub kind: String,
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The text is not well-formed YAML; the message has the line and column.
    #[error("YAML: {0}")]
    Yaml(#[from] serde_saphyr::Error),
    /// The text is not well-formed JSON; the message has the line and column.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The document is well-formed but does not fit the type: an unknown field (which the API
    /// server would prune), a missing required field, or a value of the wrong type (a quoted
    /// `"false"` where a boolean belongs).
    #[error("{}{message}", if path.is_root() { String::new() } else { format!("{path}: ") })]
    Shape {
        /// Where, in the document's JSON names.
        path: FieldPath,
        /// What does not fit.
        message: String,
    },
}

/// Why a document could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SerializeError {
    /// The YAML writer failed (a map key that is not a string, or a value's own serializer failed).
    #[error("YAML: {0}")]
    Yaml(#[from] crate::yaml_writer::WriteError),
    /// The JSON writer failed.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Any failure of aksflow.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input broke one or more rules; every violation is listed.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// The input could not be parsed.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// The input is a different kind or apiVersion than asked for.
    #[error(transparent)]
    WrongKind(#[from] WrongKindError),
    /// The input is a kind or apiVersion aksflow does not model.
    #[error(transparent)]
    UnsupportedKind(#[from] UnsupportedKindError),
    /// The output could not be written.
    #[error(transparent)]
    Serialize(#[from] SerializeError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_display_in_json_names() {
        let path = FieldPath::root()
            .key("spec")
            .key("template")
            .key("spec")
            .key("requirements")
            .index(1)
            .key("key");
        assert_eq!(path.to_string(), "spec.template.spec.requirements[1].key");
        let label = FieldPath::root()
            .key("metadata")
            .key("labels")
            .key("karpenter.azure.com/sku-family");
        assert_eq!(
            label.to_string(),
            r#"metadata.labels["karpenter.azure.com/sku-family"]"#
        );
        assert_eq!(FieldPath::root().index(0).key("a").to_string(), "[0].a");
    }

    #[test]
    fn codes_serialize_as_their_snake_case_name() {
        for code in Code::ALL {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::from(code.as_str())
            );
        }
    }

    #[test]
    fn an_empty_list_is_no_error() {
        assert!(ValidationError::from_violations(vec![]).is_none());
    }
}

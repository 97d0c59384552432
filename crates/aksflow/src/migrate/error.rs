//! What can go wrong reading a KRO composition, rendering it offline, or mapping an instance.

use std::fmt;

use serde::Serialize;

/// Why a migration step failed. Each variant names where (a path in the document it came from)
/// and what; [`MigrateError::code`] is a stable snake_case code for the bindings.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MigrateError {
    /// The text is not YAML/JSON, or a document is not an object.
    #[error("{document}: not a readable document: {message}")]
    Parse {
        /// Which document (`rgd`, `instance`, `mapping`, ...).
        document: String,
        /// What the reader said.
        message: String,
    },
    /// The ResourceGraphDefinition is malformed at `path`.
    #[error("rgd {path}: {message}")]
    Rgd {
        /// Where in the RGD.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The RGD uses a KRO feature the offline renderer does not implement (rejected, never guessed).
    #[error("rgd {path}: unsupported: {feature}")]
    Unsupported {
        /// Where in the RGD.
        path: String,
        /// The feature.
        feature: String,
    },
    /// A `${...}` expression does not parse; `line`/`column` are within the expression (1-based).
    #[error(
        "rgd {path}: CEL expression {expression:?} does not parse at {line}:{column}: {message}"
    )]
    CelSyntax {
        /// Where in the RGD the expression sits.
        path: String,
        /// The expression (without `${` `}`).
        expression: String,
        /// Line within the expression.
        line: i64,
        /// Column within the expression.
        column: i64,
        /// The parser's message.
        message: String,
    },
    /// A `${...}` expression failed to evaluate, or evaluated to a value of the wrong type.
    #[error("rgd {path}: CEL expression {expression:?}: {message}")]
    CelEvaluation {
        /// Where in the RGD the expression sits.
        path: String,
        /// The expression.
        expression: String,
        /// Why.
        message: String,
    },
    /// An expression names something that is neither `schema` nor a resource id.
    #[error("rgd {path}: expression {expression:?} references unknown identifier {identifier:?}")]
    UnknownReference {
        /// Where in the RGD.
        path: String,
        /// The expression.
        expression: String,
        /// The unknown identifier.
        identifier: String,
    },
    /// The resources reference each other in a cycle.
    #[error("rgd spec.resources: dependency cycle: {}", cycle.join(" -> "))]
    Cycle {
        /// The resource ids on the cycle, first repeated at the end.
        cycle: Vec<String>,
    },
    /// The instance does not fit the RGD's schema (every problem, one per line).
    #[error("instance: {}", problems.iter().map(|(p, m)| format!("{p}: {m}")).collect::<Vec<_>>().join("; "))]
    Instance {
        /// Each problem: path and message.
        problems: Vec<(String, String)>,
    },
    /// The mapping file is malformed, or a mapped value does not fit the request.
    #[error("mapping {path}: {message}")]
    Mapping {
        /// Where.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The extracted request does not validate or render (the aksflow error, as text with paths).
    #[error("request: {message}")]
    Request {
        /// The violations or error.
        message: String,
        /// Each violation's path and code, when the request was rejected by validation.
        violations: Vec<(String, String)>,
    },
}

impl MigrateError {
    /// A stable snake_case code for the variant.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Parse { .. } => "parse",
            Self::Rgd { .. } => "rgd",
            Self::Unsupported { .. } => "unsupported",
            Self::CelSyntax { .. } => "cel_syntax",
            Self::CelEvaluation { .. } => "cel_evaluation",
            Self::UnknownReference { .. } => "unknown_reference",
            Self::Cycle { .. } => "cycle",
            Self::Instance { .. } => "instance",
            Self::Mapping { .. } => "mapping",
            Self::Request { .. } => "request",
        }
    }

    /// Where the problem is (`""` when it has no single place).
    pub fn path(&self) -> String {
        match self {
            Self::Rgd { path, .. }
            | Self::Unsupported { path, .. }
            | Self::CelSyntax { path, .. }
            | Self::CelEvaluation { path, .. }
            | Self::UnknownReference { path, .. }
            | Self::Mapping { path, .. } => path.clone(),
            Self::Instance { problems } => {
                problems.first().map(|p| p.0.clone()).unwrap_or_default()
            }
            Self::Request { violations, .. } => {
                violations.first().map(|v| v.0.clone()).unwrap_or_default()
            }
            Self::Parse { document, .. } => document.clone(),
            Self::Cycle { .. } => "spec.resources".to_owned(),
        }
    }

    pub(crate) fn rgd(path: impl fmt::Display, message: impl Into<String>) -> Self {
        Self::Rgd {
            path: path.to_string(),
            message: message.into(),
        }
    }

    pub(crate) fn unsupported(path: impl fmt::Display, feature: impl Into<String>) -> Self {
        Self::Unsupported {
            path: path.to_string(),
            feature: feature.into(),
        }
    }
}

/// The error as data for the bindings: code, path, message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MigrateErrorData {
    /// [`MigrateError::code`].
    pub code: String,
    /// [`MigrateError::path`].
    pub path: String,
    /// The message.
    pub message: String,
}

impl From<&MigrateError> for MigrateErrorData {
    fn from(error: &MigrateError) -> Self {
        Self {
            code: error.code().to_owned(),
            path: error.path(),
            message: error.to_string(),
        }
    }
}

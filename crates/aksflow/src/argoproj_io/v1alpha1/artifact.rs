//! Artifacts: files passed into or out of a template. aksflow models the inline (`raw`) and HTTP
//! locations and references to other artifacts (`from`); bucket stores (S3, GCS, Azure Blob, ...) are
//! not modelled.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::check_artifact_name;
use crate::error::Code;
use crate::validation::{Report, check};

/// A file or directory a template reads or writes.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct Artifact {
    /// The artifact name: alphanumerics, '-', '_', '.'.
    pub name: String,
    /// Where the file is placed in (inputs) or collected from (outputs) the main container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Another artifact this one is taken from, e.g. `{{tasks.render.outputs.artifacts.manifest}}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// An expression yielding the artifact to take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_expression: Option<String>,
    /// File mode bits of the placed file (0-511, i.e. octal 0000-0777).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<i32>,
    /// The artifact may be missing without failing the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
    /// A path within the artifact's location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_path: Option<String>,
    /// Exports an output artifact as the global `workflow.outputs.artifacts.<globalName>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_name: Option<String>,
    /// Inline content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<RawArtifact>,
    /// A file downloaded over HTTP(S).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpArtifact>,
}

/// An artifact whose content is written inline.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct RawArtifact {
    /// The file content.
    pub data: String,
}

/// An artifact downloaded from a URL.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct HttpArtifact {
    /// The URL to download.
    pub url: String,
}

/// Where a list of artifacts sits, which decides the rules it follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ArtifactRole {
    /// Workflow, task or step arguments: each needs `from`, `fromExpression` or a location.
    Arguments,
    /// A template's inputs: no `from`; a `path` only in container and script templates.
    Inputs {
        /// The template runs a pod (container, script).
        leaf: bool,
    },
    /// A template's outputs: a `path` only in container and script templates.
    Outputs {
        /// The template runs a pod (container, script).
        leaf: bool,
    },
}

/// Checks artifacts: names valid and unique, one location at most, and the rules of `role`.
pub(crate) fn check_artifacts(report: &mut Report, artifacts: &[Artifact], role: ArtifactRole) {
    super::common::check_unique_names(
        report,
        "artifact",
        artifacts.iter().map(|a| a.name.as_str()),
    );
    for (i, artifact) in artifacts.iter().enumerate() {
        report.item(i, |r| artifact.check(r, role));
    }
}

impl Artifact {
    fn check(&self, report: &mut Report, role: ArtifactRole) {
        report.field("name", |r| check_artifact_name(r, &self.name));
        if let Some(mode) = self.mode {
            report.field("mode", |r| check::range(r, mode, 0, 511));
        }
        // CEL: at most one artifact location.
        if self.raw.is_some() && self.http.is_some() {
            report.violation_at(
                "http",
                Code::Conflict,
                "at most one artifact location can be specified",
            );
        }
        if self.from.is_some() && self.from_expression.is_some() {
            report.violation_at(
                "fromExpression",
                Code::Conflict,
                "set from or fromExpression, not both",
            );
        }
        if let Some(http) = &self.http
            && http.url.is_empty()
        {
            report.field("http", |r| {
                r.violation_at("url", Code::Required, "the URL is required")
            });
        }
        let has_location = self.raw.is_some() || self.http.is_some();
        match role {
            ArtifactRole::Arguments => {
                if self.from.is_none() && self.from_expression.is_none() && !has_location {
                    report.violation(
                        Code::Required,
                        format!(
                            "artifact {:?} needs from, fromExpression or a location (raw, http)",
                            self.name
                        ),
                    );
                }
            }
            ArtifactRole::Inputs { leaf } => {
                if self.from.is_some() {
                    report.violation_at("from", Code::NotAllowed, "from is not valid in inputs");
                }
                if !leaf && self.path.is_some() {
                    report.violation_at(
                        "path",
                        Code::NotAllowed,
                        "path is only valid in container and script templates",
                    );
                }
            }
            ArtifactRole::Outputs { leaf } => {
                if !leaf && self.path.is_some() {
                    report.violation_at(
                        "path",
                        Code::NotAllowed,
                        "path is only valid in container and script templates",
                    );
                }
            }
        }
    }
}

//! What flows into and out of templates: arguments, inputs and outputs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::artifact::Artifact;
use super::parameter::Parameter;

/// Values passed to a Workflow (`spec.arguments`) or to a template called by a task or step.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Arguments {
    /// Parameters, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Vec<Parameter>>,
    /// Artifacts, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifacts: Option<Vec<Artifact>>,
}

impl Arguments {
    /// Arguments made of parameters only.
    pub fn parameters(parameters: impl IntoIterator<Item = Parameter>) -> Self {
        Self {
            parameters: Some(parameters.into_iter().collect()),
            artifacts: None,
        }
    }
}

/// What a template takes: parameters and artifacts its caller provides.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Inputs {
    /// Input parameters (at most 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Vec<Parameter>>,
    /// Input artifacts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifacts: Option<Vec<Artifact>>,
}

impl Inputs {
    /// Inputs made of parameters only.
    pub fn parameters(parameters: impl IntoIterator<Item = Parameter>) -> Self {
        Self {
            parameters: Some(parameters.into_iter().collect()),
            artifacts: None,
        }
    }
}

/// What a template produces.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct Outputs {
    /// Output parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Vec<Parameter>>,
    /// Output artifacts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifacts: Option<Vec<Artifact>>,
    /// The exit code of the main container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<String>,
    /// The result (standard output) of a script or container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
}

impl Outputs {
    /// Outputs made of parameters only.
    pub fn parameters(parameters: impl IntoIterator<Item = Parameter>) -> Self {
        Self {
            parameters: Some(parameters.into_iter().collect()),
            ..Self::default()
        }
    }
}

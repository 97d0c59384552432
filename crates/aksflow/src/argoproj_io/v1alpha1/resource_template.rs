//! Resource templates: a step that runs `kubectl <action>` on a manifest in the cluster the
//! Workflow runs in (e.g. applying an ASO ManagedCluster).

use std::sync::LazyLock;

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::artifact::Artifact;
use crate::error::Code;
use crate::validation::{Report, Validate, pattern};

/// A step that acts on a Kubernetes resource with kubectl.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ResourceTemplate {
    /// The kubectl action.
    pub action: ResourceAction,
    /// The manifest (YAML or JSON) to act on; render it fully from validated values, never from raw user text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<String>,
    /// Takes the manifest from an input artifact instead of `manifest`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_from: Option<ManifestFrom>,
    /// Extra kubectl flags, e.g. `--dry-run=server`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<Vec<String>>,
    /// The patch type for `patch`: `strategic` (default), `merge` or `json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge_strategy: Option<MergeStrategy>,
    /// A label-selector-style expression over the resource's fields that marks success, e.g. `status.phase == Ready`.
    /// It cannot select a list element by its fields: wait for conditions with `kubectl wait` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_condition: Option<String>,
    /// An expression over the resource's fields that marks failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_condition: Option<String>,
    /// Makes the Workflow the owner of the resource, so deleting the Workflow deletes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_owner_reference: Option<bool>,
}

/// The kubectl action of a resource template.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum ResourceAction {
    /// `kubectl get`.
    Get,
    /// `kubectl create`.
    Create,
    /// `kubectl apply`.
    #[default]
    Apply,
    /// `kubectl delete`.
    Delete,
    /// `kubectl replace`.
    Replace,
    /// `kubectl patch`.
    Patch,
}

impl ResourceAction {
    /// The action as kubectl spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::Create => "create",
            Self::Apply => "apply",
            Self::Delete => "delete",
            Self::Replace => "replace",
            Self::Patch => "patch",
        }
    }
}

/// The patch type of a `patch` action.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MergeStrategy {
    /// A strategic merge patch (kubectl's default).
    Strategic,
    /// A JSON merge patch (RFC 7386).
    Merge,
    /// A JSON patch (RFC 6902).
    Json,
}

/// A manifest taken from an artifact.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManifestFrom {
    /// The input artifact holding the manifest (by name).
    pub artifact: Artifact,
}

/// A `{{...}}` Argo expression (replaced by a placeholder before the manifest's YAML is checked).
static EXPRESSION: LazyLock<Regex> = LazyLock::new(|| pattern(r"\{\{[^}]*\}\}"));

/// Checks that a manifest parses as YAML (one or more documents), as Argo does before running it.
pub(crate) fn manifest_parses(manifest: &str) -> Result<(), String> {
    let replaced = EXPRESSION.replace_all(manifest, "argo-placeholder");
    // `IgnoredAny`: the whole text is parsed, but no value tree is built.
    serde_saphyr::from_multiple::<serde::de::IgnoredAny>(&replaced)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

impl Validate for ResourceTemplate {
    fn validate_into(&self, report: &mut Report) {
        // CEL: only one of manifest or manifestFrom.
        if self.manifest.is_some() && self.manifest_from.is_some() {
            report.violation_at(
                "manifestFrom",
                Code::Conflict,
                "only one of manifest or manifestFrom can be specified",
            );
        }
        let needs_manifest = !matches!(self.action, ResourceAction::Get | ResourceAction::Delete);
        if needs_manifest && self.manifest.is_none() && self.manifest_from.is_none() {
            report.violation_at(
                "manifest",
                Code::Required,
                format!(
                    "action {} needs manifest or manifestFrom",
                    self.action.as_str()
                ),
            );
        }
        if let Some(manifest) = &self.manifest {
            report.field("manifest", |r| {
                if manifest.trim().is_empty() {
                    if needs_manifest {
                        r.violation(Code::Required, "the manifest must not be empty");
                    }
                } else if r.is_rendered() {
                    // Written by aksflow's YAML writer from checked objects (see `Report::for_rendered`).
                } else if let Err(error) = manifest_parses(manifest) {
                    r.violation(
                        Code::Pattern,
                        format!("the manifest is not valid YAML: {error}"),
                    );
                }
            });
        }
        if self.merge_strategy.is_some() && self.action != ResourceAction::Patch {
            report.violation_at(
                "mergeStrategy",
                Code::NotAllowed,
                "mergeStrategy applies only to the patch action",
            );
        }
        for (name, condition) in [
            ("successCondition", &self.success_condition),
            ("failureCondition", &self.failure_condition),
        ] {
            if let Some(condition) = condition
                && condition.contains("#(")
            {
                report.violation_at(
                    name,
                    Code::NotAllowed,
                    "conditions cannot select a list element by its fields (argo-workflows#2288): wait with `kubectl wait --for=condition=...` in a container step",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code::*;
    use crate::argoproj_io::v1alpha1::common::testing::{expected, spec_violations};

    fn resource(body: &str) -> String {
        format!("entrypoint: r\ntemplates:\n- name: r\n  resource:\n{body}")
    }

    #[test]
    fn manifests_are_checked() {
        let yaml = resource(
            "    action: apply\n    manifest: '{}'\n    manifestFrom:\n      artifact:\n        name: m\n    mergeStrategy: json\n",
        );
        assert_eq!(
            spec_violations(&yaml),
            expected(&[
                ("templates[0].resource.manifestFrom", Conflict),
                ("templates[0].resource.mergeStrategy", NotAllowed),
            ])
        );
        assert_eq!(
            spec_violations(&resource("    action: create\n")),
            expected(&[("templates[0].resource.manifest", Required)])
        );
        assert_eq!(
            spec_violations(&resource(
                "    action: apply\n    manifest: 'kind: [unclosed'\n"
            )),
            expected(&[("templates[0].resource.manifest", Pattern)])
        );
        // Argo expressions are placeholders; get and delete need no manifest.
        assert_eq!(
            spec_violations(&resource(
                "    action: apply\n    manifest: |\n      metadata:\n        name: {{inputs.parameters.name}}\n"
            )),
            vec![]
        );
        assert_eq!(spec_violations(&resource("    action: delete\n")), vec![]);
    }

    #[test]
    fn conditions_cannot_select_list_elements() {
        let yaml = resource(
            "    action: get\n    manifest: 'kind: ManagedCluster'\n    successCondition: status.conditions.#(type==\"Ready\").status == True\n",
        );
        assert_eq!(
            spec_violations(&yaml),
            expected(&[("templates[0].resource.successCondition", NotAllowed)])
        );
    }

    #[test]
    fn the_action_is_a_closed_set() {
        let error = serde_saphyr::from_str::<ResourceTemplate>("action: upsert\n").unwrap_err();
        assert!(error.to_string().contains("upsert"), "{error}");
        let apply: ResourceTemplate =
            serde_saphyr::from_str("action: apply\nmanifest: x\n").unwrap();
        assert_eq!(apply.action, ResourceAction::Apply);
        assert_eq!(
            crate::to_yaml(&apply).unwrap(),
            "action: apply\nmanifest: x\n"
        );
    }
}

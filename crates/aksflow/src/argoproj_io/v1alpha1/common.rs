//! Checks Argo applies to names, durations and `{{...}}` expressions across the Workflow spec.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Code;
use crate::validation::{Report, Validate, check, pattern};

/// Argo's syntax for template, task and step names: alphanumerics and '-', starting alphanumeric.
static FIELD_NAME: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[a-zA-Z0-9][-a-zA-Z0-9]*$"));
/// Argo's syntax for parameter names.
static PARAMETER_NAME: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[-a-zA-Z0-9_]+$"));
/// Argo's syntax for artifact names.
static ARTIFACT_NAME: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[-a-zA-Z0-9_{}.]+$"));
/// A Go `time.Duration` string (`30s`, `1h30m`, `1.5h`, `300ms`).
static GO_DURATION: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$"));

/// The longest template, task or step name Argo accepts.
pub const MAX_FIELD_NAME_LENGTH: usize = 128;

/// `true` when `value` holds an Argo `{{...}}` expression, resolved only at run time.
pub fn is_expression(value: &str) -> bool {
    value.contains("{{")
}

/// A template, task or step name: 1-128 alphanumerics and '-', starting alphanumeric.
pub fn check_field_name(report: &mut Report, name: &str) {
    check::length(report, name, 1, MAX_FIELD_NAME_LENGTH);
    if !name.is_empty() {
        check::matches(
            report,
            name,
            &FIELD_NAME,
            "an Argo name (alphanumerics and '-', starting with an alphanumeric)",
        );
    }
}

/// A parameter name: alphanumerics, '-' and '_'.
pub fn check_parameter_name(report: &mut Report, name: &str) {
    if name.is_empty() {
        report.violation(Code::Required, "must not be empty");
    } else {
        check::matches(
            report,
            name,
            &PARAMETER_NAME,
            "a parameter name (alphanumerics, '-' and '_')",
        );
    }
}

/// An artifact name: alphanumerics, '-', '_', '.', '{' and '}'.
pub fn check_artifact_name(report: &mut Report, name: &str) {
    if name.is_empty() {
        report.violation(Code::Required, "must not be empty");
    } else {
        check::matches(
            report,
            name,
            &ARTIFACT_NAME,
            "an artifact name (alphanumerics, '-', '_', '.', '{', '}')",
        );
    }
}

/// A Go duration (`90s`, `1h30m`); `{{...}}` expressions pass (they resolve at run time).
pub fn check_go_duration(report: &mut Report, value: &str) {
    if !is_expression(value) && !GO_DURATION.is_match(value) {
        report.violation(
            Code::InvalidDuration,
            format!("{value:?} is not a duration (e.g. 30s, 5m, 1h30m)"),
        );
    }
}

/// An Argo duration: a Go duration or a whole number of seconds (`"60"`), or a `{{...}}` expression.
pub fn check_argo_duration(report: &mut Report, value: &str) {
    if !is_expression(value) && !GO_DURATION.is_match(value) && value.parse::<u64>().is_err() {
        report.violation(
            Code::InvalidDuration,
            format!("{value:?} is not a duration (seconds such as \"60\", or 30s, 5m, 1h30m)"),
        );
    }
}

/// Every repeated, non-empty name in `names`: `(index, name, index of its first occurrence)`.
pub fn duplicates<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<(usize, &'a str, usize)> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut repeated = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        match seen.get(name) {
            Some(first) => repeated.push((i, name, *first)),
            None => {
                seen.insert(name, i);
            }
        }
    }
    repeated
}

/// Records a `duplicate` violation at `[i].name` of the current list for every repeated name.
pub fn check_unique_names<'a>(
    report: &mut Report,
    what: &str,
    names: impl IntoIterator<Item = &'a str>,
) {
    for (i, name, first) in duplicates(names) {
        report.item(i, |r| {
            r.violation_at(
                "name",
                Code::Duplicate,
                format!("{what} {name:?} is already defined at index {first}"),
            )
        });
    }
}

/// Labels and annotations Argo puts on an object it creates (a pod, the Workflow itself).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Metadata {
    /// Annotations to add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Labels to add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
}

impl Validate for Metadata {
    fn validate_into(&self, report: &mut Report) {
        if let Some(annotations) = &self.annotations {
            report.field("annotations", |r| check_annotation_keys(r, annotations));
        }
        if let Some(labels) = &self.labels {
            report.field("labels", |r| check_labels(r, labels));
        }
    }
}

/// Label keys and values; values holding `{{...}}` expressions are checked at run time by Argo.
pub fn check_labels(report: &mut Report, labels: &BTreeMap<String, String>) {
    for (key, value) in labels {
        report.field(key, |r| {
            check::qualified_name(r, key);
            if !is_expression(value) {
                check::label_value(r, value);
            }
        });
    }
}

/// Annotation keys.
pub fn check_annotation_keys(report: &mut Report, annotations: &BTreeMap<String, String>) {
    for key in annotations.keys() {
        report.field(key, |r| check::qualified_name(r, key));
    }
}

/// Test helpers: the violations of a spec written as YAML.
#[cfg(test)]
pub(crate) mod testing {
    use crate::error::Code;
    use crate::validation::Report;

    use super::super::workflow_spec::{SpecOwner, WorkflowSpec};

    /// Parses `yaml` as a WorkflowSpec and returns its violations as a Workflow's spec, `(path, code)`.
    pub(crate) fn spec_violations(yaml: &str) -> Vec<(String, Code)> {
        owned_violations(yaml, SpecOwner::Workflow)
    }

    /// As [`spec_violations`], for a WorkflowTemplate's spec.
    pub(crate) fn template_spec_violations(yaml: &str) -> Vec<(String, Code)> {
        owned_violations(yaml, SpecOwner::WorkflowTemplate)
    }

    fn owned_violations(yaml: &str, owner: SpecOwner) -> Vec<(String, Code)> {
        let spec: WorkflowSpec = match serde_saphyr::from_str(yaml) {
            Ok(spec) => spec,
            Err(e) => panic!("test YAML does not parse: {e}\n{yaml}"),
        };
        let mut report = Report::default();
        spec.check(&mut report, Some(owner));
        report
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect()
    }

    /// `(path, code)` pairs from string literals.
    pub(crate) fn expected(pairs: &[(&str, Code)]) -> Vec<(String, Code)> {
        pairs.iter().map(|(p, c)| ((*p).to_owned(), *c)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(f: impl FnOnce(&mut Report)) -> Vec<Code> {
        let mut report = Report::default();
        f(&mut report);
        report.violations().iter().map(|v| v.code).collect()
    }

    #[test]
    fn field_names() {
        assert!(codes(|r| check_field_name(r, "provision-cluster")).is_empty());
        assert!(codes(|r| check_field_name(r, "Step1")).is_empty());
        assert_eq!(codes(|r| check_field_name(r, "-x")), vec![Code::Pattern]);
        assert_eq!(codes(|r| check_field_name(r, "a_b")), vec![Code::Pattern]);
        assert_eq!(codes(|r| check_field_name(r, "")), vec![Code::Required]);
        assert_eq!(
            codes(|r| check_field_name(r, &"a".repeat(129))),
            vec![Code::TooLong]
        );
    }

    #[test]
    fn durations() {
        for ok in ["30s", "1h30m", "1.5h", "0", "{{inputs.parameters.wait}}"] {
            assert!(codes(|r| check_go_duration(r, ok)).is_empty(), "{ok}");
        }
        for bad in ["30", "1d", "", "s"] {
            assert_eq!(
                codes(|r| check_go_duration(r, bad)),
                vec![Code::InvalidDuration],
                "{bad}"
            );
        }
        assert!(codes(|r| check_argo_duration(r, "60")).is_empty());
        assert!(codes(|r| check_argo_duration(r, "2m")).is_empty());
        assert_eq!(
            codes(|r| check_argo_duration(r, "two minutes")),
            vec![Code::InvalidDuration]
        );
    }

    #[test]
    fn parameter_and_artifact_names() {
        assert!(codes(|r| check_parameter_name(r, "cluster_name-1")).is_empty());
        assert_eq!(
            codes(|r| check_parameter_name(r, "cluster.name")),
            vec![Code::Pattern]
        );
        assert!(codes(|r| check_artifact_name(r, "kube.config")).is_empty());
        assert_eq!(
            codes(|r| check_artifact_name(r, "a b")),
            vec![Code::Pattern]
        );
    }
}

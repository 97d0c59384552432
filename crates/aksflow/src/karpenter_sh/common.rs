//! Component types that `karpenter.sh/v1` and `karpenter.sh/v1beta1` share (identical in both
//! versions of the NodePool CRD): durations, taints, and the checks both versions' rules are made of
//! (restricted label keys, requirement values, disruption budgets, limits).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::LazyLock;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use regex::Regex;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Code;
use crate::quantity::{Quantity, check_quantity};
use crate::validation::{Report, Validate, check, pattern};

// ---------------------------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------------------------

/// A Go-style duration of whole hours, minutes and seconds, e.g. `30s`, `720h`, `1h30m`.
///
/// Karpenter's duration fields take `([0-9]+(s|m|h))+`; [`Validate`] reports anything else as
/// `invalid_duration`. Budget durations accept a narrower form (see [`Budget`](crate::karpenter_sh::v1::Budget)).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Duration(String);

static DURATION: LazyLock<Regex> = LazyLock::new(|| pattern(r"^([0-9]+(s|m|h))+$"));

impl Duration {
    /// A duration from its text, e.g. `"1h30m"` (checked by [`Validate`]).
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// `n` hours, e.g. `Duration::hours(720)` is `720h`.
    pub fn hours(n: u64) -> Self {
        Self(format!("{n}h"))
    }

    /// `n` minutes, e.g. `Duration::minutes(5)` is `5m`.
    pub fn minutes(n: u64) -> Self {
        Self(format!("{n}m"))
    }

    /// `n` seconds, e.g. `Duration::seconds(30)` is `30s`.
    pub fn seconds(n: u64) -> Self {
        Self(format!("{n}s"))
    }

    /// The duration as written, e.g. `720h`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Duration {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<String> for Duration {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "KarpenterDuration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A duration of whole hours, minutes and seconds, e.g. 30s, 720h, 1h30m.",
            "type": "string",
            "pattern": "^([0-9]+(s|m|h))+$",
        })
    }
}

impl Validate for Duration {
    fn validate_into(&self, report: &mut Report) {
        if !DURATION.is_match(&self.0) {
            report.violation(
                Code::InvalidDuration,
                format!(
                    "{:?} is not a duration (whole hours, minutes, seconds: e.g. 30s, 720h, 1h30m)",
                    self.0
                ),
            );
        }
    }
}

/// A duration that may be `Never` (Karpenter's `NillableDuration`): `consolidateAfter`, `expireAfter`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum NillableDuration {
    /// `Never`: the action is disabled (no consolidation delay ends, nodes never expire).
    Never,
    /// After this long, e.g. `30s` or `720h`.
    After(Duration),
}

impl NillableDuration {
    /// After `n` hours.
    pub fn hours(n: u64) -> Self {
        Self::After(Duration::hours(n))
    }

    /// After `n` minutes.
    pub fn minutes(n: u64) -> Self {
        Self::After(Duration::minutes(n))
    }

    /// After `n` seconds.
    pub fn seconds(n: u64) -> Self {
        Self::After(Duration::seconds(n))
    }

    /// The value as written: `Never` or the duration.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Never => "Never",
            Self::After(duration) => duration.as_str(),
        }
    }
}

impl fmt::Display for NillableDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Duration> for NillableDuration {
    fn from(duration: Duration) -> Self {
        Self::After(duration)
    }
}

impl From<&str> for NillableDuration {
    /// `"Never"` is [`NillableDuration::Never`]; any other text is a duration (checked by [`Validate`]).
    fn from(text: &str) -> Self {
        if text == "Never" {
            Self::Never
        } else {
            Self::After(Duration::new(text))
        }
    }
}

impl From<String> for NillableDuration {
    fn from(text: String) -> Self {
        if text == "Never" {
            Self::Never
        } else {
            Self::After(Duration(text))
        }
    }
}

impl Serialize for NillableDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for NillableDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

impl JsonSchema for NillableDuration {
    fn schema_name() -> Cow<'static, str> {
        "NillableDuration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A duration of whole hours, minutes and seconds (e.g. 30s, 720h), or Never.",
            "type": "string",
            "pattern": "^(([0-9]+(s|m|h))+|Never)$",
        })
    }
}

impl Validate for NillableDuration {
    fn validate_into(&self, report: &mut Report) {
        if let Self::After(duration) = self {
            duration.validate_into(report);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Taints
// ---------------------------------------------------------------------------------------------

/// What a taint does to pods that do not tolerate it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum TaintEffect {
    /// New pods that do not tolerate the taint are not scheduled on the node.
    NoSchedule,
    /// The scheduler tries to avoid the node for pods that do not tolerate the taint.
    PreferNoSchedule,
    /// Pods that do not tolerate the taint are evicted, and new ones not scheduled.
    NoExecute,
}

/// A taint Karpenter puts on the nodes it creates (`taints`, `startupTaints`).
///
/// Modelled here rather than with k8s-openapi's `Taint` so that `effect` is a closed enum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct Taint {
    /// The taint key, a qualified name (e.g. `workload-type` or `example.com/dedicated`).
    pub key: String,
    /// The taint value, if any (a qualified name as well).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The effect on pods that do not tolerate the taint.
    pub effect: TaintEffect,
    /// When the taint was added (set by the system on NoExecute taints; normally left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_added: Option<Time>,
}

impl Taint {
    /// A `key=value:effect` taint.
    pub fn new(key: impl Into<String>, value: impl Into<String>, effect: TaintEffect) -> Self {
        Self {
            key: key.into(),
            value: Some(value.into()),
            effect,
            time_added: None,
        }
    }
}

/// The CRD's pattern for taint keys and values (a qualified name).
static QUALIFIED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\/))?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$",
    )
});

impl Validate for Taint {
    fn validate_into(&self, report: &mut Report) {
        report.field("key", |r| {
            if self.key.is_empty() {
                r.violation(Code::Required, "a taint needs a key");
            } else {
                check::qualified_name(r, &self.key);
            }
        });
        if let Some(value) = &self.value {
            report.field("value", |r| {
                check::matches(
                    r,
                    value,
                    &QUALIFIED_NAME,
                    "a taint value (a qualified name)",
                );
                if value.len() > 63 {
                    check::length(r, value, 1, 63);
                }
            });
        }
    }
}

/// Karpenter rejects a NodePool whose taints and startup taints repeat a key/effect pair.
pub(crate) fn check_taint_duplicates(
    report: &mut Report,
    taints: Option<&[Taint]>,
    startup_taints: Option<&[Taint]>,
) {
    let mut seen = BTreeSet::new();
    for (field, list) in [("taints", taints), ("startupTaints", startup_taints)] {
        for (i, taint) in list.unwrap_or_default().iter().enumerate() {
            if !seen.insert((taint.key.as_str(), taint.effect)) {
                report.field(field, |r| {
                    r.item(i, |r| {
                        r.violation(
                            Code::Duplicate,
                            format!(
                                "duplicate taint key/effect pair {}:{:?}",
                                taint.key, taint.effect
                            ),
                        )
                    })
                });
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Label keys Karpenter restricts
// ---------------------------------------------------------------------------------------------

/// The restricted-label rules of one CRD version (its `x-kubernetes-validations` on requirement
/// keys and template labels), written once as data so both versions share the logic.
pub(crate) struct LabelRules {
    /// Keys under `kubernetes.io` that are allowed, when the version restricts that domain.
    pub kubernetes_io: Option<&'static [&'static str]>,
    /// Whether the `k8s.io` domain is restricted (except `kops.k8s.io`).
    pub k8s_io: bool,
    /// Whether the two rules above are Karpenter's runtime check (v1) rather than CEL (v1beta1).
    pub kubernetes_io_by_runtime: bool,
    /// The allow-list of keys under `karpenter.azure.com`.
    pub karpenter_azure_com: &'static [&'static str],
    /// The allow-list of keys under `kubernetes.azure.com`, when the version restricts that domain.
    pub kubernetes_azure_com: Option<&'static [&'static str]>,
    /// Single keys that are restricted outright (besides `karpenter.sh/nodepool` and `kubernetes.io/hostname`).
    pub restricted_keys: &'static [&'static str],
}

/// The part of a label key before the first `/` (the CEL rules' `find("^([^/]+)")`).
fn label_domain(key: &str) -> &str {
    key.split('/').next().unwrap_or_default()
}

/// The prefix of a label key, as Karpenter's `GetLabelDomain` takes it: empty without a `/`.
fn karpenter_label_domain(key: &str) -> &str {
    key.split_once('/')
        .map(|(domain, _)| domain)
        .unwrap_or_default()
}

/// Records one `not_allowed` violation per restricted-label rule `key` breaks.
pub(crate) fn check_restricted_label(report: &mut Report, key: &str, rules: &LabelRules) {
    let domain = label_domain(key);
    // The `kubernetes.io` and `k8s.io` rules: the v1beta1 CRD's CEL (domain as above) or, for v1,
    // Karpenter's runtime `IsRestrictedLabel` (domain empty when the key has no prefix).
    let runtime_domain = if rules.kubernetes_io_by_runtime {
        karpenter_label_domain(key)
    } else {
        domain
    };
    let mut broken: Vec<String> = Vec::new();
    if let Some(allowed) = rules.kubernetes_io
        && !(allowed.contains(&key)
            || runtime_domain.ends_with("node.kubernetes.io")
            || runtime_domain.ends_with("node-restriction.kubernetes.io")
            || !runtime_domain.ends_with("kubernetes.io"))
    {
        broken.push(r#"label domain "kubernetes.io" is restricted"#.to_owned());
    }
    if rules.k8s_io
        && !runtime_domain.ends_with("kops.k8s.io")
        && runtime_domain.ends_with("k8s.io")
    {
        broken.push(r#"label domain "k8s.io" is restricted"#.to_owned());
    }
    if !["karpenter.sh/capacity-type", "karpenter.sh/nodepool"].contains(&key)
        && domain.ends_with("karpenter.sh")
    {
        broken.push(r#"label domain "karpenter.sh" is restricted"#.to_owned());
    }
    for restricted in ["karpenter.sh/nodepool", "kubernetes.io/hostname"] {
        if key == restricted {
            broken.push(format!("label {restricted:?} is restricted"));
        }
    }
    if !rules.karpenter_azure_com.contains(&key) && domain.ends_with("karpenter.azure.com") {
        broken.push(format!(
            r#"label domain "karpenter.azure.com" is restricted: allowed keys are {}"#,
            rules.karpenter_azure_com.join(", ")
        ));
    }
    if let Some(allowed) = rules.kubernetes_azure_com
        && !allowed.contains(&key)
        && domain.ends_with("kubernetes.azure.com")
    {
        broken.push(format!(
            r#"label domain "kubernetes.azure.com" is restricted: allowed keys are {}"#,
            allowed.join(", ")
        ));
    }
    for restricted in rules.restricted_keys {
        if key == *restricted {
            broken.push(format!("label {restricted:?} is restricted"));
        }
    }
    for message in broken {
        report.violation(Code::NotAllowed, format!("{key:?}: {message}"));
    }
}

/// Template labels: at most 100, keys qualified names, values label values, no restricted key.
pub(crate) fn check_template_labels(
    report: &mut Report,
    labels: &BTreeMap<String, String>,
    rules: &LabelRules,
) {
    if labels.len() > 100 {
        report.violation(
            Code::TooLong,
            format!("at most 100 labels, has {}", labels.len()),
        );
    }
    for (key, value) in labels {
        report.field(key, |r| {
            check::qualified_name(r, key);
            check::label_value(r, value);
            check_restricted_label(r, key, rules);
        });
    }
}

/// Template annotations: keys are qualified names.
pub(crate) fn check_template_annotations(
    report: &mut Report,
    annotations: &BTreeMap<String, String>,
) {
    for key in annotations.keys() {
        report.field(key, |r| check::qualified_name(r, key));
    }
}

// ---------------------------------------------------------------------------------------------
// Requirements
// ---------------------------------------------------------------------------------------------

/// How a requirement's operator constrains its values (the CRD's CEL rules on `requirements`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OperatorClass {
    /// `In`: at least one value, and at least `minValues`.
    In,
    /// `Gt`, `Lt`, `Gte`, `Lte`: exactly one non-negative integer.
    Numeric,
    /// `NotIn`, `Exists`, `DoesNotExist`: no CRD rule on the values.
    Other,
}

/// The parts of a requirement the shared rules look at.
pub(crate) struct RequirementParts<'a> {
    pub key: &'a str,
    pub operator: OperatorClass,
    pub operator_name: &'a str,
    pub values: Option<&'a [String]>,
    pub min_values: Option<i64>,
}

/// Checks one requirement (at the report's current path, i.e. `requirements[i]`).
pub(crate) fn check_requirement(
    report: &mut Report,
    requirement: &RequirementParts<'_>,
    rules: &LabelRules,
) {
    let key = requirement.key;
    report.field("key", |r| {
        if key.is_empty() {
            r.violation(Code::Required, "a requirement needs a key");
            return;
        }
        if key.len() > 316 {
            check::length(r, key, 1, 316);
        }
        check::qualified_name(r, key);
        check_restricted_label(r, key, rules);
    });
    let values = requirement.values.unwrap_or_default();
    report.field("values", |r| {
        for (i, value) in values.iter().enumerate() {
            r.item(i, |r| check::label_value(r, value));
        }
        match requirement.operator {
            OperatorClass::In if values.is_empty() => r.violation(
                Code::Required,
                "requirements with operator 'In' must have a value defined",
            ),
            OperatorClass::In => {
                if let Some(min) = requirement.min_values
                    && i64::try_from(values.len()).unwrap_or(i64::MAX) < min
                {
                    r.violation(
                        Code::TooShort,
                        format!(
                            "requirements with 'minValues' must have at least that many values: minValues is {min}, values has {}",
                            values.len()
                        ),
                    );
                }
            }
            OperatorClass::Numeric => {
                let op = requirement.operator_name;
                match values {
                    [] => r.violation(
                        Code::Required,
                        format!("operator '{op}' needs a single non-negative integer value"),
                    ),
                    [value] => match value.parse::<i64>() {
                        Ok(n) if n >= 0 => {}
                        Ok(n) => r.violation(
                            Code::OutOfRange,
                            format!("operator '{op}' needs a non-negative integer, is {n}"),
                        ),
                        Err(_) => r.violation(
                            Code::Pattern,
                            format!("operator '{op}' needs a single non-negative integer value, {value:?} is not an integer"),
                        ),
                    },
                    _ => r.violation(
                        Code::TooLong,
                        format!(
                            "operator '{op}' needs a single non-negative integer value, has {}",
                            values.len()
                        ),
                    ),
                }
            }
            OperatorClass::Other => {}
        }
    });
    if let Some(min) = requirement.min_values {
        report.field("minValues", |r| check::range(r, min, 1, 50));
    }
}

// ---------------------------------------------------------------------------------------------
// Disruption budgets
// ---------------------------------------------------------------------------------------------

static BUDGET_NODES: LazyLock<Regex> = LazyLock::new(|| pattern(r"^((100|[0-9]{1,2})%|[0-9]+)$"));
static BUDGET_DURATION: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$"));
/// A cron schedule as Karpenter parses it (`cron.ParseStandard`): a macro or five fields,
/// optionally after a `TZ=`/`CRON_TZ=` time zone. Stricter than the CRD's pattern, whose
/// alternation is not anchored on both sides (it would accept `@dailyx`).
static BUDGET_SCHEDULE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"^(@(annually|yearly|monthly|weekly|daily|midnight|hourly)|((CRON_TZ|TZ)=\S+\s+)?\S+\s+\S+\s+\S+\s+\S+\s+\S+)$",
    )
});

/// Checks the parts of a disruption budget both versions share (at `budgets[i]`).
pub(crate) fn check_budget(
    report: &mut Report,
    nodes: &str,
    schedule: Option<&str>,
    duration: Option<&Duration>,
) {
    report.field("nodes", |r| {
        check::matches(
            r,
            nodes,
            &BUDGET_NODES,
            "a node count or a percentage (e.g. 10%, 5)",
        );
    });
    if let Some(schedule) = schedule {
        report.field("schedule", |r| {
            check::matches(
                r,
                schedule,
                &BUDGET_SCHEDULE,
                "a cron schedule (five fields, or @daily, @hourly, ...)",
            );
        });
    }
    if let Some(duration) = duration {
        report.field("duration", |r| {
            if !BUDGET_DURATION.is_match(duration.as_str()) {
                r.violation(
                    Code::InvalidDuration,
                    format!(
                        "{:?} is not a budget duration (hours and/or minutes: e.g. 10m, 8h, 1h30m)",
                        duration.as_str()
                    ),
                );
            }
        });
    }
    match (schedule.is_some(), duration.is_some()) {
        (true, false) => report.violation_at(
            "duration",
            Code::Required,
            "'schedule' must be set with 'duration'",
        ),
        (false, true) => report.violation_at(
            "schedule",
            Code::Required,
            "'schedule' must be set with 'duration'",
        ),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

/// Checks `limits`: every value is a Kubernetes quantity (the CRD takes int-or-string; aksflow writes strings).
pub(crate) fn check_limits(report: &mut Report, limits: &BTreeMap<String, Quantity>) {
    for (resource, quantity) in limits {
        report.field(resource, |r| {
            if resource.is_empty() {
                r.violation(Code::Required, "a limit needs a resource name");
            }
            check_quantity(r, quantity);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(check: impl FnOnce(&mut Report)) -> Vec<(String, Code)> {
        let mut report = Report::default();
        check(&mut report);
        report
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect()
    }

    #[test]
    fn durations() {
        for ok in ["30s", "720h", "1h30m", "0s", "1h2m3s"] {
            assert!(Duration::new(ok).validate().is_ok(), "{ok}");
        }
        for bad in ["", "1d", "Never", "1.5h", "30", "h", "30s "] {
            let error = Duration::new(bad).validate().unwrap_err();
            assert_eq!(error.violations()[0].code, Code::InvalidDuration, "{bad}");
        }
        assert_eq!(NillableDuration::from("Never"), NillableDuration::Never);
        assert_eq!(NillableDuration::from("720h"), NillableDuration::hours(720));
        assert!(NillableDuration::Never.validate().is_ok());
        assert!(NillableDuration::from("2 days").validate().is_err());
        assert_eq!(
            serde_json::to_string(&NillableDuration::Never).unwrap(),
            "\"Never\""
        );
        let back: NillableDuration = serde_json::from_str("\"90m\"").unwrap();
        assert_eq!(back, NillableDuration::minutes(90));
    }

    #[test]
    fn taints() {
        let ok = Taint::new("example.com/dedicated", "gpu", TaintEffect::NoSchedule);
        assert!(ok.validate().is_ok());
        assert_eq!(
            serde_json::to_string(&ok).unwrap(),
            r#"{"key":"example.com/dedicated","value":"gpu","effect":"NoSchedule"}"#
        );
        let bad = Taint {
            key: "Bad Key".into(),
            value: Some("a b".into()),
            effect: TaintEffect::NoExecute,
            time_added: None,
        };
        assert_eq!(
            codes(|r| bad.validate_into(r)),
            vec![
                ("key".to_owned(), Code::Pattern),
                ("value".to_owned(), Code::Pattern)
            ]
        );
        let empty = Taint::builder()
            .key("")
            .effect(TaintEffect::NoSchedule)
            .build();
        assert_eq!(
            codes(|r| empty.validate_into(r)),
            vec![("key".to_owned(), Code::Required)]
        );
        let a = [Taint::new("a", "1", TaintEffect::NoSchedule)];
        let b = [
            Taint::new("a", "2", TaintEffect::NoExecute),
            Taint::new("a", "3", TaintEffect::NoSchedule),
        ];
        assert_eq!(
            codes(|r| check_taint_duplicates(r, Some(&a), Some(&b))),
            vec![("startupTaints[1]".to_owned(), Code::Duplicate)]
        );
    }

    #[test]
    fn budgets() {
        assert!(codes(|r| check_budget(r, "10%", None, None)).is_empty());
        assert!(
            codes(|r| check_budget(r, "0", Some("0 9 * * mon-fri"), Some(&Duration::new("8h"))))
                .is_empty()
        );
        assert!(
            codes(|r| check_budget(r, "100%", Some("@daily"), Some(&Duration::new("1h30m0s"))))
                .is_empty()
        );
        assert_eq!(
            codes(|r| check_budget(r, "101%", Some("@dailyx"), Some(&Duration::new("30s")))),
            vec![
                ("nodes".to_owned(), Code::Pattern),
                ("schedule".to_owned(), Code::Pattern),
                ("duration".to_owned(), Code::InvalidDuration),
            ]
        );
        assert_eq!(
            codes(|r| check_budget(r, "5", Some("* * * * *"), None)),
            vec![("duration".to_owned(), Code::Required)]
        );
        assert_eq!(
            codes(|r| check_budget(r, "5", None, Some(&Duration::new("1h")))),
            vec![("schedule".to_owned(), Code::Required)]
        );
    }

    #[test]
    fn limits() {
        let mut limits = BTreeMap::new();
        limits.insert("cpu".to_owned(), Quantity("1000".into()));
        limits.insert("memory".to_owned(), Quantity("1000GB".into()));
        assert_eq!(
            codes(|r| check_limits(r, &limits)),
            vec![("memory".to_owned(), Code::InvalidQuantity)]
        );
    }
}

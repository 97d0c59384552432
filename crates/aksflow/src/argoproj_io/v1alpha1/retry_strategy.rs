//! Retries of failed steps: how many, on which failures, with which backoff.

use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{check_argo_duration, is_expression};
use crate::error::Code;
use crate::validation::{Report, Validate};

/// How a failed template (or every template of a Workflow) is retried.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct RetryStrategy {
    /// The most retries (an integer, or a `{{...}}` expression); unlimited when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<IntOrString>,
    /// Which failures are retried (Argo's default: `OnFailure`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_policy: Option<RetryPolicy>,
    /// The wait between retries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff: Option<Backoff>,
    /// An expression that must be true for a retry, e.g. `asInt(lastRetry.exitCode) > 1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
}

/// Which failures a retry strategy retries.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryPolicy {
    /// Every failure and error.
    Always,
    /// Failed steps (the main container exited non-zero).
    OnFailure,
    /// Errors of Argo or Kubernetes (the pod could not run).
    OnError,
    /// Transient errors (e.g. API throttling) and failures matching the transient-error pattern.
    OnTransientError,
}

/// The exponential wait between retries: `duration * factor^n`, at most `cap`, stopping after `maxDuration`.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct Backoff {
    /// The first wait: seconds (`"10"`) or a duration (`"10s"`, `"2m"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// The multiplier applied to the wait after each retry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factor: Option<IntOrString>,
    /// The longest single wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<String>,
    /// The longest total time spent retrying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_duration: Option<String>,
}

/// A non-negative integer, or a string holding one or a `{{...}}` expression.
pub(crate) fn check_int_or_expression(report: &mut Report, value: &IntOrString, min: i64) {
    match value {
        IntOrString::Int(n) => {
            if i64::from(*n) < min {
                report.violation(Code::OutOfRange, format!("must be at least {min}, is {n}"));
            }
        }
        IntOrString::String(s) if is_expression(s) => {}
        IntOrString::String(s) => match s.trim().parse::<i64>() {
            Ok(n) if n < min => {
                report.violation(Code::OutOfRange, format!("must be at least {min}, is {n}"))
            }
            Ok(_) => {}
            Err(_) => report.violation(
                Code::Pattern,
                format!("{s:?} is neither an integer nor a {{{{...}}}} expression"),
            ),
        },
    }
}

impl Validate for RetryStrategy {
    fn validate_into(&self, report: &mut Report) {
        if let Some(limit) = &self.limit {
            report.field("limit", |r| check_int_or_expression(r, limit, 0));
        }
        report.nested("backoff", &self.backoff);
    }
}

impl Validate for Backoff {
    fn validate_into(&self, report: &mut Report) {
        for (name, value) in [
            ("duration", &self.duration),
            ("cap", &self.cap),
            ("maxDuration", &self.max_duration),
        ] {
            if let Some(value) = value {
                report.field(name, |r| check_argo_duration(r, value));
            }
        }
        if let Some(factor) = &self.factor {
            report.field("factor", |r| check_int_or_expression(r, factor, 1));
        }
    }
}

//! Custom Prometheus metrics a Workflow or template emits (e.g. `cluster_provisioning_time_seconds`).

use std::sync::LazyLock;

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::duplicates;
use crate::error::Code;
use crate::validation::{Report, Validate, check, pattern};

/// Prometheus metric and label names.
static METRIC_NAME: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[a-zA-Z_][a-zA-Z0-9_]*$"));

/// Metrics emitted by a Workflow or a template.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Metrics {
    /// Prometheus metrics (at most 100).
    pub prometheus: Vec<Prometheus>,
}

/// One Prometheus metric: a gauge, a histogram or a counter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct Prometheus {
    /// The metric name: letters, digits and '_', not starting with a digit.
    pub name: String,
    /// The help text.
    pub help: String,
    /// Labels attached to the metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<MetricLabel>>,
    /// An expression deciding whether the metric is emitted, e.g. `{{status}} == Succeeded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// A gauge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gauge: Option<Gauge>,
    /// A histogram.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub histogram: Option<Histogram>,
    /// A counter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter: Option<Counter>,
}

/// A metric label.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct MetricLabel {
    /// The label name.
    pub key: String,
    /// The label value (may use `{{...}}`).
    pub value: String,
}

impl MetricLabel {
    /// A label `key=value`.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// A gauge: a value that goes up and down, e.g. `{{workflow.duration}}`.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct Gauge {
    /// The value (1-256 characters), usually an Argo variable.
    pub value: String,
    /// Emitted continuously while the step runs, not only at its end.
    pub realtime: bool,
    /// How the value is applied (Argo's default: `Set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<GaugeOperation>,
}

/// How a gauge's value is applied.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GaugeOperation {
    /// Replace the gauge's value.
    Set,
    /// Add to it.
    Add,
    /// Subtract from it.
    Sub,
}

/// A histogram of observed values.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct Histogram {
    /// The observed value, usually an Argo variable.
    pub value: String,
    /// The upper bounds of the buckets, ascending.
    pub buckets: Vec<f64>,
}

/// A counter incremented by a value.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct Counter {
    /// The increment, usually `"1"`.
    pub value: String,
}

impl Validate for Metrics {
    fn validate_into(&self, report: &mut Report) {
        report.field("prometheus", |r| {
            check::max_items(r, &self.prometheus, 100);
            for (i, name, first) in duplicates(self.prometheus.iter().map(|m| m.name.as_str())) {
                r.item(i, |r| {
                    r.violation_at(
                        "name",
                        Code::Duplicate,
                        format!("metric {name:?} is already defined at index {first}"),
                    )
                });
            }
        });
        report.nested("prometheus", &self.prometheus);
    }
}

impl Validate for Prometheus {
    fn validate_into(&self, report: &mut Report) {
        report.field("name", |r| {
            check::matches(r, &self.name, &METRIC_NAME, "a Prometheus metric name")
        });
        report.field("help", |r| check::length(r, &self.help, 1, usize::MAX));
        if let Some(labels) = &self.labels {
            report.field("labels", |r| {
                for (i, label) in labels.iter().enumerate() {
                    r.item(i, |r| {
                        r.field("key", |r| {
                            check::matches(r, &label.key, &METRIC_NAME, "a Prometheus label name")
                        });
                        if label.value.is_empty() {
                            r.violation_at(
                                "value",
                                Code::Required,
                                "a label value must not be empty",
                            );
                        }
                    });
                }
                for (i, key, first) in duplicates(labels.iter().map(|l| l.key.as_str())) {
                    r.item(i, |r| {
                        r.violation_at(
                            "key",
                            Code::Duplicate,
                            format!("label {key:?} is already defined at index {first}"),
                        )
                    });
                }
            });
        }
        let kinds = [
            self.gauge.is_some(),
            self.histogram.is_some(),
            self.counter.is_some(),
        ]
        .iter()
        .filter(|set| **set)
        .count();
        match kinds {
            0 => report.violation(Code::Required, "set one of gauge, histogram or counter"),
            1 => {}
            _ => report.violation(
                Code::Conflict,
                "set only one of gauge, histogram or counter",
            ),
        }
        if let Some(gauge) = &self.gauge {
            report.field("gauge", |r| {
                r.field("value", |r| check::length(r, &gauge.value, 1, 256));
                // CEL: realtime gauges cannot use resourcesDuration.* metrics.
                if gauge.realtime && gauge.value.contains("resourcesDuration.") {
                    r.violation_at(
                        "value",
                        Code::NotAllowed,
                        "'resourcesDuration.*' metrics cannot be used in real-time gauges",
                    );
                }
            });
        }
        if let Some(histogram) = &self.histogram {
            report.field("histogram", |r| {
                r.field("value", |r| {
                    check::length(r, &histogram.value, 1, usize::MAX)
                });
                r.field("buckets", |r| {
                    check::min_items(r, &histogram.buckets, 1);
                    if histogram.buckets.windows(2).any(|w| w[0] >= w[1]) {
                        r.violation(Code::NotAllowed, "bucket bounds must be strictly ascending");
                    }
                });
            });
        }
        if let Some(counter) = &self.counter {
            report.field("counter", |r| {
                r.field("value", |r| check::length(r, &counter.value, 1, usize::MAX))
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Code::*;
    use crate::argoproj_io::v1alpha1::common::testing::{expected, spec_violations};

    fn with_metrics(prometheus: &str) -> String {
        format!(
            "entrypoint: c\nmetrics:\n  prometheus:\n{prometheus}templates:\n- name: c\n  container:\n    image: busybox\n"
        )
    }

    #[test]
    fn a_provisioning_gauge_passes() {
        let yaml = with_metrics(
            "  - name: cluster_provisioning_time_seconds\n    help: Provisioning time.\n    labels:\n    - key: cluster\n      value: '{{workflow.parameters.cluster}}'\n    gauge:\n      value: '{{workflow.duration}}'\n      realtime: false\n      operation: Set\n",
        );
        assert_eq!(spec_violations(&yaml), vec![]);
    }

    #[test]
    fn metric_rules() {
        let yaml = with_metrics(concat!(
            "  - name: 1bad-name\n    help: ''\n    labels:\n    - key: bad-key\n      value: ''\n",
            "  - name: cpu\n    help: CPU.\n    gauge:\n      value: '{{workflow.resourcesDuration.cpu}}'\n      realtime: true\n    counter:\n      value: '1'\n",
            "  - name: cpu\n    help: Histogram.\n    histogram:\n      value: '{{workflow.duration}}'\n      buckets: [10, 5]\n",
        ));
        assert_eq!(
            spec_violations(&yaml),
            expected(&[
                ("metrics.prometheus[2].name", Duplicate),
                ("metrics.prometheus[0].name", Pattern),
                ("metrics.prometheus[0].help", Required),
                ("metrics.prometheus[0].labels[0].key", Pattern),
                ("metrics.prometheus[0].labels[0].value", Required),
                ("metrics.prometheus[0]", Required),
                ("metrics.prometheus[1]", Conflict),
                ("metrics.prometheus[1].gauge.value", NotAllowed),
                ("metrics.prometheus[2].histogram.buckets", NotAllowed),
            ])
        );
    }
}

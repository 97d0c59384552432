//! The Workflow's custom Prometheus metrics (Argo emits them when the Workflow completes).
//!
//! - `cluster_provisioning_time_seconds` (gauge): the Workflow's duration, by location, node pool
//!   type, dry run and status.
//! - `cluster_provisioning_completed` (counter): one per completed Workflow, by the same labels;
//!   `status` (`Succeeded`, `Failed`, `Error`) makes it the success/failure counter.
//!
//! No per-cluster label: cluster names are unbounded; the Workflow's labels carry them.

use crate::argoproj_io::v1alpha1::{Counter, Gauge, MetricLabel, Metrics, Prometheus};
use crate::plan::Plan;

/// The duration gauge.
pub const PROVISIONING_TIME: &str = "cluster_provisioning_time_seconds";
/// The completion counter.
pub const PROVISIONING_COMPLETED: &str = "cluster_provisioning_completed";

fn labels(plan: &Plan) -> Vec<MetricLabel> {
    vec![
        MetricLabel::new("location", plan.location.clone()),
        MetricLabel::new("node_pool_type", plan.node_pool_type.clone()),
        MetricLabel::new("dry_run", plan.dry_run.to_string()),
        MetricLabel::new("status", "{{workflow.status}}"),
    ]
}

/// The Workflow-level metrics of a plan.
pub fn metrics(plan: &Plan) -> Metrics {
    Metrics {
        prometheus: vec![
            Prometheus {
                name: PROVISIONING_TIME.to_owned(),
                help: "Duration of aksflow cluster provisioning Workflows, in seconds.".to_owned(),
                labels: Some(labels(plan)),
                gauge: Some(Gauge {
                    value: "{{workflow.duration}}".to_owned(),
                    realtime: false,
                    operation: None,
                }),
                ..Prometheus::default()
            },
            Prometheus {
                name: PROVISIONING_COMPLETED.to_owned(),
                help: "Completed aksflow cluster provisioning Workflows, by status.".to_owned(),
                labels: Some(labels(plan)),
                counter: Some(Counter {
                    value: "1".to_owned(),
                }),
                ..Prometheus::default()
            },
        ],
    }
}

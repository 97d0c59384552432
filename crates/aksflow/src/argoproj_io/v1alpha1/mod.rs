//! `argoproj.io/v1alpha1`.
//!
//! [`Workflow`] and [`WorkflowTemplate`] share [`WorkflowSpec`] and the template types.

mod arguments;
mod artifact;
mod call;
mod common;
mod container;
mod dag;
mod depends;
mod lifecycle_hook;
mod metrics;
mod parameter;
mod resource_template;
mod retry_strategy;
mod steps;
mod template;
mod workflow;
mod workflow_spec;
mod workflow_template;

pub use arguments::{Arguments, Inputs, Outputs};
pub use artifact::{Artifact, HttpArtifact, RawArtifact};
pub use call::{ContinueOn, Sequence, TemplateRef};
pub use common::Metadata;
pub use container::ScriptTemplate;
pub use dag::{DagTask, DagTemplate};
pub use depends::{DependsRef, TASK_RESULTS, parse_depends};
pub use lifecycle_hook::{EXIT_HOOK, LifecycleHook, LifecycleHooks};
pub use metrics::{Counter, Gauge, GaugeOperation, Histogram, MetricLabel, Metrics, Prometheus};
pub use parameter::{Parameter, SuppliedValueFrom, ValueFrom};
pub use resource_template::{ManifestFrom, MergeStrategy, ResourceAction, ResourceTemplate};
pub use retry_strategy::{Backoff, RetryPolicy, RetryStrategy};
pub use steps::{Steps, WorkflowStep};
pub use template::{SuspendTemplate, Template, TemplateKind, TemplateType};
pub use workflow::Workflow;
pub use workflow_spec::{
    LabelValueFrom, PodGc, PodGcStrategy, TtlStrategy, WorkflowMetadata, WorkflowSpec,
    WorkflowTemplateRef,
};
pub use workflow_template::WorkflowTemplate;

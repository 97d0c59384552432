//! The provisioning Workflow: an Argo DAG built from a [`Bundle`], run by Argo Workflows in the
//! management cluster (where ASO runs).
//!
//! The Workflow never re-derives what the bundle decided: it applies the bundle's objects, in the
//! bundle's order, each to the cluster the bundle says. What it adds is *when*: objects up to the
//! ManagedCluster are applied in the management cluster one after the other; then it waits for the
//! ManagedCluster to be `Ready`; only then does anything touch the new cluster (workload objects,
//! with the kubeconfig ASO exported) or need it running (the Flux Extension and FluxConfiguration,
//! in `setup-flux-gitops`). Three branches run in parallel after the wait: Karpenter, add-ons, Flux.
//!
//! ```text
//! validate-inputs → create-resource-group → [create-managed-identity] → create-managed-cluster
//!   → wait-for-cluster-ready ─┬→ create-karpenter-nodeclass → create-karpenter-nodepool   (NAP)
//!                             ├→ configure-cluster-addons                                 (add-ons)
//!                             └→ setup-flux-gitops: create-flux-extension → create-flux-configuration → wait-for-flux
//! onExit: record-result (annotates the ManagedCluster with the result; deletes nothing)
//! ```
//!
//! RBAC objects of the bundle are *not* applied: they are the prerequisites the Workflow runs with,
//! installed by the platform beforehand. A dry run (`dryRun: true`) renders the same DAG minus the
//! waits and the workload-cluster steps, with every apply `--dry-run=server`, and an exit handler
//! that only logs.
//!
//! With `provisioningPath: kro` the DAG is instead the legacy one of the previous KRO composition
//! (apply its `AKSCluster` instance, wait for it): see `kro.rs` and [`kro_instance`].
//!
//! No user string is substituted at run time: every manifest is rendered here from the validated
//! plan and embedded whole (request validation rejects `{{` in user strings); the only Argo
//! variables are the kubectl image parameter (in `image` fields only) and `workflow.*` in the exit
//! handler and the metrics.

mod dag;
mod inspect;
mod kro;
mod mermaid;
mod metrics;
mod scripts;
mod steps;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

pub use inspect::{EmbeddedManifest, FlatTask, embedded_manifests, flatten_dag};
pub use kro::{
    CREATE_KRO_INSTANCE, KRO_API_VERSION, KRO_KIND, KRO_RESOURCE, WAIT_FOR_KRO_INSTANCE,
    kro_instance,
};
pub use mermaid::mermaid;

use crate::argoproj_io::v1alpha1::{
    Arguments, Parameter, PodGc, PodGcStrategy, TtlStrategy, Workflow, WorkflowMetadata,
    WorkflowSpec, WorkflowTemplate,
};
use crate::error::Error;
use crate::plan::Plan;
use crate::render::bundle::Bundle;
use crate::render::rbac::RbacNames;
use crate::request::ProvisioningPath;
use crate::validation::{Report, Validate};

/// The default kubectl image of the container steps: kubectl with bash, coreutils and grep
/// (`alpine/k8s` tags follow the kubectl version). Pinned; override it per Workflow with the
/// `kubectl-image` parameter or per rendering with [`WorkflowOptions::kubectl_image`].
pub const DEFAULT_KUBECTL_IMAGE: &str = "docker.io/alpine/k8s:1.33.3";

/// The Workflow parameter holding the kubectl image.
pub const KUBECTL_IMAGE_PARAMETER: &str = "kubectl-image";

/// Label: the cluster name.
pub const LABEL_CLUSTER_NAME: &str = "aksflow.io/cluster-name";
/// Label: the node pool type.
pub const LABEL_NODE_POOL_TYPE: &str = "aksflow.io/node-pool-type";
/// Label: Node Auto Provisioning on (`"true"`/`"false"`).
pub const LABEL_NAP: &str = "aksflow.io/nap";
/// Label: a dry run (`"true"`/`"false"`).
pub const LABEL_DRY_RUN: &str = "aksflow.io/dry-run";
/// Label: `kro` on Workflows of the legacy path (`provisioningPath: kro`); absent on the direct path.
pub const LABEL_PROVISIONING_PATH: &str = "aksflow.io/provisioning-path";

/// How the Workflow is rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WorkflowOptions {
    /// The namespace and ServiceAccount the Workflow runs as (the least-privilege RBAC's names).
    pub rbac_names: RbacNames,
    /// The default of the `kubectl-image` parameter: the image of every container step.
    pub kubectl_image: String,
    /// How long `wait-for-cluster-ready` waits, in seconds (default 45 minutes).
    pub cluster_ready_timeout_seconds: u32,
    /// How long the waits on Flux and on the add-ons wait, in seconds (default 20 minutes).
    pub component_timeout_seconds: u32,
}

impl Default for WorkflowOptions {
    fn default() -> Self {
        Self {
            rbac_names: RbacNames::default(),
            kubectl_image: DEFAULT_KUBECTL_IMAGE.to_owned(),
            cluster_ready_timeout_seconds: 45 * 60,
            component_timeout_seconds: 20 * 60,
        }
    }
}

impl WorkflowOptions {
    /// These options with `names` for the namespace and ServiceAccount.
    #[must_use]
    pub fn with_rbac_names(mut self, names: RbacNames) -> Self {
        self.rbac_names = names;
        self
    }

    /// These options with `image` as the kubectl image.
    #[must_use]
    pub fn with_kubectl_image(mut self, image: impl Into<String>) -> Self {
        self.kubectl_image = image.into();
        self
    }
}

/// The longest a provisioning Workflow may run, in seconds (3 hours).
const ACTIVE_DEADLINE_SECONDS: i64 = 3 * 60 * 60;
/// The longest a dry run may run, in seconds (30 minutes).
const DRY_RUN_DEADLINE_SECONDS: i64 = 30 * 60;
/// How long a succeeded Workflow is kept (1 day).
const TTL_AFTER_SUCCESS: i32 = 24 * 60 * 60;
/// How long a failed Workflow is kept, for diagnosis (7 days).
const TTL_AFTER_FAILURE: i32 = 7 * 24 * 60 * 60;

/// The Workflow's labels: cluster name, node pool type, NAP, dry run.
fn labels(plan: &Plan) -> BTreeMap<String, String> {
    [
        (LABEL_CLUSTER_NAME, plan.names.cluster.clone()),
        (LABEL_NODE_POOL_TYPE, plan.node_pool_type.clone()),
        (LABEL_NAP, plan.enable_nap.to_string()),
        (LABEL_DRY_RUN, plan.dry_run.to_string()),
    ]
    .into_iter()
    .chain(
        (plan.provisioning_path == ProvisioningPath::Kro)
            .then(|| (LABEL_PROVISIONING_PATH, "kro".to_owned())),
    )
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// The spec shared by the Workflow and the WorkflowTemplate.
fn spec(plan: &Plan, bundle: &Bundle, options: &WorkflowOptions) -> Result<WorkflowSpec, Error> {
    let graph = match plan.provisioning_path {
        ProvisioningPath::Direct => dag::build(plan, bundle, options)?,
        ProvisioningPath::Kro => kro::build(plan, options)?,
    };
    Ok(WorkflowSpec {
        entrypoint: Some(dag::ENTRYPOINT.to_owned()),
        on_exit: Some(steps::RECORD_RESULT.to_owned()),
        arguments: Some(Arguments::parameters([Parameter::builder()
            .name(KUBECTL_IMAGE_PARAMETER)
            .value(options.kubectl_image.clone())
            .description("The image of the kubectl steps (kubectl, bash); pinned.")
            .build()])),
        service_account_name: Some(options.rbac_names.workflow_service_account.clone()),
        workflow_metadata: Some(WorkflowMetadata {
            labels: Some(labels(plan)),
            ..WorkflowMetadata::default()
        }),
        active_deadline_seconds: Some(if plan.dry_run {
            DRY_RUN_DEADLINE_SECONDS
        } else {
            ACTIVE_DEADLINE_SECONDS
        }),
        pod_gc: Some(PodGc {
            strategy: Some(PodGcStrategy::OnPodSuccess),
            ..PodGc::default()
        }),
        ttl_strategy: Some(TtlStrategy {
            seconds_after_success: Some(TTL_AFTER_SUCCESS),
            seconds_after_failure: Some(TTL_AFTER_FAILURE),
            ..TtlStrategy::default()
        }),
        metrics: Some(metrics::metrics(plan)),
        templates: Some(graph),
        ..WorkflowSpec::default()
    })
}

/// The provisioning Workflow of a plan's bundle: `generateName: provision-<cluster>-`, in the
/// Workflow namespace, run as the provisioning ServiceAccount. Checked by the Workflow kind's rules.
pub fn render_workflow(
    plan: &Plan,
    bundle: &Bundle,
    options: &WorkflowOptions,
) -> Result<Workflow, Error> {
    let workflow = Workflow {
        metadata: ObjectMeta {
            generate_name: Some(format!("provision-{}-", plan.names.cluster)),
            namespace: Some(options.rbac_names.workflow_namespace.clone()),
            labels: Some(labels(plan)),
            ..ObjectMeta::default()
        },
        spec: spec(plan, bundle, options)?,
    };
    checked(workflow)
}

/// `object` when it passes its kind's rules (the manifests the renderer embedded are not parsed
/// again: see [`Report::for_rendered`]).
fn checked<K: Validate>(object: K) -> Result<K, Error> {
    let mut report = Report::for_rendered();
    object.validate_into(&mut report);
    report.finish()?;
    Ok(object)
}

/// The name of a plan's WorkflowTemplate: `aksflow-<cluster>` (fits 63 characters for every valid name).
pub fn template_name(plan: &Plan) -> String {
    format!("aksflow-{}", plan.names.cluster)
}

/// The same DAG as a WorkflowTemplate `aksflow-<cluster>`, for installing through GitOps; submit
/// with `argo submit --from workflowtemplate/aksflow-<cluster>` or a Workflow whose
/// `spec.workflowTemplateRef.name` names it. Workflows submitted from it carry its labels
/// (`spec.workflowMetadata`).
pub fn render_workflow_template(
    plan: &Plan,
    bundle: &Bundle,
    options: &WorkflowOptions,
) -> Result<WorkflowTemplate, Error> {
    let template = WorkflowTemplate {
        metadata: ObjectMeta {
            name: Some(template_name(plan)),
            namespace: Some(options.rbac_names.workflow_namespace.clone()),
            labels: Some(labels(plan)),
            ..ObjectMeta::default()
        },
        spec: spec(plan, bundle, options)?,
    };
    checked(template)
}

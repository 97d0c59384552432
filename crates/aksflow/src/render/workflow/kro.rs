//! The legacy path (`provisioningPath: kro`): the Workflow the platform ran before the migration,
//! kept so the WorkflowService can flip back with a flag. It applies one KRO `AKSCluster` instance
//! (`kro.run/v1alpha1`, the API of the previous composition, `examples/kro/rgd.yaml`) in the
//! management cluster and waits until KRO reports it `Ready` and the ManagedCluster it composed is
//! `Ready`. KRO, not the Workflow, creates the ResourceGroup, identity and ManagedCluster.
//!
//! ```text
//! validate-inputs → create-kro-instance → wait-for-kro-instance
//! onExit: record-result (annotates the ManagedCluster with the result; deletes nothing)
//! ```
//!
//! A dry run applies the instance with `--dry-run=server` and waits for nothing.
//!
//! The bundle is rendered as for the direct path (it is what the migration compares against); the
//! legacy Workflow applies none of it. Its least-privilege Role adds `kro.run` `aksclusters`.

use serde_json::{Map, Value, json};

use super::dag::{ENTRYPOINT, VALIDATE_INPUTS};
use super::{WorkflowOptions, scripts, steps};
use crate::argoproj_io::v1alpha1::{DagTask, DagTemplate, Template, TemplateType};
use crate::error::Error;
use crate::plan::Plan;

/// The API version of the previous composition's instances.
pub const KRO_API_VERSION: &str = "kro.run/v1alpha1";
/// The kind of the previous composition's instances.
pub const KRO_KIND: &str = "AKSCluster";
/// The resource (plural) of [`KRO_KIND`], for RBAC and kubectl.
pub const KRO_RESOURCE: &str = "aksclusters";
/// The step applying the instance.
pub const CREATE_KRO_INSTANCE: &str = "create-kro-instance";
/// The wait for the instance and its ManagedCluster.
pub const WAIT_FOR_KRO_INSTANCE: &str = "wait-for-kro-instance";

/// The KRO `AKSCluster` instance for a plan, in the previous composition's fields: `clusterName`,
/// `location`, `kubernetesVersion`, `namespace` (of the ASO objects), `nodePool.vmSize` (the
/// profile's primary VM size; the node count is the composition's default), and `tags` when given.
/// The instance lives in the ASO namespace, named after the cluster.
pub fn kro_instance(plan: &Plan) -> Value {
    let mut spec = Map::new();
    spec.insert("clusterName".into(), json!(plan.names.cluster));
    spec.insert("location".into(), json!(plan.location));
    spec.insert("kubernetesVersion".into(), json!(plan.kubernetes_version));
    spec.insert("namespace".into(), json!(plan.namespace));
    spec.insert(
        "nodePool".into(),
        json!({ "vmSize": plan.profile.primary_vm_size }),
    );
    if !plan.tags.is_empty() {
        spec.insert("tags".into(), json!(plan.tags));
    }
    json!({
        "apiVersion": KRO_API_VERSION,
        "kind": KRO_KIND,
        "metadata": { "name": plan.names.cluster, "namespace": plan.namespace },
        "spec": Value::Object(spec),
    })
}

fn task(name: &str, depends: Option<&str>) -> DagTask {
    DagTask {
        depends: depends.map(str::to_owned),
        ..DagTask::calling(name, name)
    }
}

/// The preflight: the management cluster serves the `AKSCluster` API (the RGD is installed), the
/// namespace admits the instance (a server-side dry run, which also proves the RBAC), and no
/// ManagedCluster of this name belongs to another resource group.
fn preflight(plan: &Plan, instance: &str, cluster_ref: &str) -> Result<String, Error> {
    let q = scripts::quote;
    let namespace = plan.namespace.as_str();
    let resource_group = plan.names.resource_group.as_str();
    Ok(format!(
        "set -euo pipefail\n\
         if ! kubectl api-resources --api-group=kro.run -o name | grep -qxF {resource}; then\n  \
           echo 'the management cluster does not serve {KRO_KIND} ({KRO_API_VERSION}): install the ResourceGraphDefinition of the previous composition' >&2\n  \
           exit 1\n\
         fi\n\
         namespace={namespace}\n\
         echo \"namespace $namespace exists and admits the instance (server-side dry run):\"\n\
         kubectl apply --dry-run=server -n \"$namespace\" -f - {heredoc}\
         existing=\"$(kubectl get {cluster} -n \"$namespace\" --ignore-not-found -o jsonpath='{{.spec.owner.name}}')\"\n\
         found=\"$(kubectl get {cluster} -n \"$namespace\" --ignore-not-found -o name)\"\n\
         if [ -n \"$found\" ] && [ \"$existing\" != {rg} ]; then\n  \
           echo 'ManagedCluster '{name}\" already exists in $namespace, owned by resource group '$existing', not \"{rg} >&2\n  \
           exit 1\n\
         fi\n\
         echo 'preflight passed'\n",
        resource = q(&format!("{KRO_RESOURCE}.kro.run")),
        namespace = q(namespace),
        heredoc = scripts::heredoc(instance)?,
        cluster = q(cluster_ref),
        rg = q(resource_group),
        name = q(&plan.names.cluster),
    ))
}

/// Every template of the legacy Workflow: the entrypoint DAG, the steps, the exit handler.
pub(super) fn build(plan: &Plan, options: &WorkflowOptions) -> Result<Vec<Template>, Error> {
    let instance = crate::to_yaml(&kro_instance(plan))?;
    let instance_ref = format!("{KRO_RESOURCE}.kro.run/{}", plan.names.cluster);
    let cluster_ref = format!(
        "managedclusters.containerservice.azure.com/{}",
        plan.names.cluster
    );
    let mut tasks = vec![
        task(VALIDATE_INPUTS, None),
        task(CREATE_KRO_INSTANCE, Some(VALIDATE_INPUTS)),
    ];
    let mut templates = vec![
        steps::preflight_script(VALIDATE_INPUTS, preflight(plan, &instance, &cluster_ref)?),
        steps::apply(CREATE_KRO_INSTANCE, instance, plan.dry_run),
    ];
    if !plan.dry_run {
        let timeout = options.cluster_ready_timeout_seconds;
        tasks.push(task(WAIT_FOR_KRO_INSTANCE, Some(CREATE_KRO_INSTANCE)));
        templates.push(steps::wait_script(
            WAIT_FOR_KRO_INSTANCE,
            scripts::wait_for_ready(
                &plan.namespace,
                &[instance_ref, cluster_ref.clone()],
                timeout,
            ),
            timeout,
        ));
    }
    let mut all = vec![Template::new(
        ENTRYPOINT,
        TemplateType::Dag(DagTemplate {
            tasks,
            target: None,
            fail_fast: None,
        }),
    )];
    all.extend(templates);
    all.push(steps::record_result(
        &plan.namespace,
        &cluster_ref,
        &plan.names.resource_group,
        plan.dry_run,
    ));
    Ok(all)
}

//! The DAG: which task applies which object of the bundle, and what each task waits for.

use super::steps::{self, as_wait};
use super::{WorkflowOptions, scripts};
use crate::argoproj_io::v1alpha1::{DagTask, DagTemplate, Template, TemplateType};
use crate::error::{Code, Error, FieldPath, UnsupportedKindError, ValidationError, Violation};
use crate::manifest::Manifest;
use crate::plan::Plan;
use crate::render::bundle::{Bundle, BundleObject, Target};

/// The entrypoint: the DAG of the whole provisioning.
pub const ENTRYPOINT: &str = "provision";
/// The preflight in the management cluster.
pub const VALIDATE_INPUTS: &str = "validate-inputs";
/// The wait for the ManagedCluster's `Ready` condition.
pub const WAIT_FOR_CLUSTER_READY: &str = "wait-for-cluster-ready";
/// The add-on verification in the workload cluster.
pub const CONFIGURE_CLUSTER_ADDONS: &str = "configure-cluster-addons";
/// The Flux group (a nested DAG).
pub const SETUP_FLUX_GITOPS: &str = "setup-flux-gitops";
/// The wait for the Flux objects' `Ready` condition.
pub const WAIT_FOR_FLUX: &str = "wait-for-flux";

/// The step that applies `manifest`, by kind; `None` for the RBAC kinds, which the Workflow runs
/// with rather than applies.
fn step_name(manifest: &Manifest) -> Result<Option<&'static str>, Error> {
    Ok(Some(match manifest.kind() {
        "ResourceGroup" => "create-resource-group",
        "UserAssignedIdentity" => "create-managed-identity",
        "ManagedCluster" => "create-managed-cluster",
        "AKSNodeClass" => "create-karpenter-nodeclass",
        "NodePool" => "create-karpenter-nodepool",
        "Extension" => "create-flux-extension",
        "FluxConfiguration" => "create-flux-configuration",
        "ServiceAccount" | "Role" | "ClusterRole" | "RoleBinding" | "ClusterRoleBinding" => {
            return Ok(None);
        }
        other => {
            return Err(Error::UnsupportedKind(unsupported(&(
                manifest.api_version(),
                other,
            ))));
        }
    }))
}

/// An error about the bundle's shape (a renderer bug, not a request's).
fn invalid(message: String) -> Error {
    let violation = Violation {
        path: FieldPath::root(),
        code: Code::NotAllowed,
        message,
    };
    ValidationError::from_violations(vec![violation]).map_or_else(
        || Error::UnsupportedKind(unsupported(&("", ""))),
        Error::Validation,
    )
}

fn unsupported((api_version, kind): &(&str, &str)) -> UnsupportedKindError {
    UnsupportedKindError {
        api_version: (*api_version).to_owned(),
        kind: (*kind).to_owned(),
    }
}

/// `plural.group/name`: how kubectl names an object unambiguously.
fn object_ref(manifest: &Manifest) -> String {
    let group = manifest.api_version().split('/').next().unwrap_or_default();
    let name = manifest.metadata().name.as_deref().unwrap_or_default();
    format!("{}.{group}/{name}", manifest.plural())
}

fn task(name: &str, depends: Option<&str>) -> DagTask {
    DagTask {
        depends: depends.map(str::to_owned),
        ..DagTask::calling(name, name)
    }
}

fn dag(name: &str, tasks: Vec<DagTask>) -> Template {
    Template::new(
        name,
        TemplateType::Dag(DagTemplate {
            tasks,
            target: None,
            fail_fast: None,
        }),
    )
}

/// What the add-ons requested run in the workload cluster, to verify they rolled out.
fn addon_checks(plan: &Plan) -> Vec<scripts::AddonCheck> {
    use scripts::AddonCheck;
    let mut checks = Vec::new();
    if plan.addons.monitoring {
        checks.push(AddonCheck {
            namespace: "kube-system",
            object: "daemonset/ama-logs",
            addon: "monitoring (Container insights)",
        });
    }
    if plan.addons.key_vault_secrets_provider {
        for object in [
            "daemonset/aks-secrets-store-csi-driver",
            "daemonset/aks-secrets-store-provider-azure",
        ] {
            checks.push(AddonCheck {
                namespace: "kube-system",
                object,
                addon: "Key Vault secrets provider",
            });
        }
    }
    if plan.addons.azure_policy {
        checks.push(AddonCheck {
            namespace: "kube-system",
            object: "deployment/azure-policy",
            addon: "Azure Policy",
        });
        checks.push(AddonCheck {
            namespace: "gatekeeper-system",
            object: "deployment/gatekeeper-controller",
            addon: "Azure Policy (Gatekeeper)",
        });
    }
    checks
}

/// A chain of applies, each after the one before; returns the last task's name.
struct Chain<'a> {
    tasks: &'a mut Vec<DagTask>,
    templates: &'a mut Vec<Template>,
    last: String,
}

impl Chain<'_> {
    fn push(&mut self, name: &str, template: Template) {
        self.tasks.push(task(name, Some(&self.last)));
        self.templates.push(template);
        name.clone_into(&mut self.last);
    }
}

/// Every template of the Workflow: the entrypoint DAG first, then the steps in DAG order, the
/// Flux group, and the exit handler.
pub fn build(
    plan: &Plan,
    bundle: &Bundle,
    options: &WorkflowOptions,
) -> Result<Vec<Template>, Error> {
    let namespace = plan.namespace.as_str();
    let dry_run = plan.dry_run;
    let mut applied: Vec<(&'static str, &BundleObject)> = Vec::new();
    for object in &bundle.objects {
        if let Some(step) = step_name(&object.manifest)? {
            applied.push((step, object));
        }
    }
    let is_cluster = |o: &BundleObject| o.manifest.kind() == "ManagedCluster";
    let Some(cluster_at) = applied.iter().position(|(_, o)| is_cluster(o)) else {
        return Err(invalid("the bundle holds no ManagedCluster".to_owned()));
    };
    let (before, after) = applied.split_at(cluster_at + 1);
    if before.iter().any(|(_, o)| o.target != Target::Management) {
        return Err(invalid(
            "an object targets the workload cluster before its ManagedCluster exists".to_owned(),
        ));
    }
    // `before` ends with the ManagedCluster and starts with the first object to apply.
    let (Some((_, cluster)), Some((_, first))) = (before.last(), before.first()) else {
        return Err(invalid("the bundle holds no ManagedCluster".to_owned()));
    };
    let cluster = &cluster.manifest;
    let cluster_ref = object_ref(cluster);
    let resource_group = plan.names.resource_group.as_str();

    let mut tasks = vec![task(VALIDATE_INPUTS, None)];
    let mut templates = Vec::new();
    let mut api_versions: Vec<&str> = Vec::new();
    for (_, object) in applied
        .iter()
        .filter(|(_, o)| o.target == Target::Management)
    {
        if !api_versions.contains(&object.manifest.api_version()) {
            api_versions.push(object.manifest.api_version());
        }
    }
    let probe = crate::to_yaml(&first.manifest)?;
    templates.push(steps::preflight_script(
        VALIDATE_INPUTS,
        scripts::validate_inputs(
            namespace,
            &api_versions,
            &probe,
            &cluster_ref,
            &plan.names.cluster,
            resource_group,
        )?,
    ));

    // The management cluster, in bundle order, up to the ManagedCluster.
    let mut chain = Chain {
        tasks: &mut tasks,
        templates: &mut templates,
        last: VALIDATE_INPUTS.to_owned(),
    };
    for (step, object) in before {
        chain.push(
            step,
            steps::apply(step, crate::to_yaml(&object.manifest)?, dry_run),
        );
    }
    // The gate: the cluster is Ready (a dry run creates nothing to wait for).
    if !dry_run {
        chain.push(
            WAIT_FOR_CLUSTER_READY,
            steps::wait_script(
                WAIT_FOR_CLUSTER_READY,
                scripts::wait_for_ready(
                    namespace,
                    std::slice::from_ref(&cluster_ref),
                    options.cluster_ready_timeout_seconds,
                ),
                options.cluster_ready_timeout_seconds,
            ),
        );
    }
    let gate = chain.last.clone();
    let secret = plan.names.kubeconfig_secret.as_str();

    // The workload cluster (not in a dry run: it does not exist), in bundle order.
    if !dry_run {
        let mut chain = Chain {
            tasks: &mut tasks,
            templates: &mut templates,
            last: gate.clone(),
        };
        for (step, object) in after.iter().filter(|(_, o)| o.target == Target::Workload) {
            let source =
                scripts::workload_apply(namespace, secret, &crate::to_yaml(&object.manifest)?)?;
            chain.push(step, steps::workload_script(step, source));
        }
        let checks = addon_checks(plan);
        if !checks.is_empty() {
            let timeout = options.component_timeout_seconds;
            tasks.push(task(CONFIGURE_CLUSTER_ADDONS, Some(&gate)));
            templates.push(as_wait(
                steps::workload_script(
                    CONFIGURE_CLUSTER_ADDONS,
                    scripts::verify_addons(namespace, secret, &checks, timeout),
                ),
                timeout,
            ));
        }
    }

    // Management objects that need the running cluster (Flux), in bundle order, then their wait.
    let later: Vec<_> = after
        .iter()
        .filter(|(_, o)| o.target == Target::Management)
        .collect();
    let mut groups = Vec::new();
    if let Some(((first, _), _)) = later.split_first() {
        let mut inner_tasks = Vec::new();
        let mut inner_templates = Vec::new();
        let mut chain = Chain {
            tasks: &mut inner_tasks,
            templates: &mut inner_templates,
            last: String::new(),
        };
        for (step, object) in &later {
            let template = steps::apply(step, crate::to_yaml(&object.manifest)?, dry_run);
            if step == first {
                chain.tasks.push(task(step, None));
                chain.templates.push(template);
                (*step).clone_into(&mut chain.last);
            } else {
                chain.push(step, template);
            }
        }
        if !dry_run {
            let objects: Vec<String> = later.iter().map(|(_, o)| object_ref(&o.manifest)).collect();
            let timeout = options.component_timeout_seconds;
            chain.push(
                WAIT_FOR_FLUX,
                steps::wait_script(
                    WAIT_FOR_FLUX,
                    scripts::wait_for_ready(namespace, &objects, timeout),
                    timeout,
                ),
            );
        }
        tasks.push(task(SETUP_FLUX_GITOPS, Some(&gate)));
        templates.extend(inner_templates);
        groups.push(dag(SETUP_FLUX_GITOPS, inner_tasks));
    }

    let mut all = vec![dag(ENTRYPOINT, tasks)];
    all.extend(templates);
    all.extend(groups);
    all.push(steps::record_result(
        namespace,
        &cluster_ref,
        resource_group,
        dry_run,
    ));
    Ok(all)
}

/// [`step_name`] for the tests: `None` for the kinds the Workflow does not apply.
#[cfg(test)]
pub fn step_name_for_tests(manifest: &Manifest) -> Option<&'static str> {
    step_name(manifest).ok().flatten()
}

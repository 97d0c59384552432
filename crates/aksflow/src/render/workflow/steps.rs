//! The Workflow's templates: resource applies in the management cluster, kubectl scripts, and the
//! exit handler; each with the retry strategy its step needs.

use k8s_openapi::api::core::v1::{Container, EmptyDirVolumeSource, Volume, VolumeMount};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::KUBECTL_IMAGE_PARAMETER;
use super::scripts;
use crate::argoproj_io::v1alpha1::{
    Backoff, ResourceAction, ResourceTemplate, RetryPolicy, RetryStrategy, ScriptTemplate,
    Template, TemplateType,
};

/// The exit handler's template.
pub const RECORD_RESULT: &str = "record-result";

/// The kubectl flag of a server-side dry run.
pub const DRY_RUN_FLAG: &str = "--dry-run=server";

/// The in-memory volume workload steps write the kubeconfig to.
const KUBECONFIG_VOLUME: &str = "workload-kubeconfig";

/// Retries for steps that talk to an API server (and through ASO to Azure): every failure, up to
/// 5 times, waiting 15s, 30s, 60s, ... (at most 10 minutes in all).
fn api_retries() -> RetryStrategy {
    RetryStrategy {
        limit: Some(IntOrString::Int(5)),
        retry_policy: Some(RetryPolicy::Always),
        backoff: Some(Backoff {
            duration: Some("15s".to_owned()),
            factor: Some(IntOrString::Int(2)),
            max_duration: Some("10m".to_owned()),
            ..Backoff::default()
        }),
        expression: None,
    }
}

/// Retries for waits: only when the pod itself errored (evicted, node lost) — a wait that failed
/// because ASO reported an error or the timeout passed is final.
fn wait_retries() -> RetryStrategy {
    RetryStrategy {
        limit: Some(IntOrString::Int(2)),
        retry_policy: Some(RetryPolicy::OnError),
        backoff: Some(Backoff {
            duration: Some("30s".to_owned()),
            ..Backoff::default()
        }),
        expression: None,
    }
}

/// A `resource` template applying `manifest` in the management cluster (`action: apply` is
/// idempotent on retry); `--dry-run=server` in a dry run.
pub fn apply(name: &str, manifest: String, dry_run: bool) -> Template {
    let resource = ResourceTemplate {
        action: ResourceAction::Apply,
        manifest: Some(manifest),
        manifest_from: None,
        flags: dry_run.then(|| vec![DRY_RUN_FLAG.to_owned()]),
        merge_strategy: None,
        success_condition: None,
        failure_condition: None,
        set_owner_reference: None,
    };
    Template {
        retry_strategy: Some(api_retries()),
        ..Template::new(name, TemplateType::Resource(resource))
    }
}

/// The kubectl container: the image parameter, running the script with bash.
fn kubectl_container(mounts: Option<Vec<VolumeMount>>) -> Container {
    Container {
        image: Some(format!(
            "{{{{workflow.parameters.{KUBECTL_IMAGE_PARAMETER}}}}}"
        )),
        command: Some(vec!["bash".to_owned()]),
        volume_mounts: mounts,
        ..Container::default()
    }
}

fn script(name: &str, source: String, mounts: Option<Vec<VolumeMount>>) -> Template {
    Template::new(
        name,
        TemplateType::Script(ScriptTemplate {
            container: kubectl_container(mounts),
            source,
        }),
    )
}

/// The preflight: its checks fail for lasting reasons (a missing CRD, a conflicting cluster), so
/// it is retried only twice, for transient API errors.
pub fn preflight_script(name: &str, source: String) -> Template {
    let mut retries = api_retries();
    retries.limit = Some(IntOrString::Int(2));
    Template {
        retry_strategy: Some(retries),
        ..script(name, source, None)
    }
}

/// A kubectl script talking to the management cluster's API server, retried with backoff.
pub fn management_script(name: &str, source: String) -> Template {
    Template {
        retry_strategy: Some(api_retries()),
        ..script(name, source, None)
    }
}

/// A wait in the management cluster.
pub fn wait_script(name: &str, source: String, timeout_seconds: u32) -> Template {
    as_wait(script(name, source, None), timeout_seconds)
}

/// `template` as a wait: retried only on pod errors, and stopped by Argo a little after the
/// script's own timeout.
pub fn as_wait(template: Template, timeout_seconds: u32) -> Template {
    Template {
        retry_strategy: Some(wait_retries()),
        active_deadline_seconds: Some(IntOrString::Int(
            i32::try_from(timeout_seconds.saturating_add(300)).unwrap_or(i32::MAX),
        )),
        ..template
    }
}

/// A kubectl script against the workload cluster: the kubeconfig goes to an in-memory volume.
pub fn workload_script(name: &str, source: String) -> Template {
    let mount = VolumeMount {
        name: KUBECONFIG_VOLUME.to_owned(),
        mount_path: "/workload".to_owned(),
        ..VolumeMount::default()
    };
    let volume = Volume {
        name: KUBECONFIG_VOLUME.to_owned(),
        empty_dir: Some(EmptyDirVolumeSource {
            medium: Some("Memory".to_owned()),
            ..EmptyDirVolumeSource::default()
        }),
        ..Volume::default()
    };
    Template {
        retry_strategy: Some(api_retries()),
        volumes: Some(vec![volume]),
        ..script(name, source, Some(vec![mount]))
    }
}

/// The exit handler: annotates the ManagedCluster with the result (retried), or in a dry run only logs.
pub fn record_result(
    namespace: &str,
    cluster_ref: &str,
    resource_group: &str,
    dry_run: bool,
) -> Template {
    if dry_run {
        script(RECORD_RESULT, scripts::record_dry_run_result(), None)
    } else {
        management_script(
            RECORD_RESULT,
            scripts::record_result(namespace, cluster_ref, resource_group),
        )
    }
}

//! The shell scripts of the Workflow's container steps (bash, `set -euo pipefail`).
//!
//! Every value a script names (namespace, object names, the kubeconfig Secret) comes from a
//! validated plan and is single-quoted anyway; manifests are embedded in quoted heredocs
//! (`<<'AKSFLOW_MANIFEST'`), so the shell expands nothing in them. The only Argo variables
//! (`{{workflow.status}}`, `{{workflow.name}}`) appear in the exit handler, outside any manifest.

use crate::error::{Code, Error};
use crate::validation::Report;

/// The heredoc delimiter around embedded manifests; a manifest line equal to it is refused.
pub const MANIFEST_DELIMITER: &str = "AKSFLOW_MANIFEST";

/// Where workload-cluster steps write the kubeconfig they read from ASO's Secret (an in-memory emptyDir).
pub const KUBECONFIG_PATH: &str = "/workload/kubeconfig";

/// How often the waits poll ASO's `Ready` condition for `severity: Error`, in seconds.
const POLL_SECONDS: u32 = 15;

/// `value` in single quotes for the shell.
pub fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// The heredoc that feeds `manifest` to a command's standard input.
pub fn heredoc(manifest: &str) -> Result<String, Error> {
    if manifest
        .lines()
        .any(|line| line.trim() == MANIFEST_DELIMITER)
    {
        let mut report = Report::default();
        report.violation(
            Code::UnsafeCharacters,
            format!("a manifest line equals the heredoc delimiter {MANIFEST_DELIMITER}"),
        );
        report.finish()?;
    }
    let body = if manifest.ends_with('\n') {
        manifest.to_owned()
    } else {
        format!("{manifest}\n")
    };
    Ok(format!(
        "<<'{MANIFEST_DELIMITER}'\n{body}{MANIFEST_DELIMITER}\n"
    ))
}

const HEADER: &str = "set -euo pipefail\n";

/// The preflight in the management cluster: the ASO CRDs serve every apiVersion the Workflow
/// applies; the namespace exists and admits the first object (a server-side dry run, which
/// also proves the RBAC and the ASO webhook); no ManagedCluster of this name belongs to another
/// resource group.
pub fn validate_inputs(
    namespace: &str,
    api_versions: &[&str],
    probe_manifest: &str,
    cluster_ref: &str,
    cluster_name: &str,
    resource_group: &str,
) -> Result<String, Error> {
    let mut script = String::from(HEADER);
    script.push_str("served=\"$(kubectl api-versions)\"\n");
    script.push_str(&format!(
        "for gv in {}; do\n",
        api_versions
            .iter()
            .map(|v| quote(v))
            .collect::<Vec<_>>()
            .join(" ")
    ));
    script.push_str("  if ! grep -qxF \"$gv\" <<<\"$served\"; then\n");
    script.push_str(
        "    echo \"the management cluster does not serve $gv: install the ASO CRDs for it\" >&2\n",
    );
    script.push_str("    exit 1\n  fi\ndone\n");
    script.push_str(&format!("namespace={}\n", quote(namespace)));
    script.push_str(
        "echo \"namespace $namespace exists and admits the first object (server-side dry run):\"\n",
    );
    script.push_str(&format!(
        "kubectl apply --dry-run=server -n \"$namespace\" -f - {}",
        heredoc(probe_manifest)?
    ));
    script.push_str(&format!(
        "existing=\"$(kubectl get {} -n \"$namespace\" --ignore-not-found -o jsonpath='{{.spec.owner.name}}')\"\n",
        quote(cluster_ref)
    ));
    script.push_str(&format!(
        "found=\"$(kubectl get {} -n \"$namespace\" --ignore-not-found -o name)\"\n",
        quote(cluster_ref)
    ));
    script.push_str(&format!(
        "if [ -n \"$found\" ] && [ \"$existing\" != {} ]; then\n",
        quote(resource_group)
    ));
    script.push_str(&format!(
        "  echo 'ManagedCluster '{}\" already exists in $namespace, owned by resource group '$existing', not \"{} >&2\n",
        quote(cluster_name),
        quote(resource_group)
    ));
    script.push_str("  exit 1\nfi\necho 'preflight passed'\n");
    Ok(script)
}

/// The `wait_ready` shell function: polls the object until its `Ready` condition is `True` for
/// the object's current generation (`observedGeneration == metadata.generation`: on a re-run that
/// changed the spec, the `Ready` of the previous generation does not count; ASO sets it, a
/// condition without it counts as current), fails fast when ASO
/// reports `severity: Error` for the current generation (ASO has stopped retrying), and fails at
/// the deadline.
fn wait_ready_function(namespace: &str, timeout_seconds: u32) -> String {
    format!(
        r#"namespace={namespace}
# One deadline for every object this step waits for: the step's activeDeadlineSeconds covers them all.
deadline=$((SECONDS + {timeout_seconds}))
wait_ready() {{
  local object="$1" state generation status observed severity detail
  while :; do
    state="$(kubectl get "$object" -n "$namespace" -o jsonpath='{{.metadata.generation}}|{{range .status.conditions[?(@.type=="Ready")]}}{{.status}}|{{.observedGeneration}}|{{.severity}}|{{.reason}}|{{.message}}{{end}}' 2>/dev/null || true)"
    IFS='|' read -r generation status observed severity detail <<<"$state" || true
    # A condition without observedGeneration (a controller that does not set it) counts as current.
    if [ -n "$generation" ] && {{ [ -z "$observed" ] || [ "$observed" = "$generation" ]; }}; then
      if [ "$status" = True ]; then
        echo "$object is Ready (generation $generation)"
        return 0
      fi
      if [ "$severity" = Error ]; then
        echo "$object: ASO reports an error and stopped retrying: $detail" >&2
        exit 1
      fi
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$object: not Ready within {timeout_seconds}s (last seen: ${{state:-nothing}})" >&2
      exit 1
    fi
    sleep {POLL_SECONDS}
  done
}}
"#,
        namespace = quote(namespace),
    )
}

/// Waits for the ASO objects `objects` (`plural.group/name`) to be `Ready`, one after the other,
/// all within one `timeout_seconds`.
pub fn wait_for_ready(namespace: &str, objects: &[String], timeout_seconds: u32) -> String {
    let mut script = String::from(HEADER);
    script.push_str(&wait_ready_function(namespace, timeout_seconds));
    for object in objects {
        script.push_str(&format!("wait_ready {}\n", quote(object)));
    }
    script
}

/// The lines that read the workload cluster's kubeconfig from ASO's Secret (through the API, with
/// the Role's `get` on that Secret alone) into the in-memory volume, and point kubectl at it.
fn workload_kubeconfig(namespace: &str, secret: &str) -> String {
    format!(
        "umask 077\nkubectl get secret {secret} -n {namespace} -o jsonpath='{{.data.value}}' | base64 -d > {KUBECONFIG_PATH}\n\
         [ -s {KUBECONFIG_PATH} ] || {{ echo \"Secret \"{secret}\" has no kubeconfig under key value\" >&2; exit 1; }}\n\
         # An empty or unusable kubeconfig must never fall back to the pod's own (management) cluster.\n\
         unset KUBERNETES_SERVICE_HOST KUBERNETES_SERVICE_PORT\n\
         export KUBECONFIG={KUBECONFIG_PATH}\n",
        secret = quote(secret),
        namespace = quote(namespace),
    )
}

/// Applies `manifest` to the workload cluster with the kubeconfig ASO exported.
pub fn workload_apply(namespace: &str, secret: &str, manifest: &str) -> Result<String, Error> {
    let mut script = String::from(HEADER);
    script.push_str(&workload_kubeconfig(namespace, secret));
    script.push_str(&format!(
        "kubectl --kubeconfig {KUBECONFIG_PATH} apply -f - {}",
        heredoc(manifest)?
    ));
    Ok(script)
}

/// One workload object an add-on runs, and what it is.
pub struct AddonCheck {
    /// Its namespace in the workload cluster.
    pub namespace: &'static str,
    /// `daemonset/<name>` or `deployment/<name>`.
    pub object: &'static str,
    /// The add-on, for the log.
    pub addon: &'static str,
}

/// Verifies in the workload cluster that each add-on's workloads exist and have rolled out.
pub fn verify_addons(
    namespace: &str,
    secret: &str,
    checks: &[AddonCheck],
    timeout_seconds: u32,
) -> String {
    let mut script = String::from(HEADER);
    script.push_str(&workload_kubeconfig(namespace, secret));
    script.push_str(&format!(
        r#"deadline=$(( $(date +%s) + {timeout_seconds} ))
rolled_out() {{
  local ns="$1" object="$2" addon="$3"
  until [ -n "$(kubectl get "$object" -n "$ns" --ignore-not-found -o name)" ]; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "$addon: $object never appeared in $ns" >&2
      exit 1
    fi
    sleep {POLL_SECONDS}
  done
  local left=$(( deadline - $(date +%s) ))
  kubectl rollout status "$object" -n "$ns" --timeout="$(( left > 1 ? left : 1 ))s"
  echo "$addon: $object is running"
}}
"#
    ));
    for check in checks {
        script.push_str(&format!(
            "rolled_out {} {} {}\n",
            quote(check.namespace),
            quote(check.object),
            quote(check.addon)
        ));
    }
    script
}

/// The exit handler: records the Workflow's result on the ManagedCluster as annotations
/// (`aksflow.io/provisioning`, `aksflow.io/provisioning-workflow`), only when the ManagedCluster
/// exists and belongs to this request's resource group; changes nothing else, deletes nothing.
pub fn record_result(namespace: &str, cluster_ref: &str, resource_group: &str) -> String {
    format!(
        r#"{HEADER}namespace={namespace}
owner="$(kubectl get {cluster} -n "$namespace" --ignore-not-found -o jsonpath='{{.spec.owner.name}}')"
if [ "$owner" = {resource_group} ]; then
  kubectl annotate {cluster} -n "$namespace" --overwrite \
    aksflow.io/provisioning={{{{workflow.status}}}} \
    aksflow.io/provisioning-workflow={{{{workflow.name}}}}
else
  echo "no ManagedCluster of this request to annotate; the Workflow ended {{{{workflow.status}}}}"
fi
"#,
        namespace = quote(namespace),
        cluster = quote(cluster_ref),
        resource_group = quote(resource_group),
    )
}

/// The exit handler of a dry run: logs the result and touches nothing.
pub fn record_dry_run_result() -> String {
    format!(
        "{HEADER}echo \"dry run {{{{workflow.name}}}} ended {{{{workflow.status}}}}: nothing was created or changed\"\n"
    )
}

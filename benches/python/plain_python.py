"""The benchmark's baseline: aksflow's Workflow job written the way a Python platform team would
write it without aksflow -- plain dicts, a few regexes, and PyYAML with libyaml's C dumper.

It does what ``aksflow.render_workflow(request, output="yaml")`` does for the benchmark's requests:
checks the request (unknown fields, types, names, region, profile, version, tags, GitOps, identity,
API versions, unsafe characters; every violation collected), builds the bundle's manifests, embeds
each as YAML text in its Workflow step, and writes the whole Workflow as YAML. The output has the
same templates, steps, embedded manifests and scripts as aksflow's, byte for byte but for quoting
(PyYAML single-quotes where aksflow double-quotes) and the v1beta1 NodePool, which keeps v1's
shape here; the benchmark checks that and prints both sizes. It is a baseline for speed, not a second implementation to trust.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Tuple

import yaml

try:
    from yaml import CSafeDumper as Dumper
except ImportError:  # pragma: no cover - reported by the benchmark
    from yaml import SafeDumper as Dumper  # type: ignore[assignment]

C_DUMPER = Dumper.__name__ == "CSafeDumper"

PROFILES = {
    "standard": ("Standard_DS2_v2", "Standard_DS3_v2", "D", "1000", "1000Gi"),
    "memory-optimized": ("Standard_E2s_v3", "Standard_E4s_v3", "E", "1000", "2000Gi"),
    "compute-optimized": ("Standard_F2s_v2", "Standard_F4s_v2", "F", "2000", "1000Gi"),
}
REGIONS = {
    "westeurope", "northeurope", "eastus", "eastus2", "westus", "westus2", "westus3", "uksouth",
    "ukwest", "swedencentral", "francecentral", "germanywestcentral", "centralus", "southcentralus",
    "australiaeast", "japaneast", "southeastasia", "eastasia", "canadacentral", "brazilsouth",
}
FIELDS = {
    "clusterName": str, "location": str, "nodePoolType": str, "kubernetesVersion": str,
    "enableNAP": bool, "dryRun": bool, "namespace": str, "systemVmSize": str, "identity": dict,
    "vnetSubnetId": str, "tags": dict, "gitops": dict, "addons": dict, "apiVersions": dict,
}
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS_PREFIX = re.compile(r"^[a-zA-Z0-9]$|^[a-zA-Z0-9][-a-zA-Z0-9]{0,52}[a-zA-Z0-9]$")
VERSION = re.compile(r"^1\.(2[89]|3[0-4])(\.\d+)?$")
TAG_NAME = re.compile(r"^[^<>%&\\?/]{1,512}$")
UNSAFE = re.compile(r"\{\{|[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
GIT_URL = re.compile(r"^(https?|ssh)://[^\s]+$")
VM_VCPUS = re.compile(r"^Standard_[A-Z]+(\d+)")
BRANCH = re.compile(r"^[A-Za-z0-9._/-]{1,250}$")

KUBECTL_IMAGE = "docker.io/alpine/k8s:1.33.3"
IMAGE = "{{workflow.parameters.kubectl-image}}"
NS = "azure-system"
RETRY = {"limit": 5, "retryPolicy": "Always",
         "backoff": {"duration": "15s", "factor": 2, "maxDuration": "10m"}}
PREFLIGHT_RETRY = {"limit": 2, "retryPolicy": "Always",
                   "backoff": {"duration": "15s", "factor": 2, "maxDuration": "10m"}}
WAIT_RETRY = {"limit": 2, "retryPolicy": "OnError", "backoff": {"duration": "30s"}}


class Invalid(ValueError):
    """Every violation of a request: (path, code, message)."""

    def __init__(self, violations: List[Tuple[str, str, str]]) -> None:
        super().__init__("\n".join(f"{p}: {m} [{c}]" for p, c, m in violations))
        self.violations = violations


def check(request: Dict[str, Any]) -> None:
    """Collects every violation of the request's rules, then raises them together."""
    v: List[Tuple[str, str, str]] = []
    for key, value in request.items():
        kind = FIELDS.get(key)
        if kind is None:
            v.append((key, "unknown_field", f"unknown field {key}"))
        elif not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            v.append((key, "invalid_type", f"expected {kind.__name__}"))
        elif isinstance(value, str) and UNSAFE.search(value):
            v.append((key, "unsafe_characters", "unsafe characters"))
    for key in ("clusterName", "location", "nodePoolType", "kubernetesVersion"):
        if key not in request:
            v.append((key, "required", f"{key} is required"))
    name = request.get("clusterName", "")
    if isinstance(name, str) and name:
        if len(name) > 63 - len("-nodeclass"):
            v.append(("clusterName", "too_long", "too long"))
        if not DNS_LABEL.match(name) or not DNS_PREFIX.match(name):
            v.append(("clusterName", "pattern", "not a DNS label / prefix"))
    if isinstance(request.get("location"), str) and request["location"] not in REGIONS:
        v.append(("location", "unknown_value", "not a region"))
    if isinstance(request.get("nodePoolType"), str) and request["nodePoolType"] not in PROFILES:
        v.append(("nodePoolType", "unknown_value", "not a profile"))
    version = request.get("kubernetesVersion")
    if isinstance(version, str) and not VERSION.match(version):
        v.append(("kubernetesVersion", "unknown_value", "unsupported version"))
    for key, value in (request.get("tags") or {}).items():
        if not TAG_NAME.match(key):
            v.append((f"tags.{key}", "pattern", "bad tag name"))
        if not isinstance(value, str) or len(value) > 256:
            v.append((f"tags.{key}", "invalid_type", "bad tag value"))
    gitops = request.get("gitops")
    if isinstance(gitops, dict):
        for key in gitops:
            if key not in ("url", "branch", "path"):
                v.append((f"gitops.{key}", "unknown_field", "unknown field"))
        if not GIT_URL.match(str(gitops.get("url", ""))):
            v.append(("gitops.url", "pattern", "not a Git URL"))
        if not BRANCH.match(str(gitops.get("branch", "main"))):
            v.append(("gitops.branch", "pattern", "not a branch"))
    identity = request.get("identity")
    if isinstance(identity, dict) and identity.get("type") not in ("SystemAssigned", "UserAssigned"):
        v.append(("identity.type", "unknown_value", "unknown identity type"))
    versions = request.get("apiVersions") or {}
    allowed = {"managedCluster": {"v1api20250801", "v1api20240402preview"},
               "nodePool": {"v1", "v1beta1"}, "aksNodeClass": {"v1beta1", "v1alpha2"}}
    for key, value in versions.items():
        if value not in allowed.get(key, ()):
            v.append((f"apiVersions.{key}", "unknown_value", "unknown API version"))
    if v:
        raise Invalid(v)


class WorkflowDumper(Dumper):  # type: ignore[misc,valid-type]
    """libyaml's dumper, with no anchors for shared dicts and literal blocks for scripts (as
    aksflow writes them, so the Workflow stays readable)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: Any, text: str) -> Any:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


WorkflowDumper.add_representer(str, _str)


def dump(document: Any) -> str:
    return yaml.dump(document, Dumper=WorkflowDumper, default_flow_style=False, sort_keys=False, width=10**9)


def manifests(r: Dict[str, Any]) -> List[Tuple[str, str, Dict[str, Any]]]:
    """The bundle: (step name, target, manifest) in apply order."""
    name = r["clusterName"]
    primary, secondary, family, cpu, memory = PROFILES[r["nodePoolType"]]
    nap = r.get("enableNAP", True)
    tags = dict(sorted((r.get("tags") or {}).items()))
    rg = f"rg-{name}"
    user_assigned = (r.get("identity") or {}).get("type") == "UserAssigned"
    versions = r.get("apiVersions") or {}
    out: List[Tuple[str, str, Dict[str, Any]]] = []
    out.append(("create-resource-group", "management", {
        "apiVersion": "resources.azure.com/v1api20200601", "kind": "ResourceGroup",
        "metadata": {"name": rg, "namespace": NS},
        "spec": {"location": r["location"], "tags": tags}}))
    if user_assigned:
        out.append(("create-managed-identity", "management", {
            "apiVersion": "managedidentity.azure.com/v1api20230131", "kind": "UserAssignedIdentity",
            "metadata": {"name": f"id-{name}", "namespace": NS},
            "spec": {"location": r["location"], "owner": {"name": rg}, "tags": tags}}))
    pools: List[Dict[str, Any]] = [{"count": 1, "mode": "System", "name": "system", "osType": "Linux",
                                    "vmSize": r.get("systemVmSize", "Standard_B2s")}]
    if not nap:
        match = VM_VCPUS.match(primary)
        vcpus = int(match.group(1)) if match else 1
        max_count = min(1000, max(1, int(cpu) // vcpus))
        pools.append({"count": 1, "enableAutoScaling": True, "maxCount": max_count, "minCount": 1,
                      "mode": "User", "name": "userpool",
                      "nodeLabels": {"cluster-name": name, "node-pool-type": r["nodePoolType"]},
                      "nodeTaints": [f"{r['nodePoolType']}=true:NoSchedule"], "osType": "Linux",
                      "vmSize": primary})
    identity: Dict[str, Any] = {"type": "SystemAssigned"}
    if user_assigned:
        identity = {"type": "UserAssigned", "userAssignedIdentities": [{"reference": {
            "group": "managedidentity.azure.com", "kind": "UserAssignedIdentity", "name": f"id-{name}"}}]}
    cluster: Dict[str, Any] = {
        "agentPoolProfiles": pools, "dnsPrefix": name, "identity": identity,
        "kubernetesVersion": r["kubernetesVersion"], "location": r["location"],
        "networkProfile": {"networkDataplane": "cilium", "networkPlugin": "azure",
                           "networkPluginMode": "overlay", "networkPolicy": "cilium"}}
    if nap:
        cluster["nodeProvisioningProfile"] = {"mode": "Auto"}
    cluster["operatorSpec"] = {"secrets": {"userCredentials": {"name": f"{name}-kubeconfig", "key": "value"}}}
    cluster["owner"] = {"name": rg}
    cluster["tags"] = tags
    out.append(("create-managed-cluster", "management", {
        "apiVersion": f"containerservice.azure.com/{versions.get('managedCluster', 'v1api20250801')}",
        "kind": "ManagedCluster", "metadata": {"name": name, "namespace": NS}, "spec": cluster}))
    if nap:
        out.append(("create-karpenter-nodeclass", "workload", {
            "apiVersion": f"karpenter.azure.com/{versions.get('aksNodeClass', 'v1beta1')}",
            "kind": "AKSNodeClass", "metadata": {"name": f"{name}-nodeclass"},
            "spec": {"imageFamily": "Ubuntu2204", "osDiskSizeGB": 128, "tags": tags}}))
        out.append(("create-karpenter-nodepool", "workload", {
            "apiVersion": f"karpenter.sh/{versions.get('nodePool', 'v1')}", "kind": "NodePool",
            "metadata": {"name": f"{name}-nodepool"},
            "spec": {
                "template": {
                    "metadata": {"labels": {"cluster-name": name, "node-pool-type": r["nodePoolType"]}},
                    "spec": {
                        "nodeClassRef": {"group": "karpenter.azure.com", "kind": "AKSNodeClass",
                                         "name": f"{name}-nodeclass"},
                        "requirements": [
                            {"key": "karpenter.azure.com/sku-family", "operator": "In", "values": [family]},
                            {"key": "kubernetes.io/arch", "operator": "In", "values": ["amd64"]},
                            {"key": "node.kubernetes.io/instance-type", "operator": "In",
                             "values": [primary, secondary]},
                        ],
                        "taints": [{"key": r["nodePoolType"], "value": "true", "effect": "NoSchedule"}],
                        "expireAfter": "2160h"}},
                "disruption": {"consolidationPolicy": "WhenEmpty", "consolidateAfter": "30s"},
                "limits": {"cpu": cpu, "memory": memory}}}))
    gitops = r.get("gitops")
    if gitops:
        owner = {"group": "containerservice.azure.com", "kind": "ManagedCluster", "name": name}
        out.append(("create-flux-extension", "management", {
            "apiVersion": "kubernetesconfiguration.azure.com/v1api20241101", "kind": "Extension",
            "metadata": {"name": f"{name}-flux", "namespace": NS},
            "spec": {"autoUpgradeMinorVersion": True, "azureName": "flux",
                     "extensionType": "microsoft.flux", "owner": owner}}))
        out.append(("create-flux-configuration", "management", {
            "apiVersion": "kubernetesconfiguration.azure.com/v1api20241101", "kind": "FluxConfiguration",
            "metadata": {"name": f"{name}-gitops", "namespace": NS},
            "spec": {"gitRepository": {"repositoryRef": {"branch": gitops.get("branch", "main")},
                                       "url": gitops["url"]},
                     "kustomizations": {"cluster": {"path": gitops.get("path", f"./clusters/{name}"),
                                                    "prune": True}},
                     "namespace": "flux-system", "owner": owner, "scope": "cluster",
                     "sourceKind": "GitRepository"}}))
    return out


WAIT = """set -euo pipefail
namespace='azure-system'
# One deadline for every object this step waits for: the step's activeDeadlineSeconds covers them all.
deadline=$((SECONDS + TIMEOUT))
wait_ready() {
  local object="$1" state generation status observed severity detail
  while :; do
    state="$(kubectl get "$object" -n "$namespace" -o jsonpath='{.metadata.generation}|{range .status.conditions[?(@.type=="Ready")]}{.status}|{.observedGeneration}|{.severity}|{.reason}|{.message}{end}' 2>/dev/null || true)"
    IFS='|' read -r generation status observed severity detail <<<"$state" || true
    # A condition without observedGeneration (a controller that does not set it) counts as current.
    if [ -n "$generation" ] && { [ -z "$observed" ] || [ "$observed" = "$generation" ]; }; then
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
      echo "$object: not Ready within TIMEOUTs (last seen: ${state:-nothing})" >&2
      exit 1
    fi
    sleep 15
  done
}
"""


def wait(timeout: int) -> str:
    return WAIT.replace("TIMEOUT", str(timeout))


def script(source: str, **extra: Any) -> Dict[str, Any]:
    return {"command": ["bash"], "image": IMAGE, **extra, "source": source}


def render_workflow_yaml(request: Dict[str, Any]) -> str:
    """Checks the request and writes its provisioning Workflow as YAML."""
    check(request)
    name = request["clusterName"]
    nap = request.get("enableNAP", True)
    dry_run = request.get("dryRun", False)
    objects = manifests(request)
    texts = {step: dump(m) for step, _, m in objects}
    labels = {"aksflow.io/cluster-name": name, "aksflow.io/dry-run": str(dry_run).lower(),
              "aksflow.io/nap": str(nap).lower(), "aksflow.io/node-pool-type": request["nodePoolType"]}
    metric_labels = [{"key": "location", "value": request["location"]},
                     {"key": "node_pool_type", "value": request["nodePoolType"]},
                     {"key": "dry_run", "value": str(dry_run).lower()},
                     {"key": "status", "value": "{{workflow.status}}"}]
    cluster_object = f"managedclusters.containerservice.azure.com/{name}"
    rg = f"rg-{name}"
    served = " ".join(dict.fromkeys(f"'{m['apiVersion']}'" for _, t, m in objects if t == "management"))
    preflight = (
        "set -euo pipefail\nserved=\"$(kubectl api-versions)\"\n"
        f"for gv in {served}; do\n  if ! grep -qxF \"$gv\" <<<\"$served\"; then\n"
        "    echo \"the management cluster does not serve $gv: install the ASO CRDs for it\" >&2\n"
        "    exit 1\n  fi\ndone\n"
        f"namespace='{NS}'\n"
        "echo \"namespace $namespace exists and admits the first object (server-side dry run):\"\n"
        "kubectl apply --dry-run=server -n \"$namespace\" -f - <<'AKSFLOW_MANIFEST'\n"
        f"{texts['create-resource-group']}AKSFLOW_MANIFEST\n"
        f"existing=\"$(kubectl get '{cluster_object}' -n \"$namespace\" --ignore-not-found -o jsonpath='{{.spec.owner.name}}')\"\n"
        f"found=\"$(kubectl get '{cluster_object}' -n \"$namespace\" --ignore-not-found -o name)\"\n"
        f"if [ -n \"$found\" ] && [ \"$existing\" != '{rg}' ]; then\n"
        f"  echo \"ManagedCluster {name} already exists in $namespace, owned by resource group '$existing', not {rg}\" >&2\n"
        "  exit 1\nfi\necho 'preflight passed'\n")
    tasks: List[Dict[str, Any]] = [{"name": "validate-inputs", "template": "validate-inputs"}]
    templates: List[Dict[str, Any]] = [
        {"name": "validate-inputs", "script": script(preflight), "retryStrategy": PREFLIGHT_RETRY}]
    previous = "validate-inputs"
    flux: List[Dict[str, Any]] = []
    for step, target, manifest in objects:
        if target == "management" and not step.startswith("create-flux"):
            tasks.append({"name": step, "template": step, "depends": previous})
            previous = step
            templates.append({"name": step, "resource": {"action": "apply", "manifest": texts[step]},
                              "retryStrategy": RETRY})
            if step == "create-managed-cluster":
                tasks.append({"name": "wait-for-cluster-ready", "template": "wait-for-cluster-ready",
                              "depends": step})
                previous = "wait-for-cluster-ready"
                templates.append({"name": "wait-for-cluster-ready",
                                  "script": script(wait(2700) + f"wait_ready '{cluster_object}'\n"),
                                  "activeDeadlineSeconds": 3000, "retryStrategy": WAIT_RETRY})
        elif target == "workload":
            tasks.append({"name": step, "template": step, "depends": previous})
            previous = step
            source = (
                "set -euo pipefail\numask 077\n"
                f"kubectl get secret '{name}-kubeconfig' -n '{NS}' -o jsonpath='{{.data.value}}' | base64 -d > /workload/kubeconfig\n"
                f"[ -s /workload/kubeconfig ] || {{ echo \"Secret \"'{name}-kubeconfig'\" has no kubeconfig under key value\" >&2; exit 1; }}\n"
                "# An empty or unusable kubeconfig must never fall back to the pod's own (management) cluster.\n"
                "unset KUBERNETES_SERVICE_HOST KUBERNETES_SERVICE_PORT\n"
                "export KUBECONFIG=/workload/kubeconfig\n"
                "kubectl --kubeconfig /workload/kubeconfig apply -f - <<'AKSFLOW_MANIFEST'\n"
                f"{texts[step]}AKSFLOW_MANIFEST\n")
            templates.append({
                "name": step,
                "script": script(source, volumeMounts=[{"mountPath": "/workload", "name": "workload-kubeconfig"}]),
                "retryStrategy": RETRY,
                "volumes": [{"emptyDir": {"medium": "Memory"}, "name": "workload-kubeconfig"}]})
        else:
            flux.append({"name": step, "resource": {"action": "apply", "manifest": texts[step]},
                         "retryStrategy": RETRY})
    if flux:
        tasks.append({"name": "setup-flux-gitops", "template": "setup-flux-gitops",
                      "depends": "wait-for-cluster-ready"})
        templates.extend(flux)
        waits = "".join(f"wait_ready '{o}'\n" for o in (
            f"extensions.kubernetesconfiguration.azure.com/{name}-flux",
            f"fluxconfigurations.kubernetesconfiguration.azure.com/{name}-gitops"))
        templates.append({"name": "wait-for-flux", "script": script(wait(1200) + waits),
                          "activeDeadlineSeconds": 1500, "retryStrategy": WAIT_RETRY})
        templates.append({"name": "setup-flux-gitops", "dag": {"tasks": [
            {"name": "create-flux-extension", "template": "create-flux-extension"},
            {"name": "create-flux-configuration", "template": "create-flux-configuration",
             "depends": "create-flux-extension"},
            {"name": "wait-for-flux", "template": "wait-for-flux", "depends": "create-flux-configuration"}]}})
    record = (
        f"set -euo pipefail\nnamespace='{NS}'\n"
        f"owner=\"$(kubectl get '{cluster_object}' -n \"$namespace\" --ignore-not-found -o jsonpath='{{.spec.owner.name}}')\"\n"
        f"if [ \"$owner\" = '{rg}' ]; then\n"
        f"  kubectl annotate '{cluster_object}' -n \"$namespace\" --overwrite \\\n"
        "    aksflow.io/provisioning={{workflow.status}} \\\n"
        "    aksflow.io/provisioning-workflow={{workflow.name}}\nelse\n"
        "  echo \"no ManagedCluster of this request to annotate; the Workflow ended {{workflow.status}}\"\nfi\n")
    templates.insert(0, {"name": "provision", "dag": {"tasks": tasks}})
    templates.append({"name": "record-result", "script": script(record), "retryStrategy": RETRY})
    workflow = {
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",
        "metadata": {"generateName": f"provision-{name}-", "labels": labels, "namespace": "argo"},
        "spec": {
            "entrypoint": "provision", "onExit": "record-result",
            "arguments": {"parameters": [{"name": "kubectl-image", "value": KUBECTL_IMAGE,
                                          "description": "The image of the kubectl steps (kubectl, bash); pinned."}]},
            "serviceAccountName": "aksflow-provisioner",
            "workflowMetadata": {"labels": labels},
            "activeDeadlineSeconds": 1800 if dry_run else 10800,
            "podGC": {"strategy": "OnPodSuccess"},
            "ttlStrategy": {"secondsAfterSuccess": 86400, "secondsAfterFailure": 604800},
            "metrics": {"prometheus": [
                {"name": "cluster_provisioning_time_seconds",
                 "help": "Duration of aksflow cluster provisioning Workflows, in seconds.",
                 "labels": metric_labels, "gauge": {"value": "{{workflow.duration}}", "realtime": False}},
                {"name": "cluster_provisioning_completed",
                 "help": "Completed aksflow cluster provisioning Workflows, by status.",
                 "labels": metric_labels, "counter": {"value": "1"}}]},
            "templates": templates}}
    return dump(workflow)

// The plain-JavaScript implementation the benchmark compares against: what the WorkflowService does
// today, extended to the same job aksflow does — the design's parameter mapping, the manifests as
// JS objects, each embedded in the Workflow as js-yaml text, the DAG, and the Workflow dumped with
// js-yaml. No validation (the design's service has none), so it does strictly less work than aksflow.
import { createRequire } from 'node:module'

// js-yaml from the binding's devDependencies (pinned in bindings/node/package-lock.json).
const yaml = createRequire(new URL('../../bindings/node/package.json', import.meta.url))('js-yaml')

export const NODE_POOL_CONFIGURATIONS = {
  standard: { primaryVmSize: 'Standard_DS2_v2', secondaryVmSize: 'Standard_DS3_v2', skuFamily: 'D', maxCpu: '1000', maxMemory: '1000Gi' },
  'memory-optimized': { primaryVmSize: 'Standard_E2s_v3', secondaryVmSize: 'Standard_E4s_v3', skuFamily: 'E', maxCpu: '1000', maxMemory: '2000Gi' },
  'compute-optimized': { primaryVmSize: 'Standard_F2s_v2', secondaryVmSize: 'Standard_F4s_v2', skuFamily: 'F', maxCpu: '2000', maxMemory: '1000Gi' },
}

const dump = (object) => yaml.dump(object, { lineWidth: -1, noRefs: true, skipInvalid: true })
const IMAGE = '{{workflow.parameters.kubectl-image}}'
const RETRY = { limit: 5, retryPolicy: 'Always', backoff: { duration: '15s', factor: 2, maxDuration: '10m' } }
const VCPUS = { Standard_DS2_v2: 2, Standard_E2s_v3: 2, Standard_F2s_v2: 2 }

function manifests(c, p) {
  const ns = c.namespace ?? 'azure-system'
  const rg = `rg-${c.clusterName}`
  const objects = [{ target: 'management', object: { apiVersion: 'resources.azure.com/v1api20200601', kind: 'ResourceGroup', metadata: { name: rg, namespace: ns }, spec: { location: c.location, tags: c.tags } } }]
  const userAssigned = c.identity?.type === 'UserAssigned'
  if (userAssigned) {
    objects.push({ target: 'management', object: { apiVersion: 'managedidentity.azure.com/v1api20230131', kind: 'UserAssignedIdentity', metadata: { name: `id-${c.clusterName}`, namespace: ns }, spec: { location: c.location, owner: { name: rg }, tags: c.tags } } })
  }
  const pools = [{ count: 1, mode: 'System', name: 'system', osType: 'Linux', vmSize: p['system-vm-size'] }]
  if (!c.enableNAP) {
    pools.push({
      count: 1, enableAutoScaling: true, maxCount: Math.floor(Number(p['max-cpu']) / VCPUS[p['primary-vm-size']]), minCount: 1, mode: 'User', name: 'userpool',
      nodeLabels: { 'cluster-name': c.clusterName, 'node-pool-type': c.nodePoolType }, nodeTaints: [`${c.nodePoolType}=true:NoSchedule`], osType: 'Linux', vmSize: p['primary-vm-size'],
    })
  }
  objects.push({
    target: 'management',
    object: {
      apiVersion: `containerservice.azure.com/${c.apiVersions?.managedCluster ?? 'v1api20250801'}`, kind: 'ManagedCluster', metadata: { name: c.clusterName, namespace: ns },
      spec: {
        agentPoolProfiles: pools, dnsPrefix: c.clusterName,
        identity: userAssigned ? { type: 'UserAssigned', userAssignedIdentities: [{ reference: { group: 'managedidentity.azure.com', kind: 'UserAssignedIdentity', name: `id-${c.clusterName}` } }] } : { type: 'SystemAssigned' },
        kubernetesVersion: c.kubernetesVersion, location: c.location,
        networkProfile: { networkDataplane: 'cilium', networkPlugin: 'azure', networkPluginMode: 'overlay', networkPolicy: 'cilium' },
        ...(c.enableNAP ? { nodeProvisioningProfile: { mode: 'Auto' } } : {}),
        operatorSpec: { secrets: { userCredentials: { name: `${c.clusterName}-kubeconfig`, key: 'value' } } }, owner: { name: rg }, tags: c.tags,
      },
    },
  })
  if (c.enableNAP) {
    objects.push({ target: 'workload', object: { apiVersion: `karpenter.azure.com/${c.apiVersions?.aksNodeClass ?? 'v1beta1'}`, kind: 'AKSNodeClass', metadata: { name: `${c.clusterName}-nodeclass` }, spec: { imageFamily: 'Ubuntu2204', osDiskSizeGB: 128, tags: c.tags } } })
    objects.push({
      target: 'workload',
      object: {
        apiVersion: `karpenter.sh/${c.apiVersions?.nodePool ?? 'v1'}`, kind: 'NodePool', metadata: { name: `${c.clusterName}-nodepool` },
        spec: {
          template: {
            metadata: { labels: { 'cluster-name': c.clusterName, 'node-pool-type': c.nodePoolType } },
            spec: {
              nodeClassRef: { group: 'karpenter.azure.com', kind: 'AKSNodeClass', name: `${c.clusterName}-nodeclass` },
              requirements: [
                { key: 'karpenter.azure.com/sku-family', operator: 'In', values: [p['sku-family']] },
                { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
                { key: 'node.kubernetes.io/instance-type', operator: 'In', values: [p['primary-vm-size'], p['secondary-vm-size']] },
              ],
              taints: [{ key: c.nodePoolType, value: 'true', effect: 'NoSchedule' }],
              expireAfter: '2160h',
            },
          },
          disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '30s' },
          limits: { cpu: p['max-cpu'], memory: p['max-memory'] },
        },
      },
    })
  }
  if (c.gitops) {
    const owner = { group: 'containerservice.azure.com', kind: 'ManagedCluster', name: c.clusterName }
    objects.push({ target: 'management', object: { apiVersion: 'kubernetesconfiguration.azure.com/v1api20241101', kind: 'Extension', metadata: { name: `${c.clusterName}-flux`, namespace: ns }, spec: { autoUpgradeMinorVersion: true, azureName: 'flux', extensionType: 'microsoft.flux', owner } } })
    objects.push({
      target: 'management',
      object: {
        apiVersion: 'kubernetesconfiguration.azure.com/v1api20241101', kind: 'FluxConfiguration', metadata: { name: `${c.clusterName}-gitops`, namespace: ns },
        spec: { gitRepository: { repositoryRef: { branch: c.gitops.branch ?? 'main' }, url: c.gitops.url }, kustomizations: { cluster: { path: c.gitops.path ?? `./clusters/${c.clusterName}`, prune: true } }, namespace: 'flux-system', owner, scope: 'cluster', sourceKind: 'GitRepository' },
      },
    })
  }
  return objects
}

const kubeconfig = (c, ns) =>
  `set -euo pipefail\numask 077\nkubectl get secret '${c.clusterName}-kubeconfig' -n '${ns}' -o jsonpath='{.data.value}' | base64 -d > /workload/kubeconfig\nexport KUBECONFIG=/workload/kubeconfig\n`

/** The design's generateWorkflowParameters (synchronous). */
export function generateWorkflowParameters(c) {
  const n = NODE_POOL_CONFIGURATIONS[c.nodePoolType]
  return {
    'cluster-name': c.clusterName, location: c.location, 'node-pool-type': c.nodePoolType, 'enable-nap': c.enableNAP.toString(), 'dry-run': c.dryRun.toString(),
    'kubernetes-version': c.kubernetesVersion, 'primary-vm-size': n.primaryVmSize, 'secondary-vm-size': n.secondaryVmSize, 'sku-family': n.skuFamily,
    'max-cpu': n.maxCpu, 'max-memory': n.maxMemory, 'system-vm-size': 'Standard_B2s',
  }
}

/** The provisioning Workflow (object) and its YAML, as plain JS + js-yaml. */
export function renderWorkflow(request) {
  const c = { enableNAP: true, dryRun: false, ...request }
  const p = generateWorkflowParameters(c)
  const ns = c.namespace ?? 'azure-system'
  const labels = { 'aksflow.io/cluster-name': c.clusterName, 'aksflow.io/dry-run': String(c.dryRun), 'aksflow.io/nap': String(c.enableNAP), 'aksflow.io/node-pool-type': c.nodePoolType }
  const objects = manifests(c, p)
  const templates = []
  const tasks = [{ name: 'validate-inputs', template: 'validate-inputs' }]
  const first = dump(objects[0].object)
  templates.push({
    name: 'validate-inputs',
    script: {
      command: ['bash'], image: IMAGE,
      source: `set -euo pipefail\nserved="$(kubectl api-versions)"\nnamespace='${ns}'\nkubectl apply --dry-run=server -n "$namespace" -f - <<'AKSFLOW_MANIFEST'\n${first}AKSFLOW_MANIFEST\necho 'preflight passed'\n`,
    },
    retryStrategy: { ...RETRY, limit: 2 },
  })
  let previous = 'validate-inputs'
  for (const { target, object } of objects) {
    const name = `create-${object.kind.toLowerCase()}`
    if (target === 'management') {
      templates.push({ name, resource: { action: 'apply', manifest: dump(object) }, retryStrategy: RETRY })
    } else {
      templates.push({
        name,
        script: { command: ['bash'], image: IMAGE, volumeMounts: [{ mountPath: '/workload', name: 'workload-kubeconfig' }], source: `${kubeconfig(c, ns)}kubectl --kubeconfig /workload/kubeconfig apply -f - <<'AKSFLOW_MANIFEST'\n${dump(object)}AKSFLOW_MANIFEST\n` },
        retryStrategy: RETRY, volumes: [{ emptyDir: { medium: 'Memory' }, name: 'workload-kubeconfig' }],
      })
    }
    tasks.push({ name, template: name, depends: previous })
    previous = name
    if (object.kind === 'ManagedCluster') {
      templates.push({
        name: 'wait-for-cluster-ready',
        script: { command: ['bash'], image: IMAGE, source: `set -euo pipefail\nnamespace='${ns}'\nkubectl wait --for=condition=Ready 'managedclusters.containerservice.azure.com/${c.clusterName}' -n "$namespace" --timeout=2700s\n` },
        activeDeadlineSeconds: 3000, retryStrategy: { limit: 2, retryPolicy: 'OnError', backoff: { duration: '30s' } },
      })
      tasks.push({ name: 'wait-for-cluster-ready', template: 'wait-for-cluster-ready', depends: previous })
      previous = 'wait-for-cluster-ready'
    }
  }
  templates.push({
    name: 'record-result',
    script: { command: ['bash'], image: IMAGE, source: `set -euo pipefail\nkubectl annotate 'managedclusters.containerservice.azure.com/${c.clusterName}' -n '${ns}' --overwrite aksflow.io/provisioning={{workflow.status}}\n` },
    retryStrategy: RETRY,
  })
  templates.unshift({ name: 'provision', dag: { tasks } })
  const metricLabels = [{ key: 'location', value: c.location }, { key: 'node_pool_type', value: c.nodePoolType }, { key: 'dry_run', value: String(c.dryRun) }, { key: 'status', value: '{{workflow.status}}' }]
  const workflow = {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { generateName: `provision-${c.clusterName}-`, labels, namespace: 'argo' },
    spec: {
      entrypoint: 'provision', onExit: 'record-result',
      arguments: { parameters: [{ name: 'kubectl-image', value: 'docker.io/alpine/k8s:1.33.3', description: 'The image of the kubectl steps (kubectl, bash); pinned.' }] },
      serviceAccountName: 'aksflow-provisioner', workflowMetadata: { labels }, activeDeadlineSeconds: c.dryRun ? 1800 : 10800,
      podGC: { strategy: 'OnPodSuccess' }, ttlStrategy: { secondsAfterSuccess: 86400, secondsAfterFailure: 604800 },
      metrics: {
        prometheus: [
          { name: 'cluster_provisioning_time_seconds', help: 'Duration of aksflow cluster provisioning Workflows, in seconds.', labels: metricLabels, gauge: { value: '{{workflow.duration}}', realtime: false } },
          { name: 'cluster_provisioning_completed', help: 'Completed aksflow cluster provisioning Workflows, by status.', labels: metricLabels, counter: { value: '1' } },
        ],
      },
      templates,
    },
  }
  return { workflow, yaml: dump(workflow) }
}

/** The bundle alone (the same objects, no RBAC), as one js-yaml multi-document stream. */
export function renderBundle(request) {
  const c = { enableNAP: true, dryRun: false, ...request }
  const objects = manifests(c, generateWorkflowParameters(c)).map((o) => o.object)
  return { objects, yaml: objects.map(dump).join('---\n') }
}

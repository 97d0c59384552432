// The WorkflowService's view of @aksflow/node, type-checked by `tsc` (test/types.test.mjs): what
// it calls, what it gets back, and mistakes the types must reject (`@ts-expect-error`).
import {
  AksflowValidationError,
  NODE_POOL_CONFIGURATIONS,
  generateWorkflowParameters,
  renderBundle,
  renderWorkflow,
  validate,
  type ClusterRequest,
  type KubeObject,
  type Violation,
  type ViolationCode,
  type Workflow,
  type WorkflowParameters,
} from '../../aksflow.js'

const clusterConfig: ClusterRequest = {
  clusterName: 'payments-prod',
  location: 'westeurope',
  nodePoolType: 'memory-optimized',
  kubernetesVersion: '1.30',
  enableNAP: true,
  dryRun: false,
  identity: { type: 'UserAssigned' },
  gitops: { url: 'https://github.com/org/fleet' },
  apiVersions: { nodePool: 'v1beta1', aksNodeClass: 'v1alpha2' },
  tags: { team: 'payments' },
}

// A custom profile's name is a string too.
const custom: ClusterRequest = { ...clusterConfig, nodePoolType: 'general-v5' }

// @ts-expect-error: the identity type is a closed set
const badIdentity: ClusterRequest = { ...clusterConfig, identity: { type: 'Managed' } }
// @ts-expect-error: API versions are a closed set
const badVersion: ClusterRequest = { ...clusterConfig, apiVersions: { nodePool: 'v2' } }
// @ts-expect-error: enableNAP is a boolean, not the design's string parameter
const badFlag: ClusterRequest = { ...clusterConfig, enableNAP: 'true' }
// @ts-expect-error: clusterName is required
const missing: ClusterRequest = { location: 'westeurope', nodePoolType: 'standard', kubernetesVersion: '1.30' }

const result = validate(clusterConfig)
if (!result.ok) {
  const first: Violation = result.errors[0]
  const code: ViolationCode = first.code
  // @ts-expect-error: codes are a closed set
  const notACode: ViolationCode = 'wrong'
  console.log(first.path, code, first.message, notACode)
}

// The design's parameter map, key for key.
const parameters: WorkflowParameters = generateWorkflowParameters(clusterConfig)
const nap: 'true' | 'false' = parameters['enable-nap']
const size: string = parameters['primary-vm-size']
// @ts-expect-error: not one of the 12 keys
parameters['enable-karpenter']
const memoryOptimized = NODE_POOL_CONFIGURATIONS['memory-optimized'].primaryVmSize
// @ts-expect-error: the table is read-only
NODE_POOL_CONFIGURATIONS.standard.maxCpu = '1'

const bundle = renderBundle(clusterConfig, { rbac: 'none', profiles: 'general-v5: {}' })
const objects: KubeObject[] = bundle.objects
const workload = objects.filter((_, i) => bundle.targets[i] === 'workload')
// @ts-expect-error: RBAC modes are a closed set
renderBundle(clusterConfig, { rbac: 'all' })

const { workflow, yaml }: { workflow: Workflow; yaml: string } = renderWorkflow(clusterConfig, {
  rbacNames: { workflowNamespace: 'argo' },
  kubectlImage: 'docker.io/alpine/k8s:1.33.3',
})
const namespace: string = workflow.metadata.namespace
const path = `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/workflows`
const kind: 'Workflow' = workflow.kind
for (const template of workflow.spec.templates) {
  if (template.resource) {
    const action: 'get' | 'create' | 'apply' | 'delete' | 'replace' | 'patch' = template.resource.action
    console.log(action)
  }
}

try {
  renderWorkflow({ ...clusterConfig, location: 'atlantis' })
} catch (error) {
  if (error instanceof AksflowValidationError) {
    const code: 'AKSFLOW_VALIDATION' = error.code
    const paths: string[] = error.errors.map((v) => v.path)
    console.log(code, paths)
  }
}

console.log(custom, badIdentity, badVersion, badFlag, missing, nap, size, memoryOptimized, workload, yaml, path, kind)

// The API beyond the golden cases: result shapes, errors as data, the design's parameter table,
// options, and a Rust panic surfacing as a thrown Error.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { describe, test } from 'node:test'

const require = createRequire(import.meta.url)
const aksflow = require('../aksflow.js')
const {
  AksflowError,
  AksflowValidationError,
  NODE_POOL_CONFIGURATIONS,
  generateWorkflowParameters,
  renderBundle,
  renderWorkflow,
  renderWorkflowTemplate,
  validate,
} = aksflow

const request = {
  clusterName: 'payments-prod',
  location: 'westeurope',
  nodePoolType: 'memory-optimized',
  kubernetesVersion: '1.30',
  enableNAP: true,
  dryRun: false,
}

/** The design's table (PLATFORM-DESIGN.md, "Parameter Mapping"), verbatim. */
const DESIGN_NODE_POOL_CONFIGURATIONS = {
  standard: { primaryVmSize: 'Standard_DS2_v2', secondaryVmSize: 'Standard_DS3_v2', skuFamily: 'D', maxCpu: '1000', maxMemory: '1000Gi' },
  'memory-optimized': { primaryVmSize: 'Standard_E2s_v3', secondaryVmSize: 'Standard_E4s_v3', skuFamily: 'E', maxCpu: '1000', maxMemory: '2000Gi' },
  'compute-optimized': { primaryVmSize: 'Standard_F2s_v2', secondaryVmSize: 'Standard_F4s_v2', skuFamily: 'F', maxCpu: '2000', maxMemory: '1000Gi' },
}

/** The design's function, verbatim (minus `async`), as the reference. */
function designGenerateWorkflowParameters(clusterConfig) {
  const nodePoolConfig = DESIGN_NODE_POOL_CONFIGURATIONS[clusterConfig.nodePoolType]
  return {
    'cluster-name': clusterConfig.clusterName,
    'location': clusterConfig.location,
    'node-pool-type': clusterConfig.nodePoolType,
    'enable-nap': clusterConfig.enableNAP.toString(),
    'dry-run': clusterConfig.dryRun.toString(),
    'kubernetes-version': clusterConfig.kubernetesVersion,
    'primary-vm-size': nodePoolConfig.primaryVmSize,
    'secondary-vm-size': nodePoolConfig.secondaryVmSize,
    'sku-family': nodePoolConfig.skuFamily,
    'max-cpu': nodePoolConfig.maxCpu,
    'max-memory': nodePoolConfig.maxMemory,
    'system-vm-size': 'Standard_B2s',
  }
}

describe('generateWorkflowParameters', () => {
  for (const nodePoolType of Object.keys(DESIGN_NODE_POOL_CONFIGURATIONS)) {
    for (const enableNAP of [true, false]) {
      for (const dryRun of [false, true]) {
        test(`${nodePoolType}, enableNAP ${enableNAP}, dryRun ${dryRun}: the design's map, key order included`, () => {
          const config = { ...request, nodePoolType, enableNAP, dryRun }
          const ours = generateWorkflowParameters(config)
          const design = designGenerateWorkflowParameters(config)
          assert.deepEqual(ours, design)
          assert.deepEqual(Object.keys(ours), Object.keys(design))
          assert.equal(Object.keys(ours).length, 12)
          assert.ok(Object.values(ours).every((v) => typeof v === 'string'))
        })
      }
    }
  }

  test('NODE_POOL_CONFIGURATIONS is the design table, frozen', () => {
    assert.deepEqual(NODE_POOL_CONFIGURATIONS, DESIGN_NODE_POOL_CONFIGURATIONS)
    assert.ok(Object.isFrozen(NODE_POOL_CONFIGURATIONS))
    assert.ok(Object.isFrozen(NODE_POOL_CONFIGURATIONS.standard))
  })

  test('an unknown node pool type throws the validation error (the design read undefined)', () => {
    assert.throws(
      () => generateWorkflowParameters({ ...request, nodePoolType: 'gpu' }),
      (error) => {
        assert.ok(error instanceof AksflowValidationError)
        assert.ok(error instanceof AksflowError)
        assert.ok(error instanceof Error)
        assert.equal(error.name, 'AksflowValidationError')
        assert.equal(error.code, 'AKSFLOW_VALIDATION')
        assert.deepEqual(error.errors.map(({ code, path }) => ({ code, path })), [{ code: 'unknown_value', path: 'nodePoolType' }])
        assert.match(error.errors[0].message, /"gpu" is not a node pool profile/)
        assert.match(error.message, /nodePoolType: .* \[unknown_value\]/)
        return true
      },
    )
  })

  test('a missing field throws (the design produced undefined); absent flags take the core defaults', () => {
    const { kubernetesVersion, ...missing } = request
    assert.throws(() => generateWorkflowParameters(missing), (e) => e.errors[0].path === 'kubernetesVersion' && e.errors[0].code === 'required')
    const { enableNAP, dryRun, ...flagsAbsent } = request
    const params = generateWorkflowParameters(flagsAbsent)
    assert.equal(params['enable-nap'], 'true')
    assert.equal(params['dry-run'], 'false')
  })

  test('a custom profile from the profiles option', () => {
    const profiles = { 'general-v5': { primaryVmSize: 'Standard_D4s_v5', secondaryVmSize: 'Standard_D8s_v5', skuFamily: 'D', maxCpu: '500', maxMemory: '2000Gi' } }
    const params = generateWorkflowParameters({ ...request, nodePoolType: 'general-v5' }, { profiles })
    assert.equal(params['primary-vm-size'], 'Standard_D4s_v5')
    assert.equal(params['max-cpu'], '500')
  })
})

describe('validate', () => {
  test('a valid request is { ok: true }', () => {
    assert.deepEqual(validate(request), { ok: true })
    assert.deepEqual(validate('clusterName: a\nlocation: westeurope\nnodePoolType: standard\nkubernetesVersion: "1.31"\n'), { ok: true })
  })

  test('every violation at once, as data, in the order the request was read', () => {
    const result = validate({ clusterName: 'Payments_Prod', location: 'westeurop', nodePoolType: 'gpu', kubernetesVersion: 1.3, dryrun: true })
    assert.equal(result.ok, false)
    assert.deepEqual(result.errors.map((v) => v.path), ['dryrun', 'kubernetesVersion', 'clusterName', 'location', 'nodePoolType'])
    assert.deepEqual(result.errors.map((v) => v.code), ['unknown_field', 'invalid_type', 'pattern', 'unknown_value', 'unknown_value'])
    for (const v of result.errors) assert.deepEqual(Object.keys(v), ['code', 'path', 'message'])
  })

  test('undefined fields are absent (JSON semantics)', () => {
    assert.deepEqual(validate({ ...request, gitops: undefined }), { ok: true })
  })

  test('paths use brackets for keys that are not identifiers', () => {
    const result = validate({ ...request, tags: { 'cost center': '{{x}}' } })
    assert.equal(result.ok, false)
    assert.ok(result.errors.some((v) => v.path.startsWith('tags[')), JSON.stringify(result.errors))
  })

  test('text that is not YAML throws AksflowError AKSFLOW_PARSE (not a violation)', () => {
    assert.throws(() => validate('clusterName: [unclosed'), (e) => e instanceof AksflowError && !(e instanceof AksflowValidationError) && e.code === 'AKSFLOW_PARSE' && /line 1/.test(e.message))
  })

  test('a profiles file with problems reports them at <name>.<field>', () => {
    const result = validate(request, { profiles: { broken: { primaryVmSize: 'Standard_D4s_v5', secondaryVmSize: 'Standard_E8s_v5', skuFamily: 'D', maxCpu: 'lots', maxMemory: '1Gi' } } })
    assert.equal(result.ok, false)
    assert.ok(result.errors.every((v) => v.path.startsWith('broken.')), JSON.stringify(result.errors))
  })
})

describe('rendering', () => {
  test('renderBundle: plain objects in apply order, with targets, YAML and JSON', () => {
    const bundle = renderBundle(request)
    assert.deepEqual(Object.keys(bundle), ['objects', 'targets', 'yaml', 'json'])
    assert.deepEqual(bundle.objects.slice(0, 4).map((o) => o.kind), ['ResourceGroup', 'ManagedCluster', 'AKSNodeClass', 'NodePool'])
    assert.deepEqual(bundle.targets.slice(0, 4), ['management', 'management', 'workload', 'workload'])
    for (const object of bundle.objects) {
      assert.equal(typeof object.apiVersion, 'string')
      assert.equal(typeof object.metadata.name, 'string')
    }
  })

  test('renderBundle: the rbac option', () => {
    const kinds = (rbac) => renderBundle(request, { rbac }).objects.map((o) => o.kind)
    assert.ok(!kinds('none').some((k) => k.includes('Role') || k === 'ServiceAccount'))
    assert.ok(kinds('compatible').includes('ClusterRole'))
    assert.throws(() => renderBundle(request, { rbac: 'everything' }))
  })

  test('renderBundle throws AksflowValidationError on invalid input', () => {
    assert.throws(() => renderBundle({ ...request, location: 'atlantis' }), (e) => e instanceof AksflowValidationError && e.errors[0].path === 'location')
  })

  test('renderWorkflow: a Workflow ready to POST, and its YAML', () => {
    const { workflow, yaml } = renderWorkflow(request)
    assert.equal(workflow.apiVersion, 'argoproj.io/v1alpha1')
    assert.equal(workflow.kind, 'Workflow')
    assert.equal(workflow.metadata.generateName, 'provision-payments-prod-')
    assert.equal(workflow.metadata.namespace, 'argo')
    assert.equal(workflow.spec.serviceAccountName, 'aksflow-provisioner')
    assert.ok(yaml.startsWith('apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n'))
  })

  test('renderWorkflow: the object is parsed from the JSON once, on first read, and spreads like a plain object', () => {
    const result = renderWorkflow(request)
    assert.deepEqual(Object.keys(result), ['workflow', 'yaml', 'json'])
    assert.strictEqual(result.workflow, result.workflow)
    assert.deepEqual(result.workflow, JSON.parse(result.json))
    assert.deepEqual({ ...result }.workflow, JSON.parse(result.json))
    assert.deepEqual(JSON.parse(JSON.stringify(result)).workflow, JSON.parse(result.json))
  })

  test('renderWorkflow: the Workflow options', () => {
    const { workflow } = renderWorkflow(request, {
      rbacNames: { workflowNamespace: 'workflows', workflowServiceAccount: 'provisioner' },
      kubectlImage: 'registry.example/kubectl:1.33',
      clusterReadyTimeoutSeconds: 600,
    })
    assert.equal(workflow.metadata.namespace, 'workflows')
    assert.equal(workflow.spec.serviceAccountName, 'provisioner')
    assert.equal(workflow.spec.arguments.parameters[0].value, 'registry.example/kubectl:1.33')
    assert.match(JSON.stringify(workflow), /600/)
  })

  test('renderWorkflowTemplate: aksflow-<cluster>', () => {
    const { workflowTemplate, yaml } = renderWorkflowTemplate(request)
    assert.equal(workflowTemplate.kind, 'WorkflowTemplate')
    assert.equal(workflowTemplate.metadata.name, 'aksflow-payments-prod')
    assert.ok(yaml.includes('kind: WorkflowTemplate'))
  })

  test('the request apiVersions choose the kinds\' versions', () => {
    const bundle = renderBundle({ ...request, apiVersions: { nodePool: 'v1beta1', aksNodeClass: 'v1alpha2', managedCluster: 'v1api20240402preview' } })
    const versions = Object.fromEntries(bundle.objects.map((o) => [o.kind, o.apiVersion]))
    assert.equal(versions.NodePool, 'karpenter.sh/v1beta1')
    assert.equal(versions.AKSNodeClass, 'karpenter.azure.com/v1alpha2')
    assert.equal(versions.ManagedCluster, 'containerservice.azure.com/v1api20240402preview')
  })
})

describe('panics', () => {
  test('a Rust panic is a thrown Error and Node keeps running', () => {
    const script = `
      const native = require(${JSON.stringify(new URL('../index.js', import.meta.url).pathname)})
      let caught
      try { native.__panicForTests() } catch (error) { caught = error }
      if (!(caught instanceof Error) || !/deliberate panic/.test(caught.message)) process.exit(3)
      console.log('survived')
    `
    const child = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, AKSFLOW_NODE_TEST_HOOKS: '1' }, encoding: 'utf8' })
    assert.equal(child.signal, null, `killed by ${child.signal}: ${child.stderr}`)
    assert.equal(child.status, 0, child.stderr)
    assert.equal(child.stdout.trim(), 'survived')
  })

  // The core's own hook (aksflow::test_hooks, compiled into test.sh's build): a request with this
  // name panics inside the core's validation, below the binding.
  test('a panic inside the core is a thrown Error, and the next call works', (t) => {
    if (process.env.AKSFLOW_CORE_TEST_HOOKS !== '1') return t.skip('built without the core test hooks (run test.sh)')
    const hooked = { ...request, clusterName: 'aksflow-test-hook-panic' }
    for (const call of [validate, renderBundle, renderWorkflow]) {
      assert.throws(() => call(hooked), (error) => error instanceof Error && /deliberate panic inside the core/.test(error.message))
    }
    assert.throws(() => renderBundle(`clusterName: aksflow-test-hook-panic\nlocation: westeurope\nnodePoolType: standard\nkubernetesVersion: "1.30"\n`), /deliberate panic inside the core/)
    assert.match(renderBundle(request).yaml, /^apiVersion: /)
  })

  test('without the test switch the hook does nothing', () => {
    const child = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(new URL('../index.js', import.meta.url).pathname)}).__panicForTests())`], { env: { ...process.env, AKSFLOW_NODE_TEST_HOOKS: '' }, encoding: 'utf8' })
    assert.equal(child.stdout.trim(), 'false', child.stderr)
  })
})

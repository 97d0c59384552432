// The platform's WorkflowService with aksflow: validate the UI's request, render the provisioning
// Workflow, submit it to Argo. No parameter mapping and no YAML templating of its own.
//
//   node examples/node/workflow-service.mjs [request.yaml|request.json] [--submit]
//
// Without `--submit` it prints the Workflow (YAML) and where it would be sent. With `--submit` it
// POSTs the Workflow to the Kubernetes API from inside the management cluster, as the
// `idp-backend` ServiceAccount (in-cluster token and CA; see aksflow's RBAC in the bundle).
// Build the addon first: `cd bindings/node && npm ci && npm run build`.
import { readFileSync } from 'node:fs'
import { request as httpsRequest } from 'node:https'
import { createRequire } from 'node:module'

// In the service itself: `import { ... } from '@aksflow/node'`.
const require = createRequire(import.meta.url)
const { AksflowValidationError, renderWorkflow, validate } = require('../../bindings/node/aksflow.js')

const args = process.argv.slice(2)
const submit = args.includes('--submit')
const file = args.find((a) => !a.startsWith('--'))

// What the UI posts (or a request file: YAML or JSON text goes to the core's reader as is).
const clusterConfig = file
  ? readFileSync(file, 'utf8')
  : {
      clusterName: 'payments-prod',
      location: 'westeurope',
      nodePoolType: 'memory-optimized',
      kubernetesVersion: '1.32',
      enableNAP: true,
      dryRun: false,
      tags: { team: 'payments' },
      gitops: { url: 'https://github.com/org/fleet' },
    }

// 1. Validate: every violation at once, as data the UI can show next to its fields.
const result = validate(clusterConfig)
if (!result.ok) {
  console.error('the request is invalid:')
  for (const { path, code, message } of result.errors) console.error(`  ${path}: ${message} [${code}]`)
  process.exit(1)
}

// 2. Render the Workflow (renderWorkflow validates too, and throws AksflowValidationError).
let rendered
try {
  rendered = renderWorkflow(clusterConfig)
} catch (error) {
  if (error instanceof AksflowValidationError) {
    console.error(error.errors)
    process.exit(1)
  }
  throw error
}
const { workflow, yaml } = rendered
const path = `/apis/argoproj.io/v1alpha1/namespaces/${workflow.metadata.namespace}/workflows`

if (submit) {
  console.log(`submitted ${await submitWorkflow(workflow, path)}`)
} else {
  console.log(`# POST ${path}  (run with --submit inside the management cluster)`)
  process.stdout.write(yaml)
}

// 3. Submit: POST the object (with @kubernetes/client-node, the same is
//    `new CustomObjectsApi(...).createNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1',
//     namespace: workflow.metadata.namespace, plural: 'workflows', body: workflow })`).
async function submitWorkflow(workflow, path) {
  const serviceAccount = '/var/run/secrets/kubernetes.io/serviceaccount'
  const body = JSON.stringify(workflow)
  const response = await new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: process.env.KUBERNETES_SERVICE_HOST,
        port: process.env.KUBERNETES_SERVICE_PORT ?? 443,
        method: 'POST',
        path,
        ca: readFileSync(`${serviceAccount}/ca.crt`),
        headers: {
          authorization: `Bearer ${readFileSync(`${serviceAccount}/token`, 'utf8').trim()}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode, text }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
  if (response.status !== 201) throw new Error(`submission failed (${response.status}): ${response.text}`)
  return JSON.parse(response.text).metadata.name
}

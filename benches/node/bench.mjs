// Node benchmark: N distinct requests through aksflow's renderWorkflow (validate + bundle + Workflow,
// object and YAML) next to the plain-JS implementation (objects + js-yaml, no validation), in the
// same process, plus the bundle alone. Not a test: figures go into benches/node/RESULTS.md.
//
//   cd bindings/node && npm ci && npm run build:release      # or point NAPI_RS_NATIVE_LIBRARY_PATH at a release .node
//   node benches/node/bench.mjs [--n 10000] [--rounds 5]
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'

import * as plain from './plain-js-workflow.mjs'

const require = createRequire(import.meta.url)
const aksflow = require('../../bindings/node/aksflow.js')
const native = require('../../bindings/node/index.js')
const yaml = createRequire(new URL('../../bindings/node/package.json', import.meta.url))('js-yaml')

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const N = option('n', 10_000)
const ROUNDS = option('rounds', 5)

const REGIONS = ['westeurope', 'northeurope', 'eastus2', 'uksouth', 'swedencentral']
const TYPES = ['standard', 'memory-optimized', 'compute-optimized']

/** The same 10,000 distinct requests as benches/render.rs. */
function requests(n) {
  return Array.from({ length: n }, (_, i) => {
    const request = {
      clusterName: `cluster-${String(i).padStart(5, '0')}`,
      location: REGIONS[i % REGIONS.length],
      nodePoolType: TYPES[i % TYPES.length],
      kubernetesVersion: i % 2 === 0 ? '1.32' : '1.31.5',
      enableNAP: i % 4 !== 0,
      tags: { team: `team-${i % 97}`, env: 'prod' },
    }
    if (i % 3 === 0) request.gitops = { url: 'https://github.com/org/fleet', branch: 'main' }
    if (i % 5 === 0) request.identity = { type: 'UserAssigned' }
    if (i % 7 === 0) request.apiVersions = { nodePool: 'v1beta1', aksNodeClass: 'v1alpha2' }
    return request
  })
}

const all = requests(N)
const texts = all.map((r) => JSON.stringify(r))
let sink = 0

/** Runs `fn` over every request once; returns requests per second. */
function measure(fn) {
  const start = performance.now()
  for (let i = 0; i < N; i++) sink += fn(i)
  return N / ((performance.now() - start) / 1000)
}

const variants = {
  'plain JS: objects + js-yaml (no validation)': (i) => plain.renderWorkflow(all[i]).yaml.length,
  'aksflow renderWorkflow: object + YAML': (i) => aksflow.renderWorkflow(all[i]).yaml.length,
  'aksflow, YAML only: JSON.stringify + native call': (i) => native.renderWorkflow(JSON.stringify(all[i]), true, null).value.yaml.length,
  'aksflow, native call alone (request text ready)': (i) => native.renderWorkflow(texts[i], true, null).value.yaml.length,
  'bundle, plain JS: objects + js-yaml': (i) => plain.renderBundle(all[i]).yaml.length,
  'bundle, aksflow renderBundle: objects + YAML': (i) => aksflow.renderBundle(all[i], { rbac: 'none' }).yaml.length,
  'part: JSON.stringify(request)': (i) => JSON.stringify(all[i]).length,
  'part: JSON.parse(workflow JSON)': (() => {
    const jsons = all.slice(0, Math.min(N, 1000)).map((r) => aksflow.renderWorkflow(r).json)
    return (i) => Object.keys(JSON.parse(jsons[i % jsons.length])).length
  })(),
  'part: js-yaml dump of aksflow\'s Workflow object': (() => {
    const objects = all.slice(0, Math.min(N, 1000)).map((r) => aksflow.renderWorkflow(r).workflow)
    return (i) => yaml.dump(objects[i % objects.length], { lineWidth: -1, noRefs: true }).length
  })(),
}

// Warm up both, then interleave the rounds so neither gets a quieter machine.
for (const fn of Object.values(variants)) for (let i = 0; i < Math.min(N, 500); i++) sink += fn(i)
const results = Object.fromEntries(Object.keys(variants).map((k) => [k, []]))
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of Object.entries(variants)) results[name].push(measure(fn))
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const loaded = native.__napiBindingTarget ?? 'native'
console.log(`node ${process.version}, ${N} distinct requests, ${ROUNDS} rounds (median), addon: ${process.env.NAPI_RS_NATIVE_LIBRARY_PATH ?? 'bindings/node/aksflow.*.node'} (${loaded})`)
const sample = all[N > 3 ? 3 : 0]
console.log(`output size for request 3: aksflow ${aksflow.renderWorkflow(sample).yaml.length} bytes of YAML, plain JS ${plain.renderWorkflow(sample).yaml.length} bytes`)
const base = median(results['plain JS: objects + js-yaml (no validation)'])
for (const [name, rates] of Object.entries(results)) {
  const rate = median(rates)
  const perCall = (1e6 / rate).toFixed(1)
  const reference = name.startsWith('bundle') ? median(results['bundle, plain JS: objects + js-yaml']) : base
  console.log(`${name.padEnd(52)} ${Math.round(rate).toString().padStart(8)} /s  ${perCall.padStart(7)} µs  ${name.startsWith('part') ? '' : `${(rate / reference).toFixed(2)}×`}`)
}
if (sink === 0) console.log('')

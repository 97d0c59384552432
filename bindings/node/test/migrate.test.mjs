// migrateKro and diff: the examples/kro migration gives the same reports as the Rust suite
// (examples/kro/expected/), errors come back as data, and diff classifies like the CLI.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { test } from 'node:test'

import * as yaml from 'js-yaml'

const require = createRequire(import.meta.url)
const { AksflowError, AksflowMigrateError, diff, migrateKro } = require('../aksflow.js')

const kro = new URL('../../../examples/kro/', import.meta.url).pathname
const read = (file) => readFileSync(kro + file, 'utf8')
const rgd = read('rgd.yaml')
const instances = ['analytics-staging', 'batch-jobs', 'legacy-private', 'payments-prod', 'web-dev']

for (const name of instances) {
  test(`migrateKro ${name} matches the golden report`, () => {
    const migration = migrateKro(rgd, read(`instances/${name}.yaml`))
    assert.equal(migration.text, read(`expected/${name}.txt`))
    assert.deepEqual(migration.report, JSON.parse(read(`expected/${name}.json`)))
    assert.equal(migration.requestYaml, read(`expected/${name}.request.yaml`))
    assert.equal(migration.equivalent, name !== 'legacy-private')
    assert.match(migration.bundleYaml, /kind: ManagedCluster/)
  })
}

test('migrateKro takes objects too, and a mapping file', () => {
  const instance = yaml.load(read('instances/web-dev.yaml'))
  const migration = migrateKro(yaml.load(rgd), instance, { mapping: { set: { enableNAP: false } } })
  assert.equal(migration.report.request.enableNAP, false)
  assert.equal(migration.equivalent, true, migration.text)
})

test('migrateKro errors carry the core code and path', () => {
  const instance = { apiVersion: 'kro.run/v1alpha1', kind: 'AKSCluster', metadata: { name: 'x' }, spec: {} }
  assert.throws(() => migrateKro(rgd, instance), (error) => {
    assert.ok(error instanceof AksflowMigrateError && error instanceof AksflowError)
    assert.equal(error.code, 'AKSFLOW_MIGRATE')
    assert.equal(error.migrateCode, 'instance')
    assert.equal(error.path, 'spec.clusterName')
    return true
  })
  const broken = rgd.replace('${schema.spec.location}', '${schema.spec.location +}')
  assert.throws(() => migrateKro(broken, read('instances/web-dev.yaml')), (error) => {
    assert.equal(error.migrateCode, 'cel_syntax')
    assert.equal(error.path, 'spec.resources[0].template.spec.location')
    return true
  })
})

test('diff compares object lists and YAML streams', () => {
  const old = [{ apiVersion: 'resources.azure.com/v1api20200601', kind: 'ResourceGroup', metadata: { name: 'rg-a' }, spec: { location: 'westeurope' } }]
  const moved = [{ ...old[0], spec: { location: 'northeurope' } }]
  const result = diff(old, moved)
  assert.equal(result.equivalent, false)
  assert.deepEqual(result.comparison.pairs[0].differences[0].verdict.verdict, 'unexpected')
  assert.equal(diff(yaml.dump(old[0]), yaml.dump(old[0])).equivalent, true)
  assert.throws(() => diff('a: [', ''), AksflowMigrateError)
})

// Golden parity: every case of tests/golden/ runs through the binding exactly as the Rust suite
// runs it (crates/aksflow/tests/golden.rs), twice: the request as text (read by the core's YAML
// reader) and as a JS object (parsed here with js-yaml, as the WorkflowService would hand it over).
// Valid cases must give the Rust golden bytes; invalid ones the same codes and paths.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, test } from 'node:test'

import * as yaml from 'js-yaml'

const require = createRequire(import.meta.url)
const aksflow = require('../aksflow.js')

const goldenDir = new URL('../../../tests/golden/', import.meta.url).pathname
const cases = readdirSync(goldenDir)
  .filter((name) => existsSync(join(goldenDir, name, 'request.yaml')))
  .sort()

const read = (dir, file) => readFileSync(join(dir, file), 'utf8')
const readIf = (dir, file) => (existsSync(join(dir, file)) ? read(dir, file) : undefined)

/** Runs one case: what the Rust suite compares, from one way of handing the request over. */
function run(request, options) {
  try {
    const bundle = aksflow.renderBundle(request, options)
    const params = JSON.stringify(aksflow.generateWorkflowParameters(request, options), null, 2) + '\n'
    const workflow = aksflow.renderWorkflow(request, options)
    return { rendered: true, yaml: bundle.yaml, params, workflow: workflow.yaml, bundle, workflowObject: workflow.workflow }
  } catch (error) {
    if (!(error instanceof aksflow.AksflowValidationError)) throw error
    assert.equal(error.code, 'AKSFLOW_VALIDATION')
    assert.ok(error instanceof Error)
    // validate() reports the same violations as data.
    const result = aksflow.validate(request, options)
    assert.equal(result.ok, false)
    assert.deepEqual(result.errors, error.errors)
    return { rendered: false, errors: error.errors.map(({ path, code }) => ({ path, code })) }
  }
}

function check(dir, outcome) {
  if (outcome.rendered) {
    assert.equal(outcome.yaml, read(dir, 'expected.yaml'), 'expected.yaml')
    assert.equal(outcome.params, read(dir, 'expected-params.json'), 'expected-params.json')
    assert.equal(outcome.workflow, read(dir, 'expected-workflow.yaml'), 'expected-workflow.yaml')
    // The objects are the JSON of the same objects, and the YAML read back is the same data.
    assert.deepEqual(outcome.bundle.objects, JSON.parse(outcome.bundle.json))
    assert.deepEqual(outcome.bundle.objects, yaml.loadAll(outcome.yaml))
    assert.equal(outcome.bundle.targets.length, outcome.bundle.objects.length)
    assert.deepEqual(outcome.workflowObject, yaml.load(outcome.workflow))
  } else {
    assert.deepEqual(outcome.errors, JSON.parse(read(dir, 'expected-errors.json')), 'expected-errors.json')
  }
}

describe('golden cases', () => {
  test('there are at least 25 cases', () => assert.ok(cases.length >= 25, `only ${cases.length}`))

  for (const name of cases) {
    const dir = join(goldenDir, name)
    const requestText = read(dir, 'request.yaml')
    const profilesText = readIf(dir, 'profiles.yaml')
    const rbac = yaml.load(readIf(dir, 'options.yaml') ?? '{}')?.rbac

    test(`${name} (text, the core's reader)`, () => {
      const outcome = run(requestText, { profiles: profilesText, rbac })
      assert.equal(outcome.rendered, !name.startsWith('invalid-'), 'invalid-* cases are rejected, the others render')
      check(dir, outcome)
    })

    test(`${name} (object, parsed in JS)`, () => {
      let request
      try {
        request = yaml.load(requestText)
      } catch {
        return // text only the core's reader is asked to read
      }
      const profiles = profilesText === undefined ? undefined : yaml.load(profilesText)
      check(dir, run(request ?? null, { profiles, rbac }))
    })
  }
})

// Determinism across languages: the 100 generated requests of tests/determinism/ (written by
// crates/aksflow/tests/determinism.rs), rendered here from JS objects, give YAML whose SHA-256 is
// the one Rust recorded in expected-sha256.json, byte for byte.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { test } from 'node:test'

const require = createRequire(import.meta.url)
const { renderBundle, renderWorkflow } = require('../aksflow.js')

const dir = new URL('../../../tests/determinism/', import.meta.url).pathname
const requests = JSON.parse(readFileSync(dir + 'requests.json', 'utf8'))
const expected = JSON.parse(readFileSync(dir + 'expected-sha256.json', 'utf8'))
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex')

test('100 generated requests render the bytes Rust renders', () => {
  assert.equal(requests.length, 100)
  assert.equal(expected.length, 100)
  requests.forEach((request, i) => {
    assert.deepEqual(
      { bundle: sha256(renderBundle(request).yaml), workflow: sha256(renderWorkflow(request).yaml) },
      expected[i],
      `request ${i}: ${JSON.stringify(request)}`,
    )
  })
})

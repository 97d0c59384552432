// The hostile corpus (tests/hostile/, expectations in expected.json, written by
// crates/aksflow/tests/hostile.rs), through the binding as text: the same violations (path and
// code), or a parse error naming a line. The generated cases (huge, deeply nested) run in Rust only.
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { test } from 'node:test'

const require = createRequire(import.meta.url)
const { AksflowError, validate } = require('../aksflow.js')

const dir = new URL('../../../tests/hostile/', import.meta.url).pathname
const expected = JSON.parse(readFileSync(dir + 'expected.json', 'utf8'))
const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'expected.json').sort()

test('the hostile corpus is rejected as in Rust', () => {
  assert.ok(files.length >= 20)
  for (const file of files) {
    const want = expected[file]
    assert.ok(want, `${file}: no expectation`)
    const text = readFileSync(dir + file, 'utf8')
    if (want.violations) {
      const outcome = validate(text)
      assert.equal(outcome.ok, false, `${file} validated`)
      assert.deepEqual(outcome.errors.map((e) => [e.path, e.code]), want.violations, file)
    } else {
      assert.throws(() => validate(text), (e) => e instanceof AksflowError && e.code === 'AKSFLOW_PARSE' && /line \d+/.test(e.message), file)
    }
  }
})

// examples/node/workflow-service.mjs runs: it prints the Workflow by default and rejects a bad request.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'

const example = fileURLToPath(new URL('../../../examples/node/workflow-service.mjs', import.meta.url))
const mistakes = fileURLToPath(new URL('../../../examples/requests/five-mistakes.yaml', import.meta.url))
const run = (...args) => spawnSync(process.execPath, [example, ...args], { encoding: 'utf8' })

test('the example prints the Workflow and where it would be POSTed', () => {
  const child = run()
  assert.equal(child.status, 0, child.stderr)
  assert.match(child.stdout, /^# POST \/apis\/argoproj\.io\/v1alpha1\/namespaces\/argo\/workflows/)
  assert.match(child.stdout, /\napiVersion: argoproj\.io\/v1alpha1\nkind: Workflow\n/)
})

test('the example lists every violation of a bad request and exits 1', () => {
  const child = run(mistakes)
  assert.equal(child.status, 1)
  assert.equal(child.stderr.split('\n').filter((l) => /^ {2}\S+: .* \[\w+\]$/.test(l)).length, 5, child.stderr)
})

// Type tests: `tsc --noEmit` over the WorkflowService's usage (test/types/workflow-service.ts),
// whose `@ts-expect-error` lines must each be an error; and the generated request types agree
// with the core's JSON Schema of the request (schemas/cluster-request.schema.json).
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'

const here = (path) => fileURLToPath(new URL(path, import.meta.url))

test('tsc --noEmit passes over the WorkflowService usage', () => {
  const tsc = spawnSync(process.execPath, [here('../node_modules/typescript/bin/tsc'), '-p', here('types')], { encoding: 'utf8' })
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr)
})

const dts = readFileSync(here('../index.d.ts'), 'utf8')
const schema = JSON.parse(readFileSync(here('../../../schemas/cluster-request.schema.json'), 'utf8'))

/** The members of `export interface <name> { ... }` in index.d.ts: name → { optional, type }. */
function members(name) {
  const body = dts.match(new RegExp(`export interface ${name} \\{\\n([\\s\\S]*?)\\n\\}`))
  assert.ok(body, `index.d.ts declares ${name}`)
  return Object.fromEntries(
    [...body[1].matchAll(/^ {2}'?([\w-]+)'?(\?)?: (.+)$/gm)].map(([, field, optional, type]) => [field, { optional: !!optional, type }]),
  )
}

/** The string literals of `export type <name> = 'a' | 'b'`. */
function union(name) {
  const declaration = dts.match(new RegExp(`export type ${name} = (.+)`))
  assert.ok(declaration, `index.d.ts declares ${name}`)
  return [...declaration[1].matchAll(/'([^']*)'/g)].map((m) => m[1])
}

const definition = (ref) => schema.$defs[ref.replace('#/$defs/', '')]

for (const [typescript, jsonSchema] of [
  ['ClusterRequest', schema],
  ['IdentityRequest', schema.$defs.IdentityRequest],
  ['GitOpsRequest', schema.$defs.GitOpsRequest],
  ['AddonsRequest', schema.$defs.AddonsRequest],
  ['ApiVersions', schema.$defs.ApiVersions],
]) {
  test(`${typescript}: the fields of the core's schema, required where it requires them`, () => {
    const fields = members(typescript)
    assert.deepEqual(Object.keys(fields).sort(), Object.keys(jsonSchema.properties).sort())
    for (const [field, { optional }] of Object.entries(fields)) {
      assert.equal(optional, !(jsonSchema.required ?? []).includes(field), `${typescript}.${field}`)
    }
  })
}

for (const [typescript, jsonSchema] of [
  ['IdentityType', 'IdentityType'],
  ['ManagedClusterVersion', 'ManagedClusterVersion'],
  ['NodePoolVersion', 'NodePoolVersion'],
  ['AksNodeClassVersion', 'AksNodeClassVersion'],
]) {
  test(`${typescript}: the values of the core's schema`, () => {
    const values = (definition(jsonSchema).oneOf ?? [definition(jsonSchema)]).flatMap((v) => v.enum ?? (v.const !== undefined ? [v.const] : []))
    assert.deepEqual(union(typescript).sort(), values.sort())
  })
}

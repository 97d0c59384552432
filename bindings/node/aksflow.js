// @aksflow/node: the public API. A thin wrapper over the generated native loader (index.js): it
// hands requests to the native functions as text (JSON.stringify of an object, or YAML/JSON text
// as given), turns their `{ ok, value | errors | failure }` outcomes into return values or thrown
// errors, and parses the core's JSON output into plain objects. No rule lives here.
'use strict'

const native = require('./index.js')

/** Any failure of aksflow; `code` says which (`AKSFLOW_PARSE`, `AKSFLOW_VALIDATION`, ...). */
class AksflowError extends Error {
  constructor(message, code) {
    super(message)
    this.name = 'AksflowError'
    this.code = code
  }
}

/** The request breaks rules: `errors` holds every violation (`{ code, path, message }`). */
class AksflowValidationError extends AksflowError {
  constructor(errors) {
    const lines = errors.map((v) => `  ${v.path ? `${v.path}: ` : ''}${v.message} [${v.code}]`)
    super(`${errors.length} violation${errors.length === 1 ? '' : 's'}\n${lines.join('\n')}`, 'AKSFLOW_VALIDATION')
    this.name = 'AksflowValidationError'
    this.errors = errors
  }
}

/** A KRO migration step failed: `code` (`instance`, `cel_syntax`, `mapping`, ...), `path` and the message. */
class AksflowMigrateError extends AksflowError {
  constructor(error) {
    super(error.message, 'AKSFLOW_MIGRATE')
    this.name = 'AksflowMigrateError'
    this.migrateCode = error.code
    this.path = error.path
  }
}

function text(request) {
  return typeof request === 'string' ? [request, false] : [JSON.stringify(request), true]
}

/** `{ [key]: JSON.parse(json), ...rest }`, with `key` parsed on first read (most callers want the text). */
function parsedOnDemand(key, json, rest) {
  let parsed
  const result = {}
  Object.defineProperty(result, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (parsed === undefined) parsed = JSON.parse(json)
      return parsed
    },
  })
  return Object.assign(result, rest)
}

function unwrap(outcome) {
  if (outcome.ok) return outcome.value
  if (outcome.errors) throw new AksflowValidationError(outcome.errors)
  throw new AksflowError(outcome.failure.message, outcome.failure.code)
}

function validate(request, options) {
  const outcome = native.validate(...text(request), options)
  if (outcome.failure) unwrap(outcome)
  return outcome.ok ? { ok: true } : { ok: false, errors: outcome.errors }
}

function renderBundle(request, options) {
  const { yaml, json, targets } = unwrap(native.renderBundle(...text(request), options))
  return parsedOnDemand('objects', json, { targets, yaml, json })
}

function renderWorkflow(request, options) {
  const { yaml, json } = unwrap(native.renderWorkflow(...text(request), options))
  return parsedOnDemand('workflow', json, { yaml, json })
}

function renderWorkflowTemplate(request, options) {
  const { yaml, json } = unwrap(native.renderWorkflowTemplate(...text(request), options))
  return parsedOnDemand('workflowTemplate', json, { yaml, json })
}

function generateWorkflowParameters(clusterConfig, options) {
  return unwrap(native.generateWorkflowParameters(...text(clusterConfig), options))
}

function document(value) {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function migrated(outcome) {
  if (!outcome.ok) throw new AksflowMigrateError(outcome.error)
  return outcome.value
}

function migrateKro(rgd, instance, options = {}) {
  const mapping = options.mapping === undefined ? undefined : document(options.mapping)
  const { equivalent, json, text, requestYaml, bundleYaml } = migrated(
    native.migrateKro(document(rgd), document(instance), mapping),
  )
  return { equivalent, report: JSON.parse(json), text, requestYaml, bundleYaml }
}

function diff(oldObjects, newObjects) {
  const stream = (objects) => (Array.isArray(objects) ? objects.map((o) => JSON.stringify(o)).join('\n---\n') : objects)
  const { equivalent, json, text } = migrated(native.diff(stream(oldObjects), stream(newObjects)))
  return { equivalent, comparison: JSON.parse(json), text }
}

const NODE_POOL_CONFIGURATIONS = Object.freeze(
  Object.fromEntries(Object.entries(native.nodePoolConfigurations()).map(([name, p]) => [name, Object.freeze(p)])),
)

module.exports = {
  AksflowError,
  AksflowMigrateError,
  AksflowValidationError,
  NODE_POOL_CONFIGURATIONS,
  diff,
  generateWorkflowParameters,
  migrateKro,
  renderBundle,
  renderWorkflow,
  renderWorkflowTemplate,
  validate,
}

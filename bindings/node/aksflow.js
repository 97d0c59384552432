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

function text(request) {
  return typeof request === 'string' ? [request, false] : [JSON.stringify(request), true]
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
  return { objects: JSON.parse(json), targets, yaml, json }
}

function renderWorkflow(request, options) {
  const { yaml, json } = unwrap(native.renderWorkflow(...text(request), options))
  return { workflow: JSON.parse(json), yaml, json }
}

function renderWorkflowTemplate(request, options) {
  const { yaml, json } = unwrap(native.renderWorkflowTemplate(...text(request), options))
  return { workflowTemplate: JSON.parse(json), yaml, json }
}

function generateWorkflowParameters(clusterConfig, options) {
  return unwrap(native.generateWorkflowParameters(...text(clusterConfig), options))
}

const NODE_POOL_CONFIGURATIONS = Object.freeze(
  Object.fromEntries(Object.entries(native.nodePoolConfigurations()).map(([name, p]) => [name, Object.freeze(p)])),
)

module.exports = {
  AksflowError,
  AksflowValidationError,
  NODE_POOL_CONFIGURATIONS,
  generateWorkflowParameters,
  renderBundle,
  renderWorkflow,
  renderWorkflowTemplate,
  validate,
}

// @aksflow/node: the public API's types. The data types (ClusterRequest, Violation, Options,
// WorkflowParameters, ...) are generated from the Rust binding into index.d.ts; this file declares
// the wrapper's functions and errors (aksflow.js) and the shapes of the Kubernetes objects it returns.

import type {
  ClusterRequest,
  MigrateError,
  NodePoolProfile,
  Options,
  Target,
  Violation,
  WorkflowParameters,
} from './index.js'

export type {
  AddonsRequest,
  AksNodeClassVersion,
  ApiVersions,
  BuiltinNodePoolType,
  ClusterRequest,
  GitOpsRequest,
  IdentityRequest,
  IdentityType,
  ManagedClusterVersion,
  MigrateError,
  NodePoolProfile,
  NodePoolVersion,
  Options,
  ProvisioningPath,
  RbacMode,
  RbacNamesOptions,
  Target,
  Violation,
  ViolationCode,
  WorkflowParameters,
} from './index.js'

/** A request: the object the platform's UI sends, or its YAML/JSON text (read by the core's reader). */
export type RequestInput = ClusterRequest | string

/** The outcome of `validate`. */
export type ValidationResult = { ok: true } | { ok: false; errors: Violation[] }

/** Any failure of aksflow. */
export declare class AksflowError extends Error {
  /** `AKSFLOW_VALIDATION` (rules broken), `AKSFLOW_PARSE` (text that is not YAML/JSON), ... */
  readonly code:
    | 'AKSFLOW_VALIDATION'
    | 'AKSFLOW_PARSE'
    | 'AKSFLOW_WRONG_KIND'
    | 'AKSFLOW_UNSUPPORTED_KIND'
    | 'AKSFLOW_SERIALIZE'
    | 'AKSFLOW_MIGRATE'
}

/** The request breaks rules; `errors` lists every violation, in the order the request was read. */
export declare class AksflowValidationError extends AksflowError {
  readonly code: 'AKSFLOW_VALIDATION'
  /** Every violation: the core's code, path and message. */
  readonly errors: Violation[]
}

/** Object metadata as aksflow writes it (a subset of `V1ObjectMeta`). */
export interface ObjectMeta {
  name?: string
  generateName?: string
  namespace?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  [field: string]: unknown
}

/** A Kubernetes object as a plain JS object, ready for `@kubernetes/client-node` (`KubernetesObject`). */
export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: ObjectMeta
  [field: string]: unknown
}

/** Every object one cluster needs, in apply order. */
export interface RenderedBundle {
  /** The objects, in apply order (parsed from `json` when first read). */
  objects: KubeObject[]
  /** The cluster each object is applied to (`objects[i]` goes to `targets[i]`). */
  targets: Target[]
  /** Every object as one multi-document YAML stream (byte for byte the CLI's `aksflow render`). */
  yaml: string
  /** Every object as a JSON list. */
  json: string
}

/** The kubectl action of an Argo resource template. */
export type ResourceAction = 'get' | 'create' | 'apply' | 'delete' | 'replace' | 'patch'
/** When Argo retries a step. */
export type RetryPolicy = 'Always' | 'OnFailure' | 'OnError' | 'OnTransientError'
/** When Argo deletes a Workflow's pods. */
export type PodGcStrategy = 'OnPodCompletion' | 'OnPodSuccess' | 'OnWorkflowCompletion' | 'OnWorkflowSuccess'

/** One Argo template of the provisioning DAG (the fields aksflow writes; see the Argo CRD for all). */
export interface WorkflowTemplateStep {
  name: string
  dag?: { tasks: Array<{ name: string; template: string; depends?: string; [field: string]: unknown }> }
  resource?: { action: ResourceAction; manifest?: string; [field: string]: unknown }
  script?: { image: string; command?: string[]; source: string; [field: string]: unknown }
  retryStrategy?: { limit?: number | string; retryPolicy?: RetryPolicy; [field: string]: unknown }
  [field: string]: unknown
}

/** The spec of the provisioning Workflow (and its WorkflowTemplate). */
export interface WorkflowSpec {
  entrypoint: string
  onExit?: string
  arguments?: { parameters?: Array<{ name: string; value?: string; description?: string }> }
  serviceAccountName?: string
  activeDeadlineSeconds?: number
  podGC?: { strategy?: PodGcStrategy; [field: string]: unknown }
  templates: WorkflowTemplateStep[]
  [field: string]: unknown
}

/** The provisioning Workflow: POST it to `/apis/argoproj.io/v1alpha1/namespaces/<metadata.namespace>/workflows`. */
export interface Workflow extends KubeObject {
  apiVersion: 'argoproj.io/v1alpha1'
  kind: 'Workflow'
  metadata: ObjectMeta & { generateName: string; namespace: string; labels: Record<string, string> }
  spec: WorkflowSpec
}

/** The same DAG as a WorkflowTemplate `aksflow-<cluster>`, for installing through GitOps. */
export interface WorkflowTemplate extends KubeObject {
  apiVersion: 'argoproj.io/v1alpha1'
  kind: 'WorkflowTemplate'
  metadata: ObjectMeta & { name: string; namespace: string }
  spec: WorkflowSpec
}

/** A rendered Workflow: the object, and the same as YAML and JSON text. */
export interface RenderedWorkflow {
  /** The Workflow object, ready to POST (parsed from `json` when first read). */
  workflow: Workflow
  /** The Workflow as YAML (byte for byte the CLI's `aksflow workflow`). */
  yaml: string
  json: string
}

/** A rendered WorkflowTemplate: the object, and the same as YAML and JSON text. */
export interface RenderedWorkflowTemplate {
  /** The WorkflowTemplate object (parsed from `json` when first read). */
  workflowTemplate: WorkflowTemplate
  yaml: string
  json: string
}

/**
 * Validates a request: every violation at once, or `{ ok: true }`.
 * @throws {AksflowError} `AKSFLOW_PARSE` when text is not YAML/JSON.
 */
export declare function validate(request: RequestInput, options?: Options): ValidationResult

/**
 * Validates a request and renders every object its cluster needs, in apply order.
 * @throws {AksflowValidationError} when the request breaks rules.
 */
export declare function renderBundle(request: RequestInput, options?: Options): RenderedBundle

/**
 * Validates a request and renders its provisioning Workflow, ready to submit.
 * @throws {AksflowValidationError} when the request breaks rules.
 */
export declare function renderWorkflow(request: RequestInput, options?: Options): RenderedWorkflow

/**
 * Validates a request and renders the WorkflowTemplate `aksflow-<cluster>`.
 * @throws {AksflowValidationError} when the request breaks rules.
 */
export declare function renderWorkflowTemplate(request: RequestInput, options?: Options): RenderedWorkflowTemplate

/**
 * The design's `generateWorkflowParameters`: the same 12 keys and string values, computed by the
 * core from a validated request. Synchronous (`await` on it works as before).
 * @throws {AksflowValidationError} where the design's function produced `undefined` or a TypeError
 *   (an unknown `nodePoolType`, a missing field), and for every other rule the request breaks.
 */
export declare function generateWorkflowParameters(clusterConfig: RequestInput, options?: Options): WorkflowParameters

/** The design's `NODE_POOL_CONFIGURATIONS`: the built-in profiles by name (frozen). */
export declare const NODE_POOL_CONFIGURATIONS: Readonly<
  Record<'standard' | 'memory-optimized' | 'compute-optimized', Readonly<NodePoolProfile>>
>

/** A KRO migration step failed (the RGD, the instance, the mapping, or the extracted request). */
export declare class AksflowMigrateError extends AksflowError {
  readonly code: 'AKSFLOW_MIGRATE'
  /** The core's code: `parse`, `rgd`, `unsupported`, `cel_syntax`, `cel_evaluation`, `unknown_reference`, `cycle`, `instance`, `mapping` or `request`. */
  readonly migrateCode: MigrateError['code']
  /** Where, in the document it concerns. */
  readonly path: string
}

/** A difference's classification: intended by the migration (with why), or unexpected. */
export type Verdict = { verdict: 'intended'; reason: string } | { verdict: 'unexpected'; reason: string }

/** One field that differs between an old and a new object. */
export interface Difference {
  path: string
  change: 'changed' | 'added' | 'removed'
  old?: unknown
  new?: unknown
  verdict: Verdict
}

/** An object named in a comparison. */
export interface ObjectRef {
  apiVersion: string
  kind: string
  name: string
}

/** Two object sets compared field by field (`aksflow diff`). */
export interface Comparison {
  pairs: Array<{ old: ObjectRef; new: ObjectRef; differences: Difference[] }>
  onlyOld: Array<{ object: ObjectRef; verdict: Verdict }>
  onlyNew: Array<{ object: ObjectRef; verdict: Verdict }>
  /** Nothing unexpected. */
  equivalent: boolean
}

/** The report of one migrated instance (the CLI's `comparison.json`). */
export interface MigrationReport {
  instance: string
  equivalent: boolean
  request: ClusterRequest
  mapped: Array<{ from: string; to: { kind: 'field'; to: string } | { kind: 'nodePoolTypeFromVmSize' } | { kind: 'ignore' }; value: unknown }>
  unmapped: Array<{ path: string; value: unknown; reason: string }>
  derived: Array<{ path: string; reason: string }>
  excluded: Array<{ id: string; reason: string }>
  unresolved: Array<{ resource: string; path: string; expression: string; reference: string }>
  comparison: Comparison
}

/** One KRO instance migrated. */
export interface Migration {
  /** Nothing unexpected in the comparison. */
  equivalent: boolean
  report: MigrationReport
  /** The report for people. */
  text: string
  /** The extracted request as YAML. */
  requestYaml: string
  /** The new bundle as a multi-document YAML stream. */
  bundleYaml: string
}

/**
 * Migrates one KRO instance: renders it offline as the RGD would, maps it to a request, renders
 * the aksflow bundle and compares the ASO objects. Documents are YAML/JSON text or objects.
 * @throws {AksflowMigrateError} when the RGD, the instance or the mapping cannot be used.
 */
export declare function migrateKro(
  rgd: string | object,
  instance: string | object,
  options?: { mapping?: string | object },
): Migration

/**
 * Compares two object sets (multi-document YAML/JSON text, or lists of objects) field by field,
 * each difference classified as intended by the migration or unexpected.
 * @throws {AksflowMigrateError} when a set cannot be read.
 */
export declare function diff(
  oldObjects: string | object[],
  newObjects: string | object[],
): { equivalent: boolean; comparison: Comparison; text: string }

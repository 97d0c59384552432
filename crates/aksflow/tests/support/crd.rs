//! Loading CustomResourceDefinitions and checking objects against them.
//!
//! For an object, [`Crds::check`] selects the CRD version by `apiVersion` and
//! `kind`, then reports, as the API server would on create:
//!
//! 1. `metadata` errors (name, namespace vs. scope, labels, ...): `metadata.rs`;
//! 2. OpenAPI v3 schema violations and fields the server would prune
//!    (`openapi.rs` converts the schema to JSON Schema, closing every object
//!    node that does not preserve unknown fields);
//! 3. duplicate entries of `x-kubernetes-list-type: map` lists;
//! 4. failing `x-kubernetes-validations` CEL rules (`cel_rules.rs`).
//!
//! As on the server, schema defaults are applied before 2–4.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::cel_rules::{self, Programs};
use super::{metadata, openapi};

/// The CRDs of a directory, indexed by `(apiVersion, kind)`.
pub struct Crds {
    dir: PathBuf,
    versions: BTreeMap<(String, String), CrdVersion>,
}

struct CrdVersion {
    /// `metadata.name` of the CRD, for messages.
    crd_name: String,
    file: PathBuf,
    cluster_scoped: bool,
    /// The version's `openAPIV3Schema`, as written (OpenAPI v3).
    schema: Value,
    /// JSON Schema validator and compiled CEL rules, built on first use.
    prepared: OnceLock<Result<Prepared, String>>,
}

struct Prepared {
    validator: jsonschema::Validator,
    programs: Programs,
}

impl Crds {
    /// Directory: env `AKSFLOW_CRD_DIR`, default `<workspace root>/../shared/crds`
    /// (workspace root = `CARGO_MANIFEST_DIR/../..`).
    pub fn dir() -> PathBuf {
        match std::env::var_os("AKSFLOW_CRD_DIR") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => {
                let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
                let root = root.canonicalize().unwrap_or(root);
                match root.parent() {
                    Some(parent) => parent.join("shared/crds"),
                    None => root.join("../shared/crds"),
                }
            }
        }
    }

    /// Loads every CRD file (`*.yaml`, `*.yml`, `*.json`) in [`Crds::dir`].
    /// `Ok(None)` when the directory is absent (the caller prints a loud
    /// SKIPPED message); `Err` when it exists but cannot be read or parsed, or
    /// holds no CRD.
    pub fn load() -> Result<Option<Crds>, String> {
        Self::load_dir(&Self::dir())
    }

    /// [`Crds::load`] from an explicit directory: `Ok(None)` when it is absent.
    pub fn load_dir(dir: &Path) -> Result<Option<Crds>, String> {
        if !dir.is_dir() {
            return Ok(None);
        }
        Self::load_from(dir).map(Some)
    }

    /// Loads the CRDs of `dir`, which must exist.
    pub fn load_from(dir: &Path) -> Result<Crds, String> {
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
        let mut files = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
            })
            .collect::<Vec<_>>();
        files.sort();

        let mut crds = Crds {
            dir: dir.to_path_buf(),
            versions: BTreeMap::new(),
        };
        for file in files {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("reading {}: {e}", file.display()))?;
            // `from_multiple` accepts a leading `---` and skips empty documents.
            let docs: Vec<Value> = serde_saphyr::from_multiple(&text)
                .map_err(|e| format!("parsing {}: {e}", file.display()))?;
            for doc in docs {
                if doc.get("kind").and_then(Value::as_str) == Some("CustomResourceDefinition") {
                    crds.add_crd(&file, &doc)?;
                }
            }
        }
        if crds.versions.is_empty() {
            return Err(format!("no CustomResourceDefinition in {}", dir.display()));
        }
        Ok(crds)
    }

    fn add_crd(&mut self, file: &Path, crd: &Value) -> Result<(), String> {
        let at = |what: &str| format!("{}: CRD without {what}", file.display());
        let spec = crd.get("spec").ok_or_else(|| at("spec"))?;
        let group = spec
            .get("group")
            .and_then(Value::as_str)
            .ok_or_else(|| at("spec.group"))?;
        let kind = spec
            .pointer("/names/kind")
            .and_then(Value::as_str)
            .ok_or_else(|| at("spec.names.kind"))?;
        let cluster_scoped = match spec.get("scope").and_then(Value::as_str) {
            Some("Cluster") => true,
            Some("Namespaced") => false,
            other => return Err(format!("{}: CRD scope {other:?}", file.display())),
        };
        let crd_name = crd
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or(kind)
            .to_owned();
        let versions = spec
            .get("versions")
            .and_then(Value::as_array)
            .ok_or_else(|| at("spec.versions"))?;
        for version in versions {
            let name = version
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| at("spec.versions[].name"))?;
            if version.get("served").and_then(Value::as_bool) == Some(false) {
                continue;
            }
            let schema = version
                .pointer("/schema/openAPIV3Schema")
                .ok_or_else(|| at(&format!("versions[{name}].schema.openAPIV3Schema")))?
                .clone();
            let key = (format!("{group}/{name}"), kind.to_owned());
            if self.versions.contains_key(&key) {
                return Err(format!(
                    "{}: {} {} is defined twice in {}",
                    file.display(),
                    key.0,
                    key.1,
                    self.dir.display()
                ));
            }
            self.versions.insert(
                key,
                CrdVersion {
                    crd_name: crd_name.clone(),
                    file: file.to_path_buf(),
                    cluster_scoped,
                    schema,
                    prepared: OnceLock::new(),
                },
            );
        }
        Ok(())
    }

    /// The `(apiVersion, kind)` pairs served by the loaded CRDs.
    pub fn kinds(&self) -> Vec<(String, String)> {
        self.versions.keys().cloned().collect()
    }

    /// Whether the kind is cluster-scoped; `None` when no CRD serves it.
    pub fn is_cluster_scoped(&self, api_version: &str, kind: &str) -> Option<bool> {
        self.versions
            .get(&(api_version.to_owned(), kind.to_owned()))
            .map(|v| v.cluster_scoped)
    }

    /// Builds (once) every version's validator and CEL programs, and returns
    /// the problems: schemas that do not compile, CEL rules that do not parse.
    /// Slow for the Argo CRDs; used by the harness self-test.
    pub fn preparation_failures(&self) -> Vec<String> {
        let mut out = Vec::new();
        for ((api_version, kind), version) in &self.versions {
            match version.prepared() {
                Err(e) => out.push(format!("{api_version} {kind}: {e}")),
                Ok(prepared) => {
                    for (rule, err) in prepared.programs.failures() {
                        out.push(format!(
                            "{api_version} {kind}: CEL rule does not compile: {rule}: {err}"
                        ));
                    }
                }
            }
        }
        out
    }

    /// Validates one object (`apiVersion` + `kind` select the CRD version).
    /// Returns every failure found; empty when the object conforms.
    pub fn check(&self, object: &Value) -> Vec<String> {
        let (Some(api_version), Some(kind)) = (
            object.get("apiVersion").and_then(Value::as_str),
            object.get("kind").and_then(Value::as_str),
        ) else {
            return vec!["object has no string apiVersion and kind".into()];
        };
        let Some(version) = self
            .versions
            .get(&(api_version.to_owned(), kind.to_owned()))
        else {
            let served = self
                .versions
                .keys()
                .filter(|(_, k)| k == kind)
                .map(|(v, _)| v.as_str())
                .collect::<Vec<_>>();
            return vec![format!(
                "no CRD in {} serves apiVersion {api_version} kind {kind} (versions of {kind} served: {served:?})",
                self.dir.display()
            )];
        };
        let prepared = match version.prepared() {
            Ok(p) => p,
            Err(e) => return vec![format!("harness: {e}")],
        };
        let env = match cel_rules::env() {
            Ok(env) => env,
            Err(e) => return vec![format!("harness: {e}")],
        };

        let mut out = Vec::new();
        metadata::check(object.get("metadata"), version.cluster_scoped, &mut out);

        // The API server applies defaults before validation and CEL.
        let mut defaulted = object.clone();
        openapi::apply_defaults(&version.schema, &mut defaulted);

        for error in prepared.validator.iter_errors(&defaulted) {
            let path = pointer_to_path(error.instance_path().as_str());
            match error.kind() {
                ValidationErrorKind::AdditionalProperties { unexpected } => {
                    for field in unexpected {
                        out.push(format!(
                            "pruned {}: unknown field {field:?} (not in the schema, the API server would drop it)",
                            join(&path, field)
                        ));
                    }
                }
                ValidationErrorKind::Enum { options } => out.push(format!(
                    "schema {}: {} is not one of {options}",
                    cel_rules::display_path(&path),
                    error.instance()
                )),
                _ => out.push(format!(
                    "schema {}: {error}",
                    cel_rules::display_path(&path)
                )),
            }
        }

        walk(
            &env,
            &prepared.programs,
            &version.schema,
            &defaulted,
            "",
            &mut out,
        );
        out
    }

    /// Parses a (multi-document) YAML stream and checks every document;
    /// failures are prefixed with the document index, kind and name.
    pub fn check_yaml(&self, yaml: &str) -> Vec<String> {
        let docs: Vec<Value> = match serde_saphyr::from_multiple(yaml) {
            Ok(docs) => docs,
            Err(e) => return vec![format!("YAML does not parse: {e}")],
        };
        let mut out = Vec::new();
        for (i, doc) in docs.iter().enumerate() {
            let kind = doc.get("kind").and_then(Value::as_str).unwrap_or("?");
            let name = doc
                .pointer("/metadata/name")
                .or_else(|| doc.pointer("/metadata/generateName"))
                .and_then(Value::as_str)
                .unwrap_or("?");
            for failure in self.check(doc) {
                out.push(format!("document {i} ({kind}/{name}): {failure}"));
            }
        }
        out
    }
}

impl CrdVersion {
    fn prepared(&self) -> Result<&Prepared, String> {
        self.prepared
            .get_or_init(|| self.prepare())
            .as_ref()
            .map_err(Clone::clone)
    }

    fn prepare(&self) -> Result<Prepared, String> {
        let json_schema = openapi::to_json_schema(&self.schema);
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .should_validate_formats(true)
            .with_format("byte", is_base64)
            .with_keyword(openapi::GO_PATTERN, go_pattern_keyword)
            .build(&json_schema)
            .map_err(|e| {
                format!(
                    "schema of {} ({}) does not compile: {e}",
                    self.crd_name,
                    self.file.display()
                )
            })?;
        let env = cel_rules::env()?;
        let programs = Programs::for_schema(&env, &self.schema);
        Ok(Prepared {
            validator,
            programs,
        })
    }
}

/// `pattern`, with Go RE2 semantics (see [`openapi::GO_PATTERN`]).
struct GoPattern {
    source: String,
    regex: regex::Regex,
}

fn go_pattern_keyword<'a>(
    _parent: &'a serde_json::Map<String, Value>,
    value: &'a Value,
    _path: jsonschema::paths::Location,
) -> Result<Box<dyn for<'i> jsonschema::Keyword<'i>>, jsonschema::ValidationError<'a>> {
    let source = value
        .as_str()
        .ok_or_else(|| jsonschema::ValidationError::schema("pattern must be a string"))?;
    let regex = regex::Regex::new(source).map_err(|e| {
        jsonschema::ValidationError::schema(format!("pattern {source:?} is not RE2: {e}"))
    })?;
    Ok(Box::new(GoPattern {
        source: source.to_owned(),
        regex,
    }))
}

impl<'i> jsonschema::Keyword<'i> for GoPattern {
    fn validate(&self, instance: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            Err(jsonschema::ValidationError::custom(format!(
                "{instance} does not match pattern {:?}",
                self.source
            )))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        instance.as_str().is_none_or(|s| self.regex.is_match(s))
    }
}

/// OpenAPI `format: byte`: standard base64 (Go's `base64.StdEncoding`).
fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    s.len().is_multiple_of(4)
        && s.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// Walks the (OpenAPI) schema and the defaulted object together: CEL rules on
/// every node, for every value at that node; list-map key uniqueness.
fn walk(
    env: &Arc<cel::Env>,
    programs: &Programs,
    schema: &Value,
    value: &Value,
    path: &str,
    out: &mut Vec<String>,
) {
    cel_rules::check_node(env, programs, schema, value, path, out);
    match value {
        Value::Object(map) => {
            let props = schema.get("properties").and_then(Value::as_object);
            let additional = schema.get("additionalProperties").filter(|a| a.is_object());
            for (key, child) in map {
                if let Some(child_schema) = props.and_then(|p| p.get(key)) {
                    walk(env, programs, child_schema, child, &join(path, key), out);
                } else if let Some(child_schema) = additional {
                    let child_path = format!("{}[{key:?}]", cel_rules::display_path(path));
                    walk(env, programs, child_schema, child, &child_path, out);
                }
            }
        }
        Value::Array(items) => {
            let Some(item_schema) = schema.get("items").filter(|i| i.is_object()) else {
                return;
            };
            check_list_map(schema, items, path, out);
            for (i, item) in items.iter().enumerate() {
                let child_path = format!("{}[{i}]", cel_rules::display_path(path));
                walk(env, programs, item_schema, item, &child_path, out);
            }
        }
        _ => {}
    }
}

/// `x-kubernetes-list-type: map`: entries must be unique by their
/// `x-kubernetes-list-map-keys`.
fn check_list_map(schema: &Value, items: &[Value], path: &str, out: &mut Vec<String>) {
    if schema.get("x-kubernetes-list-type").and_then(Value::as_str) != Some("map") {
        return;
    }
    let keys = schema
        .get("x-kubernetes-list-map-keys")
        .and_then(Value::as_array)
        .map(|k| k.iter().filter_map(Value::as_str).collect::<Vec<_>>())
        .unwrap_or_default();
    if keys.is_empty() {
        return;
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        let id = keys
            .iter()
            .map(|k| {
                format!(
                    "{k}={}",
                    item.get(*k)
                        .map_or_else(|| "<unset>".into(), Value::to_string)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        if let Some(first) = seen.get(&id) {
            out.push(format!(
                "schema {}[{i}]: duplicate entry in list keyed by ({id}), same as [{first}]",
                cel_rules::display_path(path)
            ));
        } else {
            seen.insert(id, i);
        }
    }
}

/// `a.b` (or `b` at the root).
fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

/// JSON pointer (`/spec/templates/0/name`) to a dotted path
/// (`spec.templates[0].name`).
fn pointer_to_path(pointer: &str) -> String {
    let mut path = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            path.push_str(&format!("[{segment}]"));
        } else if segment.contains(['.', '/']) {
            path.push_str(&format!("[{segment:?}]"));
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&segment);
        }
    }
    path
}

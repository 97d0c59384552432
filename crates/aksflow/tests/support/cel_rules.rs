//! `x-kubernetes-validations` (CEL) rules, evaluated the way the API server
//! does on create.
//!
//! * The interpreter is the `cel` crate (0.15) with its standard library
//!   (macros `has`, `all`, `exists`, `exists_one`, `map`, `filter`; `size`,
//!   `matches`, `contains`, `startsWith`, `endsWith`, `int()`, `in` on lists and
//!   map keys, map indexing), plus its `strings` extension (`split`,
//!   `lowerAscii`, `join`, `indexOf`, ... as in cel-go's `ext.Strings()`, which
//!   Kubernetes enables) and, registered here, the Kubernetes regex library
//!   functions `find` and `findAll`.
//! * `self` is bound as an ordinary variable named `self`: the crate's parser
//!   accepts it as an identifier, so no textual rewriting is needed.
//! * Rules that mention `oldSelf` are transition rules: they only run on
//!   update, so they are skipped.
//! * The API server applies schema defaults before it runs the rules (and
//!   before validation); `crd.rs` does the same (`openapi::apply_defaults`) on
//!   a copy of the object before calling in here. This matters, e.g., for
//!   Karpenter v1beta1's `self.consolidationPolicy == 'WhenEmpty' ? ...`,
//!   which errors with "no such key" when the (defaulted) field is absent.
//! * A rule that fails to compile, errors while evaluating, or yields a
//!   non-boolean is reported as a failure, naming the rule: never passed.
//! * JSON numbers become CEL `int` when integral (`uint` beyond `i64`), `double`
//!   otherwise, or `double` whenever the schema says `type: number`.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use cel::common::types::{CelList, CelString};
use cel::common::value::Val;
use cel::objects::{Key, Map};
use cel::{Context, Env, ExecutionError, Program, Value as CelValue};
use serde_json::Value;

use super::openapi;

/// The CEL functions registered on top of the `cel` crate's standard library:
/// reported by the harness self-test and documentation.
pub const EXTRA_FUNCTIONS: &[&str] = &[
    // Kubernetes regex library, registered here.
    "find",
    "findAll",
    // The `cel` crate's strings extension (cel-go `ext.Strings()`).
    "charAt",
    "indexOf",
    "lastIndexOf",
    "join",
    "lowerAscii",
    "upperAscii",
    "trim",
    "replace",
    "split",
    "substring",
    "format",
    "strings.quote",
    "reverse",
];

/// The shared interpreter environment.
pub fn env() -> Result<Arc<Env>, String> {
    static ENV: OnceLock<Result<Arc<Env>, String>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Env::stdlib();
        env.add_extension(cel::extensions::strings)
            .map_err(|e| format!("registering the CEL strings extension: {e}"))?;
        env.add_extension(kubernetes_regex)
            .map_err(|e| format!("registering find/findAll: {e}"))?;
        Ok(Arc::new(env))
    })
    .clone()
}

/// Kubernetes' regex library (`k8s.io/apiserver/pkg/cel/library/regex.go`):
/// `<string>.find(<regex>)` is the first match or `""`, `<string>.findAll(<regex>)`
/// all matches, `<string>.findAll(<regex>, <limit>)` at most `limit` (negative:
/// all).
fn kubernetes_regex(env: &mut Env) -> Result<(), cel::DeclarationError> {
    cel::add_member_overload!(env, fn find: (CelString, CelString) -> Result<CelString>)?;
    cel::add_member_overload!(env, fn find_all: (CelString, CelString) -> Result<CelList>)?;
    cel::add_member_overload!(env, fn find_all_n: (CelString, CelString, cel::common::types::CelInt) -> Result<CelList>,
        name = "findAll")?;
    Ok(())
}

fn compile_regex(function: &str, re: &str) -> Result<regex::Regex, ExecutionError> {
    regex::Regex::new(re)
        .map_err(|e| ExecutionError::function_error(function, format!("invalid regex {re:?}: {e}")))
}

fn find(this: &CelString<'_>, re: &CelString<'_>) -> Result<CelString<'static>, ExecutionError> {
    let re = compile_regex("find", re.inner())?;
    Ok(CelString::from(
        re.find(this.inner())
            .map(|m| m.as_str().to_owned())
            .unwrap_or_default(),
    ))
}

fn find_all(this: &CelString<'_>, re: &CelString<'_>) -> Result<CelList<'static>, ExecutionError> {
    find_all_n(this, re, &cel::common::types::CelInt::from(-1))
}

fn find_all_n(
    this: &CelString<'_>,
    re: &CelString<'_>,
    limit: &cel::common::types::CelInt,
) -> Result<CelList<'static>, ExecutionError> {
    let re = compile_regex("findAll", re.inner())?;
    let limit = usize::try_from(*limit.inner()).unwrap_or(usize::MAX);
    Ok(re
        .find_iter(this.inner())
        .take(limit)
        .map(|m| Box::new(CelString::from(m.as_str().to_owned())) as Box<dyn Val>)
        .collect::<Vec<_>>()
        .into())
}

/// One `x-kubernetes-validations` entry.
#[derive(Debug, Clone)]
pub struct Rule {
    pub rule: String,
    pub message: Option<String>,
    pub message_expression: Option<String>,
}

impl Rule {
    /// The rules declared on a schema node.
    pub fn on_node(schema: &Value) -> Vec<Rule> {
        schema
            .get("x-kubernetes-validations")
            .and_then(Value::as_array)
            .map(|rules| {
                rules
                    .iter()
                    .map(|r| Rule {
                        rule: r
                            .get("rule")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                        message: r.get("message").and_then(Value::as_str).map(str::to_owned),
                        message_expression: r
                            .get("messageExpression")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Transition rules (mentioning `oldSelf`) only apply on update.
    pub fn is_transition_rule(&self) -> bool {
        mentions_identifier(&self.rule, "oldSelf")
    }
}

/// Whether `ident` occurs in `source` as an identifier token, outside string
/// literals (a tiny CEL tokenizer: enough to not be fooled by `'oldSelf'`).
pub fn mentions_identifier(source: &str, ident: &str) -> bool {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'"' || c == b'\'' {
            // Skip a string literal (triple-quoted ones too), honouring escapes.
            let triple = bytes.get(i..i + 3) == Some(&[c, c, c][..]);
            i += if triple { 3 } else { 1 };
            while i < bytes.len() {
                if bytes[i] == b'\\' {
                    i += 2;
                    continue;
                }
                if triple {
                    if bytes.get(i..i + 3) == Some(&[c, c, c][..]) {
                        i += 3;
                        break;
                    }
                } else if bytes[i] == c {
                    i += 1;
                    break;
                }
                i += 1;
            }
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            if &source[start..i] == ident {
                return true;
            }
        } else {
            i += 1;
        }
    }
    false
}

/// Compiled programs, keyed by source text (many rules repeat across nodes).
#[derive(Default)]
pub struct Programs {
    compiled: HashMap<String, Result<Program, String>>,
}

impl Programs {
    /// Compiles every rule (and message expression) found in `schema`.
    pub fn for_schema(env: &Env, schema: &Value) -> Programs {
        let mut programs = Programs::default();
        programs.collect(env, schema);
        programs
    }

    fn collect(&mut self, env: &Env, schema: &Value) {
        match schema {
            Value::Object(map) => {
                for rule in Rule::on_node(schema) {
                    if rule.is_transition_rule() {
                        continue;
                    }
                    for source in std::iter::once(&rule.rule).chain(&rule.message_expression) {
                        self.compiled
                            .entry(source.clone())
                            .or_insert_with(|| env.compile(source).map_err(|e| e.to_string()));
                    }
                }
                for value in map.values() {
                    self.collect(env, value);
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.collect(env, item);
                }
            }
            _ => {}
        }
    }

    /// Number of distinct compiled sources.
    pub fn len(&self) -> usize {
        self.compiled.len()
    }

    /// Sources that failed to compile, with the error.
    pub fn failures(&self) -> Vec<(String, String)> {
        self.compiled
            .iter()
            .filter_map(|(src, r)| r.as_ref().err().map(|e| (src.clone(), e.clone())))
            .collect()
    }

    fn run(
        &self,
        env: &Arc<Env>,
        source: &str,
        this: &CelValue,
    ) -> Result<Result<CelValue, ExecutionError>, String> {
        let fresh;
        let program = match self.compiled.get(source) {
            Some(Ok(p)) => p,
            Some(Err(e)) => return Err(e.clone()),
            None => {
                fresh = env.compile(source).map_err(|e| e.to_string())?;
                &fresh
            }
        };
        let mut ctx = Context::with_env(Arc::clone(env));
        ctx.add_variable_from_value("self", this.clone());
        Ok(program.execute(&ctx))
    }
}

/// Evaluates the rules declared on one schema node against the value found
/// there (already defaulted), pushing one message per failing rule.
pub fn check_node(
    env: &Arc<Env>,
    programs: &Programs,
    schema: &Value,
    value: &Value,
    path: &str,
    out: &mut Vec<String>,
) {
    let rules = Rule::on_node(schema);
    if rules.is_empty() || value.is_null() {
        // The server does not run rules on a null value.
        return;
    }
    let this = to_cel(value, schema);
    for rule in rules {
        if rule.is_transition_rule() {
            continue;
        }
        let verdict = match programs.run(env, &rule.rule, &this) {
            Err(compile_error) => Err(format!("does not compile: {compile_error}")),
            Ok(Err(exec_error)) => Err(format!("could not be evaluated: {exec_error}")),
            Ok(Ok(CelValue::Bool(true))) => Ok(true),
            Ok(Ok(CelValue::Bool(false))) => Ok(false),
            Ok(Ok(other)) => Err(format!("evaluated to a non-boolean {other:?}")),
        };
        match verdict {
            Ok(true) => {}
            Ok(false) => {
                let message = rule
                    .message_expression
                    .as_deref()
                    .and_then(|src| match programs.run(env, src, &this) {
                        Ok(Ok(CelValue::String(s))) => Some(s.to_string()),
                        _ => None,
                    })
                    .or(rule.message.clone())
                    .unwrap_or_else(|| format!("failed rule: {}", rule.rule));
                out.push(format!(
                    "CEL {}: {message} [rule: {}]",
                    display_path(path),
                    rule.rule
                ));
            }
            Err(why) => out.push(format!(
                "CEL {}: rule {why} [rule: {}]",
                display_path(path),
                rule.rule
            )),
        }
    }
}

/// Renders a walker path (`""` is the root).
pub fn display_path(path: &str) -> &str {
    if path.is_empty() { "<root>" } else { path }
}

/// Converts JSON to a CEL value, schema-aware for numbers.
pub fn to_cel(value: &Value, schema: &Value) -> CelValue {
    match value {
        Value::Null => CelValue::Null,
        Value::Bool(b) => CelValue::Bool(*b),
        Value::Number(n) => {
            if openapi::schema_type(schema) == Some("number") {
                CelValue::Float(n.as_f64().unwrap_or(f64::NAN))
            } else if let Some(i) = n.as_i64() {
                CelValue::Int(i)
            } else if let Some(u) = n.as_u64() {
                CelValue::UInt(u)
            } else {
                CelValue::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Value::String(s) => CelValue::String(Arc::new(s.clone())),
        Value::Array(items) => {
            let item_schema = schema.get("items").unwrap_or(&Value::Null);
            CelValue::List(Arc::new(
                items.iter().map(|v| to_cel(v, item_schema)).collect(),
            ))
        }
        Value::Object(map) => {
            let props = schema.get("properties");
            let additional = schema.get("additionalProperties");
            let entries = map
                .iter()
                .map(|(k, v)| {
                    let child = props
                        .and_then(|p| p.get(k))
                        .or(additional)
                        .unwrap_or(&Value::Null);
                    (Key::String(Arc::new(k.clone())), to_cel(v, child))
                })
                .collect::<HashMap<_, _>>();
            CelValue::Map(Map {
                map: Arc::new(entries),
            })
        }
    }
}

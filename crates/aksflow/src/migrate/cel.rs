//! CEL for KRO expressions, with the `cel` crate: its standard library and strings extension (KRO
//! runs cel-go with the strings extension among others). JSON values go in and come out; the
//! field paths an expression reads are found from its syntax tree.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use cel::common::ast::{EntryExpr, Expr, LiteralValue, operators};
use cel::objects::{Key, Map};
use cel::{Context, Env, IdedExpr, Program, Value as CelValue};
use serde_json::Value;

use super::error::MigrateError;

/// The shared interpreter environment.
pub(crate) fn env() -> Arc<Env> {
    static ENV: OnceLock<Arc<Env>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Env::stdlib();
        // Registering the crate's own extension into a fresh environment cannot clash; if it
        // ever did, the standard library alone still evaluates every other expression.
        let _ = env.add_extension(cel::extensions::strings);
        Arc::new(env)
    })
    .clone()
}

/// Compiles `source`; a syntax error carries the expression, its path and the position.
pub(crate) fn compile(source: &str, path: &str) -> Result<Program, MigrateError> {
    env().compile(source).map_err(|errors| {
        let first = errors.errors.first();
        MigrateError::CelSyntax {
            path: path.to_owned(),
            expression: source.to_owned(),
            line: first.map_or(1, |e| e.pos.0 as i64),
            column: first.map_or(0, |e| e.pos.1 as i64 + 1),
            message: first.map_or_else(|| errors.to_string(), |e| e.msg.clone()),
        }
    })
}

/// Evaluates a compiled program with `variables` bound.
pub(crate) fn evaluate(
    program: &Program,
    variables: &BTreeMap<String, Value>,
) -> Result<CelValue, cel::ExecutionError> {
    let mut context = Context::with_env(env());
    for (name, value) in variables {
        context.add_variable_from_value(name.clone(), to_cel(value));
    }
    program.execute(&context)
}

/// JSON into CEL: integral numbers are `int` (`uint` beyond `i64`), others `double`.
pub(crate) fn to_cel(value: &Value) -> CelValue {
    match value {
        Value::Null => CelValue::Null,
        Value::Bool(b) => CelValue::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                CelValue::Int(i)
            } else if let Some(u) = n.as_u64() {
                CelValue::UInt(u)
            } else {
                CelValue::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Value::String(s) => CelValue::String(Arc::new(s.clone())),
        Value::Array(items) => CelValue::List(Arc::new(items.iter().map(to_cel).collect())),
        Value::Object(map) => CelValue::Map(Map {
            map: Arc::new(
                map.iter()
                    .map(|(k, v)| (Key::String(Arc::new(k.clone())), to_cel(v)))
                    .collect::<HashMap<_, _>>(),
            ),
        }),
    }
}

/// CEL back into JSON (map keys sorted, so output is deterministic); values JSON cannot hold
/// (functions, bytes, durations, ...) are an error naming the type.
pub(crate) fn from_cel(value: &CelValue) -> Result<Value, String> {
    Ok(match value {
        CelValue::Null => Value::Null,
        CelValue::Bool(b) => Value::Bool(*b),
        CelValue::Int(i) => Value::from(*i),
        CelValue::UInt(u) => Value::from(*u),
        CelValue::Float(f) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .ok_or_else(|| format!("the number {f} has no JSON form"))?,
        CelValue::String(s) => Value::String(s.as_ref().clone()),
        CelValue::List(items) => {
            Value::Array(items.iter().map(from_cel).collect::<Result<_, _>>()?)
        }
        CelValue::Map(map) => {
            let mut entries = BTreeMap::new();
            for (key, value) in map.map.iter() {
                let key = match key {
                    Key::String(s) => s.as_ref().clone(),
                    Key::Int(i) => i.to_string(),
                    Key::Uint(u) => u.to_string(),
                    Key::Bool(b) => b.to_string(),
                };
                entries.insert(key, from_cel(value)?);
            }
            Value::Object(entries.into_iter().collect())
        }
        other => return Err(format!("a {} value has no JSON form", type_name(other))),
    })
}

/// The CEL type name of a value, for messages.
pub(crate) fn type_name(value: &CelValue) -> String {
    value.type_of().to_string()
}

/// One field path an expression reads: `root.fields...` (e.g. `resourceGroup.metadata.name`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reference {
    /// The identifier it starts from (`schema`, a resource id, ...).
    pub root: String,
    /// The fields selected after it, as far as they are plain names.
    pub fields: Vec<String>,
}

/// Every identifier-rooted field path in a program (longest chains only), skipping variables
/// bound by comprehensions (`exists(c, ...)`).
pub(crate) fn references(program: &Program) -> Vec<Reference> {
    let mut out = Vec::new();
    walk(program.expression(), &mut Vec::new(), &mut out);
    out
}

fn walk(expr: &IdedExpr, bound: &mut Vec<String>, out: &mut Vec<Reference>) {
    if let Some(reference) = chain(expr) {
        if !bound.contains(&reference.root) {
            out.push(reference);
        }
        return;
    }
    match &expr.expr {
        Expr::Call(call) => {
            if let Some(target) = &call.target {
                walk(target, bound, out);
            }
            for arg in &call.args {
                walk(arg, bound, out);
            }
        }
        Expr::Comprehension(c) => {
            walk(&c.iter_range, bound, out);
            walk(&c.accu_init, bound, out);
            let before = bound.len();
            bound.push(c.iter_var.clone());
            if let Some(v) = &c.iter_var2 {
                bound.push(v.clone());
            }
            bound.push(c.accu_var.clone());
            walk(&c.loop_cond, bound, out);
            walk(&c.loop_step, bound, out);
            walk(&c.result, bound, out);
            bound.truncate(before);
        }
        Expr::Select(select) => walk(&select.operand, bound, out),
        Expr::List(list) => {
            for e in &list.elements {
                walk(e, bound, out);
            }
        }
        Expr::Map(map) => {
            for entry in &map.entries {
                if let EntryExpr::MapEntry(e) = &entry.expr {
                    walk(&e.key, bound, out);
                    walk(&e.value, bound, out);
                }
            }
        }
        Expr::Struct(s) => {
            for entry in &s.entries {
                if let EntryExpr::StructField(f) = &entry.expr {
                    walk(&f.value, bound, out);
                }
            }
        }
        Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => {}
    }
}

/// `a.b.c` (and `a.?b`, `a["b"]` with a literal key) as a reference.
fn chain(expr: &IdedExpr) -> Option<Reference> {
    match &expr.expr {
        Expr::Ident(name) => Some(Reference {
            root: name.clone(),
            fields: Vec::new(),
        }),
        Expr::Select(select) if !select.test => {
            let mut reference = chain(&select.operand)?;
            reference.fields.push(select.field.clone());
            Some(reference)
        }
        Expr::Call(call)
            if call.target.is_none()
                && (call.func_name == operators::OPT_SELECT
                    || call.func_name == operators::INDEX)
                && call.args.len() == 2 =>
        {
            let mut reference = chain(call.args.first()?)?;
            // A computed key or an index ends the chain at the container.
            if let Expr::Literal(LiteralValue::String(s)) = &call.args.get(1)?.expr {
                reference.fields.push(s.inner().to_owned());
            }
            Some(reference)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(source: &str) -> Vec<String> {
        let program = compile(source, "x").unwrap();
        let mut out: Vec<String> = references(&program)
            .into_iter()
            .map(|r| {
                std::iter::once(r.root)
                    .chain(r.fields)
                    .collect::<Vec<_>>()
                    .join(".")
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn references_are_found_through_calls_and_macros() {
        assert_eq!(
            refs("schema.spec.name + '-' + rg.metadata.name"),
            ["rg.metadata.name", "schema.spec.name"]
        );
        assert_eq!(
            refs("cluster.status.conditions.exists(c, c.type == 'Ready')"),
            ["cluster.status.conditions"]
        );
        assert_eq!(
            refs("id.?status.?principalId.orValue('')"),
            ["id.status.principalId"]
        );
        assert_eq!(refs("schema.spec.tags['team']"), ["schema.spec.tags.team"]);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let Err(MigrateError::CelSyntax {
            line,
            column,
            expression,
            path,
            ..
        }) = compile(
            "schema.spec.name +",
            "spec.resources[0].template.metadata.name",
        )
        else {
            panic!("expected a syntax error")
        };
        assert_eq!((line, expression.as_str()), (1, "schema.spec.name +"));
        assert!(column >= 18, "column {column}");
        assert_eq!(path, "spec.resources[0].template.metadata.name");
    }

    #[test]
    fn values_round_trip() {
        let value = serde_json::json!({"b": [1, 2.5, "x", true, null], "a": {"c": 3}});
        assert_eq!(
            from_cel(&to_cel(&value)).unwrap().to_string(),
            r#"{"a":{"c":3},"b":[1,2.5,"x",true,null]}"#
        );
    }
}

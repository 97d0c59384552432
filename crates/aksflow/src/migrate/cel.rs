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

/// The longest expression accepted, in bytes.
pub(crate) const MAX_EXPRESSION_BYTES: usize = 1024;
/// The deepest bracket nesting (`(`, `[`, `{`) accepted.
pub(crate) const MAX_NESTING: usize = 8;
/// The most operator characters (`+ - * / % < > = ! & | ? :`) accepted.
pub(crate) const MAX_OPERATORS: usize = 48;
/// The most `.` accepted.
pub(crate) const MAX_DOTS: usize = 64;

/// Bounds the shape of an expression before the `cel` parser sees it. Its parser and evaluator
/// recurse once per nesting level, binary operator and field selection, with frames large enough
/// that 20 nested parentheses or 100 chained `+` overflow a 2 MiB thread stack (a debug build),
/// an abort no caller can catch. Characters inside string literals count too (a lexer that
/// skipped them could be misled about where a string ends); KRO's expressions, field references
/// and short conditions, are far inside these limits. `Err` is the byte offset and the reason.
fn check_shape(source: &str) -> Result<(), (usize, String)> {
    if source.len() > MAX_EXPRESSION_BYTES {
        return Err((
            MAX_EXPRESSION_BYTES,
            format!(
                "the expression is {} bytes long (at most {MAX_EXPRESSION_BYTES})",
                source.len()
            ),
        ));
    }
    let (mut depth, mut operators, mut dots) = (0usize, 0usize, 0usize);
    for (offset, byte) in source.bytes().enumerate() {
        match byte {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err((offset, format!("nested deeper than {MAX_NESTING} brackets")));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'+' | b'-' | b'*' | b'/' | b'%' | b'<' | b'>' | b'=' | b'!' | b'&' | b'|' | b'?'
            | b':' => {
                operators += 1;
                if operators > MAX_OPERATORS {
                    return Err((offset, format!("more than {MAX_OPERATORS} operators")));
                }
            }
            b'.' => {
                dots += 1;
                if dots > MAX_DOTS {
                    return Err((offset, format!("more than {MAX_DOTS} selections (`.`)")));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Compiles `source`; a syntax error carries the expression, its path and the position. An
/// expression past the shape limits ([`MAX_NESTING`], ...) is a syntax error at the offending
/// character.
pub(crate) fn compile(source: &str, path: &str) -> Result<Program, MigrateError> {
    if let Err((offset, message)) = check_shape(source) {
        let before = source.get(..offset).unwrap_or(source);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(MigrateError::CelSyntax {
            path: path.to_owned(),
            expression: source.to_owned(),
            line: i64::try_from(line).unwrap_or(i64::MAX),
            column: i64::try_from(column).unwrap_or(i64::MAX),
            message,
        });
    }
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

/// An upper bound of what evaluating an expression takes: the size of its value (bytes of its
/// JSON form, roughly) and the work (value bytes produced or read). The `cel` crate has no cost
/// limit of its own; this one refuses `s.replace('a', 'aaaa...')` chains, nested comprehensions
/// and the like before they run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Estimate {
    /// The value's size.
    pub size: u64,
    /// The work.
    pub cost: u64,
}

/// Estimates `program` with each variable's size in `sizes` (an unknown name: the largest).
pub(crate) fn estimate(program: &Program, sizes: &BTreeMap<String, u64>) -> Estimate {
    let largest = sizes.values().copied().max().unwrap_or(0);
    let mut bound = Vec::new();
    estimate_expr(program.expression(), sizes, largest, &mut bound)
}

fn estimate_expr(
    expr: &IdedExpr,
    sizes: &BTreeMap<String, u64>,
    largest: u64,
    bound: &mut Vec<(String, u64)>,
) -> Estimate {
    let sub =
        |e: &IdedExpr, bound: &mut Vec<(String, u64)>| estimate_expr(e, sizes, largest, bound);
    match &expr.expr {
        Expr::Ident(name) => Estimate {
            size: bound
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, s)| *s)
                .or_else(|| sizes.get(name).copied())
                .unwrap_or(largest),
            cost: 1,
        },
        Expr::Literal(LiteralValue::String(s)) => Estimate {
            size: s.inner().len() as u64 + 2,
            cost: 1,
        },
        Expr::Literal(LiteralValue::Bytes(b)) => Estimate {
            size: b.inner().len() as u64 + 2,
            cost: 1,
        },
        Expr::Literal(_) | Expr::Unspecified => Estimate { size: 8, cost: 1 },
        Expr::Select(select) => {
            let operand = sub(&select.operand, bound);
            Estimate {
                size: operand.size,
                cost: operand.cost.saturating_add(1),
            }
        }
        Expr::List(list) => sum(list.elements.iter().map(|e| sub(e, bound)).collect()),
        Expr::Map(map) => sum(map
            .entries
            .iter()
            .filter_map(|entry| match &entry.expr {
                EntryExpr::MapEntry(e) => Some([sub(&e.key, bound), sub(&e.value, bound)]),
                EntryExpr::StructField(_) => None,
            })
            .flatten()
            .collect()),
        Expr::Struct(st) => sum(st
            .entries
            .iter()
            .filter_map(|entry| match &entry.expr {
                EntryExpr::StructField(f) => Some(sub(&f.value, bound)),
                EntryExpr::MapEntry(_) => None,
            })
            .collect()),
        Expr::Call(call) => {
            let target = call.target.as_ref().map(|t| sub(t, bound));
            let args: Vec<Estimate> = call.args.iter().map(|a| sub(a, bound)).collect();
            let all = sum(target.iter().copied().chain(args.iter().copied()).collect());
            // A method (`s.replace(a, b)`, `l.join(sep)`, `f.format(l)`) may repeat its
            // arguments once per byte of its receiver; an operator or a global function
            // (`a + b`, `size(l)`, `string(x)`) yields at most what it reads.
            let size = match target {
                Some(t) => t
                    .size
                    .saturating_mul(args.iter().fold(1u64, |acc, a| acc.saturating_add(a.size))),
                None => all.size,
            };
            Estimate {
                size,
                cost: all.cost.saturating_add(size),
            }
        }
        Expr::Comprehension(c) => {
            let range = sub(&c.iter_range, bound);
            let init = sub(&c.accu_init, bound);
            let before = bound.len();
            bound.push((c.iter_var.clone(), range.size));
            if let Some(v) = &c.iter_var2 {
                bound.push((v.clone(), range.size));
            }
            // What one iteration adds to the accumulator, then the accumulator at its largest.
            bound.push((c.accu_var.clone(), 0));
            let growth = sub(&c.loop_step, bound).size;
            let accu = init.size.saturating_add(range.size.saturating_mul(growth));
            bound.pop();
            bound.push((c.accu_var.clone(), accu));
            let step = sub(&c.loop_step, bound);
            let condition = sub(&c.loop_cond, bound);
            let result = sub(&c.result, bound);
            bound.truncate(before);
            Estimate {
                size: result.size,
                cost: range
                    .cost
                    .saturating_add(init.cost)
                    .saturating_add(
                        range
                            .size
                            .saturating_mul(step.cost.saturating_add(condition.cost)),
                    )
                    .saturating_add(result.cost),
            }
        }
    }
}

fn sum(parts: Vec<Estimate>) -> Estimate {
    parts
        .iter()
        .fold(Estimate { size: 2, cost: 1 }, |acc, p| Estimate {
            size: acc.size.saturating_add(p.size),
            cost: acc.cost.saturating_add(p.cost),
        })
}

/// The size of a JSON value as [`Estimate`] counts it (an upper bound of its JSON text).
pub(crate) fn json_size(value: &Value) -> u64 {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => 8,
        // Escapes at most double a string (`\u` forms are not counted per byte: bound, not text).
        Value::String(s) => s.len() as u64 + 2,
        Value::Array(items) => items.iter().fold(2u64, |acc, v| {
            acc.saturating_add(json_size(v)).saturating_add(1)
        }),
        Value::Object(map) => map.iter().fold(2u64, |acc, (k, v)| {
            acc.saturating_add(k.len() as u64 + 4)
                .saturating_add(json_size(v))
        }),
    }
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

    /// Expressions at every shape limit at once compile and evaluate on a test thread (2 MiB of
    /// stack, a debug build); one step past any limit is a syntax error with its position.
    #[test]
    fn expressions_at_the_limits_do_not_overflow_the_stack() {
        let open = "(".repeat(MAX_NESTING);
        let close = ")".repeat(MAX_NESTING);
        let path = ".a".repeat(MAX_DOTS);
        let mut deep = serde_json::json!("x");
        for _ in 0..MAX_DOTS {
            deep = serde_json::json!({ "a": deep });
        }
        let variables = BTreeMap::from([
            ("s".to_owned(), deep),
            ("t".to_owned(), serde_json::json!("y")),
        ]);
        let chain = " + t".repeat(MAX_OPERATORS);
        let ternary =
            "t == t ? ".repeat(MAX_OPERATORS / 4) + "t" + &" : t".repeat(MAX_OPERATORS / 4);
        let comparisons = vec!["t"; MAX_OPERATORS / 2 + 1].join(" == ");
        for source in [
            format!("{open}s{path}{chain}{close}"),
            format!("{open}{ternary}{close}"),
            format!("{open}{comparisons}{close}"),
            format!("{}t{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING)),
            format!("{}t{}", "!".repeat(MAX_OPERATORS), ""),
        ] {
            // The parser's own recursion limit may refuse one (a syntax error): no overflow.
            if let Ok(program) = compile(&source, "x") {
                let _ = evaluate(&program, &variables);
            }
        }
        for (source, column) in [
            (format!("{open}(t){close}"), MAX_NESTING as i64 + 1),
            (
                format!("t{}", " + t".repeat(MAX_OPERATORS + 1)),
                4 * MAX_OPERATORS as i64 + 3,
            ),
            (
                format!("s{}", ".a".repeat(MAX_DOTS + 1)),
                2 * MAX_DOTS as i64 + 2,
            ),
        ] {
            match compile(&source, "x") {
                Err(MigrateError::CelSyntax {
                    line: 1, column: c, ..
                }) => {
                    assert_eq!(c, column, "{source}")
                }
                other => panic!("{source}: {other:?}"),
            }
        }
        assert!(compile(&"t".repeat(MAX_EXPRESSION_BYTES + 1), "x").is_err());
    }

    #[test]
    fn estimates_bound_repetition() {
        let sizes = BTreeMap::from([("s".to_owned(), 100u64)]);
        let cost = |source: &str| estimate(&compile(source, "x").unwrap(), &sizes);
        assert!(cost("s + s").size >= 200);
        let replaced = cost(&format!(
            "s{}",
            ".replace('a', 'aaaaaaaaaaaaaaaa')".repeat(6)
        ));
        assert!(replaced.size > 1 << 24, "{replaced:?}");
        let nested = cost(
            "[1,2,3,4,5,6,7,8,9].map(a, [1,2,3,4,5,6,7,8,9].map(b, [1,2,3,4,5,6,7,8,9].map(c, [1,2,3,4,5,6,7,8,9].map(d, s))))",
        );
        assert!(nested.cost > 1 << 24, "{nested:?}");
        assert!(cost("s.name + '-' + s.x").cost < 10_000);
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

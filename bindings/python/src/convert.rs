//! Python objects ⇄ JSON values: the only shape the core takes and gives (conversions only).
//!
//! In: `dict` (any `Mapping`) with `str` keys, `list`/`tuple`, `str`, `int`, `float`, `bool`,
//! `None` — what `json.load` and `yaml.safe_load` produce. Anything else is a `TypeError` naming
//! where it sits; the core then reports every rule the value breaks. Integers beyond 64 bits
//! become floats and non-finite floats become `null`, as the core's own JSON reader has them.
//! Out: `dict` (keys in the order the core writes them), `list`, `str`, `int`, `float`, `bool`, `None`.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// How deep a host object may nest: far beyond any request, and a self-containing `dict` is an
/// error instead of a stack overflow.
const MAX_DEPTH: usize = 64;

/// A host object as a JSON value; `what` names it in errors (`request`, `profiles`).
pub fn to_value(object: &Bound<'_, PyAny>, what: &str) -> PyResult<Value> {
    let mut loc = Vec::new();
    value(object, &mut loc).map_err(|problem| match problem {
        Problem::Type(message) => {
            PyTypeError::new_err(format!("{}: {message}", display(what, &loc)))
        }
        Problem::Depth => PyValueError::new_err(format!(
            "{}: nested deeper than {MAX_DEPTH} levels (a dict or list that contains itself?)",
            display(what, &loc)
        )),
        Problem::Python(error) => error,
    })
}

/// Why a host object has no JSON form; `loc` is left pointing at the culprit.
enum Problem {
    Type(String),
    Depth,
    Python(PyErr),
}

impl From<PyErr> for Problem {
    fn from(error: PyErr) -> Self {
        Problem::Python(error)
    }
}

/// A step of the path to the culprit, for the error message.
enum Step {
    Key(String),
    Index(usize),
}

fn display(what: &str, loc: &[Step]) -> String {
    let mut text = what.to_owned();
    for step in loc {
        match step {
            Step::Key(key) => text.push_str(&format!("[{key:?}]")),
            Step::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

fn value(object: &Bound<'_, PyAny>, loc: &mut Vec<Step>) -> Result<Value, Problem> {
    if loc.len() > MAX_DEPTH {
        return Err(Problem::Depth);
    }
    if let Ok(text) = object.cast::<PyString>() {
        return Ok(Value::String(text.to_cow()?.into_owned()));
    }
    // `bool` is a subclass of `int`: test it first.
    if let Ok(flag) = object.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if object.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(number) = object.cast::<PyInt>() {
        if let Ok(n) = number.extract::<i64>() {
            return Ok(Value::from(n));
        }
        if let Ok(n) = number.extract::<u64>() {
            return Ok(Value::from(n));
        }
        return Ok(Value::from(number.extract::<f64>()?));
    }
    if let Ok(number) = object.cast::<PyFloat>() {
        return Ok(Value::from(number.value()));
    }
    if let Ok(dict) = object.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            entry(&mut map, &key, &item, loc)?;
        }
        return Ok(Value::Object(map));
    }
    if let Ok(list) = object.cast::<PyList>() {
        return sequence(list.iter(), list.len(), loc);
    }
    if let Ok(tuple) = object.cast::<PyTuple>() {
        return sequence(tuple.iter(), tuple.len(), loc);
    }
    if let Ok(mapping) = object.cast::<PyMapping>() {
        let mut map = Map::new();
        for pair in mapping.items()?.iter() {
            let (key, item): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair.extract()?;
            entry(&mut map, &key, &item, loc)?;
        }
        return Ok(Value::Object(map));
    }
    let type_name = object.get_type().fully_qualified_name()?;
    Err(Problem::Type(format!(
        "a value of type {type_name} has no JSON form (use dict, list, str, int, float, bool or None)"
    )))
}

fn entry(
    map: &mut Map<String, Value>,
    key: &Bound<'_, PyAny>,
    item: &Bound<'_, PyAny>,
    loc: &mut Vec<Step>,
) -> Result<(), Problem> {
    let Ok(key) = key.cast::<PyString>() else {
        let type_name = key.get_type().fully_qualified_name()?;
        return Err(Problem::Type(format!(
            "a key of type {type_name} ({}): keys must be str",
            key.repr()?
        )));
    };
    let key = key.to_cow()?.into_owned();
    loc.push(Step::Key(key.clone()));
    let converted = value(item, loc)?;
    loc.pop();
    map.insert(key, converted);
    Ok(())
}

fn sequence<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    len: usize,
    loc: &mut Vec<Step>,
) -> Result<Value, Problem> {
    let mut list = Vec::with_capacity(len);
    for (index, item) in items.enumerate() {
        loc.push(Step::Index(index));
        list.push(value(&item, loc)?);
        loc.pop();
    }
    Ok(Value::Array(list))
}

/// A JSON value as plain Python objects.
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => number_to_python(py, number)?,
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_python(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

fn number_to_python<'py>(py: Python<'py>, number: &Number) -> PyResult<Bound<'py, PyAny>> {
    if let Some(n) = number.as_i64() {
        Ok(n.into_pyobject(py)?.into_any())
    } else if let Some(n) = number.as_u64() {
        Ok(n.into_pyobject(py)?.into_any())
    } else {
        Ok(number
            .as_f64()
            .unwrap_or(f64::NAN)
            .into_pyobject(py)?
            .into_any())
    }
}

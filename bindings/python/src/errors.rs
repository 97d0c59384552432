//! Failures as Python exceptions, with their data: every violation's code, path and message.
//!
//! The exception classes are defined in Python (`aksflow/_errors.py`) and raised from here: with
//! the stable ABI for Python 3.9 a native class cannot subclass `ValueError` (pyo3 supports
//! `#[pyclass(extends = PyException)]` under abi3 only from 3.12), and a `create_exception!` type
//! has no methods, so `ValidationError.errors()` / `.error_count()` would be missing. pyo3's
//! `PyOnceLock::import` looks each class up once.
//!
//! | core | Python |
//! |---|---|
//! | `Error::Validation` | `aksflow.ValidationError(ValueError)`, `.errors()` → `[{type, loc, msg, path}]` |
//! | `Error::Parse` | `aksflow.ParseError(ValueError)`, `.loc`, `.msg` |
//! | a Rust panic | `aksflow.InternalError(RuntimeError)` (see [`guarded`]) |
//! | anything else | `aksflow.AksflowError` (the base class of all three) |

use std::panic::{AssertUnwindSafe, catch_unwind};

use aksflow::error::ParseError;
use aksflow::{Error, FieldPath, PathSegment, ValidationError};
use pyo3::call::PyCallArgs;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyType};

/// The Python module defining the exception classes.
const ERRORS_MODULE: &str = "aksflow._errors";

static VALIDATION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static PARSE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INTERNAL_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static AKSFLOW_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// An instance of the class `name` of `aksflow._errors`, built with `args`, as a `PyErr`.
fn raise<'py>(
    py: Python<'py>,
    class: &'static PyOnceLock<Py<PyType>>,
    name: &str,
    args: impl PyCallArgs<'py>,
) -> PyErr {
    match class
        .import(py, ERRORS_MODULE, name)
        .and_then(|class| class.call1(args))
    {
        Ok(instance) => PyErr::from_value(instance),
        Err(error) => error,
    }
}

/// A path as a `loc` tuple: keys as `str`, list positions as `int`, outermost first.
pub fn loc<'py>(py: Python<'py>, path: &FieldPath) -> PyResult<Bound<'py, PyTuple>> {
    let items = path.segments().iter().map(|segment| match segment {
        PathSegment::Key(key) => PyString::new(py, key).into_any(),
        PathSegment::Index(index) => {
            let Ok(index) = index.into_pyobject(py);
            index.into_any()
        }
    });
    PyTuple::new(py, items)
}

/// `aksflow.ValidationError(message, errors)`, one pydantic-style dict per violation.
fn validation_error(py: Python<'_>, error: &ValidationError) -> PyErr {
    let build = || -> PyResult<Bound<'_, PyList>> {
        let errors = PyList::empty(py);
        for violation in error.violations() {
            let item = PyDict::new(py);
            item.set_item("type", violation.code.as_str())?;
            item.set_item("loc", loc(py, &violation.path)?)?;
            item.set_item("msg", &violation.message)?;
            item.set_item("path", violation.path.to_string())?;
            errors.append(item)?;
        }
        Ok(errors)
    };
    match build() {
        Ok(errors) => raise(
            py,
            &VALIDATION_ERROR,
            "ValidationError",
            (error.to_string(), errors),
        ),
        Err(error) => error,
    }
}

/// A core error as the matching Python exception.
pub fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    match error {
        Error::Validation(error) => validation_error(py, &error),
        Error::Parse(error) => {
            let text = error.to_string();
            let (loc, msg) = match &error {
                ParseError::Shape { path, message } => (loc(py, path), message.clone()),
                other => (Ok(PyTuple::empty(py)), other.to_string()),
            };
            match loc {
                Ok(loc) => raise(py, &PARSE_ERROR, "ParseError", (text, loc, msg)),
                Err(error) => error,
            }
        }
        Error::Serialize(error) => raise(
            py,
            &INTERNAL_ERROR,
            "InternalError",
            (format!(
                "aksflow could not write its output (a bug in aksflow): {error}"
            ),),
        ),
        other => raise(py, &AKSFLOW_ERROR, "AksflowError", (other.to_string(),)),
    }
}

/// Runs core work with the thread detached from the interpreter (other Python threads run
/// meanwhile) and a Rust panic caught at the boundary.
///
/// A panic is a bug in aksflow, never the input's fault. Left to pyo3 it would surface as
/// `pyo3_runtime.PanicException`, a `BaseException` that `except Exception` does not catch, so
/// one bad request would end a fleet run; here it becomes `aksflow.InternalError`, a
/// `RuntimeError` carrying the panic message, and the interpreter goes on. (The panic hook still
/// prints the panic's location to stderr, for the bug report.) This needs `panic = "unwind"`,
/// the default, which the workspace keeps.
pub fn guarded<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce() -> Result<T, Error> + Send,
{
    match py.detach(|| catch_unwind(AssertUnwindSafe(work))) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(to_py_err(py, error)),
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_owned());
            Err(raise(
                py,
                &INTERNAL_ERROR,
                "InternalError",
                (format!(
                    "aksflow panicked (a bug in aksflow; please report it): {what}"
                ),),
            ))
        }
    }
}

static MIGRATION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `aksflow.MigrationError(message, code, path)`: a KRO migration step failed.
pub fn migration_error(py: Python<'_>, code: &str, path: &str, message: &str) -> PyErr {
    raise(
        py,
        &MIGRATION_ERROR,
        "MigrationError",
        (message, code, path),
    )
}

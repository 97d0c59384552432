//! Validating a request.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::Request;
use crate::errors::guarded;

/// Validates a cluster request; returns `None`, or raises `aksflow.ValidationError` listing every
/// violation (`.errors()`: `type`, `loc`, `msg`, `path`). `request` is a mapping (as from
/// `json.load` / `yaml.safe_load`) or YAML/JSON text; `profiles` adds to the built-in profiles.
#[pyfunction]
#[pyo3(signature = (request, *, profiles = None))]
pub fn validate(
    py: Python<'_>,
    request: &Bound<'_, PyAny>,
    profiles: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let request = Request::from_python(request)?;
    let profiles = crate::profiles::from_python(py, profiles)?;
    guarded(py, || request.plan(profiles.as_ref()).map(|_| ()))
}

/// The environment variable that arms [`_panic_for_tests`].
const PANIC_FOR_TESTS: &str = "AKSFLOW_PYTHON_PANIC_FOR_TESTS";

/// Test hook: panics inside the binding's boundary when `AKSFLOW_PYTHON_PANIC_FOR_TESTS=1`, to
/// show that a Rust panic becomes `aksflow.InternalError` and the interpreter survives; otherwise
/// raises `RuntimeError`. Not part of the API.
#[pyfunction]
pub fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    if std::env::var(PANIC_FOR_TESTS).as_deref() != Ok("1") {
        return Err(PyRuntimeError::new_err(format!(
            "a test hook; set {PANIC_FOR_TESTS}=1 to arm it"
        )));
    }
    guarded(py, || -> Result<(), aksflow::Error> {
        panic!("deliberate panic for tests")
    })
}

//! JSON Schemas of the request, the profiles file and every kind.

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;

use crate::errors::guarded;
use crate::{convert, serialize_error};

/// The JSON Schema named `name` as a dict: `cluster-request`, `node-pool-profiles`, or a kind
/// (`karpenter.sh/v1/NodePool` or `karpenter.sh_v1_NodePool`). Raises `KeyError` for an unknown name.
#[pyfunction]
pub fn schema<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let found = guarded(py, || {
        aksflow::schema::find(name)
            .map(|file| serde_json::from_str::<serde_json::Value>(&file.json))
            .transpose()
            .map_err(serialize_error)
    })?;
    match found {
        Some(value) => convert::to_python(py, &value),
        None => Err(PyKeyError::new_err(format!(
            "no schema named {name:?}; aksflow.schema_names() lists them"
        ))),
    }
}

/// The names `schema()` takes, in the core's order (request, profiles, then every kind).
#[pyfunction]
pub fn schema_names(py: Python<'_>) -> PyResult<Vec<String>> {
    guarded(py, || {
        Ok(aksflow::schema::all()
            .into_iter()
            .map(|file| {
                file.file_name
                    .trim_end_matches(".json")
                    .trim_end_matches(".schema")
                    .to_owned()
            })
            .collect())
    })
}

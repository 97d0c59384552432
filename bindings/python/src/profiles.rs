//! Node pool profiles: the built-in table, and a caller's profiles file.

use aksflow::profiles::{Profiles, load_profiles};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::errors::guarded;
use crate::{convert, serialize_error};

/// The built-in node pool profiles (the design's `NODE_POOL_CONFIGURATIONS`), a new dict on
/// every call: name -> `{primaryVmSize, secondaryVmSize, skuFamily, maxCpu, maxMemory}`.
#[pyfunction]
pub fn builtin_profiles(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let value = guarded(py, || {
        serde_json::to_value(&*crate::BUILTIN_PROFILES).map_err(serialize_error)
    })?;
    convert::to_python(py, &value)
}

/// The profiles a call may name: `None` for the built-in ones, or a profiles file (YAML/JSON text,
/// or a mapping of name -> profile) added to them, checked by the core.
pub fn from_python(
    py: Python<'_>,
    profiles: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<Profiles>> {
    let Some(profiles) = profiles else {
        return Ok(None);
    };
    if profiles.is_none() {
        return Ok(None);
    }
    let text = match profiles.cast::<PyString>() {
        Ok(text) => text.to_cow()?.into_owned(),
        // JSON is YAML: the core reads the mapping as it would read a JSON file.
        Err(_) => serde_json::to_string(&convert::to_value(profiles, "profiles")?)
            .map_err(|e| crate::errors::to_py_err(py, serialize_error(e)))?,
    };
    guarded(py, || load_profiles(&text)).map(Some)
}

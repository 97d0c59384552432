//! The Python binding of aksflow: the `aksflow._aksflow` native module of the `aksflow` wheel.
//!
//! Conversions only: a request (a `dict` as from `json.load`/`yaml.safe_load`, or YAML/JSON text)
//! goes to the core as a JSON value or text; plans, bundles and Workflows come back as YAML/JSON
//! text or plain `dict`s and `list`s; failures come back as exceptions carrying their data
//! ([`errors`]). Every rule lives in the core. The Python package (`python/aksflow/`) re-exports
//! this module and defines the exception classes; `_aksflow.pyi` types it.

mod convert;
mod errors;
mod migrate;
mod profiles;
mod render;
mod schema;
mod validate;

/// Rendering allocates many small strings (every name and label is owned): mimalloc makes the whole
/// pipeline about a fifth faster than the system allocator (figures in `benches/README.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::LazyLock;

use aksflow::profiles::Profiles;
use aksflow::{Error, plan::Plan};
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde_json::Value;

/// The built-in profiles, built once.
static BUILTIN_PROFILES: LazyLock<Profiles> = LazyLock::new(Profiles::builtin);

/// A request as the host gave it.
pub(crate) enum Request {
    /// YAML or JSON text, read by the core's reader.
    Text(String),
    /// A host object, converted.
    Value(Value),
}

impl Request {
    /// Takes a `str` as text and anything else as an object to convert.
    pub(crate) fn from_python(request: &Bound<'_, PyAny>) -> PyResult<Self> {
        match request.cast::<PyString>() {
            Ok(text) => Ok(Request::Text(text.to_cow()?.into_owned())),
            Err(_) => Ok(Request::Value(convert::to_value(request, "request")?)),
        }
    }

    /// Validates the request against `profiles` (the built-in ones when `None`) into a plan.
    pub(crate) fn plan(&self, profiles: Option<&Profiles>) -> Result<Plan, Error> {
        let profiles = profiles.unwrap_or(&BUILTIN_PROFILES);
        match self {
            Request::Text(text) => aksflow::validate::validate_yaml(text, profiles),
            Request::Value(value) => Ok(aksflow::validate::validate_value(value, profiles)?),
        }
    }
}

/// A JSON serialization failure as the core's error.
pub(crate) fn serialize_error(error: serde_json::Error) -> Error {
    Error::Serialize(aksflow::error::SerializeError::Json(error))
}

/// aksflow's native module: validate cluster requests, render bundles and provisioning Workflows.
/// Import `aksflow`, not this module.
#[pymodule]
mod _aksflow {
    #[pymodule_export]
    use super::migrate::{diff, migrate_kro};
    #[pymodule_export]
    use super::profiles::builtin_profiles;
    #[pymodule_export]
    use super::render::{generate_workflow_parameters, render_bundle, render_workflow};
    #[pymodule_export]
    use super::schema::{schema, schema_names};
    #[pymodule_export]
    use super::validate::{_panic_for_tests, validate};

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        module.add("__version__", env!("CARGO_PKG_VERSION"))?;
        Ok(())
    }
}

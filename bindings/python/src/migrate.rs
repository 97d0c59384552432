//! `migrate_kro` and `diff`: the KRO migration; failures raise `aksflow.MigrationError` with the
//! core's code and path.

use aksflow::migrate::{MigrateError, Rgd};
use aksflow::profiles::Profiles;
use aksflow::render::RenderOptions;
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde_json::{Value, json};

use crate::errors::{guarded, migration_error};
use crate::{convert, serialize_error};

/// A document as text: a `str` as given, anything else converted and written as JSON (which the
/// core's YAML reader reads).
fn text(document: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    match document.cast::<PyString>() {
        Ok(text) => Ok(text.to_cow()?.into_owned()),
        Err(_) => Ok(convert::to_value(document, what)?.to_string()),
    }
}

fn serialize(error: aksflow::Error) -> MigrateError {
    MigrateError::Request {
        message: error.to_string(),
        violations: Vec::new(),
    }
}

fn finish<'py>(
    py: Python<'py>,
    outcome: Result<Value, MigrateError>,
) -> PyResult<Bound<'py, PyAny>> {
    match outcome {
        Ok(value) => convert::to_python(py, &value),
        Err(error) => Err(migration_error(
            py,
            error.code(),
            &error.path(),
            &error.to_string(),
        )),
    }
}

/// Migrates one KRO instance of the RGD: renders it offline as KRO would, maps it to a request,
/// renders the aksflow bundle and compares. Documents are YAML/JSON text or mappings; `mapping`
/// is a mapping file. Returns `{equivalent, report, text, request_yaml, bundle_yaml}`.
#[pyfunction]
#[pyo3(signature = (rgd, instance, *, mapping = None))]
pub fn migrate_kro<'py>(
    py: Python<'py>,
    rgd: &Bound<'py, PyAny>,
    instance: &Bound<'py, PyAny>,
    mapping: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let rgd = text(rgd, "rgd")?;
    let instance = text(instance, "instance")?;
    let mapping = mapping.map(|m| text(m, "mapping")).transpose()?;
    let outcome = guarded(py, || {
        Ok((|| {
            let rgd = Rgd::from_yaml(&rgd)?;
            let migration = aksflow::migrate::migrate_yaml(
                &rgd,
                &instance,
                mapping.as_deref(),
                &Profiles::builtin(),
                &RenderOptions::default(),
            )?;
            let report = migration.report();
            Ok(json!({
                "equivalent": report.equivalent,
                "report": serde_json::to_value(&report).map_err(|e| serialize(serialize_error(e)))?,
                "text": report.to_string(),
                "request_yaml": aksflow::to_yaml(&report.request).map_err(serialize)?,
                "bundle_yaml": migration.bundle.to_yaml().map_err(serialize)?,
            }))
        })())
    })?;
    finish(py, outcome)
}

/// Compares two object sets (multi-document YAML/JSON text) field by field, each difference
/// classified as intended by the migration or unexpected. Returns `{equivalent, comparison, text}`.
#[pyfunction]
pub fn diff<'py>(py: Python<'py>, old: &str, new: &str) -> PyResult<Bound<'py, PyAny>> {
    let outcome = guarded(py, || {
        Ok(aksflow::migrate::diff_yaml(old, new).and_then(|comparison| {
            Ok(json!({
                "equivalent": comparison.equivalent,
                "comparison": serde_json::to_value(&comparison).map_err(|e| serialize(serialize_error(e)))?,
                "text": comparison.to_string(),
            }))
        }))
    })?;
    finish(py, outcome)
}

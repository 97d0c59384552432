//! Rendering: the bundle, the provisioning Workflow (or WorkflowTemplate), the flat parameters.

use aksflow::render::{RbacMode, RenderOptions, WorkflowOptions};
use aksflow::{Error, Manifest};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde_json::Value;

use crate::errors::guarded;
use crate::{Request, convert, serialize_error};

/// What a render call returns.
#[derive(Clone, Copy)]
enum Output {
    /// Plain dicts and lists.
    Objects,
    /// YAML text (a multi-document stream for a bundle).
    Yaml,
    /// JSON text (a list for a bundle).
    Json,
}

impl Output {
    fn parse(output: &str) -> PyResult<Self> {
        match output {
            "objects" => Ok(Output::Objects),
            "yaml" => Ok(Output::Yaml),
            "json" => Ok(Output::Json),
            other => Err(PyValueError::new_err(format!(
                "output must be \"objects\", \"yaml\" or \"json\", not {other:?}"
            ))),
        }
    }
}

/// What the core hands back before it becomes a Python object.
enum Rendered {
    Text(String),
    Value(Value),
}

impl Rendered {
    fn into_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        match self {
            Rendered::Text(text) => Ok(text.into_pyobject(py)?.into_any()),
            Rendered::Value(value) => convert::to_python(py, &value),
        }
    }
}

fn rbac_mode(rbac: &str) -> PyResult<RbacMode> {
    RbacMode::from_name(rbac).ok_or_else(|| {
        PyValueError::new_err(format!(
            "rbac must be \"least-privilege\", \"compatible\" or \"none\", not {rbac:?}"
        ))
    })
}

/// Validates a request and renders every object its cluster needs, in apply order.
///
/// `output="objects"` returns a list of dicts, `"yaml"` one multi-document YAML stream (the bytes
/// the CLI and the Rust and Node APIs write), `"json"` a JSON list. `rbac` picks the RBAC objects:
/// `"least-privilege"` (default), `"compatible"` (the design's ClusterRole) or `"none"`.
/// Raises `aksflow.ValidationError` with every violation.
#[pyfunction]
#[pyo3(signature = (request, *, output = "objects", rbac = "least-privilege", profiles = None))]
pub fn render_bundle<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
    output: &str,
    rbac: &str,
    profiles: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let output = Output::parse(output)?;
    let options = RenderOptions::default().with_rbac(rbac_mode(rbac)?);
    let request = Request::from_python(request)?;
    let profiles = crate::profiles::from_python(py, profiles)?;
    guarded(py, || {
        let plan = request.plan(profiles.as_ref())?;
        let bundle = aksflow::render::render(&plan, &options)?;
        Ok(match output {
            Output::Yaml => Rendered::Text(bundle.to_yaml()?),
            Output::Json => Rendered::Text(bundle.to_json()?),
            Output::Objects => {
                let manifests: Vec<&Manifest> = bundle.manifests().collect();
                Rendered::Value(serde_json::to_value(&manifests).map_err(serialize_error)?)
            }
        })
    })?
    .into_python(py)
}

/// Validates a request and renders its provisioning Workflow (an Argo DAG over the bundle), or
/// with `template=True` the same DAG as the WorkflowTemplate `aksflow-<cluster>`.
///
/// `output` as for `render_bundle` (`"objects"` gives one dict). `kubectl_image` overrides the
/// image of the kubectl steps; the timeouts are in seconds (defaults 2700 and 1200).
#[pyfunction]
#[pyo3(signature = (
    request, *, output = "objects", template = false, kubectl_image = None,
    cluster_ready_timeout_seconds = None, component_timeout_seconds = None, profiles = None
))]
#[allow(clippy::too_many_arguments)]
pub fn render_workflow<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
    output: &str,
    template: bool,
    kubectl_image: Option<String>,
    cluster_ready_timeout_seconds: Option<u32>,
    component_timeout_seconds: Option<u32>,
    profiles: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let output = Output::parse(output)?;
    let mut options = WorkflowOptions::default();
    if let Some(image) = kubectl_image {
        options = options.with_kubectl_image(image);
    }
    if let Some(seconds) = cluster_ready_timeout_seconds {
        options.cluster_ready_timeout_seconds = seconds;
    }
    if let Some(seconds) = component_timeout_seconds {
        options.component_timeout_seconds = seconds;
    }
    let request = Request::from_python(request)?;
    let profiles = crate::profiles::from_python(py, profiles)?;
    guarded(py, || {
        let plan = request.plan(profiles.as_ref())?;
        let bundle = aksflow::render::render(&plan, &RenderOptions::default())?;
        let object = if template {
            Manifest::new(aksflow::render::render_workflow_template(
                &plan, &bundle, &options,
            )?)
        } else {
            Manifest::new(aksflow::render::render_workflow(&plan, &bundle, &options)?)
        };
        Ok(match output {
            Output::Yaml => Rendered::Text(aksflow::to_yaml(&object)?),
            Output::Json => Rendered::Text(aksflow::to_json(&object)?),
            Output::Objects => {
                Rendered::Value(serde_json::to_value(&object).map_err(serialize_error)?)
            }
        })
    })?
    .into_python(py)
}

/// Validates a request and returns the design's 12 flat Workflow parameters (`cluster-name`,
/// `location`, ..., `system-vm-size`), string values, in the design's order.
#[pyfunction]
#[pyo3(signature = (request, *, profiles = None))]
pub fn generate_workflow_parameters<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
    profiles: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let request = Request::from_python(request)?;
    let profiles = crate::profiles::from_python(py, profiles)?;
    let value = guarded(py, || -> Result<Value, Error> {
        let plan = request.plan(profiles.as_ref())?;
        serde_json::to_value(aksflow::render::generate_workflow_parameters(&plan))
            .map_err(serialize_error)
    })?;
    convert::to_python(py, &value)
}

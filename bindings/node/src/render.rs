//! `renderBundle`, `renderWorkflow`, `renderWorkflowTemplate`: the core's objects as YAML and
//! JSON text (the wrapper parses the JSON into plain objects).

use aksflow::Manifest;
use aksflow::render::Target as CoreTarget;
use napi_derive::napi;

use crate::request::{Options, plan, render_options, workflow_options};
use crate::{Outcome, outcome_from};

/// Which cluster an object is applied to.
#[napi(string_enum = "lowercase")]
pub enum Target {
    /// The management cluster, where ASO and Argo run (ASO objects, RBAC).
    Management,
    /// The new AKS cluster, with the kubeconfig ASO exports (Karpenter's NodePool and AKSNodeClass under NAP).
    Workload,
}

/// A rendered bundle as text.
#[napi(object)]
pub struct BundleText {
    /// Every object as one multi-document YAML stream, in apply order (byte for byte the CLI's `aksflow render`).
    pub yaml: String,
    /// Every object as a JSON list, in apply order (the CLI's `aksflow render -o json`).
    pub json: String,
    /// The cluster each object is applied to, in the same order.
    pub targets: Vec<Target>,
}

/// One rendered object as text.
#[napi(object)]
pub struct ObjectText {
    /// The object as YAML (byte for byte the CLI's output).
    pub yaml: String,
    /// The object as JSON.
    pub json: String,
}

/// The outcome of `renderBundle`.
#[napi(object)]
pub struct BundleOutcome {
    /// `true` when `value` holds the result.
    pub ok: bool,
    /// The bundle, when `ok`.
    pub value: Option<BundleText>,
    /// Every violation, when the input breaks rules.
    pub errors: Option<Vec<crate::Violation>>,
    /// Why the input could not be read, when it could not.
    pub failure: Option<crate::Failure>,
}

outcome_from!(BundleOutcome, BundleText);

/// The outcome of `renderWorkflow` and `renderWorkflowTemplate`.
#[napi(object)]
pub struct ObjectOutcome {
    /// `true` when `value` holds the result.
    pub ok: bool,
    /// The object, when `ok`.
    pub value: Option<ObjectText>,
    /// Every violation, when the input breaks rules.
    pub errors: Option<Vec<crate::Violation>>,
    /// Why the input could not be read, when it could not.
    pub failure: Option<crate::Failure>,
}

outcome_from!(ObjectOutcome, ObjectText);

/// Validates and renders every object the cluster needs, in apply order.
#[napi(catch_unwind)]
pub fn render_bundle(request: String, json: bool, options: Option<Options>) -> BundleOutcome {
    let options = options.as_ref();
    let rendered = plan(&request, json, options).and_then(|plan| {
        let bundle = aksflow::render::render(&plan, &render_options(options))?;
        Ok(BundleText {
            yaml: bundle.to_yaml()?,
            json: bundle.to_json()?,
            targets: bundle
                .objects
                .iter()
                .map(|o| match o.target {
                    CoreTarget::Management => Target::Management,
                    CoreTarget::Workload => Target::Workload,
                })
                .collect(),
        })
    });
    Outcome::from_result(rendered).into()
}

fn object_text(manifest: &Manifest) -> Result<ObjectText, aksflow::Error> {
    Ok(ObjectText {
        yaml: aksflow::to_yaml(manifest)?,
        json: aksflow::to_json(manifest)?,
    })
}

/// Validates a request and renders its provisioning Workflow (`generateName: provision-<cluster>-`).
#[napi(catch_unwind)]
pub fn render_workflow(request: String, json: bool, options: Option<Options>) -> ObjectOutcome {
    let options = options.as_ref();
    let rendered = plan(&request, json, options).and_then(|plan| {
        let bundle = aksflow::render::render(&plan, &render_options(options))?;
        let workflow =
            aksflow::render::render_workflow(&plan, &bundle, &workflow_options(options))?;
        object_text(&Manifest::new(workflow))
    });
    Outcome::from_result(rendered).into()
}

/// Validates a request and renders the same DAG as the WorkflowTemplate `aksflow-<cluster>`.
#[napi(catch_unwind)]
pub fn render_workflow_template(
    request: String,
    json: bool,
    options: Option<Options>,
) -> ObjectOutcome {
    let options = options.as_ref();
    let rendered = plan(&request, json, options).and_then(|plan| {
        let bundle = aksflow::render::render(&plan, &render_options(options))?;
        let template =
            aksflow::render::render_workflow_template(&plan, &bundle, &workflow_options(options))?;
        object_text(&Manifest::new(template))
    });
    Outcome::from_result(rendered).into()
}

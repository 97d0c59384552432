//! `validate`: every violation of a request at once, or none.

use napi_derive::napi;

use crate::request::{Options, plan};
use crate::{Outcome, outcome_from};

/// The outcome of `validate`: `ok`, or the violations.
#[napi(object)]
pub struct ValidateOutcome {
    /// `true` when `value` holds the result.
    pub ok: bool,
    /// `true`, when `ok`.
    pub value: Option<bool>,
    /// Every violation, when the input breaks rules.
    pub errors: Option<Vec<crate::Violation>>,
    /// Why the input could not be read, when it could not.
    pub failure: Option<crate::Failure>,
}

outcome_from!(ValidateOutcome, bool);

/// Validates a request (text: YAML or JSON; `json` when it is `JSON.stringify` output).
#[napi(catch_unwind)]
pub fn validate(request: String, json: bool, options: Option<Options>) -> ValidateOutcome {
    Outcome::from_result(plan(&request, json, options.as_ref()).map(|_| true)).into()
}

//! Validating a [`ClusterRequest`]: one pass, every violation with its request path, code and message.
//! The result is a [`Plan`]: the request with its profile resolved and defaults applied.

use crate::error::{Error, ValidationError};
use crate::plan::Plan;
use crate::profiles::Profiles;
use crate::request::ClusterRequest;

/// Validates a request given as a generic document (from JSON, YAML, or a binding's host object):
/// unknown fields, wrong types and every rule are reported together.
pub fn validate_value(
    request: &serde_json::Value,
    profiles: &Profiles,
) -> Result<Plan, ValidationError> {
    let _ = (request, profiles);
    todo!("validate a request document")
}

/// Validates a typed request.
pub fn validate_request(
    request: &ClusterRequest,
    profiles: &Profiles,
) -> Result<Plan, ValidationError> {
    let _ = (request, profiles);
    todo!("validate a typed request")
}

/// Reads and validates a YAML (or JSON) request; malformed text is [`Error::Parse`].
pub fn validate_yaml(text: &str, profiles: &Profiles) -> Result<Plan, Error> {
    let _ = (text, profiles);
    todo!("parse and validate")
}

//! Validating a [`ClusterRequest`]: one pass, every violation with its request path, code and message.
//! The result is a [`Plan`]: the request with its profile resolved and defaults applied.
//!
//! The document is walked field by field (not with serde's derive, which stops at the first
//! problem): unknown fields (`unknown_field`), wrong JSON types (`invalid_type`), missing required
//! fields (`required`) and text that could alter a manifest or an Argo template
//! (`unsafe_characters`) are all reported, then every rule runs on what could be read. The request
//! rules call the kinds' own rules (AKS names, resource group names, tags, quantities, Flux's Git
//! rules, ...) and report what they find at the request field the value came from, e.g.
//! `clusterName`, `gitops.url`, `tags.team`, `apiVersions.nodePool`.
//!
//! ```
//! use aksflow::profiles::Profiles;
//! use aksflow::validate::validate_yaml;
//!
//! let plan = validate_yaml(
//!     "clusterName: payments-prod\nlocation: westeurope\nnodePoolType: memory-optimized\nkubernetesVersion: \"1.30\"\n",
//!     &Profiles::builtin(),
//! )?;
//! assert_eq!(plan.names.node_pool, "payments-prod-nodepool");
//! assert_eq!(plan.namespace, "azure-system");
//! assert_eq!(plan.profile.sku_family, "E");
//!
//! let error = validate_yaml(
//!     "clusterName: Payments_Prod\nlocation: westeurop\nnodePoolType: gpu\nkubernetesVersion: 1.30\ndryrun: true\n",
//!     &Profiles::builtin(),
//! )
//! .unwrap_err();
//! let aksflow::Error::Validation(error) = error else { unreachable!() };
//! let paths: Vec<String> = error.violations().iter().map(|v| v.path.to_string()).collect();
//! // Five mistakes, five violations: a typo'd field, an unquoted version, a name that is not a
//! // Kubernetes name, a misspelt region and an unknown profile.
//! assert_eq!(paths, ["dryrun", "kubernetesVersion", "clusterName", "location", "nodePoolType"]);
//! # Ok::<(), aksflow::Error>(())
//! ```

mod document;
mod profile_rules;
mod request_rules;

pub use profile_rules::{check_profile, check_profile_name, validate_profile};
pub use request_rules::check_git_branch;

pub(crate) use profile_rules::read_profiles;

use crate::error::{Code, Error, ValidationError};
use crate::plan::Plan;
use crate::profiles::Profiles;
use crate::request::ClusterRequest;
use crate::validation::Report;

/// Validates a request given as a generic document (from JSON, YAML, or a binding's host object):
/// unknown fields, wrong types and every rule are reported together.
pub fn validate_value(
    request: &serde_json::Value,
    profiles: &Profiles,
) -> Result<Plan, ValidationError> {
    #[cfg(feature = "test-hooks")]
    crate::test_hooks::panic_if_asked(request);
    let mut report = Report::default();
    let draft = request_rules::read_request(&mut report, request);
    request_rules::check_request(&mut report, &draft, profiles);
    report.finish()?;
    match draft.into_plan(profiles) {
        Some(plan) => Ok(plan),
        // Every field into_plan needs was reported as required or unknown when missing.
        None => Err(single(
            Code::Required,
            "the request is incomplete (a required field is missing)",
        )),
    }
}

/// Validates a typed request.
pub fn validate_request(
    request: &ClusterRequest,
    profiles: &Profiles,
) -> Result<Plan, ValidationError> {
    match serde_json::to_value(request) {
        Ok(value) => validate_value(&value, profiles),
        Err(error) => Err(single(
            Code::InvalidType,
            format!("the request cannot be written as JSON: {error}"),
        )),
    }
}

/// Reads and validates a YAML (or JSON) request; malformed text is [`Error::Parse`], text over
/// [`MAX_REQUEST_BYTES`] a `too_long` violation.
pub fn validate_yaml(text: &str, profiles: &Profiles) -> Result<Plan, Error> {
    check_size(text)?;
    let document = crate::output::yaml_document(text)?;
    Ok(validate_value(&document, profiles)?)
}

/// Reads and validates a JSON request; malformed text (a key repeated in one object included) is
/// [`Error::Parse`], text over [`MAX_REQUEST_BYTES`] a `too_long` violation.
pub fn validate_json(text: &str, profiles: &Profiles) -> Result<Plan, Error> {
    check_size(text)?;
    let document = crate::output::json_document(text)?;
    Ok(validate_value(&document, profiles)?)
}

/// The largest request text [`validate_yaml`] and [`validate_json`] read: 1 MiB. A request is a
/// few hundred bytes; the limit bounds the time and memory a hostile text can cost before a
/// single rule runs. Larger text is one `too_long` violation at the root.
pub const MAX_REQUEST_BYTES: usize = 1024 * 1024;

fn check_size(text: &str) -> Result<(), ValidationError> {
    if text.len() > MAX_REQUEST_BYTES {
        return Err(single(
            Code::TooLong,
            format!(
                "the request is {} bytes; at most {MAX_REQUEST_BYTES} are read",
                text.len()
            ),
        ));
    }
    Ok(())
}

/// A validation error with one violation at the root.
fn single(code: Code, message: impl Into<String>) -> ValidationError {
    let mut report = Report::default();
    report.violation(code, message);
    match report.finish() {
        Err(error) => error,
        Ok(()) => unreachable!("a report with a violation is an error"),
    }
}

/// Collects violations found by kind rules run on a scratch report, and reports them at the
/// current request path: one violation per code, its message naming where each came from.
#[derive(Debug, Default)]
pub(crate) struct Merger {
    by_code: Vec<(Code, Vec<String>)>,
}

impl Merger {
    /// Adds the violations of `scratch`, each message prefixed with `context`. A `too_long`
    /// hides a `pattern` of the same check: the kinds' patterns often encode the length too
    /// (the AKS name's `{0,61}`), and one cause is reported once.
    pub(crate) fn add(&mut self, scratch: Report, context: &str) {
        let too_long = scratch.violations().iter().any(|v| v.code == Code::TooLong);
        for v in scratch.violations() {
            if too_long && v.code == Code::Pattern {
                continue;
            }
            let message = format!("{context}: {}", v.message);
            match self.by_code.iter_mut().find(|(code, _)| *code == v.code) {
                Some((_, messages)) => {
                    if !messages.contains(&message) {
                        messages.push(message);
                    }
                }
                None => self.by_code.push((v.code, vec![message])),
            }
        }
    }

    /// `true` when a violation with `code` was added.
    pub(crate) fn has(&self, code: Code) -> bool {
        self.by_code.iter().any(|(c, _)| *c == code)
    }

    /// Records the merged violations at the report's current path.
    pub(crate) fn emit(self, report: &mut Report) {
        for (code, messages) in self.by_code {
            report.violation(code, messages.join("; "));
        }
    }
}

/// Reports the violations of `scratch` at the current path, one per code, prefixed with `context`.
pub(crate) fn absorb(report: &mut Report, scratch: Report, context: &str) {
    let mut merger = Merger::default();
    merger.add(scratch, context);
    merger.emit(report);
}

#[cfg(test)]
mod tests;

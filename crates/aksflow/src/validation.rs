//! How a kind checks its own rules: the [`Validate`] trait, the [`Report`] that collects
//! every [`Violation`] with its path, and the checks that the CRDs' schemas and CEL rules
//! ask for (lengths, patterns, ranges, quantities, label syntax).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Code, FieldPath, PathSegment, ValidationError, Violation};

/// Collects violations while a document is walked; the current path is kept for each one.
#[derive(Debug, Default)]
pub struct Report {
    path: FieldPath,
    violations: Vec<Violation>,
}

impl Report {
    /// A report whose paths start at `base` (e.g. `spec` when only a spec is checked).
    pub fn at(base: FieldPath) -> Self {
        Self {
            path: base,
            violations: Vec::new(),
        }
    }

    /// Runs `check` with the path extended by the field `name`.
    pub fn field<R>(&mut self, name: &str, check: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(PathSegment::Key(name.to_owned()));
        let result = check(self);
        self.path.pop();
        result
    }

    /// Runs `check` with the path extended by a list index.
    pub fn item<R>(&mut self, index: usize, check: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(PathSegment::Index(index));
        let result = check(self);
        self.path.pop();
        result
    }

    /// Records a violation at the current path.
    pub fn violation(&mut self, code: Code, message: impl Into<String>) {
        self.violations.push(Violation {
            path: self.path.clone(),
            code,
            message: message.into(),
        });
    }

    /// Records a violation at the field `name` below the current path.
    pub fn violation_at(&mut self, name: &str, code: Code, message: impl Into<String>) {
        self.field(name, |r| r.violation(code, message));
    }

    /// Validates a nested value at the field `name`.
    pub fn nested<T: Validate + ?Sized>(&mut self, name: &str, value: &T) {
        self.field(name, |r| value.validate_into(r));
    }

    /// The violations so far.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// `Ok(())` when nothing was found, else the [`ValidationError`] with every violation.
    pub fn finish(self) -> Result<(), ValidationError> {
        match ValidationError::from_violations(self.violations) {
            None => Ok(()),
            Some(error) => Err(error),
        }
    }
}

/// A value that knows its own rules (from its CRD: required fields, patterns, ranges, CEL rules).
pub trait Validate {
    /// Adds every violation of this value to `report`, at the report's current path.
    fn validate_into(&self, report: &mut Report);

    /// Checks this value alone, with paths relative to it.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut report = Report::default();
        self.validate_into(&mut report);
        report.finish()
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, report: &mut Report) {
        if let Some(value) = self {
            value.validate_into(report);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_into(&self, report: &mut Report) {
        for (i, value) in self.iter().enumerate() {
            report.item(i, |r| value.validate_into(r));
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_into(&self, report: &mut Report) {
        for (key, value) in self {
            report.field(key, |r| value.validate_into(r));
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_into(&self, report: &mut Report) {
        (**self).validate_into(report);
    }
}

/// Compiles a pattern known at compile time (the CRDs' `pattern`s); used through `LazyLock`.
pub(crate) fn pattern(re: &str) -> Regex {
    match Regex::new(re) {
        Ok(regex) => regex,
        // The patterns are literals in this crate, covered by tests: a bad one is a bug, not input.
        Err(error) => unreachable!("invalid built-in pattern {re}: {error}"),
    }
}

/// Checks on single values, each recording at the report's current path.
pub mod check {
    use super::*;

    /// A string's length in characters is within `min..=max`.
    pub fn length(report: &mut Report, value: &str, min: usize, max: usize) {
        let n = value.chars().count();
        if n < min {
            if n == 0 {
                report.violation(Code::Required, "must not be empty");
            } else {
                report.violation(
                    Code::TooShort,
                    format!("must be at least {min} characters, is {n}"),
                );
            }
        } else if n > max {
            report.violation(
                Code::TooLong,
                format!("must be at most {max} characters, is {n}"),
            );
        }
    }

    /// A string matches `regex`; `what` names the syntax in the message (e.g. "an Azure resource ID").
    pub fn matches(report: &mut Report, value: &str, regex: &Regex, what: &str) {
        if !regex.is_match(value) {
            report.violation(
                Code::Pattern,
                format!("{value:?} is not {what} (pattern {})", regex.as_str()),
            );
        }
    }

    /// A number is within `min..=max`.
    pub fn range<N: PartialOrd + std::fmt::Display>(report: &mut Report, value: N, min: N, max: N) {
        if value < min || value > max {
            report.violation(
                Code::OutOfRange,
                format!("must be between {min} and {max}, is {value}"),
            );
        }
    }

    /// A list has at most `max` items.
    pub fn max_items<T>(report: &mut Report, items: &[T], max: usize) {
        if items.len() > max {
            report.violation(
                Code::TooLong,
                format!("must have at most {max} items, has {}", items.len()),
            );
        }
    }

    /// A list has at least `min` items.
    pub fn min_items<T>(report: &mut Report, items: &[T], min: usize) {
        if items.len() < min {
            let code = if items.is_empty() {
                Code::Required
            } else {
                Code::TooShort
            };
            report.violation(
                code,
                format!("must have at least {min} items, has {}", items.len()),
            );
        }
    }

    static DNS_SUBDOMAIN: LazyLock<Regex> = LazyLock::new(|| {
        pattern(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    });
    static DNS_LABEL: LazyLock<Regex> =
        LazyLock::new(|| pattern(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    static LABEL_NAME: LazyLock<Regex> =
        LazyLock::new(|| pattern(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$"));
    static LABEL_VALUE: LazyLock<Regex> =
        LazyLock::new(|| pattern(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$"));

    /// A Kubernetes object name: a DNS-1123 subdomain of at most 253 characters.
    pub fn dns_subdomain(report: &mut Report, value: &str) {
        length(report, value, 1, 253);
        if !value.is_empty() {
            matches(
                report,
                value,
                &DNS_SUBDOMAIN,
                "a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.')",
            );
        }
    }

    /// A DNS-1123 label: at most 63 lower-case alphanumerics and '-' (namespaces, some names).
    pub fn dns_label(report: &mut Report, value: &str) {
        length(report, value, 1, 63);
        if !value.is_empty() {
            matches(
                report,
                value,
                &DNS_LABEL,
                "a DNS-1123 label (lower-case alphanumerics and '-')",
            );
        }
    }

    /// A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters.
    pub fn qualified_name(report: &mut Report, key: &str) {
        let (prefix, name) = match key.split_once('/') {
            Some((prefix, name)) => (Some(prefix), name),
            None => (None, key),
        };
        if let Some(prefix) = prefix
            && (prefix.len() > 253 || !DNS_SUBDOMAIN.is_match(prefix))
        {
            report.violation(
                Code::Pattern,
                format!("{key:?}: the prefix must be a DNS-1123 subdomain"),
            );
        }
        if name.is_empty() || name.len() > 63 || !LABEL_NAME.is_match(name) {
            report.violation(
                Code::Pattern,
                format!("{key:?}: the name must be 1-63 alphanumerics, '-', '_' or '.', alphanumeric at both ends"),
            );
        }
    }

    /// A label value: at most 63 characters, alphanumeric at both ends, or empty.
    pub fn label_value(report: &mut Report, value: &str) {
        if value.len() > 63 {
            report.violation(
                Code::TooLong,
                format!(
                    "a label value must be at most 63 characters, is {}",
                    value.len()
                ),
            );
        } else if !LABEL_VALUE.is_match(value) {
            report.violation(
                Code::Pattern,
                format!("{value:?} is not a label value (alphanumerics, '-', '_' or '.', alphanumeric at both ends)"),
            );
        }
    }

    /// Label keys and values of a map, each at its key's path.
    pub fn labels(report: &mut Report, labels: &BTreeMap<String, String>) {
        for (key, value) in labels {
            report.field(key, |r| {
                qualified_name(r, key);
                label_value(r, value);
            });
        }
    }
}

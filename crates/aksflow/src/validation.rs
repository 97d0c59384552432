//! How a kind checks its own rules: the [`Validate`] trait, the [`Report`] that collects
//! every [`Violation`] with its path, and the checks that the CRDs' schemas and CEL rules
//! ask for (lengths, patterns, ranges, quantities, label syntax).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Code, FieldPath, PathSegment, ValidationError, Violation};

/// Collects violations while a document is walked; the current path is kept for each one.
///
/// The path lives in an arena (the key text in one `String`, segments as ranges into it), so walking
/// a valid document allocates nothing per field; a [`FieldPath`] is built only for a violation.
/// The arena's buffers are reused by the next report on the same thread (rendering one bundle
/// checks a dozen objects, each with its own report).
#[derive(Debug)]
pub struct Report {
    keys: String,
    segments: Vec<Segment>,
    violations: Vec<Violation>,
    /// Checking an object aksflow rendered itself (see [`Report::for_rendered`]).
    rendered: bool,
}

/// Path buffers a dropped report leaves for the next one.
type SpareBuffers = (String, Vec<Segment>);

thread_local! {
    static SPARE: std::cell::RefCell<Vec<SpareBuffers>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// How many spare buffers a thread keeps, and the largest key arena worth keeping.
const MAX_SPARE: usize = 8;
const MAX_SPARE_KEYS: usize = 4096;

impl Default for Report {
    fn default() -> Self {
        let (keys, segments) = SPARE
            .try_with(|spare| spare.try_borrow_mut().ok().and_then(|mut s| s.pop()))
            .ok()
            .flatten()
            .unwrap_or_default();
        Self {
            keys,
            segments,
            violations: Vec::new(),
            rendered: false,
        }
    }
}

impl Drop for Report {
    fn drop(&mut self) {
        let mut keys = std::mem::take(&mut self.keys);
        let mut segments = std::mem::take(&mut self.segments);
        if keys.capacity() == 0 || keys.capacity() > MAX_SPARE_KEYS {
            return;
        }
        keys.clear();
        segments.clear();
        let _ = SPARE.try_with(|spare| {
            if let Ok(mut spare) = spare.try_borrow_mut()
                && spare.len() < MAX_SPARE
            {
                spare.push((keys, segments));
            }
        });
    }
}

/// One step of the current path: a key (a range of `Report::keys`) or a list index.
#[derive(Clone, Copy, Debug)]
enum Segment {
    Key(usize, usize),
    Index(usize),
}

impl Report {
    /// A report whose paths start at `base` (e.g. `spec` when only a spec is checked).
    pub fn at(base: FieldPath) -> Self {
        let mut report = Self::default();
        for segment in base.segments() {
            match segment {
                PathSegment::Key(key) => report.push_key(key),
                PathSegment::Index(index) => report.segments.push(Segment::Index(*index)),
            }
        }
        report
    }

    /// A report for an object aksflow rendered itself: every rule runs, except re-reading the
    /// manifests embedded in it, which aksflow's own YAML writer wrote from typed objects that
    /// passed their kinds' rules (a rendered Workflow would otherwise parse its whole bundle again).
    pub(crate) fn for_rendered() -> Self {
        let mut report = Self::default();
        report.rendered = true;
        report
    }

    /// `true` in a report made by [`Report::for_rendered`].
    pub(crate) fn is_rendered(&self) -> bool {
        self.rendered
    }

    fn push_key(&mut self, name: &str) {
        let start = self.keys.len();
        self.keys.push_str(name);
        self.segments.push(Segment::Key(start, self.keys.len()));
    }

    /// The current path, as a [`FieldPath`].
    pub fn path(&self) -> FieldPath {
        let mut path = FieldPath::root();
        for segment in &self.segments {
            path.push(match *segment {
                Segment::Key(start, end) => PathSegment::Key(self.keys[start..end].to_owned()),
                Segment::Index(index) => PathSegment::Index(index),
            });
        }
        path
    }

    /// Runs `check` with the path extended by the field `name`.
    pub fn field<R>(&mut self, name: &str, check: impl FnOnce(&mut Self) -> R) -> R {
        let start = self.keys.len();
        self.push_key(name);
        let result = check(self);
        self.segments.pop();
        self.keys.truncate(start);
        result
    }

    /// Runs `check` with the path extended by a list index.
    pub fn item<R>(&mut self, index: usize, check: impl FnOnce(&mut Self) -> R) -> R {
        self.segments.push(Segment::Index(index));
        let result = check(self);
        self.segments.pop();
        result
    }

    /// Records a violation at the current path.
    pub fn violation(&mut self, code: Code, message: impl Into<String>) {
        self.violations.push(Violation {
            path: self.path(),
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
    pub fn finish(mut self) -> Result<(), ValidationError> {
        match ValidationError::from_violations(std::mem::take(&mut self.violations)) {
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
        // Bytes bound characters from above, and equal them in ASCII: count only when it matters.
        if value.len() <= max && (min == 0 || (value.len() >= min && value.is_ascii())) {
            return;
        }
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

    // Byte loops equal to the patterns above (the patterns still word the messages): names are
    // checked on every object a bundle renders, and these run where the regexes dominated.
    fn is_dns_label(value: &str) -> bool {
        let bytes = value.as_bytes();
        let alphanumeric = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        matches!((bytes.first(), bytes.last()), (Some(f), Some(l)) if alphanumeric(f) && alphanumeric(l))
            && bytes.iter().all(|b| alphanumeric(b) || *b == b'-')
    }

    fn is_dns_subdomain(value: &str) -> bool {
        // DNS labels joined by `.`: each starts and ends alphanumeric, `-` only inside.
        let mut previous = b'.';
        for &b in value.as_bytes() {
            match b {
                b'a'..=b'z' | b'0'..=b'9' => {}
                b'-' if previous != b'.' => {}
                b'.' if previous != b'.' && previous != b'-' => {}
                _ => return false,
            }
            previous = b;
        }
        previous != b'.' && previous != b'-'
    }

    fn is_label_name(value: &str) -> bool {
        let bytes = value.as_bytes();
        matches!((bytes.first(), bytes.last()), (Some(f), Some(l)) if f.is_ascii_alphanumeric() && l.is_ascii_alphanumeric())
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    }

    /// A Kubernetes object name: a DNS-1123 subdomain of at most 253 characters.
    pub fn dns_subdomain(report: &mut Report, value: &str) {
        length(report, value, 1, 253);
        if !value.is_empty() && !is_dns_subdomain(value) {
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
        if !value.is_empty() && !is_dns_label(value) {
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
            && (prefix.len() > 253 || !is_dns_subdomain(prefix))
        {
            report.violation(
                Code::Pattern,
                format!("{key:?}: the prefix must be a DNS-1123 subdomain"),
            );
        }
        if name.len() > 63 || !is_label_name(name) {
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
        } else if !value.is_empty() && !is_label_name(value) {
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

#[cfg(test)]
mod tests {
    use super::check::*;
    use super::*;

    /// The byte checks accept exactly what the Kubernetes patterns accept.
    #[test]
    fn name_checks_agree_with_the_kubernetes_patterns() {
        let samples = [
            "",
            "a",
            "A",
            "0",
            "-",
            "a-",
            "-a",
            "a-b",
            "a.b",
            "a..b",
            ".a",
            "a.",
            "a_b",
            "Ab",
            "aB",
            "a1",
            "1a",
            "ab-cd.ef-gh",
            "x.y-z.0",
            "a b",
            "ä",
            "a/b",
            "aks-flow",
            "payments-prod-nodepool",
            "A_B.c-D",
            "_a",
            "a_",
            "a-.b",
            "a.-b",
            "a--b.c",
            "a.b.",
            "1.2.3",
            "..",
            "a.b-",
        ];
        let dns = |value: &str| {
            let mut report = Report::default();
            dns_subdomain(&mut report, value);
            report.violations().iter().all(|v| v.code != Code::Pattern)
        };
        let label = |value: &str| {
            let mut report = Report::default();
            label_value(&mut report, value);
            report.violations().is_empty()
        };
        let subdomain =
            pattern(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
        let label_name_pattern = pattern(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
        let label_value_pattern = pattern(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");
        for value in samples {
            assert_eq!(
                dns(value),
                value.is_empty() || subdomain.is_match(value),
                "subdomain {value:?}"
            );
            assert_eq!(
                label(value),
                label_value_pattern.is_match(value),
                "label value {value:?}"
            );
            if !value.contains('/') {
                let mut report = Report::default();
                qualified_name(&mut report, value);
                assert_eq!(
                    report.violations().is_empty(),
                    label_name_pattern.is_match(value),
                    "name {value:?}"
                );
            }
        }
    }
}

//! Types every Azure Service Operator (ASO) kind shares (genruntime in ASO's code):
//! owner references, where exported values go (Secrets, ConfigMaps), and Azure-side name rules.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Code;
use crate::validation::{Report, Validate, check, pattern};

/// The owner of an ASO resource in the same namespace, by Kubernetes object name (or by ARM id).
///
/// ASO's `KnownResourceReference`: e.g. a ManagedCluster's owner is its ResourceGroup object.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct KnownResourceReference {
    /// The Kubernetes name of the owning object, in the same namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The ARM id of an owner that is not managed by ASO.
    #[serde(default, rename = "armId", skip_serializing_if = "Option::is_none")]
    pub arm_id: Option<String>,
}

impl KnownResourceReference {
    /// A reference to the ASO object `name` in the same namespace.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            arm_id: None,
        }
    }
}

/// ASO's pattern for an ARM id (subscription, resource group or provider resource), case-insensitive.
pub static ARM_ID: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)(^(/subscriptions/([^/]+)(/resourcegroups/([^/]+))?)?/providers/([^/]+)/([^/]+/[^/]+)(/([^/]+/[^/]+))*$|^/subscriptions/([^/]+)(/resourcegroups/([^/]+))?$)",
    )
});

impl Validate for KnownResourceReference {
    fn validate_into(&self, report: &mut Report) {
        match (&self.name, &self.arm_id) {
            (None, None) => report.violation(Code::Required, "set the owner's name (or armId)"),
            (Some(_), Some(_)) => report.violation(
                Code::Conflict,
                "set the owner's name or its armId, not both",
            ),
            (Some(name), None) => report.field("name", |r| check::dns_subdomain(r, name)),
            (None, Some(arm_id)) => {
                report.field("armId", |r| check::matches(r, arm_id, &ARM_ID, "an ARM id"))
            }
        }
    }
}

/// Where ASO writes one exported value: a key in a Secret or ConfigMap in the object's namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct SecretDestination {
    /// The Secret (or ConfigMap) name.
    pub name: String,
    /// The key within it.
    pub key: String,
}

impl Validate for SecretDestination {
    fn validate_into(&self, report: &mut Report) {
        report.field("name", |r| check::dns_subdomain(r, &self.name));
        report.field("key", |r| check_config_key(r, &self.key));
    }
}

static CONFIG_KEY: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[-._a-zA-Z0-9]+$"));

/// A Secret/ConfigMap data key: 1-253 alphanumerics, `-`, `_` or `.`.
pub fn check_config_key(report: &mut Report, key: &str) {
    check::length(report, key, 1, 253);
    if !key.is_empty() {
        check::matches(report, key, &CONFIG_KEY, "a Secret or ConfigMap key");
    }
}

/// A CEL expression whose result ASO writes to a Secret or ConfigMap (`operatorSpec.secretExpressions`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct DestinationExpression {
    /// The Secret or ConfigMap to write.
    pub name: String,
    /// The key to write; required unless the expression returns a map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The CEL expression, evaluated by ASO against the resource.
    pub value: String,
}

impl Validate for DestinationExpression {
    fn validate_into(&self, report: &mut Report) {
        report.field("name", |r| check::dns_subdomain(r, &self.name));
        if let Some(key) = &self.key {
            report.field("key", |r| check_config_key(r, key));
        }
        if self.value.trim().is_empty() {
            report.violation_at(
                "value",
                Code::Required,
                "the CEL expression must not be empty",
            );
        }
    }
}

/// Azure tags: at most 50, names 1-512 characters without `< > % & \ ? /`, values at most 256.
pub fn check_tags(report: &mut Report, tags: &BTreeMap<String, String>) {
    if tags.len() > 50 {
        report.violation(
            Code::TooLong,
            format!("Azure allows at most 50 tags, found {}", tags.len()),
        );
    }
    for (name, value) in tags {
        report.field(name, |r| {
            if name.is_empty() || name.chars().count() > 512 {
                r.violation(Code::Pattern, "a tag name must be 1-512 characters");
            }
            if name
                .chars()
                .any(|c| matches!(c, '<' | '>' | '%' | '&' | '\\' | '?' | '/'))
            {
                r.violation(
                    Code::Pattern,
                    format!("tag name {name:?} must not contain < > % & \\ ? /"),
                );
            }
            if value.chars().count() > 256 {
                r.violation(Code::TooLong, "a tag value must be at most 256 characters");
            }
        });
    }
}

/// `true` when `region` looks like an Azure region name (`westeurope`, `eastus2`): lower-case letters and digits.
pub fn is_region_name(region: &str) -> bool {
    !region.is_empty()
        && region.len() <= 64
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// Checks a `location`: a region name such as `westeurope`.
pub fn check_location(report: &mut Report, location: &str) {
    if location.is_empty() {
        report.violation(Code::Required, "set the Azure region, e.g. westeurope");
    } else if !is_region_name(location) {
        report.violation(
            Code::Pattern,
            format!("{location:?} is not an Azure region name (lower-case letters and digits, e.g. westeurope)"),
        );
    }
}

//! Types the `kubernetesconfiguration.azure.com` kinds share: the owner reference of an ARM
//! extension resource (any Azure resource can own one, in practice a ManagedCluster) and
//! references to Secrets and ConfigMaps in the object's namespace.

use std::sync::LazyLock;

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::aso::{ARM_ID, check_config_key};
use crate::error::Code;
use crate::validation::{Report, Validate, check, pattern};

/// The owner of an extension resource: any ASO object in the same namespace by group, kind and
/// name (e.g. a `containerservice.azure.com` `ManagedCluster`), or an Azure resource by ARM id.
///
/// ASO's `ArbitraryOwnerReference`.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ArbitraryOwnerReference {
    /// The ARM id of an owner that is not managed by ASO.
    #[serde(default, rename = "armId", skip_serializing_if = "Option::is_none")]
    pub arm_id: Option<String>,
    /// The Kubernetes API group of the owning object, e.g. `containerservice.azure.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The Kubernetes kind of the owning object, e.g. `ManagedCluster`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The Kubernetes name of the owning object, in the same namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl ArbitraryOwnerReference {
    /// A reference to the ASO `ManagedCluster` object `name` in the same namespace.
    pub fn managed_cluster(name: impl Into<String>) -> Self {
        Self {
            arm_id: None,
            group: Some("containerservice.azure.com".to_owned()),
            kind: Some("ManagedCluster".to_owned()),
            name: Some(name.into()),
        }
    }
}

static KIND_NAME: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[A-Z][A-Za-z0-9]*$"));

impl Validate for ArbitraryOwnerReference {
    fn validate_into(&self, report: &mut Report) {
        if let Some(arm_id) = &self.arm_id {
            report.field("armId", |r| check::matches(r, arm_id, &ARM_ID, "an ARM id"));
            if self.name.is_some() || self.group.is_some() || self.kind.is_some() {
                report.violation(
                    Code::Conflict,
                    "set the owner's armId or its group, kind and name, not both",
                );
            }
            return;
        }
        match &self.name {
            None => report.violation_at(
                "name",
                Code::Required,
                "set the owner's group, kind and name (or its armId)",
            ),
            Some(name) => report.field("name", |r| check::dns_subdomain(r, name)),
        }
        match &self.group {
            None => report.violation_at(
                "group",
                Code::Required,
                "set the owner's API group, e.g. containerservice.azure.com",
            ),
            Some(group) => report.field("group", |r| check::dns_subdomain(r, group)),
        }
        match &self.kind {
            None => report.violation_at(
                "kind",
                Code::Required,
                "set the owner's kind, e.g. ManagedCluster",
            ),
            Some(kind) => report.field("kind", |r| {
                check::matches(r, kind, &KIND_NAME, "a Kubernetes kind (UpperCamelCase)")
            }),
        }
    }
}

/// A whole Secret in the object's namespace whose entries ASO sends to Azure as protected settings.
///
/// ASO's `SecretMapReference`.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct SecretMapReference {
    /// The Secret's name.
    pub name: String,
}

impl SecretMapReference {
    /// A reference to the Secret `name`.
    pub fn named(name: impl Into<String>) -> Self {
        Self { name: name.into() }
    }
}

impl Validate for SecretMapReference {
    fn validate_into(&self, report: &mut Report) {
        report.field("name", |r| check::dns_subdomain(r, &self.name));
    }
}

/// One entry of a Secret in the object's namespace, whose value ASO reads and sends to Azure.
///
/// ASO's `SecretReference`.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct SecretReference {
    /// The key within the Secret.
    pub key: String,
    /// The Secret's name.
    pub name: String,
}

impl Validate for SecretReference {
    fn validate_into(&self, report: &mut Report) {
        report.field("key", |r| check_config_key(r, &self.key));
        report.field("name", |r| check::dns_subdomain(r, &self.name));
    }
}

/// One entry of a ConfigMap in the object's namespace, whose value ASO reads and sends to Azure.
///
/// ASO's `ConfigMapReference`.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ConfigMapReference {
    /// The key within the ConfigMap.
    pub key: String,
    /// The ConfigMap's name.
    pub name: String,
}

impl Validate for ConfigMapReference {
    fn validate_into(&self, report: &mut Report) {
        report.field("key", |r| check_config_key(r, &self.key));
        report.field("name", |r| check::dns_subdomain(r, &self.name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(value: &impl Validate) -> Vec<(String, Code)> {
        let mut report = Report::default();
        value.validate_into(&mut report);
        report
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect()
    }

    #[test]
    fn owner_by_name_needs_group_and_kind() {
        assert!(codes(&ArbitraryOwnerReference::managed_cluster("aks-prod")).is_empty());
        let bare = ArbitraryOwnerReference::builder().name("aks-prod").build();
        assert_eq!(
            codes(&bare),
            vec![
                ("group".to_owned(), Code::Required),
                ("kind".to_owned(), Code::Required)
            ]
        );
        assert_eq!(
            codes(&ArbitraryOwnerReference::default()),
            vec![
                ("name".to_owned(), Code::Required),
                ("group".to_owned(), Code::Required),
                ("kind".to_owned(), Code::Required)
            ]
        );
        let lower = ArbitraryOwnerReference::builder()
            .group("containerservice.azure.com")
            .kind("managedcluster")
            .name("aks")
            .build();
        assert_eq!(codes(&lower), vec![("kind".to_owned(), Code::Pattern)]);
    }

    #[test]
    fn owner_by_arm_id_excludes_the_name() {
        let arm = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks";
        let by_id = ArbitraryOwnerReference::builder().arm_id(arm).build();
        assert!(codes(&by_id).is_empty());
        let both = ArbitraryOwnerReference {
            arm_id: Some(arm.to_owned()),
            ..ArbitraryOwnerReference::managed_cluster("aks")
        };
        assert_eq!(codes(&both), vec![(String::new(), Code::Conflict)]);
        let bad = ArbitraryOwnerReference::builder().arm_id("aks").build();
        assert_eq!(codes(&bad), vec![("armId".to_owned(), Code::Pattern)]);
    }

    #[test]
    fn references_check_names_and_keys() {
        let bad = SecretReference::builder().name("Git_Creds").key("").build();
        assert_eq!(
            codes(&bad),
            vec![
                ("key".to_owned(), Code::Required),
                ("name".to_owned(), Code::Pattern)
            ]
        );
        assert_eq!(
            codes(&SecretMapReference::named("")),
            vec![("name".to_owned(), Code::Required)]
        );
        let ok = ConfigMapReference::builder()
            .name("azure-ids")
            .key("tenantId")
            .build();
        assert!(codes(&ok).is_empty());
    }
}

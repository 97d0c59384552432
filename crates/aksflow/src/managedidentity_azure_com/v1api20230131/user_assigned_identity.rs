//! UserAssignedIdentity (`managedidentity.azure.com/v1api20230131`, namespaced): an Azure
//! user-assigned managed identity, e.g. the control-plane or kubelet identity of an AKS cluster.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::aso::{
    DestinationExpression, KnownResourceReference, SecretDestination, check_location, check_tags,
};
use crate::error::Code;
use crate::resource::{check_metadata, kubernetes_kind};
use crate::validation::{Report, Validate, check, pattern};

kubernetes_kind! {
    /// An Azure user-assigned managed identity, reconciled by ASO inside its ResourceGroup.
    pub struct UserAssignedIdentity {
        api_version: "managedidentity.azure.com/v1api20230131",
        group: "managedidentity.azure.com",
        version: "v1api20230131",
        plural: "userassignedidentities",
        scope: Namespaced,
        spec: UserAssignedIdentitySpec,
    }
}

/// The desired state of a user-assigned identity.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct UserAssignedIdentitySpec {
    /// The Azure name, when it differs from `metadata.name`: 3-128 alphanumerics, `-` and `_`,
    /// starting with an alphanumeric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_name: Option<String>,
    /// The Azure region, e.g. `westeurope`.
    pub location: String,
    /// Values ASO exports to Secrets and ConfigMaps (client id, principal id, tenant id, CEL expressions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_spec: Option<UserAssignedIdentityOperatorSpec>,
    /// The ResourceGroup the identity lives in (its ASO object name, or an ARM id).
    pub owner: KnownResourceReference,
    /// Azure tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
}

/// What ASO exports from a user-assigned identity.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserAssignedIdentityOperatorSpec {
    /// CEL expressions written to ConfigMaps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map_expressions: Option<Vec<DestinationExpression>>,
    /// Where to write the identity's ids as ConfigMap entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_maps: Option<UserAssignedIdentityOperatorConfigMaps>,
    /// CEL expressions written to Secrets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_expressions: Option<Vec<DestinationExpression>>,
    /// Where to write the identity's ids as Secret entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<UserAssignedIdentityOperatorSecrets>,
}

/// ConfigMap entries ASO writes with the identity's ids; each omitted one is not written.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserAssignedIdentityOperatorConfigMaps {
    /// Where to write the identity's client (application) id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<SecretDestination>,
    /// Where to write the identity's principal (object) id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_id: Option<SecretDestination>,
    /// Where to write the identity's Entra tenant id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<SecretDestination>,
}

/// Secret entries ASO writes with the identity's ids; each omitted one is not written.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserAssignedIdentityOperatorSecrets {
    /// Where to write the identity's client (application) id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<SecretDestination>,
    /// Where to write the identity's principal (object) id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_id: Option<SecretDestination>,
    /// Where to write the identity's Entra tenant id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<SecretDestination>,
}

/// Azure's rule for user-assigned identity names.
static IDENTITY_NAME: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[a-zA-Z0-9][-_a-zA-Z0-9]*$"));

/// Checks an Azure user-assigned identity name: 3-128 alphanumerics, `-` and `_`, starting with an alphanumeric.
pub fn check_identity_name(report: &mut Report, name: &str) {
    check::length(report, name, 3, 128);
    if !name.is_empty() && !IDENTITY_NAME.is_match(name) {
        report.violation(
            Code::Pattern,
            format!("{name:?} is not a user-assigned identity name (alphanumerics, '-' and '_', starting with an alphanumeric)"),
        );
    }
}

impl Validate for UserAssignedIdentity {
    fn validate_into(&self, report: &mut Report) {
        check_metadata::<Self>(report, &self.metadata);
        // Without azureName, metadata.name is the Azure name and must follow Azure's rule too.
        if self.spec.azure_name.is_none()
            && let Some(name) = &self.metadata.name
        {
            report.field("metadata", |r| {
                r.field("name", |r| check_identity_name(r, name))
            });
        }
        report.nested("spec", &self.spec);
    }
}

impl Validate for UserAssignedIdentitySpec {
    fn validate_into(&self, report: &mut Report) {
        if let Some(name) = &self.azure_name {
            report.field("azureName", |r| check_identity_name(r, name));
        }
        report.field("location", |r| check_location(r, &self.location));
        report.nested("operatorSpec", &self.operator_spec);
        report.nested("owner", &self.owner);
        if let Some(tags) = &self.tags {
            report.field("tags", |r| check_tags(r, tags));
        }
    }
}

impl UserAssignedIdentityOperatorConfigMaps {
    fn destinations(&self) -> [(&'static str, Option<&SecretDestination>); 3] {
        [
            ("clientId", self.client_id.as_ref()),
            ("principalId", self.principal_id.as_ref()),
            ("tenantId", self.tenant_id.as_ref()),
        ]
    }
}

impl UserAssignedIdentityOperatorSecrets {
    fn destinations(&self) -> [(&'static str, Option<&SecretDestination>); 3] {
        [
            ("clientId", self.client_id.as_ref()),
            ("principalId", self.principal_id.as_ref()),
            ("tenantId", self.tenant_id.as_ref()),
        ]
    }
}

/// ASO refuses to write two values to the same key of the same Secret/ConfigMap: checks the
/// fixed destinations (at `field.<name>`) and then the keyed expressions (at `expressions[i]`).
fn check_unique_destinations(
    report: &mut Report,
    field: &str,
    fixed: &[(&'static str, Option<&SecretDestination>)],
    expressions_field: &str,
    expressions: Option<&Vec<DestinationExpression>>,
) {
    let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
    for (name, destination) in fixed {
        if let Some(d) = destination
            && !seen.insert((d.name.as_str(), d.key.as_str()))
        {
            report.field(field, |r| {
                r.violation_at(
                    name,
                    Code::Duplicate,
                    format!("another value is already written to {}/{}", d.name, d.key),
                )
            });
        }
    }
    for (i, expression) in expressions.into_iter().flatten().enumerate() {
        if let Some(key) = &expression.key
            && !seen.insert((expression.name.as_str(), key.as_str()))
        {
            report.field(expressions_field, |r| {
                r.item(i, |r| {
                    r.violation(
                        Code::Duplicate,
                        format!(
                            "another value is already written to {}/{key}",
                            expression.name
                        ),
                    )
                })
            });
        }
    }
}

impl Validate for UserAssignedIdentityOperatorSpec {
    fn validate_into(&self, report: &mut Report) {
        report.nested("configMapExpressions", &self.config_map_expressions);
        if let Some(config_maps) = &self.config_maps {
            report.field("configMaps", |r| {
                for (name, destination) in config_maps.destinations() {
                    if let Some(destination) = destination {
                        r.nested(name, destination);
                    }
                }
            });
        }
        report.nested("secretExpressions", &self.secret_expressions);
        if let Some(secrets) = &self.secrets {
            report.field("secrets", |r| {
                for (name, destination) in secrets.destinations() {
                    if let Some(destination) = destination {
                        r.nested(name, destination);
                    }
                }
            });
        }
        check_unique_destinations(
            report,
            "configMaps",
            &self
                .config_maps
                .as_ref()
                .map(|c| c.destinations())
                .unwrap_or_default(),
            "configMapExpressions",
            self.config_map_expressions.as_ref(),
        );
        check_unique_destinations(
            report,
            "secrets",
            &self
                .secrets
                .as_ref()
                .map(|s| s.destinations())
                .unwrap_or_default(),
            "secretExpressions",
            self.secret_expressions.as_ref(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{from_yaml, to_yaml};

    fn violations(error: &crate::ValidationError) -> Vec<(String, Code)> {
        error
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect()
    }

    fn destination(name: &str, key: &str) -> SecretDestination {
        SecretDestination::builder().name(name).key(key).build()
    }

    #[test]
    fn builds_the_exact_yaml() {
        let identity = UserAssignedIdentity::builder()
            .name("aks-prod-kubelet")
            .namespace("azure-system")
            .spec(
                UserAssignedIdentitySpec::builder()
                    .location("westeurope")
                    .owner(KnownResourceReference::named("rg-prod"))
                    .tags(BTreeMap::from([("env".to_owned(), "prod".to_owned())]))
                    .operator_spec(
                        UserAssignedIdentityOperatorSpec::builder()
                            .config_maps(
                                UserAssignedIdentityOperatorConfigMaps::builder()
                                    .client_id(destination("kubelet-identity", "clientId"))
                                    .principal_id(destination("kubelet-identity", "principalId"))
                                    .build(),
                            )
                            .secrets(
                                UserAssignedIdentityOperatorSecrets::builder()
                                    .tenant_id(destination("kubelet-identity", "tenantId"))
                                    .build(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .build()
            .unwrap();
        let yaml = to_yaml(&identity).unwrap();
        assert_eq!(
            yaml,
            "\
apiVersion: managedidentity.azure.com/v1api20230131
kind: UserAssignedIdentity
metadata:
  name: aks-prod-kubelet
  namespace: azure-system
spec:
  location: westeurope
  operatorSpec:
    configMaps:
      clientId:
        name: kubelet-identity
        key: clientId
      principalId:
        name: kubelet-identity
        key: principalId
    secrets:
      tenantId:
        name: kubelet-identity
        key: tenantId
  owner:
    name: rg-prod
  tags:
    env: prod
"
        );
        assert_eq!(from_yaml::<UserAssignedIdentity>(&yaml).unwrap(), identity);
    }

    #[test]
    fn hand_written_yaml_round_trips() {
        let yaml = "\
apiVersion: managedidentity.azure.com/v1api20230131
kind: UserAssignedIdentity
metadata:
  name: control-plane
  namespace: platform
spec:
  azureName: id_Control-Plane_01
  location: eastus2
  operatorSpec:
    secretExpressions:
    - name: identity-ids
      key: resourceId
      value: self.status.id
  owner:
    armId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod
";
        let identity: UserAssignedIdentity = from_yaml(yaml).unwrap();
        identity.validate().unwrap();
        assert_eq!(to_yaml(&identity).unwrap(), yaml);
    }

    #[test]
    fn azure_name_rules() {
        let spec = |name: &str| {
            UserAssignedIdentitySpec::builder()
                .azure_name(name)
                .location("westeurope")
                .owner(KnownResourceReference::named("rg"))
                .build()
        };
        for (name, code) in [
            ("ab", Code::TooShort),
            ("-starts-with-hyphen", Code::Pattern),
            ("has.dot", Code::Pattern),
        ] {
            let error = UserAssignedIdentity::builder()
                .name("identity")
                .spec(spec(name))
                .build()
                .unwrap_err();
            assert_eq!(
                violations(&error),
                vec![("spec.azureName".to_owned(), code)],
                "{name}"
            );
        }
        let long = "a".repeat(129);
        let error = UserAssignedIdentity::builder()
            .name("identity")
            .spec(spec(&long))
            .build()
            .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![("spec.azureName".to_owned(), Code::TooLong)]
        );
        assert!(
            UserAssignedIdentity::builder()
                .name("identity")
                .spec(spec(&"a".repeat(128)))
                .build()
                .is_ok()
        );
    }

    #[test]
    fn metadata_name_is_the_azure_name_without_azure_name() {
        let spec = UserAssignedIdentitySpec::builder()
            .location("westeurope")
            .owner(KnownResourceReference::named("rg"))
            .build();
        let error = UserAssignedIdentity::builder()
            .name("id.prod")
            .spec(spec.clone())
            .build()
            .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![("metadata.name".to_owned(), Code::Pattern)]
        );
        // With azureName set, a dotted Kubernetes name is fine.
        let mut named = spec;
        named.azure_name = Some("id-prod".to_owned());
        assert!(
            UserAssignedIdentity::builder()
                .name("id.prod")
                .spec(named)
                .build()
                .is_ok()
        );
    }

    #[test]
    fn collects_every_violation() {
        let spec = UserAssignedIdentitySpec {
            azure_name: None,
            location: "West Europe".to_owned(),
            owner: KnownResourceReference::default(),
            tags: Some(BTreeMap::from([("a/b".to_owned(), "x".to_owned())])),
            operator_spec: Some(UserAssignedIdentityOperatorSpec {
                secrets: Some(UserAssignedIdentityOperatorSecrets {
                    client_id: Some(destination("ids", "clientId")),
                    principal_id: Some(destination("ids", "clientId")),
                    tenant_id: Some(destination("Bad_Name", "tenantId")),
                }),
                secret_expressions: Some(vec![
                    DestinationExpression::builder()
                        .name("ids")
                        .key("clientId")
                        .value("self.status.clientId")
                        .build(),
                ]),
                ..Default::default()
            }),
        };
        let error = UserAssignedIdentity::builder()
            .name("identity")
            .namespace("azure-system")
            .spec(spec)
            .build()
            .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![
                ("spec.location".to_owned(), Code::Pattern),
                (
                    "spec.operatorSpec.secrets.tenantId.name".to_owned(),
                    Code::Pattern
                ),
                (
                    "spec.operatorSpec.secrets.principalId".to_owned(),
                    Code::Duplicate
                ),
                (
                    "spec.operatorSpec.secretExpressions[0]".to_owned(),
                    Code::Duplicate
                ),
                ("spec.owner".to_owned(), Code::Required),
                (r#"spec.tags["a/b"]"#.to_owned(), Code::Pattern),
            ]
        );
    }

    #[test]
    fn another_kind_is_a_typed_error() {
        let yaml = "apiVersion: managedidentity.azure.com/v1api20230131\nkind: ResourceGroup\nmetadata: {name: x}\nspec: {location: westeurope, owner: {name: rg}}\n";
        assert!(matches!(
            from_yaml::<UserAssignedIdentity>(yaml),
            Err(crate::Error::WrongKind(_))
        ));
        let old = "apiVersion: managedidentity.azure.com/v1api20181130\nkind: UserAssignedIdentity\nmetadata: {name: x}\nspec: {location: westeurope, owner: {name: rg}}\n";
        assert!(matches!(
            from_yaml::<UserAssignedIdentity>(old),
            Err(crate::Error::WrongKind(_))
        ));
    }
}

//! Extension (`kubernetesconfiguration.azure.com/v1api20241101`, namespaced): a cluster extension
//! installed on an AKS cluster by Azure, e.g. Flux (`extensionType: microsoft.flux`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::aso::{DestinationExpression, SecretDestination};
use crate::error::Code;
use crate::kubernetesconfiguration_azure_com::common::{
    ArbitraryOwnerReference, SecretMapReference,
};
use crate::resource::{check_metadata, kubernetes_kind};
use crate::validation::{Report, Validate, check};

kubernetes_kind! {
    /// A cluster extension (Flux, Dapr, ...) that Azure installs on the owning AKS cluster, reconciled by ASO.
    pub struct Extension {
        api_version: "kubernetesconfiguration.azure.com/v1api20241101",
        group: "kubernetesconfiguration.azure.com",
        version: "v1api20241101",
        plural: "extensions",
        scope: Namespaced,
        spec: ExtensionSpec,
    }
}

/// The extension type of Flux (GitOps), as AKS registers it.
pub const FLUX_EXTENSION_TYPE: &str = "microsoft.flux";

/// The desired state of a cluster extension.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ExtensionSpec {
    /// The identity Azure assigns to the extension inside the AKS cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aks_assigned_identity: Option<ExtensionAksAssignedIdentity>,
    /// Whether the extension follows minor-version upgrades of its release train (Azure's default: true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_upgrade_minor_version: Option<bool>,
    /// The Azure name, when it differs from `metadata.name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_name: Option<String>,
    /// A Secret whose entries are sent to the extension as sensitive configuration settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration_protected_settings: Option<SecretMapReference>,
    /// Configuration settings of the extension, as name-value pairs (e.g. Flux's `multiTenancy.enforce`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration_settings: Option<BTreeMap<String, String>>,
    /// The registered extension type, e.g. `microsoft.flux`; Azure requires it on create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_type: Option<String>,
    /// The extension resource's own (system-assigned) Azure identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<ExtensionIdentity>,
    /// Values ASO exports to Secrets and ConfigMaps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_spec: Option<ExtensionOperatorSpec>,
    /// The Azure resource the extension is installed on, usually `ManagedCluster` (see [`ArbitraryOwnerReference::managed_cluster`]).
    pub owner: ArbitraryOwnerReference,
    /// The Marketplace plan of a third-party extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<ExtensionPlan>,
    /// The release train followed for auto-upgrades (e.g. `Stable`, `Preview`); used only with auto-upgrade on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_train: Option<String>,
    /// Whether the extension is installed cluster-wide or into one namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<ExtensionScope>,
    /// A pinned extension version; requires `autoUpgradeMinorVersion: false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// The kinds of identity Azure can assign to an extension inside the AKS cluster.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AksAssignedIdentityType {
    /// An identity Azure creates and manages for the extension.
    SystemAssigned,
    /// A user-assigned identity.
    UserAssigned,
}

/// The identity of the extension inside the AKS cluster.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExtensionAksAssignedIdentity {
    /// The identity type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<AksAssignedIdentityType>,
}

/// The kinds of Azure identity an extension resource can have.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtensionIdentityType {
    /// An identity Azure creates and manages for the extension.
    SystemAssigned,
}

/// The extension resource's Azure identity.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExtensionIdentity {
    /// The identity type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<ExtensionIdentityType>,
}

/// The Marketplace plan of a third-party extension.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ExtensionPlan {
    /// A user-defined name of the procured artifact.
    pub name: String,
    /// The procured product (the Marketplace offer id).
    pub product: String,
    /// A publisher-provided promotion code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion_code: Option<String>,
    /// The publisher of the artifact.
    pub publisher: String,
    /// The version of the product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// Where the extension is installed: cluster-wide (`cluster`) or into one namespace (`namespace`); set one.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExtensionScope {
    /// A cluster-wide installation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<ExtensionScopeCluster>,
    /// An installation into one namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<ExtensionScopeNamespace>,
}

impl ExtensionScope {
    /// A cluster-wide installation whose Helm release goes to `release_namespace`.
    pub fn cluster(release_namespace: impl Into<String>) -> Self {
        Self {
            cluster: Some(ExtensionScopeCluster {
                release_namespace: Some(release_namespace.into()),
            }),
            namespace: None,
        }
    }

    /// An installation into `target_namespace`.
    pub fn namespace(target_namespace: impl Into<String>) -> Self {
        Self {
            cluster: None,
            namespace: Some(ExtensionScopeNamespace {
                target_namespace: Some(target_namespace.into()),
            }),
        }
    }
}

/// A cluster-wide installation.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ExtensionScopeCluster {
    /// The namespace of the extension's Helm release (created if missing), e.g. `flux-system`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_namespace: Option<String>,
}

/// An installation into one namespace.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ExtensionScopeNamespace {
    /// The namespace the extension is installed into (created if missing); Azure requires it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_namespace: Option<String>,
}

/// What ASO exports from an extension.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExtensionOperatorSpec {
    /// CEL expressions written to ConfigMaps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map_expressions: Option<Vec<DestinationExpression>>,
    /// Where to write the extension identity's ids as ConfigMap entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_maps: Option<ExtensionOperatorConfigMaps>,
    /// CEL expressions written to Secrets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_expressions: Option<Vec<DestinationExpression>>,
}

/// ConfigMap entries ASO writes for an extension.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExtensionOperatorConfigMaps {
    /// Where to write the principal id of the extension's identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_id: Option<SecretDestination>,
}

impl Validate for Extension {
    fn validate_into(&self, report: &mut Report) {
        check_metadata::<Self>(report, &self.metadata);
        report.nested("spec", &self.spec);
    }
}

impl Validate for ExtensionSpec {
    fn validate_into(&self, report: &mut Report) {
        if let Some(name) = &self.azure_name {
            report.field("azureName", |r| check::length(r, name, 1, 253));
        }
        if let Some(settings) = &self.configuration_settings {
            report.field("configurationSettings", |r| {
                for key in settings.keys() {
                    if key.trim().is_empty() {
                        r.violation_at(key, Code::Required, "a setting name must not be empty");
                    }
                }
            });
        }
        report.nested(
            "configurationProtectedSettings",
            &self.configuration_protected_settings,
        );
        match &self.extension_type {
            None => report.violation_at(
                "extensionType",
                Code::Required,
                "Azure requires the extension type on create, e.g. microsoft.flux",
            ),
            Some(extension_type) => report.field("extensionType", |r| {
                check::length(r, extension_type, 1, 253)
            }),
        }
        report.nested("operatorSpec", &self.operator_spec);
        report.nested("owner", &self.owner);
        report.nested("scope", &self.scope);
        // Azure: a pinned version needs auto-upgrade off (which defaults to on). A release train
        // with auto-upgrade off is not rejected: the API only says it applies to auto-upgrade.
        if self.version.is_some() && self.auto_upgrade_minor_version != Some(false) {
            report.violation_at(
                "version",
                Code::Conflict,
                "to pin a version, set autoUpgradeMinorVersion: false",
            );
        }
        if let Some(version) = &self.version {
            report.field("version", |r| check::length(r, version, 1, 64));
        }
        if let Some(train) = &self.release_train {
            report.field("releaseTrain", |r| check::length(r, train, 1, 64));
        }
        report.nested("plan", &self.plan);
    }
}

impl Validate for ExtensionPlan {
    fn validate_into(&self, report: &mut Report) {
        report.field("name", |r| check::length(r, &self.name, 1, 256));
        report.field("product", |r| check::length(r, &self.product, 1, 256));
        report.field("publisher", |r| check::length(r, &self.publisher, 1, 256));
    }
}

impl Validate for ExtensionScope {
    fn validate_into(&self, report: &mut Report) {
        match (&self.cluster, &self.namespace) {
            (Some(_), Some(_)) => report.violation(
                Code::Conflict,
                "an extension is installed cluster-wide or into one namespace: set cluster or namespace, not both",
            ),
            (None, None) => report.violation(Code::Required, "set cluster or namespace"),
            _ => {}
        }
        if let Some(cluster) = &self.cluster
            && let Some(namespace) = &cluster.release_namespace
        {
            report.field("cluster", |r| {
                r.field("releaseNamespace", |r| check::dns_label(r, namespace))
            });
        }
        if let Some(scope) = &self.namespace {
            report.field("namespace", |r| match &scope.target_namespace {
                None => r.violation_at(
                    "targetNamespace",
                    Code::Required,
                    "a namespace-scoped extension needs its target namespace",
                ),
                Some(namespace) => r.field("targetNamespace", |r| check::dns_label(r, namespace)),
            });
        }
    }
}

impl Validate for ExtensionOperatorSpec {
    fn validate_into(&self, report: &mut Report) {
        report.nested("configMapExpressions", &self.config_map_expressions);
        if let Some(config_maps) = &self.config_maps {
            report.field("configMaps", |r| {
                r.nested("principalId", &config_maps.principal_id)
            });
        }
        report.nested("secretExpressions", &self.secret_expressions);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ValidationError, from_yaml, to_yaml};

    fn violations(error: &ValidationError) -> Vec<(String, Code)> {
        error
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect()
    }

    fn flux_spec() -> ExtensionSpec {
        ExtensionSpec::builder()
            .extension_type(FLUX_EXTENSION_TYPE)
            .owner(ArbitraryOwnerReference::managed_cluster("aks-prod"))
            .build()
    }

    #[test]
    fn builds_the_flux_extension() {
        let extension = Extension::builder()
            .name("flux")
            .namespace("azure-system")
            .spec(ExtensionSpec {
                auto_upgrade_minor_version: Some(true),
                release_train: Some("Stable".to_owned()),
                scope: Some(ExtensionScope::cluster("flux-system")),
                configuration_settings: Some(BTreeMap::from([(
                    "multiTenancy.enforce".to_owned(),
                    "false".to_owned(),
                )])),
                ..flux_spec()
            })
            .build()
            .unwrap();
        let yaml = to_yaml(&extension).unwrap();
        assert_eq!(
            yaml,
            "\
apiVersion: kubernetesconfiguration.azure.com/v1api20241101
kind: Extension
metadata:
  name: flux
  namespace: azure-system
spec:
  autoUpgradeMinorVersion: true
  configurationSettings:
    multiTenancy.enforce: \"false\"
  extensionType: microsoft.flux
  owner:
    group: containerservice.azure.com
    kind: ManagedCluster
    name: aks-prod
  releaseTrain: Stable
  scope:
    cluster:
      releaseNamespace: flux-system
"
        );
        assert_eq!(from_yaml::<Extension>(&yaml).unwrap(), extension);
    }

    #[test]
    fn hand_written_yaml_round_trips() {
        let yaml = "\
apiVersion: kubernetesconfiguration.azure.com/v1api20241101
kind: Extension
metadata:
  name: partner-ext
  namespace: azure-system
spec:
  aksAssignedIdentity:
    type: SystemAssigned
  autoUpgradeMinorVersion: false
  azureName: partner
  configurationProtectedSettings:
    name: partner-settings
  extensionType: contoso.partner
  identity:
    type: SystemAssigned
  operatorSpec:
    configMaps:
      principalId:
        name: partner-identity
        key: principalId
  owner:
    armId: /subscriptions/0000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks
  plan:
    name: standard
    product: partner-offer
    publisher: contoso
  scope:
    namespace:
      targetNamespace: partner
  version: \"1.2.3\"
";
        let extension: Extension = from_yaml(yaml).unwrap();
        extension.validate().unwrap();
        assert_eq!(to_yaml(&extension).unwrap(), yaml);
    }

    #[test]
    fn pinned_version_needs_auto_upgrade_off() {
        let pinned = ExtensionSpec {
            version: Some("1.15.1".to_owned()),
            ..flux_spec()
        };
        let error = Extension::builder()
            .name("flux")
            .spec(pinned.clone())
            .build()
            .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![("spec.version".to_owned(), Code::Conflict)]
        );
        let ok = ExtensionSpec {
            auto_upgrade_minor_version: Some(false),
            ..pinned
        };
        assert!(Extension::builder().name("flux").spec(ok).build().is_ok());
        let train = ExtensionSpec {
            auto_upgrade_minor_version: Some(false),
            release_train: Some("Preview".to_owned()),
            ..flux_spec()
        };
        // Not rejected: the API documents no such rule (a release train is only *used* with auto-upgrade).
        assert!(
            Extension::builder()
                .name("flux")
                .spec(train)
                .build()
                .is_ok()
        );
    }

    #[test]
    fn scope_owner_and_type_rules() {
        let spec = ExtensionSpec {
            extension_type: None,
            owner: ArbitraryOwnerReference::builder().name("aks-prod").build(),
            scope: Some(ExtensionScope {
                cluster: Some(ExtensionScopeCluster::default()),
                namespace: Some(ExtensionScopeNamespace::default()),
            }),
            plan: Some(
                ExtensionPlan::builder()
                    .name("p")
                    .product("")
                    .publisher("x")
                    .build(),
            ),
            ..ExtensionSpec::default()
        };
        let error = Extension::builder()
            .name("flux")
            .spec(spec)
            .build()
            .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![
                ("spec.extensionType".to_owned(), Code::Required),
                ("spec.owner.group".to_owned(), Code::Required),
                ("spec.owner.kind".to_owned(), Code::Required),
                ("spec.scope".to_owned(), Code::Conflict),
                (
                    "spec.scope.namespace.targetNamespace".to_owned(),
                    Code::Required
                ),
                ("spec.plan.product".to_owned(), Code::Required),
            ]
        );
        let bad_namespace = ExtensionSpec {
            scope: Some(ExtensionScope::cluster("Flux_System")),
            ..flux_spec()
        };
        let error = Extension::builder()
            .name("flux")
            .spec(bad_namespace)
            .build()
            .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![(
                "spec.scope.cluster.releaseNamespace".to_owned(),
                Code::Pattern
            )]
        );
    }

    #[test]
    fn another_kind_is_a_typed_error() {
        let yaml = "apiVersion: kubernetesconfiguration.azure.com/v1api20241101\nkind: FluxConfiguration\nmetadata: {name: x}\nspec: {owner: {name: aks}}\n";
        assert!(matches!(
            from_yaml::<Extension>(yaml),
            Err(crate::Error::WrongKind(_))
        ));
        let unknown = "apiVersion: kubernetesconfiguration.azure.com/v1api20241101\nkind: Extension\nmetadata: {name: x}\nspec: {owner: {name: aks}, extensionTypo: microsoft.flux}\n";
        assert!(matches!(
            from_yaml::<Extension>(unknown),
            Err(crate::Error::Parse(_))
        ));
    }
}

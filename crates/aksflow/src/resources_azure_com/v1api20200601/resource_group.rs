//! ResourceGroup (`resources.azure.com/v1api20200601`, namespaced): an Azure resource group.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::aso::{DestinationExpression, check_location, check_tags};
use crate::resource::{check_metadata, kubernetes_kind};
use crate::validation::{Report, Validate, check, pattern};

kubernetes_kind! {
    /// An Azure resource group, reconciled by ASO; the owner of the cluster's other Azure resources.
    pub struct ResourceGroup {
        api_version: "resources.azure.com/v1api20200601",
        group: "resources.azure.com",
        version: "v1api20200601",
        plural: "resourcegroups",
        scope: Namespaced,
        spec: ResourceGroupSpec,
    }
}

/// The desired state of a resource group.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ResourceGroupSpec {
    /// The Azure name, when it differs from `metadata.name`: 1-90 alphanumerics, `_ ( ) - .`, not ending in `.`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_name: Option<String>,
    /// The Azure region, e.g. `westeurope`.
    pub location: String,
    /// The ARM id of the resource that manages this group, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
    /// Values ASO exports to Secrets/ConfigMaps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_spec: Option<ResourceGroupOperatorSpec>,
    /// Azure tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
}

/// What ASO exports from a resource group.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResourceGroupOperatorSpec {
    /// CEL expressions written to ConfigMaps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map_expressions: Option<Vec<DestinationExpression>>,
    /// CEL expressions written to Secrets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_expressions: Option<Vec<DestinationExpression>>,
}

/// Azure's rule for resource group names.
static RESOURCE_GROUP_NAME: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^[-\w\._\(\)]*[-\w_\(\)]$"));

/// Checks an Azure resource group name: 1-90 ASCII alphanumerics, `_ ( ) - .`, not ending in `.`.
pub fn check_resource_group_name(report: &mut Report, name: &str) {
    check::length(report, name, 1, 90);
    if !name.is_empty() && (!name.is_ascii() || !RESOURCE_GROUP_NAME.is_match(name)) {
        report.violation(
            crate::Code::Pattern,
            format!("{name:?} is not a resource group name (alphanumerics, '_', '(', ')', '-', '.'; not ending in '.')"),
        );
    }
}

impl Validate for ResourceGroup {
    fn validate_into(&self, report: &mut Report) {
        check_metadata::<Self>(report, &self.metadata);
        report.nested("spec", &self.spec);
    }
}

impl Validate for ResourceGroupSpec {
    fn validate_into(&self, report: &mut Report) {
        if let Some(name) = &self.azure_name {
            report.field("azureName", |r| check_resource_group_name(r, name));
        }
        report.field("location", |r| check_location(r, &self.location));
        if let Some(tags) = &self.tags {
            report.field("tags", |r| check_tags(r, tags));
        }
        report.nested("operatorSpec", &self.operator_spec);
    }
}

impl Validate for ResourceGroupOperatorSpec {
    fn validate_into(&self, report: &mut Report) {
        report.nested("configMapExpressions", &self.config_map_expressions);
        report.nested("secretExpressions", &self.secret_expressions);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Code, from_yaml, to_yaml};

    #[test]
    fn builds_and_writes_api_version_and_kind() {
        let rg = ResourceGroup::builder()
            .name("rg-payments-prod")
            .namespace("azure-system")
            .spec(ResourceGroupSpec::builder().location("westeurope").build())
            .build()
            .unwrap();
        let yaml = to_yaml(&rg).unwrap();
        assert_eq!(
            yaml,
            "apiVersion: resources.azure.com/v1api20200601\nkind: ResourceGroup\nmetadata:\n  name: rg-payments-prod\n  namespace: azure-system\nspec:\n  location: westeurope\n"
        );
        assert_eq!(from_yaml::<ResourceGroup>(&yaml).unwrap(), rg);
    }

    #[test]
    fn collects_every_violation_with_its_path() {
        let error = ResourceGroup::builder()
            .name("Bad_Name")
            .spec(
                ResourceGroupSpec::builder()
                    .location("West Europe")
                    .azure_name("ends-with-dot.")
                    .build(),
            )
            .build()
            .unwrap_err();
        let got: Vec<(String, Code)> = error
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect();
        assert_eq!(
            got,
            vec![
                ("metadata.name".to_owned(), Code::Pattern),
                ("spec.azureName".to_owned(), Code::Pattern),
                ("spec.location".to_owned(), Code::Pattern),
            ]
        );
    }

    #[test]
    fn another_kind_is_a_typed_error() {
        let yaml = "apiVersion: resources.azure.com/v1api20200601\nkind: ManagedCluster\nmetadata: {name: x}\nspec: {location: westeurope}\n";
        assert!(matches!(
            from_yaml::<ResourceGroup>(yaml),
            Err(crate::Error::WrongKind(_))
        ));
        let unknown = "apiVersion: resources.azure.com/v1api20200601\nkind: ResourceGroup\nmetadata: {name: x}\nspec: {location: westeurope, subnetName: x}\n";
        assert!(matches!(
            from_yaml::<ResourceGroup>(unknown),
            Err(crate::Error::Parse(_))
        ));
    }

    #[test]
    fn kube_core_resource_works() {
        use kube_core::Resource as _;
        assert_eq!(ResourceGroup::kind(&()), "ResourceGroup");
        assert_eq!(
            ResourceGroup::api_version(&()),
            "resources.azure.com/v1api20200601"
        );
        assert_eq!(ResourceGroup::plural(&()), "resourcegroups");
    }
}

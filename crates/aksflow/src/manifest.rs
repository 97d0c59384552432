//! [`Manifest`]: any object aksflow emits, for streams that mix kinds (a bundle, a file of manifests).
//!
//! It serializes as the object itself (no wrapper), and reads by dispatching on
//! `apiVersion`/`kind` to the matching type.

use serde::{Serialize, Serializer};

use crate::argoproj_io::v1alpha1 as argo;
use crate::containerservice_azure_com::{v1api20240402preview, v1api20250801};
use crate::error::{Error, UnsupportedKindError};
use crate::k8s;
use crate::karpenter_azure_com::{
    v1alpha2 as aks_node_class_v1alpha2, v1beta1 as aks_node_class_v1beta1,
};
use crate::karpenter_sh::{v1 as node_pool_v1, v1beta1 as node_pool_v1beta1};
use crate::kubernetesconfiguration_azure_com::v1api20241101 as kubernetesconfiguration;
use crate::managedidentity_azure_com::v1api20230131 as managedidentity;
use crate::output::{from_document, yaml_documents};
use crate::resource::Kind;
use crate::resources_azure_com::v1api20200601 as resources;
use crate::schema::SchemaFile;
use crate::validation::{Report, Validate};

macro_rules! manifests {
    ($($(#[$doc:meta])* $variant:ident($ty:ty),)*) => {
        /// Any object aksflow emits; one variant per kind and version.
        /// Each object is boxed: the kinds are large (a ManagedCluster is kilobytes), and a bundle
        /// moves its manifests around.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Manifest {
            $($(#[$doc])* $variant(Box<$ty>),)*
        }

        impl Manifest {
            /// The object's `apiVersion`.
            pub fn api_version(&self) -> &'static str {
                match self {
                    $(Self::$variant(_) => <$ty as k8s_openapi::Resource>::API_VERSION,)*
                }
            }

            /// The object's `kind`.
            pub fn kind(&self) -> &'static str {
                match self {
                    $(Self::$variant(_) => <$ty as k8s_openapi::Resource>::KIND,)*
                }
            }

            /// The resource's plural name in API paths and kubectl (`managedclusters`).
            pub fn plural(&self) -> &'static str {
                match self {
                    $(Self::$variant(_) => <$ty as k8s_openapi::Resource>::URL_PATH_SEGMENT,)*
                }
            }

            /// The object's metadata.
            pub fn metadata(&self) -> &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                match self {
                    $(Self::$variant(object) => k8s_openapi::Metadata::metadata(object.as_ref()),)*
                }
            }

            /// Reads one object from a document in the JSON data model, by its `apiVersion`/`kind`.
            pub fn from_value(document: serde_json::Value) -> Result<Self, Error> {
                let field = |name: &str| document.get(name).and_then(serde_json::Value::as_str).unwrap_or_default().to_owned();
                let (api_version, kind) = (field("apiVersion"), field("kind"));
                $(
                    if api_version == <$ty as k8s_openapi::Resource>::API_VERSION
                        && kind == <$ty as k8s_openapi::Resource>::KIND
                    {
                        return from_document::<$ty>(document).map(|object| Self::$variant(Box::new(object)));
                    }
                )*
                Err(Error::UnsupportedKind(UnsupportedKindError { api_version, kind }))
            }

            /// Every (apiVersion, kind) a manifest can be.
            pub const SUPPORTED: &'static [(&'static str, &'static str)] = &[
                $((<$ty as k8s_openapi::Resource>::API_VERSION, <$ty as k8s_openapi::Resource>::KIND),)*
            ];
        }

        impl Serialize for Manifest {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(object) => object.serialize(serializer),)*
                }
            }
        }

        impl Validate for Manifest {
            fn validate_into(&self, report: &mut Report) {
                match self {
                    $(Self::$variant(object) => object.validate_into(report),)*
                }
            }
        }

        $(
            impl From<$ty> for Manifest {
                fn from(object: $ty) -> Self {
                    Self::$variant(Box::new(object))
                }
            }
        )*

        /// The schema file of every kind, in the order of [`Manifest`]'s variants.
        pub(crate) fn schema_files() -> Vec<SchemaFile> {
            vec![$(crate::schema::file::<$ty>(),)*]
        }
    };
}

manifests! {
    /// `resources.azure.com/v1api20200601` ResourceGroup.
    ResourceGroup(resources::ResourceGroup),
    /// `managedidentity.azure.com/v1api20230131` UserAssignedIdentity.
    UserAssignedIdentity(managedidentity::UserAssignedIdentity),
    /// `containerservice.azure.com/v1api20250801` ManagedCluster (the default version).
    ManagedCluster(v1api20250801::ManagedCluster),
    /// `containerservice.azure.com/v1api20240402preview` ManagedCluster.
    ManagedClusterV1api20240402preview(v1api20240402preview::ManagedCluster),
    /// `kubernetesconfiguration.azure.com/v1api20241101` Extension.
    Extension(kubernetesconfiguration::Extension),
    /// `kubernetesconfiguration.azure.com/v1api20241101` FluxConfiguration.
    FluxConfiguration(kubernetesconfiguration::FluxConfiguration),
    /// `karpenter.azure.com/v1beta1` AKSNodeClass (the default version).
    AksNodeClass(aks_node_class_v1beta1::AKSNodeClass),
    /// `karpenter.azure.com/v1alpha2` AKSNodeClass.
    AksNodeClassV1alpha2(aks_node_class_v1alpha2::AKSNodeClass),
    /// `karpenter.sh/v1` NodePool (the default version).
    NodePool(node_pool_v1::NodePool),
    /// `karpenter.sh/v1beta1` NodePool.
    NodePoolV1beta1(node_pool_v1beta1::NodePool),
    /// `argoproj.io/v1alpha1` Workflow.
    Workflow(argo::Workflow),
    /// `argoproj.io/v1alpha1` WorkflowTemplate.
    WorkflowTemplate(argo::WorkflowTemplate),
    /// `v1` ServiceAccount.
    ServiceAccount(k8s::ServiceAccount),
    /// `rbac.authorization.k8s.io/v1` Role.
    Role(k8s::Role),
    /// `rbac.authorization.k8s.io/v1` ClusterRole.
    ClusterRole(k8s::ClusterRole),
    /// `rbac.authorization.k8s.io/v1` RoleBinding.
    RoleBinding(k8s::RoleBinding),
    /// `rbac.authorization.k8s.io/v1` ClusterRoleBinding.
    ClusterRoleBinding(k8s::ClusterRoleBinding),
}

impl Manifest {
    /// Wraps any kind.
    pub fn new<K: Kind + Into<Self>>(object: K) -> Self {
        object.into()
    }

    /// Reads every document of a multi-document YAML stream (empty documents are skipped).
    pub fn from_yaml_stream(yaml: &str) -> Result<Vec<Self>, Error> {
        yaml_documents(yaml)?
            .into_iter()
            .map(Self::from_value)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_mixed_stream_and_writes_it_back_unchanged() {
        let yaml = "apiVersion: resources.azure.com/v1api20200601\nkind: ResourceGroup\nmetadata:\n  name: rg-a\n  namespace: azure-system\nspec:\n  location: westeurope\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: aksflow\n  namespace: argo\n";
        let manifests = Manifest::from_yaml_stream(yaml).unwrap();
        assert_eq!(manifests.len(), 2);
        assert_eq!(manifests[0].kind(), "ResourceGroup");
        assert_eq!(manifests[1].api_version(), "v1");
        assert_eq!(crate::to_yaml_stream(&manifests).unwrap(), yaml);
        for manifest in &manifests {
            manifest.validate().unwrap();
        }
    }

    #[test]
    fn an_unknown_kind_is_a_typed_error() {
        let yaml = "apiVersion: karpenter.sh/v1\nkind: NodeClaim\nmetadata:\n  name: x\n";
        match Manifest::from_yaml_stream(yaml) {
            Err(Error::UnsupportedKind(e)) => assert_eq!(
                (e.api_version.as_str(), e.kind.as_str()),
                ("karpenter.sh/v1", "NodeClaim")
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_supported_kind_is_listed_once() {
        let mut seen = std::collections::BTreeSet::new();
        for pair in Manifest::SUPPORTED {
            assert!(seen.insert(pair), "{pair:?} twice");
        }
    }
}

//! The glue every kind shares: `apiVersion`/`kind` written on serialize and checked on
//! deserialize (k8s-openapi's way), k8s-openapi's `Resource` and `Metadata` (which give
//! kube-core's `Resource` through its blanket impl), a JSON Schema, a validating builder,
//! and the metadata rules of the kind's scope.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::{ClusterResourceScope, NamespaceResourceScope};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Code, ValidationError};
use crate::validation::{Report, Validate, check};

/// Whether objects of a scope live in a namespace.
pub trait Scope {
    /// `true` for namespaced kinds, `false` for cluster-scoped ones.
    const NAMESPACED: bool;
}

impl Scope for NamespaceResourceScope {
    const NAMESPACED: bool = true;
}

impl Scope for ClusterResourceScope {
    const NAMESPACED: bool = false;
}

/// A Kubernetes kind aksflow emits: typed, serializable both ways, with a schema and its own rules.
///
/// kube-core's [`kube_core::Resource`] is implemented for every `Kind` (through k8s-openapi's traits),
/// so `NodePool::kind(&())` and `NodePool::api_version(&())` work as for any kube-rs type.
pub trait Kind:
    k8s_openapi::Resource<Scope: Scope>
    + k8s_openapi::Metadata<Ty = ObjectMeta>
    + Validate
    + Serialize
    + DeserializeOwned
    + schemars::JsonSchema
    + Clone
    + std::fmt::Debug
    + PartialEq
{
    /// The longest `metadata.name` the kind accepts (253 unless the name is also used as a label value or an Azure name).
    const MAX_NAME_LENGTH: usize = 253;
}

/// Checks `metadata` against what the API server accepts for `K`: a name that is a DNS-1123
/// subdomain, a namespace only on namespaced kinds, well-formed labels and annotation keys.
pub fn check_metadata<K: Kind>(report: &mut Report, metadata: &ObjectMeta) {
    report.field("metadata", |r| {
        match metadata.name.as_deref() {
            None => r.violation_at("name", Code::Required, "every object needs a name"),
            Some(name) => r.field("name", |r| {
                check::dns_subdomain(r, name);
                if name.chars().count() > K::MAX_NAME_LENGTH && K::MAX_NAME_LENGTH < 253 {
                    r.violation(
                        Code::TooLong,
                        format!(
                            "a {} name must be at most {} characters",
                            K::KIND,
                            K::MAX_NAME_LENGTH
                        ),
                    );
                }
            }),
        }
        match (&metadata.namespace, <K::Scope as Scope>::NAMESPACED) {
            (Some(_), false) => r.violation_at(
                "namespace",
                Code::NotAllowed,
                format!("{} is cluster-scoped: it has no namespace", K::KIND),
            ),
            (Some(namespace), true) => r.field("namespace", |r| check::dns_label(r, namespace)),
            (None, _) => {}
        }
        if let Some(labels) = &metadata.labels {
            r.field("labels", |r| check::labels(r, labels));
        }
        if let Some(annotations) = &metadata.annotations {
            r.field("annotations", |r| {
                for key in annotations.keys() {
                    r.field(key, |r| check::qualified_name(r, key));
                }
            });
        }
    });
}

/// Builds the `metadata` of a new object from the few fields users set by hand.
pub(crate) fn object_meta(
    name: String,
    namespace: Option<String>,
    labels: Option<BTreeMap<String, String>>,
    annotations: Option<BTreeMap<String, String>>,
) -> ObjectMeta {
    ObjectMeta {
        name: Some(name),
        namespace,
        labels,
        annotations,
        ..ObjectMeta::default()
    }
}

/// Validates a freshly built object: `Ok(object)` or every violation.
pub(crate) fn validated<K: Kind>(object: K) -> Result<K, ValidationError> {
    object.validate()?;
    Ok(object)
}

/// Declares a kind: the struct (`metadata` + `spec`), its `Serialize`/`Deserialize` with
/// `apiVersion`/`kind`, k8s-openapi's `Resource`/`Metadata`, `JsonSchema`, [`Kind`] and a
/// validating builder (`Kind::builder().name(..).spec(..).build()`).
///
/// The kind's file implements [`Validate`] itself (call [`check_metadata`] first).
macro_rules! kubernetes_kind {
    (
        $(#[$attr:meta])*
        pub struct $kind:ident {
            api_version: $api_version:literal,
            group: $group:literal,
            version: $version:literal,
            plural: $plural:literal,
            scope: $scope:ident,
            spec: $spec:ty,
            $(max_name_length: $max_name:expr,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $kind {
            /// Standard object metadata: name, labels, annotations (and namespace for namespaced kinds).
            pub metadata: ::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
            /// The desired state.
            pub spec: $spec,
        }

        impl ::k8s_openapi::Resource for $kind {
            const API_VERSION: &'static str = $api_version;
            const GROUP: &'static str = $group;
            const KIND: &'static str = stringify!($kind);
            const VERSION: &'static str = $version;
            const URL_PATH_SEGMENT: &'static str = $plural;
            type Scope = $crate::resource::__scope!($scope);
        }

        impl ::k8s_openapi::Metadata for $kind {
            type Ty = ::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
            fn metadata(&self) -> &Self::Ty {
                &self.metadata
            }
            fn metadata_mut(&mut self) -> &mut Self::Ty {
                &mut self.metadata
            }
        }

        impl $crate::resource::Kind for $kind {
            $(const MAX_NAME_LENGTH: usize = $max_name;)?
        }

        impl ::serde::Serialize for $kind {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct as _;
                let mut state = serializer.serialize_struct(stringify!($kind), 4)?;
                state.serialize_field("apiVersion", <Self as ::k8s_openapi::Resource>::API_VERSION)?;
                state.serialize_field("kind", <Self as ::k8s_openapi::Resource>::KIND)?;
                state.serialize_field("metadata", &self.metadata)?;
                state.serialize_field("spec", &self.spec)?;
                state.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $kind {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[derive(::serde::Deserialize)]
                #[serde(deny_unknown_fields, rename_all = "camelCase")]
                struct Repr {
                    api_version: String,
                    kind: String,
                    #[serde(default)]
                    metadata: ::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
                    spec: $spec,
                }
                let repr = <Repr as ::serde::Deserialize>::deserialize(deserializer)?;
                let api_version = <Self as ::k8s_openapi::Resource>::API_VERSION;
                let kind = <Self as ::k8s_openapi::Resource>::KIND;
                if repr.api_version != api_version || repr.kind != kind {
                    return Err(::serde::de::Error::custom(format_args!(
                        "expected {api_version} {kind}, found {} {}",
                        repr.api_version, repr.kind
                    )));
                }
                Ok(Self { metadata: repr.metadata, spec: repr.spec })
            }
        }

        impl ::schemars::JsonSchema for $kind {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($kind).into()
            }
            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                concat!($api_version, "/", stringify!($kind)).into()
            }
            fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                let metadata = generator.subschema_for::<::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>();
                let spec = generator.subschema_for::<$spec>();
                ::schemars::json_schema!({
                    "title": concat!(stringify!($kind), " (", $api_version, ")"),
                    "type": "object",
                    "required": ["apiVersion", "kind", "metadata", "spec"],
                    "properties": {
                        "apiVersion": { "type": "string", "const": $api_version },
                        "kind": { "type": "string", "const": stringify!($kind) },
                        "metadata": metadata,
                        "spec": spec,
                    },
                    "additionalProperties": false,
                })
            }
        }

        $crate::resource::__builder!($kind, $spec, $scope);
    };
}

#[doc(hidden)]
macro_rules! __scope {
    (Namespaced) => {
        ::k8s_openapi::NamespaceResourceScope
    };
    (Cluster) => {
        ::k8s_openapi::ClusterResourceScope
    };
}

#[doc(hidden)]
macro_rules! __builder {
    ($kind:ident, $spec:ty, Namespaced) => {
        #[::bon::bon]
        impl $kind {
            /// Builds the object; `build()` checks every rule of the kind and returns all violations at once.
            #[builder(finish_fn = build)]
            pub fn new(
                /// `metadata.name`.
                #[builder(into)]
                name: String,
                /// `metadata.namespace`.
                #[builder(into)]
                namespace: Option<String>,
                /// `metadata.labels`.
                labels: Option<::std::collections::BTreeMap<String, String>>,
                /// `metadata.annotations`.
                annotations: Option<::std::collections::BTreeMap<String, String>>,
                /// The desired state.
                spec: $spec,
            ) -> Result<Self, $crate::error::ValidationError> {
                $crate::resource::validated(Self {
                    metadata: $crate::resource::object_meta(name, namespace, labels, annotations),
                    spec,
                })
            }
        }
    };
    ($kind:ident, $spec:ty, Cluster) => {
        #[::bon::bon]
        impl $kind {
            /// Builds the object; `build()` checks every rule of the kind and returns all violations at once.
            #[builder(finish_fn = build)]
            pub fn new(
                /// `metadata.name`.
                #[builder(into)]
                name: String,
                /// `metadata.labels`.
                labels: Option<::std::collections::BTreeMap<String, String>>,
                /// `metadata.annotations`.
                annotations: Option<::std::collections::BTreeMap<String, String>>,
                /// The desired state.
                spec: $spec,
            ) -> Result<Self, $crate::error::ValidationError> {
                $crate::resource::validated(Self {
                    metadata: $crate::resource::object_meta(name, None, labels, annotations),
                    spec,
                })
            }
        }
    };
}

pub(crate) use {__builder, __scope, kubernetes_kind};

//! `kubernetesconfiguration.azure.com/v1api20241101`.

mod extension;
mod flux_configuration;

pub use extension::{
    AksAssignedIdentityType, Extension, ExtensionAksAssignedIdentity, ExtensionIdentity,
    ExtensionIdentityType, ExtensionOperatorConfigMaps, ExtensionOperatorSpec, ExtensionPlan,
    ExtensionScope, ExtensionScopeCluster, ExtensionScopeNamespace, ExtensionSpec,
    FLUX_EXTENSION_TYPE,
};
pub use flux_configuration::{
    AzureBlobDefinition, BucketDefinition, FluxConfiguration, FluxConfigurationOperatorSpec,
    FluxConfigurationScope, FluxConfigurationSpec, GitRepositoryDefinition, GitRepositoryProvider,
    KustomizationDefinition, LayerSelectorDefinition, LayerSelectorOperation,
    ManagedIdentityDefinition, MatchOidcIdentityDefinition, OciRepositoryDefinition,
    OciRepositoryRefDefinition, PostBuildDefinition, RepositoryRefDefinition,
    ServicePrincipalDefinition, SourceKind, SubstituteFromDefinition, SubstituteFromKind,
    TlsConfigDefinition, VerifyDefinition, check_iso8601_duration,
};

//! FluxConfiguration (`kubernetesconfiguration.azure.com/v1api20241101`, namespaced): a Flux
//! GitOps configuration (a source and its kustomizations) that Azure applies to the owning AKS
//! cluster through the `microsoft.flux` extension.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::aso::DestinationExpression;
use crate::error::Code;
use crate::kubernetesconfiguration_azure_com::common::{
    ArbitraryOwnerReference, ConfigMapReference, SecretMapReference, SecretReference,
};
use crate::resource::{check_metadata, kubernetes_kind};
use crate::validation::{Report, Validate, check, pattern};

kubernetes_kind! {
    /// A Flux GitOps configuration of an AKS cluster: where Flux pulls manifests from and how it applies them.
    pub struct FluxConfiguration {
        api_version: "kubernetesconfiguration.azure.com/v1api20241101",
        group: "kubernetesconfiguration.azure.com",
        version: "v1api20241101",
        plural: "fluxconfigurations",
        scope: Namespaced,
        spec: FluxConfigurationSpec,
    }
}

/// The desired state of a Flux configuration.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct FluxConfigurationSpec {
    /// The Azure Blob source, when `sourceKind` is `AzureBlob`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_blob: Option<AzureBlobDefinition>,
    /// The Azure name, when it differs from `metadata.name`: a DNS-1123 subdomain of at most 63 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_name: Option<String>,
    /// The S3-compatible bucket source, when `sourceKind` is `Bucket`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket: Option<BucketDefinition>,
    /// A Secret whose entries are sent as protected settings (e.g. `sshPrivateKey`, `httpsKey`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration_protected_settings: Option<SecretMapReference>,
    /// The Git repository source, when `sourceKind` is `GitRepository` (Azure's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git_repository: Option<GitRepositoryDefinition>,
    /// The kustomizations Flux applies from the source, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kustomizations: Option<BTreeMap<String, KustomizationDefinition>>,
    /// The namespace in the cluster where the configuration's Flux objects live, e.g. `flux-system`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The OCI repository source, when `sourceKind` is `OCIRepository`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oci_repository: Option<OciRepositoryDefinition>,
    /// Values ASO exports to Secrets and ConfigMaps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_spec: Option<FluxConfigurationOperatorSpec>,
    /// The cluster the configuration applies to, usually a `ManagedCluster` (see [`ArbitraryOwnerReference::managed_cluster`]).
    pub owner: ArbitraryOwnerReference,
    /// The longest time to wait for the kustomizations to reconcile, as an ISO 8601 duration (`PT1H`, `PT5M`, `P1D`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconciliation_wait_duration: Option<String>,
    /// Whether Flux acts cluster-wide or within `namespace` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<FluxConfigurationScope>,
    /// The kind of source Flux pulls from (Azure's default: `GitRepository`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_kind: Option<SourceKind>,
    /// Whether reconciliation of the source and kustomizations is suspended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    /// Whether the Azure deployment waits for the kustomizations to reconcile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_for_reconciliation: Option<bool>,
}

/// Where a Flux configuration acts.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FluxConfigurationScope {
    /// Cluster-wide.
    Cluster,
    /// Within the configuration's namespace only.
    Namespace,
}

/// The kinds of source a Flux configuration pulls manifests from.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// An Azure Blob Storage container (`azureBlob`).
    AzureBlob,
    /// An S3-compatible bucket (`bucket`).
    Bucket,
    /// A Git repository (`gitRepository`).
    GitRepository,
    /// An OCI artifact repository (`ociRepository`).
    #[serde(rename = "OCIRepository")]
    OciRepository,
}

impl SourceKind {
    /// The spec field holding this kind's source.
    pub fn field(self) -> &'static str {
        match self {
            SourceKind::AzureBlob => "azureBlob",
            SourceKind::Bucket => "bucket",
            SourceKind::GitRepository => "gitRepository",
            SourceKind::OciRepository => "ociRepository",
        }
    }

    /// The upstream name, as written in `sourceKind`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::AzureBlob => "AzureBlob",
            SourceKind::Bucket => "Bucket",
            SourceKind::GitRepository => "GitRepository",
            SourceKind::OciRepository => "OCIRepository",
        }
    }
}

/// A Git repository source.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct GitRepositoryDefinition {
    /// A Secret entry with the base64-encoded CA certificate of a private HTTPS Git server.
    #[serde(
        default,
        rename = "httpsCACert",
        skip_serializing_if = "Option::is_none"
    )]
    pub https_ca_cert: Option<SecretReference>,
    /// The plain-text HTTPS user name for a private repository (the key goes in protected settings as `httpsKey`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub https_user: Option<String>,
    /// A Secret in the cluster to authenticate with, instead of the managed or protected settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_auth_ref: Option<String>,
    /// The authentication provider: `Azure` (workload identity to Azure DevOps) or `Generic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<GitRepositoryProvider>,
    /// What to check out: at least one of branch, tag, semver or commit (commit over semver over tag over branch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository_ref: Option<RepositoryRefDefinition>,
    /// Base64-encoded `known_hosts` lines with the SSH host keys of the Git server (SSH URLs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_known_hosts: Option<String>,
    /// How often Flux polls the repository, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_interval_in_seconds: Option<i64>,
    /// How long one fetch may take, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_in_seconds: Option<i64>,
    /// The repository URL: `https://`, `http://`, `ssh://` or `git@host:path`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Who authenticates Flux to a Git repository.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GitRepositoryProvider {
    /// Azure (workload identity, for Azure DevOps repositories).
    Azure,
    /// Generic credentials (SSH key, HTTPS user and key).
    Generic,
}

/// What Flux checks out of a Git repository.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct RepositoryRefDefinition {
    /// A branch name, e.g. `main`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// A commit SHA (takes precedence over semver; may be combined with its branch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// A semver range matched against the repository's tags, e.g. `>=1.2.0 <2.0.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semver: Option<String>,
    /// A tag name, e.g. `v1.4.2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

impl RepositoryRefDefinition {
    /// Checks out `branch`.
    pub fn branch(branch: impl Into<String>) -> Self {
        Self {
            branch: Some(branch.into()),
            ..Self::default()
        }
    }

    /// Checks out `tag`.
    pub fn tag(tag: impl Into<String>) -> Self {
        Self {
            tag: Some(tag.into()),
            ..Self::default()
        }
    }
}

/// An S3-compatible bucket source.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct BucketDefinition {
    /// A Secret entry with the bucket's access key (the secret key goes in protected settings as `bucketSecretKey`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key: Option<SecretReference>,
    /// The bucket name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_name: Option<String>,
    /// Whether to connect without TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure: Option<bool>,
    /// A Secret in the cluster to authenticate with, instead of the managed or protected settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_auth_ref: Option<String>,
    /// How often Flux polls the bucket, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_interval_in_seconds: Option<i64>,
    /// How long one fetch may take, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_in_seconds: Option<i64>,
    /// The endpoint URL, `https://` or `http://`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// An Azure Blob Storage container source.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct AzureBlobDefinition {
    /// A Secret entry with the storage account's shared key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_key: Option<SecretReference>,
    /// The blob container name: 3-63 lower-case letters, digits and single hyphens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_name: Option<String>,
    /// A Secret in the cluster to authenticate with, instead of the managed or protected settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_auth_ref: Option<String>,
    /// Authentication with a managed identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_identity: Option<ManagedIdentityDefinition>,
    /// A Secret entry with a shared access signature for the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sas_token: Option<SecretReference>,
    /// Authentication with a service principal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_principal: Option<ServicePrincipalDefinition>,
    /// How often Flux polls the container, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_interval_in_seconds: Option<i64>,
    /// How long one fetch may take, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_in_seconds: Option<i64>,
    /// The storage account's blob endpoint, e.g. `https://account.blob.core.windows.net`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Authentication to Azure Blob Storage with a managed identity.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ManagedIdentityDefinition {
    /// The identity's client id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
}

/// Authentication to Azure Blob Storage with a service principal (a secret or a certificate).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ServicePrincipalDefinition {
    /// A Secret entry with the base64-encoded client certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_certificate: Option<SecretReference>,
    /// A Secret entry with the client certificate's password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_certificate_password: Option<SecretReference>,
    /// Whether to send the certificate chain (x5c) for subject name / issuer authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_certificate_send_chain: Option<bool>,
    /// The service principal's client id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// A ConfigMap entry with the client id (e.g. exported by ASO from an identity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_from_config: Option<ConfigMapReference>,
    /// A Secret entry with the client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<SecretReference>,
    /// The Entra tenant id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// A ConfigMap entry with the tenant id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id_from_config: Option<ConfigMapReference>,
}

/// An OCI artifact repository source.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct OciRepositoryDefinition {
    /// Whether to connect to a registry without TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure: Option<bool>,
    /// Which layer of the artifact to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer_selector: Option<LayerSelectorDefinition>,
    /// A Secret in the cluster to authenticate with, instead of the managed or protected settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_auth_ref: Option<String>,
    /// Which artifact to pull: a tag, a semver range or a digest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository_ref: Option<OciRepositoryRefDefinition>,
    /// The service account Flux authenticates to the registry with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// How often Flux polls the repository, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_interval_in_seconds: Option<i64>,
    /// How long one fetch may take, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_in_seconds: Option<i64>,
    /// TLS client authentication and server verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_config: Option<TlsConfigDefinition>,
    /// The repository URL, `oci://registry/path`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Whether to authenticate with workload identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_workload_identity: Option<bool>,
    /// Signature verification of the artifact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify: Option<VerifyDefinition>,
}

/// Which layer of an OCI artifact Flux uses.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct LayerSelectorDefinition {
    /// The first layer with this media type is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// What to do with the layer (default `extract`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<LayerSelectorOperation>,
}

/// What Flux does with the selected OCI layer.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LayerSelectorOperation {
    /// Keep the layer as it is.
    Copy,
    /// Extract the layer's tarball.
    Extract,
}

/// Which OCI artifact Flux pulls.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct OciRepositoryRefDefinition {
    /// An image digest, `sha256:<64 hex digits>`; takes precedence over semver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// A semver range matched against the tags; takes precedence over tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semver: Option<String>,
    /// A tag (default `latest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

/// TLS settings for an OCI registry.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TlsConfigDefinition {
    /// A Secret entry with the base64-encoded CA certificate that verifies the registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_certificate: Option<SecretReference>,
    /// A Secret entry with the base64-encoded client certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_certificate: Option<SecretReference>,
    /// A Secret entry with the base64-encoded client private key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<SecretReference>,
}

/// Signature verification of an OCI artifact.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct VerifyDefinition {
    /// Keyless (OIDC) identities the signature must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_oidc_identity: Option<Vec<MatchOidcIdentityDefinition>>,
    /// The verification provider, e.g. `cosign`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Trusted public keys of the artifact's authors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_config: Option<BTreeMap<String, String>>,
}

/// A keyless signing identity an OCI artifact's signature must match.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct MatchOidcIdentityDefinition {
    /// A regex matched against the OIDC issuer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// A regex matched against the identity subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// A Flux kustomization: a path in the source that Flux builds with kustomize and applies.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct KustomizationDefinition {
    /// Names of kustomizations of this configuration that must be ready first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<Vec<String>>,
    /// Whether to recreate objects when a patch fails on an immutable field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
    /// The directory in the source to apply, e.g. `./clusters/prod` (default: the source's root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Variable substitution after the kustomize build.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_build: Option<PostBuildDefinition>,
    /// Whether objects removed from the source are deleted from the cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prune: Option<bool>,
    /// How soon to retry after a failed reconciliation, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_interval_in_seconds: Option<i64>,
    /// How often the kustomization is reconciled, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_interval_in_seconds: Option<i64>,
    /// How long one reconciliation may take, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_in_seconds: Option<i64>,
    /// Whether to wait for the applied objects to become ready (health checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<bool>,
}

/// Variables Flux substitutes (`${VAR}`) in the built manifests.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PostBuildDefinition {
    /// Variables by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute: Option<BTreeMap<String, String>>,
    /// ConfigMaps and Secrets in the cluster whose entries are variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute_from: Option<Vec<SubstituteFromDefinition>>,
}

/// A ConfigMap or Secret in the cluster whose entries Flux substitutes as variables.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct SubstituteFromDefinition {
    /// Whether it is a ConfigMap or a Secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SubstituteFromKind>,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether to go on when it does not exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

/// The kinds of object Flux reads substitution variables from (Flux's closed set; a string in the CRD).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubstituteFromKind {
    /// A ConfigMap.
    ConfigMap,
    /// A Secret.
    Secret,
}

/// What ASO exports from a Flux configuration.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FluxConfigurationOperatorSpec {
    /// CEL expressions written to ConfigMaps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map_expressions: Option<Vec<DestinationExpression>>,
    /// CEL expressions written to Secrets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_expressions: Option<Vec<DestinationExpression>>,
}

// ---------------------------------------------------------------------------------------------
// Rules

/// Azure's limit on a Flux configuration name (the az CLI's `--name` check).
const MAX_CONFIGURATION_NAME: usize = 63;
/// Azure's limit on a configuration name and a kustomization name together (Flux names the
/// in-cluster Kustomization `<configuration>-<kustomization>`).
const MAX_COMBINED_NAME: usize = 62;

static GIT_URL: LazyLock<Regex> = LazyLock::new(|| pattern(r"^(https?://|ssh://|git@)\S+$"));
static HTTP_URL: LazyLock<Regex> = LazyLock::new(|| pattern(r"^https?://\S+$"));
/// The CRD's pattern for `ociRepository.url`, plus Flux's `oci://` scheme.
static OCI_URL: LazyLock<Regex> = LazyLock::new(|| pattern(r"^oci://\S+$"));
static OCI_URL_CRD: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^[a-zA-Z][a-zA-Z0-9+-.]*:[^\s]*$"));
/// A commit SHA, full or abbreviated: neither Azure nor Flux documents a length.
static COMMIT_SHA: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[0-9a-fA-F]{4,64}$"));
static OCI_DIGEST: LazyLock<Regex> = LazyLock::new(|| pattern(r"^sha256:[0-9a-f]{64}$"));
static BASE64: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[A-Za-z0-9+/]+={0,2}$"));
static FLUX_VARIABLE: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[_a-zA-Z][_a-zA-Z0-9]*$"));
static BLOB_CONTAINER: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"));
static ISO_DURATION: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"));

/// Checks a Flux configuration or kustomization name: a DNS-1123 subdomain of at most 63 characters.
fn check_flux_name(report: &mut Report, name: &str) {
    check::dns_subdomain(report, name);
    if name.chars().count() > MAX_CONFIGURATION_NAME {
        report.violation(
            Code::TooLong,
            format!("Azure allows at most {MAX_CONFIGURATION_NAME} characters"),
        );
    }
}

/// An interval or timeout in seconds must be positive.
fn check_seconds(report: &mut Report, field: &str, value: Option<i64>) {
    if let Some(value) = value
        && value < 1
    {
        report.violation_at(
            field,
            Code::OutOfRange,
            format!("must be a positive number of seconds, is {value}"),
        );
    }
}

fn check_local_auth_ref(report: &mut Report, value: Option<&String>) {
    if let Some(value) = value {
        report.field("localAuthRef", |r| check::dns_subdomain(r, value));
    }
}

/// Checks an ISO 8601 duration such as `PT1H`, `PT5M` or `P1D`.
pub fn check_iso8601_duration(report: &mut Report, value: &str) {
    let well_formed = ISO_DURATION.is_match(value)
        && value != "P"
        && !value.ends_with('T')
        && value.bytes().any(|b| b.is_ascii_digit());
    if !well_formed {
        report.violation(
            Code::InvalidDuration,
            format!("{value:?} is not an ISO 8601 duration (e.g. PT1H, PT5M, P1D)"),
        );
    }
}

impl Validate for FluxConfiguration {
    fn validate_into(&self, report: &mut Report) {
        check_metadata::<Self>(report, &self.metadata);
        let azure_name = match (&self.spec.azure_name, &self.metadata.name) {
            (Some(name), _) => Some(name.as_str()),
            (None, Some(name)) => {
                // metadata.name is the Azure name: Azure's length limit applies to it.
                if name.chars().count() > MAX_CONFIGURATION_NAME {
                    report.field("metadata", |r| {
                        r.violation_at(
                            "name",
                            Code::TooLong,
                            format!("the Azure name of a Flux configuration (metadata.name, as spec.azureName is not set) must be at most {MAX_CONFIGURATION_NAME} characters"),
                        )
                    });
                }
                Some(name.as_str())
            }
            (None, None) => None,
        };
        report.nested("spec", &self.spec);
        if let (Some(config), Some(kustomizations)) = (azure_name, &self.spec.kustomizations) {
            let config_len = config.chars().count();
            for name in kustomizations.keys() {
                if config_len + name.chars().count() > MAX_COMBINED_NAME {
                    report.field("spec", |r| {
                        r.field("kustomizations", |r| {
                            r.violation_at(
                                name,
                                Code::TooLong,
                                format!("the configuration name {config:?} and the kustomization name together must be at most {MAX_COMBINED_NAME} characters"),
                            )
                        })
                    });
                }
            }
        }
    }
}

impl Validate for FluxConfigurationSpec {
    fn validate_into(&self, report: &mut Report) {
        if let Some(name) = &self.azure_name {
            report.field("azureName", |r| check_flux_name(r, name));
        }
        // The source: the block of the (effective) sourceKind must be set, the others must not.
        let kind = self.source_kind.unwrap_or(SourceKind::GitRepository);
        let blocks = [
            (SourceKind::AzureBlob, self.azure_blob.is_some()),
            (SourceKind::Bucket, self.bucket.is_some()),
            (SourceKind::GitRepository, self.git_repository.is_some()),
            (SourceKind::OciRepository, self.oci_repository.is_some()),
        ];
        for (block_kind, present) in blocks {
            if block_kind == kind && !present {
                report.violation_at(
                    block_kind.field(),
                    Code::Required,
                    format!("sourceKind {} needs {}", kind.as_str(), block_kind.field()),
                );
            } else if block_kind != kind && present {
                report.violation_at(
                    block_kind.field(),
                    Code::Conflict,
                    format!(
                        "sourceKind is {}: {} does not apply",
                        kind.as_str(),
                        block_kind.field()
                    ),
                );
            }
        }
        report.nested("azureBlob", &self.azure_blob);
        report.nested("bucket", &self.bucket);
        report.nested(
            "configurationProtectedSettings",
            &self.configuration_protected_settings,
        );
        report.nested("gitRepository", &self.git_repository);
        if let Some(kustomizations) = &self.kustomizations {
            report.field("kustomizations", |r| {
                check_kustomizations(r, kustomizations)
            });
        }
        if let Some(namespace) = &self.namespace {
            report.field("namespace", |r| check::dns_label(r, namespace));
        }
        report.nested("ociRepository", &self.oci_repository);
        report.nested("operatorSpec", &self.operator_spec);
        report.nested("owner", &self.owner);
        if let Some(duration) = &self.reconciliation_wait_duration {
            report.field("reconciliationWaitDuration", |r| {
                check_iso8601_duration(r, duration)
            });
        }
    }
}

/// Names, then each kustomization, then `dependsOn` against the other names (no unknown
/// names, no self-dependency, no duplicates, no cycles).
fn check_kustomizations(
    report: &mut Report,
    kustomizations: &BTreeMap<String, KustomizationDefinition>,
) {
    for (name, kustomization) in kustomizations {
        report.field(name, |r| {
            check_flux_name(r, name);
            kustomization.validate_into(r);
            let Some(depends_on) = &kustomization.depends_on else {
                return;
            };
            let mut seen = BTreeSet::new();
            r.field("dependsOn", |r| {
                for (i, dependency) in depends_on.iter().enumerate() {
                    r.item(i, |r| {
                        if !seen.insert(dependency.as_str()) {
                            r.violation(Code::Duplicate, format!("{dependency:?} is listed twice"));
                        } else if dependency == name {
                            r.violation(Code::Conflict, "a kustomization cannot depend on itself");
                        } else if !kustomizations.contains_key(dependency) {
                            r.violation(
                                Code::NotAllowed,
                                format!(
                                    "{dependency:?} is not a kustomization of this configuration"
                                ),
                            );
                        }
                    });
                }
            });
        });
    }
    // Cycles longer than one: a kustomization that reaches itself through others never becomes ready.
    for name in kustomizations.keys() {
        if reaches_itself(kustomizations, name) {
            report.field(name, |r| {
                r.violation_at(
                    "dependsOn",
                    Code::Conflict,
                    format!("{name:?} depends on itself through other kustomizations (a cycle)"),
                )
            });
        }
    }
}

/// `true` when `start` reaches itself through at least two `dependsOn` edges (self-edges are reported apart).
fn reaches_itself(kustomizations: &BTreeMap<String, KustomizationDefinition>, start: &str) -> bool {
    let dependencies = |name: &str| -> Vec<&str> {
        kustomizations
            .get(name)
            .and_then(|k| k.depends_on.as_ref())
            .map(|d| {
                d.iter()
                    .map(String::as_str)
                    .filter(|d| *d != name)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut stack = dependencies(start);
    let mut visited = BTreeSet::new();
    while let Some(next) = stack.pop() {
        if next == start {
            return true;
        }
        if visited.insert(next) {
            stack.extend(dependencies(next));
        }
    }
    false
}

impl Validate for KustomizationDefinition {
    fn validate_into(&self, report: &mut Report) {
        if let Some(path) = &self.path {
            report.field("path", |r| {
                if path.chars().any(char::is_control) {
                    r.violation(Code::Pattern, "a path must not contain control characters");
                }
                if path.split(['/', '\\']).any(|segment| segment == "..") {
                    r.violation(
                        Code::NotAllowed,
                        format!("{path:?} leaves the source: '..' is not allowed"),
                    );
                }
            });
        }
        if let Some(post_build) = &self.post_build {
            report.nested("postBuild", post_build);
        }
        check_seconds(
            report,
            "retryIntervalInSeconds",
            self.retry_interval_in_seconds,
        );
        check_seconds(
            report,
            "syncIntervalInSeconds",
            self.sync_interval_in_seconds,
        );
        check_seconds(report, "timeoutInSeconds", self.timeout_in_seconds);
    }
}

impl Validate for PostBuildDefinition {
    fn validate_into(&self, report: &mut Report) {
        if let Some(substitute) = &self.substitute {
            report.field("substitute", |r| {
                for name in substitute.keys() {
                    r.field(name, |r| {
                        check::matches(r, name, &FLUX_VARIABLE, "a Flux variable name (letters, digits and '_', not starting with a digit)")
                    });
                }
            });
        }
        report.nested("substituteFrom", &self.substitute_from);
    }
}

impl Validate for SubstituteFromDefinition {
    fn validate_into(&self, report: &mut Report) {
        if self.kind.is_none() {
            report.violation_at("kind", Code::Required, "set ConfigMap or Secret");
        }
        match &self.name {
            None => report.violation_at("name", Code::Required, "name the ConfigMap or Secret"),
            Some(name) => report.field("name", |r| check::dns_subdomain(r, name)),
        }
    }
}

impl Validate for GitRepositoryDefinition {
    fn validate_into(&self, report: &mut Report) {
        report.nested("httpsCACert", &self.https_ca_cert);
        if let Some(user) = &self.https_user {
            report.field("httpsUser", |r| check::length(r, user, 1, 256));
        }
        check_local_auth_ref(report, self.local_auth_ref.as_ref());
        match &self.repository_ref {
            None => report.violation_at(
                "repositoryRef",
                Code::Required,
                "set the branch, tag, semver or commit to check out",
            ),
            Some(reference) => report.nested("repositoryRef", reference),
        }
        if let Some(known_hosts) = &self.ssh_known_hosts {
            report.field("sshKnownHosts", |r| {
                if known_hosts.len() % 4 != 0 || !BASE64.is_match(known_hosts) {
                    r.violation(
                        Code::Pattern,
                        "sshKnownHosts must be base64-encoded known_hosts lines",
                    );
                }
            });
        }
        check_seconds(
            report,
            "syncIntervalInSeconds",
            self.sync_interval_in_seconds,
        );
        check_seconds(report, "timeoutInSeconds", self.timeout_in_seconds);
        match &self.url {
            None => report.violation_at("url", Code::Required, "set the repository URL"),
            Some(url) => {
                report.field("url", |r| {
                    check::matches(
                        r,
                        url,
                        &GIT_URL,
                        "a Git URL (https://, http://, ssh:// or git@)",
                    )
                });
                // As `az k8s-configuration flux create` checks: HTTPS credentials only with http(s)
                // URLs, known hosts only with SSH ones.
                let http = url.starts_with("http://") || url.starts_with("https://");
                if http && self.ssh_known_hosts.is_some() {
                    report.violation_at(
                        "sshKnownHosts",
                        Code::Conflict,
                        "SSH known hosts do not apply to an http(s) URL",
                    );
                }
                if !http && self.https_user.is_some() {
                    report.violation_at(
                        "httpsUser",
                        Code::Conflict,
                        "HTTPS credentials do not apply to an SSH URL",
                    );
                }
            }
        }
    }
}

impl Validate for RepositoryRefDefinition {
    fn validate_into(&self, report: &mut Report) {
        let set: Vec<(&str, &String)> = [
            ("branch", &self.branch),
            ("commit", &self.commit),
            ("semver", &self.semver),
            ("tag", &self.tag),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_ref().map(|v| (name, v)))
        .collect();
        // At least one. Several may be set: Azure documents their precedence (commit over semver
        // over tag over branch) and a commit combined with its branch; Flux likewise.
        if set.is_empty() {
            report.violation(Code::Required, "set one of branch, tag, semver or commit");
        }
        for (name, value) in set {
            report.field(name, |r| {
                if value.trim().is_empty() {
                    r.violation(Code::Required, "must not be empty");
                } else if name == "commit" {
                    check::matches(r, value, &COMMIT_SHA, "a commit SHA (hexadecimal)");
                } else if value.chars().any(|c| c.is_whitespace() || c.is_control())
                    && name != "semver"
                {
                    r.violation(
                        Code::Pattern,
                        format!("{value:?} must not contain whitespace"),
                    );
                }
            });
        }
    }
}

impl Validate for BucketDefinition {
    fn validate_into(&self, report: &mut Report) {
        report.nested("accessKey", &self.access_key);
        match &self.bucket_name {
            None => report.violation_at("bucketName", Code::Required, "set the bucket name"),
            Some(name) => report.field("bucketName", |r| check::length(r, name, 3, 63)),
        }
        check_local_auth_ref(report, self.local_auth_ref.as_ref());
        check_seconds(
            report,
            "syncIntervalInSeconds",
            self.sync_interval_in_seconds,
        );
        check_seconds(report, "timeoutInSeconds", self.timeout_in_seconds);
        match &self.url {
            None => report.violation_at("url", Code::Required, "set the bucket endpoint URL"),
            Some(url) => report.field("url", |r| {
                check::matches(r, url, &HTTP_URL, "an http(s) URL")
            }),
        }
    }
}

impl Validate for AzureBlobDefinition {
    fn validate_into(&self, report: &mut Report) {
        report.nested("accountKey", &self.account_key);
        match &self.container_name {
            None => report.violation_at(
                "containerName",
                Code::Required,
                "set the blob container name",
            ),
            Some(name) => report.field("containerName", |r| {
                check::length(r, name, 3, 63);
                if !name.is_empty() {
                    check::matches(
                        r,
                        name,
                        &BLOB_CONTAINER,
                        "a blob container name (lower-case letters, digits, single hyphens)",
                    );
                }
            }),
        }
        check_local_auth_ref(report, self.local_auth_ref.as_ref());
        report.nested("sasToken", &self.sas_token);
        report.nested("servicePrincipal", &self.service_principal);
        // Azure: one authentication method at most.
        let methods: Vec<&str> = [
            ("accountKey", self.account_key.is_some()),
            ("localAuthRef", self.local_auth_ref.is_some()),
            ("managedIdentity", self.managed_identity.is_some()),
            ("sasToken", self.sas_token.is_some()),
            ("servicePrincipal", self.service_principal.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, set)| set.then_some(name))
        .collect();
        if methods.len() > 1 {
            report.violation(
                Code::Conflict,
                format!(
                    "set one authentication method, found {}",
                    methods.join(", ")
                ),
            );
        }
        check_seconds(
            report,
            "syncIntervalInSeconds",
            self.sync_interval_in_seconds,
        );
        check_seconds(report, "timeoutInSeconds", self.timeout_in_seconds);
        match &self.url {
            None => report.violation_at("url", Code::Required, "set the blob endpoint URL"),
            Some(url) => report.field("url", |r| {
                check::matches(r, url, &HTTP_URL, "an http(s) URL")
            }),
        }
    }
}

impl Validate for ServicePrincipalDefinition {
    fn validate_into(&self, report: &mut Report) {
        report.nested("clientCertificate", &self.client_certificate);
        report.nested(
            "clientCertificatePassword",
            &self.client_certificate_password,
        );
        report.nested("clientIdFromConfig", &self.client_id_from_config);
        report.nested("clientSecret", &self.client_secret);
        report.nested("tenantIdFromConfig", &self.tenant_id_from_config);
        if self.client_id.is_none() && self.client_id_from_config.is_none() {
            report.violation_at(
                "clientId",
                Code::Required,
                "set clientId or clientIdFromConfig",
            );
        }
        if self.tenant_id.is_none() && self.tenant_id_from_config.is_none() {
            report.violation_at(
                "tenantId",
                Code::Required,
                "set tenantId or tenantIdFromConfig",
            );
        }
        match (&self.client_secret, &self.client_certificate) {
            (Some(_), Some(_)) => report.violation(
                Code::Conflict,
                "authenticate with clientSecret or clientCertificate, not both",
            ),
            (None, None) => {
                report.violation(Code::Required, "set clientSecret or clientCertificate")
            }
            _ => {}
        }
        if self.client_certificate_password.is_some() && self.client_certificate.is_none() {
            report.violation_at(
                "clientCertificatePassword",
                Code::Conflict,
                "a certificate password needs clientCertificate",
            );
        }
    }
}

impl Validate for OciRepositoryDefinition {
    fn validate_into(&self, report: &mut Report) {
        check_local_auth_ref(report, self.local_auth_ref.as_ref());
        if let Some(reference) = &self.repository_ref {
            report.field("repositoryRef", |r| {
                if let Some(digest) = &reference.digest {
                    r.field("digest", |r| {
                        check::matches(
                            r,
                            digest,
                            &OCI_DIGEST,
                            "an image digest (sha256:<64 hex digits>)",
                        )
                    });
                }
                for (name, value) in [("semver", &reference.semver), ("tag", &reference.tag)] {
                    if let Some(value) = value
                        && value.trim().is_empty()
                    {
                        r.violation_at(name, Code::Required, "must not be empty");
                    }
                }
            });
        }
        if let Some(account) = &self.service_account_name {
            report.field("serviceAccountName", |r| check::dns_subdomain(r, account));
        }
        check_seconds(
            report,
            "syncIntervalInSeconds",
            self.sync_interval_in_seconds,
        );
        check_seconds(report, "timeoutInSeconds", self.timeout_in_seconds);
        if let Some(tls) = &self.tls_config {
            report.field("tlsConfig", |r| {
                r.nested("caCertificate", &tls.ca_certificate);
                r.nested("clientCertificate", &tls.client_certificate);
                r.nested("privateKey", &tls.private_key);
                if tls.client_certificate.is_some() != tls.private_key.is_some() {
                    r.violation(
                        Code::Conflict,
                        "clientCertificate and privateKey go together",
                    );
                }
            });
        }
        match &self.url {
            None => report.violation_at("url", Code::Required, "set the repository URL"),
            Some(url) => report.field("url", |r| {
                // The CRD's pattern first (what the API server checks), then Flux's scheme.
                if !OCI_URL_CRD.is_match(url) {
                    check::matches(r, url, &OCI_URL_CRD, "a URL");
                } else {
                    check::matches(r, url, &OCI_URL, "an OCI URL (oci://registry/repository)");
                }
            }),
        }
    }
}

impl Validate for FluxConfigurationOperatorSpec {
    fn validate_into(&self, report: &mut Report) {
        report.nested("configMapExpressions", &self.config_map_expressions);
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

    fn git(url: &str, reference: RepositoryRefDefinition) -> GitRepositoryDefinition {
        GitRepositoryDefinition::builder()
            .url(url)
            .repository_ref(reference)
            .build()
    }

    fn kustomization(path: &str, depends_on: &[&str]) -> KustomizationDefinition {
        KustomizationDefinition {
            path: Some(path.to_owned()),
            depends_on: (!depends_on.is_empty())
                .then(|| depends_on.iter().map(|d| (*d).to_owned()).collect()),
            ..KustomizationDefinition::default()
        }
    }

    fn spec(kustomizations: &[(&str, KustomizationDefinition)]) -> FluxConfigurationSpec {
        FluxConfigurationSpec::builder()
            .owner(ArbitraryOwnerReference::managed_cluster("aks-prod"))
            .source_kind(SourceKind::GitRepository)
            .git_repository(git(
                "https://github.com/contoso/platform",
                RepositoryRefDefinition::branch("main"),
            ))
            .kustomizations(
                kustomizations
                    .iter()
                    .map(|(n, k)| ((*n).to_owned(), k.clone()))
                    .collect(),
            )
            .build()
    }

    fn build(
        name: &str,
        spec: FluxConfigurationSpec,
    ) -> Result<FluxConfiguration, ValidationError> {
        FluxConfiguration::builder()
            .name(name)
            .namespace("azure-system")
            .spec(spec)
            .build()
    }

    #[test]
    fn builds_the_platform_configuration() {
        let config = build(
            "cluster-config",
            FluxConfigurationSpec {
                namespace: Some("flux-system".to_owned()),
                scope: Some(FluxConfigurationScope::Cluster),
                ..spec(&[(
                    "infra",
                    KustomizationDefinition {
                        prune: Some(true),
                        sync_interval_in_seconds: Some(600),
                        ..kustomization("./clusters/prod", &[])
                    },
                )])
            },
        )
        .unwrap();
        let yaml = to_yaml(&config).unwrap();
        assert_eq!(
            yaml,
            "\
apiVersion: kubernetesconfiguration.azure.com/v1api20241101
kind: FluxConfiguration
metadata:
  name: cluster-config
  namespace: azure-system
spec:
  gitRepository:
    repositoryRef:
      branch: main
    url: https://github.com/contoso/platform
  kustomizations:
    infra:
      path: ./clusters/prod
      prune: true
      syncIntervalInSeconds: 600
  namespace: flux-system
  owner:
    group: containerservice.azure.com
    kind: ManagedCluster
    name: aks-prod
  scope: cluster
  sourceKind: GitRepository
"
        );
        assert_eq!(from_yaml::<FluxConfiguration>(&yaml).unwrap(), config);
    }

    #[test]
    fn hand_written_yaml_round_trips() {
        let yaml = "\
apiVersion: kubernetesconfiguration.azure.com/v1api20241101
kind: FluxConfiguration
metadata:
  name: apps
  namespace: azure-system
spec:
  configurationProtectedSettings:
    name: flux-git-credentials
  gitRepository:
    httpsCACert:
      key: ca.crt
      name: git-ca
    httpsUser: flux
    provider: Generic
    repositoryRef:
      tag: v1.4.2
    syncIntervalInSeconds: 120
    timeoutInSeconds: 60
    url: https://git.contoso.com/platform/apps.git
  kustomizations:
    apps:
      dependsOn:
      - infra
      path: ./apps
      postBuild:
        substitute:
          CLUSTER_NAME: aks-prod
        substituteFrom:
        - kind: ConfigMap
          name: cluster-vars
          optional: true
      prune: true
      retryIntervalInSeconds: 60
      wait: true
    infra:
      force: false
      path: ./infra
  namespace: team-a
  operatorSpec:
    configMapExpressions:
    - name: flux-status
      key: state
      value: self.status.complianceState
  owner:
    group: containerservice.azure.com
    kind: ManagedCluster
    name: aks-prod
  reconciliationWaitDuration: PT30M
  scope: namespace
  sourceKind: GitRepository
  suspend: false
  waitForReconciliation: true
";
        let config: FluxConfiguration = from_yaml(yaml).unwrap();
        config.validate().unwrap();
        assert_eq!(to_yaml(&config).unwrap(), yaml);
    }

    #[test]
    fn git_source_rules() {
        let error = build(
            "config",
            FluxConfigurationSpec {
                git_repository: Some(GitRepositoryDefinition {
                    url: Some("ftp://example.com/repo".to_owned()),
                    repository_ref: Some(RepositoryRefDefinition {
                        branch: Some("main".to_owned()),
                        tag: Some("v 1".to_owned()),
                        ..Default::default()
                    }),
                    sync_interval_in_seconds: Some(0),
                    ..Default::default()
                }),
                ..spec(&[])
            },
        )
        .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![
                (
                    "spec.gitRepository.repositoryRef.tag".to_owned(),
                    Code::Pattern
                ),
                (
                    "spec.gitRepository.syncIntervalInSeconds".to_owned(),
                    Code::OutOfRange
                ),
                ("spec.gitRepository.url".to_owned(), Code::Pattern),
            ]
        );
        let error = build(
            "config",
            FluxConfigurationSpec {
                git_repository: Some(GitRepositoryDefinition::default()),
                ..spec(&[])
            },
        )
        .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![
                (
                    "spec.gitRepository.repositoryRef".to_owned(),
                    Code::Required
                ),
                ("spec.gitRepository.url".to_owned(), Code::Required),
            ]
        );
        let ssh = GitRepositoryDefinition {
            https_user: Some("flux".to_owned()),
            ..git(
                "git@github.com:contoso/platform.git",
                RepositoryRefDefinition {
                    commit: Some("HEAD~1".to_owned()),
                    ..Default::default()
                },
            )
        };
        let error = build(
            "config",
            FluxConfigurationSpec {
                git_repository: Some(ssh),
                ..spec(&[])
            },
        )
        .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![
                (
                    "spec.gitRepository.repositoryRef.commit".to_owned(),
                    Code::Pattern
                ),
                ("spec.gitRepository.httpsUser".to_owned(), Code::Conflict),
            ]
        );
        let https_known_hosts = GitRepositoryDefinition {
            ssh_known_hosts: Some("not base64!".to_owned()),
            ..git(
                "https://github.com/contoso/platform",
                RepositoryRefDefinition::default(),
            )
        };
        let error = build(
            "config",
            FluxConfigurationSpec {
                git_repository: Some(https_known_hosts),
                ..spec(&[])
            },
        )
        .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![
                (
                    "spec.gitRepository.repositoryRef".to_owned(),
                    Code::Required
                ),
                ("spec.gitRepository.sshKnownHosts".to_owned(), Code::Pattern),
                (
                    "spec.gitRepository.sshKnownHosts".to_owned(),
                    Code::Conflict
                ),
            ]
        );
    }

    #[test]
    fn repository_ref_may_combine_commit_and_branch() {
        for reference in [
            RepositoryRefDefinition {
                branch: Some("main".to_owned()),
                commit: Some("0123456789abcdef0123456789abcdef01234567".to_owned()),
                ..Default::default()
            },
            RepositoryRefDefinition {
                commit: Some("abc1234".to_owned()),
                ..Default::default()
            },
            RepositoryRefDefinition {
                branch: Some("main".to_owned()),
                semver: Some(">=1.0.0 <2.0.0".to_owned()),
                ..Default::default()
            },
        ] {
            let spec = FluxConfigurationSpec {
                git_repository: Some(git("https://github.com/contoso/platform", reference)),
                ..spec(&[])
            };
            assert!(build("config", spec).is_ok());
        }
    }

    #[test]
    fn source_kind_selects_exactly_one_block() {
        let error = build(
            "config",
            FluxConfigurationSpec {
                source_kind: Some(SourceKind::OciRepository),
                ..spec(&[])
            },
        )
        .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![
                ("spec.gitRepository".to_owned(), Code::Conflict),
                ("spec.ociRepository".to_owned(), Code::Required),
            ]
        );
        // Without sourceKind Azure assumes GitRepository.
        let error = build(
            "config",
            FluxConfigurationSpec {
                source_kind: None,
                git_repository: None,
                ..spec(&[])
            },
        )
        .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![("spec.gitRepository".to_owned(), Code::Required)]
        );
        let oci = FluxConfigurationSpec {
            source_kind: Some(SourceKind::OciRepository),
            git_repository: None,
            oci_repository: Some(
                OciRepositoryDefinition::builder()
                    .url("https://registry.example.com/manifests")
                    .repository_ref(
                        OciRepositoryRefDefinition::builder()
                            .digest("sha256:abc")
                            .build(),
                    )
                    .build(),
            ),
            ..spec(&[])
        };
        let error = build("config", oci).unwrap_err();
        assert_eq!(
            violations(&error),
            vec![
                (
                    "spec.ociRepository.repositoryRef.digest".to_owned(),
                    Code::Pattern
                ),
                ("spec.ociRepository.url".to_owned(), Code::Pattern),
            ]
        );
    }

    #[test]
    fn blob_and_bucket_rules() {
        let blob = FluxConfigurationSpec {
            source_kind: Some(SourceKind::AzureBlob),
            git_repository: None,
            azure_blob: Some(AzureBlobDefinition {
                url: Some("https://account.blob.core.windows.net".to_owned()),
                container_name: Some("Manifests".to_owned()),
                local_auth_ref: Some("blob-auth".to_owned()),
                managed_identity: Some(ManagedIdentityDefinition::default()),
                service_principal: Some(ServicePrincipalDefinition {
                    client_id: Some("id".to_owned()),
                    tenant_id: Some("tenant".to_owned()),
                    client_certificate_password: Some(
                        SecretReference::builder()
                            .name("sp")
                            .key("password")
                            .build(),
                    ),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..spec(&[])
        };
        let error = build("config", blob).unwrap_err();
        assert_eq!(
            violations(&error),
            vec![
                ("spec.azureBlob.containerName".to_owned(), Code::Pattern),
                ("spec.azureBlob.servicePrincipal".to_owned(), Code::Required),
                (
                    "spec.azureBlob.servicePrincipal.clientCertificatePassword".to_owned(),
                    Code::Conflict
                ),
                ("spec.azureBlob".to_owned(), Code::Conflict),
            ]
        );
        let bucket = FluxConfigurationSpec {
            source_kind: Some(SourceKind::Bucket),
            git_repository: None,
            bucket: Some(BucketDefinition {
                url: Some("s3.amazonaws.com".to_owned()),
                timeout_in_seconds: Some(-5),
                ..Default::default()
            }),
            ..spec(&[])
        };
        let error = build("config", bucket).unwrap_err();
        assert_eq!(
            violations(&error),
            vec![
                ("spec.bucket.bucketName".to_owned(), Code::Required),
                ("spec.bucket.timeoutInSeconds".to_owned(), Code::OutOfRange),
                ("spec.bucket.url".to_owned(), Code::Pattern),
            ]
        );
    }

    #[test]
    fn kustomization_rules() {
        let error = build(
            "config",
            spec(&[
                (
                    "apps",
                    kustomization("./apps", &["infra", "infra", "missing"]),
                ),
                ("infra", kustomization("../outside", &["infra"])),
                (
                    "Bad_Name",
                    KustomizationDefinition {
                        timeout_in_seconds: Some(0),
                        post_build: Some(PostBuildDefinition {
                            substitute: Some(BTreeMap::from([(
                                "cluster-name".to_owned(),
                                "x".to_owned(),
                            )])),
                            substitute_from: Some(vec![SubstituteFromDefinition::default()]),
                        }),
                        ..Default::default()
                    },
                ),
            ]),
        )
        .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![
                (r#"spec.kustomizations.Bad_Name"#.to_owned(), Code::Pattern),
                (
                    "spec.kustomizations.Bad_Name.postBuild.substitute.cluster-name".to_owned(),
                    Code::Pattern
                ),
                (
                    "spec.kustomizations.Bad_Name.postBuild.substituteFrom[0].kind".to_owned(),
                    Code::Required
                ),
                (
                    "spec.kustomizations.Bad_Name.postBuild.substituteFrom[0].name".to_owned(),
                    Code::Required
                ),
                (
                    "spec.kustomizations.Bad_Name.timeoutInSeconds".to_owned(),
                    Code::OutOfRange
                ),
                (
                    "spec.kustomizations.apps.dependsOn[1]".to_owned(),
                    Code::Duplicate
                ),
                (
                    "spec.kustomizations.apps.dependsOn[2]".to_owned(),
                    Code::NotAllowed
                ),
                (
                    "spec.kustomizations.infra.path".to_owned(),
                    Code::NotAllowed
                ),
                (
                    "spec.kustomizations.infra.dependsOn[0]".to_owned(),
                    Code::Conflict
                ),
            ]
        );
    }

    #[test]
    fn dependency_cycles_are_rejected() {
        let error = build(
            "config",
            spec(&[
                ("a", kustomization("./a", &["b"])),
                ("b", kustomization("./b", &["c"])),
                ("c", kustomization("./c", &["a"])),
                ("d", kustomization("./d", &["a"])),
            ]),
        )
        .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![
                ("spec.kustomizations.a.dependsOn".to_owned(), Code::Conflict),
                ("spec.kustomizations.b.dependsOn".to_owned(), Code::Conflict),
                ("spec.kustomizations.c.dependsOn".to_owned(), Code::Conflict),
            ]
        );
    }

    #[test]
    fn names_and_durations() {
        let long = "c".repeat(50);
        let error = build(
            &long,
            FluxConfigurationSpec {
                reconciliation_wait_duration: Some("30m".to_owned()),
                namespace: Some("Flux".to_owned()),
                ..spec(&[("a-very-long-kustomization", kustomization("./", &[]))])
            },
        )
        .unwrap_err();
        assert_eq!(
            violations(&error),
            vec![
                ("spec.namespace".to_owned(), Code::Pattern),
                (
                    "spec.reconciliationWaitDuration".to_owned(),
                    Code::InvalidDuration
                ),
                (
                    "spec.kustomizations.a-very-long-kustomization".to_owned(),
                    Code::TooLong
                ),
            ]
        );
        // azureName replaces metadata.name as the Azure name (and in the combined length).
        let ok = FluxConfigurationSpec {
            azure_name: Some("cfg".to_owned()),
            ..spec(&[("a-very-long-kustomization", kustomization("./", &[]))])
        };
        assert!(build(&long, ok).is_ok());
        let too_long = "c".repeat(64);
        let error = build(&too_long, spec(&[])).unwrap_err();
        assert_eq!(
            violations(&error),
            vec![("metadata.name".to_owned(), Code::TooLong)]
        );
        for good in ["PT1H", "PT5M", "P1D", "P1DT12H", "PT1.5S"] {
            let mut report = Report::default();
            check_iso8601_duration(&mut report, good);
            assert!(report.violations().is_empty(), "{good}");
        }
        for bad in ["P", "PT", "1h", "P1H", "PT1D", ""] {
            let mut report = Report::default();
            check_iso8601_duration(&mut report, bad);
            assert_eq!(report.violations().len(), 1, "{bad}");
        }
    }

    #[test]
    fn another_kind_is_a_typed_error() {
        let yaml = "apiVersion: kubernetesconfiguration.azure.com/v1api20241101\nkind: Extension\nmetadata: {name: x}\nspec: {owner: {name: aks}}\n";
        assert!(matches!(
            from_yaml::<FluxConfiguration>(yaml),
            Err(crate::Error::WrongKind(_))
        ));
        let as_string = r#"{"apiVersion": "kubernetesconfiguration.azure.com/v1api20241101", "kind": "FluxConfiguration", "metadata": {"name": "x"}, "spec": {"owner": {"name": "aks"}, "gitRepository": {"timeoutInSeconds": "60"}}}"#;
        let result = crate::from_json::<FluxConfiguration>(as_string);
        assert!(matches!(result, Err(crate::Error::Parse(_))), "{result:?}");
    }
}

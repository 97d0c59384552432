//! ASO kinds: ResourceGroup, UserAssignedIdentity, and the Flux pair Extension + FluxConfiguration.

use std::collections::BTreeMap;

use aksflow::aso::{DestinationExpression, KnownResourceReference, SecretDestination};
use aksflow::kubernetesconfiguration_azure_com::common::{
    ArbitraryOwnerReference, SecretMapReference, SecretReference,
};
use aksflow::kubernetesconfiguration_azure_com::v1api20241101::{
    AksAssignedIdentityType, AzureBlobDefinition, BucketDefinition, Extension,
    ExtensionAksAssignedIdentity, ExtensionIdentity, ExtensionIdentityType,
    ExtensionOperatorConfigMaps, ExtensionOperatorSpec, ExtensionPlan, ExtensionScope,
    ExtensionSpec, FLUX_EXTENSION_TYPE, FluxConfiguration, FluxConfigurationOperatorSpec,
    FluxConfigurationScope, FluxConfigurationSpec, GitRepositoryDefinition, GitRepositoryProvider,
    KustomizationDefinition, LayerSelectorDefinition, LayerSelectorOperation,
    ManagedIdentityDefinition, OciRepositoryDefinition, OciRepositoryRefDefinition,
    PostBuildDefinition, RepositoryRefDefinition, SourceKind, SubstituteFromDefinition,
    SubstituteFromKind,
};
use aksflow::managedidentity_azure_com::v1api20230131::{
    UserAssignedIdentity, UserAssignedIdentityOperatorConfigMaps,
    UserAssignedIdentityOperatorSecrets, UserAssignedIdentityOperatorSpec,
    UserAssignedIdentitySpec,
};
use aksflow::resources_azure_com::v1api20200601::{
    ResourceGroup, ResourceGroupOperatorSpec, ResourceGroupSpec,
};
use serde_json::json;

use crate::{Case, NegativeCase, case};

const NAMESPACE: &str = "azure-system";

fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn expression(name: &str, key: Option<&str>, value: &str) -> DestinationExpression {
    DestinationExpression {
        name: name.to_owned(),
        key: key.map(str::to_owned),
        value: value.to_owned(),
    }
}

fn destination(name: &str, key: &str) -> SecretDestination {
    SecretDestination::builder().name(name).key(key).build()
}

fn resource_groups() -> Vec<Case> {
    let build = |name: &str, spec: ResourceGroupSpec| {
        ResourceGroup::builder()
            .name(name)
            .namespace(NAMESPACE)
            .spec(spec)
            .build()
            .unwrap_or_else(|e| panic!("ResourceGroup {name}: {e}"))
    };
    vec![
        case(
            "ResourceGroup plain",
            &build(
                "rg-plain",
                ResourceGroupSpec::builder().location("westeurope").build(),
            ),
        ),
        case(
            "ResourceGroup with tags",
            &build(
                "rg-tagged",
                ResourceGroupSpec::builder()
                    .location("eastus2")
                    .tags(tags(&[
                        ("env", "prod"),
                        ("cost-center", "1234"),
                        ("owner", "platform team"),
                    ]))
                    .build(),
            ),
        ),
        case(
            "ResourceGroup with azureName",
            &build(
                "rg-azure-name",
                ResourceGroupSpec::builder()
                    .location("northeurope")
                    .azure_name("RG_Payments-Prod(01).eu")
                    .build(),
            ),
        ),
        case(
            "ResourceGroup with operatorSpec expressions",
            &build(
                "rg-exports",
                ResourceGroupSpec::builder()
                    .location("westus3")
                    .operator_spec(
                        ResourceGroupOperatorSpec::builder()
                            .config_map_expressions(vec![
                                expression("rg-info", Some("id"), "self.status.id"),
                                expression("rg-info", Some("location"), "self.status.location"),
                            ])
                            .secret_expressions(vec![expression(
                                "rg-secret-tags",
                                None,
                                "self.spec.tags",
                            )])
                            .build(),
                    )
                    .build(),
            ),
        ),
        case(
            "ResourceGroup managed by another resource",
            &build(
                "rg-managed",
                ResourceGroupSpec::builder()
                    .location("swedencentral")
                    .managed_by("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-parent/providers/Microsoft.ContainerService/managedClusters/aks-prod")
                    .tags(tags(&[("managed", "true")]))
                    .build(),
            ),
        ),
    ]
}

fn identities() -> Vec<Case> {
    let build = |name: &str, spec: UserAssignedIdentitySpec| {
        UserAssignedIdentity::builder()
            .name(name)
            .namespace(NAMESPACE)
            .spec(spec)
            .build()
            .unwrap_or_else(|e| panic!("UserAssignedIdentity {name}: {e}"))
    };
    let base = |location: &str| {
        UserAssignedIdentitySpec::builder()
            .location(location)
            .owner(KnownResourceReference::named("rg-prod"))
            .build()
    };
    vec![
        case(
            "UserAssignedIdentity plain",
            &build("aks-control-plane", base("westeurope")),
        ),
        case(
            "UserAssignedIdentity with tags",
            &build(
                "aks-kubelet",
                UserAssignedIdentitySpec {
                    tags: Some(tags(&[("env", "prod"), ("role", "kubelet")])),
                    ..base("eastus2")
                },
            ),
        ),
        case(
            "UserAssignedIdentity exporting ids to Secrets and ConfigMaps",
            &build(
                "workload-identity",
                UserAssignedIdentitySpec {
                    operator_spec: Some(
                        UserAssignedIdentityOperatorSpec::builder()
                            .config_maps(
                                UserAssignedIdentityOperatorConfigMaps::builder()
                                    .client_id(destination("workload-identity", "clientId"))
                                    .principal_id(destination("workload-identity", "principalId"))
                                    .tenant_id(destination("workload-identity", "tenantId"))
                                    .build(),
                            )
                            .secrets(
                                UserAssignedIdentityOperatorSecrets::builder()
                                    .client_id(destination("workload-identity-secret", "clientId"))
                                    .principal_id(destination(
                                        "workload-identity-secret",
                                        "principalId",
                                    ))
                                    .tenant_id(destination("workload-identity-secret", "tenantId"))
                                    .build(),
                            )
                            .build(),
                    ),
                    ..base("westeurope")
                },
            ),
        ),
        case(
            "UserAssignedIdentity with azureName",
            &build(
                "identity.with.dots",
                UserAssignedIdentitySpec {
                    azure_name: Some("id_Platform-Flux_01".to_owned()),
                    ..base("uksouth")
                },
            ),
        ),
        case(
            "UserAssignedIdentity with expressions and an ARM id owner",
            &build(
                "external-rg-identity",
                UserAssignedIdentitySpec {
                    owner: KnownResourceReference::builder()
                        .arm_id("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-shared")
                        .build(),
                    operator_spec: Some(
                        UserAssignedIdentityOperatorSpec::builder()
                            .config_map_expressions(vec![expression(
                                "identity-info",
                                Some("resourceId"),
                                "self.status.id",
                            )])
                            .secret_expressions(vec![expression(
                                "identity-secret",
                                Some("clientId"),
                                "self.status.clientId",
                            )])
                            .build(),
                    ),
                    ..base("westeurope")
                },
            ),
        ),
    ]
}

fn flux_extension() -> ExtensionSpec {
    ExtensionSpec::builder()
        .extension_type(FLUX_EXTENSION_TYPE)
        .owner(ArbitraryOwnerReference::managed_cluster("aks-prod"))
        .build()
}

fn extensions() -> Vec<Case> {
    let build = |name: &str, spec: ExtensionSpec| {
        Extension::builder()
            .name(name)
            .namespace(NAMESPACE)
            .spec(spec)
            .build()
            .unwrap_or_else(|e| panic!("Extension {name}: {e}"))
    };
    vec![
        case("Extension Flux minimal", &build("flux", flux_extension())),
        case(
            "Extension Flux cluster scope, release train, settings",
            &build(
                "flux-stable",
                ExtensionSpec {
                    azure_name: Some("flux".to_owned()),
                    auto_upgrade_minor_version: Some(true),
                    release_train: Some("Stable".to_owned()),
                    scope: Some(ExtensionScope::cluster("flux-system")),
                    configuration_settings: Some(tags(&[
                        ("multiTenancy.enforce", "false"),
                        ("helm-controller.enabled", "true"),
                        ("image-automation-controller.enabled", "false"),
                    ])),
                    ..flux_extension()
                },
            ),
        ),
        case(
            "Extension Flux pinned version, protected settings, identities, exports",
            &build(
                "flux-pinned",
                ExtensionSpec {
                    auto_upgrade_minor_version: Some(false),
                    version: Some("1.15.1".to_owned()),
                    configuration_protected_settings: Some(SecretMapReference::named(
                        "flux-protected",
                    )),
                    identity: Some(ExtensionIdentity {
                        type_: Some(ExtensionIdentityType::SystemAssigned),
                    }),
                    aks_assigned_identity: Some(ExtensionAksAssignedIdentity {
                        type_: Some(AksAssignedIdentityType::SystemAssigned),
                    }),
                    operator_spec: Some(ExtensionOperatorSpec {
                        config_maps: Some(ExtensionOperatorConfigMaps {
                            principal_id: Some(destination("flux-identity", "principalId")),
                        }),
                        secret_expressions: Some(vec![expression(
                            "flux-extension",
                            Some("version"),
                            "self.status.currentVersion",
                        )]),
                        config_map_expressions: None,
                    }),
                    ..flux_extension()
                },
            ),
        ),
        case(
            "Extension namespace-scoped partner with plan, ARM id owner",
            &build(
                "partner",
                ExtensionSpec {
                    extension_type: Some("contoso.partner".to_owned()),
                    owner: ArbitraryOwnerReference::builder()
                        .arm_id("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod")
                        .build(),
                    scope: Some(ExtensionScope::namespace("partner")),
                    plan: Some(
                        ExtensionPlan::builder()
                            .name("standard")
                            .product("partner-offer")
                            .publisher("contoso")
                            .version("2.0.0")
                            .build(),
                    ),
                    aks_assigned_identity: Some(ExtensionAksAssignedIdentity {
                        type_: Some(AksAssignedIdentityType::UserAssigned),
                    }),
                    ..ExtensionSpec::default()
                },
            ),
        ),
    ]
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
        prune: Some(true),
        depends_on: (!depends_on.is_empty())
            .then(|| depends_on.iter().map(|d| (*d).to_owned()).collect()),
        ..KustomizationDefinition::default()
    }
}

fn flux_git(
    repository: GitRepositoryDefinition,
    kustomizations: &[(&str, KustomizationDefinition)],
) -> FluxConfigurationSpec {
    FluxConfigurationSpec::builder()
        .owner(ArbitraryOwnerReference::managed_cluster("aks-prod"))
        .namespace("flux-system")
        .scope(FluxConfigurationScope::Cluster)
        .source_kind(SourceKind::GitRepository)
        .git_repository(repository)
        .kustomizations(
            kustomizations
                .iter()
                .map(|(n, k)| ((*n).to_owned(), k.clone()))
                .collect(),
        )
        .build()
}

fn flux_configurations() -> Vec<Case> {
    let build = |name: &str, spec: FluxConfigurationSpec| {
        FluxConfiguration::builder()
            .name(name)
            .namespace(NAMESPACE)
            .spec(spec)
            .build()
            .unwrap_or_else(|e| panic!("FluxConfiguration {name}: {e}"))
    };
    let platform = "https://github.com/contoso/platform";
    vec![
        case(
            "FluxConfiguration git branch, one kustomization",
            &build(
                "cluster-config",
                flux_git(
                    git(platform, RepositoryRefDefinition::branch("main")),
                    &[("infra", kustomization("./clusters/prod", &[]))],
                ),
            ),
        ),
        case(
            "FluxConfiguration git tag, kustomizations with dependsOn and postBuild",
            &build(
                "platform-release",
                FluxConfigurationSpec {
                    reconciliation_wait_duration: Some("PT30M".to_owned()),
                    wait_for_reconciliation: Some(true),
                    ..flux_git(
                        GitRepositoryDefinition {
                            sync_interval_in_seconds: Some(300),
                            timeout_in_seconds: Some(120),
                            ..git(platform, RepositoryRefDefinition::tag("v1.4.2"))
                        },
                        &[
                            ("crds", kustomization("./crds", &[])),
                            (
                                "infra",
                                KustomizationDefinition {
                                    wait: Some(true),
                                    timeout_in_seconds: Some(600),
                                    ..kustomization("./infrastructure", &["crds"])
                                },
                            ),
                            (
                                "apps",
                                KustomizationDefinition {
                                    sync_interval_in_seconds: Some(120),
                                    retry_interval_in_seconds: Some(60),
                                    force: Some(false),
                                    post_build: Some(PostBuildDefinition {
                                        substitute: Some(tags(&[
                                            ("CLUSTER_NAME", "aks-prod"),
                                            ("REGION", "westeurope"),
                                        ])),
                                        substitute_from: Some(vec![
                                            SubstituteFromDefinition {
                                                kind: Some(SubstituteFromKind::ConfigMap),
                                                name: Some("cluster-vars".to_owned()),
                                                optional: Some(true),
                                            },
                                            SubstituteFromDefinition {
                                                kind: Some(SubstituteFromKind::Secret),
                                                name: Some("cluster-secrets".to_owned()),
                                                optional: None,
                                            },
                                        ]),
                                    }),
                                    ..kustomization("./apps/prod", &["crds", "infra"])
                                },
                            ),
                        ],
                    )
                },
            ),
        ),
        case(
            "FluxConfiguration namespace scope, private HTTPS repository",
            &build(
                "team-a",
                FluxConfigurationSpec {
                    namespace: Some("team-a".to_owned()),
                    scope: Some(FluxConfigurationScope::Namespace),
                    configuration_protected_settings: Some(SecretMapReference::named(
                        "team-a-git",
                    )),
                    suspend: Some(false),
                    ..flux_git(
                        GitRepositoryDefinition {
                            https_user: Some("flux-bot".to_owned()),
                            https_ca_cert: Some(
                                SecretReference::builder().name("git-ca").key("ca.crt").build(),
                            ),
                            provider: Some(GitRepositoryProvider::Generic),
                            ..git(
                                "https://git.contoso.com/team-a/apps.git",
                                RepositoryRefDefinition::branch("release/2024"),
                            )
                        },
                        &[("apps", kustomization("./", &[]))],
                    )
                },
            ),
        ),
        case(
            "FluxConfiguration SSH commit with known hosts, exports",
            &build(
                "pinned-commit",
                FluxConfigurationSpec {
                    configuration_protected_settings: Some(SecretMapReference::named(
                        "flux-ssh-key",
                    )),
                    operator_spec: Some(FluxConfigurationOperatorSpec {
                        config_map_expressions: Some(vec![expression(
                            "flux-status",
                            Some("compliance"),
                            "self.status.complianceState",
                        )]),
                        secret_expressions: None,
                    }),
                    ..flux_git(
                        GitRepositoryDefinition {
                            ssh_known_hosts: Some(
                                "Z2l0aHViLmNvbSBzc2gtZWQyNTUxOSBBQUFBQzNOemFDMWxaREkxTlRFNUFBQUFJT01xcW5rVnpybTBTZEc2VU9vcUtMc2FiZ0g1Qzlva1dpMGRoMmw5R0tKbAo="
                                    .to_owned(),
                            ),
                            local_auth_ref: Some("git-ssh-auth".to_owned()),
                            ..git(
                                "ssh://git@github.com/contoso/platform.git",
                                RepositoryRefDefinition {
                                    commit: Some(
                                        "0123456789abcdef0123456789abcdef01234567".to_owned(),
                                    ),
                                    ..RepositoryRefDefinition::default()
                                },
                            )
                        },
                        &[("platform", kustomization("clusters/prod", &[]))],
                    )
                },
            ),
        ),
        case(
            "FluxConfiguration git semver over git@ URL, Azure provider",
            &build(
                "semver-config",
                flux_git(
                    GitRepositoryDefinition {
                        provider: Some(GitRepositoryProvider::Azure),
                        ..git(
                            "git@ssh.dev.azure.com:v3/contoso/platform/platform",
                            RepositoryRefDefinition {
                                semver: Some(">=1.2.0 <2.0.0".to_owned()),
                                ..RepositoryRefDefinition::default()
                            },
                        )
                    },
                    &[("infra", kustomization("./infra", &[]))],
                ),
            ),
        ),
        case(
            "FluxConfiguration OCI repository",
            &build(
                "oci-config",
                FluxConfigurationSpec::builder()
                    .owner(ArbitraryOwnerReference::managed_cluster("aks-prod"))
                    .namespace("flux-system")
                    .source_kind(SourceKind::OciRepository)
                    .oci_repository(
                        OciRepositoryDefinition::builder()
                            .url("oci://contoso.azurecr.io/manifests/platform")
                            .repository_ref(
                                OciRepositoryRefDefinition::builder().tag("1.4.2").build(),
                            )
                            .use_workload_identity(true)
                            .layer_selector(
                                LayerSelectorDefinition::builder()
                                    .media_type("application/vnd.cncf.flux.content.v1.tar+gzip")
                                    .operation(LayerSelectorOperation::Extract)
                                    .build(),
                            )
                            .sync_interval_in_seconds(600)
                            .build(),
                    )
                    .kustomizations(BTreeMap::from([(
                        "platform".to_owned(),
                        kustomization("./", &[]),
                    )]))
                    .build(),
            ),
        ),
        case(
            "FluxConfiguration S3 bucket",
            &build(
                "bucket-config",
                FluxConfigurationSpec::builder()
                    .owner(ArbitraryOwnerReference::managed_cluster("aks-prod"))
                    .source_kind(SourceKind::Bucket)
                    .bucket(
                        BucketDefinition::builder()
                            .url("https://s3.amazonaws.com")
                            .bucket_name("contoso-manifests")
                            .access_key(
                                SecretReference::builder()
                                    .name("bucket-credentials")
                                    .key("accessKey")
                                    .build(),
                            )
                            .insecure(false)
                            .timeout_in_seconds(60)
                            .build(),
                    )
                    .kustomizations(BTreeMap::from([(
                        "manifests".to_owned(),
                        kustomization("./prod", &[]),
                    )]))
                    .build(),
            ),
        ),
        case(
            "FluxConfiguration Azure Blob with managed identity",
            &build(
                "blob-config",
                FluxConfigurationSpec::builder()
                    .owner(ArbitraryOwnerReference::managed_cluster("aks-prod"))
                    .source_kind(SourceKind::AzureBlob)
                    .azure_blob(
                        AzureBlobDefinition::builder()
                            .url("https://contosomanifests.blob.core.windows.net")
                            .container_name("platform-manifests")
                            .managed_identity(
                                ManagedIdentityDefinition::builder()
                                    .client_id("11111111-2222-3333-4444-555555555555")
                                    .build(),
                            )
                            .sync_interval_in_seconds(300)
                            .build(),
                    )
                    .kustomizations(BTreeMap::from([(
                        "platform".to_owned(),
                        kustomization("./", &[]),
                    )]))
                    .build(),
            ),
        ),
    ]
}

pub fn cases() -> Vec<Case> {
    [
        resource_groups(),
        identities(),
        extensions(),
        flux_configurations(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub fn negative_cases() -> Vec<NegativeCase> {
    let owner = json!({"group": "containerservice.azure.com", "kind": "ManagedCluster", "name": "aks-prod"});
    vec![
        NegativeCase {
            label: "ResourceGroup with an unknown spec field",
            object: json!({
                "apiVersion": "resources.azure.com/v1api20200601",
                "kind": "ResourceGroup",
                "metadata": {"name": "rg", "namespace": NAMESPACE},
                "spec": {"location": "westeurope", "subnetName": "nodes"},
            }),
            expect: "pruned spec.subnetName",
        },
        NegativeCase {
            label: "FluxConfiguration with a string timeout",
            object: json!({
                "apiVersion": "kubernetesconfiguration.azure.com/v1api20241101",
                "kind": "FluxConfiguration",
                "metadata": {"name": "config", "namespace": NAMESPACE},
                "spec": {
                    "owner": owner,
                    "sourceKind": "GitRepository",
                    "gitRepository": {
                        "url": "https://github.com/contoso/platform",
                        "repositoryRef": {"branch": "main"},
                        "timeoutInSeconds": "10m",
                    },
                },
            }),
            expect: "schema spec.gitRepository.timeoutInSeconds",
        },
        NegativeCase {
            label: "FluxConfiguration with an unknown sourceKind",
            object: json!({
                "apiVersion": "kubernetesconfiguration.azure.com/v1api20241101",
                "kind": "FluxConfiguration",
                "metadata": {"name": "config", "namespace": NAMESPACE},
                "spec": {"owner": owner, "sourceKind": "Git", "scope": "cluster"},
            }),
            expect: "schema spec.sourceKind: \"Git\" is not one of",
        },
        NegativeCase {
            label: "Extension without owner",
            object: json!({
                "apiVersion": "kubernetesconfiguration.azure.com/v1api20241101",
                "kind": "Extension",
                "metadata": {"name": "flux", "namespace": NAMESPACE},
                "spec": {"extensionType": "microsoft.flux"},
            }),
            expect: "schema spec: \"owner\" is a required property",
        },
        NegativeCase {
            label: "Extension with a user-assigned resource identity",
            object: json!({
                "apiVersion": "kubernetesconfiguration.azure.com/v1api20241101",
                "kind": "Extension",
                "metadata": {"name": "flux", "namespace": NAMESPACE},
                "spec": {"extensionType": "microsoft.flux", "owner": owner, "identity": {"type": "UserAssigned"}},
            }),
            expect: "schema spec.identity.type: \"UserAssigned\" is not one of",
        },
        NegativeCase {
            label: "UserAssignedIdentity owner armId that is not an ARM id",
            object: json!({
                "apiVersion": "managedidentity.azure.com/v1api20230131",
                "kind": "UserAssignedIdentity",
                "metadata": {"name": "identity", "namespace": NAMESPACE},
                "spec": {"location": "westeurope", "owner": {"armId": "rg-prod"}},
            }),
            expect: "schema spec.owner.armId",
        },
        NegativeCase {
            label: "UserAssignedIdentity without location",
            object: json!({
                "apiVersion": "managedidentity.azure.com/v1api20230131",
                "kind": "UserAssignedIdentity",
                "metadata": {"name": "identity", "namespace": NAMESPACE},
                "spec": {"owner": {"name": "rg-prod"}},
            }),
            expect: "schema spec: \"location\" is a required property",
        },
        NegativeCase {
            label: "UserAssignedIdentity secret destination without key",
            object: json!({
                "apiVersion": "managedidentity.azure.com/v1api20230131",
                "kind": "UserAssignedIdentity",
                "metadata": {"name": "identity", "namespace": NAMESPACE},
                "spec": {
                    "location": "westeurope",
                    "owner": {"name": "rg-prod"},
                    "operatorSpec": {"secrets": {"clientId": {"name": "ids"}}},
                },
            }),
            expect: "schema spec.operatorSpec.secrets.clientId: \"key\" is a required property",
        },
    ]
}

//! A cluster request: read from a document ([`read_request`]), checked against every rule
//! ([`check_request`]) and resolved into a [`Plan`] ([`Draft::into_plan`]).
//!
//! The rules call the kinds' own rules (the AKS name, dnsPrefix, resource group and identity name
//! rules, tags, quantities, Flux's Git URL and kustomization path rules, ...) and report what they
//! find at the request field the value came from.

use std::collections::BTreeMap;

use serde_json::Value;

use super::document::{self, Object};
use super::profile_rules::{check_profile, check_profile_name};
use super::{Merger, absorb};
use crate::aso::{SecretDestination, check_location, check_tags};
use crate::azure::{
    FLUX_KUSTOMIZATION, check_flux_names, check_kubernetes_support, check_subnet_id, check_vm_size,
    check_workspace_id, closest, is_physical_region, suggest_region,
};
use crate::containerservice_azure_com::common::{
    check_cluster_name, check_dns_prefix, check_kubernetes_version,
};
use crate::error::Code;
use crate::karpenter_azure_com::common::check_node_class_tags;
use crate::kubernetesconfiguration_azure_com::v1api20241101::{
    GitRepositoryDefinition, KustomizationDefinition, RepositoryRefDefinition,
};
use crate::managedidentity_azure_com::v1api20230131::check_identity_name;
use crate::plan::{GitOps, Names, Plan, ResolvedApiVersions};
use crate::profiles::{NodePoolProfile, Profiles};
use crate::request::{
    AddonsRequest, AksNodeClassVersion, ApiVersions, ClusterRequest, GitOpsRequest,
    IdentityRequest, IdentityType, ManagedClusterVersion, NodePoolVersion, ProvisioningPath,
    defaults,
};
use crate::resources_azure_com::v1api20200601::ResourceGroupSpec;
use crate::validation::{Report, Validate, check};

/// The request's fields, as the UI writes them.
pub(crate) const REQUEST_FIELDS: &[&str] = &[
    "clusterName",
    "location",
    "nodePoolType",
    "kubernetesVersion",
    "enableNAP",
    "dryRun",
    "namespace",
    "systemVmSize",
    "identity",
    "vnetSubnetId",
    "tags",
    "gitops",
    "addons",
    "apiVersions",
    "provisioningPath",
];
const IDENTITY_FIELDS: &[&str] = &["type"];
const GITOPS_FIELDS: &[&str] = &["url", "branch", "path"];
const ADDONS_FIELDS: &[&str] = &[
    "monitoring",
    "logAnalyticsWorkspaceResourceId",
    "keyVaultSecretsProvider",
    "azurePolicy",
];
const API_VERSIONS_FIELDS: &[&str] = &["managedCluster", "nodePool", "aksNodeClass"];

/// A request as far as it could be read: each field that was present and well-typed.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    cluster_name: Option<String>,
    location: Option<String>,
    node_pool_type: Option<String>,
    kubernetes_version: Option<String>,
    enable_nap: Option<bool>,
    dry_run: Option<bool>,
    namespace: Option<String>,
    system_vm_size: Option<String>,
    identity: Option<IdentityRequest>,
    vnet_subnet_id: Option<String>,
    tags: Option<BTreeMap<String, String>>,
    gitops: Option<GitOpsDraft>,
    addons: Option<AddonsRequest>,
    api_versions: Option<ApiVersions>,
    provisioning_path: Option<ProvisioningPath>,
}

/// `gitops` as far as it could be read.
#[derive(Debug, Default)]
struct GitOpsDraft {
    url: Option<String>,
    branch: Option<String>,
    path: Option<String>,
}

/// Reads a request document: unknown fields, wrong types, missing required fields and unsafe
/// text are reported; the rest comes back in the [`Draft`].
pub(crate) fn read_request(report: &mut Report, value: &Value) -> Draft {
    let Some(o) = document::object(report, value, REQUEST_FIELDS) else {
        return Draft::default();
    };
    Draft {
        cluster_name: o.string(report, "clusterName", true),
        location: o.string(report, "location", true),
        node_pool_type: o.string(report, "nodePoolType", true),
        kubernetes_version: o.string(report, "kubernetesVersion", true),
        enable_nap: o.boolean(report, "enableNAP"),
        dry_run: o.boolean(report, "dryRun"),
        namespace: o.string(report, "namespace", false),
        system_vm_size: o.string(report, "systemVmSize", false),
        identity: o
            .object(report, "identity", IDENTITY_FIELDS)
            .and_then(|i| {
                report.field("identity", |r| i.one_of(r, "type", true, IdentityType::ALL))
            })
            .map(|identity_type| IdentityRequest { identity_type }),
        vnet_subnet_id: o.string(report, "vnetSubnetId", false),
        tags: o.string_map(report, "tags"),
        gitops: o
            .object(report, "gitops", GITOPS_FIELDS)
            .map(|g| report.field("gitops", |r| read_gitops(r, &g))),
        addons: o
            .object(report, "addons", ADDONS_FIELDS)
            .map(|a| report.field("addons", |r| read_addons(r, &a))),
        api_versions: o
            .object(report, "apiVersions", API_VERSIONS_FIELDS)
            .map(|a| report.field("apiVersions", |r| read_api_versions(r, &a))),
        provisioning_path: o.one_of(report, "provisioningPath", false, ProvisioningPath::ALL),
    }
}

fn read_gitops(report: &mut Report, o: &Object<'_>) -> GitOpsDraft {
    GitOpsDraft {
        url: o.string(report, "url", true),
        branch: o.string(report, "branch", false),
        path: o.string(report, "path", false),
    }
}

fn read_addons(report: &mut Report, o: &Object<'_>) -> AddonsRequest {
    AddonsRequest {
        monitoring: o.boolean(report, "monitoring").unwrap_or_default(),
        log_analytics_workspace_resource_id: o.string(
            report,
            "logAnalyticsWorkspaceResourceId",
            false,
        ),
        key_vault_secrets_provider: o
            .boolean(report, "keyVaultSecretsProvider")
            .unwrap_or_default(),
        azure_policy: o.boolean(report, "azurePolicy").unwrap_or_default(),
    }
}

fn read_api_versions(report: &mut Report, o: &Object<'_>) -> ApiVersions {
    ApiVersions {
        managed_cluster: o.one_of(report, "managedCluster", false, ManagedClusterVersion::ALL),
        node_pool: o.one_of(report, "nodePool", false, NodePoolVersion::ALL),
        aks_node_class: o.one_of(report, "aksNodeClass", false, AksNodeClassVersion::ALL),
    }
}

impl Draft {
    fn nap(&self) -> bool {
        self.enable_nap.unwrap_or(true)
    }

    fn identity_type(&self) -> IdentityType {
        self.identity.map(|i| i.identity_type).unwrap_or_default()
    }

    fn gitops_branch(&self) -> Option<&str> {
        let gitops = self.gitops.as_ref()?;
        Some(gitops.branch.as_deref().unwrap_or(defaults::GITOPS_BRANCH))
    }

    /// The request and its plan, when every required field was read (validation reported
    /// `required` otherwise).
    pub(crate) fn into_plan(self, profiles: &Profiles) -> Option<Plan> {
        let cluster_name = self.cluster_name?;
        let node_pool_type = self.node_pool_type?;
        let profile = profiles.get(&node_pool_type)?.clone();
        let gitops = match self.gitops {
            None => None,
            Some(g) => Some(GitOpsRequest {
                url: g.url?,
                branch: g.branch,
                path: g.path,
            }),
        };
        let request = ClusterRequest {
            cluster_name: cluster_name.clone(),
            location: self.location?,
            node_pool_type: node_pool_type.clone(),
            kubernetes_version: self.kubernetes_version?,
            enable_nap: self.enable_nap.unwrap_or(true),
            dry_run: self.dry_run.unwrap_or(false),
            namespace: self.namespace,
            system_vm_size: self.system_vm_size,
            identity: self.identity,
            vnet_subnet_id: self.vnet_subnet_id,
            tags: self.tags,
            gitops,
            addons: self.addons,
            api_versions: self.api_versions,
            provisioning_path: self.provisioning_path,
        };
        let api = request.api_versions.unwrap_or_default();
        Some(Plan {
            names: Names::new(&cluster_name),
            location: request.location.clone(),
            namespace: request
                .namespace
                .clone()
                .unwrap_or_else(|| defaults::NAMESPACE.to_owned()),
            kubernetes_version: request.kubernetes_version.clone(),
            enable_nap: request.enable_nap,
            dry_run: request.dry_run,
            node_pool_type,
            profile,
            system_vm_size: request
                .system_vm_size
                .clone()
                .unwrap_or_else(|| defaults::SYSTEM_VM_SIZE.to_owned()),
            identity: request
                .identity
                .map(|i| i.identity_type)
                .unwrap_or_default(),
            vnet_subnet_id: request.vnet_subnet_id.clone(),
            tags: request.tags.clone().unwrap_or_default(),
            gitops: request.gitops.as_ref().map(|g| GitOps {
                url: g.url.clone(),
                branch: g
                    .branch
                    .clone()
                    .unwrap_or_else(|| defaults::GITOPS_BRANCH.to_owned()),
                path: g
                    .path
                    .clone()
                    .unwrap_or_else(|| format!("./clusters/{cluster_name}")),
            }),
            addons: request.addons.clone().unwrap_or_default(),
            provisioning_path: request.provisioning_path.unwrap_or_default(),
            api_versions: ResolvedApiVersions {
                managed_cluster: api.managed_cluster.unwrap_or_default(),
                node_pool: api.node_pool.unwrap_or_default(),
                aks_node_class: api.aks_node_class.unwrap_or_default(),
            },
            request,
        })
    }
}

/// Every rule of a request, on what could be read of it.
pub(crate) fn check_request(report: &mut Report, draft: &Draft, profiles: &Profiles) {
    if let Some(name) = &draft.cluster_name {
        report.field("clusterName", |r| check_cluster_name_uses(r, name, draft));
    }
    if let Some(location) = &draft.location {
        report.field("location", |r| check_region(r, location));
    }
    if let Some(node_pool_type) = &draft.node_pool_type {
        report.field("nodePoolType", |r| {
            check_node_pool_type(r, node_pool_type, profiles)
        });
    }
    if let Some(version) = &draft.kubernetes_version {
        report.field("kubernetesVersion", |r| {
            if version.is_empty() {
                r.violation(Code::Required, "set the Kubernetes version, e.g. 1.30");
                return;
            }
            let before = r.violations().len();
            check_kubernetes_version(r, version);
            if r.violations().len() == before {
                check_kubernetes_support(r, version);
            }
        });
    }
    if let Some(namespace) = &draft.namespace {
        report.field("namespace", |r| check::dns_label(r, namespace));
    }
    if let Some(size) = &draft.system_vm_size {
        report.field("systemVmSize", |r| check_vm_size(r, size));
    }
    if let Some(subnet) = &draft.vnet_subnet_id {
        report.field("vnetSubnetId", |r| check_subnet_id(r, subnet));
    }
    if let Some(tags) = &draft.tags {
        report.field("tags", |r| check_request_tags(r, tags, draft.nap()));
    }
    if let Some(gitops) = &draft.gitops {
        report.field("gitops", |r| check_gitops(r, gitops, draft.gitops_branch()));
    }
    if let Some(addons) = &draft.addons {
        report.field("addons", |r| check_addons(r, addons));
    }
}

/// The cluster name against every place it is used, one violation per code at `clusterName`,
/// each naming the places (and composed names) that reject it.
fn check_cluster_name_uses(report: &mut Report, name: &str, draft: &Draft) {
    if name.is_empty() {
        report.violation(Code::Required, "set the cluster name");
        return;
    }
    let names = Names::new(name);
    let mut places = Merger::default();
    /// Runs `check` on a scratch report; `what` (where the name is used) is written only for a violation.
    fn place(places: &mut Merger, what: &dyn Fn() -> String, check: &dyn Fn(&mut Report)) {
        let mut scratch = Report::default();
        check(&mut scratch);
        if !scratch.violations().is_empty() {
            places.add(scratch, &what());
        }
    }
    place(
        &mut places,
        &|| "as the AKS cluster name".to_owned(),
        &|r| check_cluster_name(r, name),
    );
    place(
        &mut places,
        &|| "as a Kubernetes object name (the ManagedCluster)".to_owned(),
        &|r| check::dns_subdomain(r, name),
    );
    place(
        &mut places,
        &|| "as the cluster-name label value".to_owned(),
        &|r| check::label_value(r, name),
    );
    place(&mut places, &|| "as the dnsPrefix".to_owned(), &|r| {
        check_dns_prefix(r, name)
    });
    if places.has(Code::Pattern) {
        // The name's characters are wrong: every composed name fails for the same reason, so say it once.
        places.emit(report);
        return;
    }
    place(
        &mut places,
        &|| format!("in the resource group name {:?}", names.resource_group),
        &|r| {
            let spec = ResourceGroupSpec::builder()
                .azure_name(names.resource_group.as_str())
                .location("westeurope")
                .build();
            spec.validate_into(r);
        },
    );
    place(
        &mut places,
        &|| {
            format!(
                "in the kubeconfig Secret name {:?}",
                names.kubeconfig_secret
            )
        },
        &|r| {
            SecretDestination::builder()
                .name(names.kubeconfig_secret.as_str())
                .key("value")
                .build()
                .validate_into(r)
        },
    );
    place(
        &mut places,
        &|| format!("in the Role name {:?}", names.provisioner_role),
        &|r| check::dns_subdomain(r, &names.provisioner_role),
    );
    if draft.nap() {
        place(
            &mut places,
            &|| format!("in the NodePool name {:?} (a label value)", names.node_pool),
            &|r| {
                check::dns_subdomain(r, &names.node_pool);
                check::label_value(r, &names.node_pool);
            },
        );
        place(
            &mut places,
            &|| format!("in the AKSNodeClass name {:?}", names.node_class),
            &|r| check::dns_subdomain(r, &names.node_class),
        );
    }
    if draft.identity_type() == IdentityType::UserAssigned {
        place(
            &mut places,
            &|| format!("in the user-assigned identity name {:?}", names.identity),
            &|r| check_identity_name(r, &names.identity),
        );
    }
    if draft.gitops.is_some() {
        place(
            &mut places,
            &|| {
                format!(
                    "in the Flux names {:?} and {:?}",
                    names.flux_extension, names.flux_configuration
                )
            },
            &|r| {
                check::dns_subdomain(r, &names.flux_extension);
                check::dns_subdomain(r, &names.flux_configuration);
                check_flux_names(r, &names.flux_configuration, FLUX_KUSTOMIZATION);
            },
        );
    }
    places.emit(report);
}

/// A physical Azure region: the ASO location syntax, then the maintained list.
fn check_region(report: &mut Report, location: &str) {
    let suggestion = || {
        suggest_region(location)
            .map(|s| format!(": did you mean {s:?}?"))
            .unwrap_or_default()
    };
    let mut scratch = Report::default();
    check_location(&mut scratch, location);
    if !scratch.violations().is_empty() {
        for v in scratch.violations() {
            report.violation(v.code, format!("{}{}", v.message, suggestion()));
        }
    } else if !is_physical_region(location) {
        report.violation(
            Code::UnknownValue,
            format!(
                "{location:?} is not a physical Azure region{}",
                suggestion()
            ),
        );
    }
}

/// A known profile, whose name and fields pass the profile rules (profiles built in code are
/// checked here; profiles files are checked when loaded).
fn check_node_pool_type(report: &mut Report, name: &str, profiles: &Profiles) {
    if name.is_empty() {
        report.violation(Code::Required, "set the node pool type");
        return;
    }
    match profiles.get(name) {
        None => {
            let known: Vec<&str> = profiles.names().collect();
            let hint = closest(name, known.iter().copied(), 3)
                .map(|k| format!("did you mean {k:?}? "))
                .unwrap_or_default();
            report.violation(
                Code::UnknownValue,
                format!(
                    "{name:?} is not a node pool profile; {hint}known profiles: {}",
                    known.join(", ")
                ),
            );
        }
        Some(profile) => {
            if checked_before(name, profile) {
                return;
            }
            let mut scratch = Report::default();
            check_profile_name(&mut scratch, name);
            check_profile(&mut scratch, profile);
            if scratch.violations().is_empty() {
                remember_checked(name, profile);
            } else {
                absorb(report, scratch, &format!("the profile {name:?}"));
            }
        }
    }
}

thread_local! {
    /// Profiles (name and fields) that passed the profile rules on this thread: the rules are a
    /// function of the profile alone, and a service checks the same few profiles on every request.
    static CHECKED_PROFILES: std::cell::RefCell<Vec<(String, NodePoolProfile)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// How many passing profiles a thread remembers.
const MAX_CHECKED_PROFILES: usize = 32;

fn checked_before(name: &str, profile: &NodePoolProfile) -> bool {
    CHECKED_PROFILES
        .try_with(|checked| {
            checked
                .try_borrow()
                .is_ok_and(|checked| checked.iter().any(|(n, p)| n == name && p == profile))
        })
        .unwrap_or(false)
}

fn remember_checked(name: &str, profile: &NodePoolProfile) {
    let _ = CHECKED_PROFILES.try_with(|checked| {
        if let Ok(mut checked) = checked.try_borrow_mut() {
            if checked.len() >= MAX_CHECKED_PROFILES {
                checked.remove(0);
            }
            checked.push((name.to_owned(), profile.clone()));
        }
    });
}

/// Azure's tag limits (every Azure resource) and, under NAP, the AKSNodeClass CEL limits.
fn check_request_tags(report: &mut Report, tags: &BTreeMap<String, String>, nap: bool) {
    check_tags(report, tags);
    if !nap {
        return;
    }
    for (key, value) in tags {
        let single = BTreeMap::from([(key.clone(), value.clone())]);
        let mut azure = Report::default();
        check_tags(&mut azure, &single);
        // Only what Azure's rule did not already report (today Azure's rule is the stricter).
        if azure.violations().is_empty() {
            check_node_class_tags(report, &single);
        }
    }
}

/// Characters git forbids in a ref name (`git check-ref-format`).
const GIT_REF_FORBIDDEN: &[char] = &['~', '^', ':', '?', '*', '[', '\\'];

/// A branch name by git's rules (`git check-ref-format --branch`).
pub fn check_git_branch(report: &mut Report, branch: &str) {
    if branch.is_empty() {
        report.violation(Code::Required, "set the branch, e.g. main");
        return;
    }
    let problem = if branch.chars().any(char::is_whitespace) {
        Some("must not contain spaces")
    } else if branch.contains(GIT_REF_FORBIDDEN) {
        Some("must not contain ~ ^ : ? * [ or \\")
    } else if branch.contains("..") {
        Some("must not contain '..'")
    } else if branch.contains("@{") || branch == "@" {
        Some("must not contain '@{' or be '@'")
    } else if branch.starts_with('-') {
        Some("must not start with '-'")
    } else if branch.starts_with('/') || branch.ends_with('/') || branch.contains("//") {
        Some("must not start or end with '/' or contain '//'")
    } else if branch.ends_with('.') || branch.ends_with(".lock") {
        Some("must not end with '.' or '.lock'")
    } else if branch
        .split('/')
        .any(|part| part.starts_with('.') || part.ends_with(".lock"))
    {
        Some("no part may start with '.' or end with '.lock'")
    } else {
        None
    };
    if let Some(problem) = problem {
        report.violation(
            Code::Pattern,
            format!("{branch:?} is not a git branch name: it {problem}"),
        );
    }
}

/// The repository (Flux's Git URL rule, and https or SSH only), the branch (git's rules and
/// Flux's), and the path (relative, inside the repository).
fn check_gitops(report: &mut Report, gitops: &GitOpsDraft, branch: Option<&str>) {
    let repository = GitRepositoryDefinition {
        url: gitops.url.clone(),
        repository_ref: branch.map(RepositoryRefDefinition::branch),
        ..GitRepositoryDefinition::default()
    };
    let mut flux = Report::default();
    repository.validate_into(&mut flux);
    let kind_rule = |path: &str| -> Report {
        let mut out = Report::default();
        for v in flux
            .violations()
            .iter()
            .filter(|v| v.path.to_string() == path)
        {
            out.violation(v.code, v.message.clone());
        }
        out
    };
    if let Some(url) = &gitops.url {
        report.field("url", |r| {
            let mut scratch = kind_rule("url");
            if scratch.violations().is_empty() && url.starts_with("http://") {
                scratch.violation(
                    Code::NotAllowed,
                    "use https:// (or SSH): plain http sends the repository unprotected",
                );
            }
            absorb(r, scratch, "the Git URL");
        });
    }
    if let Some(branch) = &gitops.branch {
        report.field("branch", |r| {
            let mut scratch = kind_rule("repositoryRef.branch");
            check_git_branch(&mut scratch, branch);
            absorb(r, scratch, "the branch");
        });
    }
    if let Some(path) = &gitops.path {
        report.field("path", |r| {
            let mut scratch = Report::default();
            if path.is_empty() {
                scratch.violation(Code::Required, "set the path, e.g. ./clusters/prod");
            } else if path.starts_with('/') || path.starts_with('\\') {
                scratch.violation(
                    Code::Pattern,
                    format!(
                        "{path:?} must be relative to the repository root, e.g. ./clusters/prod"
                    ),
                );
            }
            let kustomization = KustomizationDefinition {
                path: Some(path.clone()),
                ..KustomizationDefinition::default()
            };
            let mut inner = Report::default();
            kustomization.validate_into(&mut inner);
            for v in inner.violations() {
                scratch.violation(v.code, v.message.clone());
            }
            absorb(r, scratch, "the path");
        });
    }
}

/// Monitoring needs a workspace; a workspace id must be one.
fn check_addons(report: &mut Report, addons: &AddonsRequest) {
    match &addons.log_analytics_workspace_resource_id {
        Some(id) => report.field("logAnalyticsWorkspaceResourceId", |r| {
            check_workspace_id(r, id)
        }),
        None if addons.monitoring => report.violation_at(
            "logAnalyticsWorkspaceResourceId",
            Code::Required,
            "monitoring sends to a Log Analytics workspace: set its ARM id",
        ),
        None => {}
    }
}

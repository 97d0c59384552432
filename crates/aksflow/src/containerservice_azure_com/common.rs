//! ManagedCluster components whose schema is identical in `v1api20240402preview` and
//! `v1api20250801` (checked field by field against the CRD), and the rules both versions share.
//!
//! Shared as modelled: [`ContainerServiceNetworkProfile`] and [`ManagedClusterSecurityProfile`]
//! model the subset of fields that is identical in both versions (the full upstream profiles
//! differ in fields aksflow does not model). The agent pool differs only in its `osSKU` values,
//! so it is one generic type, [`ManagedClusterAgentPoolProfile<S>`], instantiated by each version
//! with its own `OsSku` enum.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::sync::LazyLock;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::aso::{
    ARM_ID, DestinationExpression, KnownResourceReference, SecretDestination, check_location,
    check_tags,
};
use crate::error::{Code, PathSegment};
use crate::validation::{Report, Validate, check, pattern};

// ---------------------------------------------------------------------------------------------
// References (ASO genruntime types not in `crate::aso`)
// ---------------------------------------------------------------------------------------------

/// A reference to an Azure resource: either an ASO object in the same namespace
/// (`group`, `kind`, `name`) or an ARM id (`armId`), never both.
///
/// ASO's `ResourceReference`, e.g. the user-assigned identity of a cluster or the subnet of an agent pool.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ResourceReference {
    /// The ARM id of a resource not managed by ASO (e.g. `/subscriptions/.../subnets/nodes`).
    #[serde(default, rename = "armId", skip_serializing_if = "Option::is_none")]
    pub arm_id: Option<String>,
    /// The Kubernetes group of the ASO object, e.g. `managedidentity.azure.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The Kubernetes kind of the ASO object, e.g. `UserAssignedIdentity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The Kubernetes name of the ASO object, in the same namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl ResourceReference {
    /// A reference by ARM id.
    pub fn arm_id(arm_id: impl Into<String>) -> Self {
        Self {
            arm_id: Some(arm_id.into()),
            ..Self::default()
        }
    }

    /// A reference to the ASO object `group`/`kind`/`name` in the same namespace.
    pub fn object(
        group: impl Into<String>,
        kind: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        Self {
            arm_id: None,
            group: Some(group.into()),
            kind: Some(kind.into()),
            name: Some(name.into()),
        }
    }
}

impl Validate for ResourceReference {
    fn validate_into(&self, report: &mut Report) {
        let by_object = self.group.is_some() || self.kind.is_some() || self.name.is_some();
        match (&self.arm_id, by_object) {
            (None, false) => report.violation(
                Code::Required,
                "set armId, or group, kind and name of an ASO object",
            ),
            (Some(_), true) => report.violation(
                Code::Conflict,
                "armId is mutually exclusive with group, kind and name",
            ),
            (Some(arm_id), false) => {
                report.field("armId", |r| check::matches(r, arm_id, &ARM_ID, "an ARM id"));
            }
            (None, true) => {
                for (field, value) in [
                    ("group", &self.group),
                    ("kind", &self.kind),
                    ("name", &self.name),
                ] {
                    match value {
                        None => report.violation_at(
                            field,
                            Code::Required,
                            "a reference to an ASO object needs group, kind and name",
                        ),
                        Some(value) if value.is_empty() => {
                            report.violation_at(field, Code::Required, "must not be empty");
                        }
                        Some(value) if field == "name" => {
                            report.field(field, |r| check::dns_subdomain(r, value));
                        }
                        Some(_) => {}
                    }
                }
            }
        }
    }
}

/// A key of a Kubernetes Secret in the object's namespace that ASO reads (genruntime `SecretReference`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct SecretReference {
    /// The key in the Secret.
    pub key: String,
    /// The Secret's name, in the same namespace.
    pub name: String,
}

impl Validate for SecretReference {
    fn validate_into(&self, report: &mut Report) {
        report.field("key", |r| crate::aso::check_config_key(r, &self.key));
        report.field("name", |r| check::dns_subdomain(r, &self.name));
    }
}

// ---------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------

/// The kind of managed identity the cluster's control plane uses.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManagedClusterIdentityType {
    /// No managed identity: the cluster uses a service principal.
    None,
    /// An identity Azure creates and deletes with the cluster.
    SystemAssigned,
    /// An identity you create (e.g. an ASO `UserAssignedIdentity`), listed in `userAssignedIdentities`.
    UserAssigned,
}

/// The identity of the managed cluster's control plane.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedClusterIdentity {
    /// `SystemAssigned`, `UserAssigned` or `None`.
    #[serde(rename = "type")]
    pub type_: ManagedClusterIdentityType,
    /// The user-assigned identity (exactly one) when `type` is `UserAssigned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_assigned_identities: Option<Vec<UserAssignedIdentityDetails>>,
}

impl ManagedClusterIdentity {
    /// A system-assigned identity.
    pub fn system_assigned() -> Self {
        Self {
            type_: ManagedClusterIdentityType::SystemAssigned,
            user_assigned_identities: None,
        }
    }

    /// The one user-assigned identity `reference`.
    pub fn user_assigned(reference: ResourceReference) -> Self {
        Self {
            type_: ManagedClusterIdentityType::UserAssigned,
            user_assigned_identities: Some(vec![UserAssignedIdentityDetails { reference }]),
        }
    }
}

/// One user-assigned identity of the cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserAssignedIdentityDetails {
    /// The identity: an ASO `UserAssignedIdentity` object or an ARM id.
    pub reference: ResourceReference,
}

impl Validate for UserAssignedIdentityDetails {
    fn validate_into(&self, report: &mut Report) {
        report.nested("reference", &self.reference);
    }
}

impl Validate for ManagedClusterIdentity {
    fn validate_into(&self, report: &mut Report) {
        match (&self.type_, &self.user_assigned_identities) {
            (ManagedClusterIdentityType::UserAssigned, None) => report.violation_at(
                "userAssignedIdentities",
                Code::Required,
                "type UserAssigned needs the identity in userAssignedIdentities",
            ),
            (ManagedClusterIdentityType::UserAssigned, Some(ids)) => {
                report.field("userAssignedIdentities", |r| {
                    if ids.is_empty() {
                        r.violation(
                            Code::Required,
                            "type UserAssigned needs the identity in userAssignedIdentities",
                        );
                    } else if ids.len() > 1 {
                        r.violation(
                            Code::TooLong,
                            format!(
                                "AKS allows only one user-assigned control-plane identity, found {}",
                                ids.len()
                            ),
                        );
                    }
                });
            }
            (_, Some(_)) => report.violation_at(
                "userAssignedIdentities",
                Code::Conflict,
                "userAssignedIdentities is only allowed with type UserAssigned",
            ),
            (_, None) => {}
        }
        report.nested("userAssignedIdentities", &self.user_assigned_identities);
    }
}

/// A service principal the cluster uses for Azure APIs instead of a managed identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ManagedClusterServicePrincipalProfile {
    /// The service principal's client (application) id.
    pub client_id: String,
    /// The Secret key holding the service principal's password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<SecretReference>,
}

impl Validate for ManagedClusterServicePrincipalProfile {
    fn validate_into(&self, report: &mut Report) {
        if self.client_id.is_empty() {
            report.violation_at("clientId", Code::Required, "must not be empty");
        }
        report.nested("secret", &self.secret);
    }
}

// ---------------------------------------------------------------------------------------------
// Profiles
// ---------------------------------------------------------------------------------------------

/// One add-on of the cluster (the key of `addonProfiles` names it, e.g. `azureKeyvaultSecretsProvider`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedClusterAddonProfile {
    /// Key-value settings of the add-on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<BTreeMap<String, String>>,
    /// Whether the add-on is enabled.
    pub enabled: bool,
}

impl ManagedClusterAddonProfile {
    /// An enabled add-on without settings.
    pub fn enabled() -> Self {
        Self {
            config: None,
            enabled: true,
        }
    }
}

impl Validate for ManagedClusterAddonProfile {
    fn validate_into(&self, report: &mut Report) {
        if let Some(config) = &self.config {
            report.field("config", |r| {
                for key in config.keys() {
                    if key.is_empty() {
                        r.violation_at(key, Code::Required, "a config key must not be empty");
                    }
                }
            });
        }
    }
}

/// Microsoft Entra ID (AAD) integration of the cluster.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ManagedClusterAadProfile {
    /// Object ids of the Entra groups that get the cluster-admin role.
    #[serde(
        default,
        rename = "adminGroupObjectIDs",
        skip_serializing_if = "Option::is_none"
    )]
    pub admin_group_object_ids: Option<Vec<String>>,
    /// Whether Kubernetes authorization uses Azure RBAC (requires `managed: true`).
    #[serde(
        default,
        rename = "enableAzureRBAC",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_azure_rbac: Option<bool>,
    /// Whether AKS-managed Entra integration is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed: Option<bool>,
    /// The Entra tenant to authenticate against; defaults to the subscription's tenant.
    #[serde(default, rename = "tenantID", skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

static GUID: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$"));

impl Validate for ManagedClusterAadProfile {
    fn validate_into(&self, report: &mut Report) {
        if let Some(ids) = &self.admin_group_object_ids {
            report.field("adminGroupObjectIDs", |r| {
                for (i, id) in ids.iter().enumerate() {
                    r.item(i, |r| {
                        check::matches(r, id, &GUID, "an Entra object id (a GUID)")
                    });
                }
            });
        }
        if self.enable_azure_rbac == Some(true) && self.managed != Some(true) {
            report.violation_at(
                "enableAzureRBAC",
                Code::Conflict,
                "Azure RBAC for Kubernetes authorization requires managed: true",
            );
        }
        if let Some(tenant) = &self.tenant_id {
            report.field("tenantID", |r| {
                check::matches(r, tenant, &GUID, "an Entra tenant id (a GUID)")
            });
        }
    }
}

/// The cluster's OIDC issuer (needed for workload identity).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedClusterOidcIssuerProfile {
    /// Whether the OIDC issuer is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// Security settings of the cluster (the subset identical in both versions: workload identity).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedClusterSecurityProfile {
    /// Workload identity: pods get Entra tokens through federated service accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload_identity: Option<ManagedClusterSecurityProfileWorkloadIdentity>,
}

/// Workload identity settings.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedClusterSecurityProfileWorkloadIdentity {
    /// Whether workload identity is enabled (requires `oidcIssuerProfile.enabled: true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// The name of a managed cluster SKU.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManagedClusterSkuName {
    /// AKS Automatic: a preconfigured, managed cluster.
    Automatic,
    /// AKS Standard (the usual SKU).
    Base,
}

/// The pricing tier of the control plane.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManagedClusterSkuTier {
    /// No uptime SLA; for experiments and small clusters (the default).
    Free,
    /// Standard plus long-term support.
    Premium,
    /// Uptime SLA and a control plane that scales with load.
    Standard,
}

/// The SKU of the managed cluster.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedClusterSku {
    /// `Base` or `Automatic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<ManagedClusterSkuName>,
    /// `Free`, `Standard` or `Premium`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<ManagedClusterSkuTier>,
}

/// How Kubernetes is upgraded automatically.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpgradeChannel {
    /// Node images only.
    #[serde(rename = "node-image")]
    NodeImage,
    /// No automatic upgrades (the default).
    #[serde(rename = "none")]
    None,
    /// The latest patch of the current minor version.
    #[serde(rename = "patch")]
    Patch,
    /// The latest supported minor version.
    #[serde(rename = "rapid")]
    Rapid,
    /// The latest patch of minor version N-1.
    #[serde(rename = "stable")]
    Stable,
}

/// How the nodes' operating system is updated.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeOsUpgradeChannel {
    /// A new node image, rolled out weekly (the default).
    NodeImage,
    /// No OS updates by AKS.
    None,
    /// Security patches applied to running nodes.
    SecurityPatch,
    /// Updates by the OS's own mechanism (unattended-upgrades).
    Unmanaged,
}

/// Automatic upgrades of the cluster and its nodes.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedClusterAutoUpgradeProfile {
    /// The node OS upgrade channel.
    #[serde(
        default,
        rename = "nodeOSUpgradeChannel",
        skip_serializing_if = "Option::is_none"
    )]
    pub node_os_upgrade_channel: Option<NodeOsUpgradeChannel>,
    /// The Kubernetes upgrade channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade_channel: Option<UpgradeChannel>,
}

/// The node provisioning mode (`Auto` turns on Node Auto Provisioning, i.e. managed Karpenter).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeProvisioningMode {
    /// Node Auto Provisioning: Karpenter runs in the cluster and creates nodes for pending pods.
    Auto,
    /// Nodes come from agent pools only (the default).
    Manual,
}

// ---------------------------------------------------------------------------------------------
// Network
// ---------------------------------------------------------------------------------------------

/// The network plugin (CNI).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetworkPlugin {
    /// Azure CNI (node subnet, overlay or pod subnet).
    #[serde(rename = "azure")]
    Azure,
    /// kubenet (being retired).
    #[serde(rename = "kubenet")]
    Kubenet,
    /// No CNI: bring your own.
    #[serde(rename = "none")]
    None,
}

/// The mode of the network plugin.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetworkPluginMode {
    /// Azure CNI Overlay: pod IPs from a private CIDR, not from the VNet.
    #[serde(rename = "overlay")]
    Overlay,
}

/// The network dataplane.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetworkDataplane {
    /// The Azure dataplane (iptables).
    #[serde(rename = "azure")]
    Azure,
    /// Azure CNI powered by Cilium (eBPF).
    #[serde(rename = "cilium")]
    Cilium,
}

/// The network policy engine.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetworkPolicy {
    /// Azure Network Policy Manager (Azure CNI only).
    #[serde(rename = "azure")]
    Azure,
    /// Calico.
    #[serde(rename = "calico")]
    Calico,
    /// Cilium (with the cilium dataplane).
    #[serde(rename = "cilium")]
    Cilium,
    /// No network policy enforcement.
    #[serde(rename = "none")]
    None,
}

/// How egress traffic leaves the cluster (set at creation only).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboundType {
    /// Through the cluster's standard load balancer (the default).
    #[serde(rename = "loadBalancer")]
    LoadBalancer,
    /// Through a NAT gateway AKS creates.
    #[serde(rename = "managedNATGateway")]
    ManagedNatGateway,
    /// No outbound path is configured by AKS.
    #[serde(rename = "none")]
    None,
    /// Through a NAT gateway you attached to the node subnet.
    #[serde(rename = "userAssignedNATGateway")]
    UserAssignedNatGateway,
    /// Through the route table of your own subnet (e.g. to a firewall).
    #[serde(rename = "userDefinedRouting")]
    UserDefinedRouting,
}

/// The SKU of the cluster's load balancer.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadBalancerSku {
    /// Basic (retired; limited features).
    #[serde(rename = "basic")]
    Basic,
    /// Standard (the default).
    #[serde(rename = "standard")]
    Standard,
}

/// The cluster's network configuration (the subset identical in both versions).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct ContainerServiceNetworkProfile {
    /// The IP of the cluster DNS service; within `serviceCidr`.
    #[serde(
        default,
        rename = "dnsServiceIP",
        skip_serializing_if = "Option::is_none"
    )]
    pub dns_service_ip: Option<String>,
    /// The SKU of the load balancer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_sku: Option<LoadBalancerSku>,
    /// The dataplane: `azure` or `cilium`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_dataplane: Option<NetworkDataplane>,
    /// The CNI plugin: `azure`, `kubenet` or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_plugin: Option<NetworkPlugin>,
    /// The plugin mode: `overlay` (Azure CNI Overlay).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_plugin_mode: Option<NetworkPluginMode>,
    /// The network policy engine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_policy: Option<NetworkPolicy>,
    /// How egress leaves the cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbound_type: Option<OutboundType>,
    /// The pod CIDR (kubenet or Azure CNI Overlay only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_cidr: Option<String>,
    /// The service CIDR; must not overlap any subnet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_cidr: Option<String>,
}

/// The CRD's patterns.
static CIDR: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^([0-9]{1,3}\.){3}[0-9]{1,3}(\/([0-9]|[1-2][0-9]|3[0-2]))?$"));
static IPV4: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"^(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)$",
    )
});

/// Parses `a.b.c.d/n` (or a bare address, as `/32`) into (network, prefix length).
fn parse_cidr(cidr: &str) -> Option<(u32, u32)> {
    let (ip, len) = match cidr.split_once('/') {
        Some((ip, len)) => (ip, len.parse::<u32>().ok()?),
        None => (cidr, 32),
    };
    let ip: Ipv4Addr = ip.parse().ok()?;
    (len <= 32).then_some((u32::from(ip), len))
}

fn cidr_contains(cidr: &str, ip: &str) -> Option<bool> {
    let (network, len) = parse_cidr(cidr)?;
    let ip = u32::from(ip.parse::<Ipv4Addr>().ok()?);
    let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
    Some(network & mask == ip & mask)
}

fn check_cidr(report: &mut Report, cidr: &str) {
    if !CIDR.is_match(cidr) {
        check::matches(report, cidr, &CIDR, "an IPv4 CIDR (e.g. 10.0.0.0/16)");
    } else if parse_cidr(cidr).is_none() {
        report.violation(
            Code::Pattern,
            format!("{cidr:?} is not an IPv4 CIDR: an octet is above 255"),
        );
    }
}

impl Validate for ContainerServiceNetworkProfile {
    fn validate_into(&self, report: &mut Report) {
        use NetworkDataplane as D;
        use NetworkPlugin as P;
        use NetworkPolicy as Pol;
        if let Some(ip) = &self.dns_service_ip {
            report.field("dnsServiceIP", |r| {
                check::matches(r, ip, &IPV4, "an IPv4 address");
                if let Some(cidr) = &self.service_cidr
                    && cidr_contains(cidr, ip) == Some(false)
                {
                    r.violation(
                        Code::Conflict,
                        format!("{ip} is not within serviceCidr {cidr}"),
                    );
                }
            });
        }
        if self.network_dataplane == Some(D::Cilium) && self.network_plugin != Some(P::Azure) {
            report.violation_at(
                "networkDataplane",
                Code::Conflict,
                "the cilium dataplane requires networkPlugin: azure",
            );
        }
        if self.network_plugin_mode.is_some() && self.network_plugin != Some(P::Azure) {
            report.violation_at(
                "networkPluginMode",
                Code::Conflict,
                "networkPluginMode overlay requires networkPlugin: azure",
            );
        }
        match (self.network_policy, self.network_dataplane) {
            (Some(Pol::Cilium), dataplane) if dataplane != Some(D::Cilium) => report.violation_at(
                "networkPolicy",
                Code::Conflict,
                "networkPolicy cilium requires networkDataplane: cilium",
            ),
            (Some(policy @ (Pol::Azure | Pol::Calico)), Some(D::Cilium)) => report.violation_at(
                "networkPolicy",
                Code::Conflict,
                format!(
                    "with networkDataplane cilium the network policy is cilium, not {}",
                    if policy == Pol::Azure {
                        "azure"
                    } else {
                        "calico"
                    }
                ),
            ),
            (Some(Pol::Azure), _) if self.network_plugin == Some(P::Kubenet) => report
                .violation_at(
                    "networkPolicy",
                    Code::Conflict,
                    "Azure Network Policy Manager requires networkPlugin: azure (not kubenet)",
                ),
            _ => {}
        }
        if let Some(cidr) = &self.pod_cidr {
            report.field("podCidr", |r| {
                check_cidr(r, cidr);
                let overlay = self.network_plugin_mode == Some(NetworkPluginMode::Overlay);
                if self.network_plugin == Some(P::Azure) && !overlay {
                    r.violation(
                        Code::Conflict,
                        "podCidr is only used with kubenet or Azure CNI Overlay (networkPluginMode: overlay)",
                    );
                }
            });
        }
        if let Some(cidr) = &self.service_cidr {
            report.field("serviceCidr", |r| check_cidr(r, cidr));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Agent pools
// ---------------------------------------------------------------------------------------------

/// The mode of an agent pool.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgentPoolMode {
    /// Hosts egress gateways (static egress gateway).
    Gateway,
    /// Hosts critical system pods (CoreDNS, metrics-server); a cluster needs at least one.
    System,
    /// Hosts application pods.
    User,
}

/// The operating system of an agent pool's nodes.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OsType {
    /// Linux (the default).
    Linux,
    /// Windows Server.
    Windows,
}

/// The kind of VM group behind an agent pool.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgentPoolType {
    /// An availability set (legacy).
    AvailabilitySet,
    /// A virtual machine scale set (the default).
    VirtualMachineScaleSets,
    /// Standalone virtual machines (mixed VM sizes).
    VirtualMachines,
}

/// The OS disk type of an agent pool's nodes.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OsDiskType {
    /// On the VM's local storage: faster, not persisted.
    Ephemeral,
    /// An Azure managed disk.
    Managed,
}

/// What the rules need to know about a version's `osSKU` values.
pub trait AgentPoolOsSku: Copy {
    /// `true` for Windows SKUs (only valid with `osType: Windows`).
    fn is_windows(self) -> bool;
}

/// One agent pool (a set of identical nodes) created with the cluster.
///
/// The two API versions differ only in the values of `osSKU`; each version names this type
/// with its own [`AgentPoolOsSku`] enum (`ManagedClusterAgentPoolProfile` in the version module).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    bound(deserialize = "S: Deserialize<'de>")
)]
#[builder(on(String, into))]
pub struct ManagedClusterAgentPoolProfile<S> {
    /// The availability zones of the nodes, e.g. `["1", "2", "3"]` (scale-set pools only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zones: Option<Vec<String>>,
    /// The number of nodes: 0-1000 for user pools, 1-1000 for system pools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i32>,
    /// Whether the cluster autoscaler scales this pool between `minCount` and `maxCount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_auto_scaling: Option<bool>,
    /// The autoscaler's maximum node count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_count: Option<i32>,
    /// The maximum number of pods per node (10-250).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pods: Option<i32>,
    /// The autoscaler's minimum node count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_count: Option<i32>,
    /// `System`, `User` or `Gateway`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<AgentPoolMode>,
    /// The pool's name: a lower-case letter then up to 11 lower-case letters or digits.
    pub name: String,
    /// Labels put on every node of the pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_labels: Option<BTreeMap<String, String>>,
    /// Taints put on every node, `key=value:Effect` (e.g. `CriticalAddonsOnly=true:NoSchedule`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_taints: Option<Vec<String>>,
    /// The Kubernetes version of the nodes (`1.30` or `1.30.4`); defaults to the control plane's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orchestrator_version: Option<String>,
    /// The OS disk size in GB (0-2048; 0 means the VM size's default).
    #[serde(
        default,
        rename = "osDiskSizeGB",
        skip_serializing_if = "Option::is_none"
    )]
    pub os_disk_size_gb: Option<i32>,
    /// `Managed` or `Ephemeral` OS disks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_disk_type: Option<OsDiskType>,
    /// The OS SKU (distribution), e.g. `AzureLinux` or `Ubuntu`.
    #[serde(default, rename = "osSKU", skip_serializing_if = "Option::is_none")]
    pub os_sku: Option<S>,
    /// `Linux` or `Windows`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_type: Option<OsType>,
    /// The subnet pods join (Azure CNI with dynamic pod IP allocation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_subnet_reference: Option<ResourceReference>,
    /// The VM group type; scale sets by default.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<AgentPoolType>,
    /// The VM size, e.g. `Standard_D4ds_v5`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vm_size: Option<String>,
    /// The subnet the nodes join (ASO's `vnetSubnetReference`; an ASO subnet object or an ARM id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vnet_subnet_reference: Option<ResourceReference>,
}

static AGENT_POOL_NAME: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[a-z][a-z0-9]{0,11}$"));
static KUBERNETES_VERSION: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"^(0|[1-9][0-9]{0,3})\.(0|[1-9][0-9]{0,3})(\.(0|[1-9][0-9]{0,3}))?$")
});

/// Checks a Kubernetes version as AKS takes it: `1.30` (latest patch) or `1.30.4`.
pub fn check_kubernetes_version(report: &mut Report, version: &str) {
    check::matches(
        report,
        version,
        &KUBERNETES_VERSION,
        "a Kubernetes version (e.g. 1.30 or 1.30.4)",
    );
}

/// How many minor versions an agent pool may lag behind the control plane: AKS follows the
/// Kubernetes skew policy, N-3 from control plane 1.28 on, N-2 before ("What is the allowed
/// difference in versions between control plane and node pool?", AKS supported-kubernetes-versions).
fn max_minor_skew(control_plane: (u32, u32)) -> u32 {
    if control_plane >= (1, 28) { 3 } else { 2 }
}

/// `(major, minor)` of a version string in AKS syntax.
fn major_minor(version: &str) -> Option<(u32, u32)> {
    if !KUBERNETES_VERSION.is_match(version) {
        return None;
    }
    let mut parts = version.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

fn check_taint(report: &mut Report, taint: &str) {
    let bad = |r: &mut Report| {
        r.violation(
            Code::Pattern,
            format!("{taint:?} is not a taint (key=value:Effect or key:Effect, Effect one of NoSchedule, PreferNoSchedule, NoExecute)"),
        );
    };
    let Some((key_value, effect)) = taint.rsplit_once(':') else {
        return bad(report);
    };
    if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
        return bad(report);
    }
    let (key, value) = key_value.split_once('=').unwrap_or((key_value, ""));
    let mut inner = Report::default();
    check::qualified_name(&mut inner, key);
    check::label_value(&mut inner, value);
    if !inner.violations().is_empty() {
        bad(report);
    }
}

/// The cluster-level facts the agent pool rules depend on.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PoolContext<'a> {
    /// Node Auto Provisioning is on (`nodeProvisioningProfile.mode: Auto`).
    pub nap: bool,
    /// The cluster's network plugin.
    pub network_plugin: Option<NetworkPlugin>,
    /// The cluster's outbound type.
    pub outbound_type: Option<OutboundType>,
    /// The control plane's Kubernetes version.
    pub kubernetes_version: Option<&'a str>,
}

impl<S: AgentPoolOsSku> ManagedClusterAgentPoolProfile<S> {
    fn is_windows(&self) -> bool {
        self.os_type == Some(OsType::Windows)
    }

    /// Checks one pool against its own rules and the cluster's.
    pub(crate) fn check(&self, report: &mut Report, context: &PoolContext<'_>) {
        let system = self.mode == Some(AgentPoolMode::System);
        let autoscaling = self.enable_auto_scaling == Some(true);
        if let Some(zones) = &self.availability_zones {
            report.field("availabilityZones", |r| {
                if matches!(
                    self.type_,
                    Some(AgentPoolType::AvailabilitySet | AgentPoolType::VirtualMachines)
                ) {
                    r.violation(
                        Code::Conflict,
                        "availability zones are only for type VirtualMachineScaleSets",
                    );
                }
                for (i, zone) in zones.iter().enumerate() {
                    if zone.is_empty() {
                        r.item(i, |r| r.violation(Code::Required, "must not be empty"));
                    }
                }
            });
        }
        if let Some(count) = self.count {
            report.field("count", |r| {
                check::range(r, count, if system { 1 } else { 0 }, 1000);
                if autoscaling
                    && let (Some(min), Some(max)) = (self.min_count, self.max_count)
                        && min <= max && (count < min || count > max) {
                            r.violation(
                                Code::OutOfRange,
                                format!(
                                    "with autoscaling, count must be between minCount {min} and maxCount {max}, is {count}"
                                ),
                            );
                        }
            });
        }
        if autoscaling && context.nap {
            report.violation_at(
                "enableAutoScaling",
                Code::Conflict,
                "Node Auto Provisioning (nodeProvisioningProfile.mode: Auto) cannot be combined with the cluster autoscaler: agent pools are fixed size",
            );
        }
        for (field, value) in [("maxCount", self.max_count), ("minCount", self.min_count)] {
            let Some(value) = value else {
                if autoscaling && !context.nap {
                    report.violation_at(
                        field,
                        Code::Required,
                        "enableAutoScaling: true needs minCount and maxCount",
                    );
                }
                continue;
            };
            report.field(field, |r| {
                check::range(r, value, if system { 1 } else { 0 }, 1000);
                if context.nap {
                    r.violation(
                        Code::Conflict,
                        "Node Auto Provisioning (nodeProvisioningProfile.mode: Auto) allows no minCount/maxCount: agent pools are fixed size",
                    );
                } else if !autoscaling {
                    r.violation(
                        Code::Conflict,
                        "minCount and maxCount are only allowed with enableAutoScaling: true",
                    );
                }
            });
        }
        if let (Some(min), Some(max)) = (self.min_count, self.max_count)
            && min > max
        {
            report.violation_at(
                "minCount",
                Code::Conflict,
                format!("minCount {min} is greater than maxCount {max}"),
            );
        }
        if let Some(max_pods) = self.max_pods {
            report.field("maxPods", |r| check::range(r, max_pods, 10, 250));
        }
        if system && self.is_windows() {
            report.violation_at(
                "mode",
                Code::NotAllowed,
                "a System pool must run Linux (osType: Linux)",
            );
        }
        report.field("name", |r| {
            if !AGENT_POOL_NAME.is_match(&self.name) {
                check::matches(
                    r,
                    &self.name,
                    &AGENT_POOL_NAME,
                    "an agent pool name (a lower-case letter, then up to 11 lower-case letters or digits)",
                );
            } else if self.is_windows() && self.name.len() > 6 {
                r.violation(
                    Code::TooLong,
                    format!(
                        "a Windows agent pool name must be at most 6 characters, is {}",
                        self.name.len()
                    ),
                );
            }
        });
        if let Some(labels) = &self.node_labels {
            report.field("nodeLabels", |r| check::labels(r, labels));
        }
        if let Some(taints) = &self.node_taints {
            report.field("nodeTaints", |r| {
                for (i, taint) in taints.iter().enumerate() {
                    r.item(i, |r| check_taint(r, taint));
                }
            });
        }
        if let Some(version) = &self.orchestrator_version {
            report.field("orchestratorVersion", |r| {
                check_kubernetes_version(r, version);
                let cluster = context.kubernetes_version.and_then(major_minor);
                if let (Some(pool), Some(cluster)) = (major_minor(version), cluster) {
                    let skew = max_minor_skew(cluster);
                    if pool.0 != cluster.0 || pool.1 > cluster.1 || cluster.1 - pool.1 > skew {
                        r.violation(
                            Code::Conflict,
                            format!(
                                "the node version must have the control plane's major version, not be newer, and be at most {skew} minor versions older (control plane {}.{})",
                                cluster.0, cluster.1
                            ),
                        );
                    }
                }
            });
        }
        if let Some(size) = self.os_disk_size_gb {
            report.field("osDiskSizeGB", |r| check::range(r, size, 0, 2048));
        }
        if let Some(sku) = self.os_sku
            && sku.is_windows() != self.is_windows()
        {
            report.violation_at(
                "osSKU",
                Code::Conflict,
                if sku.is_windows() {
                    "a Windows osSKU needs osType: Windows"
                } else {
                    "a Linux osSKU cannot be used with osType: Windows"
                },
            );
        }
        if self.is_windows() {
            if context.nap {
                report.violation_at(
                    "osType",
                    Code::NotAllowed,
                    "Node Auto Provisioning (nodeProvisioningProfile.mode: Auto) does not support Windows pools",
                );
            } else if context.network_plugin == Some(NetworkPlugin::Kubenet) {
                report.violation_at(
                    "osType",
                    Code::Conflict,
                    "Windows pools need networkPlugin: azure (kubenet does not support Windows)",
                );
            }
        }
        if let Some(reference) = &self.pod_subnet_reference {
            report.field("podSubnetReference", |r| {
                reference.validate_into(r);
                if context.nap {
                    r.violation(
                        Code::NotAllowed,
                        "Node Auto Provisioning (nodeProvisioningProfile.mode: Auto) does not support a dynamic pod subnet",
                    );
                }
            });
        }
        if let Some(vm_size) = &self.vm_size
            && vm_size.is_empty()
        {
            report.violation_at("vmSize", Code::Required, "must not be empty");
        }
        match &self.vnet_subnet_reference {
            Some(reference) => report.nested("vnetSubnetReference", reference),
            None => {
                if let Some(
                    outbound @ (OutboundType::UserDefinedRouting
                    | OutboundType::UserAssignedNatGateway),
                ) = context.outbound_type
                {
                    report.violation_at(
                        "vnetSubnetReference",
                        Code::Required,
                        format!(
                            "outboundType {} needs every agent pool in your own subnet",
                            if outbound == OutboundType::UserDefinedRouting {
                                "userDefinedRouting"
                            } else {
                                "userAssignedNATGateway"
                            }
                        ),
                    );
                }
            }
        }
    }
}

impl<S: AgentPoolOsSku> Validate for ManagedClusterAgentPoolProfile<S> {
    /// The pool's own rules, without a cluster (no NAP, no network plugin known).
    fn validate_into(&self, report: &mut Report) {
        self.check(report, &PoolContext::default());
    }
}

// ---------------------------------------------------------------------------------------------
// Operator spec
// ---------------------------------------------------------------------------------------------

/// What ASO exports from the cluster to Secrets and ConfigMaps.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedClusterOperatorSpec {
    /// CEL expressions written to ConfigMaps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map_expressions: Option<Vec<DestinationExpression>>,
    /// Values written to ConfigMaps (the OIDC issuer URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_maps: Option<ManagedClusterOperatorConfigMaps>,
    /// CEL expressions written to Secrets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_expressions: Option<Vec<DestinationExpression>>,
    /// Kubeconfigs written to Secrets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<ManagedClusterOperatorSecrets>,
}

/// Where ASO writes the cluster's kubeconfigs; the cluster is `Ready` only once they are written.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedClusterOperatorSecrets {
    /// The admin kubeconfig (not available with `disableLocalAccounts: true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_credentials: Option<SecretDestination>,
    /// The user kubeconfig (Entra login when AAD is enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_credentials: Option<SecretDestination>,
}

/// Where ASO writes the cluster's ConfigMap values.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedClusterOperatorConfigMaps {
    /// The OIDC issuer URL (for workload identity federation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc_issuer_profile: Option<SecretDestination>,
}

/// One place ASO writes a value: its path in the spec, and the (name, key) it writes to.
type Destination<'a> = (Vec<PathSegment>, &'a str, &'a str);

/// Runs `check` at `path` below the report's current path.
fn at_path(report: &mut Report, path: &[PathSegment], check: impl FnOnce(&mut Report)) {
    match path.split_first() {
        None => check(report),
        Some((PathSegment::Key(key), rest)) => report.field(key, |r| at_path(r, rest, check)),
        Some((PathSegment::Index(i), rest)) => report.item(*i, |r| at_path(r, rest, check)),
    }
}

/// ASO refuses two values written to the same key of the same Secret (or ConfigMap).
fn check_unique_destinations(report: &mut Report, destinations: Vec<Destination<'_>>) {
    let mut seen = BTreeSet::new();
    for (path, name, key) in destinations {
        if !seen.insert((name, key)) {
            at_path(report, &path, |r| {
                r.violation(
                    Code::Duplicate,
                    format!("another value is already written to {name}/{key}"),
                )
            });
        }
    }
}

fn key(name: &str) -> PathSegment {
    PathSegment::Key(name.to_owned())
}

/// The destinations of CEL expressions that name a key.
fn expression_destinations<'a>(
    field: &str,
    list: Option<&'a Vec<DestinationExpression>>,
) -> Vec<Destination<'a>> {
    list.into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, e)| {
            let k = e.key.as_deref()?;
            Some((vec![key(field), PathSegment::Index(i)], e.name.as_str(), k))
        })
        .collect()
}

impl Validate for ManagedClusterOperatorSpec {
    fn validate_into(&self, report: &mut Report) {
        report.nested("configMapExpressions", &self.config_map_expressions);
        if let Some(config_maps) = &self.config_maps {
            report.nested("configMaps", config_maps);
        }
        report.nested("secretExpressions", &self.secret_expressions);
        if let Some(secrets) = &self.secrets {
            report.nested("secrets", secrets);
        }
        let mut secrets = Vec::new();
        if let Some(s) = &self.secrets {
            for (field, dest) in [
                ("adminCredentials", &s.admin_credentials),
                ("userCredentials", &s.user_credentials),
            ] {
                if let Some(d) = dest {
                    secrets.push((
                        vec![key("secrets"), key(field)],
                        d.name.as_str(),
                        d.key.as_str(),
                    ));
                }
            }
        }
        secrets.extend(expression_destinations(
            "secretExpressions",
            self.secret_expressions.as_ref(),
        ));
        check_unique_destinations(report, secrets);
        let mut config_maps = Vec::new();
        if let Some(d) = self
            .config_maps
            .as_ref()
            .and_then(|c| c.oidc_issuer_profile.as_ref())
        {
            config_maps.push((
                vec![key("configMaps"), key("oidcIssuerProfile")],
                d.name.as_str(),
                d.key.as_str(),
            ));
        }
        config_maps.extend(expression_destinations(
            "configMapExpressions",
            self.config_map_expressions.as_ref(),
        ));
        check_unique_destinations(report, config_maps);
    }
}

impl Validate for ManagedClusterOperatorSecrets {
    fn validate_into(&self, report: &mut Report) {
        report.nested("adminCredentials", &self.admin_credentials);
        report.nested("userCredentials", &self.user_credentials);
    }
}

impl Validate for ManagedClusterOperatorConfigMaps {
    fn validate_into(&self, report: &mut Report) {
        report.nested("oidcIssuerProfile", &self.oidc_issuer_profile);
    }
}

// ---------------------------------------------------------------------------------------------
// Names and the whole spec
// ---------------------------------------------------------------------------------------------

static CLUSTER_NAME: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$"));
static DNS_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^[a-zA-Z0-9]$|^[a-zA-Z0-9][-a-zA-Z0-9]{0,52}[a-zA-Z0-9]$"));

/// Checks an AKS cluster name: 1-63 alphanumerics, `-` and `_`, alphanumeric at both ends.
pub fn check_cluster_name(report: &mut Report, name: &str) {
    check::length(report, name, 1, 63);
    if !name.is_empty() {
        check::matches(
            report,
            name,
            &CLUSTER_NAME,
            "an AKS cluster name (alphanumerics, '-' and '_', alphanumeric at both ends)",
        );
    }
}

/// Checks a cluster DNS prefix: 1-54 alphanumerics and hyphens, alphanumeric at both ends.
pub fn check_dns_prefix(report: &mut Report, prefix: &str) {
    check::length(report, prefix, 1, 54);
    if !prefix.is_empty() {
        check::matches(
            report,
            prefix,
            &DNS_PREFIX,
            "a DNS prefix (alphanumerics and '-', alphanumeric at both ends)",
        );
    }
}

/// Applies the AKS name rule to the name the cluster gets in Azure: `azureName`, or `metadata.name`.
///
/// A `metadata.name` with a `.` is a valid Kubernetes name but not an AKS name.
pub(crate) fn check_azure_name_default(
    report: &mut Report,
    metadata: &ObjectMeta,
    azure_name: Option<&str>,
) {
    if azure_name.is_none()
        && let Some(name) = metadata.name.as_deref()
    {
        // Only names `check_metadata` accepts: the others are reported there already.
        let mut kubernetes = Report::default();
        check::dns_subdomain(&mut kubernetes, name);
        if kubernetes.violations().is_empty() && !CLUSTER_NAME.is_match(name) {
            report.field("metadata", |r| {
                    r.field("name", |r| {
                        r.violation(
                            Code::Pattern,
                            format!("{name:?} is used as the AKS cluster name (no azureName): it must be alphanumerics, '-' and '_', alphanumeric at both ends; set spec.azureName otherwise"),
                        );
                    })
                });
        }
    }
}

/// Everything in a ManagedCluster spec that both versions share, borrowed from a version's spec.
pub(crate) struct SpecView<'a, S> {
    pub aad_profile: Option<&'a ManagedClusterAadProfile>,
    pub addon_profiles: Option<&'a BTreeMap<String, ManagedClusterAddonProfile>>,
    pub agent_pool_profiles: Option<&'a [ManagedClusterAgentPoolProfile<S>]>,
    pub azure_name: Option<&'a str>,
    pub disable_local_accounts: Option<bool>,
    pub dns_prefix: Option<&'a str>,
    pub enable_rbac: Option<bool>,
    pub fqdn_subdomain: Option<&'a str>,
    pub identity: Option<&'a ManagedClusterIdentity>,
    pub kubernetes_version: Option<&'a str>,
    pub location: &'a str,
    pub network_profile: Option<&'a ContainerServiceNetworkProfile>,
    /// `nodeProvisioningProfile.mode == Auto`.
    pub nap: bool,
    pub oidc_issuer_profile: Option<&'a ManagedClusterOidcIssuerProfile>,
    pub operator_spec: Option<&'a ManagedClusterOperatorSpec>,
    pub owner: &'a KnownResourceReference,
    pub security_profile: Option<&'a ManagedClusterSecurityProfile>,
    pub service_principal_profile: Option<&'a ManagedClusterServicePrincipalProfile>,
    pub tags: Option<&'a BTreeMap<String, String>>,
}

const NAP: &str = "Node Auto Provisioning (nodeProvisioningProfile.mode: Auto)";

impl<S: AgentPoolOsSku> SpecView<'_, S> {
    /// Every shared rule, in field order; the version adds `nodeProvisioningProfile`'s own.
    pub(crate) fn check(&self, report: &mut Report) {
        let aad_managed = self.aad_profile.and_then(|a| a.managed) == Some(true);
        if let Some(aad) = self.aad_profile {
            report.nested("aadProfile", aad);
        }
        if let Some(addons) = self.addon_profiles {
            report.nested("addonProfiles", addons);
        }
        self.check_agent_pools(report);
        if let Some(name) = self.azure_name {
            report.field("azureName", |r| check_cluster_name(r, name));
        }
        if self.disable_local_accounts == Some(true) && !aad_managed {
            report.violation_at(
                "disableLocalAccounts",
                Code::Conflict,
                "local accounts can only be disabled on clusters with aadProfile.managed: true",
            );
        }
        match (self.dns_prefix, self.fqdn_subdomain) {
            (None, None) => report.violation_at(
                "dnsPrefix",
                Code::Required,
                "Azure requires dnsPrefix (or fqdnSubdomain for a private cluster)",
            ),
            (Some(_), Some(_)) => report.violation_at(
                "fqdnSubdomain",
                Code::Conflict,
                "set dnsPrefix or fqdnSubdomain, not both",
            ),
            (Some(prefix), None) => report.field("dnsPrefix", |r| check_dns_prefix(r, prefix)),
            (None, Some(subdomain)) => report.field("fqdnSubdomain", |r| {
                check::length(r, subdomain, 1, 253);
            }),
        }
        if self.enable_rbac == Some(false) && aad_managed {
            report.violation_at(
                "enableRBAC",
                Code::Conflict,
                "Entra integration (aadProfile.managed: true) requires Kubernetes RBAC",
            );
        }
        if let Some(identity) = self.identity {
            report.field("identity", |r| {
                identity.validate_into(r);
                if self.nap && identity.type_ == ManagedClusterIdentityType::None {
                    r.violation_at(
                        "type",
                        Code::NotAllowed,
                        format!("{NAP} needs a managed identity, not a service principal"),
                    );
                }
            });
        }
        if let Some(version) = self.kubernetes_version {
            report.field("kubernetesVersion", |r| {
                check_kubernetes_version(r, version)
            });
        }
        report.field("location", |r| check_location(r, self.location));
        self.check_network(report);
        // nodeProvisioningProfile: the version checks it.
        // oidcIssuerProfile: checked with securityProfile below.
        if let Some(operator) = self.operator_spec {
            report.field("operatorSpec", |r| {
                operator.validate_into(r);
                let admin = operator
                    .secrets
                    .as_ref()
                    .and_then(|s| s.admin_credentials.as_ref());
                if admin.is_some() && self.disable_local_accounts == Some(true) {
                    r.field("secrets", |r| {
                        r.violation_at(
                            "adminCredentials",
                            Code::Conflict,
                            "with disableLocalAccounts: true Azure serves no admin kubeconfig (ASO would never become Ready): export userCredentials instead",
                        )
                    });
                }
            });
        }
        report.nested("owner", self.owner);
        let workload_identity = self
            .security_profile
            .and_then(|s| s.workload_identity.as_ref())
            .and_then(|w| w.enabled)
            == Some(true);
        let oidc = self.oidc_issuer_profile.and_then(|o| o.enabled) == Some(true);
        if workload_identity && !oidc {
            report.field("securityProfile", |r| {
                r.field("workloadIdentity", |r| {
                    r.violation_at(
                        "enabled",
                        Code::Conflict,
                        "workload identity requires oidcIssuerProfile.enabled: true",
                    )
                })
            });
        }
        if let Some(sp) = self.service_principal_profile {
            report.field("servicePrincipalProfile", |r| {
                sp.validate_into(r);
                if self.nap {
                    r.violation(
                        Code::NotAllowed,
                        format!(
                            "{NAP} does not support a service principal: use a managed identity"
                        ),
                    );
                }
            });
        }
        if let Some(tags) = self.tags {
            report.field("tags", |r| check_tags(r, tags));
        }
    }

    fn check_agent_pools(&self, report: &mut Report) {
        let network = self.network_profile;
        let context = PoolContext {
            nap: self.nap,
            network_plugin: network.and_then(|n| n.network_plugin),
            outbound_type: network.and_then(|n| n.outbound_type),
            kubernetes_version: self.kubernetes_version,
        };
        report.field("agentPoolProfiles", |r| {
            let pools = self.agent_pool_profiles.unwrap_or_default();
            if pools.is_empty() {
                r.violation(
                    Code::Required,
                    "a cluster needs at least one agent pool with mode: System",
                );
                return;
            }
            check::max_items(r, pools, 100);
            if !pools.iter().any(|p| p.mode == Some(AgentPoolMode::System)) {
                r.violation(
                    Code::Required,
                    "a cluster needs at least one agent pool with mode: System",
                );
            }
            let mut names = BTreeSet::new();
            for (i, pool) in pools.iter().enumerate() {
                r.item(i, |r| {
                    pool.check(r, &context);
                    if !names.insert(pool.name.as_str()) {
                        r.violation_at(
                            "name",
                            Code::Duplicate,
                            format!("agent pool name {:?} is used twice", pool.name),
                        );
                    }
                });
            }
        });
    }

    fn check_network(&self, report: &mut Report) {
        if let Some(network) = self.network_profile {
            report.nested("networkProfile", network);
        }
        if !self.nap {
            return;
        }
        let network = self.network_profile.cloned().unwrap_or_default();
        report.field("networkProfile", |r| {
            let rules: [(&str, bool, bool, &str); 3] = [
                (
                    "networkPlugin",
                    network.network_plugin.is_none(),
                    network.network_plugin == Some(NetworkPlugin::Azure),
                    "networkPlugin: azure",
                ),
                (
                    "networkPluginMode",
                    network.network_plugin_mode.is_none(),
                    network.network_plugin_mode == Some(NetworkPluginMode::Overlay),
                    "networkPluginMode: overlay",
                ),
                (
                    "networkDataplane",
                    network.network_dataplane.is_none(),
                    network.network_dataplane == Some(NetworkDataplane::Cilium),
                    "networkDataplane: cilium",
                ),
            ];
            for (field, missing, ok, wanted) in rules {
                if missing {
                    r.violation_at(field, Code::Required, format!("{NAP} requires {wanted}"));
                } else if !ok {
                    r.violation_at(field, Code::NotAllowed, format!("{NAP} requires {wanted}"));
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_containment() {
        assert_eq!(cidr_contains("10.0.0.0/16", "10.0.0.10"), Some(true));
        assert_eq!(cidr_contains("10.0.0.0/16", "10.1.0.10"), Some(false));
        assert_eq!(cidr_contains("0.0.0.0/0", "10.1.0.10"), Some(true));
        assert_eq!(cidr_contains("10.0.0.0/33", "10.1.0.10"), None);
        assert_eq!(major_minor("1.30.4"), Some((1, 30)));
        assert_eq!(major_minor("v1.30"), None);
        assert_eq!(max_minor_skew((1, 27)), 2);
        assert_eq!(max_minor_skew((1, 28)), 3);
        assert_eq!(max_minor_skew((1, 33)), 3);
    }

    #[test]
    fn resource_reference_is_arm_id_or_object() {
        let codes = |r: &ResourceReference| -> Vec<(String, Code)> {
            r.validate()
                .err()
                .map(|e| {
                    e.violations()
                        .iter()
                        .map(|v| (v.path.to_string(), v.code))
                        .collect()
                })
                .unwrap_or_default()
        };
        assert!(codes(&ResourceReference::arm_id("/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s")).is_empty());
        assert!(
            codes(&ResourceReference::object(
                "managedidentity.azure.com",
                "UserAssignedIdentity",
                "id"
            ))
            .is_empty()
        );
        assert_eq!(
            codes(&ResourceReference::default()),
            vec![(String::new(), Code::Required)]
        );
        assert_eq!(
            codes(&ResourceReference {
                name: Some("x".into()),
                ..ResourceReference::default()
            }),
            vec![
                ("group".to_owned(), Code::Required),
                ("kind".to_owned(), Code::Required)
            ]
        );
        assert_eq!(
            codes(&ResourceReference {
                arm_id: Some("/subscriptions/0000".into()),
                name: Some("x".into()),
                ..ResourceReference::default()
            }),
            vec![(String::new(), Code::Conflict)]
        );
        assert_eq!(
            codes(&ResourceReference::arm_id("subnets/s")),
            vec![("armId".to_owned(), Code::Pattern)]
        );
    }

    #[test]
    fn taints() {
        let bad = |t: &str| {
            let mut r = Report::default();
            check_taint(&mut r, t);
            !r.violations().is_empty()
        };
        assert!(!bad("CriticalAddonsOnly=true:NoSchedule"));
        assert!(!bad("sku=gpu:NoExecute"));
        assert!(!bad("dedicated:PreferNoSchedule"));
        assert!(bad("dedicated=x"));
        assert!(bad("dedicated=x:Sometimes"));
        assert!(bad("=x:NoSchedule"));
    }

    #[test]
    fn names() {
        let ok = |f: fn(&mut Report, &str), v: &str| {
            let mut r = Report::default();
            f(&mut r, v);
            r.violations().is_empty()
        };
        assert!(ok(check_cluster_name, "aks_Prod-1"));
        assert!(ok(check_cluster_name, "a"));
        assert!(!ok(check_cluster_name, "aks-"));
        assert!(!ok(check_cluster_name, "aks.prod"));
        assert!(!ok(check_cluster_name, &"a".repeat(64)));
        assert!(ok(check_dns_prefix, "Aks-prod-1"));
        assert!(!ok(check_dns_prefix, "aks_prod"));
        assert!(!ok(check_dns_prefix, "-aks"));
        assert!(!ok(check_dns_prefix, &"a".repeat(55)));
        assert!(ok(check_dns_prefix, &"a".repeat(54)));
        assert!(ok(check_kubernetes_version, "1.30"));
        assert!(ok(check_kubernetes_version, "1.30.4"));
        assert!(!ok(check_kubernetes_version, "v1.30"));
        assert!(!ok(check_kubernetes_version, "1.30.x"));
        assert!(!ok(check_kubernetes_version, "1"));
    }
}

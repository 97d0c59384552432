//! The AKSNodeClass spec and its parts, shared by `v1alpha2` and `v1beta1`.
//!
//! In karpenter-provider-azure v1.14.2 the two versions' spec schemas are identical, field for
//! field, including enums, bounds, defaults and CEL rules (checked by diffing the CRD's
//! `openAPIV3Schema`s), so both versions use these types. Fields are in the upstream (alphabetical)
//! order, which is also the order `kubectl get -o yaml` prints.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Code;
use crate::validation::{Report, Validate, check, pattern};

/// The OS disk size Karpenter uses when `osDiskSizeGB` is not set (the CRD default).
pub const DEFAULT_OS_DISK_SIZE_GB: i32 = 128;

/// The desired state of an AKSNodeClass: the Azure-specific settings of the nodes Karpenter launches.
///
/// Instance types are not chosen here: NodePool `requirements` select them
/// (`node.kubernetes.io/instance-type`, `karpenter.azure.com/sku-family`, ...).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct AKSNodeClassSpec {
    /// Artifact streaming: container images streamed on demand instead of fully downloaded first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_streaming: Option<ArtifactStreaming>,
    /// FIPS compliance of the node image (not with `Ubuntu2204` or `Ubuntu2404`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fips_mode: Option<FipsMode>,
    /// GPU driver management on GPU-enabled nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu: Option<Gpu>,
    /// The node image family (default `Ubuntu`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_family: Option<ImageFamily>,
    /// Kubelet settings of the provisioned nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubelet: Option<KubeletConfiguration>,
    /// Linux OS settings (AKS custom node configuration): sysctls, swap, transparent huge pages.
    #[serde(
        default,
        rename = "linuxOSConfig",
        skip_serializing_if = "Option::is_none"
    )]
    pub linux_os_config: Option<LinuxOSConfig>,
    /// The per-node local DNS cache and its overrides.
    #[serde(default, rename = "localDNS", skip_serializing_if = "Option::is_none")]
    pub local_dns: Option<LocalDNS>,
    /// The maximum number of pods per node, 10-250 (the default depends on the network plugin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 10, max = 250))]
    pub max_pods: Option<i32>,
    /// The OS disk size in GB, 30-2048 (default [`DEFAULT_OS_DISK_SIZE_GB`]).
    #[serde(
        default,
        rename = "osDiskSizeGB",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(range(min = 30, max = 2048))]
    pub os_disk_size_gb: Option<i32>,
    /// Security settings of the provisioned nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Security>,
    /// Azure tags applied to the resources Karpenter creates (VMs, NICs, disks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
    /// The full ARM id of the subnet for the nodes' NICs; Karpenter's configured subnet when unset.
    #[serde(
        default,
        rename = "vnetSubnetID",
        skip_serializing_if = "Option::is_none"
    )]
    pub vnet_subnet_id: Option<String>,
}

/// The node image family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum ImageFamily {
    /// Ubuntu, the version chosen by Karpenter for the Kubernetes version (the default).
    #[default]
    Ubuntu,
    /// Ubuntu 22.04.
    Ubuntu2204,
    /// Ubuntu 24.04.
    Ubuntu2404,
    /// Azure Linux.
    AzureLinux,
}

impl ImageFamily {
    /// The upstream name, e.g. `Ubuntu2204`.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFamily::Ubuntu => "Ubuntu",
            ImageFamily::Ubuntu2204 => "Ubuntu2204",
            ImageFamily::Ubuntu2404 => "Ubuntu2404",
            ImageFamily::AzureLinux => "AzureLinux",
        }
    }

    /// Whether a FIPS-enabled image exists for this family (the CRD's FIPS rule).
    pub fn supports_fips(self) -> bool {
        !matches!(self, ImageFamily::Ubuntu2204 | ImageFamily::Ubuntu2404)
    }
}

/// FIPS compliance of the provisioned nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum FipsMode {
    /// A FIPS-enabled node image.
    #[serde(rename = "FIPS")]
    Fips,
    /// A regular node image.
    Disabled,
}

/// Artifact streaming settings.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ArtifactStreaming {
    /// Whether artifact streaming is on (images must also enable it in ACR); default off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// GPU settings.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Gpu {
    /// Who manages GPU drivers (default `Driver`: AKS installs them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<GpuMode>,
}

/// GPU driver management.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum GpuMode {
    /// AKS installs the GPU drivers; only SKUs with managed drivers are considered (the default).
    #[default]
    Driver,
    /// No drivers are installed; bring your own (e.g. the GPU operator).
    None,
}

/// Security settings.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Security {
    /// Whether host-level (end-to-end) disk encryption is enabled on the nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_at_host: Option<bool>,
}

/// Kubelet settings (a subset of the upstream kubelet configuration).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct KubeletConfiguration {
    /// Unsafe sysctls (or patterns ending in `*`) pods may set, e.g. `kernel.msg*`, `net.ipv4.route.min_pmtu`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_unsafe_sysctls: Option<Vec<String>>,
    /// The maximum number of log files per container, at least 2 (default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 2))]
    pub container_log_max_files: Option<i32>,
    /// The size at which a container log is rotated, e.g. `50Mi` (an integer and a unit; default `50Mi`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_log_max_size: Option<String>,
    /// Whether CPU CFS quota is enforced for containers with CPU limits (default true).
    #[serde(
        default,
        rename = "cpuCFSQuota",
        skip_serializing_if = "Option::is_none"
    )]
    pub cpu_cfs_quota: Option<bool>,
    /// The CPU CFS quota period, a duration between `1ms` and `1s` (default `100ms`).
    #[serde(
        default,
        rename = "cpuCFSQuotaPeriod",
        skip_serializing_if = "Option::is_none"
    )]
    pub cpu_cfs_quota_period: Option<String>,
    /// The CPU manager policy (default `none`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_manager_policy: Option<CpuManagerPolicy>,
    /// Whether the kubelet refuses to start with swap on; must be `false` when `linuxOSConfig.swapFileSize` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_swap_on: Option<bool>,
    /// Disk usage percent (0-100) above which image garbage collection always runs; greater than the low threshold.
    #[serde(
        default,
        rename = "imageGCHighThresholdPercent",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(range(min = 0, max = 100))]
    pub image_gc_high_threshold_percent: Option<i32>,
    /// Disk usage percent (0-100) below which image garbage collection never runs; less than the high threshold.
    #[serde(
        default,
        rename = "imageGCLowThresholdPercent",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(range(min = 0, max = 100))]
    pub image_gc_low_threshold_percent: Option<i32>,
    /// The maximum number of PIDs in any pod (-1: unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_pids_limit: Option<i64>,
    /// The topology manager policy (default `none`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topology_manager_policy: Option<TopologyManagerPolicy>,
}

/// The kubelet's CPU manager policy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CpuManagerPolicy {
    /// No CPU pinning (the default).
    #[default]
    None,
    /// Exclusive CPUs for Guaranteed pods with integer CPU requests.
    Static,
}

/// The kubelet's topology manager policy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TopologyManagerPolicy {
    /// Only pods with optimal NUMA alignment are admitted.
    Restricted,
    /// NUMA alignment is preferred, not required.
    BestEffort,
    /// No topology alignment (the default).
    #[default]
    None,
    /// Only pods whose resources fit on a single NUMA node are admitted.
    SingleNumaNode,
}

/// Linux OS settings of the nodes (AKS custom Linux OS configuration).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct LinuxOSConfig {
    /// The size of a swap file created on each node, e.g. `1500Mi` or `2Gi` (needs `kubelet.failSwapOn: false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub swap_file_size: Option<String>,
    /// Kernel sysctl settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sysctls: Option<Sysctls>,
    /// `/sys/kernel/mm/transparent_hugepage/defrag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transparent_huge_page_defrag: Option<TransparentHugePageDefrag>,
    /// `/sys/kernel/mm/transparent_hugepage/enabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transparent_huge_page_enabled: Option<TransparentHugePageEnabled>,
}

/// The kernel's transparent huge page defrag behaviour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum TransparentHugePageDefrag {
    /// `always`.
    #[serde(rename = "always")]
    Always,
    /// `defer`.
    #[serde(rename = "defer")]
    Defer,
    /// `defer+madvise`.
    #[serde(rename = "defer+madvise")]
    DeferMadvise,
    /// `madvise`.
    #[serde(rename = "madvise")]
    Madvise,
    /// `never`.
    #[serde(rename = "never")]
    Never,
}

/// The kernel's transparent huge page mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TransparentHugePageEnabled {
    /// `always`.
    Always,
    /// `madvise`.
    Madvise,
    /// `never`.
    Never,
}

/// Kernel sysctls of the nodes; each is bounded by the CRD (`fs.*`, `kernel.*`, `net.*`, `vm.*`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(deny_unknown_fields)]
#[builder(on(String, into))]
pub struct Sysctls {
    /// `fs.aio-max-nr`, 65536-6553500.
    #[serde(
        default,
        rename = "fsAioMaxNr",
        skip_serializing_if = "Option::is_none"
    )]
    pub fs_aio_max_nr: Option<i32>,
    /// `fs.file-max`, 8192-12000500.
    #[serde(default, rename = "fsFileMax", skip_serializing_if = "Option::is_none")]
    pub fs_file_max: Option<i32>,
    /// `fs.inotify.max_user_watches`, 781250-2097152.
    #[serde(
        default,
        rename = "fsInotifyMaxUserWatches",
        skip_serializing_if = "Option::is_none"
    )]
    pub fs_inotify_max_user_watches: Option<i32>,
    /// `fs.nr_open`, 8192-20000500.
    #[serde(default, rename = "fsNrOpen", skip_serializing_if = "Option::is_none")]
    pub fs_nr_open: Option<i32>,
    /// `kernel.threads-max`, 20-513785.
    #[serde(
        default,
        rename = "kernelThreadsMax",
        skip_serializing_if = "Option::is_none"
    )]
    pub kernel_threads_max: Option<i32>,
    /// `net.core.netdev_max_backlog`, 1000-3240000.
    #[serde(
        default,
        rename = "netCoreNetdevMaxBacklog",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_core_netdev_max_backlog: Option<i32>,
    /// `net.core.optmem_max`, 20480-4194304.
    #[serde(
        default,
        rename = "netCoreOptmemMax",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_core_optmem_max: Option<i32>,
    /// `net.core.rmem_default`, 212992-134217728, at most `netCoreRmemMax`.
    #[serde(
        default,
        rename = "netCoreRmemDefault",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_core_rmem_default: Option<i32>,
    /// `net.core.rmem_max`, 212992-134217728.
    #[serde(
        default,
        rename = "netCoreRmemMax",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_core_rmem_max: Option<i32>,
    /// `net.core.somaxconn`, 4096-3240000.
    #[serde(
        default,
        rename = "netCoreSomaxconn",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_core_somaxconn: Option<i32>,
    /// `net.core.wmem_default`, 212992-134217728, at most `netCoreWmemMax`.
    #[serde(
        default,
        rename = "netCoreWmemDefault",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_core_wmem_default: Option<i32>,
    /// `net.core.wmem_max`, 212992-134217728.
    #[serde(
        default,
        rename = "netCoreWmemMax",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_core_wmem_max: Option<i32>,
    /// `net.ipv4.ip_local_port_range`: two ports `"first last"`, first in 1024-60999, last in 32768-65535, first <= last.
    #[serde(
        default,
        rename = "netIPv4IPLocalPortRange",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_ipv4_ip_local_port_range: Option<String>,
    /// `net.ipv4.neigh.default.gc_thresh1`, 128-80000, at most `gc_thresh2`.
    #[serde(
        default,
        rename = "netIPv4NeighDefaultGcThresh1",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_ipv4_neigh_default_gc_thresh1: Option<i32>,
    /// `net.ipv4.neigh.default.gc_thresh2`, 512-90000, at most `gc_thresh3`.
    #[serde(
        default,
        rename = "netIPv4NeighDefaultGcThresh2",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_ipv4_neigh_default_gc_thresh2: Option<i32>,
    /// `net.ipv4.neigh.default.gc_thresh3`, 1024-100000.
    #[serde(
        default,
        rename = "netIPv4NeighDefaultGcThresh3",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_ipv4_neigh_default_gc_thresh3: Option<i32>,
    /// `net.ipv4.tcp_fin_timeout`, 5-120 seconds.
    #[serde(
        default,
        rename = "netIPv4TCPFinTimeout",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_ipv4_tcp_fin_timeout: Option<i32>,
    /// `net.ipv4.tcp_keepalive_intvl`, 10-90 seconds.
    #[serde(
        default,
        rename = "netIPv4TCPKeepaliveIntvl",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_ipv4_tcp_keepalive_intvl: Option<i32>,
    /// `net.ipv4.tcp_keepalive_probes`, 1-15.
    #[serde(
        default,
        rename = "netIPv4TCPKeepaliveProbes",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_ipv4_tcp_keepalive_probes: Option<i32>,
    /// `net.ipv4.tcp_keepalive_time`, 30-432000 seconds.
    #[serde(
        default,
        rename = "netIPv4TCPKeepaliveTime",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_ipv4_tcp_keepalive_time: Option<i32>,
    /// `net.ipv4.tcp_max_syn_backlog`, 128-3240000.
    #[serde(
        default,
        rename = "netIPv4TCPMaxSynBacklog",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_ipv4_tcp_max_syn_backlog: Option<i32>,
    /// `net.ipv4.tcp_max_tw_buckets`, 8000-1440000.
    #[serde(
        default,
        rename = "netIPv4TCPMaxTwBuckets",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_ipv4_tcp_max_tw_buckets: Option<i32>,
    /// `net.ipv4.tcp_tw_reuse`.
    #[serde(
        default,
        rename = "netIPv4TCPTwReuse",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_ipv4_tcp_tw_reuse: Option<bool>,
    /// `net.netfilter.nf_conntrack_buckets`, 65536-524288.
    #[serde(
        default,
        rename = "netNetfilterNfConntrackBuckets",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_netfilter_nf_conntrack_buckets: Option<i32>,
    /// `net.netfilter.nf_conntrack_max`, 131072-2097152.
    #[serde(
        default,
        rename = "netNetfilterNfConntrackMax",
        skip_serializing_if = "Option::is_none"
    )]
    pub net_netfilter_nf_conntrack_max: Option<i32>,
    /// `vm.max_map_count`, 65530-262144.
    #[serde(
        default,
        rename = "vmMaxMapCount",
        skip_serializing_if = "Option::is_none"
    )]
    pub vm_max_map_count: Option<i32>,
    /// `vm.swappiness`, 0-100.
    #[serde(
        default,
        rename = "vmSwappiness",
        skip_serializing_if = "Option::is_none"
    )]
    pub vm_swappiness: Option<i32>,
    /// `vm.vfs_cache_pressure`, 0-100.
    #[serde(
        default,
        rename = "vmVfsCachePressure",
        skip_serializing_if = "Option::is_none"
    )]
    pub vm_vfs_cache_pressure: Option<i32>,
}

/// The per-node local DNS cache (aka.ms/aks/localdns).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LocalDNS {
    /// Overrides for DNS traffic from pods with `dnsPolicy: ClusterFirst`; must include zones `.` and `cluster.local`.
    #[serde(rename = "kubeDNSOverrides")]
    pub kube_dns_overrides: Vec<LocalDNSZoneOverride>,
    /// Whether local DNS is used.
    pub mode: LocalDNSMode,
    /// Overrides for DNS traffic from pods with `dnsPolicy: Default` and the kubelet; must include `.` and `cluster.local`.
    #[serde(rename = "vnetDNSOverrides")]
    pub vnet_dns_overrides: Vec<LocalDNSZoneOverride>,
}

/// Whether local DNS is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum LocalDNSMode {
    /// Enabled when the node supports it.
    Preferred,
    /// Always enabled; provisioning fails where unsupported.
    Required,
    /// Off.
    Disabled,
}

/// The DNS settings of one zone in local DNS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct LocalDNSZoneOverride {
    /// The cache's maximum TTL, e.g. `3600s` (`<n>s|m|h`, repeated).
    pub cache_duration: String,
    /// Where queries are forwarded.
    pub forward_destination: ForwardDestination,
    /// How an upstream server is picked.
    pub forward_policy: ForwardPolicy,
    /// The maximum number of concurrent queries (0 or more).
    pub max_concurrent: i32,
    /// The protocol to the upstream server.
    pub protocol: DnsProtocol,
    /// The log level of DNS queries.
    pub query_logging: QueryLogging,
    /// The policy for serving stale cache entries.
    pub serve_stale: ServeStale,
    /// How long stale entries may be served, e.g. `3600s`.
    pub serve_stale_duration: String,
    /// The DNS zone, e.g. `.` or `cluster.local`; unique within its list.
    pub zone: String,
}

/// Where local DNS forwards a zone's queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum ForwardDestination {
    /// The cluster's CoreDNS.
    ClusterCoreDNS,
    /// The VNet's DNS servers.
    VnetDNS,
}

/// How local DNS picks an upstream server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum ForwardPolicy {
    /// In order.
    Sequential,
    /// In turn.
    RoundRobin,
    /// At random.
    Random,
}

/// The protocol local DNS uses upstream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum DnsProtocol {
    /// UDP, falling back to TCP.
    #[serde(rename = "PreferUDP")]
    PreferUdp,
    /// TCP only.
    #[serde(rename = "ForceTCP")]
    ForceTcp,
}

/// The log level of DNS queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum QueryLogging {
    /// Errors only.
    Error,
    /// Every query.
    Log,
}

/// The policy for serving stale cache entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum ServeStale {
    /// Check upstream before serving stale data (not with `ForceTCP`).
    Verify,
    /// Serve stale data at once, refreshing in the background.
    Immediate,
    /// Never serve stale data.
    Disable,
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

/// The CRD's pattern for `vnetSubnetID`: the ARM id of a subnet (case-insensitive).
pub static VNET_SUBNET_ID: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^/subscriptions/[^/]+/resourceGroups/[a-zA-Z0-9_\-().]{0,89}[a-zA-Z0-9_\-()]/providers/Microsoft\.Network/virtualNetworks/[^/]+/subnets/[^/]+$",
    )
});

/// The CRD's pattern for `containerLogMaxSize` and `swapFileSize`: an integer and a unit.
static SIZE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^[0-9]+(E|P|T|G|M|K|Ei|Pi|Ti|Gi|Mi|Ki)$"));

/// The CRD's pattern for `netIPv4IPLocalPortRange`.
static PORT_RANGE: LazyLock<Regex> = LazyLock::new(|| pattern(r"^([0-9]+) ([0-9]+)$"));

/// The CRD's pattern for local DNS durations (`cacheDuration`, `serveStaleDuration`).
static DNS_DURATION: LazyLock<Regex> = LazyLock::new(|| pattern(r"^([0-9]+(s|m|h))+$"));

/// The CRD's pattern for a local DNS zone.
static DNS_ZONE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"^(\.|[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?)$",
    )
});

/// Checks a `vnetSubnetID`: `/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>`.
pub fn check_vnet_subnet_id(report: &mut Report, id: &str) {
    if id.is_empty() {
        report.violation(Code::Required, "set the subnet's full ARM id");
    } else {
        check::matches(
            report,
            id,
            &VNET_SUBNET_ID,
            "the ARM id of a subnet (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)",
        );
    }
}

/// Checks AKSNodeClass `tags` with the CRD's CEL rules: keys at most 512 characters without
/// `< > % & ?` or `\`, values at most 256 characters.
pub fn check_node_class_tags(report: &mut Report, tags: &BTreeMap<String, String>) {
    for (key, value) in tags {
        report.field(key, |r| {
            if key.chars().count() > 512 {
                r.violation(Code::TooLong, "a tag key must be at most 512 characters");
            }
            if key.contains(['<', '>', '%', '&', '?']) {
                r.violation(
                    Code::Pattern,
                    format!("tag key {key:?} must not contain '<', '>', '%', '&' or '?'"),
                );
            }
            if key.contains('\\') {
                r.violation(
                    Code::Pattern,
                    format!("tag key {key:?} must not contain '\\'"),
                );
            }
            if value.chars().count() > 256 {
                r.violation(Code::TooLong, "a tag value must be at most 256 characters");
            }
        });
    }
}

fn check_size(report: &mut Report, value: &str) {
    check::matches(
        report,
        value,
        &SIZE,
        "an integer with a unit (K M G T P E or Ki Mi Gi Ti Pi Ei), e.g. 50Mi",
    );
}

/// Parses a Go `time.Duration` string (`100ms`, `1.5s`, `1h2m`), as `metav1.Duration` does,
/// into nanoseconds; `None` when it is not one.
pub fn parse_go_duration(value: &str) -> Option<f64> {
    let (negative, mut rest) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    if rest == "0" {
        return Some(0.0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, tail) = rest.split_at(number_len);
        if number.is_empty()
            || number == "."
            || number.matches('.').count() > 1
            || !number.chars().any(|c| c.is_ascii_digit())
        {
            return None;
        }
        let number: f64 = number.parse().ok()?;
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(unit_len);
        let scale = match unit {
            "ns" => 1.0,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        total += number * scale;
        rest = tail;
    }
    Some(if negative { -total } else { total })
}

impl Validate for AKSNodeClassSpec {
    fn validate_into(&self, report: &mut Report) {
        report.nested("kubelet", &self.kubelet);
        report.nested("linuxOSConfig", &self.linux_os_config);
        report.nested("localDNS", &self.local_dns);
        if let Some(max_pods) = self.max_pods {
            report.field("maxPods", |r| check::range(r, max_pods, 10, 250));
        }
        if let Some(size) = self.os_disk_size_gb {
            report.field("osDiskSizeGB", |r| check::range(r, size, 30, 2048));
        }
        if let Some(tags) = &self.tags {
            report.field("tags", |r| check_node_class_tags(r, tags));
        }
        if let Some(id) = &self.vnet_subnet_id {
            report.field("vnetSubnetID", |r| check_vnet_subnet_id(r, id));
        }
        // CEL: FIPS is not yet supported for Ubuntu2204 or Ubuntu2404. The API server defaults
        // `imageFamily` to `Ubuntu` before it runs the rule, so an unset family passes.
        if self.fips_mode == Some(FipsMode::Fips) {
            let family = self.image_family.unwrap_or_default();
            if !family.supports_fips() {
                report.violation_at(
                    "fipsMode",
                    Code::Conflict,
                    format!(
                        "FIPS is not yet supported for Ubuntu2204 or Ubuntu2404 (imageFamily is {})",
                        family.as_str()
                    ),
                );
            }
        }
        // CEL: kubelet.failSwapOn must be set to false when linuxOSConfig.swapFileSize is specified.
        let swap = self
            .linux_os_config
            .as_ref()
            .is_some_and(|os| os.swap_file_size.is_some());
        let fail_swap_on = self.kubelet.as_ref().and_then(|k| k.fail_swap_on);
        if swap && fail_swap_on != Some(false) {
            report.field("linuxOSConfig", |r| {
                r.violation_at(
                    "swapFileSize",
                    Code::Conflict,
                    "a swap file needs kubelet.failSwapOn set to false",
                )
            });
        }
    }
}

impl Validate for KubeletConfiguration {
    fn validate_into(&self, report: &mut Report) {
        if let Some(files) = self.container_log_max_files {
            report.field("containerLogMaxFiles", |r| {
                check::range(r, files, 2, i32::MAX)
            });
        }
        if let Some(size) = &self.container_log_max_size {
            report.field("containerLogMaxSize", |r| check_size(r, size));
        }
        if let Some(period) = &self.cpu_cfs_quota_period {
            report.field("cpuCFSQuotaPeriod", |r| match parse_go_duration(period) {
                None => r.violation(
                    Code::InvalidDuration,
                    format!("{period:?} is not a duration (e.g. 100ms)"),
                ),
                Some(ns) if !(1e6..=1e9).contains(&ns) => r.violation(
                    Code::OutOfRange,
                    format!("must be between 1ms and 1s, is {period}"),
                ),
                Some(_) => {}
            });
        }
        let high = self.image_gc_high_threshold_percent;
        let low = self.image_gc_low_threshold_percent;
        if let Some(high) = high {
            report.field("imageGCHighThresholdPercent", |r| {
                check::range(r, high, 0, 100)
            });
        }
        if let Some(low) = low {
            report.field("imageGCLowThresholdPercent", |r| {
                check::range(r, low, 0, 100)
            });
        }
        // CEL: imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent.
        if let (Some(high), Some(low)) = (high, low)
            && high <= low
        {
            report.violation_at(
                "imageGCHighThresholdPercent",
                Code::OutOfRange,
                format!("must be greater than imageGCLowThresholdPercent ({low}), is {high}"),
            );
        }
    }
}

impl Validate for LinuxOSConfig {
    fn validate_into(&self, report: &mut Report) {
        if let Some(size) = &self.swap_file_size {
            report.field("swapFileSize", |r| check_size(r, size));
        }
        report.nested("sysctls", &self.sysctls);
    }
}

impl Validate for Sysctls {
    fn validate_into(&self, report: &mut Report) {
        let bounded: [(&str, Option<i32>, i32, i32); 26] = [
            ("fsAioMaxNr", self.fs_aio_max_nr, 65536, 6553500),
            ("fsFileMax", self.fs_file_max, 8192, 12000500),
            (
                "fsInotifyMaxUserWatches",
                self.fs_inotify_max_user_watches,
                781250,
                2097152,
            ),
            ("fsNrOpen", self.fs_nr_open, 8192, 20000500),
            ("kernelThreadsMax", self.kernel_threads_max, 20, 513785),
            (
                "netCoreNetdevMaxBacklog",
                self.net_core_netdev_max_backlog,
                1000,
                3240000,
            ),
            ("netCoreOptmemMax", self.net_core_optmem_max, 20480, 4194304),
            (
                "netCoreRmemDefault",
                self.net_core_rmem_default,
                212992,
                134217728,
            ),
            ("netCoreRmemMax", self.net_core_rmem_max, 212992, 134217728),
            ("netCoreSomaxconn", self.net_core_somaxconn, 4096, 3240000),
            (
                "netCoreWmemDefault",
                self.net_core_wmem_default,
                212992,
                134217728,
            ),
            ("netCoreWmemMax", self.net_core_wmem_max, 212992, 134217728),
            (
                "netIPv4NeighDefaultGcThresh1",
                self.net_ipv4_neigh_default_gc_thresh1,
                128,
                80000,
            ),
            (
                "netIPv4NeighDefaultGcThresh2",
                self.net_ipv4_neigh_default_gc_thresh2,
                512,
                90000,
            ),
            (
                "netIPv4NeighDefaultGcThresh3",
                self.net_ipv4_neigh_default_gc_thresh3,
                1024,
                100000,
            ),
            (
                "netIPv4TCPFinTimeout",
                self.net_ipv4_tcp_fin_timeout,
                5,
                120,
            ),
            (
                "netIPv4TCPKeepaliveIntvl",
                self.net_ipv4_tcp_keepalive_intvl,
                10,
                90,
            ),
            (
                "netIPv4TCPKeepaliveProbes",
                self.net_ipv4_tcp_keepalive_probes,
                1,
                15,
            ),
            (
                "netIPv4TCPKeepaliveTime",
                self.net_ipv4_tcp_keepalive_time,
                30,
                432000,
            ),
            (
                "netIPv4TCPMaxSynBacklog",
                self.net_ipv4_tcp_max_syn_backlog,
                128,
                3240000,
            ),
            (
                "netIPv4TCPMaxTwBuckets",
                self.net_ipv4_tcp_max_tw_buckets,
                8000,
                1440000,
            ),
            (
                "netNetfilterNfConntrackBuckets",
                self.net_netfilter_nf_conntrack_buckets,
                65536,
                524288,
            ),
            (
                "netNetfilterNfConntrackMax",
                self.net_netfilter_nf_conntrack_max,
                131072,
                2097152,
            ),
            ("vmMaxMapCount", self.vm_max_map_count, 65530, 262144),
            ("vmSwappiness", self.vm_swappiness, 0, 100),
            ("vmVfsCachePressure", self.vm_vfs_cache_pressure, 0, 100),
        ];
        for (name, value, min, max) in bounded {
            if let Some(value) = value {
                report.field(name, |r| check::range(r, value, min, max));
            }
        }
        // CEL: the pairs `a <= b`, reported at `a`.
        let pairs = [
            (
                "netCoreRmemDefault",
                self.net_core_rmem_default,
                "netCoreRmemMax",
                self.net_core_rmem_max,
            ),
            (
                "netCoreWmemDefault",
                self.net_core_wmem_default,
                "netCoreWmemMax",
                self.net_core_wmem_max,
            ),
            (
                "netIPv4NeighDefaultGcThresh1",
                self.net_ipv4_neigh_default_gc_thresh1,
                "netIPv4NeighDefaultGcThresh2",
                self.net_ipv4_neigh_default_gc_thresh2,
            ),
            (
                "netIPv4NeighDefaultGcThresh2",
                self.net_ipv4_neigh_default_gc_thresh2,
                "netIPv4NeighDefaultGcThresh3",
                self.net_ipv4_neigh_default_gc_thresh3,
            ),
        ];
        for (name, value, bound_name, bound) in pairs {
            if let (Some(value), Some(bound)) = (value, bound)
                && value > bound
            {
                report.violation_at(
                    name,
                    Code::OutOfRange,
                    format!("must be at most {bound_name} ({bound}), is {value}"),
                );
            }
        }
        if let Some(range) = &self.net_ipv4_ip_local_port_range {
            report.field("netIPv4IPLocalPortRange", |r| check_port_range(r, range));
        }
    }
}

/// `netIPv4IPLocalPortRange`: `"first last"`, first in 1024-60999, last in 32768-65535, first <= last.
fn check_port_range(report: &mut Report, range: &str) {
    let Some(captures) = PORT_RANGE.captures(range) else {
        report.violation(
            Code::Pattern,
            format!("{range:?} is not a port range (two numbers separated by a space, e.g. \"32768 60999\")"),
        );
        return;
    };
    let port = |i: usize| captures.get(i).and_then(|m| m.as_str().parse::<i64>().ok());
    let (Some(first), Some(last)) = (port(1), port(2)) else {
        report.violation(Code::OutOfRange, format!("{range:?}: a port is too large"));
        return;
    };
    if !(1024..=60999).contains(&first) {
        report.violation(
            Code::OutOfRange,
            format!("the first port must be in [1024, 60999], is {first}"),
        );
    }
    if !(32768..=65535).contains(&last) {
        report.violation(
            Code::OutOfRange,
            format!("the last port must be in [32768, 65535], is {last}"),
        );
    }
    if first > last {
        report.violation(
            Code::OutOfRange,
            format!("the first port ({first}) must be at most the last ({last})"),
        );
    }
}

impl Validate for LocalDNS {
    fn validate_into(&self, report: &mut Report) {
        report.field("kubeDNSOverrides", |r| {
            check_overrides(r, &self.kube_dns_overrides)
        });
        report.field("vnetDNSOverrides", |r| {
            check_overrides(r, &self.vnet_dns_overrides);
            // CEL: neither the root zone nor external domains go to ClusterCoreDNS from VnetDNS traffic.
            for (i, item) in self.vnet_dns_overrides.iter().enumerate() {
                if item.forward_destination == ForwardDestination::ClusterCoreDNS
                    && !item.zone.ends_with("cluster.local")
                {
                    let what = if item.zone == "." {
                        "the root zone '.'"
                    } else {
                        "external domains"
                    };
                    r.item(i, |r| {
                        r.violation_at(
                            "forwardDestination",
                            Code::NotAllowed,
                            format!(
                                "{what} cannot be forwarded to ClusterCoreDNS from vnetDNSOverrides"
                            ),
                        )
                    });
                }
            }
        });
    }
}

/// A list of zone overrides: at most 100, zones unique (a list-map keyed by zone), `.` and `cluster.local` present.
fn check_overrides(report: &mut Report, overrides: &[LocalDNSZoneOverride]) {
    check::max_items(report, overrides, 100);
    for required in [".", "cluster.local"] {
        if !overrides.iter().any(|o| o.zone == required) {
            report.violation(
                Code::Required,
                format!(
                    "must contain the zone {required:?} (required zones: '.' and 'cluster.local')"
                ),
            );
        }
    }
    for (i, item) in overrides.iter().enumerate() {
        report.item(i, |r| {
            item.validate_into(r);
            if overrides[..i].iter().any(|o| o.zone == item.zone) {
                r.violation_at(
                    "zone",
                    Code::Duplicate,
                    format!("zone {:?} appears more than once", item.zone),
                );
            }
        });
    }
}

impl Validate for LocalDNSZoneOverride {
    fn validate_into(&self, report: &mut Report) {
        for (name, value) in [
            ("cacheDuration", &self.cache_duration),
            ("serveStaleDuration", &self.serve_stale_duration),
        ] {
            report.field(name, |r| {
                if !DNS_DURATION.is_match(value) {
                    r.violation(
                        Code::InvalidDuration,
                        format!("{value:?} is not a duration of the form 3600s, 1h or 1h30m"),
                    );
                }
            });
        }
        if self.max_concurrent < 0 {
            report.violation_at(
                "maxConcurrent",
                Code::OutOfRange,
                format!("must be at least 0, is {}", self.max_concurrent),
            );
        }
        report.field("zone", |r| {
            check::length(r, &self.zone, 1, 254);
            if !self.zone.is_empty() {
                check::matches(
                    r,
                    &self.zone,
                    &DNS_ZONE,
                    "a DNS zone (e.g. '.', 'cluster.local')",
                );
            }
        });
        // CEL: 'cluster.local' cannot be forwarded to VnetDNS.
        if self.zone.ends_with("cluster.local")
            && self.forward_destination == ForwardDestination::VnetDNS
        {
            report.violation_at(
                "forwardDestination",
                Code::NotAllowed,
                "'cluster.local' cannot be forwarded to VnetDNS",
            );
        }
        // CEL: serveStale Verify cannot be used with protocol ForceTCP.
        if self.serve_stale == ServeStale::Verify && self.protocol == DnsProtocol::ForceTcp {
            report.violation_at(
                "serveStale",
                Code::Conflict,
                "serveStale Verify cannot be used with protocol ForceTCP",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violations(value: &impl Validate) -> Vec<(String, Code)> {
        match value.validate() {
            Ok(()) => Vec::new(),
            Err(error) => error
                .violations()
                .iter()
                .map(|v| (v.path.to_string(), v.code))
                .collect(),
        }
    }

    fn at(path: &str, code: Code) -> (String, Code) {
        (path.to_owned(), code)
    }

    const SUBNET: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aks/subnets/nodes";

    #[test]
    fn bounds_of_max_pods_and_os_disk() {
        for (pods, disk, ok) in [
            (10, 30, true),
            (250, 2048, true),
            (9, 29, false),
            (251, 2049, false),
        ] {
            let spec = AKSNodeClassSpec::builder()
                .max_pods(pods)
                .os_disk_size_gb(disk)
                .build();
            let got = violations(&spec);
            if ok {
                assert!(got.is_empty(), "{pods} {disk}: {got:?}");
            } else {
                assert_eq!(
                    got,
                    vec![
                        at("maxPods", Code::OutOfRange),
                        at("osDiskSizeGB", Code::OutOfRange)
                    ]
                );
            }
        }
    }

    #[test]
    fn vnet_subnet_id_must_be_a_subnet_arm_id() {
        for ok in [
            SUBNET,
            "/SUBSCRIPTIONS/x/resourcegroups/My_RG(1)/providers/microsoft.network/virtualnetworks/v/subnets/s",
        ] {
            let spec = AKSNodeClassSpec::builder().vnet_subnet_id(ok).build();
            assert!(violations(&spec).is_empty(), "{ok}");
        }
        for bad in [
            "aks-subnet",
            "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v",
            "/subscriptions/x/resourceGroups/rg./providers/Microsoft.Network/virtualNetworks/v/subnets/s",
            "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s/extra",
            "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualNetworks/v/subnets/s",
        ] {
            let spec = AKSNodeClassSpec::builder().vnet_subnet_id(bad).build();
            assert_eq!(
                violations(&spec),
                vec![at("vnetSubnetID", Code::Pattern)],
                "{bad}"
            );
        }
        let empty = AKSNodeClassSpec::builder().vnet_subnet_id("").build();
        assert_eq!(violations(&empty), vec![at("vnetSubnetID", Code::Required)]);
    }

    #[test]
    fn tag_rules_follow_the_crd() {
        let tags = BTreeMap::from([
            ("team/owner".to_owned(), "payments".to_owned()),
            ("a<b".to_owned(), "x".to_owned()),
            ("back\\slash".to_owned(), "x".to_owned()),
            ("k".repeat(513), "x".to_owned()),
            ("long-value".to_owned(), "v".repeat(257)),
            ("ok".to_owned(), "v".repeat(256)),
        ]);
        let spec = AKSNodeClassSpec::builder().tags(tags).build();
        let key = "k".repeat(513);
        assert_eq!(
            violations(&spec),
            vec![
                at(r#"tags["a<b"]"#, Code::Pattern),
                at(r#"tags["back\\slash"]"#, Code::Pattern),
                (format!("tags.{key}"), Code::TooLong),
                at("tags.long-value", Code::TooLong),
            ]
        );
    }

    #[test]
    fn fips_needs_an_image_family_with_fips_images() {
        for (family, ok) in [
            (None, true),
            (Some(ImageFamily::Ubuntu), true),
            (Some(ImageFamily::AzureLinux), true),
            (Some(ImageFamily::Ubuntu2204), false),
            (Some(ImageFamily::Ubuntu2404), false),
        ] {
            let spec = AKSNodeClassSpec::builder()
                .fips_mode(FipsMode::Fips)
                .maybe_image_family(family)
                .build();
            let expected = if ok {
                vec![]
            } else {
                vec![at("fipsMode", Code::Conflict)]
            };
            assert_eq!(violations(&spec), expected, "{family:?}");
        }
        let disabled = AKSNodeClassSpec::builder()
            .fips_mode(FipsMode::Disabled)
            .image_family(ImageFamily::Ubuntu2404)
            .build();
        assert!(violations(&disabled).is_empty());
    }

    #[test]
    fn swap_needs_fail_swap_on_false() {
        let os = LinuxOSConfig::builder().swap_file_size("2Gi").build();
        for (fail_swap_on, ok) in [(None, false), (Some(true), false), (Some(false), true)] {
            let spec = AKSNodeClassSpec::builder()
                .linux_os_config(os.clone())
                .kubelet(
                    KubeletConfiguration::builder()
                        .maybe_fail_swap_on(fail_swap_on)
                        .build(),
                )
                .build();
            let expected = if ok {
                vec![]
            } else {
                vec![at("linuxOSConfig.swapFileSize", Code::Conflict)]
            };
            assert_eq!(violations(&spec), expected, "{fail_swap_on:?}");
        }
        let no_kubelet = AKSNodeClassSpec::builder().linux_os_config(os).build();
        assert_eq!(
            violations(&no_kubelet),
            vec![at("linuxOSConfig.swapFileSize", Code::Conflict)]
        );
    }

    #[test]
    fn kubelet_rules() {
        let good = KubeletConfiguration::builder()
            .image_gc_high_threshold_percent(85)
            .image_gc_low_threshold_percent(80)
            .container_log_max_files(2)
            .container_log_max_size("50Mi")
            .cpu_cfs_quota_period("100ms")
            .build();
        assert!(violations(&good).is_empty());
        let bad = KubeletConfiguration::builder()
            .image_gc_high_threshold_percent(80)
            .image_gc_low_threshold_percent(101)
            .container_log_max_files(1)
            .container_log_max_size("50MB")
            .cpu_cfs_quota_period("2s")
            .build();
        assert_eq!(
            violations(&bad),
            vec![
                at("containerLogMaxFiles", Code::OutOfRange),
                at("containerLogMaxSize", Code::Pattern),
                at("cpuCFSQuotaPeriod", Code::OutOfRange),
                at("imageGCLowThresholdPercent", Code::OutOfRange),
                at("imageGCHighThresholdPercent", Code::OutOfRange),
            ]
        );
        let equal = KubeletConfiguration::builder()
            .image_gc_high_threshold_percent(80)
            .image_gc_low_threshold_percent(80)
            .cpu_cfs_quota_period("100 ms")
            .build();
        assert_eq!(
            violations(&equal),
            vec![
                at("cpuCFSQuotaPeriod", Code::InvalidDuration),
                at("imageGCHighThresholdPercent", Code::OutOfRange),
            ]
        );
    }

    #[test]
    fn go_durations() {
        assert_eq!(parse_go_duration("100ms"), Some(1e8));
        assert_eq!(parse_go_duration("1s"), Some(1e9));
        assert_eq!(parse_go_duration("1.5ms"), Some(1.5e6));
        assert_eq!(parse_go_duration("1m30s"), Some(90e9));
        assert_eq!(parse_go_duration("0"), Some(0.0));
        assert_eq!(parse_go_duration("500\u{b5}s"), Some(5e5));
        for bad in ["", "1", "ms", "1.2.3s", "1 s", "1d", ".s", "-"] {
            assert_eq!(parse_go_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn sysctl_bounds_and_pairs() {
        let good = Sysctls::builder()
            .net_core_rmem_default(212992)
            .net_core_rmem_max(134217728)
            .net_ipv4_ip_local_port_range("32768 60999")
            .vm_max_map_count(262144)
            .build();
        assert!(violations(&good).is_empty());
        let bad = Sysctls::builder()
            .net_core_rmem_default(300000)
            .net_core_rmem_max(250000)
            .net_core_wmem_default(100)
            .net_ipv4_neigh_default_gc_thresh1(4000)
            .net_ipv4_neigh_default_gc_thresh2(2000)
            .net_ipv4_neigh_default_gc_thresh3(1024)
            .vm_swappiness(101)
            .build();
        assert_eq!(
            violations(&bad),
            vec![
                at("netCoreWmemDefault", Code::OutOfRange),
                at("vmSwappiness", Code::OutOfRange),
                at("netCoreRmemDefault", Code::OutOfRange),
                at("netIPv4NeighDefaultGcThresh1", Code::OutOfRange),
                at("netIPv4NeighDefaultGcThresh2", Code::OutOfRange),
            ]
        );
        for (range, expected) in [
            ("1024 65535", vec![]),
            ("1023 32767", vec![Code::OutOfRange, Code::OutOfRange]),
            ("60999 32768", vec![Code::OutOfRange]),
            ("32768-60999", vec![Code::Pattern]),
            ("99999999999999999999 65535", vec![Code::OutOfRange]),
        ] {
            let sysctls = Sysctls::builder()
                .net_ipv4_ip_local_port_range(range)
                .build();
            let got: Vec<Code> = violations(&sysctls).into_iter().map(|(_, c)| c).collect();
            assert_eq!(got, expected, "{range}");
        }
    }

    fn zone(zone: &str, destination: ForwardDestination) -> LocalDNSZoneOverride {
        LocalDNSZoneOverride::builder()
            .zone(zone)
            .forward_destination(destination)
            .cache_duration("3600s")
            .serve_stale_duration("3600s")
            .forward_policy(ForwardPolicy::Sequential)
            .max_concurrent(1000)
            .protocol(DnsProtocol::PreferUdp)
            .query_logging(QueryLogging::Error)
            .serve_stale(ServeStale::Immediate)
            .build()
    }

    #[test]
    fn local_dns_rules() {
        use ForwardDestination::{ClusterCoreDNS, VnetDNS};
        let good = LocalDNS::builder()
            .mode(LocalDNSMode::Preferred)
            .kube_dns_overrides(vec![
                zone(".", ClusterCoreDNS),
                zone("cluster.local", ClusterCoreDNS),
            ])
            .vnet_dns_overrides(vec![
                zone(".", VnetDNS),
                zone("cluster.local", ClusterCoreDNS),
            ])
            .build();
        assert!(violations(&good).is_empty(), "{:?}", violations(&good));

        let mut bad_item = zone("cluster.local", VnetDNS);
        bad_item.serve_stale = ServeStale::Verify;
        bad_item.protocol = DnsProtocol::ForceTcp;
        bad_item.cache_duration = "1d".to_owned();
        bad_item.max_concurrent = -1;
        let bad = LocalDNS::builder()
            .mode(LocalDNSMode::Required)
            .kube_dns_overrides(vec![zone(".", VnetDNS), zone(".", VnetDNS), bad_item])
            .vnet_dns_overrides(vec![
                zone(".", ClusterCoreDNS),
                zone("contoso.com", ClusterCoreDNS),
                zone("bad zone", VnetDNS),
            ])
            .build();
        assert_eq!(
            violations(&bad),
            vec![
                at("kubeDNSOverrides[1].zone", Code::Duplicate),
                at("kubeDNSOverrides[2].cacheDuration", Code::InvalidDuration),
                at("kubeDNSOverrides[2].maxConcurrent", Code::OutOfRange),
                at("kubeDNSOverrides[2].forwardDestination", Code::NotAllowed),
                at("kubeDNSOverrides[2].serveStale", Code::Conflict),
                at("vnetDNSOverrides", Code::Required),
                at("vnetDNSOverrides[2].zone", Code::Pattern),
                at("vnetDNSOverrides[0].forwardDestination", Code::NotAllowed),
                at("vnetDNSOverrides[1].forwardDestination", Code::NotAllowed),
            ]
        );
    }

    #[test]
    fn enums_use_the_upstream_strings() {
        assert_eq!(json(&ImageFamily::AzureLinux), "\"AzureLinux\"");
        assert_eq!(json(&FipsMode::Fips), "\"FIPS\"");
        assert_eq!(
            json(&TopologyManagerPolicy::SingleNumaNode),
            "\"single-numa-node\""
        );
        assert_eq!(json(&TopologyManagerPolicy::BestEffort), "\"best-effort\"");
        assert_eq!(json(&CpuManagerPolicy::Static), "\"static\"");
        assert_eq!(
            json(&TransparentHugePageDefrag::DeferMadvise),
            "\"defer+madvise\""
        );
        assert_eq!(json(&DnsProtocol::PreferUdp), "\"PreferUDP\"");
        assert_eq!(
            json(&ForwardDestination::ClusterCoreDNS),
            "\"ClusterCoreDNS\""
        );
        assert!(serde_json::from_str::<ImageFamily>("\"Ubuntu2004\"").is_err());
    }

    fn json<T: Serialize>(value: &T) -> String {
        serde_json::to_string(value).unwrap_or_default()
    }
}

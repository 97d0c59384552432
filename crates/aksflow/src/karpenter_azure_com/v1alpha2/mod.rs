//! `karpenter.azure.com/v1alpha2`.

mod aks_node_class;
pub use aks_node_class::AKSNodeClass;

pub use super::common::{
    AKSNodeClassSpec, ArtifactStreaming, CpuManagerPolicy, DEFAULT_OS_DISK_SIZE_GB, DnsProtocol,
    FipsMode, ForwardDestination, ForwardPolicy, Gpu, GpuMode, ImageFamily, KubeletConfiguration,
    LinuxOSConfig, LocalDNS, LocalDNSMode, LocalDNSZoneOverride, QueryLogging, Security,
    ServeStale, Sysctls, TopologyManagerPolicy, TransparentHugePageDefrag,
    TransparentHugePageEnabled,
};

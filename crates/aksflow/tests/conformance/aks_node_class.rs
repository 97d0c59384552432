//! AKSNodeClass (`karpenter.azure.com` v1beta1 and v1alpha2): every image family, the OS disk
//! bounds, subnet, max pods, tags, kubelet, FIPS, security, Linux OS config and local DNS.
//!
//! The two versions share one spec schema (karpenter-provider-azure v1.14.2), so every spec below
//! is rendered in both versions.

use std::collections::BTreeMap;

use aksflow::karpenter_azure_com::common::*;
use aksflow::karpenter_azure_com::{v1alpha2, v1beta1};
use serde_json::json;

use crate::{Case, NegativeCase, case};

const SUBNET: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-demo/providers/Microsoft.Network/virtualNetworks/vnet-demo/subnets/aks-subnet";

fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn zone(
    zone: &str,
    destination: ForwardDestination,
    protocol: DnsProtocol,
    serve_stale: ServeStale,
) -> LocalDNSZoneOverride {
    LocalDNSZoneOverride::builder()
        .zone(zone)
        .forward_destination(destination)
        .forward_policy(ForwardPolicy::Sequential)
        .cache_duration("3600s")
        .serve_stale_duration("1h")
        .max_concurrent(1000)
        .protocol(protocol)
        .query_logging(QueryLogging::Error)
        .serve_stale(serve_stale)
        .build()
}

/// The specs of the matrix, each rendered in both versions.
fn specs() -> Vec<(&'static str, AKSNodeClassSpec)> {
    use ForwardDestination::{ClusterCoreDNS, VnetDNS};
    vec![
        ("empty spec (all defaults)", AKSNodeClassSpec::default()),
        (
            "Ubuntu, osDiskSizeGB 30 (minimum)",
            AKSNodeClassSpec::builder()
                .image_family(ImageFamily::Ubuntu)
                .os_disk_size_gb(30)
                .build(),
        ),
        (
            "Ubuntu2204, osDiskSizeGB 2048 (maximum)",
            AKSNodeClassSpec::builder()
                .image_family(ImageFamily::Ubuntu2204)
                .os_disk_size_gb(2048)
                .build(),
        ),
        (
            "Ubuntu2404, vnetSubnetID, maxPods 250",
            AKSNodeClassSpec::builder()
                .image_family(ImageFamily::Ubuntu2404)
                .vnet_subnet_id(SUBNET)
                .max_pods(250)
                .fips_mode(FipsMode::Disabled)
                .build(),
        ),
        (
            "AzureLinux, maxPods 10, tags",
            AKSNodeClassSpec::builder()
                .image_family(ImageFamily::AzureLinux)
                .max_pods(10)
                .tags(tags(&[
                    ("cost-center", "cc-1234"),
                    ("team/owner", "payments"),
                    ("environment", "prod"),
                    ("empty", ""),
                ]))
                .build(),
        ),
        (
            "kubelet with GC thresholds and every option",
            AKSNodeClassSpec::builder()
                .kubelet(
                    KubeletConfiguration::builder()
                        .allowed_unsafe_sysctls(vec![
                            "kernel.msg*".to_owned(),
                            "net.ipv4.route.min_pmtu".to_owned(),
                        ])
                        .container_log_max_files(2)
                        .container_log_max_size("100Mi")
                        .cpu_cfs_quota(true)
                        .cpu_cfs_quota_period("100ms")
                        .cpu_manager_policy(CpuManagerPolicy::Static)
                        .image_gc_high_threshold_percent(85)
                        .image_gc_low_threshold_percent(80)
                        .pod_pids_limit(4096)
                        .topology_manager_policy(TopologyManagerPolicy::SingleNumaNode)
                        .build(),
                )
                .build(),
        ),
        (
            "FIPS on AzureLinux with encryption at host",
            AKSNodeClassSpec::builder()
                .image_family(ImageFamily::AzureLinux)
                .fips_mode(FipsMode::Fips)
                .security(Security::builder().encryption_at_host(true).build())
                .build(),
        ),
        (
            "FIPS on Ubuntu, encryption at host off",
            AKSNodeClassSpec::builder()
                .image_family(ImageFamily::Ubuntu)
                .fips_mode(FipsMode::Fips)
                .security(Security::builder().encryption_at_host(false).build())
                .build(),
        ),
        (
            "FIPS with the defaulted image family",
            AKSNodeClassSpec::builder()
                .fips_mode(FipsMode::Fips)
                .build(),
        ),
        (
            "linuxOSConfig: swap, sysctls, transparent huge pages",
            AKSNodeClassSpec::builder()
                .kubelet(KubeletConfiguration::builder().fail_swap_on(false).build())
                .linux_os_config(
                    LinuxOSConfig::builder()
                        .swap_file_size("1500Mi")
                        .sysctls(
                            Sysctls::builder()
                                .fs_file_max(100000)
                                .net_core_rmem_default(212992)
                                .net_core_rmem_max(134217728)
                                .net_core_somaxconn(16384)
                                .net_ipv4_ip_local_port_range("1024 65535")
                                .net_ipv4_neigh_default_gc_thresh1(128)
                                .net_ipv4_neigh_default_gc_thresh2(512)
                                .net_ipv4_neigh_default_gc_thresh3(1024)
                                .net_ipv4_tcp_tw_reuse(true)
                                .vm_max_map_count(262144)
                                .vm_swappiness(10)
                                .build(),
                        )
                        .transparent_huge_page_defrag(TransparentHugePageDefrag::DeferMadvise)
                        .transparent_huge_page_enabled(TransparentHugePageEnabled::Madvise)
                        .build(),
                )
                .build(),
        ),
        (
            "localDNS, GPU without managed drivers, artifact streaming",
            AKSNodeClassSpec::builder()
                .local_dns(
                    LocalDNS::builder()
                        .mode(LocalDNSMode::Preferred)
                        .kube_dns_overrides(vec![
                            zone(
                                ".",
                                ClusterCoreDNS,
                                DnsProtocol::PreferUdp,
                                ServeStale::Verify,
                            ),
                            zone(
                                "cluster.local",
                                ClusterCoreDNS,
                                DnsProtocol::ForceTcp,
                                ServeStale::Immediate,
                            ),
                        ])
                        .vnet_dns_overrides(vec![
                            zone(".", VnetDNS, DnsProtocol::PreferUdp, ServeStale::Disable),
                            zone(
                                "cluster.local",
                                ClusterCoreDNS,
                                DnsProtocol::PreferUdp,
                                ServeStale::Verify,
                            ),
                            zone(
                                "contoso.com",
                                VnetDNS,
                                DnsProtocol::ForceTcp,
                                ServeStale::Immediate,
                            ),
                        ])
                        .build(),
                )
                .gpu(Gpu::builder().mode(GpuMode::None).build())
                .artifact_streaming(ArtifactStreaming::builder().enabled(true).build())
                .build(),
        ),
        (
            "the platform design's node class, corrected",
            AKSNodeClassSpec::builder()
                .image_family(ImageFamily::Ubuntu2204)
                .os_disk_size_gb(100)
                .vnet_subnet_id(SUBNET)
                .tags(tags(&[("cluster", "demo"), ("managed-by", "aksflow")]))
                .build(),
        ),
    ]
}

pub fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for (i, (label, spec)) in specs().into_iter().enumerate() {
        let name = format!("nodeclass-{i}");
        let beta = v1beta1::AKSNodeClass::builder()
            .name(name.as_str())
            .spec(spec.clone())
            .build()
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        out.push(case(format!("AKSNodeClass v1beta1 {label}"), &beta));
        let alpha = v1alpha2::AKSNodeClass::builder()
            .name(name.as_str())
            .labels(tags(&[("app.kubernetes.io/managed-by", "aksflow")]))
            .spec(spec)
            .build()
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        out.push(case(format!("AKSNodeClass v1alpha2 {label}"), &alpha));
    }
    out
}

fn node_class(api_version: &str, spec: serde_json::Value) -> serde_json::Value {
    json!({
        "apiVersion": api_version,
        "kind": "AKSNodeClass",
        "metadata": { "name": "bad" },
        "spec": spec,
    })
}

const BETA: &str = "karpenter.azure.com/v1beta1";
const ALPHA: &str = "karpenter.azure.com/v1alpha2";

/// Panics unless aksflow's model refuses `object` too (it does not parse, or it does not validate):
/// the model must agree with the API server on what is wrong.
fn model_rejects(case: &NegativeCase) {
    use aksflow::Validate as _;
    let json = case.object.to_string();
    let accepted = match case.object["apiVersion"].as_str() {
        Some(BETA) => {
            aksflow::from_json::<v1beta1::AKSNodeClass>(&json).map(|o| o.validate().is_ok())
        }
        Some(ALPHA) => {
            aksflow::from_json::<v1alpha2::AKSNodeClass>(&json).map(|o| o.validate().is_ok())
        }
        other => panic!("{}: unexpected apiVersion {other:?}", case.label),
    };
    assert!(
        !matches!(accepted, Ok(true)),
        "{}: the model accepts an object the API server rejects",
        case.label
    );
}

pub fn negative_cases() -> Vec<NegativeCase> {
    let cases = vec![
        NegativeCase {
            label: "AKSNodeClass v1alpha2 as the platform design writes it (fields that do not exist)",
            object: json!({
                "apiVersion": "karpenter.azure.com/v1alpha2",
                "kind": "AKSNodeClass",
                "metadata": { "name": "demo-nodeclass" },
                "spec": {
                    "location": "westeurope",
                    "resourceGroup": "rg-demo",
                    "subnetName": "aks-subnet",
                    "instanceTypes": ["Standard_D4s_v5", "Standard_D8s_v5"],
                    "osDisk": { "sizeGb": 100, "type": "Premium_LRS" },
                    "userData": "#!/bin/bash\n# Custom node initialization script\necho \"Node initialized by Karpenter\"\n",
                },
            }),
            expect: "pruned spec.instanceTypes",
        },
        NegativeCase {
            label: "AKSNodeClass v1beta1 osDiskSizeGB 20 (below the minimum 30)",
            object: node_class(BETA, json!({ "osDiskSizeGB": 20 })),
            expect: "spec.osDiskSizeGB",
        },
        NegativeCase {
            label: "AKSNodeClass v1alpha2 osDiskSizeGB 2049 (above the maximum 2048)",
            object: node_class(ALPHA, json!({ "osDiskSizeGB": 2049 })),
            expect: "spec.osDiskSizeGB",
        },
        NegativeCase {
            label: "AKSNodeClass v1beta1 imageGCHighThresholdPercent equal to the low threshold (CEL)",
            object: node_class(
                BETA,
                json!({ "kubelet": { "imageGCHighThresholdPercent": 80, "imageGCLowThresholdPercent": 80 } }),
            ),
            expect: "imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent",
        },
        NegativeCase {
            label: "AKSNodeClass v1alpha2 imageGCHighThresholdPercent below the low threshold (CEL)",
            object: node_class(
                ALPHA,
                json!({ "kubelet": { "imageGCHighThresholdPercent": 70, "imageGCLowThresholdPercent": 80 } }),
            ),
            expect: "imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent",
        },
        NegativeCase {
            label: "AKSNodeClass v1beta1 tag key with '<' (CEL)",
            object: node_class(BETA, json!({ "tags": { "team<x>": "payments" } })),
            expect: "tags keys must not contain",
        },
        NegativeCase {
            label: "AKSNodeClass v1alpha2 tag key with a backslash (CEL)",
            object: node_class(ALPHA, json!({ "tags": { "team\\x": "payments" } })),
            expect: "tags keys must not contain '\\'",
        },
        NegativeCase {
            label: "AKSNodeClass v1beta1 imageFamily not in the enum",
            object: node_class(BETA, json!({ "imageFamily": "Ubuntu2004" })),
            expect: "spec.imageFamily",
        },
        NegativeCase {
            label: "AKSNodeClass v1alpha2 imageFamily not in the enum",
            object: node_class(ALPHA, json!({ "imageFamily": "Windows2022" })),
            expect: "spec.imageFamily",
        },
        NegativeCase {
            label: "AKSNodeClass v1beta1 FIPS on Ubuntu2404 (CEL)",
            object: node_class(
                BETA,
                json!({ "fipsMode": "FIPS", "imageFamily": "Ubuntu2404" }),
            ),
            expect: "FIPS is not yet supported for Ubuntu2204 or Ubuntu2404",
        },
        NegativeCase {
            label: "AKSNodeClass v1beta1 vnetSubnetID that is only a subnet name",
            object: node_class(BETA, json!({ "vnetSubnetID": "aks-subnet" })),
            expect: "spec.vnetSubnetID",
        },
        NegativeCase {
            label: "AKSNodeClass v1beta1 maxPods 251",
            object: node_class(BETA, json!({ "maxPods": 251 })),
            expect: "spec.maxPods",
        },
        NegativeCase {
            label: "AKSNodeClass v1beta1 swap file without kubelet.failSwapOn false (CEL)",
            object: node_class(BETA, json!({ "linuxOSConfig": { "swapFileSize": "2Gi" } })),
            expect: "kubelet.failSwapOn must be set to false",
        },
        NegativeCase {
            label: "AKSNodeClass v1beta1 netCoreRmemDefault above netCoreRmemMax (CEL)",
            object: node_class(
                BETA,
                json!({ "linuxOSConfig": { "sysctls": { "netCoreRmemDefault": 300000, "netCoreRmemMax": 250000 } } }),
            ),
            expect: "netCoreRmemDefault must be <= netCoreRmemMax",
        },
        NegativeCase {
            label: "AKSNodeClass v1beta1 in a namespace (cluster-scoped)",
            object: json!({
                "apiVersion": BETA,
                "kind": "AKSNodeClass",
                "metadata": { "name": "bad", "namespace": "default" },
                "spec": {},
            }),
            expect: "metadata.namespace",
        },
    ];
    cases.iter().for_each(model_rejects);
    cases
}

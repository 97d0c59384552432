//! AKSNodeClass (`karpenter.azure.com/v1beta1`, cluster-scoped, the storage version): the Azure
//! settings of the nodes Karpenter launches: image family, OS disk, subnet, kubelet and OS tuning.

use crate::karpenter_azure_com::common::AKSNodeClassSpec;
use crate::resource::{check_metadata, kubernetes_kind};
use crate::validation::{Report, Validate};

kubernetes_kind! {
    /// The Azure-specific settings of Karpenter's nodes, referenced by NodePools through
    /// `nodeClassRef` (`group: karpenter.azure.com, kind: AKSNodeClass, name`).
    pub struct AKSNodeClass {
        api_version: "karpenter.azure.com/v1beta1",
        group: "karpenter.azure.com",
        version: "v1beta1",
        plural: "aksnodeclasses",
        scope: Cluster,
        spec: AKSNodeClassSpec,
        // Nodes carry the name as the value of the `karpenter.azure.com/aksnodeclass` label.
        max_name_length: 63,
    }
}

impl Validate for AKSNodeClass {
    fn validate_into(&self, report: &mut Report) {
        check_metadata::<Self>(report, &self.metadata);
        report.nested("spec", &self.spec);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::karpenter_azure_com::common::*;
    use crate::{Code, from_yaml, to_yaml};

    const SUBNET: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-payments-net/providers/Microsoft.Network/virtualNetworks/vnet-payments/subnets/nodes";

    fn full() -> AKSNodeClass {
        AKSNodeClass::builder()
            .name("payments-prod")
            .spec(
                AKSNodeClassSpec::builder()
                    .image_family(ImageFamily::AzureLinux)
                    .fips_mode(FipsMode::Fips)
                    .os_disk_size_gb(256)
                    .vnet_subnet_id(SUBNET)
                    .max_pods(110)
                    .tags(BTreeMap::from([
                        ("cost-center".to_owned(), "cc-1234".to_owned()),
                        ("team".to_owned(), "payments".to_owned()),
                    ]))
                    .kubelet(
                        KubeletConfiguration::builder()
                            .cpu_manager_policy(CpuManagerPolicy::Static)
                            .image_gc_high_threshold_percent(85)
                            .image_gc_low_threshold_percent(80)
                            .fail_swap_on(false)
                            .build(),
                    )
                    .linux_os_config(
                        LinuxOSConfig::builder()
                            .swap_file_size("2Gi")
                            .sysctls(Sysctls::builder().vm_max_map_count(262144).build())
                            .build(),
                    )
                    .security(Security::builder().encryption_at_host(true).build())
                    .build(),
            )
            .build()
            .unwrap()
    }

    #[test]
    fn writes_the_crd_field_names() {
        let yaml = to_yaml(&full()).unwrap();
        let expected = format!(
            "\
apiVersion: karpenter.azure.com/v1beta1
kind: AKSNodeClass
metadata:
  name: payments-prod
spec:
  fipsMode: FIPS
  imageFamily: AzureLinux
  kubelet:
    cpuManagerPolicy: static
    failSwapOn: false
    imageGCHighThresholdPercent: 85
    imageGCLowThresholdPercent: 80
  linuxOSConfig:
    swapFileSize: 2Gi
    sysctls:
      vmMaxMapCount: 262144
  maxPods: 110
  osDiskSizeGB: 256
  security:
    encryptionAtHost: true
  tags:
    cost-center: cc-1234
    team: payments
  vnetSubnetID: {SUBNET}
"
        );
        assert_eq!(yaml, expected);
    }

    #[test]
    fn round_trips_hand_written_yaml() {
        let yaml = "\
apiVersion: karpenter.azure.com/v1beta1
kind: AKSNodeClass
metadata:
  name: default
spec:
  gpu:
    mode: None
  imageFamily: Ubuntu2404
  kubelet:
    allowedUnsafeSysctls:
    - net.ipv4.route.min_pmtu
    containerLogMaxFiles: 3
    containerLogMaxSize: 100Mi
    cpuCFSQuota: true
    cpuCFSQuotaPeriod: 100ms
    podPidsLimit: 4096
    topologyManagerPolicy: single-numa-node
  localDNS:
    kubeDNSOverrides:
    - cacheDuration: 3600s
      forwardDestination: ClusterCoreDNS
      forwardPolicy: Sequential
      maxConcurrent: 1000
      protocol: PreferUDP
      queryLogging: Error
      serveStale: Immediate
      serveStaleDuration: 3600s
      zone: \".\"
    - cacheDuration: 3600s
      forwardDestination: ClusterCoreDNS
      forwardPolicy: Sequential
      maxConcurrent: 1000
      protocol: PreferUDP
      queryLogging: Error
      serveStale: Immediate
      serveStaleDuration: 3600s
      zone: cluster.local
    mode: Preferred
    vnetDNSOverrides:
    - cacheDuration: 3600s
      forwardDestination: VnetDNS
      forwardPolicy: RoundRobin
      maxConcurrent: 1000
      protocol: ForceTCP
      queryLogging: Log
      serveStale: Disable
      serveStaleDuration: 1h
      zone: \".\"
    - cacheDuration: 3600s
      forwardDestination: ClusterCoreDNS
      forwardPolicy: Random
      maxConcurrent: 1000
      protocol: PreferUDP
      queryLogging: Error
      serveStale: Verify
      serveStaleDuration: 3600s
      zone: cluster.local
  osDiskSizeGB: 30
";
        let object: AKSNodeClass = from_yaml(yaml).unwrap();
        object.validate().unwrap();
        assert_eq!(object.spec.image_family, Some(ImageFamily::Ubuntu2404));
        assert_eq!(to_yaml(&object).unwrap(), yaml);
    }

    #[test]
    fn collects_every_violation_with_its_path() {
        let error = AKSNodeClass::builder()
            .name("Bad_Name")
            .spec(
                AKSNodeClassSpec::builder()
                    .image_family(ImageFamily::Ubuntu2204)
                    .fips_mode(FipsMode::Fips)
                    .os_disk_size_gb(20)
                    .max_pods(300)
                    .vnet_subnet_id("aks-subnet")
                    .tags(BTreeMap::from([("a<b".to_owned(), "x".to_owned())]))
                    .kubelet(
                        KubeletConfiguration::builder()
                            .image_gc_high_threshold_percent(70)
                            .image_gc_low_threshold_percent(80)
                            .build(),
                    )
                    .build(),
            )
            .build()
            .unwrap_err();
        let got: Vec<(String, Code)> = error
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect();
        let expected = [
            ("metadata.name", Code::Pattern),
            ("spec.kubelet.imageGCHighThresholdPercent", Code::OutOfRange),
            ("spec.maxPods", Code::OutOfRange),
            ("spec.osDiskSizeGB", Code::OutOfRange),
            (r#"spec.tags["a<b"]"#, Code::Pattern),
            ("spec.vnetSubnetID", Code::Pattern),
            ("spec.fipsMode", Code::Conflict),
        ];
        let expected: Vec<(String, Code)> = expected
            .into_iter()
            .map(|(p, c)| (p.to_owned(), c))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn a_namespace_is_rejected() {
        let mut object = full();
        object.metadata.namespace = Some("default".to_owned());
        let error = object.validate().unwrap_err();
        assert_eq!(error.violations().len(), 1);
        assert_eq!(error.violations()[0].path.to_string(), "metadata.namespace");
        assert_eq!(error.violations()[0].code, Code::NotAllowed);
    }

    #[test]
    fn the_platform_design_fields_do_not_parse() {
        let design = "\
apiVersion: karpenter.azure.com/v1beta1
kind: AKSNodeClass
metadata:
  name: demo-nodeclass
spec:
  location: westeurope
  instanceTypes: [Standard_D4s_v5]
";
        assert!(matches!(
            from_yaml::<AKSNodeClass>(design),
            Err(crate::Error::Parse(_))
        ));
        let bad_family = "apiVersion: karpenter.azure.com/v1beta1\nkind: AKSNodeClass\nmetadata: {name: x}\nspec: {imageFamily: Ubuntu2004}\n";
        assert!(matches!(
            from_yaml::<AKSNodeClass>(bad_family),
            Err(crate::Error::Parse(_))
        ));
    }

    #[test]
    fn another_version_or_kind_is_a_typed_error() {
        for yaml in [
            "apiVersion: karpenter.azure.com/v1alpha2\nkind: AKSNodeClass\nmetadata: {name: x}\nspec: {}\n",
            "apiVersion: karpenter.azure.com/v1beta1\nkind: NodePool\nmetadata: {name: x}\nspec: {}\n",
        ] {
            assert!(matches!(
                from_yaml::<AKSNodeClass>(yaml),
                Err(crate::Error::WrongKind(_))
            ));
        }
    }

    #[test]
    fn json_schema_has_the_crd_names_and_bounds() {
        let schema = crate::schema::schema_for::<AKSNodeClass>().to_string();
        for fragment in [
            r#""osDiskSizeGB""#,
            r#""vnetSubnetID""#,
            r#""imageGCHighThresholdPercent""#,
            r#""minimum":30"#,
            r#""maximum":2048"#,
            r#""Ubuntu2404""#,
        ] {
            assert!(schema.contains(fragment), "{fragment} not in {schema}");
        }
    }

    #[test]
    fn kube_core_resource_works() {
        use kube_core::Resource as _;
        assert_eq!(AKSNodeClass::kind(&()), "AKSNodeClass");
        assert_eq!(
            AKSNodeClass::api_version(&()),
            "karpenter.azure.com/v1beta1"
        );
        assert_eq!(AKSNodeClass::plural(&()), "aksnodeclasses");
        assert!(
            AKSNodeClass::url_path(&(), None)
                .starts_with("/apis/karpenter.azure.com/v1beta1/aksnodeclasses")
        );
    }
}

//! AKSNodeClass (`karpenter.azure.com/v1alpha2`, cluster-scoped, served but deprecated in favour of
//! `v1beta1`): the same spec as `v1beta1` in karpenter-provider-azure v1.14.2.

use crate::karpenter_azure_com::common::AKSNodeClassSpec;
use crate::resource::{check_metadata, kubernetes_kind};
use crate::validation::{Report, Validate};

kubernetes_kind! {
    /// The Azure-specific settings of Karpenter's nodes (the older served version, as NAP clusters
    /// on older Karpenter releases list it).
    pub struct AKSNodeClass {
        api_version: "karpenter.azure.com/v1alpha2",
        group: "karpenter.azure.com",
        version: "v1alpha2",
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

    #[test]
    fn writes_the_crd_field_names() {
        let object = AKSNodeClass::builder()
            .name("demo-nodeclass")
            .spec(
                AKSNodeClassSpec::builder()
                    .image_family(ImageFamily::Ubuntu2204)
                    .os_disk_size_gb(100)
                    .vnet_subnet_id("/subscriptions/1/resourceGroups/rg-demo/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aks-subnet")
                    .tags(BTreeMap::from([("cluster".to_owned(), "demo".to_owned())]))
                    .build(),
            )
            .build()
            .unwrap();
        let yaml = to_yaml(&object).unwrap();
        assert_eq!(
            yaml,
            "apiVersion: karpenter.azure.com/v1alpha2\nkind: AKSNodeClass\nmetadata:\n  name: demo-nodeclass\nspec:\n  imageFamily: Ubuntu2204\n  osDiskSizeGB: 100\n  tags:\n    cluster: demo\n  vnetSubnetID: /subscriptions/1/resourceGroups/rg-demo/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aks-subnet\n"
        );
        assert_eq!(from_yaml::<AKSNodeClass>(&yaml).unwrap(), object);
    }

    #[test]
    fn round_trips_hand_written_yaml() {
        let yaml = "\
apiVersion: karpenter.azure.com/v1alpha2
kind: AKSNodeClass
metadata:
  labels:
    team: platform
  name: default
spec:
  artifactStreaming:
    enabled: true
  imageFamily: Ubuntu
  linuxOSConfig:
    sysctls:
      netIPv4IPLocalPortRange: 32768 60999
      netIPv4TCPTwReuse: true
    transparentHugePageDefrag: defer+madvise
    transparentHugePageEnabled: madvise
  maxPods: 250
";
        let object: AKSNodeClass = from_yaml(yaml).unwrap();
        object.validate().unwrap();
        assert_eq!(to_yaml(&object).unwrap(), yaml);
    }

    #[test]
    fn rules_apply_with_paths() {
        let error = AKSNodeClass::builder()
            .name("demo")
            .spec(
                AKSNodeClassSpec::builder()
                    .os_disk_size_gb(2049)
                    .fips_mode(FipsMode::Fips)
                    .image_family(ImageFamily::Ubuntu2404)
                    .build(),
            )
            .build()
            .unwrap_err();
        let got: Vec<(String, Code)> = error
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect();
        assert_eq!(
            got,
            vec![
                ("spec.osDiskSizeGB".to_owned(), Code::OutOfRange),
                ("spec.fipsMode".to_owned(), Code::Conflict),
            ]
        );
    }

    #[test]
    fn another_version_is_a_typed_error() {
        let yaml = "apiVersion: karpenter.azure.com/v1beta1\nkind: AKSNodeClass\nmetadata: {name: x}\nspec: {}\n";
        assert!(matches!(
            from_yaml::<AKSNodeClass>(yaml),
            Err(crate::Error::WrongKind(_))
        ));
    }

    #[test]
    fn kube_core_resource_works() {
        use kube_core::Resource as _;
        assert_eq!(
            AKSNodeClass::api_version(&()),
            "karpenter.azure.com/v1alpha2"
        );
        assert_eq!(AKSNodeClass::plural(&()), "aksnodeclasses");
    }
}

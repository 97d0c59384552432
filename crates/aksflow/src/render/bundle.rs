//! The bundle: every object one cluster needs, in apply order.

use serde::Serialize;

use crate::error::{Error, FieldPath, ValidationError, Violation};
use crate::manifest::Manifest;
use crate::plan::Plan;
use crate::render::rbac::{RbacNames, compatible_cluster_role, least_privilege};
use crate::render::{aso, karpenter};
use crate::request::{AksNodeClassVersion, IdentityType, ManagedClusterVersion, NodePoolVersion};
use crate::resource::Kind;

/// Which cluster an object is applied to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Target {
    /// The management cluster, where ASO and Argo run (ASO objects, RBAC).
    Management,
    /// The new AKS cluster, with the kubeconfig ASO exports (Karpenter's NodePool and AKSNodeClass under NAP).
    Workload,
}

/// One object of a bundle and the cluster it targets.
#[derive(Clone, Debug, PartialEq)]
pub struct BundleObject {
    /// Where it is applied.
    pub target: Target,
    /// The object.
    pub manifest: Manifest,
}

/// Every object one cluster needs, in apply order.
#[derive(Clone, Debug, PartialEq)]
pub struct Bundle {
    /// The objects, in apply order.
    pub objects: Vec<BundleObject>,
}

/// Which RBAC a bundle carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RbacMode {
    /// The least-privilege set aksflow recommends (the default).
    #[default]
    LeastPrivilege,
    /// The design's `idp-backend-workflow-manager` ClusterRole without the KRO rules, for compatibility.
    Compatible,
    /// No RBAC objects.
    None,
}

impl RbacMode {
    /// Every mode, by the name the CLI, the bindings and golden cases use.
    pub const ALL: &'static [(&'static str, Self)] = &[
        ("least-privilege", Self::LeastPrivilege),
        ("compatible", Self::Compatible),
        ("none", Self::None),
    ];

    /// The mode named `name` (`least-privilege`, `compatible`, `none`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, mode)| *mode)
    }
}

/// How to render.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RenderOptions {
    /// Which RBAC to include.
    pub rbac: RbacMode,
    /// The names of the platform-wide RBAC objects (least-privilege mode).
    pub rbac_names: RbacNames,
}

impl RenderOptions {
    /// These options with `rbac` as the RBAC mode.
    #[must_use]
    pub fn with_rbac(mut self, rbac: RbacMode) -> Self {
        self.rbac = rbac;
        self
    }

    /// These options with `names` for the platform-wide RBAC objects.
    #[must_use]
    pub fn with_rbac_names(mut self, names: RbacNames) -> Self {
        self.rbac_names = names;
        self
    }
}

impl Bundle {
    /// The objects alone, in order.
    pub fn manifests(&self) -> impl Iterator<Item = &Manifest> {
        self.objects.iter().map(|o| &o.manifest)
    }

    /// The objects for one cluster, in order.
    pub fn for_target(&self, target: Target) -> impl Iterator<Item = &Manifest> {
        self.objects
            .iter()
            .filter(move |o| o.target == target)
            .map(|o| &o.manifest)
    }

    /// The bundle as one multi-document YAML stream.
    pub fn to_yaml(&self) -> Result<String, Error> {
        let manifests: Vec<&Manifest> = self.manifests().collect();
        crate::output::to_yaml_stream(&manifests)
    }

    /// The bundle as a JSON list.
    pub fn to_json(&self) -> Result<String, Error> {
        let manifests: Vec<&Manifest> = self.manifests().collect();
        crate::output::to_json(&manifests)
    }

    /// The bundle as one file per object, for a folder that `kubectl apply -f` applies in order:
    /// `management/01-resourcegroup-rg-<name>.yaml`, `workload/04-nodepool-<name>-nodepool.yaml`
    /// (numbered in apply order across both folders).
    pub fn files(&self, format: FileFormat) -> Result<Vec<BundleFile>, Error> {
        self.objects
            .iter()
            .enumerate()
            .map(|(index, object)| {
                let folder = match object.target {
                    Target::Management => "management",
                    Target::Workload => "workload",
                };
                let manifest = &object.manifest;
                let name = manifest.metadata().name.as_deref().unwrap_or("unnamed");
                let (contents, extension) = match format {
                    FileFormat::Yaml => (crate::output::to_yaml(manifest)?, "yaml"),
                    FileFormat::Json => (crate::output::to_json(manifest)? + "\n", "json"),
                };
                let kind = manifest.kind().to_lowercase();
                Ok(BundleFile {
                    path: format!("{folder}/{:02}-{kind}-{name}.{extension}", index + 1),
                    contents,
                })
            })
            .collect()
    }
}

/// The format of [`Bundle::files`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    /// One YAML document per file.
    Yaml,
    /// One pretty JSON object per file.
    Json,
}

/// One file of [`Bundle::files`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleFile {
    /// The path relative to the output folder, `/`-separated.
    pub path: String,
    /// The object, written.
    pub contents: String,
}

/// Collects the objects in order, and the violations of any object its kind's rules reject.
#[derive(Default)]
struct Assembler {
    objects: Vec<BundleObject>,
    violations: Vec<Violation>,
    position: usize,
}

impl Assembler {
    /// Adds a built object, or records why its kind rejected it, at its position in the bundle
    /// (`[2].spec.agentPoolProfiles[0].vmSize`, the path in [`Bundle::to_json`]'s list).
    fn add<K: Kind + Into<Manifest>>(&mut self, target: Target, built: Result<K, ValidationError>) {
        let position = self.position;
        self.position += 1;
        match built {
            Ok(object) => self.objects.push(BundleObject {
                target,
                manifest: object.into(),
            }),
            Err(error) => {
                for violation in error.into_violations() {
                    let mut path = FieldPath::root().index(position);
                    for segment in violation.path.segments() {
                        path.push(segment.clone());
                    }
                    self.violations.push(Violation {
                        path,
                        code: violation.code,
                        message: format!(
                            "the rendered {} breaks its own rules (a gap in request validation): {}",
                            <K as k8s_openapi::Resource>::KIND,
                            violation.message
                        ),
                    });
                }
            }
        }
    }

    /// Adds an object built without a validating builder (the k8s-openapi RBAC kinds), validated here.
    fn add_checked<K: Kind + Into<Manifest>>(&mut self, target: Target, object: K) {
        let checked = object.validate().map(|()| object);
        self.add(target, checked);
    }

    fn finish(self) -> Result<Bundle, Error> {
        match ValidationError::from_violations(self.violations) {
            None => Ok(Bundle {
                objects: self.objects,
            }),
            Some(error) => Err(Error::Validation(error)),
        }
    }
}

/// Renders every object the plan's cluster needs, in apply order (see the crate's rendering spec):
/// ResourceGroup; UserAssignedIdentity (user-assigned identity); ManagedCluster; AKSNodeClass and
/// NodePool (NAP, on the new cluster); Flux Extension and FluxConfiguration (GitOps); RBAC.
///
/// Every object is built by its kind's validating builder. A plan from
/// [`crate::validate`] always renders; an error here means validation let through something a
/// kind rejects, and lists every such violation at its path in the bundle (`[i].spec...`).
pub fn render(plan: &Plan, options: &RenderOptions) -> Result<Bundle, Error> {
    use Target::{Management, Workload};
    let max_count = if plan.enable_nap {
        None
    } else {
        Some(aso::fallback_max_count(plan)?)
    };
    let mut bundle = Assembler::default();
    bundle.add(Management, aso::resource_group(plan));
    if plan.identity == IdentityType::UserAssigned {
        bundle.add(Management, aso::user_assigned_identity(plan));
    }
    match plan.api_versions.managed_cluster {
        ManagedClusterVersion::V1api20250801 => bundle.add(
            Management,
            aso::managed_cluster_v1api20250801(plan, max_count),
        ),
        ManagedClusterVersion::V1api20240402preview => bundle.add(
            Management,
            aso::managed_cluster_v1api20240402preview(plan, max_count),
        ),
    }
    if plan.enable_nap {
        match plan.api_versions.aks_node_class {
            AksNodeClassVersion::V1beta1 => {
                bundle.add(Workload, karpenter::node_class_v1beta1(plan));
            }
            AksNodeClassVersion::V1alpha2 => {
                bundle.add(Workload, karpenter::node_class_v1alpha2(plan));
            }
        }
        match plan.api_versions.node_pool {
            NodePoolVersion::V1 => bundle.add(Workload, karpenter::node_pool_v1(plan)),
            NodePoolVersion::V1beta1 => bundle.add(Workload, karpenter::node_pool_v1beta1(plan)),
        }
    }
    if let Some(gitops) = &plan.gitops {
        bundle.add(Management, aso::flux_extension(plan));
        bundle.add(Management, aso::flux_configuration(plan, gitops));
    }
    match options.rbac {
        RbacMode::LeastPrivilege => {
            let (accounts, roles, bindings) = least_privilege(plan, &options.rbac_names);
            for account in accounts {
                bundle.add_checked(Management, account);
            }
            for role in roles {
                bundle.add_checked(Management, role);
            }
            for binding in bindings {
                bundle.add_checked(Management, binding);
            }
        }
        RbacMode::Compatible => bundle.add_checked(Management, compatible_cluster_role()),
        RbacMode::None => {}
    }
    bundle.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::GitOps;
    use crate::render::test_support::{SUBNET, WORKSPACE, base_plan, plan_with};
    use crate::validation::Validate;

    fn full_plan() -> Plan {
        plan_with(|p| {
            p.identity = IdentityType::UserAssigned;
            p.vnet_subnet_id = Some(SUBNET.to_owned());
            p.tags = [("team", "payments"), ("cost-center", "cc-1234")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            p.gitops = Some(GitOps {
                url: "https://github.com/org/fleet".into(),
                branch: "main".into(),
                path: "./clusters/payments-prod".into(),
            });
            p.addons.monitoring = true;
            p.addons.log_analytics_workspace_resource_id = Some(WORKSPACE.to_owned());
            p.addons.key_vault_secrets_provider = true;
            p.addons.azure_policy = true;
        })
    }

    /// Every combination that changes what is rendered.
    fn matrix() -> Vec<(String, Plan, RenderOptions)> {
        let profiles = crate::profiles::Profiles::builtin();
        let mut out = Vec::new();
        for (name, profile) in &profiles.0 {
            for nap in [true, false] {
                for mc in [
                    ManagedClusterVersion::V1api20250801,
                    ManagedClusterVersion::V1api20240402preview,
                ] {
                    for (np, nc) in [
                        (NodePoolVersion::V1, AksNodeClassVersion::V1beta1),
                        (NodePoolVersion::V1beta1, AksNodeClassVersion::V1alpha2),
                        (NodePoolVersion::V1, AksNodeClassVersion::V1alpha2),
                    ] {
                        for full in [false, true] {
                            for rbac in [
                                RbacMode::LeastPrivilege,
                                RbacMode::Compatible,
                                RbacMode::None,
                            ] {
                                let plan = if full { full_plan() } else { base_plan() };
                                let plan = Plan {
                                    node_pool_type: name.clone(),
                                    profile: profile.clone(),
                                    enable_nap: nap,
                                    api_versions: crate::plan::ResolvedApiVersions {
                                        managed_cluster: mc,
                                        node_pool: np,
                                        aks_node_class: nc,
                                    },
                                    ..plan
                                };
                                let label = format!(
                                    "{name}-nap{nap}-{mc:?}-{np:?}-{nc:?}-full{full}-{rbac:?}"
                                );
                                out.push((label, plan, RenderOptions::default().with_rbac(rbac)));
                            }
                        }
                    }
                }
            }
        }
        out
    }

    fn summary(bundle: &Bundle) -> Vec<(Target, String)> {
        bundle
            .objects
            .iter()
            .map(|o| {
                let name = o.manifest.metadata().name.clone().unwrap_or_default();
                (o.target, format!("{} {name}", o.manifest.kind()))
            })
            .collect()
    }

    fn yaml_of(manifest: &Manifest) -> String {
        crate::to_yaml(manifest).unwrap()
    }

    fn find<'a>(bundle: &'a Bundle, kind: &str) -> &'a Manifest {
        bundle
            .manifests()
            .find(|m| m.kind() == kind)
            .unwrap_or_else(|| panic!("no {kind}"))
    }

    #[test]
    fn the_full_nap_bundle_is_exactly_this() {
        // NAP, memory-optimized, NodePool v1, AKSNodeClass v1beta1, ManagedCluster v1api20250801,
        // user-assigned identity, subnet, tags, gitops, every add-on, least-privilege RBAC.
        let bundle = render(&full_plan(), &RenderOptions::default()).unwrap();
        assert_eq!(
            bundle.to_yaml().unwrap(),
            include_str!("testdata/payments-prod-full.yaml")
        );
    }

    #[test]
    fn objects_come_in_apply_order_with_their_targets() {
        use Target::{Management as M, Workload as W};
        let s = |items: &[(Target, &str)]| -> Vec<(Target, String)> {
            items.iter().map(|(t, n)| (*t, (*n).to_owned())).collect()
        };
        let rbac = [
            (M, "ServiceAccount aksflow-provisioner"),
            (M, "Role aksflow-provision-payments-prod"),
            (M, "Role aksflow-executor"),
            (M, "Role idp-backend-workflows"),
            (M, "RoleBinding aksflow-provision-payments-prod"),
            (M, "RoleBinding aksflow-executor"),
            (M, "RoleBinding idp-backend-workflows"),
        ];
        let nap = render(&base_plan(), &RenderOptions::default()).unwrap();
        let mut expected = s(&[
            (M, "ResourceGroup rg-payments-prod"),
            (M, "ManagedCluster payments-prod"),
            (W, "AKSNodeClass payments-prod-nodeclass"),
            (W, "NodePool payments-prod-nodepool"),
        ]);
        expected.extend(s(&rbac));
        assert_eq!(summary(&nap), expected);

        let no_nap = render(
            &plan_with(|p| p.enable_nap = false),
            &RenderOptions::default(),
        )
        .unwrap();
        let mut expected = s(&[
            (M, "ResourceGroup rg-payments-prod"),
            (M, "ManagedCluster payments-prod"),
        ]);
        expected.extend(s(&rbac));
        assert_eq!(summary(&no_nap), expected);
        assert_eq!(no_nap.for_target(W).count(), 0);

        let full = render(&full_plan(), &RenderOptions::default()).unwrap();
        let mut expected = s(&[
            (M, "ResourceGroup rg-payments-prod"),
            (M, "UserAssignedIdentity id-payments-prod"),
            (M, "ManagedCluster payments-prod"),
            (W, "AKSNodeClass payments-prod-nodeclass"),
            (W, "NodePool payments-prod-nodepool"),
            (M, "Extension payments-prod-flux"),
            (M, "FluxConfiguration payments-prod-gitops"),
        ]);
        expected.extend(s(&rbac));
        assert_eq!(summary(&full), expected);
        let workload: Vec<&str> = full.for_target(W).map(Manifest::kind).collect();
        assert_eq!(workload, ["AKSNodeClass", "NodePool"]);

        let full_no_nap = render(
            &Plan {
                enable_nap: false,
                ..full_plan()
            },
            &RenderOptions::default().with_rbac(RbacMode::None),
        )
        .unwrap();
        assert_eq!(
            summary(&full_no_nap),
            s(&[
                (M, "ResourceGroup rg-payments-prod"),
                (M, "UserAssignedIdentity id-payments-prod"),
                (M, "ManagedCluster payments-prod"),
                (M, "Extension payments-prod-flux"),
                (M, "FluxConfiguration payments-prod-gitops"),
            ])
        );
    }

    #[test]
    fn rbac_modes() {
        let compatible = render(
            &base_plan(),
            &RenderOptions::default().with_rbac(RbacMode::Compatible),
        )
        .unwrap();
        let last = compatible.objects.last().unwrap();
        assert_eq!(last.target, Target::Management);
        assert_eq!(
            last.manifest,
            Manifest::from(crate::render::compatible_cluster_role())
        );
        assert_eq!(
            compatible
                .manifests()
                .filter(|m| m.api_version().starts_with("rbac") || m.kind() == "ServiceAccount")
                .count(),
            1
        );
        let none = render(
            &base_plan(),
            &RenderOptions::default().with_rbac(RbacMode::None),
        )
        .unwrap();
        assert_eq!(
            none.manifests().map(Manifest::kind).collect::<Vec<_>>(),
            [
                "ResourceGroup",
                "ManagedCluster",
                "AKSNodeClass",
                "NodePool"
            ]
        );
        let names = RbacNames {
            workflow_namespace: "workflows".into(),
            ..RbacNames::default()
        };
        let renamed = render(
            &base_plan(),
            &RenderOptions::default().with_rbac_names(names),
        )
        .unwrap();
        assert_eq!(
            find(&renamed, "ServiceAccount")
                .metadata()
                .namespace
                .as_deref(),
            Some("workflows")
        );
    }

    #[test]
    fn node_pool_v1beta1_puts_expire_after_under_disruption() {
        let plan = plan_with(|p| {
            p.api_versions.node_pool = NodePoolVersion::V1beta1;
            p.api_versions.aks_node_class = AksNodeClassVersion::V1alpha2;
        });
        let bundle = render(&plan, &RenderOptions::default()).unwrap();
        assert_eq!(
            yaml_of(find(&bundle, "NodePool")),
            "\
apiVersion: karpenter.sh/v1beta1
kind: NodePool
metadata:
  name: payments-prod-nodepool
spec:
  template:
    metadata:
      labels:
        cluster-name: payments-prod
        node-pool-type: memory-optimized
    spec:
      nodeClassRef:
        apiVersion: karpenter.azure.com/v1alpha2
        kind: AKSNodeClass
        name: payments-prod-nodeclass
      requirements:
      - key: karpenter.azure.com/sku-family
        operator: In
        values:
        - E
      - key: kubernetes.io/arch
        operator: In
        values:
        - amd64
      - key: node.kubernetes.io/instance-type
        operator: In
        values:
        - Standard_E2s_v3
        - Standard_E4s_v3
      taints:
      - key: memory-optimized
        value: \"true\"
        effect: NoSchedule
  disruption:
    consolidationPolicy: WhenEmpty
    consolidateAfter: 30s
    expireAfter: 2160h
  limits:
    cpu: \"1000\"
    memory: 2000Gi
"
        );
        // The reference names the AKSNodeClass version the bundle renders.
        let v1beta1_class = render(
            &plan_with(|p| p.api_versions.node_pool = NodePoolVersion::V1beta1),
            &RenderOptions::default(),
        )
        .unwrap();
        assert!(
            yaml_of(find(&v1beta1_class, "NodePool"))
                .contains("apiVersion: karpenter.azure.com/v1beta1\n        kind: AKSNodeClass")
        );
    }

    #[test]
    fn aks_node_class_v1alpha2_has_the_same_spec() {
        let v1beta1 = render(&full_plan(), &RenderOptions::default()).unwrap();
        let v1alpha2 = render(
            &plan_with(|p| {
                *p = full_plan();
                p.api_versions.aks_node_class = AksNodeClassVersion::V1alpha2;
            }),
            &RenderOptions::default(),
        )
        .unwrap();
        let (new, old) = (
            find(&v1beta1, "AKSNodeClass"),
            find(&v1alpha2, "AKSNodeClass"),
        );
        assert_eq!(old.api_version(), "karpenter.azure.com/v1alpha2");
        assert!(matches!(old, Manifest::AksNodeClassV1alpha2(_)));
        assert_eq!(
            yaml_of(old),
            yaml_of(new).replace(
                "karpenter.azure.com/v1beta1",
                "karpenter.azure.com/v1alpha2"
            )
        );
        assert_eq!(
            yaml_of(new),
            format!(
                "\
apiVersion: karpenter.azure.com/v1beta1
kind: AKSNodeClass
metadata:
  name: payments-prod-nodeclass
spec:
  imageFamily: Ubuntu2204
  osDiskSizeGB: 128
  tags:
    cost-center: cc-1234
    team: payments
  vnetSubnetID: {SUBNET}
"
            )
        );
    }

    #[test]
    fn managed_cluster_v1api20240402preview_has_the_same_spec() {
        for nap in [true, false] {
            let plan = Plan {
                enable_nap: nap,
                ..full_plan()
            };
            let current = render(&plan, &RenderOptions::default()).unwrap();
            let preview = render(
                &plan_with(|p| {
                    *p = plan.clone();
                    p.api_versions.managed_cluster = ManagedClusterVersion::V1api20240402preview;
                }),
                &RenderOptions::default(),
            )
            .unwrap();
            let old = find(&preview, "ManagedCluster");
            assert!(matches!(
                old,
                Manifest::ManagedClusterV1api20240402preview(_)
            ));
            assert_eq!(
                yaml_of(old),
                yaml_of(find(&current, "ManagedCluster")).replace(
                    "containerservice.azure.com/v1api20250801",
                    "containerservice.azure.com/v1api20240402preview"
                )
            );
            assert_eq!(
                yaml_of(old).contains("nodeProvisioningProfile:\n    mode: Auto\n"),
                nap
            );
        }
    }

    #[test]
    fn without_nap_the_profile_is_an_autoscaled_user_pool() {
        let bundle = render(
            &plan_with(|p| {
                p.enable_nap = false;
                p.vnet_subnet_id = Some(SUBNET.to_owned());
            }),
            &RenderOptions::default(),
        )
        .unwrap();
        let yaml = yaml_of(find(&bundle, "ManagedCluster"));
        assert_eq!(
            yaml,
            format!(
                "\
apiVersion: containerservice.azure.com/v1api20250801
kind: ManagedCluster
metadata:
  name: payments-prod
  namespace: azure-system
spec:
  agentPoolProfiles:
  - count: 1
    mode: System
    name: system
    osType: Linux
    vmSize: Standard_B2s
    vnetSubnetReference:
      armId: {SUBNET}
  - count: 1
    enableAutoScaling: true
    maxCount: 500
    minCount: 1
    mode: User
    name: userpool
    nodeLabels:
      cluster-name: payments-prod
      node-pool-type: memory-optimized
    nodeTaints:
    - memory-optimized=true:NoSchedule
    osType: Linux
    vmSize: Standard_E2s_v3
    vnetSubnetReference:
      armId: {SUBNET}
  dnsPrefix: payments-prod
  identity:
    type: SystemAssigned
  kubernetesVersion: \"1.30\"
  location: westeurope
  networkProfile:
    networkDataplane: cilium
    networkPlugin: azure
    networkPluginMode: overlay
    networkPolicy: cilium
  operatorSpec:
    secrets:
      userCredentials:
        name: payments-prod-kubeconfig
        key: value
  owner:
    name: rg-payments-prod
"
            )
        );
    }

    fn user_pool_max_count(primary: &str, max_cpu: &str) -> Result<i32, Error> {
        let plan = plan_with(|p| {
            p.enable_nap = false;
            p.profile.primary_vm_size = primary.to_owned();
            p.profile.max_cpu = max_cpu.to_owned();
        });
        let bundle = render(&plan, &RenderOptions::default())?;
        let Manifest::ManagedCluster(cluster) = find(&bundle, "ManagedCluster") else {
            panic!("not v1api20250801");
        };
        let pools = cluster.spec.agent_pool_profiles.as_ref().unwrap();
        assert_eq!(pools.len(), 2);
        Ok(pools[1].max_count.unwrap())
    }

    #[test]
    fn fallback_max_count_is_cpu_limit_over_vcpus_within_1_to_1000() {
        // The built-in profiles: 1000/2, 1000/2, 2000/2.
        for (name, expected) in [
            ("standard", 500),
            ("memory-optimized", 500),
            ("compute-optimized", 1000),
        ] {
            let plan = plan_with(|p| {
                p.enable_nap = false;
                p.node_pool_type = name.to_owned();
                p.profile = crate::profiles::Profiles::builtin().0[name].clone();
            });
            let bundle = render(&plan, &RenderOptions::default()).unwrap();
            assert!(
                yaml_of(find(&bundle, "ManagedCluster"))
                    .contains(&format!("maxCount: {expected}\n")),
                "{name}"
            );
        }
        for (primary, max_cpu, expected) in [
            ("Standard_E4s_v3", "1000", 250),
            ("Standard_E64s_v3", "1000", 15),    // rounded down
            ("Standard_D8s_v5", "4", 1),         // at least one node
            ("Standard_DS2_v2", "100000", 1000), // at most 1000 (AKS's limit)
            ("Standard_DS2_v2", "2001", 1000),
            ("Standard_D2s_v5", "1500m", 1),
            ("Standard_D2s_v5", "64", 32),
            ("Standard_D2s_v5", "2k", 1000),
            ("Standard_D2s_v5", "1e2", 50),
            ("Standard_E4-2s_v3", "100", 50), // constrained vCPU: 2 active
        ] {
            assert_eq!(
                user_pool_max_count(primary, max_cpu).unwrap(),
                expected,
                "{primary} {max_cpu}"
            );
        }
    }

    #[test]
    fn an_unsizable_profile_is_a_typed_error_not_a_panic() {
        let Err(Error::Validation(error)) = user_pool_max_count("Standard_Weird", "lots") else {
            panic!("expected a validation error");
        };
        let got: Vec<String> = error
            .violations()
            .iter()
            .map(|v| format!("{} {}", v.path, v.code))
            .collect();
        assert_eq!(
            got,
            ["nodePoolType pattern", "nodePoolType invalid_quantity"]
        );
        // With NAP no pool is sized; the bad quantity is caught by the NodePool's own rules.
        let nap = plan_with(|p| p.profile.max_cpu = "lots".to_owned());
        let Err(Error::Validation(error)) = render(&nap, &RenderOptions::default()) else {
            panic!("expected a validation error");
        };
        assert_eq!(
            error.violations()[0].path.to_string(),
            "[3].spec.limits.cpu"
        );
    }

    #[test]
    fn what_a_kind_rejects_is_reported_at_its_place_in_the_bundle() {
        let plan = plan_with(|p| {
            p.location = "West Europe".to_owned();
            p.system_vm_size = String::new();
        });
        let Err(Error::Validation(error)) = render(&plan, &RenderOptions::default()) else {
            panic!("expected a validation error");
        };
        let got: Vec<String> = error
            .violations()
            .iter()
            .map(|v| format!("{} {}", v.path, v.code))
            .collect();
        assert_eq!(
            got,
            [
                "[0].spec.location pattern",
                "[1].spec.agentPoolProfiles[0].vmSize required",
                "[1].spec.location pattern",
            ]
        );
        assert!(
            error.violations()[0]
                .message
                .starts_with("the rendered ResourceGroup")
        );
    }

    #[test]
    fn addons_and_tags_appear_only_when_set() {
        let bare = render(&base_plan(), &RenderOptions::default()).unwrap();
        let yaml = bare.to_yaml().unwrap();
        assert!(!yaml.contains("addonProfiles") && !yaml.contains("tags"));
        for (set, key) in [
            (0, "omsagent"),
            (1, "azureKeyvaultSecretsProvider"),
            (2, "azurepolicy"),
        ] {
            let plan = plan_with(|p| match set {
                0 => {
                    p.addons.monitoring = true;
                    p.addons.log_analytics_workspace_resource_id = Some(WORKSPACE.to_owned());
                }
                1 => p.addons.key_vault_secrets_provider = true,
                _ => p.addons.azure_policy = true,
            });
            let bundle = render(&plan, &RenderOptions::default()).unwrap();
            let Manifest::ManagedCluster(cluster) = find(&bundle, "ManagedCluster") else {
                panic!("not v1api20250801");
            };
            let addons = cluster.spec.addon_profiles.as_ref().unwrap();
            assert_eq!(addons.keys().collect::<Vec<_>>(), [key]);
            assert!(addons[key].enabled);
        }
    }

    #[test]
    fn every_rendered_object_passes_its_kinds_rules_and_reads_back() {
        let cases = matrix();
        assert_eq!(cases.len(), 216);
        for (label, plan, options) in cases {
            let bundle = render(&plan, &options).unwrap_or_else(|e| panic!("{label}: {e}"));
            for manifest in bundle.manifests() {
                manifest
                    .validate()
                    .unwrap_or_else(|e| panic!("{label} {}: {e}", manifest.kind()));
            }
            let yaml = bundle.to_yaml().unwrap();
            let back = Manifest::from_yaml_stream(&yaml).unwrap();
            assert_eq!(
                back,
                bundle.manifests().cloned().collect::<Vec<_>>(),
                "{label}"
            );
            let json: serde_json::Value = serde_json::from_str(&bundle.to_json().unwrap()).unwrap();
            assert_eq!(json.as_array().map(Vec::len), Some(bundle.objects.len()));
        }
    }

    #[test]
    fn rendering_is_deterministic() {
        let a = render(&full_plan(), &RenderOptions::default()).unwrap();
        let b = render(&full_plan(), &RenderOptions::default()).unwrap();
        assert_eq!(a.to_yaml().unwrap(), b.to_yaml().unwrap());
        assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
    }
}

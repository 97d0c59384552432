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
                for mc in [ManagedClusterVersion::V1api20250801, ManagedClusterVersion::V1api20240402preview] {
                    for (np, nc) in [
                        (NodePoolVersion::V1, AksNodeClassVersion::V1beta1),
                        (NodePoolVersion::V1beta1, AksNodeClassVersion::V1alpha2),
                        (NodePoolVersion::V1, AksNodeClassVersion::V1alpha2),
                    ] {
                        for full in [false, true] {
                            for rbac in [RbacMode::LeastPrivilege, RbacMode::Compatible, RbacMode::None] {
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
                                let label = format!("{name}-nap{nap}-{mc:?}-{np:?}-{nc:?}-full{full}-{rbac:?}");
                                out.push((label, plan, RenderOptions::default().with_rbac(rbac)));
                            }
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn dump() {
        let Ok(dir) = std::env::var("DUMP") else { return };
        for (label, plan, options) in matrix() {
            let bundle = render(&plan, &options).unwrap();
            std::fs::write(format!("{dir}/{label}.yaml"), bundle.to_yaml().unwrap()).unwrap();
        }
    }

    #[test]
    fn print_full() {
        let bundle = render(&full_plan(), &RenderOptions::default()).unwrap();
        println!("{}", bundle.to_yaml().unwrap());
    }
}

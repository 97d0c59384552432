//! The bundle: every object one cluster needs, in apply order.

use serde::Serialize;

use crate::error::Error;
use crate::manifest::Manifest;
use crate::plan::Plan;

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

/// Renders every object the plan's cluster needs.
pub fn render(plan: &Plan, options: &RenderOptions) -> Bundle {
    let _ = (plan, options);
    todo!("render the bundle")
}

//! Node pool profiles: the VM sizes, SKU family and limits behind a request's `nodePoolType`.
//!
//! The three built-in profiles are the platform design's table exactly. A profiles file (YAML or
//! JSON, a map of name → profile in the same shape) adds profiles or overrides built-in ones.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One node pool profile, in the design's shape (`NODE_POOL_CONFIGURATIONS` in the WorkflowService).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(on(String, into))]
pub struct NodePoolProfile {
    /// The preferred VM size, e.g. `Standard_E2s_v3`.
    pub primary_vm_size: String,
    /// The second VM size Karpenter may choose, e.g. `Standard_E4s_v3`.
    pub secondary_vm_size: String,
    /// The Karpenter `karpenter.azure.com/sku-family` both sizes belong to, e.g. `E`.
    pub sku_family: String,
    /// The NodePool's CPU limit, a Kubernetes quantity (`1000`).
    pub max_cpu: String,
    /// The NodePool's memory limit, a Kubernetes quantity (`2000Gi`).
    pub max_memory: String,
}

/// The profiles a request's `nodePoolType` may name, by name (ordered, for stable output).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Profiles(pub BTreeMap<String, NodePoolProfile>);

fn profile(
    primary: &str,
    secondary: &str,
    family: &str,
    cpu: &str,
    memory: &str,
) -> NodePoolProfile {
    NodePoolProfile {
        primary_vm_size: primary.to_owned(),
        secondary_vm_size: secondary.to_owned(),
        sku_family: family.to_owned(),
        max_cpu: cpu.to_owned(),
        max_memory: memory.to_owned(),
    }
}

impl Profiles {
    /// The design's three profiles: `standard`, `memory-optimized`, `compute-optimized`.
    pub fn builtin() -> Self {
        Self(BTreeMap::from([
            (
                "standard".to_owned(),
                profile("Standard_DS2_v2", "Standard_DS3_v2", "D", "1000", "1000Gi"),
            ),
            (
                "memory-optimized".to_owned(),
                profile("Standard_E2s_v3", "Standard_E4s_v3", "E", "1000", "2000Gi"),
            ),
            (
                "compute-optimized".to_owned(),
                profile("Standard_F2s_v2", "Standard_F4s_v2", "F", "2000", "1000Gi"),
            ),
        ]))
    }

    /// The profile named `name`, if any.
    pub fn get(&self, name: &str) -> Option<&NodePoolProfile> {
        self.0.get(name)
    }

    /// The profile names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

impl Default for Profiles {
    fn default() -> Self {
        Self::builtin()
    }
}

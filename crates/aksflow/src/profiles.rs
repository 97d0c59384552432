//! Node pool profiles: the VM sizes, SKU family and limits behind a request's `nodePoolType`.
//!
//! The three built-in profiles are the platform design's table exactly. A profiles file (YAML or
//! JSON, a map of name → profile in the same shape) adds profiles or overrides built-in ones.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Error;

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

impl NodePoolProfile {
    /// The whole CPU cores of `maxCpu` (`1000` → 1000, `1.5k` → 1500, `500m` → 0); `None` when
    /// it is not a quantity. The fallback agent pool's `maxCount` is this over the primary size's vCPUs.
    pub fn max_cpu_cores(&self) -> Option<u64> {
        quantity_value(&self.max_cpu)
            .filter(|v| v.is_finite() && *v >= 0.0)
            .map(|v| v.floor() as u64)
    }

    /// The vCPUs of the primary VM size, from its name (see [`crate::azure::vm_size_vcpus`]).
    pub fn primary_vcpus(&self) -> Option<u32> {
        crate::azure::vm_size_vcpus(&self.primary_vm_size)
    }
}

/// The value of a Kubernetes quantity as a number (`1Gi` → 1073741824, `500m` → 0.5, `1e3` → 1000).
fn quantity_value(quantity: &str) -> Option<f64> {
    if !crate::quantity::is_quantity(quantity) {
        return None;
    }
    const BINARY: [(&str, i32); 6] = [
        ("Ki", 10),
        ("Mi", 20),
        ("Gi", 30),
        ("Ti", 40),
        ("Pi", 50),
        ("Ei", 60),
    ];
    for (suffix, power) in BINARY {
        if let Some(number) = quantity.strip_suffix(suffix) {
            return Some(number.parse::<f64>().ok()? * 2f64.powi(power));
        }
    }
    let decimal = |c: char| match c {
        'n' => Some(-9),
        'u' => Some(-6),
        'm' => Some(-3),
        'k' => Some(3),
        'M' => Some(6),
        'G' => Some(9),
        'T' => Some(12),
        'P' => Some(15),
        'E' => Some(18),
        _ => None,
    };
    let last = quantity.chars().last()?;
    if let Some(power) = decimal(last) {
        let number = &quantity[..quantity.len() - last.len_utf8()];
        return Some(number.parse::<f64>().ok()? * 10f64.powi(power));
    }
    // Plain decimals and decimal exponents (`1e3`) parse as floats directly.
    quantity.parse::<f64>().ok()
}

/// Reads a profiles file (YAML or JSON: a map of name → profile in [`NodePoolProfile`]'s shape)
/// and returns the built-in profiles with the file's added, the file's winning on a shared name.
///
/// Every problem of the file is reported at once ([`Error::Validation`], paths `<name>.<field>`):
/// unknown fields, wrong types, missing fields, a name that cannot be a label value or taint key,
/// malformed VM sizes, sizes outside the profile's SKU family, and invalid quantities.
/// Malformed text is [`Error::Parse`].
pub fn load_profiles(text: &str) -> Result<Profiles, Error> {
    let document = crate::output::yaml_document(text)?;
    let file = crate::validate::read_profiles(&document)?;
    let mut profiles = Profiles::builtin();
    profiles.extend(Profiles(file));
    Ok(profiles)
}

impl Profiles {
    /// Adds `other`'s profiles, replacing those with the same name.
    pub fn extend(&mut self, other: Profiles) {
        self.0.extend(other.0);
    }
}

impl Default for Profiles {
    fn default() -> Self {
        Self::builtin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    #[test]
    fn the_builtin_profiles_are_the_designs_table() {
        let builtin = Profiles::builtin();
        assert_eq!(
            builtin.names().collect::<Vec<_>>(),
            ["compute-optimized", "memory-optimized", "standard"]
        );
        let row = |name: &str| {
            let p = builtin.get(name).unwrap();
            (
                p.primary_vm_size.as_str(),
                p.secondary_vm_size.as_str(),
                p.sku_family.as_str(),
                p.max_cpu.as_str(),
                p.max_memory.as_str(),
            )
        };
        assert_eq!(
            row("standard"),
            ("Standard_DS2_v2", "Standard_DS3_v2", "D", "1000", "1000Gi")
        );
        assert_eq!(
            row("memory-optimized"),
            ("Standard_E2s_v3", "Standard_E4s_v3", "E", "1000", "2000Gi")
        );
        assert_eq!(
            row("compute-optimized"),
            ("Standard_F2s_v2", "Standard_F4s_v2", "F", "2000", "1000Gi")
        );
        assert_eq!(Profiles::default(), builtin);
        // The design's JSON shape (its NODE_POOL_CONFIGURATIONS), exactly.
        assert_eq!(
            serde_json::to_value(builtin.get("standard").unwrap()).unwrap(),
            serde_json::json!({
                "primaryVmSize": "Standard_DS2_v2",
                "secondaryVmSize": "Standard_DS3_v2",
                "skuFamily": "D",
                "maxCpu": "1000",
                "maxMemory": "1000Gi"
            })
        );
    }

    #[test]
    fn a_profiles_file_adds_and_overrides() {
        let text = "\
gpu:
  primaryVmSize: Standard_NC6s_v3
  secondaryVmSize: Standard_NC12s_v3
  skuFamily: NC
  maxCpu: \"96\"
  maxMemory: 1000Gi
standard:
  primaryVmSize: Standard_D4s_v5
  secondaryVmSize: Standard_D8s_v5
  skuFamily: D
  maxCpu: \"500\"
  maxMemory: 2000Gi
";
        let profiles = load_profiles(text).unwrap();
        assert_eq!(
            profiles.names().collect::<Vec<_>>(),
            ["compute-optimized", "gpu", "memory-optimized", "standard"]
        );
        assert_eq!(profiles.get("gpu").unwrap().sku_family, "NC");
        assert_eq!(
            profiles.get("standard").unwrap().primary_vm_size,
            "Standard_D4s_v5"
        );
        assert_eq!(profiles.get("standard").unwrap().max_cpu, "500");
        assert_eq!(
            profiles.get("memory-optimized"),
            Profiles::builtin().get("memory-optimized")
        );
        // JSON works too.
        let json = r#"{"tiny": {"primaryVmSize": "Standard_B2s", "secondaryVmSize": "Standard_B4ms",
            "skuFamily": "B", "maxCpu": "8", "maxMemory": "32Gi"}}"#;
        assert!(load_profiles(json).unwrap().get("tiny").is_some());
    }

    #[test]
    fn a_profile_outside_its_family_is_rejected() {
        let text = "\
mixed:
  primaryVmSize: Standard_E2s_v3
  secondaryVmSize: Standard_D4s_v3
  skuFamily: E
  maxCpu: \"100\"
  maxMemory: 100Gi
";
        let Err(Error::Validation(error)) = load_profiles(text) else {
            panic!("accepted")
        };
        let found: Vec<(String, Code)> = error
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect();
        assert_eq!(
            found,
            vec![("mixed.secondaryVmSize".to_owned(), Code::Conflict)]
        );
        assert!(error.violations()[0].message.contains("family D"));
        assert!(matches!(
            load_profiles("a: [unclosed"),
            Err(Error::Parse(_))
        ));
    }

    #[test]
    fn cpu_cores_and_vcpus() {
        let mut p = Profiles::builtin().get("standard").unwrap().clone();
        assert_eq!(p.max_cpu_cores(), Some(1000));
        assert_eq!(p.primary_vcpus(), Some(2));
        for (q, cores) in [
            ("1.5k", Some(1500)),
            ("500m", Some(0)),
            ("1e3", Some(1000)),
            ("2Ki", Some(2048)),
            ("x", None),
        ] {
            p.max_cpu = q.into();
            assert_eq!(p.max_cpu_cores(), cores, "{q}");
        }
        assert_eq!(quantity_value("1Gi"), Some(1073741824.0));
    }
}

//! The rules of a node pool profile (built in, or from a profiles file): its name becomes a label
//! value and a taint key; its VM sizes must be well-formed and in its Karpenter SKU family; its
//! limits must be quantities.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::absorb;
use super::document::{self, check_safe};
use crate::azure::{check_vm_size, vm_size_family};
use crate::error::{Code, ValidationError};
use crate::karpenter_sh::v1::{Taint, TaintEffect};
use crate::profiles::NodePoolProfile;
use crate::quantity::{Quantity, check_quantity};
use crate::validation::{Report, Validate, check, pattern};

/// A Karpenter `karpenter.azure.com/sku-family` value: one to three upper-case letters (`D`, `E`, `NC`).
static SKU_FAMILY: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[A-Z]{1,3}$"));

/// The profile fields, in the design's order.
const PROFILE_FIELDS: &[&str] = &[
    "primaryVmSize",
    "secondaryVmSize",
    "skuFamily",
    "maxCpu",
    "maxMemory",
];

/// Checks a profile's name where it is used: the `node-pool-type` label value, and the taint
/// key of `<name>=true:NoSchedule` (on the NodePool and the fallback agent pool).
pub fn check_profile_name(report: &mut Report, name: &str) {
    if name.is_empty() {
        report.violation(Code::Required, "a profile needs a name");
        return;
    }
    if !check_safe(report, name, "the profile name") {
        return;
    }
    let mut scratch = Report::default();
    check::label_value(&mut scratch, name);
    Taint::new(name, "true", TaintEffect::NoSchedule).validate_into(&mut scratch);
    absorb(
        report,
        scratch,
        "the profile name (a node-pool-type label value and a taint key)",
    );
}

/// Checks a profile's fields, each at its JSON name below the current path.
pub fn check_profile(report: &mut Report, profile: &NodePoolProfile) {
    let family = profile.sku_family.as_str();
    let family_ok = report.field("skuFamily", |r| {
        if family.is_empty() {
            r.violation(Code::Required, "set the Karpenter SKU family, e.g. D");
            false
        } else if !SKU_FAMILY.is_match(family) {
            r.violation(
                Code::Pattern,
                format!("{family:?} is not a Karpenter SKU family (1-3 upper-case letters, e.g. D, E, F)"),
            );
            false
        } else {
            true
        }
    });
    for (field, size) in [
        ("primaryVmSize", &profile.primary_vm_size),
        ("secondaryVmSize", &profile.secondary_vm_size),
    ] {
        report.field(field, |r| {
            if !check_safe(r, size, "the VM size") {
                return;
            }
            let before = r.violations().len();
            check_vm_size(r, size);
            if r.violations().len() > before || !family_ok {
                return;
            }
            if let Some(letters) = vm_size_family(size)
                && !letters.starts_with(family)
            {
                r.violation(
                    Code::Conflict,
                    format!(
                        "{size} is in VM family {letters}, not in the profile's SKU family {family}"
                    ),
                );
            }
        });
    }
    for (field, value) in [
        ("maxCpu", &profile.max_cpu),
        ("maxMemory", &profile.max_memory),
    ] {
        report.field(field, |r| {
            if value.is_empty() {
                r.violation(Code::Required, "set a limit, e.g. 1000 or 1000Gi");
            } else if check_safe(r, value, "the limit") {
                let before = r.violations().len();
                check_quantity(r, &Quantity(value.clone()));
                if r.violations().len() == before && value.starts_with('-') {
                    r.violation(Code::OutOfRange, "a limit must not be negative");
                }
            }
        });
    }
}

/// Checks one profile: its name, then its fields at `<name>.<field>`.
pub fn validate_profile(name: &str, profile: &NodePoolProfile) -> Result<(), ValidationError> {
    let mut report = Report::default();
    report.field(name, |r| {
        check_profile_name(r, name);
        check_profile(r, profile);
    });
    report.finish()
}

/// Reads a profiles document (a map of name → profile) with every misfit and rule reported at
/// `<name>.<field>`; the profiles when nothing is wrong.
pub(crate) fn read_profiles(
    value: &Value,
) -> Result<BTreeMap<String, NodePoolProfile>, ValidationError> {
    let mut report = Report::default();
    let mut profiles = BTreeMap::new();
    if let Value::Object(map) = value {
        if map.is_empty() {
            report.violation(Code::Required, "a profiles file needs at least one profile");
        }
        for (name, value) in map {
            report.field(name, |r| {
                check_profile_name(r, name);
                let Some(object) = document::object(r, value, PROFILE_FIELDS) else {
                    return;
                };
                let fields: Vec<Option<String>> = PROFILE_FIELDS
                    .iter()
                    .map(|f| object.string(r, f, true))
                    .collect();
                if let [
                    Some(primary),
                    Some(secondary),
                    Some(family),
                    Some(cpu),
                    Some(memory),
                ] = fields.as_slice()
                {
                    let profile = NodePoolProfile {
                        primary_vm_size: primary.clone(),
                        secondary_vm_size: secondary.clone(),
                        sku_family: family.clone(),
                        max_cpu: cpu.clone(),
                        max_memory: memory.clone(),
                    };
                    check_profile(r, &profile);
                    profiles.insert(name.clone(), profile);
                }
            });
        }
    } else {
        document::object(&mut report, value, &[]);
    }
    report.finish().map(|()| profiles)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::profiles::Profiles;

    fn paths(result: Result<impl Sized, ValidationError>) -> Vec<(String, Code)> {
        result
            .err()
            .map(|e| {
                e.violations()
                    .iter()
                    .map(|v| (v.path.to_string(), v.code))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn profile(primary: &str, secondary: &str, family: &str) -> NodePoolProfile {
        NodePoolProfile::builder()
            .primary_vm_size(primary)
            .secondary_vm_size(secondary)
            .sku_family(family)
            .max_cpu("1000")
            .max_memory("1000Gi")
            .build()
    }

    #[test]
    fn the_builtin_profiles_pass() {
        for (name, p) in &Profiles::builtin().0 {
            assert_eq!(validate_profile(name, p), Ok(()), "{name}");
        }
    }

    #[test]
    fn sizes_outside_the_family_are_rejected() {
        assert_eq!(
            paths(validate_profile(
                "gpu",
                &profile("Standard_E2s_v3", "Standard_D4s_v3", "E")
            )),
            vec![("gpu.secondaryVmSize".into(), Code::Conflict)]
        );
        assert_eq!(
            paths(validate_profile(
                "x",
                &profile("Standard_F2s_v2", "Standard_F4s_v2", "D")
            )),
            vec![
                ("x.primaryVmSize".into(), Code::Conflict),
                ("x.secondaryVmSize".into(), Code::Conflict)
            ]
        );
        // DS is in family D; NC is in N.
        assert_eq!(
            validate_profile("d", &profile("Standard_DS2_v2", "Standard_D4s_v5", "D")),
            Ok(())
        );
        assert_eq!(
            validate_profile(
                "n",
                &profile("Standard_NC24ads_A100_v4", "Standard_NC48ads_A100_v4", "NC")
            ),
            Ok(())
        );
    }

    #[test]
    fn every_field_rule() {
        let bad = NodePoolProfile {
            primary_vm_size: "E2s_v3".into(),
            secondary_vm_size: String::new(),
            sku_family: "e".into(),
            max_cpu: "lots".into(),
            max_memory: "-1Gi".into(),
        };
        assert_eq!(
            paths(validate_profile("Bad Name", &bad)),
            vec![
                ("[\"Bad Name\"]".into(), Code::Pattern),
                ("[\"Bad Name\"].skuFamily".into(), Code::Pattern),
                ("[\"Bad Name\"].primaryVmSize".into(), Code::Pattern),
                ("[\"Bad Name\"].secondaryVmSize".into(), Code::Required),
                ("[\"Bad Name\"].maxCpu".into(), Code::InvalidQuantity),
                ("[\"Bad Name\"].maxMemory".into(), Code::OutOfRange),
            ]
        );
        assert_eq!(
            paths(validate_profile(
                "a{{b}}",
                &profile("Standard_D2s_v5", "Standard_D4s_v5", "D")
            )),
            vec![("[\"a{{b}}\"]".into(), Code::UnsafeCharacters)]
        );
        assert_eq!(
            paths(validate_profile(
                &"a".repeat(64),
                &profile("Standard_D2s_v5", "Standard_D4s_v5", "D")
            )),
            vec![("a".repeat(64), Code::TooLong)]
        );
    }

    #[test]
    fn a_profiles_document_reports_every_misfit() {
        let doc = json!({
            "gpu": {
                "primaryVmSize": "Standard_NC6s_v3",
                "secondaryVmSize": "Standard_NC12s_v3",
                "skuFamily": "NC",
                "maxCpu": "96",
                "maxMemory": "1000Gi",
            },
            "broken": {
                "primaryVmSize": 2,
                "skuFamily": "D",
                "maxCpu": "10",
                "maxMemory": "10Gi",
                "minCpu": "1",
            },
            "list": [],
        });
        assert_eq!(
            paths(read_profiles(&doc)),
            vec![
                ("broken.minCpu".into(), Code::UnknownField),
                ("broken.primaryVmSize".into(), Code::InvalidType),
                ("broken.secondaryVmSize".into(), Code::Required),
                ("list".into(), Code::InvalidType),
            ]
        );
        assert_eq!(
            paths(read_profiles(&json!("x"))),
            vec![(String::new(), Code::InvalidType)]
        );
        assert_eq!(
            paths(read_profiles(&json!({}))),
            vec![(String::new(), Code::Required)]
        );
    }
}

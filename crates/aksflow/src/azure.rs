//! Azure facts aksflow checks requests against: physical regions, supported Kubernetes versions,
//! VM size names (family letters, vCPU count), the ARM ids a request may carry, and the limits on
//! names aksflow composes from a cluster name.

use std::sync::LazyLock;

use regex::Regex;

use crate::error::Code;
use crate::validation::{Report, check, pattern};

// ---------------------------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------------------------

/// The physical regions of the Azure public cloud, by programmatic name, sorted.
///
/// From `az account list-locations --query "[?metadata.regionType=='Physical'].name"` and the
/// "Azure regions list" (learn.microsoft.com/azure/reliability/regions-list), checked November
/// 2026. Includes access-restricted regions (e.g. `australiacentral2`, `swedensouth`) and the
/// EUAP canary regions (`centraluseuap`, `eastus2euap`); excludes logical locations (`europe`,
/// `global`, `unitedstates`), staging regions (`*stg`), announced regions not yet open, and the
/// sovereign clouds (`usgov*`, `china*`). Maintain it when Azure opens a region.
pub const PHYSICAL_REGIONS: &[&str] = &[
    "australiacentral",
    "australiacentral2",
    "australiaeast",
    "australiasoutheast",
    "austriaeast",
    "belgiumcentral",
    "brazilsouth",
    "brazilsoutheast",
    "canadacentral",
    "canadaeast",
    "centralindia",
    "centralus",
    "centraluseuap",
    "chilecentral",
    "eastasia",
    "eastus",
    "eastus2",
    "eastus2euap",
    "francecentral",
    "francesouth",
    "germanynorth",
    "germanywestcentral",
    "indonesiacentral",
    "israelcentral",
    "italynorth",
    "japaneast",
    "japanwest",
    "jioindiacentral",
    "jioindiawest",
    "koreacentral",
    "koreasouth",
    "malaysiawest",
    "mexicocentral",
    "newzealandnorth",
    "northcentralus",
    "northeurope",
    "norwayeast",
    "norwaywest",
    "polandcentral",
    "qatarcentral",
    "southafricanorth",
    "southafricawest",
    "southcentralus",
    "southeastasia",
    "southindia",
    "spaincentral",
    "swedencentral",
    "swedensouth",
    "switzerlandnorth",
    "switzerlandwest",
    "uaecentral",
    "uaenorth",
    "uksouth",
    "ukwest",
    "westcentralus",
    "westeurope",
    "westindia",
    "westus",
    "westus2",
    "westus3",
];

/// `true` when `name` is a physical region of the Azure public cloud (exact, lower-case).
pub fn is_physical_region(name: &str) -> bool {
    PHYSICAL_REGIONS.binary_search(&name).is_ok()
}

/// The region a mistyped or display-style name most likely meant (`West Europe` → `westeurope`,
/// `westeurop` → `westeurope`), if one is close.
pub fn suggest_region(name: &str) -> Option<&'static str> {
    let folded: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect();
    if let Some(exact) = PHYSICAL_REGIONS.iter().find(|r| **r == folded) {
        return Some(exact);
    }
    closest(&folded, PHYSICAL_REGIONS.iter().copied(), 2)
}

/// The candidate within `max_distance` edits of `word` with the fewest edits (first on ties).
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max_distance: usize,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= max_distance)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

// ---------------------------------------------------------------------------------------------
// Kubernetes versions
// ---------------------------------------------------------------------------------------------

/// The oldest Kubernetes minor aksflow accepts: the oldest AKS line still supported (through AKS
/// Long Term Support), per the AKS release calendar (learn.microsoft.com/azure/aks/supported-kubernetes-versions),
/// checked November 2026. Raise it as AKS retires minors.
pub const KUBERNETES_MIN: (u32, u32) = (1, 29);

/// The newest Kubernetes minor aksflow accepts: the newest AKS minor generally available, per the
/// same calendar, checked November 2026. Raise it when AKS ships a new minor.
pub const KUBERNETES_MAX: (u32, u32) = (1, 34);

/// `(major, minor)` of a version in AKS syntax (`1.30` or `1.30.4`); `None` when it is not one.
pub fn kubernetes_minor(version: &str) -> Option<(u32, u32)> {
    let mut parts = version.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    match (parts.next(), parts.next()) {
        (None, None) => Some((major, minor)),
        (Some(patch), None) if patch.parse::<u32>().is_ok() => Some((major, minor)),
        _ => None,
    }
}

/// Records `out_of_range` when a well-formed version is outside [`KUBERNETES_MIN`]..=[`KUBERNETES_MAX`].
pub fn check_kubernetes_support(report: &mut Report, version: &str) {
    if let Some(minor) = kubernetes_minor(version)
        && !(KUBERNETES_MIN..=KUBERNETES_MAX).contains(&minor)
    {
        report.violation(
            Code::OutOfRange,
            format!(
                "AKS supports Kubernetes {}.{} to {}.{}, not {version}",
                KUBERNETES_MIN.0, KUBERNETES_MIN.1, KUBERNETES_MAX.0, KUBERNETES_MAX.1
            ),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// VM sizes
// ---------------------------------------------------------------------------------------------

/// Azure's VM size naming: `Standard_<family><vCPUs>[-<constrained vCPUs>]<features>[_<accelerator>][_v<version>]`,
/// e.g. `Standard_DS2_v2`, `Standard_E4s_v3`, `Standard_E64-16ds_v5`, `Standard_NC24ads_A100_v4`.
/// The family is the upper-case letters, the features the lower-case ones (learn.microsoft.com/azure/virtual-machines/vm-naming-conventions).
static VM_SIZE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"^Standard_([A-Z]+)([0-9]{1,4})(?:-([0-9]{1,4}))?[a-z]*((?:_[A-Za-z0-9]+)*)$")
});

/// The family letters of a VM size: `DS` for `Standard_DS2_v2`, `E` for `Standard_E4s_v3`,
/// `NC` for `Standard_NC24ads_A100_v4`; `None` when the name is not a VM size.
pub fn vm_size_family(size: &str) -> Option<&str> {
    let captures = VM_SIZE.captures(size)?;
    captures.get(1).map(|m| &size[m.range()])
}

/// The vCPUs of a VM size, from its name: 2 for `Standard_DS2_v2`, 4 for `Standard_E4s_v3`, and
/// the active vCPUs of a constrained size (16 for `Standard_E64-16ds_v5`); `None` when the name
/// is not a VM size or names no vCPUs (`0`).
///
/// In the D/DS v1 and v2 series and the G/GS series the number is a size, not a vCPU count
/// (`Standard_DS3_v2` has 4 vCPUs, `Standard_D15_v2` 20, `Standard_GS5` 32): those come from
/// Azure's size tables (learn.microsoft.com/azure/virtual-machines/sizes/previous-gen).
pub fn vm_size_vcpus(size: &str) -> Option<u32> {
    let captures = VM_SIZE.captures(size)?;
    let family = captures.get(1)?.as_str();
    let number: u32 = captures.get(2)?.as_str().parse().ok()?;
    let vcpus = match (
        captures.get(3),
        legacy_table(family, captures.get(4).map_or("", |m| m.as_str())),
    ) {
        (Some(constrained), _) => constrained.as_str().parse().ok()?,
        // A legacy number missing from its table is not a size Azure has (`Standard_D6_v2`).
        (None, Some(table)) => table.iter().find(|(n, _)| *n == number)?.1,
        (None, None) => number,
    };
    (vcpus > 0).then_some(vcpus)
}

/// D/DS v1 and v2: size number → vCPUs (Microsoft's Dv2/DSv2 size tables).
const LEGACY_D: &[(u32, u32)] = &[
    (1, 1),
    (2, 2),
    (3, 4),
    (4, 8),
    (5, 16),
    (11, 2),
    (12, 4),
    (13, 8),
    (14, 16),
    (15, 20),
];

/// G/GS: size number → vCPUs.
const LEGACY_G: &[(u32, u32)] = &[(1, 2), (2, 4), (3, 8), (4, 16), (5, 32)];

/// The size table of a previous-generation series whose number is not its vCPU count.
fn legacy_table(family: &str, suffix: &str) -> Option<&'static [(u32, u32)]> {
    let version = suffix
        .split('_')
        .find_map(|part| part.strip_prefix('v').and_then(|v| v.parse::<u32>().ok()));
    match (family, version) {
        ("D" | "DS", None | Some(2)) => Some(LEGACY_D),
        ("G" | "GS", None) => Some(LEGACY_G),
        _ => None,
    }
}

/// Records `pattern` when `size` is not a well-formed VM size name.
pub fn check_vm_size(report: &mut Report, size: &str) {
    if size.is_empty() {
        report.violation(Code::Required, "set a VM size, e.g. Standard_D2s_v5");
    } else if vm_size_vcpus(size).is_none() {
        report.violation(
            Code::Pattern,
            format!("{size:?} is not an Azure VM size (Standard_<family><vCPUs>..., e.g. Standard_D2s_v5)"),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// ARM ids
// ---------------------------------------------------------------------------------------------

/// A Log Analytics workspace: `/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>`
/// (case-insensitive, as ARM is; the workspace name is 4-63 alphanumerics and hyphens).
static WORKSPACE_ID: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^/subscriptions/[^/]+/resourceGroups/[a-zA-Z0-9_\-().]{0,89}[a-zA-Z0-9_\-()]/providers/Microsoft\.OperationalInsights/workspaces/[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$",
    )
});

/// Checks a subnet id as both consumers take it: the AKSNodeClass `vnetSubnetID` pattern and
/// ASO's ARM id (the agent pools' `vnetSubnetReference.armId`).
pub fn check_subnet_id(report: &mut Report, id: &str) {
    let before = report.violations().len();
    crate::karpenter_azure_com::common::check_vnet_subnet_id(report, id);
    if report.violations().len() == before {
        check::matches(report, id, &crate::aso::ARM_ID, "an ARM id");
    }
}

/// Checks a Log Analytics workspace id (the monitoring add-on's `logAnalyticsWorkspaceResourceID`).
pub fn check_workspace_id(report: &mut Report, id: &str) {
    if id.is_empty() {
        report.violation(Code::Required, "set the workspace's full ARM id");
    } else if !WORKSPACE_ID.is_match(id) {
        report.violation(
            Code::Pattern,
            format!("{id:?} is not the ARM id of a Log Analytics workspace (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>)"),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Composed names
// ---------------------------------------------------------------------------------------------

/// The name of the one kustomization of the cluster's FluxConfiguration.
pub const FLUX_KUSTOMIZATION: &str = "cluster";

/// Azure's limit on a Flux configuration name (`az k8s-configuration flux create --name`).
pub const FLUX_CONFIGURATION_NAME_MAX: usize = 63;

/// Azure's limit on a Flux configuration name and a kustomization name together: Flux names
/// the in-cluster Kustomization `<configuration>-<kustomization>`.
pub const FLUX_COMBINED_NAME_MAX: usize = 62;

/// Checks a Flux configuration name with its kustomization: each at most 63 characters, together at most 62.
pub fn check_flux_names(report: &mut Report, configuration: &str, kustomization: &str) {
    let n = configuration.chars().count();
    if n > FLUX_CONFIGURATION_NAME_MAX {
        report.violation(
            Code::TooLong,
            format!("the Flux configuration name {configuration:?} must be at most {FLUX_CONFIGURATION_NAME_MAX} characters, is {n}"),
        );
    }
    let together = n + kustomization.chars().count();
    if together > FLUX_COMBINED_NAME_MAX {
        report.violation(
            Code::TooLong,
            format!("the Flux configuration name {configuration:?} and its kustomization {kustomization:?} must be at most {FLUX_COMBINED_NAME_MAX} characters together, are {together}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(f: impl FnOnce(&mut Report)) -> Vec<Code> {
        let mut report = Report::default();
        f(&mut report);
        report.violations().iter().map(|v| v.code).collect()
    }

    #[test]
    fn regions_are_sorted_unique_and_lower_case() {
        assert!(PHYSICAL_REGIONS.windows(2).all(|w| w[0] < w[1]));
        assert!(
            PHYSICAL_REGIONS
                .iter()
                .all(|r| crate::aso::is_region_name(r))
        );
        assert!(is_physical_region("westeurope"));
        assert!(is_physical_region("swedencentral"));
        assert!(!is_physical_region("europe"));
        assert!(!is_physical_region("WestEurope"));
        assert!(!is_physical_region("usgovvirginia"));
        assert_eq!(suggest_region("West Europe"), Some("westeurope"));
        assert_eq!(suggest_region("westeurop"), Some("westeurope"));
        assert_eq!(suggest_region("mars"), None);
    }

    #[test]
    fn vm_sizes_parse() {
        let cases = [
            ("Standard_DS2_v2", "DS", 2),
            ("Standard_DS3_v2", "DS", 4),
            ("Standard_D15_v2", "D", 20),
            ("Standard_DS11-1_v2", "DS", 1),
            ("Standard_GS5", "GS", 32),
            ("Standard_D3_v3", "D", 3),
            ("Standard_DS2_v2_Promo", "DS", 2),
            ("Standard_E2s_v3", "E", 2),
            ("Standard_E4s_v3", "E", 4),
            ("Standard_F2s_v2", "F", 2),
            ("Standard_B2s", "B", 2),
            ("Standard_D16ds_v5", "D", 16),
            ("Standard_E64-16ds_v5", "E", 16),
            ("Standard_NC24ads_A100_v4", "NC", 24),
            ("Standard_M416ms_v2", "M", 416),
            ("Standard_HB120rs_v3", "HB", 120),
        ];
        for (size, family, vcpus) in cases {
            assert_eq!(vm_size_family(size), Some(family), "{size}");
            assert_eq!(vm_size_vcpus(size), Some(vcpus), "{size}");
        }
        for bad in [
            "",
            "DS2_v2",
            "standard_ds2_v2",
            "Standard_",
            "Standard_DS_v2",
            "Standard_A0",
            "Standard_DS2 v2",
            "Standard_2s",
            "Basic_A1",
            "Standard_D6_v2",
            "Standard_GS7",
        ] {
            assert_eq!(vm_size_vcpus(bad), None, "{bad}");
            assert!(!codes(|r| check_vm_size(r, bad)).is_empty(), "{bad}");
        }
        assert_eq!(codes(|r| check_vm_size(r, "")), vec![Code::Required]);
        assert_eq!(codes(|r| check_vm_size(r, "D2")), vec![Code::Pattern]);
        assert!(codes(|r| check_vm_size(r, "Standard_D2s_v5")).is_empty());
    }

    #[test]
    fn kubernetes_versions() {
        assert_eq!(kubernetes_minor("1.30"), Some((1, 30)));
        assert_eq!(kubernetes_minor("1.30.4"), Some((1, 30)));
        assert_eq!(kubernetes_minor("1.30.x"), None);
        assert_eq!(kubernetes_minor("1"), None);
        assert!(codes(|r| check_kubernetes_support(r, "1.29")).is_empty());
        assert!(codes(|r| check_kubernetes_support(r, "1.34.2")).is_empty());
        assert_eq!(
            codes(|r| check_kubernetes_support(r, "1.28.9")),
            vec![Code::OutOfRange]
        );
        assert_eq!(
            codes(|r| check_kubernetes_support(r, "1.35")),
            vec![Code::OutOfRange]
        );
        assert_eq!(
            codes(|r| check_kubernetes_support(r, "2.0")),
            vec![Code::OutOfRange]
        );
    }

    #[test]
    fn arm_ids() {
        let subnet = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aks";
        assert!(codes(|r| check_subnet_id(r, subnet)).is_empty());
        assert_eq!(
            codes(|r| check_subnet_id(
                r,
                "/subscriptions/0/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet"
            )),
            vec![Code::Pattern]
        );
        assert_eq!(codes(|r| check_subnet_id(r, "")), vec![Code::Required]);
        let workspace = "/subscriptions/0000/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/logs-prod";
        assert!(codes(|r| check_workspace_id(r, workspace)).is_empty());
        assert!(
            codes(|r| check_workspace_id(
                r,
                &workspace.to_lowercase().replace(
                    "microsoft.operationalinsights",
                    "MICROSOFT.OPERATIONALINSIGHTS"
                )
            ))
            .is_empty()
        );
        assert_eq!(
            codes(|r| check_workspace_id(r, subnet)),
            vec![Code::Pattern]
        );
        assert_eq!(codes(|r| check_workspace_id(r, "")), vec![Code::Required]);
    }

    #[test]
    fn flux_names() {
        assert!(codes(|r| check_flux_names(r, &"a".repeat(55), "cluster")).is_empty());
        assert_eq!(
            codes(|r| check_flux_names(r, &"a".repeat(56), "cluster")),
            vec![Code::TooLong]
        );
        assert_eq!(
            codes(|r| check_flux_names(r, &"a".repeat(64), "cluster")),
            vec![Code::TooLong, Code::TooLong]
        );
    }
}

//! The design's flat Workflow parameters, for the WorkflowService that still submits them.

use serde::Serialize;

use crate::plan::Plan;

/// The design's 12 Workflow parameters, string values, in the design's order and names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct WorkflowParameters {
    /// `cluster-name`.
    pub cluster_name: String,
    /// `location`.
    pub location: String,
    /// `node-pool-type`.
    pub node_pool_type: String,
    /// `enable-nap`: `"true"` or `"false"`.
    pub enable_nap: String,
    /// `dry-run`: `"true"` or `"false"`.
    pub dry_run: String,
    /// `kubernetes-version`.
    pub kubernetes_version: String,
    /// `primary-vm-size`.
    pub primary_vm_size: String,
    /// `secondary-vm-size`.
    pub secondary_vm_size: String,
    /// `sku-family`.
    pub sku_family: String,
    /// `max-cpu`.
    pub max_cpu: String,
    /// `max-memory`.
    pub max_memory: String,
    /// `system-vm-size`.
    pub system_vm_size: String,
}

/// The flat parameter map of the design's `generateWorkflowParameters`, from a validated request.
///
/// The values are the design's exactly (booleans as `"true"`/`"false"`, the profile's fields as
/// written), except `system-vm-size`, which is the plan's (the request's `systemVmSize`, default
/// `Standard_B2s`, the design's constant).
pub fn generate_workflow_parameters(plan: &Plan) -> WorkflowParameters {
    let profile = &plan.profile;
    WorkflowParameters {
        cluster_name: plan.names.cluster.clone(),
        location: plan.location.clone(),
        node_pool_type: plan.node_pool_type.clone(),
        enable_nap: plan.enable_nap.to_string(),
        dry_run: plan.dry_run.to_string(),
        kubernetes_version: plan.kubernetes_version.clone(),
        primary_vm_size: profile.primary_vm_size.clone(),
        secondary_vm_size: profile.secondary_vm_size.clone(),
        sku_family: profile.sku_family.clone(),
        max_cpu: profile.max_cpu.clone(),
        max_memory: profile.max_memory.clone(),
        system_vm_size: plan.system_vm_size.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::Profiles;
    use crate::render::test_support::plan_with;

    /// The design's JS object for a profile, as JSON (keys in the design's order).
    fn design(
        profile: &str,
        nap: bool,
        dry_run: bool,
        sizes: (&str, &str),
        family: &str,
        cpu: &str,
        memory: &str,
    ) -> String {
        format!(
            r#"{{
  "cluster-name": "payments-prod",
  "location": "westeurope",
  "node-pool-type": "{profile}",
  "enable-nap": "{nap}",
  "dry-run": "{dry_run}",
  "kubernetes-version": "1.30",
  "primary-vm-size": "{}",
  "secondary-vm-size": "{}",
  "sku-family": "{family}",
  "max-cpu": "{cpu}",
  "max-memory": "{memory}",
  "system-vm-size": "Standard_B2s"
}}"#,
            sizes.0, sizes.1
        )
    }

    #[test]
    fn every_profile_with_and_without_nap_gives_the_design_map() {
        let table = [
            (
                "standard",
                ("Standard_DS2_v2", "Standard_DS3_v2"),
                "D",
                "1000",
                "1000Gi",
            ),
            (
                "memory-optimized",
                ("Standard_E2s_v3", "Standard_E4s_v3"),
                "E",
                "1000",
                "2000Gi",
            ),
            (
                "compute-optimized",
                ("Standard_F2s_v2", "Standard_F4s_v2"),
                "F",
                "2000",
                "1000Gi",
            ),
        ];
        let profiles = Profiles::builtin();
        for (name, sizes, family, cpu, memory) in table {
            for (nap, dry_run) in [(true, false), (false, true), (false, false), (true, true)] {
                let plan = plan_with(|p| {
                    p.node_pool_type = name.to_owned();
                    p.profile = profiles.0[name].clone();
                    p.enable_nap = nap;
                    p.dry_run = dry_run;
                });
                let params = generate_workflow_parameters(&plan);
                assert_eq!(
                    crate::to_json(&params).unwrap(),
                    design(name, nap, dry_run, sizes, family, cpu, memory),
                    "{name} nap={nap} dry_run={dry_run}"
                );
            }
        }
    }

    #[test]
    fn has_exactly_the_twelve_keys_all_strings() {
        let params = generate_workflow_parameters(&plan_with(|_| {}));
        let value = serde_json::to_value(&params).unwrap();
        let map = value.as_object().unwrap();
        assert_eq!(map.len(), 12);
        assert!(map.values().all(serde_json::Value::is_string));
    }

    #[test]
    fn the_system_vm_size_comes_from_the_plan() {
        let plan = plan_with(|p| p.system_vm_size = "Standard_D2s_v5".to_owned());
        assert_eq!(
            generate_workflow_parameters(&plan).system_vm_size,
            "Standard_D2s_v5"
        );
    }
}

//! Which differences the migration means to make. Each rule names its reason; anything no rule
//! explains is unexpected, and equivalence fails.
//!
//! The rules read only the two object sets (so `aksflow diff` classifies the same way): NAP is on
//! when the new ManagedCluster has `nodeProvisioningProfile.mode: Auto`.

use serde_json::Value;

use super::diff::{Change, Verdict};

/// What the new set says about the migration.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Context {
    /// Node Auto Provisioning is on in the new ManagedCluster.
    pub nap: bool,
}

impl Context {
    pub(crate) fn of(new: &[Value]) -> Self {
        let nap = new.iter().any(|o| {
            o.get("kind").and_then(Value::as_str) == Some("ManagedCluster")
                && o.pointer("/spec/nodeProvisioningProfile/mode")
                    .and_then(Value::as_str)
                    == Some("Auto")
        });
        Self { nap }
    }
}

fn intended(reason: &str) -> Verdict {
    Verdict::Intended(reason.to_owned())
}

/// The agent pool a path is under (`spec.agentPoolProfiles[name=system].count` → `system`), and
/// the rest of the path.
fn agent_pool(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("spec.agentPoolProfiles[name=")?;
    let (name, tail) = rest.split_once(']')?;
    Some((name, tail.trim_start_matches('.')))
}

/// Classifies one field difference of a paired object of kind `kind`.
pub(crate) fn classify(
    context: &Context,
    kind: &str,
    path: &str,
    change: Change,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Verdict {
    if old
        .and_then(Value::as_str)
        .is_some_and(|s| s.contains("${"))
    {
        return Verdict::Unexpected(
            "the KRO value is only known at run time (unresolved): it cannot be compared".into(),
        );
    }
    if path == "apiVersion" {
        return Verdict::Intended(format!(
            "aksflow emits {}; the compared fields mean the same in both versions",
            new.and_then(Value::as_str).unwrap_or_default()
        ));
    }
    if change == Change::Added
        && (path.starts_with("metadata.labels") || path.starts_with("metadata.annotations"))
    {
        return intended("aksflow's default labels");
    }
    if change == Change::Added && path.starts_with("spec.tags") {
        return intended("aksflow's default tags");
    }
    if kind == "ManagedCluster"
        && let Some(verdict) = managed_cluster(context, path, change, old, new)
    {
        return verdict;
    }
    Verdict::Unexpected(
        match change {
            Change::Changed => "the value changes, and the migration does not explain it",
            Change::Added => "the new bundle adds it, and the migration does not explain it",
            Change::Removed => "the new bundle drops it: the setting would be lost",
        }
        .into(),
    )
}

fn managed_cluster(
    context: &Context,
    path: &str,
    change: Change,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Option<Verdict> {
    let added = change == Change::Added;
    if added && path.starts_with("spec.nodeProvisioningProfile") {
        return Some(intended(
            "Node Auto Provisioning: Karpenter, managed by AKS, provisions the nodes",
        ));
    }
    if added
        && matches!(
            path,
            "spec.networkProfile.networkPluginMode"
                | "spec.networkProfile.networkDataplane"
                | "spec.networkProfile.networkPolicy"
        )
    {
        return Some(intended(
            "Azure CNI overlay with Cilium: the networking NAP requires",
        ));
    }
    if path == "spec.networkProfile.networkPlugin"
        && added
        && new.and_then(Value::as_str) == Some("azure")
    {
        return Some(intended("Azure CNI: the networking NAP requires"));
    }
    if added && path.starts_with("spec.operatorSpec") {
        return Some(intended(
            "kubeconfig export via operatorSpec: the Workflow reaches the new cluster with it",
        ));
    }
    if change == Change::Removed
        && path == "spec.apiServerAccessProfile.enablePrivateCluster"
        && old == Some(&Value::Bool(false))
    {
        return Some(intended(
            "false is the Azure default, which aksflow leaves implicit",
        ));
    }
    if let Some((pool, field)) = agent_pool(path) {
        let replaced = if context.nap {
            "Karpenter (NAP) replaces the fixed agent pool; the system pool keeps only system pods"
        } else {
            "an autoscaled user pool replaces the fixed agent pool; the system pool keeps only system pods"
        };
        if change == Change::Changed && pool == "system" && matches!(field, "count" | "vmSize") {
            return Some(intended(replaced));
        }
        if change == Change::Removed
            && field.is_empty()
            && old.and_then(|o| o.get("mode")).and_then(Value::as_str) == Some("User")
        {
            return Some(intended(replaced));
        }
        if added
            && field.is_empty()
            && !context.nap
            && new.and_then(|n| n.get("enableAutoScaling")) == Some(&Value::Bool(true))
        {
            return Some(intended(
                "the autoscaled user pool (cluster autoscaler) that replaces the fixed pool without NAP",
            ));
        }
        if added && (field.starts_with("nodeLabels") || field.starts_with("nodeTaints")) {
            return Some(intended(
                "aksflow's node labels and taints of the node pool type",
            ));
        }
    }
    None
}

/// Classifies an object only the new set has.
pub(crate) fn classify_added_object(context: &Context, kind: &str) -> Verdict {
    match kind {
        "NodePool" | "AKSNodeClass" if context.nap => intended(
            "Karpenter NodePool and AKSNodeClass replace the fixed agent pool (applied in the new cluster)",
        ),
        "ServiceAccount" | "Role" | "RoleBinding" | "ClusterRole" | "ClusterRoleBinding" => {
            intended("the provisioning RBAC, installed by the platform beforehand")
        }
        "Extension" | "FluxConfiguration" => intended("Flux GitOps, as the request asks"),
        _ => Verdict::Unexpected("an object the old set did not have".into()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn verdict(
        nap: bool,
        path: &str,
        change: Change,
        old: Option<Value>,
        new: Option<Value>,
    ) -> Verdict {
        classify(
            &Context { nap },
            "ManagedCluster",
            path,
            change,
            old.as_ref(),
            new.as_ref(),
        )
    }

    #[test]
    fn known_migration_differences_are_intended() {
        let intended = |v: Verdict| !v.is_unexpected();
        assert!(intended(verdict(
            true,
            "spec.nodeProvisioningProfile.mode",
            Change::Added,
            None,
            Some(json!("Auto"))
        )));
        assert!(intended(verdict(
            true,
            "spec.networkProfile.networkPluginMode",
            Change::Added,
            None,
            Some(json!("overlay"))
        )));
        assert!(intended(verdict(
            true,
            "spec.operatorSpec.secrets.userCredentials.name",
            Change::Added,
            None,
            Some(json!("x"))
        )));
        assert!(intended(verdict(
            true,
            "spec.agentPoolProfiles[name=system].count",
            Change::Changed,
            Some(json!(3)),
            Some(json!(1))
        )));
        assert!(intended(verdict(
            true,
            "spec.agentPoolProfiles[name=work]",
            Change::Removed,
            Some(json!({"name": "work", "mode": "User"})),
            None
        )));
        assert!(intended(verdict(
            false,
            "spec.agentPoolProfiles[name=userpool]",
            Change::Added,
            None,
            Some(json!({"name": "userpool", "enableAutoScaling": true}))
        )));
        assert!(intended(verdict(
            true,
            "apiVersion",
            Change::Changed,
            Some(json!("a/v1")),
            Some(json!("a/v2"))
        )));
        assert!(intended(verdict(
            true,
            "spec.apiServerAccessProfile.enablePrivateCluster",
            Change::Removed,
            Some(json!(false)),
            None
        )));
        assert!(intended(classify(
            &Context::default(),
            "ResourceGroup",
            "spec.tags.team",
            Change::Added,
            None,
            Some(&json!("x"))
        )));
    }

    #[test]
    fn anything_else_is_unexpected() {
        let unexpected = |v: Verdict| v.is_unexpected();
        assert!(unexpected(verdict(
            true,
            "spec.networkProfile.networkPlugin",
            Change::Changed,
            Some(json!("kubenet")),
            Some(json!("azure"))
        )));
        assert!(unexpected(verdict(
            true,
            "spec.apiServerAccessProfile.enablePrivateCluster",
            Change::Removed,
            Some(json!(true)),
            None
        )));
        assert!(unexpected(verdict(
            true,
            "spec.agentPoolProfiles[name=system].osType",
            Change::Changed,
            Some(json!("Windows")),
            Some(json!("Linux"))
        )));
        assert!(unexpected(verdict(
            true,
            "spec.agentPoolProfiles[name=sys2]",
            Change::Removed,
            Some(json!({"name": "sys2", "mode": "System"})),
            None
        )));
        assert!(unexpected(verdict(
            true,
            "spec.kubernetesVersion",
            Change::Changed,
            Some(json!("1.31")),
            Some(json!("1.32"))
        )));
        assert!(unexpected(verdict(
            true,
            "spec.dnsPrefix",
            Change::Changed,
            Some(json!("${x.status.y}")),
            Some(json!("a"))
        )));
        assert!(unexpected(classify(
            &Context::default(),
            "ResourceGroup",
            "spec.tags.team",
            Change::Removed,
            Some(&json!("x")),
            None
        )));
        // Karpenter objects without NAP are not what the migration means.
        assert!(classify_added_object(&Context { nap: false }, "NodePool").is_unexpected());
        assert!(!classify_added_object(&Context { nap: true }, "NodePool").is_unexpected());
    }
}

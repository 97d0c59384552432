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

//! RBAC for provisioning: the design's ClusterRole (compatibility) and aksflow's least-privilege set.
//!
//! The least-privilege set gives the provisioning Workflow's ServiceAccount exactly what one
//! cluster's bundle needs, in the namespace of the ASO objects only:
//!
//! | Role | Namespace | Grants |
//! |---|---|---|
//! | `aksflow-provision-<name>` | the ASO namespace | get, list, watch, create, update, patch on the ASO kinds the bundle creates; get on the kubeconfig Secret only (by `resourceNames`) |
//! | `aksflow-executor` | the Workflow namespace | create, patch on `workflowtaskresults` (what Argo's executor needs, v3.4+) |
//! | `idp-backend-workflows` | the Workflow namespace | create, get, list, watch on `workflows`, for the backend's ServiceAccount |
//!
//! No rule grants `*` or `delete`. NodePool and AKSNodeClass are applied to the new cluster with
//! the kubeconfig ASO exports, so the management cluster grants nothing on Karpenter's kinds.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::k8s::{ClusterRole, PolicyRule, Role, RoleBinding, RoleRef, ServiceAccount, Subject};
use crate::plan::Plan;
use crate::request::{IdentityType, ProvisioningPath};

/// Names of the platform-wide RBAC objects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RbacNames {
    /// The namespace the provisioning Workflows run in (Argo's); default `argo`.
    pub workflow_namespace: String,
    /// The ServiceAccount the provisioning Workflows run as; default `aksflow-provisioner`.
    pub workflow_service_account: String,
    /// The backend's ServiceAccount (the WorkflowService), which only submits and reads Workflows;
    /// default `idp-backend`.
    pub backend_service_account: String,
    /// The namespace of the backend's ServiceAccount; default `argo` (the Workflow namespace).
    pub backend_namespace: String,
}

impl Default for RbacNames {
    fn default() -> Self {
        Self {
            workflow_namespace: "argo".to_owned(),
            workflow_service_account: "aksflow-provisioner".to_owned(),
            backend_service_account: "idp-backend".to_owned(),
            backend_namespace: "argo".to_owned(),
        }
    }
}

/// The name of the design's ClusterRole.
pub const COMPATIBLE_CLUSTER_ROLE: &str = "idp-backend-workflow-manager";
/// The Role (and RoleBinding) of what Argo's executor needs, in the Workflow namespace.
pub const EXECUTOR_ROLE: &str = "aksflow-executor";
/// The Role (and RoleBinding) of the backend, in the Workflow namespace.
pub const BACKEND_ROLE: &str = "idp-backend-workflows";

/// Every verb the design grants.
const DESIGN_VERBS: &[&str] = &[
    "get", "list", "watch", "create", "update", "patch", "delete",
];
/// What the provisioning Workflow needs on the ASO kinds: apply (create/update/patch) and wait (get/list/watch).
const APPLY_VERBS: &[&str] = &["get", "list", "watch", "create", "update", "patch"];

const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

fn rule(group: &str, resources: &[&str], verbs: &[&str]) -> PolicyRule {
    PolicyRule {
        api_groups: Some(vec![group.to_owned()]),
        resources: Some(strings(resources)),
        verbs: strings(verbs),
        ..PolicyRule::default()
    }
}

fn meta(name: &str, namespace: Option<&str>) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: namespace.map(str::to_owned),
        ..ObjectMeta::default()
    }
}

fn role(name: &str, namespace: &str, rules: Vec<PolicyRule>) -> Role {
    Role {
        metadata: meta(name, Some(namespace)),
        rules: Some(rules),
    }
}

fn binding(
    name: &str,
    namespace: &str,
    role: &str,
    account: &str,
    account_namespace: &str,
) -> RoleBinding {
    RoleBinding {
        metadata: meta(name, Some(namespace)),
        role_ref: RoleRef {
            api_group: RBAC_GROUP.to_owned(),
            kind: "Role".to_owned(),
            name: role.to_owned(),
        },
        subjects: Some(vec![Subject {
            kind: "ServiceAccount".to_owned(),
            name: account.to_owned(),
            namespace: Some(account_namespace.to_owned()),
            ..Subject::default()
        }]),
    }
}

/// The design's `idp-backend-workflow-manager` ClusterRole, with the KRO rules removed.
pub fn compatible_cluster_role() -> ClusterRole {
    ClusterRole {
        metadata: meta(COMPATIBLE_CLUSTER_ROLE, None),
        rules: Some(vec![
            rule(
                "argoproj.io",
                &[
                    "workflows",
                    "workflowtemplates",
                    "cronworkflows",
                    "workflowartifactgctasks",
                ],
                DESIGN_VERBS,
            ),
            rule("resources.azure.com", &["*"], DESIGN_VERBS),
            rule("containerservice.azure.com", &["*"], DESIGN_VERBS),
            rule("karpenter.sh", &["nodepools", "nodeclaims"], DESIGN_VERBS),
            rule("karpenter.azure.com", &["aksnodeclasses"], DESIGN_VERBS),
        ]),
        ..ClusterRole::default()
    }
}

/// The rules of the per-cluster Role `aksflow-provision-<name>`: the ASO kinds the bundle creates, and the
/// kubeconfig Secret by name.
fn provisioner_rules(plan: &Plan) -> Vec<PolicyRule> {
    let mut rules = vec![
        rule("resources.azure.com", &["resourcegroups"], APPLY_VERBS),
        rule(
            "containerservice.azure.com",
            &["managedclusters"],
            APPLY_VERBS,
        ),
    ];
    if plan.identity == IdentityType::UserAssigned {
        rules.push(rule(
            "managedidentity.azure.com",
            &["userassignedidentities"],
            APPLY_VERBS,
        ));
    }
    if plan.gitops.is_some() {
        rules.push(rule(
            "kubernetesconfiguration.azure.com",
            &["extensions", "fluxconfigurations"],
            APPLY_VERBS,
        ));
    }
    if plan.provisioning_path == ProvisioningPath::Kro {
        // The legacy path applies the previous composition's instance; KRO creates the rest.
        rules.push(rule(
            "kro.run",
            &[crate::render::workflow::KRO_RESOURCE],
            APPLY_VERBS,
        ));
    }
    rules.push(PolicyRule {
        resource_names: Some(vec![plan.names.kubeconfig_secret.clone()]),
        ..rule("", &["secrets"], &["get"])
    });
    rules
}

/// The least-privilege set for one cluster's provisioning: the Workflow's ServiceAccount; the
/// Roles `aksflow-provision-<name>` (ASO namespace), `aksflow-executor` and `idp-backend-workflows`
/// (Workflow namespace); and a RoleBinding for each, in that order.
pub fn least_privilege(
    plan: &Plan,
    names: &RbacNames,
) -> (Vec<ServiceAccount>, Vec<Role>, Vec<RoleBinding>) {
    let workflows = names.workflow_namespace.as_str();
    let provisioner = names.workflow_service_account.as_str();
    let account = ServiceAccount {
        metadata: meta(provisioner, Some(workflows)),
        ..ServiceAccount::default()
    };
    let cluster_role = plan.names.provisioner_role.as_str();
    let roles = vec![
        role(cluster_role, &plan.namespace, provisioner_rules(plan)),
        role(
            EXECUTOR_ROLE,
            workflows,
            vec![rule(
                "argoproj.io",
                &["workflowtaskresults"],
                &["create", "patch"],
            )],
        ),
        role(
            BACKEND_ROLE,
            workflows,
            vec![rule(
                "argoproj.io",
                &["workflows"],
                &["create", "get", "list", "watch"],
            )],
        ),
    ];
    let bindings = vec![
        binding(
            cluster_role,
            &plan.namespace,
            cluster_role,
            provisioner,
            workflows,
        ),
        binding(
            EXECUTOR_ROLE,
            workflows,
            EXECUTOR_ROLE,
            provisioner,
            workflows,
        ),
        binding(
            BACKEND_ROLE,
            workflows,
            BACKEND_ROLE,
            &names.backend_service_account,
            &names.backend_namespace,
        ),
    ];
    (vec![account], roles, bindings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::{base_plan, plan_with};
    use crate::validation::Validate;

    fn all_rules(roles: &[Role]) -> Vec<&PolicyRule> {
        roles
            .iter()
            .flat_map(|r| r.rules.iter().flatten())
            .collect()
    }

    #[test]
    fn compatible_cluster_role_is_the_design_minus_kro() {
        let role = compatible_cluster_role();
        role.validate().unwrap();
        assert_eq!(
            crate::to_yaml(&role).unwrap(),
            "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: idp-backend-workflow-manager
rules:
- apiGroups:
  - argoproj.io
  resources:
  - workflows
  - workflowtemplates
  - cronworkflows
  - workflowartifactgctasks
  verbs:
  - get
  - list
  - watch
  - create
  - update
  - patch
  - delete
- apiGroups:
  - resources.azure.com
  resources:
  - \"*\"
  verbs:
  - get
  - list
  - watch
  - create
  - update
  - patch
  - delete
- apiGroups:
  - containerservice.azure.com
  resources:
  - \"*\"
  verbs:
  - get
  - list
  - watch
  - create
  - update
  - patch
  - delete
- apiGroups:
  - karpenter.sh
  resources:
  - nodepools
  - nodeclaims
  verbs:
  - get
  - list
  - watch
  - create
  - update
  - patch
  - delete
- apiGroups:
  - karpenter.azure.com
  resources:
  - aksnodeclasses
  verbs:
  - get
  - list
  - watch
  - create
  - update
  - patch
  - delete
"
        );
        assert!(
            role.rules.iter().flatten().all(|r| !r
                .api_groups
                .iter()
                .flatten()
                .any(|g| g == "kro.run"))
        );
    }

    #[test]
    fn least_privilege_grants_no_wildcard_and_no_delete() {
        let plan = plan_with(|p| {
            p.identity = IdentityType::UserAssigned;
            p.gitops = Some(crate::plan::GitOps {
                url: "https://github.com/org/fleet".into(),
                branch: "main".into(),
                path: "./clusters/payments-prod".into(),
            });
        });
        let (accounts, roles, bindings) = least_privilege(&plan, &RbacNames::default());
        for rule in all_rules(&roles) {
            for verb in &rule.verbs {
                assert!(verb != "*" && verb != "delete" && verb != "deletecollection");
            }
            for list in [&rule.api_groups, &rule.resources, &rule.resource_names]
                .into_iter()
                .flatten()
            {
                assert!(!list.iter().any(|v| v.contains('*')), "{rule:?}");
            }
            assert!(rule.non_resource_urls.is_none());
        }
        for account in &accounts {
            account.validate().unwrap();
        }
        for role in &roles {
            role.validate().unwrap();
        }
        for binding in &bindings {
            binding.validate().unwrap();
        }
    }

    #[test]
    fn the_cluster_role_covers_exactly_the_kinds_the_bundle_creates() {
        let groups = |plan: &Plan| -> Vec<(String, Vec<String>)> {
            let (_, roles, _) = least_privilege(plan, &RbacNames::default());
            roles[0]
                .rules
                .iter()
                .flatten()
                .map(|r| {
                    (
                        r.api_groups.clone().unwrap_or_default().join(","),
                        r.resources.clone().unwrap_or_default(),
                    )
                })
                .collect()
        };
        let s = |v: &[&str]| strings(v);
        assert_eq!(
            groups(&base_plan()),
            [
                ("resources.azure.com".into(), s(&["resourcegroups"])),
                ("containerservice.azure.com".into(), s(&["managedclusters"])),
                (String::new(), s(&["secrets"])),
            ]
        );
        let full = plan_with(|p| {
            p.identity = IdentityType::UserAssigned;
            p.gitops = Some(crate::plan::GitOps {
                url: "https://github.com/org/fleet".into(),
                branch: "main".into(),
                path: "./clusters/payments-prod".into(),
            });
        });
        assert_eq!(
            groups(&full),
            [
                ("resources.azure.com".into(), s(&["resourcegroups"])),
                ("containerservice.azure.com".into(), s(&["managedclusters"])),
                (
                    "managedidentity.azure.com".into(),
                    s(&["userassignedidentities"])
                ),
                (
                    "kubernetesconfiguration.azure.com".into(),
                    s(&["extensions", "fluxconfigurations"])
                ),
                (String::new(), s(&["secrets"])),
            ]
        );
    }

    #[test]
    fn least_privilege_objects_are_exactly_these() {
        let (accounts, roles, bindings) = least_privilege(&base_plan(), &RbacNames::default());
        let yaml = crate::to_yaml_stream(&[
            crate::Manifest::from(accounts[0].clone()),
            roles[0].clone().into(),
            roles[1].clone().into(),
            roles[2].clone().into(),
            bindings[0].clone().into(),
            bindings[1].clone().into(),
            bindings[2].clone().into(),
        ])
        .unwrap();
        assert_eq!(
            yaml,
            "\
apiVersion: v1
kind: ServiceAccount
metadata:
  name: aksflow-provisioner
  namespace: argo
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: aksflow-provision-payments-prod
  namespace: azure-system
rules:
- apiGroups:
  - resources.azure.com
  resources:
  - resourcegroups
  verbs:
  - get
  - list
  - watch
  - create
  - update
  - patch
- apiGroups:
  - containerservice.azure.com
  resources:
  - managedclusters
  verbs:
  - get
  - list
  - watch
  - create
  - update
  - patch
- apiGroups:
  - \"\"
  resourceNames:
  - payments-prod-kubeconfig
  resources:
  - secrets
  verbs:
  - get
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: aksflow-executor
  namespace: argo
rules:
- apiGroups:
  - argoproj.io
  resources:
  - workflowtaskresults
  verbs:
  - create
  - patch
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: idp-backend-workflows
  namespace: argo
rules:
- apiGroups:
  - argoproj.io
  resources:
  - workflows
  verbs:
  - create
  - get
  - list
  - watch
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: aksflow-provision-payments-prod
  namespace: azure-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: aksflow-provision-payments-prod
subjects:
- kind: ServiceAccount
  name: aksflow-provisioner
  namespace: argo
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: aksflow-executor
  namespace: argo
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: aksflow-executor
subjects:
- kind: ServiceAccount
  name: aksflow-provisioner
  namespace: argo
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: idp-backend-workflows
  namespace: argo
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: idp-backend-workflows
subjects:
- kind: ServiceAccount
  name: idp-backend
  namespace: argo
"
        );
    }

    #[test]
    fn the_secret_rule_names_only_the_kubeconfig() {
        let (_, roles, _) = least_privilege(&base_plan(), &RbacNames::default());
        let secrets: Vec<_> = all_rules(&roles)
            .into_iter()
            .filter(|r| r.resources.as_deref() == Some(&["secrets".to_owned()]))
            .collect();
        assert_eq!(secrets.len(), 1);
        assert_eq!(secrets[0].verbs, ["get"]);
        assert_eq!(secrets[0].api_groups.as_deref(), Some(&[String::new()][..]));
        assert_eq!(
            secrets[0].resource_names.as_deref(),
            Some(&["payments-prod-kubeconfig".to_owned()][..])
        );
    }

    #[test]
    fn names_are_configurable() {
        let names = RbacNames {
            workflow_namespace: "workflows".into(),
            workflow_service_account: "provisioner".into(),
            backend_service_account: "backend".into(),
            backend_namespace: "idp".into(),
        };
        let (accounts, roles, bindings) = least_privilege(&base_plan(), &names);
        assert_eq!(accounts[0].metadata.namespace.as_deref(), Some("workflows"));
        assert_eq!(roles[1].metadata.namespace.as_deref(), Some("workflows"));
        let subject = |b: &RoleBinding| {
            let s = &b.subjects.as_ref().unwrap()[0];
            (s.name.clone(), s.namespace.clone().unwrap())
        };
        assert_eq!(
            subject(&bindings[0]),
            ("provisioner".into(), "workflows".into())
        );
        assert_eq!(subject(&bindings[2]), ("backend".into(), "idp".into()));
    }
}

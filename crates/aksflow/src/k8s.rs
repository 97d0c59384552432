//! Core Kubernetes kinds aksflow emits, reused from k8s-openapi rather than re-modelled:
//! the ServiceAccount the provisioning Workflow runs as and its RBAC.

pub use k8s_openapi::api::core::v1::ServiceAccount;
pub use k8s_openapi::api::rbac::v1::{
    ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef, Subject,
};

use crate::error::Code;
use crate::resource::{Kind, check_metadata};
use crate::validation::{Report, Validate, check};

impl Kind for ServiceAccount {}
impl Kind for Role {}
impl Kind for ClusterRole {}
impl Kind for RoleBinding {}
impl Kind for ClusterRoleBinding {}

impl Validate for ServiceAccount {
    fn validate_into(&self, report: &mut Report) {
        check_metadata::<Self>(report, &self.metadata);
    }
}

/// The RBAC verbs the API server knows, plus `*`.
const VERBS: &[&str] = &[
    "get",
    "list",
    "watch",
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "use",
    "bind",
    "escalate",
    "impersonate",
    "approve",
    "sign",
    "*",
];

fn check_rules(report: &mut Report, rules: Option<&Vec<PolicyRule>>) {
    let Some(rules) = rules else { return };
    report.field("rules", |r| {
        for (i, rule) in rules.iter().enumerate() {
            r.item(i, |r| {
                if rule.verbs.is_empty() {
                    r.violation_at("verbs", Code::Required, "a rule needs at least one verb");
                }
                r.field("verbs", |r| {
                    for (j, verb) in rule.verbs.iter().enumerate() {
                        if !VERBS.contains(&verb.as_str()) {
                            r.item(j, |r| {
                                r.violation(
                                    Code::Pattern,
                                    format!("{verb:?} is not a Kubernetes verb"),
                                )
                            });
                        }
                    }
                });
                let has_resources = rule.resources.as_ref().is_some_and(|v| !v.is_empty());
                let has_urls = rule
                    .non_resource_urls
                    .as_ref()
                    .is_some_and(|v| !v.is_empty());
                if has_resources == has_urls {
                    r.violation(
                        Code::Conflict,
                        "a rule names resources (with apiGroups) or nonResourceURLs, exactly one",
                    );
                }
                if has_resources && rule.api_groups.as_ref().is_none_or(Vec::is_empty) {
                    r.violation_at(
                        "apiGroups",
                        Code::Required,
                        "a resource rule needs apiGroups (\"\" for the core group)",
                    );
                }
            });
        }
    });
}

fn check_binding(
    report: &mut Report,
    role_ref: &RoleRef,
    subjects: Option<&Vec<Subject>>,
    allowed_role_kinds: &[&str],
) {
    report.field("roleRef", |r| {
        if role_ref.api_group != "rbac.authorization.k8s.io" {
            r.violation_at(
                "apiGroup",
                Code::NotAllowed,
                "roleRef.apiGroup must be rbac.authorization.k8s.io",
            );
        }
        if !allowed_role_kinds.contains(&role_ref.kind.as_str()) {
            r.violation_at(
                "kind",
                Code::NotAllowed,
                format!("roleRef.kind must be one of {allowed_role_kinds:?}"),
            );
        }
        r.field("name", |r| check::dns_subdomain(r, &role_ref.name));
    });
    let Some(subjects) = subjects else { return };
    report.field("subjects", |r| {
        for (i, subject) in subjects.iter().enumerate() {
            r.item(i, |r| {
                match subject.kind.as_str() {
                    "ServiceAccount" => {
                        if subject.namespace.as_deref().is_none_or(str::is_empty) {
                            r.violation_at(
                                "namespace",
                                Code::Required,
                                "a ServiceAccount subject needs its namespace",
                            );
                        }
                    }
                    "User" | "Group" => {}
                    other => r.violation_at(
                        "kind",
                        Code::NotAllowed,
                        format!("{other:?} is not a subject kind (ServiceAccount, User, Group)"),
                    ),
                }
                if subject.name.is_empty() {
                    r.violation_at("name", Code::Required, "a subject needs a name");
                }
            });
        }
    });
}

impl Validate for Role {
    fn validate_into(&self, report: &mut Report) {
        check_metadata::<Self>(report, &self.metadata);
        check_rules(report, self.rules.as_ref());
    }
}

impl Validate for ClusterRole {
    fn validate_into(&self, report: &mut Report) {
        check_metadata::<Self>(report, &self.metadata);
        check_rules(report, self.rules.as_ref());
    }
}

impl Validate for RoleBinding {
    fn validate_into(&self, report: &mut Report) {
        check_metadata::<Self>(report, &self.metadata);
        check_binding(
            report,
            &self.role_ref,
            self.subjects.as_ref(),
            &["Role", "ClusterRole"],
        );
    }
}

impl Validate for ClusterRoleBinding {
    fn validate_into(&self, report: &mut Report) {
        check_metadata::<Self>(report, &self.metadata);
        check_binding(
            report,
            &self.role_ref,
            self.subjects.as_ref(),
            &["ClusterRole"],
        );
    }
}

#[cfg(test)]
mod tests {
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    use super::*;

    #[test]
    fn role_rules_are_checked() {
        let role = Role {
            metadata: ObjectMeta {
                name: Some("aso-applier".into()),
                namespace: Some("azure-system".into()),
                ..ObjectMeta::default()
            },
            rules: Some(vec![
                PolicyRule {
                    api_groups: Some(vec!["resources.azure.com".into()]),
                    resources: Some(vec!["resourcegroups".into()]),
                    verbs: vec!["get".into(), "apply".into()],
                    ..PolicyRule::default()
                },
                PolicyRule::default(),
            ]),
        };
        let error = role.validate().unwrap_err();
        let got: Vec<String> = error
            .violations()
            .iter()
            .map(|v| format!("{} {}", v.path, v.code))
            .collect();
        assert_eq!(
            got,
            [
                "rules[0].verbs[1] pattern",
                "rules[1].verbs required",
                "rules[1] conflict"
            ]
        );
    }

    #[test]
    fn cluster_role_binding_cannot_bind_a_role() {
        let binding = ClusterRoleBinding {
            metadata: ObjectMeta {
                name: Some("b".into()),
                namespace: Some("x".into()),
                ..ObjectMeta::default()
            },
            role_ref: RoleRef {
                api_group: "rbac.authorization.k8s.io".into(),
                kind: "Role".into(),
                name: "r".into(),
            },
            subjects: Some(vec![Subject {
                kind: "ServiceAccount".into(),
                name: "aksflow".into(),
                ..Subject::default()
            }]),
        };
        let error = binding.validate().unwrap_err();
        let got: Vec<String> = error
            .violations()
            .iter()
            .map(|v| format!("{} {}", v.path, v.code))
            .collect();
        assert_eq!(
            got,
            [
                "metadata.namespace not_allowed",
                "roleRef.kind not_allowed",
                "subjects[0].namespace required"
            ]
        );
    }

    #[test]
    fn rbac_kinds_round_trip_and_check_their_kind() {
        let yaml = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: aksflow-provisioner\nrules:\n- apiGroups:\n  - containerservice.azure.com\n  resources:\n  - managedclusters\n  verbs:\n  - get\n  - list\n";
        let role: ClusterRole = crate::from_yaml(yaml).unwrap();
        role.validate().unwrap();
        let again: ClusterRole = crate::from_yaml(&crate::to_yaml(&role).unwrap()).unwrap();
        assert_eq!(again, role);
        assert!(matches!(
            crate::from_yaml::<Role>(yaml),
            Err(crate::Error::WrongKind(_))
        ));
        let sa =
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: aksflow\n  namespace: argo\n";
        let account: ServiceAccount = crate::from_yaml(sa).unwrap();
        assert_eq!(crate::to_yaml(&account).unwrap(), sa);
    }
}

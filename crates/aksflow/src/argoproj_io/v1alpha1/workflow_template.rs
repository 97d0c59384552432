//! WorkflowTemplate (`argoproj.io/v1alpha1`, namespaced): a library of templates that Workflows
//! run (`spec.workflowTemplateRef`) or call (`templateRef`).

use super::workflow_spec::{SpecOwner, WorkflowSpec};
use crate::resource::{check_metadata, kubernetes_kind};
use crate::validation::{Report, Validate};

kubernetes_kind! {
    /// An Argo WorkflowTemplate: templates stored in the cluster, run by Workflows that refer to it.
    pub struct WorkflowTemplate {
        api_version: "argoproj.io/v1alpha1",
        group: "argoproj.io",
        version: "v1alpha1",
        plural: "workflowtemplates",
        scope: Namespaced,
        spec: WorkflowSpec,
        max_name_length: 63,
    }
}

impl Validate for WorkflowTemplate {
    fn validate_into(&self, report: &mut Report) {
        check_metadata::<Self>(report, &self.metadata);
        report.field("spec", |r| {
            self.spec.check(r, Some(SpecOwner::WorkflowTemplate))
        });
    }
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::core::v1::Container;

    use super::*;
    use crate::argoproj_io::v1alpha1::*;
    use crate::{Code, from_yaml, to_yaml};

    const EXPECTED: &str = r#"apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: aks-provisioning
  namespace: argo
spec:
  arguments:
    parameters:
    - name: cluster
      description: The AKS cluster name.
  templates:
  - name: wait-cluster
    inputs:
      parameters:
      - name: cluster
    container:
      args:
      - wait
      - --for=condition=Ready
      - managedclusters.containerservice.azure.com/{{inputs.parameters.cluster}}
      command:
      - kubectl
      image: bitnami/kubectl:1.34
    retryStrategy:
      limit: 3
      retryPolicy: OnError
"#;

    fn spec() -> WorkflowSpec {
        let wait = Template {
            inputs: Some(Inputs::parameters([Parameter::builder()
                .name("cluster")
                .build()])),
            retry_strategy: Some(
                RetryStrategy::builder()
                    .limit(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(3))
                    .retry_policy(RetryPolicy::OnError)
                    .build(),
            ),
            ..Template::new(
                "wait-cluster",
                TemplateType::Container(Container {
                    image: Some("bitnami/kubectl:1.34".to_owned()),
                    command: Some(vec!["kubectl".to_owned()]),
                    args: Some(vec![
                        "wait".to_owned(),
                        "--for=condition=Ready".to_owned(),
                        "managedclusters.containerservice.azure.com/{{inputs.parameters.cluster}}"
                            .to_owned(),
                    ]),
                    ..Container::default()
                }),
            )
        };
        WorkflowSpec::builder()
            .arguments(Arguments::parameters([Parameter::builder()
                .name("cluster")
                .description("The AKS cluster name.")
                .build()]))
            .templates(vec![wait])
            .build()
    }

    #[test]
    fn builds_the_exact_yaml_and_reads_it_back() {
        let template = WorkflowTemplate::builder()
            .name("aks-provisioning")
            .namespace("argo")
            .spec(spec())
            .build()
            .unwrap();
        let yaml = to_yaml(&template).unwrap();
        assert_eq!(yaml, EXPECTED);
        assert_eq!(from_yaml::<WorkflowTemplate>(&yaml).unwrap(), template);
    }

    #[test]
    fn rules_are_reported_with_spec_paths() {
        let mut spec = spec();
        spec.entrypoint = Some("missing".to_owned());
        let error = WorkflowTemplate::builder()
            .name("Aks")
            .namespace("argo")
            .spec(spec)
            .build()
            .unwrap_err();
        let got: Vec<(String, Code)> = error
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect();
        assert_eq!(
            got,
            vec![
                ("metadata.name".to_owned(), Code::Pattern),
                ("spec.entrypoint".to_owned(), Code::NotAllowed),
            ]
        );
    }

    #[test]
    fn another_kind_is_a_typed_error() {
        let yaml = EXPECTED.replace("kind: WorkflowTemplate", "kind: Workflow");
        assert!(matches!(
            from_yaml::<WorkflowTemplate>(&yaml),
            Err(crate::Error::WrongKind(_))
        ));
        let unknown = EXPECTED.replace("  arguments:", "  workflowTemplates: []\n  arguments:");
        assert!(matches!(
            from_yaml::<WorkflowTemplate>(&unknown),
            Err(crate::Error::Parse(_))
        ));
    }
}

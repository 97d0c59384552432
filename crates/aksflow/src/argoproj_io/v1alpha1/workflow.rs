//! Workflow (`argoproj.io/v1alpha1`, namespaced): one run of templates, e.g. provisioning a cluster.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::workflow_spec::{SpecOwner, WorkflowSpec};
use crate::error::{Code, PathSegment};
use crate::resource::{check_metadata, kubernetes_kind};
use crate::validation::{Report, Validate};

kubernetes_kind! {
    /// An Argo Workflow: runs its entrypoint template (or a WorkflowTemplate's) once.
    ///
    /// Workflows are often created with `metadata.generateName` (e.g. `provision-`) instead of a
    /// name; [`Workflow::generated`] builds one that way.
    pub struct Workflow {
        api_version: "argoproj.io/v1alpha1",
        group: "argoproj.io",
        version: "v1alpha1",
        plural: "workflows",
        scope: Namespaced,
        spec: WorkflowSpec,
        max_name_length: 63,
    }
}

#[bon::bon]
impl Workflow {
    /// Builds a Workflow named by the API server from a prefix (`metadata.generateName`, e.g. `provision-`);
    /// `build()` checks every rule and returns all violations at once.
    #[builder(finish_fn = build)]
    pub fn generated(
        /// `metadata.generateName`: the prefix of the name the API server generates.
        #[builder(into)]
        generate_name: String,
        /// `metadata.namespace`.
        #[builder(into)]
        namespace: Option<String>,
        /// `metadata.labels`.
        labels: Option<std::collections::BTreeMap<String, String>>,
        /// `metadata.annotations`.
        annotations: Option<std::collections::BTreeMap<String, String>>,
        /// The desired state.
        spec: WorkflowSpec,
    ) -> Result<Self, crate::error::ValidationError> {
        let workflow = Self {
            metadata: ObjectMeta {
                generate_name: Some(generate_name),
                namespace,
                labels,
                annotations,
                ..ObjectMeta::default()
            },
            spec,
        };
        workflow.validate()?;
        Ok(workflow)
    }
}

/// Checks a Workflow's metadata: `name`, or else `generateName`, which the API server completes with
/// 5 random characters (a prefix longer than 58 characters is cut). A trailing '-' is allowed in the prefix.
pub(crate) fn check_workflow_metadata(report: &mut Report, metadata: &ObjectMeta) {
    match (&metadata.name, &metadata.generate_name) {
        (Some(_), _) | (None, None) => check_metadata::<Workflow>(report, metadata),
        (None, Some(prefix)) => {
            // Check a name the API server could generate, then move violations to `generateName`.
            let mut candidate = metadata.clone();
            let mut name: String = prefix.chars().take(58).collect();
            name.push_str("abcde");
            candidate.name = Some(name);
            let mut scratch = Report::default();
            check_metadata::<Workflow>(&mut scratch, &candidate);
            for violation in scratch.violations() {
                let segments = violation.path.segments();
                let at_name = segments
                    == [
                        PathSegment::Key("metadata".into()),
                        PathSegment::Key("name".into()),
                    ];
                if at_name {
                    report.field("metadata", |r| {
                        r.violation_at(
                            "generateName",
                            violation.code,
                            format!("the generated name would be invalid: {}", violation.message),
                        )
                    });
                } else {
                    replay(report, segments, violation.code, &violation.message);
                }
            }
            if prefix.is_empty() {
                report.field("metadata", |r| {
                    r.violation_at("generateName", Code::Required, "must not be empty")
                });
            }
        }
    }
}

/// Records a violation at `segments` below the report's current path.
fn replay(report: &mut Report, segments: &[PathSegment], code: Code, message: &str) {
    match segments.split_first() {
        None => report.violation(code, message),
        Some((PathSegment::Key(key), rest)) => {
            report.field(key, |r| replay(r, rest, code, message))
        }
        Some((PathSegment::Index(index), rest)) => {
            report.item(*index, |r| replay(r, rest, code, message))
        }
    }
}

impl Validate for Workflow {
    fn validate_into(&self, report: &mut Report) {
        check_workflow_metadata(report, &self.metadata);
        report.field("spec", |r| self.spec.check(r, Some(SpecOwner::Workflow)));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use k8s_openapi::api::core::v1::{Container, SecretVolumeSource, Volume, VolumeMount};

    use super::*;
    use crate::argoproj_io::v1alpha1::*;
    use crate::{Code, from_yaml, to_yaml};

    const MANIFEST: &str = "apiVersion: resources.azure.com/v1api20200601\nkind: ResourceGroup\nmetadata:\n  name: rg-demo\n  namespace: azure-system\nspec:\n  location: westeurope\n";

    fn provisioning_spec() -> WorkflowSpec {
        let apply = Template::new(
            "apply-resource-group",
            TemplateType::Resource(
                ResourceTemplate::builder()
                    .action(ResourceAction::Apply)
                    .manifest(MANIFEST)
                    .flags(vec!["--dry-run=server".to_owned()])
                    .build(),
            ),
        );
        let wait = Template {
            active_deadline_seconds: Some(
                k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(1800),
            ),
            ..Template::new(
                "wait-ready",
                TemplateType::Container(Container {
                    image: Some("bitnami/kubectl:1.34".to_owned()),
                    command: Some(vec!["kubectl".to_owned()]),
                    args: Some(
                        [
                            "wait",
                            "--for=condition=Ready",
                            "--timeout=30m",
                            "resourcegroups.resources.azure.com/rg-demo",
                            "-n",
                            "azure-system",
                        ]
                        .map(str::to_owned)
                        .to_vec(),
                    ),
                    volume_mounts: Some(vec![VolumeMount {
                        name: "kubeconfig".to_owned(),
                        mount_path: "/etc/kube".to_owned(),
                        read_only: Some(true),
                        ..VolumeMount::default()
                    }]),
                    ..Container::default()
                }),
            )
        };
        let main = Template::new(
            "main",
            TemplateType::Dag(
                DagTemplate::builder()
                    .tasks(vec![
                        DagTask::calling("apply", "apply-resource-group"),
                        DagTask {
                            depends: Some("apply".to_owned()),
                            ..DagTask::calling("wait", "wait-ready")
                        },
                    ])
                    .build(),
            ),
        );
        WorkflowSpec::builder()
            .entrypoint("main")
            .arguments(Arguments::parameters([Parameter::new("cluster", "demo")]))
            .service_account_name("aksflow-provisioner")
            .volumes(vec![Volume {
                name: "kubeconfig".to_owned(),
                secret: Some(SecretVolumeSource {
                    secret_name: Some("demo-kubeconfig".to_owned()),
                    ..SecretVolumeSource::default()
                }),
                ..Volume::default()
            }])
            .active_deadline_seconds(3600)
            .pod_gc(
                PodGc::builder()
                    .strategy(PodGcStrategy::OnPodSuccess)
                    .build(),
            )
            .ttl_strategy(TtlStrategy::builder().seconds_after_success(600).build())
            .templates(vec![main, apply, wait])
            .build()
    }

    const EXPECTED: &str = r#"apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: provision-
  namespace: argo
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: cluster
      value: demo
  serviceAccountName: aksflow-provisioner
  volumes:
  - name: kubeconfig
    secret:
      secretName: demo-kubeconfig
  activeDeadlineSeconds: 3600
  podGC:
    strategy: OnPodSuccess
  ttlStrategy:
    secondsAfterSuccess: 600
  templates:
  - name: main
    dag:
      tasks:
      - name: apply
        template: apply-resource-group
      - name: wait
        template: wait-ready
        depends: apply
  - name: apply-resource-group
    resource:
      action: apply
      manifest: |
        apiVersion: resources.azure.com/v1api20200601
        kind: ResourceGroup
        metadata:
          name: rg-demo
          namespace: azure-system
        spec:
          location: westeurope
      flags:
      - --dry-run=server
  - name: wait-ready
    container:
      args:
      - wait
      - --for=condition=Ready
      - --timeout=30m
      - resourcegroups.resources.azure.com/rg-demo
      - -n
      - azure-system
      command:
      - kubectl
      image: bitnami/kubectl:1.34
      volumeMounts:
      - mountPath: /etc/kube
        name: kubeconfig
        readOnly: true
    activeDeadlineSeconds: 1800
"#;

    fn violations(error: crate::ValidationError) -> Vec<(String, Code)> {
        error
            .violations()
            .iter()
            .map(|v| (v.path.to_string(), v.code))
            .collect()
    }

    #[test]
    fn builds_the_exact_yaml() {
        let workflow = Workflow::generated()
            .generate_name("provision-")
            .namespace("argo")
            .spec(provisioning_spec())
            .build()
            .unwrap();
        let yaml = to_yaml(&workflow).unwrap();
        assert_eq!(yaml, EXPECTED);
        assert_eq!(from_yaml::<Workflow>(&yaml).unwrap(), workflow);
    }

    #[test]
    fn named_workflows_use_the_name_rules() {
        let workflow = Workflow::builder()
            .name("provision-demo")
            .namespace("argo")
            .spec(provisioning_spec())
            .build()
            .unwrap();
        assert_eq!(workflow.metadata.name.as_deref(), Some("provision-demo"));
        let error = Workflow::builder()
            .name("x".repeat(64))
            .spec(provisioning_spec())
            .build()
            .unwrap_err();
        assert_eq!(
            violations(error),
            vec![("metadata.name".to_owned(), Code::TooLong)]
        );
    }

    #[test]
    fn generate_name_is_checked_as_a_prefix() {
        let error = Workflow::generated()
            .generate_name("Provision_")
            .labels(BTreeMap::from([("bad key!".to_owned(), "v".to_owned())]))
            .spec(provisioning_spec())
            .build()
            .unwrap_err();
        assert_eq!(
            violations(error),
            vec![
                ("metadata.generateName".to_owned(), Code::Pattern),
                (r#"metadata.labels["bad key!"]"#.to_owned(), Code::Pattern),
            ]
        );
        // Long prefixes are cut by the API server: not an error.
        assert!(
            Workflow::generated()
                .generate_name(format!("{}-", "p".repeat(80)))
                .spec(provisioning_spec())
                .build()
                .is_ok()
        );
        let mut workflow = Workflow::generated()
            .generate_name("p-")
            .spec(provisioning_spec())
            .build()
            .unwrap();
        workflow.metadata.generate_name = None;
        assert_eq!(
            violations(workflow.validate().unwrap_err()),
            vec![("metadata.name".to_owned(), Code::Required)]
        );
    }

    #[test]
    fn round_trips_hand_written_yaml() {
        let yaml = r#"apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: steps-demo
  namespace: argo
spec:
  entrypoint: main
  onExit: report
  arguments:
    parameters:
    - name: mode
      value: fast
      enum:
      - fast
      - slow
      description: How fast to go.
  hooks:
    running:
      template: report
      expression: workflow.status == "Running"
  workflowMetadata:
    labels:
      team: platform
  podMetadata:
    annotations:
      example.com/owner: platform
  securityContext:
    runAsNonRoot: true
  nodeSelector:
    kubernetes.io/os: linux
  tolerations:
  - key: CriticalAddonsOnly
    operator: Exists
  imagePullSecrets:
  - name: registry
  parallelism: 2
  retryStrategy:
    limit: 3
    retryPolicy: OnError
  podGC:
    strategy: OnWorkflowSuccess
    labelSelector:
      matchLabels:
        keep: "false"
    deleteDelayDuration: 30s
  ttlStrategy:
    secondsAfterCompletion: 86400
    secondsAfterSuccess: 3600
    secondsAfterFailure: 604800
  metrics:
    prometheus:
    - name: cluster_provisioning_time_seconds
      help: Time to provision the cluster.
      labels:
      - key: cluster
        value: demo
      when: "{{status}} == Succeeded"
      gauge:
        value: "{{workflow.duration}}"
        realtime: false
  templates:
  - name: main
    steps:
    - - name: prepare
        template: script
    - - name: pause
        template: pause
        continueOn:
          failed: true
      - name: each
        template: echo
        arguments:
          parameters:
          - name: item
            value: "{{item}}"
        withItems:
        - a
        - 1
        - key: v
  - name: script
    outputs:
      parameters:
      - name: out
        valueFrom:
          path: /tmp/out
    script:
      command:
      - bash
      image: mcr.microsoft.com/azure-cli:2.67.0
      source: |
        echo "ready" > /tmp/out
    timeout: 10m
    retryStrategy:
      limit: "2"
      retryPolicy: OnFailure
      backoff:
        duration: 10s
        factor: 2
        maxDuration: 5m
  - name: pause
    suspend:
      duration: "60"
  - name: echo
    inputs:
      parameters:
      - name: item
    container:
      command:
      - echo
      - "{{inputs.parameters.item}}"
      image: busybox:1.37
  - name: report
    container:
      command:
      - echo
      - "{{workflow.status}}"
      image: busybox:1.37
"#;
        let workflow: Workflow = from_yaml(yaml).unwrap();
        workflow.validate().unwrap();
        assert_eq!(to_yaml(&workflow).unwrap(), yaml);
    }

    #[test]
    fn workflow_rules() {
        let mut spec = provisioning_spec();
        spec.entrypoint = None;
        spec.on_exit = Some("missing".to_owned());
        spec.arguments = Some(Arguments::parameters([Parameter {
            name: "no-value".to_owned(),
            ..Parameter::default()
        }]));
        spec.active_deadline_seconds = Some(0);
        spec.parallelism = Some(0);
        let error = Workflow::builder()
            .name("w")
            .spec(spec)
            .build()
            .unwrap_err();
        assert_eq!(
            violations(error),
            vec![
                ("spec.entrypoint".to_owned(), Code::Required),
                ("spec.onExit".to_owned(), Code::NotAllowed),
                (
                    "spec.arguments.parameters[0].value".to_owned(),
                    Code::Required
                ),
                ("spec.parallelism".to_owned(), Code::OutOfRange),
                ("spec.activeDeadlineSeconds".to_owned(), Code::OutOfRange),
            ]
        );
    }

    #[test]
    fn a_workflow_template_ref_replaces_templates() {
        let spec = WorkflowSpec::builder()
            .workflow_template_ref(
                WorkflowTemplateRef::builder()
                    .name("provision-cluster")
                    .build(),
            )
            .arguments(Arguments::parameters([Parameter::new("cluster", "demo")]))
            .build();
        Workflow::generated()
            .generate_name("provision-")
            .spec(spec.clone())
            .build()
            .unwrap();
        let with_templates = WorkflowSpec {
            templates: provisioning_spec().templates,
            ..spec
        };
        let error = Workflow::builder()
            .name("w")
            .spec(with_templates)
            .build()
            .unwrap_err();
        assert_eq!(
            violations(error),
            vec![("spec.templates".to_owned(), Code::Conflict)]
        );
    }

    #[test]
    fn another_kind_is_a_typed_error() {
        let yaml = EXPECTED.replace("kind: Workflow", "kind: WorkflowTemplate");
        assert!(matches!(
            from_yaml::<Workflow>(&yaml),
            Err(crate::Error::WrongKind(_))
        ));
        let yaml = EXPECTED.replace("argoproj.io/v1alpha1", "argoproj.io/v1");
        assert!(matches!(
            from_yaml::<Workflow>(&yaml),
            Err(crate::Error::WrongKind(_))
        ));
    }

    #[test]
    fn kube_core_resource_works() {
        use kube_core::Resource as _;
        assert_eq!(Workflow::kind(&()), "Workflow");
        assert_eq!(Workflow::plural(&()), "workflows");
        assert_eq!(Workflow::api_version(&()), "argoproj.io/v1alpha1");
    }
}

//! Argo Workflows (`argoproj.io/v1alpha1`): Workflow and WorkflowTemplate. DAGs of resource
//! templates (apply with `--dry-run=server`), `kubectl wait` containers with a read-only Secret
//! volume, scripts, steps, suspend, retries with backoff, podGC/TTL/deadlines, exit handlers and
//! hooks, Prometheus metrics, and Workflows that run a WorkflowTemplate.

use std::collections::BTreeMap;

use aksflow::argoproj_io::v1alpha1::*;
use k8s_openapi::api::core::v1::{
    Container, EnvVar, LocalObjectReference, PodSecurityContext, SecretVolumeSource, Toleration,
    Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde_json::json;

use crate::{Case, NegativeCase, case};

const NAMESPACE: &str = "argo";
const KUBECTL: &str = "bitnami/kubectl:1.34";

const RESOURCE_GROUP: &str = "apiVersion: resources.azure.com/v1api20200601
kind: ResourceGroup
metadata:
  name: rg-demo
  namespace: azure-system
spec:
  location: westeurope
";

const MANAGED_CLUSTER: &str = "apiVersion: containerservice.azure.com/v1api20250801
kind: ManagedCluster
metadata:
  name: aks-demo
  namespace: azure-system
spec:
  location: westeurope
  owner:
    name: rg-demo
  dnsPrefix: aks-demo
  nodeProvisioningProfile:
    mode: Auto
";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn apply(name: &str, manifest: &str, flags: &[&str]) -> Template {
    let mut resource = ResourceTemplate::builder()
        .action(ResourceAction::Apply)
        .manifest(manifest)
        .build();
    if !flags.is_empty() {
        resource.flags = Some(strings(flags));
    }
    Template::new(name, TemplateType::Resource(resource))
}

fn kubeconfig_volume() -> Volume {
    Volume {
        name: "workload-kubeconfig".to_owned(),
        secret: Some(SecretVolumeSource {
            secret_name: Some("aks-demo-user-kubeconfig".to_owned()),
            default_mode: Some(0o400),
            ..SecretVolumeSource::default()
        }),
        ..Volume::default()
    }
}

fn kubectl(args: &[&str], kubeconfig: bool) -> Container {
    Container {
        image: Some(KUBECTL.to_owned()),
        command: Some(strings(&["kubectl"])),
        args: Some(strings(args)),
        volume_mounts: kubeconfig.then(|| {
            vec![VolumeMount {
                name: "workload-kubeconfig".to_owned(),
                mount_path: "/etc/workload".to_owned(),
                read_only: Some(true),
                ..VolumeMount::default()
            }]
        }),
        ..Container::default()
    }
}

fn wait_ready(name: &str, resource: &str) -> Template {
    Template {
        active_deadline_seconds: Some(IntOrString::Int(2700)),
        ..Template::new(
            name,
            TemplateType::Container(kubectl(
                &[
                    "wait",
                    "--for=condition=Ready",
                    "--timeout=45m",
                    "-n",
                    "azure-system",
                    resource,
                ],
                false,
            )),
        )
    }
}

fn task(name: &str, template: &str, depends: Option<&str>) -> DagTask {
    DagTask {
        depends: depends.map(str::to_owned),
        ..DagTask::calling(name, template)
    }
}

fn dag(name: &str, tasks: Vec<DagTask>) -> Template {
    Template::new(
        name,
        TemplateType::Dag(DagTemplate::builder().tasks(tasks).build()),
    )
}

fn provisioning_gauge() -> Prometheus {
    Prometheus::builder()
        .name("cluster_provisioning_time_seconds")
        .help("Seconds from submission until the AKS cluster and its node pools are ready.")
        .labels(vec![
            MetricLabel::new("cluster", "{{workflow.parameters.cluster}}"),
            MetricLabel::new("status", "{{workflow.status}}"),
        ])
        .gauge(
            Gauge::builder()
                .value("{{workflow.duration}}")
                .realtime(false)
                .build(),
        )
        .build()
}

/// The provisioning DAG: dry-run, apply, wait, then apply Karpenter objects to the workload cluster.
fn provisioning_spec() -> WorkflowSpec {
    let templates = vec![
        dag(
            "provision",
            vec![
                task("validate-resource-group", "dry-run-resource-group", None),
                task(
                    "resource-group",
                    "apply-resource-group",
                    Some("validate-resource-group"),
                ),
                task(
                    "validate-cluster",
                    "dry-run-managed-cluster",
                    Some("resource-group"),
                ),
                task("cluster", "apply-managed-cluster", Some("validate-cluster")),
                task("cluster-ready", "wait-cluster", Some("cluster")),
                task(
                    "node-pools",
                    "apply-node-pools",
                    Some("cluster-ready.Succeeded"),
                ),
            ],
        ),
        apply(
            "dry-run-resource-group",
            RESOURCE_GROUP,
            &["--dry-run=server"],
        ),
        apply("apply-resource-group", RESOURCE_GROUP, &[]),
        apply(
            "dry-run-managed-cluster",
            MANAGED_CLUSTER,
            &["--dry-run=server"],
        ),
        apply("apply-managed-cluster", MANAGED_CLUSTER, &[]),
        wait_ready(
            "wait-cluster",
            "managedclusters.containerservice.azure.com/aks-demo",
        ),
        Template::new(
            "apply-node-pools",
            TemplateType::Container(kubectl(
                &[
                    "--kubeconfig=/etc/workload/value",
                    "apply",
                    "-f",
                    "/manifests/node-pools.yaml",
                ],
                true,
            )),
        ),
    ];
    WorkflowSpec::builder()
        .entrypoint("provision")
        .arguments(Arguments::parameters([Parameter::new(
            "cluster", "aks-demo",
        )]))
        .service_account_name("aksflow-provisioner")
        .volumes(vec![kubeconfig_volume()])
        .templates(templates)
        .build()
}

fn workflow_generated(spec: WorkflowSpec) -> Workflow {
    Workflow::generated()
        .generate_name("provision-aks-demo-")
        .namespace(NAMESPACE)
        .spec(spec)
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn workflow(name: &str, spec: WorkflowSpec) -> Workflow {
    Workflow::builder()
        .name(name)
        .namespace(NAMESPACE)
        .spec(spec)
        .build()
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn workflow_template(name: &str, spec: WorkflowSpec) -> WorkflowTemplate {
    WorkflowTemplate::builder()
        .name(name)
        .namespace(NAMESPACE)
        .spec(spec)
        .build()
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn echo(name: &str, text: &str) -> Template {
    Template::new(
        name,
        TemplateType::Container(Container {
            image: Some("busybox:1.37".to_owned()),
            command: Some(strings(&["echo", text])),
            ..Container::default()
        }),
    )
}

fn script(name: &str, source: &str) -> Template {
    Template::new(
        name,
        TemplateType::Script(ScriptTemplate {
            container: Container {
                image: Some("mcr.microsoft.com/azure-cli:2.67.0".to_owned()),
                command: Some(strings(&["bash"])),
                env: Some(vec![EnvVar {
                    name: "CLUSTER".to_owned(),
                    value: Some("{{workflow.parameters.cluster}}".to_owned()),
                    ..EnvVar::default()
                }]),
                ..Container::default()
            },
            source: source.to_owned(),
        }),
    )
}

fn backoff_retry(limit: i32) -> RetryStrategy {
    RetryStrategy::builder()
        .limit(IntOrString::Int(limit))
        .retry_policy(RetryPolicy::OnTransientError)
        .backoff(
            Backoff::builder()
                .duration("30s")
                .factor(IntOrString::Int(2))
                .max_duration("15m")
                .build(),
        )
        .build()
}

/// The library of provisioning templates, as a WorkflowTemplate.
fn provisioning_library() -> WorkflowSpec {
    let mut spec = provisioning_spec();
    spec.arguments = Some(Arguments::parameters([Parameter {
        name: "cluster".to_owned(),
        description: Some("The AKS cluster name.".to_owned()),
        ..Parameter::default()
    }]));
    spec
}

pub fn cases() -> Vec<Case> {
    let mut cases = Vec::new();

    // 1. The provisioning Workflow as aksflow renders it.
    cases.push(case(
        "Workflow (generateName) provisioning DAG: apply --dry-run=server, apply, kubectl wait, kubectl with a read-only Secret kubeconfig",
        &workflow_generated(provisioning_spec()),
    ));

    // 2. Deadlines, podGC, TTL, retries.
    let mut spec = provisioning_spec();
    spec.active_deadline_seconds = Some(5400);
    spec.pod_gc = Some(
        PodGc::builder()
            .strategy(PodGcStrategy::OnPodSuccess)
            .label_selector(LabelSelector {
                match_labels: Some(map(&[("aksflow.io/gc", "true")])),
                ..LabelSelector::default()
            })
            .delete_delay_duration("2m")
            .build(),
    );
    spec.ttl_strategy = Some(
        TtlStrategy::builder()
            .seconds_after_completion(604_800)
            .seconds_after_success(86_400)
            .seconds_after_failure(604_800)
            .build(),
    );
    spec.retry_strategy = Some(
        RetryStrategy::builder()
            .limit(IntOrString::Int(2))
            .retry_policy(RetryPolicy::OnError)
            .build(),
    );
    if let Some(templates) = spec.templates.as_mut() {
        for template in templates
            .iter_mut()
            .filter(|t| t.name.starts_with("apply-"))
        {
            template.retry_strategy = Some(backoff_retry(5));
        }
        for template in templates.iter_mut().filter(|t| t.name == "wait-cluster") {
            template.active_deadline_seconds = None;
            template.timeout = Some("45m".to_owned());
        }
    }
    cases.push(case(
        "Workflow with activeDeadlineSeconds, podGC (OnPodSuccess, labelSelector, delay), ttlStrategy, retryStrategy with backoff, template timeout",
        &workflow_generated(spec),
    ));

    // 3. Exit handler and hooks, Prometheus metrics.
    let mut spec = provisioning_spec();
    spec.on_exit = Some("report".to_owned());
    spec.metrics = Some(Metrics {
        prometheus: vec![
            provisioning_gauge(),
            Prometheus::builder()
                .name("cluster_provisioning_total")
                .help("Provisioning runs by result.")
                .labels(vec![MetricLabel::new("status", "{{workflow.status}}")])
                .counter(Counter::builder().value("1").build())
                .build(),
        ],
    });
    spec.hooks = Some(BTreeMap::from([(
        "failed".to_owned(),
        LifecycleHook::builder()
            .template("report")
            .expression("workflow.status == \"Failed\"")
            .build(),
    )]));
    if let Some(templates) = spec.templates.as_mut() {
        templates.push(script(
            "report",
            "echo \"provisioning of $CLUSTER ended: {{workflow.status}}\"\n",
        ));
    }
    cases.push(case(
        "Workflow with an onExit handler (script), a named hook and Prometheus metrics (gauge cluster_provisioning_time_seconds, counter)",
        &workflow("provision-aks-demo", spec),
    ));

    // 4. Steps: script with outputs, a suspend for approval, a loop.
    let steps = vec![
        vec![WorkflowStep::calling("check-quota", "check-quota")],
        vec![WorkflowStep::calling("approve", "approval")],
        vec![
            WorkflowStep {
                arguments: Some(Arguments::parameters([Parameter::new("zone", "{{item}}")])),
                with_items: Some(vec![json!("1"), json!("2"), json!("3")]),
                ..WorkflowStep::calling("per-zone", "zone-check")
            },
            WorkflowStep {
                when: Some("{{steps.check-quota.outputs.parameters.free}} == true".to_owned()),
                continue_on: Some(ContinueOn::builder().failed(true).build()),
                ..WorkflowStep::calling("announce", "announce")
            },
        ],
    ];
    let spec = WorkflowSpec::builder()
        .entrypoint("main")
        .arguments(Arguments::parameters([Parameter::new("cluster", "aks-demo")]))
        .templates(vec![
            Template {
                parallelism: Some(2),
                ..Template::new("main", TemplateType::Steps(steps))
            },
            Template {
                outputs: Some(Outputs::parameters([Parameter::from_path("free", "/tmp/free")])),
                ..script(
                    "check-quota",
                    "az vm list-usage --location westeurope -o json > /tmp/usage.json\necho true > /tmp/free\n",
                )
            },
            Template {
                outputs: Some(Outputs::parameters([Parameter {
                    name: "approved".to_owned(),
                    value_from: Some(ValueFrom {
                        supplied: Some(SuppliedValueFrom {}),
                        ..ValueFrom::default()
                    }),
                    ..Parameter::default()
                }])),
                ..Template::new("approval", TemplateType::Suspend(SuspendTemplate::default()))
            },
            Template {
                inputs: Some(Inputs::parameters([Parameter::builder().name("zone").build()])),
                ..echo("zone-check", "zone {{inputs.parameters.zone}}")
            },
            echo("announce", "quota available"),
        ])
        .build();
    cases.push(case(
        "Workflow steps: script with an output parameter, suspend with a supplied output, withItems loop, when, continueOn, parallelism",
        &workflow("steps-aks-demo", spec),
    ));

    // 5. Suspend with a duration, waiting between resource actions; get/delete/patch resources.
    let spec = WorkflowSpec::builder()
        .entrypoint("main")
        .templates(vec![
            dag(
                "main",
                vec![
                    task("read", "read-cluster", None),
                    task("settle", "settle", Some("read")),
                    task("patch", "patch-tags", Some("settle")),
                    task("cleanup", "delete-old-pool", Some("patch.Succeeded || patch.Failed")),
                ],
            ),
            Template {
                outputs: Some(Outputs::parameters([Parameter {
                    name: "fqdn".to_owned(),
                    value_from: Some(ValueFrom::builder().json_path("{.status.fqdn}").build()),
                    ..Parameter::default()
                }])),
                ..Template::new(
                    "read-cluster",
                    TemplateType::Resource(
                        ResourceTemplate::builder()
                            .action(ResourceAction::Get)
                            .manifest(MANAGED_CLUSTER)
                            .success_condition("status.provisioningState == Succeeded")
                            .failure_condition("status.provisioningState == Failed")
                            .build(),
                    ),
                )
            },
            Template::new(
                "settle",
                TemplateType::Suspend(SuspendTemplate::builder().duration("2m").build()),
            ),
            Template::new(
                "patch-tags",
                TemplateType::Resource(
                    ResourceTemplate::builder()
                        .action(ResourceAction::Patch)
                        .merge_strategy(MergeStrategy::Merge)
                        .manifest("apiVersion: containerservice.azure.com/v1api20250801\nkind: ManagedCluster\nmetadata:\n  name: aks-demo\n  namespace: azure-system\nspec:\n  tags:\n    owner: platform\n")
                        .build(),
                ),
            ),
            Template::new(
                "delete-old-pool",
                TemplateType::Resource(
                    ResourceTemplate::builder()
                        .action(ResourceAction::Delete)
                        .manifest("apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: legacy\n")
                        .flags(strings(&["--ignore-not-found"]))
                        .set_owner_reference(false)
                        .build(),
                ),
            ),
        ])
        .build();
    cases.push(case(
        "Workflow with resource get (successCondition, jsonPath output), suspend duration, patch (merge), delete",
        &workflow("maintain-aks-demo", spec),
    ));

    // 6. A Workflow that runs a WorkflowTemplate.
    cases.push(case(
        "Workflow with workflowTemplateRef and arguments",
        &workflow_generated(
            WorkflowSpec::builder()
                .workflow_template_ref(
                    WorkflowTemplateRef::builder()
                        .name("aks-provisioning")
                        .build(),
                )
                .arguments(Arguments::parameters([Parameter::new(
                    "cluster", "aks-demo",
                )]))
                .build(),
        ),
    ));

    // 7. Calls into a WorkflowTemplate, old-style dependencies, continueOn, loops over a sequence and a parameter.
    let spec = WorkflowSpec::builder()
        .entrypoint("main")
        .templates(vec![
            Template::new(
                "main",
                TemplateType::Dag(
                    DagTemplate::builder()
                        .fail_fast(false)
                        .tasks(vec![
                            DagTask {
                                template_ref: Some(TemplateRef::new(
                                    "aks-provisioning",
                                    "apply-resource-group",
                                )),
                                ..DagTask::builder().name("resource-group").build()
                            },
                            DagTask {
                                dependencies: Some(strings(&["resource-group"])),
                                continue_on: Some(ContinueOn::builder().failed(true).build()),
                                arguments: Some(Arguments::parameters([Parameter::new(
                                    "index", "{{item}}",
                                )])),
                                with_sequence: Some(
                                    Sequence::builder()
                                        .count(IntOrString::Int(3))
                                        .format("pool-%02d")
                                        .build(),
                                ),
                                ..DagTask::calling("pools", "pool")
                            },
                            DagTask {
                                dependencies: Some(strings(&["pools"])),
                                arguments: Some(Arguments::parameters([Parameter::new(
                                    "pool", "{{item}}",
                                )])),
                                with_param: Some("[\"system\", \"user\"]".to_owned()),
                                ..DagTask::calling("verify", "pool")
                            },
                        ])
                        .build(),
                ),
            ),
            Template {
                inputs: Some(Inputs::parameters([Parameter::builder()
                    .name("index")
                    .default("0")
                    .build()])),
                ..echo("pool", "{{inputs.parameters.index}}")
            },
        ])
        .build();
    cases.push(case(
        "Workflow DAG with templateRef, dependencies, continueOn, withSequence and withParam",
        &workflow("pools-aks-demo", spec),
    ));

    // 8. WorkflowTemplate: the provisioning library.
    cases.push(case(
        "WorkflowTemplate provisioning library (entrypoint, argument without value)",
        &workflow_template("aks-provisioning", provisioning_library()),
    ));

    // 9. WorkflowTemplate without entrypoint: reusable leaf templates with typed inputs.
    let spec = WorkflowSpec::builder()
        .templates(vec![
            Template {
                inputs: Some(Inputs::parameters([
                    Parameter::builder()
                        .name("action")
                        .value("apply")
                        .enum_values(strings(&["apply", "create"]))
                        .build(),
                    Parameter::builder().name("manifest").build(),
                ])),
                retry_strategy: Some(backoff_retry(3)),
                ..Template::new(
                    "kubectl-manifest",
                    TemplateType::Resource(
                        ResourceTemplate::builder()
                            .action(ResourceAction::Apply)
                            .manifest("{{inputs.parameters.manifest}}")
                            .build(),
                    ),
                )
            },
            wait_ready(
                "wait-managed-cluster",
                "managedclusters.containerservice.azure.com/{{workflow.parameters.cluster}}",
            ),
        ])
        .build();
    cases.push(case(
        "WorkflowTemplate without entrypoint: resource template with enum input and retry, wait template",
        &workflow_template("aks-building-blocks", spec),
    ));

    // 10. WorkflowTemplate with pod-wide options.
    let mut spec = provisioning_library();
    spec.workflow_metadata = Some(
        WorkflowMetadata::builder()
            .labels(map(&[("aksflow.io/cluster", "aks-demo")]))
            .labels_from(BTreeMap::from([(
                "aksflow.io/submitted-by".to_owned(),
                LabelValueFrom::builder()
                    .expression("workflow.parameters.cluster")
                    .build(),
            )]))
            .build(),
    );
    spec.pod_metadata = Some(Metadata {
        labels: Some(map(&[("aksflow.io/gc", "true")])),
        annotations: Some(map(&[(
            "cluster-autoscaler.kubernetes.io/safe-to-evict",
            "true",
        )])),
    });
    spec.security_context = Some(PodSecurityContext {
        run_as_non_root: Some(true),
        run_as_user: Some(65_532),
        ..PodSecurityContext::default()
    });
    spec.node_selector = Some(map(&[("kubernetes.io/os", "linux")]));
    spec.tolerations = Some(vec![Toleration {
        key: Some("CriticalAddonsOnly".to_owned()),
        operator: Some("Exists".to_owned()),
        ..Toleration::default()
    }]);
    spec.image_pull_secrets = Some(vec![LocalObjectReference {
        name: "acr-pull".to_owned(),
    }]);
    spec.parallelism = Some(4);
    spec.pod_priority_class_name = Some("system-cluster-critical".to_owned());
    spec.metrics = Some(Metrics {
        prometheus: vec![provisioning_gauge()],
    });
    spec.pod_spec_patch = Some("{\"terminationGracePeriodSeconds\": 30}".to_owned());
    cases.push(case(
        "WorkflowTemplate with workflowMetadata, podMetadata, securityContext, nodeSelector, tolerations, imagePullSecrets, parallelism, metrics, podSpecPatch",
        &workflow_template("aks-provisioning-hardened", spec),
    ));

    // 11. WorkflowTemplate with steps, template-level metrics and an exit hook on a step.
    let spec = WorkflowSpec::builder()
        .entrypoint("main")
        .on_exit("notify")
        .templates(vec![
            Template::new(
                "main",
                TemplateType::Steps(vec![vec![WorkflowStep {
                    hooks: Some(BTreeMap::from([(
                        EXIT_HOOK.to_owned(),
                        LifecycleHook::builder().template("notify").build(),
                    )])),
                    ..WorkflowStep::calling("provision", "provision")
                }]]),
            ),
            Template {
                metrics: Some(Metrics {
                    prometheus: vec![
                        Prometheus::builder()
                            .name("provision_step_duration_seconds")
                            .help("Duration of the provisioning step.")
                            .histogram(
                                Histogram::builder()
                                    .value("{{duration}}")
                                    .buckets(vec![60.0, 300.0, 900.0, 1800.0])
                                    .build(),
                            )
                            .build(),
                    ],
                }),
                node_selector: Some(map(&[("kubernetes.io/os", "linux")])),
                metadata: Some(Metadata {
                    labels: Some(map(&[("app.kubernetes.io/component", "provisioner")])),
                    annotations: None,
                }),
                ..script(
                    "provision",
                    "az aks show -n \"$CLUSTER\" -g rg-demo -o none\n",
                )
            },
            echo("notify", "done: {{workflow.status}}"),
        ])
        .build();
    cases.push(case(
        "WorkflowTemplate steps with an exit hook, template metrics (histogram), template metadata and nodeSelector",
        &workflow_template("aks-provisioning-steps", spec),
    ));

    cases
}

fn workflow_json(templates: serde_json::Value) -> serde_json::Value {
    json!({
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Workflow",
        "metadata": { "generateName": "provision-", "namespace": NAMESPACE },
        "spec": { "entrypoint": "main", "templates": templates },
    })
}

pub fn negative_cases() -> Vec<NegativeCase> {
    vec![
        NegativeCase {
            label: "Workflow DAG task with both depends and dependencies (CEL)",
            object: workflow_json(json!([
                { "name": "main", "dag": { "tasks": [
                    { "name": "a", "template": "echo" },
                    { "name": "b", "template": "echo", "depends": "a", "dependencies": ["a"] },
                ] } },
                { "name": "echo", "container": { "image": "busybox:1.37" } },
            ])),
            expect: "cannot use both 'depends' and 'dependencies'",
        },
        NegativeCase {
            label: "Workflow DAG task with continueOn and depends (CEL)",
            object: workflow_json(json!([
                { "name": "main", "dag": { "tasks": [
                    { "name": "a", "template": "echo" },
                    { "name": "b", "template": "echo", "depends": "a", "continueOn": { "failed": true } },
                ] } },
                { "name": "echo", "container": { "image": "busybox:1.37" } },
            ])),
            expect: "cannot use 'continueOn' when using 'depends'",
        },
        NegativeCase {
            label: "Workflow dag template with activeDeadlineSeconds (CEL)",
            object: workflow_json(json!([
                { "name": "main", "activeDeadlineSeconds": 600, "dag": { "tasks": [
                    { "name": "a", "template": "echo" },
                ] } },
                { "name": "echo", "container": { "image": "busybox:1.37" } },
            ])),
            expect: "activeDeadlineSeconds is only valid for leaf templates",
        },
        NegativeCase {
            label: "Workflow steps template with a timeout (CEL)",
            object: workflow_json(json!([
                { "name": "main", "timeout": "10m", "steps": [[ { "name": "a", "template": "echo" } ]] },
                { "name": "echo", "container": { "image": "busybox:1.37" } },
            ])),
            expect: "timeout cannot be applied to steps or dag templates",
        },
        NegativeCase {
            label: "WorkflowTemplate template with both container and script (CEL)",
            object: json!({
                "apiVersion": "argoproj.io/v1alpha1",
                "kind": "WorkflowTemplate",
                "metadata": { "name": "two-types", "namespace": NAMESPACE },
                "spec": { "templates": [ {
                    "name": "main",
                    "container": { "image": "busybox:1.37", "command": ["echo", "hi"] },
                    "script": { "image": "busybox:1.37", "command": ["sh"], "source": "echo hi" },
                } ] },
            }),
            expect: "template must have at most one template type",
        },
        NegativeCase {
            label: "Workflow resource template with manifest and manifestFrom (CEL)",
            object: workflow_json(json!([
                { "name": "main", "inputs": { "artifacts": [ { "name": "m", "raw": { "data": "{}" } } ] },
                  "resource": { "action": "apply", "manifest": "{}", "manifestFrom": { "artifact": { "name": "m" } } } },
            ])),
            expect: "only one of manifest or manifestFrom can be specified",
        },
        NegativeCase {
            label: "Workflow realtime gauge on resourcesDuration (CEL)",
            object: json!({
                "apiVersion": "argoproj.io/v1alpha1",
                "kind": "Workflow",
                "metadata": { "name": "metrics", "namespace": NAMESPACE },
                "spec": {
                    "entrypoint": "main",
                    "metrics": { "prometheus": [ {
                        "name": "cpu", "help": "CPU",
                        "gauge": { "value": "{{workflow.resourcesDuration.cpu}}", "realtime": true },
                    } ] },
                    "templates": [ { "name": "main", "container": { "image": "busybox:1.37" } } ],
                },
            }),
            expect: "'resourcesDuration.*' metrics cannot be used in real-time gauges",
        },
        NegativeCase {
            label: "Workflow template with an unknown field (pruned)",
            object: workflow_json(json!([
                { "name": "main", "retries": 3, "container": { "image": "busybox:1.37" } },
            ])),
            expect: "pruned spec.templates[0].retries",
        },
        NegativeCase {
            label: "Workflow resource template with an action outside the enum",
            object: workflow_json(json!([
                { "name": "main", "resource": { "action": "upsert", "manifest": "{}" } },
            ])),
            expect: "spec.templates[0].resource.action",
        },
        NegativeCase {
            label: "Workflow podGC strategy outside the enum",
            object: json!({
                "apiVersion": "argoproj.io/v1alpha1",
                "kind": "Workflow",
                "metadata": { "name": "gc", "namespace": NAMESPACE },
                "spec": {
                    "entrypoint": "main",
                    "podGC": { "strategy": "OnSuccess" },
                    "templates": [ { "name": "main", "container": { "image": "busybox:1.37" } } ],
                },
            }),
            expect: "spec.podGC.strategy",
        },
        NegativeCase {
            label: "Workflow template name with an underscore (pattern)",
            object: workflow_json(json!([
                { "name": "apply_cluster", "container": { "image": "busybox:1.37" } },
            ])),
            expect: "spec.templates[0].name",
        },
        NegativeCase {
            label: "Workflow DAG task name starting with a digit in a DAG with depends (CEL)",
            object: workflow_json(json!([
                { "name": "main", "dag": { "tasks": [
                    { "name": "a", "template": "echo" },
                    { "name": "2b", "template": "echo", "depends": "a" },
                ] } },
                { "name": "echo", "container": { "image": "busybox:1.37" } },
            ])),
            expect: "task name cannot begin with a digit",
        },
    ]
}

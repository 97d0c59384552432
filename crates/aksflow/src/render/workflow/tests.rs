use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::argoproj_io::v1alpha1::TemplateType;
use crate::plan::GitOps;
use crate::render::bundle::{RenderOptions, Target, render};
use crate::render::rbac::least_privilege;
use crate::render::test_support::{SUBNET, WORKSPACE, plan_with};
use crate::request::IdentityType;
use crate::validation::Validate;

/// Every combination that changes the DAG: NAP, dry run, gitops, identity, add-ons.
fn plans() -> Vec<(String, Plan)> {
    let mut out = Vec::new();
    for nap in [true, false] {
        for dry_run in [false, true] {
            for full in [false, true] {
                let plan = plan_with(|p| {
                    p.enable_nap = nap;
                    p.dry_run = dry_run;
                    if full {
                        p.identity = IdentityType::UserAssigned;
                        p.vnet_subnet_id = Some(SUBNET.to_owned());
                        p.gitops = Some(GitOps {
                            url: "https://github.com/org/fleet".into(),
                            branch: "main".into(),
                            path: "./clusters/payments-prod".into(),
                        });
                        p.addons.monitoring = true;
                        p.addons.log_analytics_workspace_resource_id = Some(WORKSPACE.to_owned());
                        p.addons.key_vault_secrets_provider = true;
                        p.addons.azure_policy = true;
                    }
                });
                out.push((format!("nap={nap} dry_run={dry_run} full={full}"), plan));
            }
        }
    }
    out
}

fn workflow_of(plan: &Plan) -> (Bundle, Workflow) {
    let bundle = render(plan, &RenderOptions::default()).unwrap();
    let workflow = render_workflow(plan, &bundle, &WorkflowOptions::default()).unwrap();
    (bundle, workflow)
}

/// Every task's transitive dependencies.
fn ancestors(tasks: &[FlatTask]) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for task in tasks {
        let mut all = BTreeSet::new();
        for dependency in &task.depends_on {
            all.insert(dependency.clone());
            all.extend(out.get(dependency).cloned().unwrap_or_default());
        }
        out.insert(task.name.clone(), all);
    }
    out
}

fn task_of<'a>(tasks: &'a [FlatTask], template: &str) -> Option<&'a FlatTask> {
    tasks.iter().find(|t| t.template == template)
}

fn script_of<'a>(workflow: &'a Workflow, template: &str) -> &'a str {
    match &workflow.spec.template(template).unwrap().template_type {
        TemplateType::Script(script) => &script.source,
        other => panic!("{template} is not a script: {other:?}"),
    }
}

#[test]
fn every_workflow_and_template_passes_its_kinds_rules() {
    for (label, plan) in plans() {
        let (bundle, workflow) = workflow_of(&plan);
        workflow
            .validate()
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let template =
            render_workflow_template(&plan, &bundle, &WorkflowOptions::default()).unwrap();
        template.validate().unwrap();
        assert_eq!(template.spec, workflow.spec, "{label}: the same DAG");
        assert_eq!(
            template.metadata.name.as_deref(),
            Some("aksflow-payments-prod")
        );
        assert_eq!(
            workflow.metadata.generate_name.as_deref(),
            Some("provision-payments-prod-")
        );
        assert_eq!(workflow.metadata.namespace.as_deref(), Some("argo"));
        assert_eq!(
            workflow.spec.service_account_name.as_deref(),
            Some("aksflow-provisioner")
        );
        let labels = workflow.metadata.labels.clone().unwrap();
        assert_eq!(labels[LABEL_CLUSTER_NAME], "payments-prod");
        assert_eq!(labels[LABEL_NODE_POOL_TYPE], "memory-optimized");
        assert_eq!(labels[LABEL_NAP], plan.enable_nap.to_string());
        assert_eq!(labels[LABEL_DRY_RUN], plan.dry_run.to_string());
    }
}

#[test]
fn ordering_invariants_hold() {
    for (label, plan) in plans().into_iter().filter(|(_, p)| !p.dry_run) {
        let (bundle, workflow) = workflow_of(&plan);
        let tasks = flatten_dag(&workflow.spec);
        let before = ancestors(&tasks);
        let manifests = embedded_manifests(&workflow.spec);
        let wait = task_of(&tasks, dag::WAIT_FOR_CLUSTER_READY).unwrap();
        let cluster = task_of(&tasks, "create-managed-cluster").unwrap();
        assert!(before[&wait.name].contains(&cluster.name), "{label}");

        // Nothing targets the workload cluster before the Ready wait.
        for task in &tasks {
            let template = workflow.spec.template(&task.template).unwrap();
            let workload = match &template.template_type {
                TemplateType::Script(script) => script.source.contains("KUBECONFIG="),
                _ => false,
            };
            if workload {
                assert!(
                    before[&task.name].contains(&wait.name),
                    "{label}: {} reaches the workload cluster before the cluster is Ready",
                    task.name
                );
            }
        }
        // The Flux objects need the running cluster too.
        for step in ["create-flux-extension", "create-flux-configuration"] {
            if let Some(task) = task_of(&tasks, step) {
                assert!(before[&task.name].contains(&wait.name), "{label}: {step}");
            }
        }
        // Every object of the bundle but RBAC is applied exactly once, to its target, not as a dry run.
        let applied: Vec<&EmbeddedManifest> = manifests
            .iter()
            .filter(|m| m.template != dag::VALIDATE_INPUTS)
            .collect();
        let mut expected = 0;
        for object in &bundle.objects {
            if dag_step(&object.manifest).is_none() {
                continue;
            }
            expected += 1;
            let yaml = crate::to_yaml(&object.manifest).unwrap();
            let matching: Vec<_> = applied.iter().filter(|m| m.text == yaml).collect();
            assert_eq!(matching.len(), 1, "{label}: {yaml}");
            assert!(!matching[0].dry_run, "{label}");
            assert_eq!(
                matching[0].workload,
                object.target == Target::Workload,
                "{label}"
            );
        }
        assert_eq!(applied.len(), expected, "{label}: nothing else is applied");
        // The preflight only dry-runs.
        assert!(
            manifests
                .iter()
                .filter(|m| m.template == dag::VALIDATE_INPUTS)
                .all(|m| m.dry_run)
        );
        // Every task after the preflight depends on it.
        let preflight = task_of(&tasks, dag::VALIDATE_INPUTS).unwrap();
        for task in tasks.iter().filter(|t| t.name != preflight.name) {
            assert!(before[&task.name].contains(&preflight.name), "{label}");
        }
    }
}

/// The step names of the DAG module, for the RBAC kinds `None`.
fn dag_step(manifest: &crate::Manifest) -> Option<&'static str> {
    dag::step_name_for_tests(manifest)
}

#[test]
fn a_dry_run_creates_nothing() {
    for (label, plan) in plans().into_iter().filter(|(_, p)| p.dry_run) {
        let (bundle, workflow) = workflow_of(&plan);
        let tasks = flatten_dag(&workflow.spec);
        let manifests = embedded_manifests(&workflow.spec);
        assert!(manifests.iter().all(|m| m.dry_run), "{label}");
        assert!(manifests.iter().all(|m| !m.workload), "{label}");
        for template in [
            dag::WAIT_FOR_CLUSTER_READY,
            dag::WAIT_FOR_FLUX,
            dag::CONFIGURE_CLUSTER_ADDONS,
            "create-karpenter-nodeclass",
            "create-karpenter-nodepool",
        ] {
            assert!(task_of(&tasks, template).is_none(), "{label}: {template}");
            assert!(workflow.spec.template(template).is_none(), "{label}");
        }
        for template in workflow.spec.templates.iter().flatten() {
            if let TemplateType::Resource(resource) = &template.template_type {
                assert_eq!(
                    resource.flags.as_deref(),
                    Some(&[steps::DRY_RUN_FLAG.to_owned()][..])
                );
            }
            if let TemplateType::Script(script) = &template.template_type {
                for line in script.source.lines() {
                    for verb in [" apply ", " create ", " annotate ", " patch ", " delete "] {
                        if line.contains("kubectl") && line.contains(verb) {
                            assert!(line.contains(steps::DRY_RUN_FLAG), "{label}: {line}");
                        }
                    }
                }
            }
        }
        assert!(!script_of(&workflow, steps::RECORD_RESULT).contains("kubectl"));
        assert_eq!(
            workflow.metadata.labels.as_ref().unwrap()[LABEL_DRY_RUN],
            "true"
        );
        // Every management object of the bundle is still dry-run once.
        let management = bundle
            .objects
            .iter()
            .filter(|o| o.target == Target::Management && dag_step(&o.manifest).is_some())
            .count();
        let applied = manifests
            .iter()
            .filter(|m| m.template != dag::VALIDATE_INPUTS)
            .count();
        assert_eq!(applied, management, "{label}");
    }
}

#[test]
fn nothing_deletes_and_the_exit_handler_only_annotates() {
    for (label, plan) in plans() {
        let (_, workflow) = workflow_of(&plan);
        assert_eq!(workflow.spec.on_exit.as_deref(), Some(steps::RECORD_RESULT));
        for template in workflow.spec.templates.iter().flatten() {
            if let TemplateType::Resource(resource) = &template.template_type {
                assert_eq!(resource.action.as_str(), "apply", "{label}");
            }
            if let TemplateType::Script(script) = &template.template_type {
                assert!(!script.source.contains("kubectl delete"), "{label}");
            }
        }
        if !plan.dry_run {
            let exit = script_of(&workflow, steps::RECORD_RESULT);
            assert!(exit.contains("kubectl annotate 'managedclusters.containerservice.azure.com/payments-prod' -n \"$namespace\" --overwrite"));
            assert!(exit.contains("aksflow.io/provisioning={{workflow.status}}"));
        }
    }
}

#[test]
fn steps_that_talk_to_api_servers_retry_with_backoff() {
    for (label, plan) in plans() {
        let (_, workflow) = workflow_of(&plan);
        assert!(workflow.spec.active_deadline_seconds.is_some());
        assert!(workflow.spec.pod_gc.is_some() && workflow.spec.ttl_strategy.is_some());
        for template in workflow.spec.templates.iter().flatten() {
            let leaf = !matches!(template.template_type, TemplateType::Dag(_));
            let exit_of_dry_run = plan.dry_run && template.name == steps::RECORD_RESULT;
            if leaf && !exit_of_dry_run {
                let retry = template
                    .retry_strategy
                    .as_ref()
                    .unwrap_or_else(|| panic!("{label}: {} has no retryStrategy", template.name));
                assert!(retry.backoff.is_some(), "{label}: {}", template.name);
            }
        }
    }
}

#[test]
fn the_provisioning_role_covers_what_the_workflow_does() {
    for (label, plan) in plans() {
        let (_, workflow) = workflow_of(&plan);
        let (_, roles, _) = least_privilege(&plan, &crate::render::RbacNames::default());
        let rules: Vec<_> = roles
            .iter()
            .filter(|r| r.metadata.namespace.as_deref() == Some(plan.namespace.as_str()))
            .flat_map(|r| r.rules.iter().flatten())
            .collect();
        let allows = |group: &str, resource: &str, verb: &str| {
            rules.iter().any(|rule| {
                rule.api_groups.iter().flatten().any(|g| g == group)
                    && rule.resources.iter().flatten().any(|r| r == resource)
                    && rule.verbs.iter().any(|v| v == verb)
            })
        };
        for manifest in embedded_manifests(&workflow.spec)
            .iter()
            .filter(|m| !m.workload)
        {
            let object = crate::Manifest::from_yaml_stream(&manifest.text).unwrap();
            let object = &object[0];
            let group = object.api_version().split('/').next().unwrap();
            // kubectl apply (also as a dry run): get, then create or patch.
            for verb in ["get", "create", "patch"] {
                assert!(
                    allows(group, object.plural(), verb),
                    "{label}: {verb} {group}"
                );
            }
        }
        // The waits (kubectl wait: get, list, watch) and the exit handler (get, patch).
        for verb in ["get", "list", "watch", "patch"] {
            assert!(allows(
                "containerservice.azure.com",
                "managedclusters",
                verb
            ));
            if plan.gitops.is_some() {
                for resource in ["extensions", "fluxconfigurations"] {
                    assert!(allows("kubernetesconfiguration.azure.com", resource, verb));
                }
            }
        }
        // Workload steps read the kubeconfig Secret, by name.
        assert!(rules.iter().any(|rule| {
            rule.resources.iter().flatten().any(|r| r == "secrets")
                && rule.verbs == ["get"]
                && rule.resource_names.as_deref()
                    == Some(&[plan.names.kubeconfig_secret.clone()][..])
        }));
    }
}

#[test]
fn hostile_looking_values_reach_the_manifests_unchanged() {
    let request = r#"
clusterName: payments-prod
location: westeurope
nodePoolType: memory-optimized
kubernetesVersion: "1.32"
tags:
  shell: "$(rm -rf /) `id` ; | && > /tmp/x"
  quotes: "it's \"quoted\" '' \\"
  braces: "{ } {x} ${HOME} %{y} } {"
  heredoc: AKSFLOW_MANIFEST
  yaml: "- [a, b]: c # not a comment"
gitops:
  url: https://github.com/org/fleet
"#;
    let plan = crate::validate::validate_yaml(request, &crate::profiles::Profiles::builtin())
        .unwrap_or_else(|e| panic!("the values are valid: {e}"));
    let (bundle, workflow) = workflow_of(&plan);
    let manifests = embedded_manifests(&workflow.spec);
    assert!(!manifests.is_empty());
    for manifest in &manifests {
        // Argo substitutes `{{...}}` anywhere in a template: a manifest must hold none.
        assert!(!manifest.text.contains("{{"), "{}", manifest.text);
        // What the Workflow applies is exactly the bundle's object.
        let read = crate::Manifest::from_yaml_stream(&manifest.text).unwrap();
        assert_eq!(read.len(), 1);
        assert!(
            bundle.manifests().any(|m| *m == read[0]),
            "{}",
            manifest.text
        );
    }
    let group = manifests
        .iter()
        .find(|m| m.text.contains("kind: ResourceGroup"))
        .unwrap();
    assert!(
        group
            .text
            .contains("shell: $(rm -rf /) `id` ; | && > /tmp/x")
    );
    // Scripts embed manifests in quoted heredocs: the shell expands nothing in them.
    for template in workflow.spec.templates.iter().flatten() {
        if let TemplateType::Script(script) = &template.template_type {
            for line in script.source.lines().filter(|l| l.contains("-f - <<")) {
                assert!(line.ends_with("<<'AKSFLOW_MANIFEST'"), "{line}");
            }
        }
    }
    // A line equal to the delimiter is refused, not embedded.
    assert!(scripts::heredoc("a: 1\nAKSFLOW_MANIFEST\n").is_err());
}

#[test]
fn the_only_argo_variables_are_the_image_and_workflow_status() {
    for (label, plan) in plans() {
        let (_, workflow) = workflow_of(&plan);
        let yaml = crate::to_yaml(&workflow).unwrap();
        let mut rest = yaml.as_str();
        while let Some(start) = rest.find("{{") {
            let end = rest[start..].find("}}").unwrap() + start + 2;
            let variable = &rest[start..end];
            assert!(
                [
                    "{{workflow.parameters.kubectl-image}}",
                    "{{workflow.status}}",
                    "{{workflow.name}}",
                    "{{workflow.duration}}",
                ]
                .contains(&variable),
                "{label}: {variable}"
            );
            rest = &rest[end..];
        }
    }
}

#[test]
fn the_dag_without_nap_gitops_or_addons_is_a_chain() {
    let plan = plan_with(|p| p.enable_nap = false);
    let (_, workflow) = workflow_of(&plan);
    assert_eq!(
        mermaid(&workflow.spec),
        "\
graph TD
    validate_inputs[validate-inputs]
    create_resource_group[create-resource-group]
    validate_inputs --> create_resource_group
    create_managed_cluster[create-managed-cluster]
    create_resource_group --> create_managed_cluster
    wait_for_cluster_ready[wait-for-cluster-ready]
    create_managed_cluster --> wait_for_cluster_ready
    record_result([onExit: record-result])
"
    );
}

/// The README's picture is the DAG of the full example request, as the code renders it.
#[test]
fn the_readme_shows_the_rendered_dag() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let request =
        std::fs::read_to_string(root.join("examples/requests/payments-prod.yaml")).unwrap();
    let plan =
        crate::validate::validate_yaml(&request, &crate::profiles::Profiles::builtin()).unwrap();
    let (_, workflow) = workflow_of(&plan);
    let expected = format!("```mermaid\n{}```", mermaid(&workflow.spec));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains(&expected),
        "README.md must show the DAG of examples/requests/payments-prod.yaml (`aksflow workflow --mermaid examples/requests/payments-prod.yaml`):\n{expected}"
    );
}

/// Runs `script` with bash, with `kubectl` (a shell script body) and a no-op `sleep` first on PATH.
#[cfg(unix)]
fn run_with_fake_kubectl(script: &str, kubectl: &str) -> Option<std::process::Output> {
    run_with_fakes(script, kubectl, "exit 0")
}

/// Runs `script` with bash, with `kubectl` and `sleep` (shell script bodies) first on PATH.
#[cfg(unix)]
fn run_with_fakes(script: &str, kubectl: &str, sleep: &str) -> Option<std::process::Output> {
    use std::os::unix::fs::PermissionsExt as _;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let bash = std::path::Path::new("/bin/bash");
    if !bash.exists() {
        eprintln!("no /bin/bash: the script is not run");
        return None;
    }
    let dir = std::env::temp_dir().join(format!(
        "aksflow-workflow-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, body) in [("kubectl", kubectl), ("sleep", sleep)] {
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/bash\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = std::process::Command::new(bash)
        .arg("-c")
        .arg(script)
        .env("PATH", path)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    Some(output)
}

#[cfg(unix)]
#[test]
fn the_ready_wait_fails_fast_on_an_aso_error_and_passes_when_ready() {
    let (_, workflow) = workflow_of(&plan_with(|_| {}));
    let wait = script_of(&workflow, dag::WAIT_FOR_CLUSTER_READY);
    // ASO reports a lasting error for the current generation: fail at once, not at the deadline (45 min).
    let failing = "echo '3|False|3|Error|ReconciliationFailed|quota exceeded'";
    let Some(out) = run_with_fake_kubectl(wait, failing) else {
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("ReconciliationFailed|quota exceeded"),
        "{stderr}"
    );
    // Reconciling first, then Ready for the current generation.
    let ready = r#"count="$(dirname "$0")/count"
n=$(( $(cat "$count" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$count"
if [ "$n" -lt 3 ]; then echo '3|False|3|Warning|Reconciling|in progress'; else echo '3|True|3|||'; fi"#;
    let out = run_with_fake_kubectl(wait, ready).unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("is Ready (generation 3)"));
    // A controller that does not set observedGeneration on its conditions: Ready counts.
    let out = run_with_fake_kubectl(wait, "echo '3|True||||'").unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

/// On a re-run that changed the spec, the `Ready` (or the error) ASO reported for the previous
/// generation does not count: the wait goes on until the deadline.
#[cfg(unix)]
#[test]
fn the_ready_wait_ignores_the_ready_of_a_previous_generation_and_times_out() {
    let plan = plan_with(|_| {});
    let bundle = render(&plan, &RenderOptions::default()).unwrap();
    let options = WorkflowOptions {
        cluster_ready_timeout_seconds: 2,
        ..WorkflowOptions::default()
    };
    let workflow = render_workflow(&plan, &bundle, &options).unwrap();
    let wait = script_of(&workflow, dag::WAIT_FOR_CLUSTER_READY);
    for (stale, what) in [
        ("echo '4|True|3|||'", "a Ready of generation 3"),
        (
            "echo '4|False|3|Error|Failed|old'",
            "an error of generation 3",
        ),
        ("echo ''", "nothing (not found)"),
    ] {
        let Some(out) = run_with_fakes(wait, stale, "exec /bin/sleep 0.2") else {
            return;
        };
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
        assert!(stderr.contains("not Ready within 2s"), "{what}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn the_preflight_refuses_a_cluster_of_another_resource_group() {
    let (_, workflow) = workflow_of(&plan_with(|_| {}));
    let preflight = script_of(&workflow, dag::VALIDATE_INPUTS);
    let fake = |owner: &str, served: &str| {
        format!(
            r#"case "$1" in
  api-versions) printf '%s\n' {served} ;;
  apply) cat >/dev/null; echo 'resourcegroup.resources.azure.com/rg-payments-prod created (server dry run)' ;;
  get) case "$*" in *'-o name'*) [ -n '{owner}' ] && echo managedcluster/payments-prod ;; *) echo -n '{owner}' ;; esac ;;
esac
exit 0"#
        )
    };
    let all = "resources.azure.com/v1api20200601 containerservice.azure.com/v1api20250801";
    let Some(out) = run_with_fake_kubectl(preflight, &fake("", all)) else {
        return;
    };
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = run_with_fake_kubectl(preflight, &fake("rg-payments-prod", all)).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "a rerun of the same request: {out:?}"
    );
    let out = run_with_fake_kubectl(preflight, &fake("rg-someone-else", all)).unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("rg-someone-else"));
    let out =
        run_with_fake_kubectl(preflight, &fake("", "resources.azure.com/v1api20200601")).unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("containerservice.azure.com/v1api20250801")
    );
}

#[cfg(unix)]
#[test]
fn an_empty_kubeconfig_secret_stops_the_workload_step_before_any_apply() {
    let (_, workflow) = workflow_of(&plan_with(|_| {}));
    let apply = script_of(&workflow, "create-karpenter-nodeclass");
    let file = std::env::temp_dir().join(format!("aksflow-kubeconfig-{}", std::process::id()));
    let script = apply.replace(super::scripts::KUBECONFIG_PATH, &file.display().to_string());
    // The Secret exists but has no `value`: `kubectl get` prints nothing. Any apply would be logged.
    let kubectl = "if [ \"$1\" = get ]; then exit 0; fi\necho \"kubectl $*\"";
    let Some(out) = run_with_fake_kubectl(&script, kubectl) else {
        return;
    };
    let _ = std::fs::remove_file(&file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stdout}{stderr}");
    assert!(stderr.contains("has no kubeconfig"), "{stderr}");
    assert!(!stdout.contains("kubectl apply"), "{stdout}");
}

/// The renderer's Workflow skips re-reading its own embedded manifests (`Report::for_rendered`);
/// this holds the premise: every one of them reads back, and the whole Workflow passes the rules a
/// hand-built Workflow gets, manifest parsing included.
#[test]
fn rendered_workflows_pass_the_full_rules_including_manifest_parsing() {
    for (label, plan) in plans() {
        let (bundle, workflow) = workflow_of(&plan);
        let manifests = embedded_manifests(&workflow.spec);
        assert!(!manifests.is_empty(), "{label}");
        for manifest in &manifests {
            let parsed = crate::Manifest::from_yaml_stream(&manifest.text)
                .unwrap_or_else(|e| panic!("{label}: {}: {e}", manifest.template));
            assert_eq!(parsed.len(), 1, "{label}: {}", manifest.template);
        }
        workflow
            .validate()
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let template =
            render_workflow_template(&plan, &bundle, &WorkflowOptions::default()).unwrap();
        template
            .validate()
            .unwrap_or_else(|e| panic!("{label}: {e}"));
    }
}

//! The `aksflow` binary, run as a user runs it.

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn aksflow(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aksflow"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

const GOOD: &str = "apiVersion: resources.azure.com/v1api20200601\nkind: ResourceGroup\nmetadata:\n  name: rg-a\n  namespace: azure-system\nspec:\n  location: westeurope\n---\napiVersion: karpenter.azure.com/v1beta1\nkind: AKSNodeClass\nmetadata:\n  name: default\nspec:\n  imageFamily: AzureLinux\n";

#[test]
fn check_passes_valid_manifests() {
    let out = aksflow(&["check", "-"], GOOD);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(
        stdout,
        "ok      resources.azure.com/v1api20200601 ResourceGroup/rg-a\nok      karpenter.azure.com/v1beta1 AKSNodeClass/default\n"
    );
}

#[test]
fn check_lists_every_violation_and_exits_1() {
    let bad = "apiVersion: karpenter.azure.com/v1beta1\nkind: AKSNodeClass\nmetadata:\n  name: default\n  namespace: kube-system\nspec:\n  osDiskSizeGB: 20\n";
    let out = aksflow(&["check", "-"], bad);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("metadata.namespace: AKSNodeClass is cluster-scoped"),
        "{stdout}"
    );
    assert!(stdout.contains("spec.osDiskSizeGB:"), "{stdout}");
}

#[test]
fn check_reports_misfits_and_unknown_kinds_with_exit_2() {
    let pruned = "apiVersion: karpenter.azure.com/v1alpha2\nkind: AKSNodeClass\nmetadata:\n  name: x\nspec:\n  instanceTypes: [Standard_D2s_v3]\n";
    let out = aksflow(&["check", "-"], pruned);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("instanceTypes"),
        "{:?}",
        out
    );
    let unknown =
        "apiVersion: kro.run/v1alpha1\nkind: ResourceGraphDefinition\nmetadata:\n  name: x\n";
    let out = aksflow(&["check", "-"], unknown);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("does not model"),
        "{:?}",
        out
    );
}

#[test]
fn the_bundled_example_checks_clean() {
    let example = Command::new(env!("CARGO"))
        .args(["run", "-q", "-p", "aksflow", "--example", "payments_prod"])
        .output()
        .unwrap();
    assert!(
        example.status.success(),
        "{}",
        String::from_utf8_lossy(&example.stderr)
    );
    let stream = String::from_utf8(example.stdout).unwrap();
    let out = aksflow(&["check", "-"], &stream);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("ok ")).count(),
        4,
        "{stdout}"
    );
}

fn example(name: &str) -> String {
    format!(
        "{}/../../examples/requests/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn render_prints_the_bundle_of_a_bundled_example() {
    let out = aksflow(&["render", &example("payments-prod.yaml")], "");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kinds: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("kind: "))
        .collect();
    assert_eq!(
        kinds,
        [
            "ResourceGroup",
            "UserAssignedIdentity",
            "ManagedCluster",
            "AKSNodeClass",
            "NodePool",
            "Extension",
            "FluxConfiguration",
            "ServiceAccount",
            "Role",
            "Role",
            "Role",
            "RoleBinding",
            "RoleBinding",
            "RoleBinding",
        ]
    );
    // The same bundle, checked by the kinds' own rules.
    let checked = aksflow(&["check", "-"], &stdout);
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );
}

#[test]
fn render_reads_json_from_stdin_and_writes_json() {
    let request = r#"{"clusterName": "web-dev", "location": "westeurope", "nodePoolType": "standard", "kubernetesVersion": "1.32", "enableNAP": false}"#;
    let out = aksflow(&["render", "-o", "json", "--rbac", "none"], request);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let objects: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = objects
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["ResourceGroup", "ManagedCluster"]);
}

#[test]
fn render_out_dir_writes_one_file_per_object_by_target_in_apply_order() {
    let dir = std::env::temp_dir().join(format!("aksflow-cli-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = aksflow(
        &[
            "render",
            &example("web-dev.yaml"),
            "--out-dir",
            dir.to_str().unwrap(),
            "--rbac",
            "none",
        ],
        "",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = |sub: &str| {
        let mut names: Vec<String> = std::fs::read_dir(dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        list("management"),
        [
            "01-resourcegroup-rg-web-dev.yaml",
            "02-managedcluster-web-dev.yaml"
        ]
    );
    assert_eq!(
        list("workload"),
        [
            "03-aksnodeclass-web-dev-nodeclass.yaml",
            "04-nodepool-web-dev-nodepool.yaml"
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validate_reports_all_five_mistakes_with_paths_and_exits_1() {
    let out = aksflow(&["validate", &example("five-mistakes.yaml")], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 5, "{stderr}");
    for (line, (path, code)) in lines.iter().zip([
        ("clusterName", "pattern"),
        ("location", "unknown_value"),
        ("nodePoolType", "unknown_value"),
        ("kubernetesVersion", "pattern"),
        ("gitops.url", "pattern"),
    ]) {
        assert!(
            line.starts_with(&format!("{path}: ")) && line.ends_with(&format!("[{code}]")),
            "{line}"
        );
    }
}

#[test]
fn validate_accepts_a_valid_request() {
    let out = aksflow(&["validate", &example("web-dev.yaml")], "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn params_prints_the_designs_twelve_keys() {
    let out = aksflow(&["params", &example("web-dev.yaml")], "");
    assert_eq!(out.status.code(), Some(0));
    let params: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = params.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "cluster-name",
            "location",
            "node-pool-type",
            "enable-nap",
            "dry-run",
            "kubernetes-version",
            "primary-vm-size",
            "secondary-vm-size",
            "sku-family",
            "max-cpu",
            "max-memory",
            "system-vm-size",
        ]
    );
    assert!(params.values().all(serde_json::Value::is_string));
    assert_eq!(params["secondary-vm-size"], "Standard_DS3_v2");
}

#[test]
fn schema_lists_and_prints_schemas() {
    let out = aksflow(&["schema"], "");
    let names = String::from_utf8_lossy(&out.stdout);
    assert!(names.lines().any(|l| l == "cluster-request"), "{names}");
    assert!(
        names.lines().any(|l| l == "karpenter.sh_v1_NodePool"),
        "{names}"
    );
    let out = aksflow(&["schema", "karpenter.sh/v1/NodePool"], "");
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["properties"]["apiVersion"]["const"],
        "karpenter.sh/v1"
    );
    let out = aksflow(&["schema", "no-such-schema"], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn profiles_prints_the_builtin_and_file_profiles() {
    let out = aksflow(&["profiles"], "");
    let yaml = String::from_utf8_lossy(&out.stdout);
    assert!(
        yaml.contains("memory-optimized:\n  primaryVmSize: Standard_E2s_v3"),
        "{yaml}"
    );
    let file = std::env::temp_dir().join(format!("aksflow-profiles-{}.yaml", std::process::id()));
    std::fs::write(&file, "gpu:\n  primaryVmSize: Standard_NC6s_v3\n  secondaryVmSize: Standard_NC12s_v3\n  skuFamily: N\n  maxCpu: \"100\"\n  maxMemory: 1000Gi\n").unwrap();
    let out = aksflow(&["profiles", "--profiles", file.to_str().unwrap()], "");
    std::fs::remove_file(&file).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("gpu:\n  primaryVmSize: Standard_NC6s_v3")
    );
}

const REQUEST: &str = "clusterName: web-dev\nlocation: westeurope\nnodePoolType: standard\nkubernetesVersion: \"1.32\"\n";

#[test]
fn workflow_prints_the_provisioning_workflow_its_template_and_its_dag() {
    let out = aksflow(&["workflow", "-"], REQUEST);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(stdout.starts_with("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: provision-web-dev-\n"), "{stdout}");
    assert!(
        stdout.contains("- name: wait-for-cluster-ready"),
        "{stdout}"
    );

    let out = aksflow(&["workflow", "--template", "-o", "json", "-"], REQUEST);
    let template: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(template["kind"], "WorkflowTemplate");
    assert_eq!(template["metadata"]["name"], "aksflow-web-dev");

    let out = aksflow(&["workflow", "--mermaid", "-"], REQUEST);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("graph TD\n"), "{stdout}");
    assert!(
        stdout.contains("create_managed_cluster --> wait_for_cluster_ready"),
        "{stdout}"
    );
}

#[test]
fn workflow_of_an_invalid_request_lists_the_violations_and_exits_1() {
    let out = aksflow(&["workflow", "-"], "clusterName: Bad_Name\n");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("clusterName"));
}

fn examples_kro() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/kro")
}

#[test]
fn migrate_writes_request_bundle_and_comparison_and_exits_1_for_the_unmigratable_instance() {
    let kro = examples_kro();
    let out_dir = std::env::temp_dir().join(format!("aksflow-migrate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out_dir);
    let rgd = kro.join("rgd.yaml");
    let clean = kro.join("instances/web-dev.yaml");
    let unclean = kro.join("instances/legacy-private.yaml");
    let args = |instances: &[&std::path::Path]| {
        let mut a = vec![
            "migrate".to_owned(),
            "--rgd".to_owned(),
            rgd.display().to_string(),
        ];
        a.extend(instances.iter().map(|p| p.display().to_string()));
        a.push("--out-dir".to_owned());
        a.push(out_dir.display().to_string());
        a
    };
    let run = |a: Vec<String>| aksflow(&a.iter().map(String::as_str).collect::<Vec<_>>(), "");

    let out = run(args(&[&clean]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1 of 1 instance(s) equivalent"), "{stdout}");
    for file in [
        "request.yaml",
        "bundle.yaml",
        "comparison.json",
        "comparison.txt",
    ] {
        assert!(out_dir.join("web-dev").join(file).is_file(), "{file}");
    }
    let request = std::fs::read_to_string(out_dir.join("web-dev/request.yaml")).unwrap();
    assert!(
        request.starts_with("clusterName: web-dev\nlocation: eastus\nnodePoolType: standard\n"),
        "{request}"
    );

    let out = run(args(&[&clean, &unclean]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("UNEXPECTED spec.networkProfile.networkPlugin"),
        "{stdout}"
    );
    assert!(stdout.contains("1 of 2 instance(s) equivalent"), "{stdout}");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("legacy-private/comparison.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["equivalent"], false);
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn migrate_reports_errors_as_data_in_json() {
    let kro = examples_kro();
    let rgd = kro.join("rgd.yaml").display().to_string();
    let bad =
        std::env::temp_dir().join(format!("aksflow-bad-instance-{}.yaml", std::process::id()));
    std::fs::write(&bad, "apiVersion: kro.run/v1alpha1\nkind: AKSCluster\nmetadata:\n  name: x\nspec:\n  nodePool:\n    nodeCount: 0\n").unwrap();
    let out = aksflow(
        &[
            "migrate",
            "--rgd",
            &rgd,
            &bad.display().to_string(),
            "--json",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["equivalent"], false);
    assert_eq!(json["errors"][0]["code"], "instance");
    assert_eq!(json["errors"][0]["path"], "spec.clusterName");
    assert!(
        json["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("spec.nodePool.nodeCount")
    );
    let _ = std::fs::remove_file(&bad);
    // An RGD that cannot be read is a usage error (exit 2).
    let out = aksflow(
        &[
            "migrate",
            "--rgd",
            &kro.join("instances/web-dev.yaml").display().to_string(),
            "x.yaml",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ResourceGraphDefinition"));
}

#[test]
fn diff_classifies_and_sets_the_exit_status() {
    let old = "apiVersion: resources.azure.com/v1api20200601\nkind: ResourceGroup\nmetadata:\n  name: rg-a\n  namespace: azure-system\nspec:\n  location: westeurope\n";
    let tagged = format!("{old}  tags:\n    team: a\n");
    let moved = old.replace("westeurope", "northeurope");
    let dir = std::env::temp_dir();
    let id = std::process::id();
    let write = |name: &str, text: &str| {
        let path = dir.join(format!("aksflow-diff-{id}-{name}.yaml"));
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let (old, tagged, moved) = (
        write("old", old),
        write("tagged", &tagged),
        write("moved", &moved),
    );
    let out = aksflow(&["diff", &old, &tagged], "");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("intended   spec.tags.team: added \"a\""),
        "{stdout}"
    );
    let out = aksflow(&["diff", &old, &moved, "--json"], "");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["pairs"][0]["differences"][0]["path"], "spec.location");
    assert_eq!(
        json["pairs"][0]["differences"][0]["verdict"]["verdict"],
        "unexpected"
    );
    for f in [old, tagged, moved] {
        let _ = std::fs::remove_file(f);
    }
}

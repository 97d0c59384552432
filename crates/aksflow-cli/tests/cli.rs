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

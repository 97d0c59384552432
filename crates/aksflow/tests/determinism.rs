//! Determinism across languages: 100 generated requests (`tests/determinism/requests.json`, made
//! by the seeded generator below) render to the bundle and Workflow YAML whose SHA-256 hashes are
//! in `tests/determinism/expected-sha256.json`. The Node and Python suites render the same
//! requests through their bindings (host objects, not text) and compare with the same file, so
//! no suite depends on another having run.
//!
//! `AKSFLOW_UPDATE_GOLDEN=1` rewrites both files; review the diff (a changed hash is a changed
//! output: the golden cases show which bytes).

use std::fs;
use std::path::PathBuf;

use aksflow::profiles::Profiles;
use aksflow::render::{RenderOptions, WorkflowOptions};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/determinism")
}

fn updating() -> bool {
    std::env::var_os("AKSFLOW_UPDATE_GOLDEN").is_some()
}

/// xorshift64*: a fixed sequence from a fixed seed, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const SUBNET: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aks";
const WORKSPACE: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/logs-prod";

/// The i-th request: every optional field appears in some, with values from closed lists.
fn request(rng: &mut Rng, i: usize) -> Value {
    let teams = ["payments", "search", "ml", "web", "data", "edge", "core"];
    let stages = ["prod", "dev", "test", "staging", "eu", "us2"];
    let mut doc = Map::new();
    doc.insert(
        "clusterName".into(),
        json!(format!("{}-{}-{i}", rng.pick(&teams), rng.pick(&stages))),
    );
    doc.insert(
        "location".into(),
        json!(rng.pick(&[
            "westeurope",
            "northeurope",
            "eastus",
            "eastus2",
            "westus3",
            "uksouth",
            "japaneast",
            "australiaeast"
        ])),
    );
    doc.insert(
        "nodePoolType".into(),
        json!(rng.pick(&["standard", "memory-optimized", "compute-optimized"])),
    );
    let minor = 29 + rng.below(6);
    let version = if rng.chance(30) {
        format!("1.{minor}.{}", rng.below(12))
    } else {
        format!("1.{minor}")
    };
    doc.insert("kubernetesVersion".into(), json!(version));
    if rng.chance(40) {
        doc.insert("enableNAP".into(), json!(rng.chance(50)));
    }
    if rng.chance(30) {
        doc.insert("dryRun".into(), json!(rng.chance(50)));
    }
    if rng.chance(20) {
        doc.insert(
            "namespace".into(),
            json!(rng.pick(&["aso", "platform", "azure-system"])),
        );
    }
    if rng.chance(25) {
        doc.insert(
            "systemVmSize".into(),
            json!(rng.pick(&["Standard_B2s", "Standard_D4s_v5", "Standard_E8s_v3"])),
        );
    }
    if rng.chance(30) {
        doc.insert(
            "identity".into(),
            json!({ "type": rng.pick(&["SystemAssigned", "UserAssigned"]) }),
        );
    }
    if rng.chance(25) {
        doc.insert("vnetSubnetId".into(), json!(SUBNET));
    }
    if rng.chance(50) {
        let mut tags = Map::new();
        for _ in 0..rng.below(4) {
            tags.insert(
                rng.pick(&["team", "owner", "cost-center", "env", "tier"])
                    .into(),
                json!(rng.pick(&[
                    "payments",
                    "Platform Team",
                    "1234",
                    "prod",
                    "yes",
                    "no",
                    "1.30",
                    "true",
                    "ünïcödé"
                ])),
            );
        }
        doc.insert("tags".into(), Value::Object(tags));
    }
    if rng.chance(40) {
        let mut gitops = Map::new();
        gitops.insert(
            "url".into(),
            json!(rng.pick(&[
                "https://github.com/contoso/fleet",
                "ssh://git@github.com/contoso/fleet.git",
                "git@github.com:contoso/fleet.git"
            ])),
        );
        if rng.chance(50) {
            gitops.insert(
                "branch".into(),
                json!(rng.pick(&["main", "release", "env/prod"])),
            );
        }
        if rng.chance(50) {
            gitops.insert(
                "path".into(),
                json!(rng.pick(&["./clusters/prod", "./fleet/eu", "apps"])),
            );
        }
        doc.insert("gitops".into(), Value::Object(gitops));
    }
    if rng.chance(40) {
        let monitoring = rng.chance(50);
        let mut addons = Map::new();
        addons.insert("monitoring".into(), json!(monitoring));
        if monitoring {
            addons.insert("logAnalyticsWorkspaceResourceId".into(), json!(WORKSPACE));
        }
        addons.insert("keyVaultSecretsProvider".into(), json!(rng.chance(50)));
        addons.insert("azurePolicy".into(), json!(rng.chance(50)));
        doc.insert("addons".into(), Value::Object(addons));
    }
    if rng.chance(30) {
        let mut versions = Map::new();
        if rng.chance(50) {
            versions.insert(
                "managedCluster".into(),
                json!(rng.pick(&["v1api20250801", "v1api20240402preview"])),
            );
        }
        if rng.chance(50) {
            versions.insert("nodePool".into(), json!(rng.pick(&["v1", "v1beta1"])));
        }
        if rng.chance(50) {
            versions.insert(
                "aksNodeClass".into(),
                json!(rng.pick(&["v1beta1", "v1alpha2"])),
            );
        }
        doc.insert("apiVersions".into(), Value::Object(versions));
    }
    Value::Object(doc)
}

fn requests() -> Vec<Value> {
    let mut rng = Rng(0x5EED_A45F_1000_0001);
    (0..100).map(|i| request(&mut rng, i)).collect()
}

/// The hashes of one request's output.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Hashes {
    bundle: String,
    workflow: String,
}

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn hashes(request: &Value) -> Hashes {
    let plan = aksflow::validate::validate_value(request, &Profiles::builtin())
        .unwrap_or_else(|e| panic!("a generated request is invalid: {e}\n{request}"));
    let bundle = aksflow::render::render(&plan, &RenderOptions::default()).expect("renders");
    let workflow = aksflow::render::render_workflow(&plan, &bundle, &WorkflowOptions::default())
        .expect("a Workflow");
    Hashes {
        bundle: sha256(&bundle.to_yaml().expect("YAML")),
        workflow: sha256(&aksflow::to_yaml(&workflow).expect("YAML")),
    }
}

#[test]
fn generated_requests_render_the_expected_bytes() {
    let requests = requests();
    let requests_json = serde_json::to_string_pretty(&requests).expect("JSON") + "\n";
    let actual: Vec<Hashes> = requests.iter().map(hashes).collect();
    let actual_json = serde_json::to_string_pretty(&actual).expect("JSON") + "\n";
    let (requests_path, hashes_path) = (
        dir().join("requests.json"),
        dir().join("expected-sha256.json"),
    );
    if updating() {
        fs::write(&requests_path, &requests_json).expect("requests.json");
        fs::write(&hashes_path, &actual_json).expect("expected-sha256.json");
        return;
    }
    assert_eq!(
        fs::read_to_string(&requests_path).expect("requests.json"),
        requests_json,
        "the generator and tests/determinism/requests.json differ (AKSFLOW_UPDATE_GOLDEN=1)"
    );
    let expected: Vec<Hashes> =
        serde_json::from_str(&fs::read_to_string(&hashes_path).expect("expected-sha256.json"))
            .expect("expected-sha256.json reads");
    assert_eq!(expected.len(), 100);
    for (i, (e, a)) in expected.iter().zip(&actual).enumerate() {
        assert_eq!(e, a, "request {i} renders other bytes: {}", requests[i]);
    }
    // The set exercises what it should: distinct outputs, both NAP modes, every API version.
    let distinct: std::collections::BTreeSet<&String> = actual.iter().map(|h| &h.bundle).collect();
    assert_eq!(distinct.len(), 100);
    assert!(requests_json.contains("\"enableNAP\": false") && requests_json.contains("v1beta1"));
}

#[test]
fn rendering_in_threads_gives_the_same_bytes() {
    let requests = requests();
    let first: Vec<Hashes> = requests.iter().take(10).map(hashes).collect();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let requests = requests.clone();
            std::thread::spawn(move || requests.iter().take(10).map(hashes).collect::<Vec<_>>())
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().expect("no panic"), first);
    }
}

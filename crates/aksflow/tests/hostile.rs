//! The hostile input corpus (`tests/hostile/` at the repository root): template injection, YAML
//! tricks (aliases, merge keys, tags, duplicate keys, several documents), look-alike and bidi
//! characters, names too long once composed, and, generated here rather than checked in, deeply
//! nested and huge documents.
//!
//! `tests/hostile/expected.json` says, for each file, how it must be rejected: `violations` (the
//! code and path of every violation, in order) or `parse_error` (a YAML or JSON error that names a
//! line and column). No timing is asserted: each case just has to finish, with bounded memory
//! (the reader's budgets cap aliases, nodes, depth and scalar bytes; requests over
//! `aksflow::validate::MAX_REQUEST_BYTES` are refused before they are read).
//!
//! `AKSFLOW_UPDATE_GOLDEN=1` rewrites `expected.json` from what the cases produce; review the diff.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use aksflow::error::ParseError;
use aksflow::profiles::Profiles;
use aksflow::{Error, validate};
use serde::{Deserialize, Serialize};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile")
}

/// How a case must be rejected.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Expected {
    /// `[path, code]` of every violation, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    violations: Option<Vec<(String, String)>>,
    /// `yaml` or `json`: the reader that refused the text, with a line and column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parse_error: Option<String>,
}

/// Reads and validates `text` (JSON for `.json` cases), and says how it was rejected.
fn outcome(name: &str, text: &str) -> Expected {
    let profiles = Profiles::builtin();
    let result = if name.ends_with(".json") {
        validate::validate_json(text, &profiles)
    } else {
        validate::validate_yaml(text, &profiles)
    };
    match result {
        // Recorded as no violations, which the test refuses.
        Ok(_) => Expected {
            violations: Some(Vec::new()),
            parse_error: None,
        },
        Err(Error::Validation(error)) => Expected {
            violations: Some(
                error
                    .violations()
                    .iter()
                    .map(|v| (v.path.to_string(), v.code.as_str().to_owned()))
                    .collect(),
            ),
            parse_error: None,
        },
        Err(Error::Parse(ParseError::Yaml(error))) => {
            let location = error.location();
            assert!(
                location.is_some_and(|l| l.line() > 0),
                "{name}: a YAML error without a position: {error}"
            );
            Expected {
                violations: None,
                parse_error: Some("yaml".into()),
            }
        }
        Err(Error::Parse(ParseError::Json(error))) => {
            assert!(
                error.line() > 0,
                "{name}: a JSON error without a position: {error}"
            );
            Expected {
                violations: None,
                parse_error: Some("json".into()),
            }
        }
        Err(other) => panic!("{name}: neither violations nor a positioned parse error: {other}"),
    }
}

const REQUEST_TAIL: &str =
    "location: westeurope\nnodePoolType: standard\nkubernetesVersion: \"1.30\"\n";

/// The cases too large to check in, built here (and the same way by the Node and Python suites).
fn generated() -> Vec<(String, String)> {
    let deep_flow = format!("clusterName: {}\n{REQUEST_TAIL}", "[".repeat(100_000));
    let deep_json = "[".repeat(100_000);
    let mut deep_block = String::new();
    for level in 0..900 {
        deep_block.push_str(&"  ".repeat(level));
        deep_block.push_str("a:\n");
    }
    let huge_string = format!(
        "clusterName: {}\n{REQUEST_TAIL}",
        "a".repeat(50 * 1024 * 1024)
    );
    let mut many_keys = format!("clusterName: payments\n{REQUEST_TAIL}tags:\n");
    for i in 0..80_000 {
        many_keys.push_str(&format!("  k{i}: v\n"));
    }
    let near_limit = format!(
        "clusterName: payments\n{REQUEST_TAIL}tags:\n  big: {}\n",
        "b".repeat(1000 * 1000)
    );
    vec![
        ("generated/deep-nesting-flow.yaml".into(), deep_flow),
        ("generated/near-limit-string.yaml".into(), near_limit),
        ("generated/deep-nesting.json".into(), deep_json),
        ("generated/deep-nesting-block.yaml".into(), deep_block),
        ("generated/huge-string.yaml".into(), huge_string),
        ("generated/many-keys.yaml".into(), many_keys),
    ]
}

#[test]
fn every_hostile_input_is_rejected_with_a_path_or_a_position() {
    let expected_path = dir().join("expected.json");
    let mut cases: Vec<(String, String)> = fs::read_dir(dir())
        .expect("tests/hostile")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .filter(|p| p.file_name().is_some_and(|n| n != "expected.json"))
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let text = fs::read_to_string(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, text)
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "only {} hostile files", cases.len());
    cases.extend(generated());

    let actual: BTreeMap<String, Expected> = cases
        .iter()
        .map(|(name, text)| {
            let start = std::time::Instant::now();
            let o = outcome(name, text);
            // Shown with --nocapture; not asserted.
            eprintln!("{name}: {:?}", start.elapsed());
            (name.clone(), o)
        })
        .collect();
    let accepted: Vec<&String> = actual
        .iter()
        .filter(|(_, o)| o.violations.as_ref().is_some_and(Vec::is_empty))
        .map(|(name, _)| name)
        .collect();
    assert!(
        accepted.is_empty(),
        "hostile requests validated: {accepted:?}"
    );
    // Memory stayed bounded: the process's peak resident set (Linux), the 50 MB text included.
    if let Ok(status) = fs::read_to_string("/proc/self/status")
        && let Some(kib) = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    {
        assert!(kib < 1024 * 1024, "peak memory {kib} KiB");
    }
    if std::env::var_os("AKSFLOW_UPDATE_GOLDEN").is_some() {
        let json = serde_json::to_string_pretty(&actual).expect("JSON") + "\n";
        fs::write(&expected_path, json).expect("expected.json");
        return;
    }
    let expected: BTreeMap<String, Expected> =
        serde_json::from_str(&fs::read_to_string(&expected_path).expect("expected.json"))
            .expect("expected.json reads");
    let mut failures = Vec::new();
    for (name, outcome) in &actual {
        match expected.get(name) {
            None => failures.push(format!("{name}: no expectation in expected.json")),
            Some(e) if e != outcome => {
                failures.push(format!("{name}: expected {e:?}, got {outcome:?}"))
            }
            Some(_) => {}
        }
    }
    for name in expected.keys() {
        if !actual.contains_key(name) {
            failures.push(format!("{name}: in expected.json but no such case"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

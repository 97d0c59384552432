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
use std::path::{Path, PathBuf};

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
    check_outcomes(&actual, &expected_path, "hostile requests validated");
}

/// Every case rejected, memory bounded, and the outcomes equal to `expected_path`
/// (`AKSFLOW_UPDATE_GOLDEN=1` writes them instead).
fn check_outcomes(
    actual: &BTreeMap<String, Expected>,
    expected_path: &Path,
    accepted_message: &str,
) {
    let accepted: Vec<&String> = actual
        .iter()
        .filter(|(_, o)| o.violations.as_ref().is_some_and(Vec::is_empty))
        .map(|(name, _)| name)
        .collect();
    assert!(accepted.is_empty(), "{accepted_message}: {accepted:?}");
    // Memory stayed bounded: the process's peak resident set (Linux), the 50 MB text included.
    if let Ok(status) = fs::read_to_string("/proc/self/status")
        && let Some(kib) = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    {
        assert!(kib < 1024 * 1024, "peak memory {kib} KiB");
    }
    let shown = expected_path.display();
    if std::env::var_os("AKSFLOW_UPDATE_GOLDEN").is_some() {
        let json = serde_json::to_string_pretty(actual).expect("JSON") + "\n";
        fs::write(expected_path, json).expect("expected.json");
        return;
    }
    let expected: BTreeMap<String, Expected> =
        serde_json::from_str(&fs::read_to_string(expected_path).expect("expected.json"))
            .expect("expected.json reads");
    let mut failures = Vec::new();
    for (name, outcome) in actual {
        match expected.get(name) {
            None => failures.push(format!("{name}: no expectation in {shown}")),
            Some(e) if e != outcome => {
                failures.push(format!("{name}: expected {e:?}, got {outcome:?}"))
            }
            Some(_) => {}
        }
    }
    for name in expected.keys() {
        if !actual.contains_key(name) {
            failures.push(format!("{name}: in {shown} but no such case"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The KRO composition the KRO cases without an RGD of their own are rendered against.
const EXAMPLE_RGD: &str = include_str!("../../../examples/kro/rgd.yaml");

/// The mapping every KRO case migrates with: the legacy KRO-path Workflow, so values that reach
/// the request would reach that Workflow's templates.
const KRO_PATH: &str = "set:\n  provisioningPath: kro\n";

fn kro_dir() -> PathBuf {
    dir().join("kro")
}

/// Migrates a KRO case (`RGD\n---\nINSTANCE`, or an instance alone against the example RGD):
/// the RGD read, the instance rendered offline, mapped, validated, the bundle and the legacy
/// Workflow rendered. How it was rejected: `[path, code]` (the request's violations when the
/// extracted request is refused, otherwise the migration error's path and code), or a YAML error
/// whose message names a line.
fn kro_outcome(name: &str, text: &str) -> Expected {
    use aksflow::migrate::{MigrateError, Rgd, migrate_yaml};
    let (rgd, instance) = text.split_once("\n---\n").unwrap_or((EXAMPLE_RGD, text));
    let profiles = Profiles::builtin();
    let result = Rgd::from_yaml(rgd).and_then(|rgd| {
        migrate_yaml(
            &rgd,
            instance,
            Some(KRO_PATH),
            &profiles,
            &aksflow::render::RenderOptions::default(),
        )
    });
    let error = match result {
        Ok(migration) => {
            // Accepted: the legacy Workflow renders (recorded as no violations, refused below).
            let workflow = aksflow::render::render_workflow(
                &migration.plan,
                &migration.bundle,
                &aksflow::render::WorkflowOptions::default(),
            );
            assert!(workflow.is_ok(), "{name}: {workflow:?}");
            return Expected {
                violations: Some(Vec::new()),
                parse_error: None,
            };
        }
        Err(error) => error,
    };
    match &error {
        MigrateError::Parse { message, .. } => {
            assert!(
                message.contains("line "),
                "{name}: a YAML error without a position: {message}"
            );
            Expected {
                violations: None,
                parse_error: Some("yaml".into()),
            }
        }
        MigrateError::Request { violations, .. } if !violations.is_empty() => Expected {
            violations: Some(violations.clone()),
            parse_error: None,
        },
        MigrateError::Instance { problems } => Expected {
            violations: Some(
                problems
                    .iter()
                    .map(|(path, _)| (path.clone(), error.code().to_owned()))
                    .collect(),
            ),
            parse_error: None,
        },
        other => {
            if let MigrateError::CelSyntax { line, column, .. } = other {
                assert!(*line > 0 && *column > 0, "{name}: {other}");
            }
            assert!(!other.path().is_empty(), "{name}: no path: {other}");
            Expected {
                violations: Some(vec![(other.path(), other.code().to_owned())]),
                parse_error: None,
            }
        }
    }
}

/// An RGD whose one resource has `template` (indented under `spec`) and the example's schema.
fn kro_rgd(resources: &str) -> String {
    format!(
        "apiVersion: kro.run/v1alpha1\nkind: ResourceGraphDefinition\nmetadata:\n  name: hostile\n\
         spec:\n  schema:\n    apiVersion: v1alpha1\n    kind: AKSCluster\n    spec:\n      \
         clusterName: string | default=payments\n      location: string | default=westeurope\n  \
         resources:\n{resources}"
    )
}

/// One resource (`id`) whose `metadata.name` is `expression`.
fn kro_resource(id: &str, expression: &str) -> String {
    format!(
        "  - id: {id}\n    template:\n      apiVersion: v1\n      kind: ConfigMap\n      \
         metadata:\n        name: '{}'\n",
        expression.replace('\'', "''")
    )
}

const KRO_INSTANCE: &str =
    "\n---\napiVersion: kro.run/v1alpha1\nkind: AKSCluster\nmetadata:\n  name: hostile\nspec: {}\n";

/// The KRO cases too large to check in.
fn kro_generated() -> Vec<(String, String)> {
    let case = |name: &str, resources: String| {
        (
            format!("generated/{name}.yaml"),
            kro_rgd(&resources) + KRO_INSTANCE,
        )
    };
    let one = |expression: String| kro_resource("r", &expression);
    // 20 resources, each twice the one before: 2^20 times the cluster name.
    let mut doubling = kro_resource("r0", "${schema.spec.clusterName + schema.spec.clusterName}");
    for i in 1..20 {
        let previous = format!("r{}.metadata.name", i - 1);
        doubling.push_str(&kro_resource(
            &format!("r{i}"),
            &format!("${{{previous} + {previous}}}"),
        ));
    }
    // 60 resources, each reading every one before it (past the operator limit at the 34th).
    let mut fan_in = String::new();
    for i in 0..60 {
        let refs: Vec<String> = (0..i).map(|j| format!("r{j}.metadata.name")).collect();
        let expression = if refs.is_empty() {
            "${schema.spec.clusterName}".to_owned()
        } else {
            format!("${{{}}}", refs.join(" + "))
        };
        fan_in.push_str(&kro_resource(&format!("r{i}"), &expression));
    }
    let digits = "[0,1,2,3,4,5,6,7,8,9]";
    let mut comprehension = "schema.spec.clusterName".to_owned();
    for level in 0..4 {
        comprehension = format!("{digits}.map(v{level}, {comprehension})");
    }
    vec![
        case(
            "kro-deep-parentheses",
            one(format!(
                "${{{}schema.spec.clusterName{}}}",
                "(".repeat(10_000),
                ")".repeat(10_000)
            )),
        ),
        case(
            "kro-deep-lists",
            one(format!(
                "${{string({}1{})}}",
                "[".repeat(10_000),
                "]".repeat(10_000)
            )),
        ),
        case(
            "kro-deep-unary",
            one(format!("${{string({}true)}}", "!".repeat(10_000))),
        ),
        case(
            "kro-long-binary-chain",
            one(format!(
                "${{{}}}",
                vec!["schema.spec.clusterName"; 20_000].join(" + ")
            )),
        ),
        case(
            "kro-long-select-chain",
            one(format!("${{schema{}}}", ".spec".repeat(20_000))),
        ),
        case("kro-string-doubling", doubling),
        case("kro-fan-in", fan_in),
        case(
            "kro-replace-blowup",
            one(format!(
                "${{schema.spec.clusterName{}}}",
                ".replace('a', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')".repeat(8)
            )),
        ),
        case(
            "kro-nested-comprehensions",
            one(format!("${{string({comprehension})}}")),
        ),
    ]
}

#[test]
fn every_hostile_kro_input_is_rejected_with_a_path_or_a_position() {
    let expected_path = kro_dir().join("expected.json");
    let mut cases: Vec<(String, String)> = fs::read_dir(kro_dir())
        .expect("tests/hostile/kro")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
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
    assert!(cases.len() >= 8, "only {} hostile KRO files", cases.len());
    cases.extend(kro_generated());
    let actual: BTreeMap<String, Expected> = cases
        .iter()
        .map(|(name, text)| {
            let start = std::time::Instant::now();
            let o = kro_outcome(name, text);
            let elapsed = start.elapsed();
            eprintln!("{name}: {elapsed:?}");
            // Bounded: generous for a debug build on a shared machine, far below a blow-up.
            assert!(elapsed.as_secs() < 30, "{name} took {elapsed:?}");
            (name.clone(), o)
        })
        .collect();
    check_outcomes(&actual, &expected_path, "hostile KRO inputs migrated");
}

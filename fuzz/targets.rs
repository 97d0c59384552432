//! What each fuzz target does with its input, shared by the libFuzzer targets (`fuzz/fuzz_targets/`)
//! and the regression test that replays the kept inputs (`crates/aksflow/tests/fuzz_regressions.rs`),
//! so a reproducer fails the normal test run exactly as it failed the fuzzer.
//!
//! Beyond "no panic", each target asserts the properties a caller relies on: what validates
//! renders, twice to the same bytes, and reads back to the same objects.

#![allow(dead_code)] // each user calls one target

use aksflow::Manifest;
use aksflow::profiles::Profiles;
use aksflow::render::{RenderOptions, WorkflowOptions};

/// Inputs past this size are skipped (the hostile corpus covers huge documents; the fuzzer
/// explores structure, not size).
const MAX_INPUT: usize = 64 * 1024;

/// Request bytes (YAML and JSON readers both): parse, validate, and render whatever validates.
pub fn request(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let profiles = Profiles::builtin();
    for plan in [
        aksflow::validate::validate_yaml(text, &profiles),
        aksflow::validate::validate_json(text, &profiles),
    ]
    .into_iter()
    .flatten()
    {
        render(&plan);
    }
}

fn render(plan: &aksflow::plan::Plan) {
    let options = RenderOptions::default();
    let bundle = match aksflow::render::render(plan, &options) {
        Ok(bundle) => bundle,
        Err(error) => panic!("a validated request does not render: {error}"),
    };
    let yaml = bundle
        .to_yaml()
        .unwrap_or_else(|e| panic!("bundle YAML: {e}"));
    let json = bundle
        .to_json()
        .unwrap_or_else(|e| panic!("bundle JSON: {e}"));
    let again = aksflow::render::render(plan, &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        yaml,
        again.to_yaml().unwrap_or_default(),
        "YAML differs between two renders"
    );
    assert_eq!(
        json,
        again.to_json().unwrap_or_default(),
        "JSON differs between two renders"
    );
    let read = Manifest::from_yaml_stream(&yaml)
        .unwrap_or_else(|e| panic!("the bundle does not read back: {e}\n{yaml}"));
    let manifests: Vec<Manifest> = bundle.manifests().cloned().collect();
    assert!(read == manifests, "the bundle read back differs:\n{yaml}");
    let workflow = aksflow::render::render_workflow(plan, &bundle, &WorkflowOptions::default())
        .unwrap_or_else(|e| panic!("no Workflow: {e}"));
    aksflow::to_yaml(&workflow).unwrap_or_else(|e| panic!("Workflow YAML: {e}"));
    let _ = aksflow::render::generate_workflow_parameters(plan);
}

/// Manifest bytes (a YAML stream, or one JSON object): every kind's reader, its own rules, and
/// the writer: whatever reads writes, and reads back to the same objects.
pub fn manifests(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(manifests) = Manifest::from_yaml_stream(text) {
        round_trip(&manifests);
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text)
        && let Ok(manifest) = Manifest::from_value(value)
    {
        round_trip(std::slice::from_ref(&manifest));
    }
}

fn round_trip(manifests: &[Manifest]) {
    use aksflow::Validate;
    for manifest in manifests {
        let _ = manifest.validate();
    }
    let yaml = aksflow::to_yaml_stream(manifests).unwrap_or_else(|e| panic!("YAML: {e}"));
    let read = Manifest::from_yaml_stream(&yaml)
        .unwrap_or_else(|e| panic!("what was written does not read back: {e}\n{yaml}"));
    assert!(read == manifests, "read back differs:\n{yaml}");
    for manifest in manifests {
        let json = aksflow::to_json(manifest).unwrap_or_else(|e| panic!("JSON: {e}"));
        let value: serde_json::Value =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("JSON does not read: {e}"));
        let read = Manifest::from_value(value).unwrap_or_else(|e| panic!("JSON read back: {e}"));
        assert!(&read == manifest, "JSON read back differs:\n{json}");
    }
}

/// The KRO composition the `kro` target renders instances against when its input holds no RGD.
const EXAMPLE_RGD: &str = include_str!("../examples/kro/rgd.yaml");

/// KRO bytes: `RGD\n---\nINSTANCE` (or an instance alone, against `examples/kro/rgd.yaml`). The RGD
/// reader (schema, resources, every `${...}` compiled, dependency order), the offline renderer (CEL
/// evaluation, defaults, `includeWhen`, references) twice to the same result, and for what renders
/// the whole migration (mapping, request, bundle, comparison) and its report. Errors carry a code.
pub fn kro(data: &[u8]) {
    use aksflow::migrate::{self, MigrateErrorData, Rgd};
    if data.len() > MAX_INPUT {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (rgd_text, instance) = match text.split_once("\n---\n") {
        Some((rgd, instance)) => (rgd, instance),
        None => (EXAMPLE_RGD, text),
    };
    let checked = |error: &migrate::MigrateError| {
        let data = MigrateErrorData::from(error);
        assert!(
            !data.code.is_empty() && !data.message.is_empty(),
            "{data:?}"
        );
    };
    let rgd = match Rgd::from_yaml(rgd_text) {
        Ok(rgd) => rgd,
        Err(error) => return checked(&error),
    };
    let first = migrate::render_yaml(&rgd, instance);
    let second = migrate::render_yaml(&rgd, instance);
    assert!(
        first == second,
        "two renders differ:\n{first:?}\n{second:?}"
    );
    match first {
        Ok(kro) => {
            serde_json::to_string(&kro).unwrap_or_else(|e| panic!("KroRender JSON: {e}"));
        }
        Err(error) => return checked(&error),
    }
    let profiles = Profiles::builtin();
    match migrate::migrate_yaml(&rgd, instance, None, &profiles, &RenderOptions::default()) {
        Ok(migration) => {
            let report = migration.report();
            let _ = report.to_string();
            serde_json::to_string(&report).unwrap_or_else(|e| panic!("report JSON: {e}"));
        }
        Err(error) => checked(&error),
    }
}

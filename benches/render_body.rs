// The benchmarks of `render.rs` (system allocator) and `render_mimalloc.rs` (mimalloc, the
// allocator the CLI and the bindings ship with): one body, two allocators.

use std::hint::black_box;

use aksflow::profiles::Profiles;
use aksflow::render::RenderOptions;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const REGIONS: &[&str] = &[
    "westeurope",
    "northeurope",
    "eastus2",
    "uksouth",
    "swedencentral",
];
const TYPES: &[&str] = &["standard", "memory-optimized", "compute-optimized"];

/// 10,000 distinct requests as JSON documents (as a binding or the CLI hands them over): every
/// name differs, and profiles, regions, NAP, identity, GitOps and API versions vary.
fn requests() -> Vec<serde_json::Value> {
    (0..10_000)
        .map(|i| {
            let mut request = serde_json::json!({
                "clusterName": format!("cluster-{i:05}"),
                "location": REGIONS[i % REGIONS.len()],
                "nodePoolType": TYPES[i % TYPES.len()],
                "kubernetesVersion": if i % 2 == 0 { "1.32" } else { "1.31.5" },
                "enableNAP": i % 4 != 0,
                "tags": { "team": format!("team-{}", i % 97), "env": "prod" },
            });
            if i % 3 == 0 {
                request["gitops"] =
                    serde_json::json!({ "url": "https://github.com/org/fleet", "branch": "main" });
            }
            if i % 5 == 0 {
                request["identity"] = serde_json::json!({ "type": "UserAssigned" });
            }
            if i % 7 == 0 {
                request["apiVersions"] =
                    serde_json::json!({ "nodePool": "v1beta1", "aksNodeClass": "v1alpha2" });
            }
            request
        })
        .collect()
}

fn bundle(c: &mut Criterion) {
    let requests = requests();
    let profiles = Profiles::builtin();
    let options = RenderOptions::default();
    let mut group = c.benchmark_group("bundle");
    group.throughput(Throughput::Elements(1));
    let mut next = 0usize;
    group.bench_function("validate_render_yaml", |b| {
        b.iter(|| {
            let request = &requests[next % requests.len()];
            next += 1;
            let plan =
                aksflow::validate::validate_value(black_box(request), &profiles).expect("valid");
            let bundle = aksflow::render::render(&plan, &options).expect("renders");
            black_box(bundle.to_yaml().expect("writes"))
        })
    });
    let mut next = 0usize;
    group.bench_function("validate", |b| {
        b.iter(|| {
            let request = &requests[next % requests.len()];
            next += 1;
            black_box(
                aksflow::validate::validate_value(black_box(request), &profiles).expect("valid"),
            )
        })
    });
    let plans: Vec<_> = requests
        .iter()
        .take(1000)
        .map(|r| aksflow::validate::validate_value(r, &profiles).expect("valid"))
        .collect();
    let mut next = 0usize;
    group.bench_function("render", |b| {
        b.iter(|| {
            let plan = &plans[next % plans.len()];
            next += 1;
            black_box(aksflow::render::render(black_box(plan), &options).expect("renders"))
        })
    });
    let bundles: Vec<_> = plans
        .iter()
        .take(1000)
        .map(|p| aksflow::render::render(p, &options).expect("renders"))
        .collect();
    let mut next = 0usize;
    group.bench_function("yaml", |b| {
        b.iter(|| {
            let bundle = &bundles[next % bundles.len()];
            next += 1;
            black_box(bundle.to_yaml().expect("writes"))
        })
    });
    let mut next = 0usize;
    let workflow_options = aksflow::render::WorkflowOptions::default();
    group.bench_function("workflow_yaml", |b| {
        b.iter(|| {
            let plan = &plans[next % plans.len()];
            let bundle = &bundles[next % bundles.len()];
            next += 1;
            let workflow =
                aksflow::render::render_workflow(black_box(plan), bundle, &workflow_options)
                    .expect("renders");
            black_box(aksflow::to_yaml(&workflow).expect("writes"))
        })
    });
    group.finish();
}

criterion_group!(benches, bundle);
criterion_main!(benches);

//! The CLI's cold `aksflow render` of one request, end to end (process start, read, validate,
//! render, write). Run: `cargo bench -p aksflow-cli --bench cli_render` (uses the bench profile's binary).

use std::io::Write as _;
use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};

const REQUEST: &str = "clusterName: payments-prod\nlocation: westeurope\nnodePoolType: memory-optimized\nkubernetesVersion: \"1.32\"\n";

fn cli_render(c: &mut Criterion) {
    c.bench_function("cli_render_one_request", |b| {
        b.iter(|| {
            let mut child = Command::new(env!("CARGO_BIN_EXE_aksflow"))
                .args(["render", "-"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .expect("aksflow starts");
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(REQUEST.as_bytes())
                .expect("writes");
            let output = child.wait_with_output().expect("aksflow ends");
            assert!(output.status.success());
            output.stdout.len()
        })
    });
}

criterion_group!(benches, cli_render);
criterion_main!(benches);

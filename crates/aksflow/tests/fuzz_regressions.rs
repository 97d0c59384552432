//! Replays every kept fuzz input through the same code as the fuzz targets (`fuzz/targets.rs`):
//! the minimised corpus (`tests/fuzz-corpus/<target>/`) and every crash reproducer the fuzzer found
//! (`tests/fuzz-regressions/<target>/`, named after what it broke). A failure here is a fuzz
//! finding come back.

#[path = "../../../fuzz/targets.rs"]
mod targets;

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

/// Every file under `<dir>/<target>/`, sorted.
fn inputs(dir: &str, target: &str) -> Vec<PathBuf> {
    let dir = root().join(dir).join(target);
    let mut files: Vec<PathBuf> = match fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let mut count = 0;
    for dir in ["fuzz-corpus", "fuzz-regressions"] {
        for path in inputs(dir, target) {
            let data = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{} fails the {target} target", show(&path));
            count += 1;
        }
    }
    count
}

fn show(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn request_inputs_replay() {
    let count = replay("request", targets::request);
    assert!(
        count >= 10,
        "only {count} kept inputs for the request target"
    );
}

#[test]
fn manifests_inputs_replay() {
    let count = replay("manifests", targets::manifests);
    assert!(
        count >= 10,
        "only {count} kept inputs for the manifests target"
    );
}

#[test]
fn kro_inputs_replay() {
    let count = replay("kro", targets::kro);
    assert!(count >= 10, "only {count} kept inputs for the kro target");
}

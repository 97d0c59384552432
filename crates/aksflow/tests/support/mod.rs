//! CRD conformance harness for integration tests: `mod support;` in a test file.
//!
//! ```ignore
//! mod support;
//!
//! #[test]
//! fn nodepool_conforms() {
//!     let Some(crds) = support::crds() else { return }; // prints SKIPPED
//!     support::assert_conforms(crds, &serde_json::json!({ /* ... */ }));
//! }
//! ```
//!
//! The CRDs live outside the repository (`Crds::dir`: `AKSFLOW_CRD_DIR`, else
//! `<workspace>/../shared/crds`). When the directory is absent the tests print
//! a loud `SKIPPED` line to stderr and pass.
#![allow(dead_code)] // each test file uses a different part of the harness

pub mod cel_rules;
pub mod crd;
pub mod metadata;
pub mod openapi;

use std::io::Write;
use std::sync::OnceLock;

pub use crd::Crds;

/// The CEL functions registered on top of the `cel` crate's standard library.
pub const EXTRA_CEL_FUNCTIONS: &[&str] = cel_rules::EXTRA_FUNCTIONS;

/// The CRDs, loaded once per test binary. `None` (after printing
/// `SKIPPED: CRD directory <path> not found (set AKSFLOW_CRD_DIR)` to stderr,
/// uncaptured, on every call)
/// when the directory is absent. Panics when it exists but does not load.
pub fn crds() -> Option<&'static Crds> {
    static CRDS: OnceLock<Result<Option<Crds>, String>> = OnceLock::new();
    match CRDS.get_or_init(Crds::load) {
        Ok(Some(crds)) => Some(crds),
        Ok(None) => {
            // Written to the process's stderr directly, not with `eprintln!`,
            // which the test harness captures and hides for passing tests.
            let line = format!(
                "\nSKIPPED: CRD directory {} not found (set AKSFLOW_CRD_DIR)\n",
                Crds::dir().display()
            );
            let _ = std::io::stderr().write_all(line.as_bytes());
            None
        }
        Err(e) => panic!("CRDs in {} do not load: {e}", Crds::dir().display()),
    }
}

/// Panics, listing every failure, unless `object` conforms.
#[track_caller]
pub fn assert_conforms(crds: &Crds, object: &serde_json::Value) {
    let failures = crds.check(object);
    assert!(
        failures.is_empty(),
        "{} {} does not conform:\n  {}",
        object["kind"],
        object["metadata"]["name"],
        failures.join("\n  ")
    );
}

/// Panics unless checking `object` fails with at least one message containing
/// every one of `needles`; returns the failures.
#[track_caller]
pub fn assert_fails_with(crds: &Crds, object: &serde_json::Value, needles: &[&str]) -> Vec<String> {
    let failures = crds.check(object);
    assert!(
        failures
            .iter()
            .any(|f| needles.iter().all(|n| f.contains(n))),
        "expected a failure containing {needles:?}, got:\n  {}",
        failures.join("\n  ")
    );
    failures
}

//! A test-only hook: a function that panics, to prove a Rust panic reaches JS as a thrown `Error`
//! and never aborts Node. It panics only when `AKSFLOW_NODE_TEST_HOOKS=1` is set (the test suite
//! sets it); otherwise it returns `false`.

use napi_derive::napi;

/// Internal, for aksflow's own tests: panics when `AKSFLOW_NODE_TEST_HOOKS=1`, else returns `false`.
#[napi(catch_unwind, js_name = "__panicForTests")]
pub fn panic_for_tests() -> bool {
    if std::env::var_os("AKSFLOW_NODE_TEST_HOOKS").is_some_and(|v| v == "1") {
        panic!("aksflow-node test hook: a deliberate panic");
    }
    false
}

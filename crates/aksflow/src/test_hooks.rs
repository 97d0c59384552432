//! Test-only hooks, compiled with the `test-hooks` feature alone: a way to make the core panic
//! from the inside on purpose, so the bindings' suites prove that a bug in the core reaches
//! JavaScript and Python as an error, and the process goes on.

/// A request whose `clusterName` is this panics inside [`crate::validate::validate_value`] (and so
/// in every entry point that validates: YAML, JSON, host objects, rendering).
pub const PANIC_CLUSTER_NAME: &str = "aksflow-test-hook-panic";

/// Panics when `request.clusterName` is [`PANIC_CLUSTER_NAME`].
pub fn panic_if_asked(request: &serde_json::Value) {
    if request
        .get("clusterName")
        .and_then(serde_json::Value::as_str)
        == Some(PANIC_CLUSTER_NAME)
    {
        panic!("aksflow test hook: a deliberate panic inside the core");
    }
}

#[cfg(test)]
mod tests {
    use crate::profiles::Profiles;

    #[test]
    fn the_hook_panics_inside_validation() {
        let request = serde_json::json!({ "clusterName": super::PANIC_CLUSTER_NAME });
        let outcome = std::panic::catch_unwind(|| {
            crate::validate::validate_value(&request, &Profiles::builtin())
        });
        assert!(outcome.is_err());
    }
}

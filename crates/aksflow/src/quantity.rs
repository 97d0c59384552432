//! Kubernetes quantities (`100`, `500m`, `1000Gi`, `1e3`), reusing k8s-openapi's [`Quantity`].

use std::sync::LazyLock;

pub use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use regex::Regex;

use crate::error::Code;
use crate::validation::{Report, pattern};

/// The quantity grammar of apimachinery: a signed decimal, then a binary-SI suffix
/// (`Ki`..`Ei`), a decimal-SI suffix (`n u m k M G T P E`) or a decimal exponent (`e3`).
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$",
    )
});

/// `true` when `value` is a quantity the API server accepts.
pub fn is_quantity(value: &str) -> bool {
    QUANTITY.is_match(value)
}

/// Records an `invalid_quantity` violation when `quantity` is not in Kubernetes quantity syntax.
pub fn check_quantity(report: &mut Report, quantity: &Quantity) {
    if !is_quantity(&quantity.0) {
        report.violation(
            Code::InvalidQuantity,
            format!(
                "{:?} is not a Kubernetes quantity (e.g. 1000, 500m, 1000Gi)",
                quantity.0
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_apimachinery_forms() {
        for ok in [
            "0", "1000", "1000Gi", "500m", "1.5", ".5", "+1", "-1", "1e3", "1E-3", "2Ki", "100M",
        ] {
            assert!(is_quantity(ok), "{ok}");
        }
    }

    #[test]
    fn rejects_the_rest() {
        for bad in [
            "", "Gi", "1000GB", "1,000", "ten", "1 Gi", "1e", "1ki", "1.2.3", "--1",
        ] {
            assert!(!is_quantity(bad), "{bad}");
        }
    }
}

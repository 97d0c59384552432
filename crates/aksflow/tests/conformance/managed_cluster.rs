//! Cases for this area: filled in with the kinds.

use crate::{Case, NegativeCase};

pub fn cases() -> Vec<Case> {
    Vec::new()
}

pub fn negative_cases() -> Vec<NegativeCase> {
    Vec::new()
}

//! aksflow
pub fn x() {}

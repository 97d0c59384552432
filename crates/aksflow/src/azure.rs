//! Azure facts aksflow checks requests against: physical regions, VM size names, naming rules.

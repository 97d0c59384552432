//! `argoproj.io/v1alpha1`.

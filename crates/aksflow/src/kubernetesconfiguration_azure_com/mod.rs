//! `kubernetesconfiguration.azure.com`: AKS cluster extensions and Flux GitOps configurations, as ASO models them.

pub mod common;
pub mod v1api20241101;

//! `containerservice.azure.com`: AKS managed clusters, as ASO models them.

pub mod common;
pub mod v1api20240402preview;
pub mod v1api20250801;

//! `resources.azure.com`: Azure resource groups, as ASO models them.

pub mod v1api20200601;

//! `managedidentity.azure.com`: Azure managed identities, as ASO models them.

pub mod v1api20230131;

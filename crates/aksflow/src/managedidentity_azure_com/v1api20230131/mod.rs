//! `managedidentity.azure.com/v1api20230131`.

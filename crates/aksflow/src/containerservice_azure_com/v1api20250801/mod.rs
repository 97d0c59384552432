//! `containerservice.azure.com/v1api20250801` (the default).

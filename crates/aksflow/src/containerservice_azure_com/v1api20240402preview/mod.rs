//! `containerservice.azure.com/v1api20240402preview` (the version the platform design names).

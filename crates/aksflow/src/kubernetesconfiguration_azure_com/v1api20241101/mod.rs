//! `kubernetesconfiguration.azure.com/v1api20241101`.

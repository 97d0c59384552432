//! `resources.azure.com/v1api20200601`.

mod resource_group;

pub use resource_group::{ResourceGroup, ResourceGroupOperatorSpec, ResourceGroupSpec};

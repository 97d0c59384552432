//! `managedidentity.azure.com/v1api20230131`.

mod user_assigned_identity;

pub use user_assigned_identity::{
    UserAssignedIdentity, UserAssignedIdentityOperatorConfigMaps,
    UserAssignedIdentityOperatorSecrets, UserAssignedIdentityOperatorSpec,
    UserAssignedIdentitySpec, check_identity_name,
};

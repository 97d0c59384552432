//! `karpenter.sh`: Karpenter's provider-independent kinds.

pub mod common;
pub mod v1;
pub mod v1beta1;

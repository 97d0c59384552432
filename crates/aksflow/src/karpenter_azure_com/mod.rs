//! `karpenter.azure.com`: the Azure provider's node class.

pub mod common;
pub mod v1alpha2;
pub mod v1beta1;

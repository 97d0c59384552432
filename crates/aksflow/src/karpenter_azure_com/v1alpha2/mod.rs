//! `karpenter.azure.com/v1alpha2`.

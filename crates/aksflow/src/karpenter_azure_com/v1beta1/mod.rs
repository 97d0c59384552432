//! `karpenter.azure.com/v1beta1` (the default).

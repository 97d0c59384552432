//! `karpenter.sh/v1beta1` (older Karpenter; the version the platform design names).

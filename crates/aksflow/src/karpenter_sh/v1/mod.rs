//! `karpenter.sh/v1` (the default; current Karpenter).

//! # aksflow
//!
//! Typed, validated Kubernetes manifests for provisioning AKS clusters with Azure Service
//! Operator (ASO), Karpenter and Argo Workflows.
//!
//! Every kind aksflow emits is a Rust type under its API group and version
//! (`karpenter_sh::v1::NodePool`, `containerservice_azure_com::v1api20250801::ManagedCluster`, ...),
//! modelled from the upstream CRDs. `apiVersion` and `kind` come from the type; builders check the
//! kind's own rules (the CRD's schema and CEL rules) and report every violation at once, each with
//! a JSON path and a stable code.
#![warn(missing_docs)]

pub mod error;
pub mod output;
pub mod quantity;
pub mod resource;
pub mod validation;

pub use error::{Code, Error, FieldPath, PathSegment, ValidationError, Violation};
pub use output::{from_json, from_yaml, to_json, to_yaml, to_yaml_stream};
pub use resource::Kind;
pub use validation::{Report, Validate};

pub mod argoproj_io;
pub mod aso;
pub mod containerservice_azure_com;
pub mod k8s;
pub mod karpenter_azure_com;
pub mod karpenter_sh;
pub mod kubernetesconfiguration_azure_com;
pub mod managedidentity_azure_com;
pub mod resources_azure_com;
pub mod schema;

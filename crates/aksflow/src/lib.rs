//! # aksflow
//!
//! Typed, validated Kubernetes manifests for provisioning AKS clusters with Azure Service
//! Operator (ASO), Karpenter and Argo Workflows.
//!
//! The main path: a cluster request from the platform's UI is validated completely (every
//! violation at once, each with its path and code) into a [`plan::Plan`], which renders into a
//! [`render::Bundle`] of typed objects in apply order.
//!
//! ```
//! use aksflow::profiles::Profiles;
//! use aksflow::render::{RenderOptions, Target};
//!
//! let request = "clusterName: payments-prod\nlocation: westeurope\nnodePoolType: memory-optimized\nkubernetesVersion: \"1.32\"\n";
//! let plan = aksflow::validate::validate_yaml(request, &Profiles::builtin())?;
//! let bundle = aksflow::render::render(&plan, &RenderOptions::default())?;
//! println!("{}", bundle.to_yaml()?);
//! let workload: Vec<&str> = bundle.for_target(Target::Workload).map(|m| m.kind()).collect();
//! assert_eq!(workload, ["AKSNodeClass", "NodePool"]); // Karpenter runs inside the new cluster
//!
//! let mistakes = "clusterName: Payments_Prod\nlocation: atlantis\nnodePoolType: huge\nkubernetesVersion: \"1.30.x\"\n";
//! let Err(aksflow::Error::Validation(error)) = aksflow::validate::validate_yaml(mistakes, &Profiles::builtin()) else { panic!() };
//! assert_eq!(error.violations().len(), 4);
//! assert_eq!(error.violations()[1].path.to_string(), "location");
//! # Ok::<(), aksflow::Error>(())
//! ```
//!
//! Underneath, the kinds:
//!
//! Every kind aksflow emits is a Rust type under its API group and version
//! (`karpenter_sh::v1::NodePool`, `containerservice_azure_com::v1api20250801::ManagedCluster`, ...),
//! modelled from the upstream CRDs. `apiVersion` and `kind` come from the type; builders check the
//! kind's own rules (the CRD's schema and CEL rules, and the Azure-side rules) and report every
//! violation at once, each with a JSON path and a stable [`Code`].
//!
//! ```
//! use std::collections::BTreeMap;
//!
//! use aksflow::karpenter_azure_com::v1beta1::{AKSNodeClass, AKSNodeClassSpec, ImageFamily};
//! use aksflow::karpenter_sh::v1::{
//!     ConsolidationPolicy, Disruption, NodeClaimTemplate, NodeClaimTemplateSpec, NodeClassReference,
//!     NodePool, NodePoolSpec, NodeSelectorRequirementWithMinValues as Requirement,
//! };
//! use aksflow::Manifest;
//! use aksflow::quantity::Quantity;
//!
//! let node_class = AKSNodeClass::builder()
//!     .name("payments-prod")
//!     .spec(AKSNodeClassSpec::builder().image_family(ImageFamily::AzureLinux).os_disk_size_gb(128).build())
//!     .build()?;
//!
//! let node_pool = NodePool::builder()
//!     .name("memory-optimized")
//!     .spec(
//!         NodePoolSpec::builder()
//!             .template(
//!                 NodeClaimTemplate::builder()
//!                     .spec(
//!                         NodeClaimTemplateSpec::builder()
//!                             .node_class_ref(NodeClassReference::aks_node_class("payments-prod"))
//!                             .requirements(vec![
//!                                 Requirement::is_in("karpenter.azure.com/sku-family", ["E"]),
//!                                 Requirement::is_in("node.kubernetes.io/instance-type", ["Standard_E2s_v3", "Standard_E4s_v3"]),
//!                             ])
//!                             .expire_after("2160h")
//!                             .build(),
//!                     )
//!                     .build(),
//!             )
//!             .disruption(
//!                 Disruption::builder()
//!                     .consolidation_policy(ConsolidationPolicy::WhenEmptyOrUnderutilized)
//!                     .consolidate_after("30s")
//!                     .build(),
//!             )
//!             .limits(BTreeMap::from([
//!                 ("cpu".to_owned(), Quantity("1000".into())),
//!                 ("memory".to_owned(), Quantity("2000Gi".into())),
//!             ]))
//!             .build(),
//!     )
//!     .build()?;
//!
//! let yaml = aksflow::to_yaml_stream(&[Manifest::from(node_class), Manifest::from(node_pool.clone())])?;
//! println!("{yaml}");
//! assert!(yaml.contains("kind: AKSNodeClass") && yaml.contains("kind: NodePool"));
//!
//! // Every violation at once, each with its path and code:
//! let error = NodePool::builder()
//!     .name("Not_A_Label_Value")
//!     .spec(node_pool.spec.clone())
//!     .build()
//!     .unwrap_err();
//! assert_eq!(error.violations()[0].path.to_string(), "metadata.name");
//! assert_eq!(error.violations()[0].code, aksflow::Code::Pattern);
//! # Ok::<(), aksflow::Error>(())
//! ```
#![warn(missing_docs)]

pub mod error;
pub mod manifest;
pub mod output;
pub mod quantity;
pub mod resource;
pub mod validation;
pub mod yaml_writer;

#[cfg(feature = "test-hooks")]
#[doc(hidden)]
pub mod test_hooks;

pub use error::{Code, Error, FieldPath, PathSegment, ValidationError, Violation};
pub use manifest::Manifest;
pub use output::{from_json, from_yaml, to_json, to_yaml, to_yaml_stream};
pub use resource::Kind;
pub use validation::{Report, Validate};

pub mod argoproj_io;
pub mod aso;
pub mod azure;
pub mod containerservice_azure_com;
pub mod k8s;
pub mod karpenter_azure_com;
pub mod karpenter_sh;
pub mod kubernetesconfiguration_azure_com;
pub mod managedidentity_azure_com;
pub mod migrate;
pub mod plan;
pub mod profiles;
pub mod render;
pub mod request;
pub mod resources_azure_com;
pub mod schema;
pub mod validate;

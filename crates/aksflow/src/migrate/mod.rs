//! Migration from the KRO composition to aksflow's direct bundle: render a KRO
//! `ResourceGraphDefinition` offline for each instance, map the instance to a [`ClusterRequest`],
//! render the aksflow bundle for it, and compare the ASO objects field by field, each difference
//! classified as intended by the migration or unexpected.
//!
//! Everything here takes text or values and returns values: no file or network access.
//!
//! [`ClusterRequest`]: crate::request::ClusterRequest

mod cel;
mod classify;
mod diff;
mod error;
mod mapping;
mod migration;
mod render;
mod rgd;
mod schema;
mod template;
#[cfg(test)]
mod tests;

pub use diff::{Change, Comparison, Difference, ObjectRef, PairDiff, Unpaired, Verdict, compare};
pub use error::{MigrateError, MigrateErrorData};
pub use mapping::{
    Derived, Destination, Extraction, MappedField, Mapping, UnmappedField, extract,
    node_pool_type_for,
};
pub use migration::{Migration, MigrationReport, diff_yaml, migrate, migrate_yaml};
pub use render::{Excluded, KroRender, RenderedResource, Unresolved, render_instance, render_yaml};
pub use rgd::{DEFAULT_GROUP, ResourceDef, Rgd};
pub use schema::{Field, FieldType};

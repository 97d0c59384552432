//! The whole migration of one instance: render it as KRO would, extract the request, render the
//! aksflow bundle, compare.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::diff::{Comparison, compare};
use super::error::MigrateError;
use super::mapping::{Derived, Extraction, MappedField, Mapping, UnmappedField, extract};
use super::render::{Excluded, KroRender, Unresolved, render_instance};
use super::rgd::Rgd;
use crate::plan::Plan;
use crate::profiles::Profiles;
use crate::render::{Bundle, RenderOptions};
use crate::request::ClusterRequest;

/// One instance migrated.
#[derive(Clone, Debug)]
pub struct Migration {
    /// What KRO would create.
    pub kro: KroRender,
    /// The instance mapped to a request.
    pub extraction: Extraction,
    /// The request, validated.
    pub plan: Plan,
    /// The aksflow bundle for it.
    pub bundle: Bundle,
    /// The KRO objects against the bundle.
    pub comparison: Comparison,
}

/// The migration of one instance, for people (its `Display`) and programs (JSON).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MigrationReport {
    /// The instance's name.
    pub instance: String,
    /// Nothing unexpected in the comparison.
    pub equivalent: bool,
    /// The extracted request.
    pub request: ClusterRequest,
    /// Where each instance field went.
    pub mapped: Vec<MappedField>,
    /// Instance fields with no destination.
    pub unmapped: Vec<UnmappedField>,
    /// Request values derived from the composition or set by the mapping.
    pub derived: Vec<Derived>,
    /// KRO resources left out for this instance.
    pub excluded: Vec<Excluded>,
    /// KRO fields only known at run time.
    pub unresolved: Vec<Unresolved>,
    /// The comparison.
    pub comparison: Comparison,
}

impl Migration {
    /// Whether the bundle is equivalent to the KRO rendering (nothing unexpected).
    pub fn equivalent(&self) -> bool {
        self.comparison.equivalent
    }

    /// The report.
    pub fn report(&self) -> MigrationReport {
        MigrationReport {
            instance: self.kro.instance.clone(),
            equivalent: self.comparison.equivalent,
            request: self.plan.request.clone(),
            mapped: self.extraction.mapped.clone(),
            unmapped: self.extraction.unmapped.clone(),
            derived: self.extraction.derived.clone(),
            excluded: self.kro.excluded.clone(),
            unresolved: self.kro.unresolved.clone(),
            comparison: self.comparison.clone(),
        }
    }
}

impl fmt::Display for MigrationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "instance {}", self.instance)?;
        for m in &self.mapped {
            let to = match &m.to {
                super::mapping::Destination::Field(p) => p.clone(),
                super::mapping::Destination::NodePoolTypeFromVmSize => {
                    format!("nodePoolType ({})", self.request.node_pool_type)
                }
                super::mapping::Destination::Ignore => "ignored".into(),
            };
            writeln!(f, "  mapped    {} = {} -> {to}", m.from, m.value)?;
        }
        for d in &self.derived {
            writeln!(f, "  derived   {}: {}", d.path, d.reason)?;
        }
        for u in &self.unmapped {
            writeln!(f, "  unmapped  {} = {} ({})", u.path, u.value, u.reason)?;
        }
        for e in &self.excluded {
            writeln!(f, "  excluded  {}: {}", e.id, e.reason)?;
        }
        for u in &self.unresolved {
            writeln!(
                f,
                "  unresolved {} {}: {} (needs {})",
                u.resource, u.path, u.expression, u.reference
            )?;
        }
        write!(f, "{}", self.comparison)
    }
}

/// Migrates one instance (a generic document of the RGD's kind).
pub fn migrate(
    rgd: &Rgd,
    instance: &Value,
    mapping: &Mapping,
    profiles: &Profiles,
    options: &RenderOptions,
) -> Result<Migration, MigrateError> {
    let kro = render_instance(rgd, instance)?;
    let extraction = extract(rgd, &kro, mapping, profiles)?;
    let plan = crate::validate::validate_value(&extraction.request, profiles).map_err(|error| {
        MigrateError::Request {
            message: error.to_string(),
            violations: error
                .violations()
                .iter()
                .map(|v| (v.path.to_string(), v.code.as_str().to_owned()))
                .collect(),
        }
    })?;
    let bundle = crate::render::render(&plan, options).map_err(|e| MigrateError::Request {
        message: e.to_string(),
        violations: Vec::new(),
    })?;
    let new = bundle_values(&bundle)?;
    let comparison = compare(&kro.objects(), &new);
    Ok(Migration {
        kro,
        extraction,
        plan,
        bundle,
        comparison,
    })
}

/// Migrates one instance given as YAML/JSON text; `mapping` is an optional mapping file's text.
pub fn migrate_yaml(
    rgd: &Rgd,
    instance: &str,
    mapping: Option<&str>,
    profiles: &Profiles,
    options: &RenderOptions,
) -> Result<Migration, MigrateError> {
    let value = crate::output::yaml_document(instance).map_err(|e| MigrateError::Parse {
        document: "instance".into(),
        message: e.to_string(),
    })?;
    let mapping = match mapping {
        Some(text) => Mapping::from_yaml(text)?,
        None => Mapping::default(),
    };
    migrate(rgd, &value, &mapping, profiles, options)
}

/// The bundle's objects as generic documents.
fn bundle_values(bundle: &Bundle) -> Result<Vec<Value>, MigrateError> {
    bundle
        .manifests()
        .map(|m| {
            serde_json::to_value(m).map_err(|e| MigrateError::Request {
                message: format!("the bundle does not serialize: {e}"),
                violations: Vec::new(),
            })
        })
        .collect()
}

/// Compares two YAML streams of objects (`aksflow diff OLD NEW`).
pub fn diff_yaml(old: &str, new: &str) -> Result<Comparison, MigrateError> {
    let read = |text: &str, document: &str| {
        crate::output::yaml_documents(text).map_err(|e| MigrateError::Parse {
            document: document.into(),
            message: e.to_string(),
        })
    };
    Ok(compare(&read(old, "old")?, &read(new, "new")?))
}

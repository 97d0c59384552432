//! `migrateKro` and `diff`: the KRO migration, as text and data (the wrapper parses the JSON).

use aksflow::migrate::{Comparison, MigrateError as CoreError, Migration, Rgd};
use aksflow::profiles::Profiles;
use aksflow::render::RenderOptions;
use napi_derive::napi;

/// Why a migration failed: the core's code (`instance`, `cel_syntax`, `mapping`, ...), path and message.
#[napi(object)]
pub struct MigrateError {
    /// What kind of failure: `parse`, `rgd`, `unsupported`, `cel_syntax`, `cel_evaluation`, `unknown_reference`, `cycle`, `instance`, `mapping` or `request`.
    pub code: String,
    /// Where, in the document it concerns (`spec.resources[2].template.spec.location`, `spec.clusterName`, ...).
    pub path: String,
    /// Why, for a person.
    pub message: String,
}

impl From<&CoreError> for MigrateError {
    fn from(error: &CoreError) -> Self {
        Self {
            code: error.code().to_owned(),
            path: error.path(),
            message: error.to_string(),
        }
    }
}

/// One instance migrated, as text.
#[napi(object)]
pub struct MigrationText {
    /// Nothing unexpected in the comparison.
    pub equivalent: bool,
    /// The report as JSON (request, mapped and unmapped fields, unresolved values, the comparison).
    pub json: String,
    /// The report for people (the CLI's `comparison.txt`).
    pub text: String,
    /// The extracted request as YAML.
    pub request_yaml: String,
    /// The new bundle as a multi-document YAML stream.
    pub bundle_yaml: String,
}

/// The outcome of `migrateKro`.
#[napi(object)]
pub struct MigrateOutcome {
    /// `true` when `value` holds the result.
    pub ok: bool,
    /// The migration, when `ok`.
    pub value: Option<MigrationText>,
    /// Why it failed, when it did.
    pub error: Option<MigrateError>,
}

/// A comparison as text.
#[napi(object)]
pub struct ComparisonText {
    /// Nothing unexpected.
    pub equivalent: bool,
    /// The comparison as JSON.
    pub json: String,
    /// The comparison for people.
    pub text: String,
}

/// The outcome of `diff`.
#[napi(object)]
pub struct DiffOutcome {
    /// `true` when `value` holds the result.
    pub ok: bool,
    /// The comparison, when `ok`.
    pub value: Option<ComparisonText>,
    /// Why it failed, when it did.
    pub error: Option<MigrateError>,
}

fn serialize(error: aksflow::Error) -> CoreError {
    CoreError::Request {
        message: error.to_string(),
        violations: Vec::new(),
    }
}

fn migration_text(migration: &Migration) -> Result<MigrationText, CoreError> {
    let report = migration.report();
    Ok(MigrationText {
        equivalent: report.equivalent,
        json: aksflow::to_json(&report).map_err(serialize)?,
        text: report.to_string(),
        request_yaml: aksflow::to_yaml(&report.request).map_err(serialize)?,
        bundle_yaml: migration.bundle.to_yaml().map_err(serialize)?,
    })
}

/// Migrates one KRO instance (YAML/JSON text) of the RGD (YAML/JSON text), with an optional
/// mapping file's text.
#[napi(catch_unwind)]
pub fn migrate_kro(rgd: String, instance: String, mapping: Option<String>) -> MigrateOutcome {
    let result = Rgd::from_yaml(&rgd).and_then(|rgd| {
        let migration = aksflow::migrate::migrate_yaml(
            &rgd,
            &instance,
            mapping.as_deref(),
            &Profiles::builtin(),
            &RenderOptions::default(),
        )?;
        migration_text(&migration)
    });
    match result {
        Ok(value) => MigrateOutcome {
            ok: true,
            value: Some(value),
            error: None,
        },
        Err(error) => MigrateOutcome {
            ok: false,
            value: None,
            error: Some((&error).into()),
        },
    }
}

fn comparison_text(comparison: &Comparison) -> Result<ComparisonText, CoreError> {
    Ok(ComparisonText {
        equivalent: comparison.equivalent,
        json: aksflow::to_json(comparison).map_err(serialize)?,
        text: comparison.to_string(),
    })
}

/// Compares two object sets (multi-document YAML or JSON text) field by field.
#[napi(catch_unwind)]
pub fn diff(old_objects: String, new_objects: String) -> DiffOutcome {
    match aksflow::migrate::diff_yaml(&old_objects, &new_objects).and_then(|c| comparison_text(&c))
    {
        Ok(value) => DiffOutcome {
            ok: true,
            value: Some(value),
            error: None,
        },
        Err(error) => DiffOutcome {
            ok: false,
            value: None,
            error: Some((&error).into()),
        },
    }
}

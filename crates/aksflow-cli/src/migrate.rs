//! `aksflow migrate` and `aksflow diff`: file handling around `aksflow::migrate`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aksflow::migrate::{MigrateError, MigrationReport, Rgd};
use aksflow::render::RenderOptions;

use crate::{Failure, load_profiles, print, read};

fn migrate_error(path: &Path, error: &MigrateError) -> String {
    format!("{}: {error} [{}]", path.display(), error.code())
}

fn write(path: &Path, contents: &str) -> Result<(), Failure> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| Failure::Other(format!("{}: {e}", path.display())))
}

/// Migrates each instance; prints the reports (text, or a JSON list); exit 0 when every instance
/// is equivalent, 1 otherwise (an instance that cannot be migrated counts as not equivalent).
pub(crate) fn migrate(
    rgd_path: &Path,
    instances: &[PathBuf],
    mapping: Option<&Path>,
    profiles: Option<&Path>,
    out_dir: Option<&Path>,
    json: bool,
) -> Result<ExitCode, Failure> {
    let rgd = Rgd::from_yaml(&read(rgd_path)?).map_err(|e| migrate_error(rgd_path, &e))?;
    let mapping = mapping.map(read).transpose()?;
    let profiles = load_profiles(profiles)?;
    let mut reports: Vec<MigrationReport> = Vec::new();
    let mut failures = Vec::new();
    let mut text = String::new();
    for path in instances {
        let instance = read(path)?;
        match aksflow::migrate::migrate_yaml(
            &rgd,
            &instance,
            mapping.as_deref(),
            &profiles,
            &RenderOptions::default(),
        ) {
            Ok(migration) => {
                let report = migration.report();
                if let Some(dir) = out_dir {
                    let dir = dir.join(&report.instance);
                    write(
                        &dir.join("request.yaml"),
                        &aksflow::to_yaml(&report.request)?,
                    )?;
                    write(&dir.join("bundle.yaml"), &migration.bundle.to_yaml()?)?;
                    write(
                        &dir.join("comparison.json"),
                        &(aksflow::to_json(&report)? + "\n"),
                    )?;
                    write(&dir.join("comparison.txt"), &report.to_string())?;
                }
                text.push_str(&format!("{}: {report}\n", path.display()));
                reports.push(report);
            }
            Err(error) => {
                text.push_str(&format!("{}\n", migrate_error(path, &error)));
                failures.push(aksflow::migrate::MigrateErrorData::from(&error));
            }
        }
    }
    let equivalent = failures.is_empty() && reports.iter().all(|r| r.equivalent);
    if json {
        let value =
            serde_json::json!({ "equivalent": equivalent, "reports": reports, "errors": failures });
        print(&(aksflow::to_json(&value)? + "\n"))?;
    } else {
        let summary = format!(
            "{} of {} instance(s) equivalent\n",
            reports.iter().filter(|r| r.equivalent).count(),
            instances.len()
        );
        print(&(text + &summary))?;
    }
    Ok(if equivalent {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Compares two object sets; exit 0 when equivalent, 1 otherwise.
pub(crate) fn diff(old: &Path, new: &Path, json: bool) -> Result<ExitCode, Failure> {
    let comparison = aksflow::migrate::diff_yaml(&read(old)?, &read(new)?)
        .map_err(|e| Failure::Other(e.to_string()))?;
    if json {
        print(&(aksflow::to_json(&comparison)? + "\n"))?;
    } else {
        print(&comparison.to_string())?;
    }
    Ok(if comparison.equivalent {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

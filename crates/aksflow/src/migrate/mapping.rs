//! From a KRO instance to an aksflow request: which instance field becomes which request field.
//!
//! The default mapping goes by the field's own name, wherever it sits in the spec:
//! `clusterName`/`name` → `clusterName`, `location`/`region` → `location`, `kubernetesVersion`/
//! `k8sVersion` → `kubernetesVersion`, `vmSize`/`nodeSize`/`nodeVmSize` → `nodePoolType` (the
//! profile with that VM size, else the profile of its SKU family: D → standard, E →
//! memory-optimized, F → compute-optimized), `namespace`, `tags`, `enableNAP`, `systemVmSize`,
//! `vnetSubnetId`/`subnetId`. The identity follows the composition: a ManagedCluster rendered with a
//! `UserAssigned` identity maps to `identity.type: UserAssigned`.
//!
//! A mapping file overrides it:
//!
//! ```yaml
//! fields:                       # instance path → request path, `nodePoolType(vmSize)`, or `ignore`
//!   spec.cluster.id: clusterName
//!   spec.nodePool.vmSize: nodePoolType(vmSize)
//!   spec.network.plugin: ignore
//! set:                          # request fields given outright
//!   enableNAP: true
//! ```
//!
//! Every instance field without a destination is reported ([`Extraction::unmapped`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::MigrateError;
use super::render::KroRender;
use super::rgd::Rgd;
use super::schema::{Field, FieldType};
use crate::profiles::Profiles;

/// Where an instance field goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "to", rename_all = "camelCase")]
pub enum Destination {
    /// A request field, by its path (`clusterName`, `gitops.url`).
    Field(String),
    /// `nodePoolType`, chosen from a VM size.
    NodePoolTypeFromVmSize,
    /// Deliberately dropped.
    Ignore,
}

impl Destination {
    fn parse(text: &str, path: &str) -> Result<Self, MigrateError> {
        match text.trim() {
            "ignore" => Ok(Self::Ignore),
            "nodePoolType(vmSize)" => Ok(Self::NodePoolTypeFromVmSize),
            t if !t.is_empty()
                && t.split('.')
                    .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric())) =>
            {
                Ok(Self::Field(t.to_owned()))
            }
            other => Err(MigrateError::Mapping {
                path: path.to_owned(),
                message: format!(
                    "{other:?} is not a request path, `nodePoolType(vmSize)` or `ignore`"
                ),
            }),
        }
    }
}

/// A mapping file: overrides of the default mapping.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mapping {
    /// Instance path (`spec.nodePool.vmSize`) → destination.
    pub fields: BTreeMap<String, Destination>,
    /// Request fields given outright (request path → value).
    pub set: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    fields: BTreeMap<String, String>,
    #[serde(default)]
    set: BTreeMap<String, Value>,
}

impl Mapping {
    /// Reads a mapping file (YAML or JSON).
    pub fn from_yaml(text: &str) -> Result<Self, MigrateError> {
        let value = crate::output::yaml_document(text).map_err(|e| MigrateError::Parse {
            document: "mapping".into(),
            message: e.to_string(),
        })?;
        let file: MappingFile =
            serde_json::from_value(value).map_err(|e| MigrateError::Mapping {
                path: String::new(),
                message: e.to_string(),
            })?;
        let mut fields = BTreeMap::new();
        for (path, destination) in file.fields {
            if !path.starts_with("spec.") {
                return Err(MigrateError::Mapping {
                    path: format!("fields.{path}"),
                    message: "instance paths start with `spec.`".into(),
                });
            }
            let d = Destination::parse(&destination, &format!("fields.{path}"))?;
            fields.insert(path, d);
        }
        Ok(Self {
            fields,
            set: file.set,
        })
    }
}

/// One instance field and where it went.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MappedField {
    /// The instance path.
    pub from: String,
    /// The destination.
    pub to: Destination,
    /// The value (defaults applied).
    pub value: Value,
}

/// An instance field with no destination.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnmappedField {
    /// The instance path.
    pub path: String,
    /// The value (defaults applied).
    pub value: Value,
    /// Why it has none (`no destination`, or `ignored by the mapping`).
    pub reason: String,
}

/// The request drawn from an instance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Extraction {
    /// The request, as a generic document (validated later).
    pub request: Value,
    /// Where each mapped field went.
    pub mapped: Vec<MappedField>,
    /// Fields with no destination.
    pub unmapped: Vec<UnmappedField>,
    /// Request values derived from the rendered composition or set by the mapping.
    pub derived: Vec<Derived>,
}

/// A request value that comes from no single instance field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Derived {
    /// The request path.
    pub path: String,
    /// Where it comes from.
    pub reason: String,
}

/// The default destination of a field, by its own name.
fn default_destination(name: &str, top_level: bool) -> Option<Destination> {
    Some(match name {
        "clusterName" => Destination::Field("clusterName".into()),
        "name" if top_level => Destination::Field("clusterName".into()),
        "location" | "region" => Destination::Field("location".into()),
        "kubernetesVersion" | "k8sVersion" => Destination::Field("kubernetesVersion".into()),
        "vmSize" | "nodeSize" | "nodeVmSize" => Destination::NodePoolTypeFromVmSize,
        "namespace" => Destination::Field("namespace".into()),
        "tags" => Destination::Field("tags".into()),
        "enableNAP" => Destination::Field("enableNAP".into()),
        "systemVmSize" => Destination::Field("systemVmSize".into()),
        "vnetSubnetId" | "subnetId" | "vnetSubnetID" => Destination::Field("vnetSubnetId".into()),
        _ => return None,
    })
}

/// The profile for a VM size: the one listing it, else the one of its SKU family.
pub fn node_pool_type_for(vm_size: &str, profiles: &Profiles) -> Option<String> {
    if let Some((name, _)) = profiles
        .0
        .iter()
        .find(|(_, p)| p.primary_vm_size == vm_size || p.secondary_vm_size == vm_size)
    {
        return Some(name.clone());
    }
    let family = crate::azure::vm_size_family(vm_size)?;
    let letter = family.get(..1)?;
    profiles
        .0
        .iter()
        .find(|(_, p)| p.sku_family == letter)
        .map(|(name, _)| name.clone())
}

/// The leaf fields of a spec (map-, list- and object-typed fields count as leaves).
fn leaves(
    fields: &BTreeMap<String, Field>,
    value: &Value,
    path: &str,
    out: &mut Vec<(String, Value, bool)>,
) {
    let Value::Object(map) = value else { return };
    for (name, v) in map {
        let here = format!("{path}.{name}");
        match fields.get(name).map(|f| &f.field_type) {
            Some(FieldType::Object(children)) => leaves(children, v, &here, out),
            _ => out.push((here, v.clone(), path == "spec")),
        }
    }
}

fn set_path(request: &mut Map<String, Value>, path: &str, value: Value) {
    let mut segments = path.split('.').peekable();
    let mut current = request;
    while let Some(segment) = segments.next() {
        if segments.peek().is_none() {
            current.insert(segment.to_owned(), value);
            return;
        }
        let entry = current
            .entry(segment.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        let Value::Object(next) = entry else { return };
        current = next;
    }
}

/// Maps a rendered instance to a request.
pub fn extract(
    rgd: &Rgd,
    render: &KroRender,
    mapping: &Mapping,
    profiles: &Profiles,
) -> Result<Extraction, MigrateError> {
    let mut request = Map::new();
    let mut mapped = Vec::new();
    let mut unmapped = Vec::new();
    let mut derived = Vec::new();

    // From the composition: the cluster's identity.
    let user_assigned = render.resources.iter().any(|r| {
        r.object.get("kind").and_then(Value::as_str) == Some("ManagedCluster")
            && r.object
                .pointer("/spec/identity/type")
                .and_then(Value::as_str)
                == Some("UserAssigned")
    });
    if user_assigned {
        set_path(
            &mut request,
            "identity.type",
            Value::String("UserAssigned".into()),
        );
        derived.push(Derived {
            path: "identity.type".to_owned(),
            reason: "the composition's ManagedCluster uses a UserAssignedIdentity".to_owned(),
        });
    }

    let mut fields = Vec::new();
    leaves(&rgd.fields, &render.spec, "spec", &mut fields);
    for (path, value, top_level) in fields {
        let name = path.rsplit('.').next().unwrap_or_default();
        let destination = mapping
            .fields
            .get(&path)
            .cloned()
            .or_else(|| default_destination(name, top_level));
        match destination {
            None => unmapped.push(UnmappedField {
                path,
                value,
                reason: "no destination in the request".into(),
            }),
            Some(Destination::Ignore) => unmapped.push(UnmappedField {
                path,
                value,
                reason: "ignored by the mapping".into(),
            }),
            Some(Destination::Field(to)) => {
                set_path(&mut request, &to, value.clone());
                mapped.push(MappedField {
                    from: path,
                    to: Destination::Field(to),
                    value,
                });
            }
            Some(Destination::NodePoolTypeFromVmSize) => {
                let Some(size) = value.as_str() else {
                    return Err(MigrateError::Mapping {
                        path,
                        message: format!("a VM size must be a string, got {value}"),
                    });
                };
                let Some(profile) = node_pool_type_for(size, profiles) else {
                    return Err(MigrateError::Mapping {
                        path,
                        message: format!(
                            "no node pool profile for the VM size {size:?} (add a custom profile, or map the field in a mapping file)"
                        ),
                    });
                };
                set_path(&mut request, "nodePoolType", Value::String(profile));
                mapped.push(MappedField {
                    from: path,
                    to: Destination::NodePoolTypeFromVmSize,
                    value,
                });
            }
        }
    }
    for (path, value) in &mapping.set {
        set_path(&mut request, path, value.clone());
        derived.push(Derived {
            path: path.clone(),
            reason: "set by the mapping".to_owned(),
        });
    }
    Ok(Extraction {
        request: Value::Object(request),
        mapped,
        unmapped,
        derived,
    })
}

//! Containers in templates: k8s-openapi's [`Container`] as Argo embeds it (the `name` is optional:
//! Argo names the main container `main`), and the script template, a container plus its `source`.
//!
//! k8s-openapi's types ignore unknown fields when reading; these wrappers reject unknown keys at the
//! container's top level, as the API server's pruning would drop them.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use k8s_openapi::api::core::v1::Container;
use schemars::JsonSchema;
use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The JSON names of a Container's fields, read from k8s-openapi's schema.
static CONTAINER_FIELDS: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
    let schema = schemars::SchemaGenerator::default().into_root_schema_for::<Container>();
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default()
});

/// The container as a JSON object, without an empty `name`.
fn container_object<E: serde::ser::Error>(container: &Container) -> Result<Map<String, Value>, E> {
    match serde_json::to_value(container).map_err(E::custom)? {
        Value::Object(map) => Ok(map
            .into_iter()
            .filter(|(key, value)| !(key == "name" && value.as_str() == Some("")))
            .collect()),
        _ => Err(E::custom("a container must serialize to an object")),
    }
}

/// Reads a container from `map`, rejecting keys a Container does not have (besides `extra`).
fn container_from<E: serde::de::Error>(
    map: Map<String, Value>,
    extra: &[&str],
) -> Result<Container, E> {
    for key in map.keys() {
        if !CONTAINER_FIELDS.contains(key) && !extra.contains(&key.as_str()) {
            return Err(E::custom(format_args!(
                "unknown field `{key}` in a container"
            )));
        }
    }
    serde_json::from_value(Value::Object(map)).map_err(E::custom)
}

/// The JSON schema of a Container in an Argo template: `name` is optional.
fn container_schema_value(generator: &mut schemars::SchemaGenerator) -> Value {
    let mut schema = Container::json_schema(generator).to_value();
    if let Some(object) = schema.as_object_mut() {
        object.remove("required");
        object.insert("additionalProperties".to_owned(), Value::Bool(false));
    }
    schema
}

/// Serializes a template's container (serde `serialize_with`).
pub(crate) fn serialize_container<S: Serializer>(
    container: &Container,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    container_object::<S::Error>(container)?.serialize(serializer)
}

/// Deserializes a template's container, rejecting unknown keys (serde `deserialize_with`).
pub(crate) fn deserialize_container<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Container, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Object(map) => container_from(map, &[]),
        _ => Err(D::Error::custom("a container must be an object")),
    }
}

/// The schema of a template's container (schemars `schema_with`).
pub(crate) fn container_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::Schema::try_from(container_schema_value(generator)).unwrap_or_default()
}

/// A script template: a container that runs `source` with the image's interpreter (`command`, e.g. `[bash]`).
///
/// Upstream it is one object: the Container's fields plus `source`.
#[derive(Clone, Debug, Default, PartialEq, bon::Builder)]
#[builder(on(String, into))]
pub struct ScriptTemplate {
    /// The container that runs the script (image, command, env, volumeMounts, ...).
    pub container: Container,
    /// The script, written to a file and passed to `command`.
    pub source: String,
}

impl Serialize for ScriptTemplate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = container_object::<S::Error>(&self.container)?;
        if map.contains_key("source") {
            return Err(S::Error::custom("a container has no field `source`"));
        }
        map.insert("source".to_owned(), Value::String(self.source.clone()));
        map.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ScriptTemplate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Value::Object(mut map) = Value::deserialize(deserializer)? else {
            return Err(D::Error::custom("a script must be an object"));
        };
        let source = match map.remove("source") {
            Some(Value::String(source)) => source,
            Some(_) => return Err(D::Error::custom("`source` must be a string")),
            None => return Err(D::Error::missing_field("source")),
        };
        Ok(Self {
            container: container_from(map, &[])?,
            source,
        })
    }
}

impl JsonSchema for ScriptTemplate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ScriptTemplate".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = container_schema_value(generator);
        if let Some(object) = schema.as_object_mut() {
            object.insert(
                "description".to_owned(),
                Value::from("A container that runs `source` with the image's interpreter."),
            );
            if let Some(Value::Object(properties)) = object.get_mut("properties") {
                properties.insert(
                    "source".to_owned(),
                    serde_json::json!({"type": "string", "description": "The script."}),
                );
            }
            object.insert("required".to_owned(), serde_json::json!(["source"]));
        }
        schemars::Schema::try_from(schema).unwrap_or_default()
    }
}

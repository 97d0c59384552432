//! Reading and writing manifests: YAML (kubectl-style, every ambiguous string quoted) and JSON.
//!
//! YAML is read with serde-saphyr (maintained, free of `unsafe`, YAML 1.2 booleans here) and written
//! with [`crate::yaml_writer`], which double-quotes every string a YAML 1.1 reader (kubectl, PyYAML)
//! would otherwise read as a boolean or number.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldPath, ParseError, PathSegment, SerializeError, WrongKindError};

/// Writes one object as a YAML document.
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, Error> {
    crate::yaml_writer::to_string(value).map_err(|e| Error::Serialize(SerializeError::Yaml(e)))
}

/// Writes objects as one multi-document YAML stream (`---` between documents).
pub fn to_yaml_stream<T: Serialize>(values: &[T]) -> Result<String, Error> {
    let mut out = String::with_capacity(values.len() * 1024);
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        crate::yaml_writer::write_document(&mut out, value)
            .map_err(|e| Error::Serialize(SerializeError::Yaml(e)))?;
    }
    Ok(out)
}

/// Writes one object as pretty JSON (two-space indent, fields in declaration order).
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    serde_json::to_string_pretty(value).map_err(|e| Error::Serialize(SerializeError::Json(e)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TypeMeta {
    #[serde(default)]
    api_version: String,
    #[serde(default)]
    kind: String,
}

fn expect_kind<K: k8s_openapi::Resource>(document: &serde_json::Value) -> Result<(), Error> {
    let type_meta = TypeMeta::deserialize(document).unwrap_or(TypeMeta {
        api_version: String::new(),
        kind: String::new(),
    });
    if type_meta.api_version == K::API_VERSION && type_meta.kind == K::KIND {
        Ok(())
    } else {
        Err(Error::WrongKind(WrongKindError {
            expected_api_version: K::API_VERSION,
            expected_kind: K::KIND,
            found_api_version: type_meta.api_version,
            found_kind: type_meta.kind,
        }))
    }
}

/// Converts a document already read into the type, naming the path of the first misfit.
pub(crate) fn from_document<T: DeserializeOwned>(document: serde_json::Value) -> Result<T, Error> {
    serde_path_to_error::deserialize(document).map_err(|error| {
        let path = field_path(error.path());
        Error::Parse(ParseError::Shape {
            path,
            message: error.into_inner().to_string(),
        })
    })
}

fn field_path(path: &serde_path_to_error::Path) -> FieldPath {
    let mut out = FieldPath::root();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => out.push(PathSegment::Index(*index)),
            serde_path_to_error::Segment::Map { key } => out.push(PathSegment::Key(key.clone())),
            serde_path_to_error::Segment::Enum { variant } => {
                out.push(PathSegment::Key(variant.clone()))
            }
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    out
}

/// The reader's settings: YAML 1.2 booleans only (`true`/`false`), so `N`, `y`, `yes`, `no`, `on`
/// and `off` stay strings (an SKU family `N` is not `false`).
fn read_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options
}

/// Reads a YAML document into a generic value (the JSON data model): a quoted `"false"` stays a
/// string, an unquoted `1.30` is a number, and only `true`/`false` are booleans (YAML 1.2).
pub fn yaml_document(yaml: &str) -> Result<serde_json::Value, Error> {
    Ok(serde_saphyr::from_str_with_options(yaml, read_options()).map_err(ParseError::Yaml)?)
}

/// Reads every document of a multi-document YAML stream into generic values; empty documents are skipped.
pub fn yaml_documents(yaml: &str) -> Result<Vec<serde_json::Value>, Error> {
    let documents: Vec<serde_json::Value> =
        serde_saphyr::from_multiple_with_options(yaml, read_options()).map_err(ParseError::Yaml)?;
    Ok(documents.into_iter().filter(|d| !d.is_null()).collect())
}

/// Reads one object of kind `K` from YAML. Another kind or apiVersion is [`Error::WrongKind`];
/// a field the type does not have, or a value of the wrong type, is [`ParseError::Shape`] with its path.
pub fn from_yaml<K: k8s_openapi::Resource + DeserializeOwned>(yaml: &str) -> Result<K, Error> {
    let document = yaml_document(yaml)?;
    expect_kind::<K>(&document)?;
    from_document(document)
}

/// Reads a JSON document into a generic value, refusing a key repeated within one object (as
/// the YAML reader does): readers disagree on which duplicate wins, so a request checked by one
/// reader could mean something else to another. The error names the line and column.
pub fn json_document(json: &str) -> Result<serde_json::Value, Error> {
    use serde::de::DeserializeSeed;
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = UniqueKeys
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(ParseError::Json)?;
    Ok(value)
}

/// Builds a `serde_json::Value`, failing on a key repeated within one object.
#[derive(Clone, Copy)]
struct UniqueKeys;

impl<'de> serde::de::DeserializeSeed<'de> for UniqueKeys {
    type Value = serde_json::Value;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for UniqueKeys {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v)
            .map_or(serde_json::Value::Null, serde_json::Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(serde_json::Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!(
                    "duplicate key {key:?}"
                )));
            }
            let value = map.next_value_seed(self)?;
            object.insert(key, value);
        }
        Ok(serde_json::Value::Object(object))
    }
}

/// Reads one object of kind `K` from JSON, with the same errors as [`from_yaml`].
pub fn from_json<K: k8s_openapi::Resource + DeserializeOwned>(json: &str) -> Result<K, Error> {
    let document = json_document(json)?;
    expect_kind::<K>(&document)?;
    from_document(document)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Strings that a YAML 1.1 reader (kubectl, PyYAML) would turn into booleans, numbers or null.
    const RETYPED_BY_YAML_1_1: &[&str] = &[
        "true",
        "false",
        "True",
        "FALSE",
        "yes",
        "no",
        "Yes",
        "NO",
        "on",
        "off",
        "On",
        "OFF",
        "y",
        "n",
        "Y",
        "N",
        "1.30",
        "1.30.4",
        "0755",
        "017",
        "1e3",
        "1E3",
        "null",
        "Null",
        "~",
        "",
        "123",
        "-1",
        "0x1F",
        ".5",
        "1_000",
        "0b101",
        ".inf",
        ".NaN",
        "2024-01-01",
    ];

    #[test]
    fn every_string_a_yaml_1_1_reader_would_retype_is_quoted() {
        for s in RETYPED_BY_YAML_1_1 {
            let mut map = BTreeMap::new();
            map.insert("value", *s);
            let yaml = to_yaml(&map).unwrap();
            let scalar = yaml.trim_end().strip_prefix("value: ").unwrap();
            assert!(
                scalar.starts_with('"') || scalar.starts_with('\''),
                "{s:?} written unquoted: {yaml}"
            );
            // And it reads back as the same string.
            let back: BTreeMap<String, String> = serde_saphyr::from_str(&yaml).unwrap();
            assert_eq!(back["value"], *s);
        }
    }

    #[test]
    fn long_strings_stay_on_one_line_and_multi_line_strings_are_literal_blocks() {
        let id = format!(
            "/subscriptions/{}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
            "0".repeat(36)
        );
        let mut map = BTreeMap::new();
        map.insert("id", id.as_str());
        assert_eq!(to_yaml(&map).unwrap(), format!("id: {id}\n"));
        let mut map = BTreeMap::new();
        map.insert("manifest", "kind: ResourceGroup\nmetadata:\n  name: rg\n");
        assert_eq!(
            to_yaml(&map).unwrap(),
            "manifest: |\n  kind: ResourceGroup\n  metadata:\n    name: rg\n"
        );
    }

    #[test]
    fn a_quoted_boolean_is_not_a_boolean() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Pool {
            #[serde(rename = "enableAutoScaling")]
            enable_auto_scaling: bool,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Doc {
            kind: String,
            pools: Vec<Pool>,
        }
        let document = yaml_document("kind: X\npools:\n- enableAutoScaling: \"false\"\n").unwrap();
        let error = from_document::<Doc>(document).unwrap_err();
        let Error::Parse(ParseError::Shape { path, message }) = error else {
            panic!("{error:?}")
        };
        assert_eq!(path.to_string(), "pools[0].enableAutoScaling");
        assert!(message.contains("expected a boolean"), "{message}");
    }

    #[test]
    fn only_yaml_1_2_booleans_are_booleans() {
        let document = yaml_document("a: N\nb: yes\nc: off\nd: true\ne: False\n").unwrap();
        assert_eq!(
            document,
            serde_json::json!({"a": "N", "b": "yes", "c": "off", "d": true, "e": false})
        );
    }

    #[test]
    fn plain_strings_stay_plain() {
        let mut map = BTreeMap::new();
        map.insert("value", "westeurope");
        assert_eq!(to_yaml(&map).unwrap(), "value: westeurope\n");
    }
}

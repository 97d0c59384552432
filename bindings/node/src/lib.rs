//! Node.js binding of aksflow (napi-rs): conversions only, every rule lives in the core.
//!
//! The native functions take the request as text (the wrapper `aksflow.js` hands a JS object over
//! as `JSON.stringify` output, which is both faster than walking it property by property through
//! N-API and exactly JSON's meaning of the object: `undefined` fields are absent) and return
//! *outcomes* as data: `{ ok: true, value }`, `{ ok: false, errors }` (every violation with the
//! core's code, path and message) or `{ ok: false, failure }` (text that does not parse). The
//! wrapper turns those into return values and thrown `AksflowValidationError`/`AksflowError`.
//!
//! Every exported function is `#[napi(catch_unwind)]`: a panic becomes a thrown JS `Error`
//! instead of aborting Node (napi-rs only catches panics where asked to).
//!
//! One module per core area: [`request`] (the request's TypeScript shape and the options),
//! [`validate`], [`render`] (bundle and Workflow), [`params`] (the design's flat parameters and
//! profile table), [`migrate`] (the KRO migration and `diff`), [`testing`] (a panicking hook for the test suite).

pub mod migrate;
pub mod params;
pub mod render;
pub mod request;
pub mod testing;
pub mod validate;

use aksflow::Error;
use napi_derive::napi;

/// Rendering allocates many small strings (every name and label is owned): mimalloc makes the whole
/// pipeline about a fifth faster than the system allocator (figures in `benches/README.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What is wrong, as a stable snake_case code shared by Rust, Node and Python.
#[napi(string_enum = "snake_case")]
pub enum ViolationCode {
    /// A required field is missing or empty.
    Required,
    /// A string or list is shorter than its minimum.
    TooShort,
    /// A string or list is longer than its maximum.
    TooLong,
    /// A string does not match the syntax the API requires (a name, an ARM id, a label key).
    Pattern,
    /// A number is outside its allowed range.
    OutOfRange,
    /// Not a Kubernetes quantity (`100`, `1000Gi`, `500m`).
    InvalidQuantity,
    /// Not a duration in the syntax this field takes (`30s`, `720h`, `1h30m`, `Never`).
    InvalidDuration,
    /// A value the API accepts in general but not here (a reserved label key, a namespace on a cluster-scoped kind).
    NotAllowed,
    /// Two fields that cannot be set together, or one that requires another.
    Conflict,
    /// The same name or key appears twice where it must be unique.
    Duplicate,
    /// A field the document's type does not have (a typo is never silently ignored).
    UnknownField,
    /// A value of the wrong JSON type (a string where a boolean belongs, an object where a list belongs).
    InvalidType,
    /// A value outside a closed set: an unknown region, node pool type, API version or enum value.
    UnknownValue,
    /// Text that could alter YAML or an Argo template once embedded: `{{`, newlines, control or bidi characters.
    UnsafeCharacters,
}

/// One rule broken at one place, exactly as the Rust core reports it.
#[napi(object)]
pub struct Violation {
    /// What kind of problem, stable across releases and languages.
    #[napi(ts_type = "ViolationCode")]
    pub code: String,
    /// Where, in the request's JSON names, e.g. `gitops.url` or `tags["cost-center"]`; `""` for the request itself.
    pub path: String,
    /// Why, for a person.
    pub message: String,
}

/// A failure that is not a rule broken: the text does not parse, or output cannot be written.
#[napi(object)]
pub struct Failure {
    /// `AKSFLOW_PARSE` (malformed YAML/JSON), `AKSFLOW_WRONG_KIND`, `AKSFLOW_UNSUPPORTED_KIND` or `AKSFLOW_SERIALIZE`.
    #[napi(
        ts_type = "'AKSFLOW_PARSE' | 'AKSFLOW_WRONG_KIND' | 'AKSFLOW_UNSUPPORTED_KIND' | 'AKSFLOW_SERIALIZE'"
    )]
    pub code: String,
    /// What went wrong, with the line and column for parse errors.
    pub message: String,
}

/// A native call's result as data: `value` when `ok`, else `errors` (rules broken) or `failure`.
pub(crate) struct Outcome<T> {
    pub ok: bool,
    pub value: Option<T>,
    pub errors: Option<Vec<Violation>>,
    pub failure: Option<Failure>,
}

impl<T> Outcome<T> {
    pub(crate) fn from_result(result: Result<T, Error>) -> Self {
        match result {
            Ok(value) => Self {
                ok: true,
                value: Some(value),
                errors: None,
                failure: None,
            },
            Err(error) => Self::from_error(error),
        }
    }

    pub(crate) fn from_error(error: Error) -> Self {
        let (errors, failure) = match error {
            Error::Validation(error) => (Some(violations(error)), None),
            other => (None, Some(failure(other))),
        };
        Self {
            ok: false,
            value: None,
            errors,
            failure,
        }
    }
}

/// The core's violations as JS data.
pub(crate) fn violations(error: aksflow::ValidationError) -> Vec<Violation> {
    error
        .into_violations()
        .into_iter()
        .map(|v| Violation {
            code: v.code.as_str().to_owned(),
            path: v.path.to_string(),
            message: v.message,
        })
        .collect()
}

fn failure(error: Error) -> Failure {
    let code = match &error {
        Error::Parse(_) => "AKSFLOW_PARSE",
        Error::WrongKind(_) => "AKSFLOW_WRONG_KIND",
        Error::UnsupportedKind(_) => "AKSFLOW_UNSUPPORTED_KIND",
        _ => "AKSFLOW_SERIALIZE",
    };
    Failure {
        code: code.to_owned(),
        message: error.to_string(),
    }
}

/// Implements `From<Outcome<value>>` for a `#[napi(object)]` outcome type (napi objects cannot be
/// generic, so each value type has its own, written out so its docs reach `index.d.ts`).
macro_rules! outcome_from {
    ($name:ident, $value:ty) => {
        impl From<$crate::Outcome<$value>> for $name {
            fn from(outcome: $crate::Outcome<$value>) -> Self {
                Self {
                    ok: outcome.ok,
                    value: outcome.value,
                    errors: outcome.errors,
                    failure: outcome.failure,
                }
            }
        }
    };
}
pub(crate) use outcome_from;

#[cfg(test)]
mod tests {
    /// The `ViolationCode` union in the generated `index.d.ts` is the core's closed set, exactly.
    #[test]
    fn the_typescript_violation_codes_are_the_cores() {
        let dts = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/index.d.ts"))
            .expect("index.d.ts is checked in");
        let start = dts
            .find("export type ViolationCode")
            .expect("index.d.ts declares ViolationCode");
        let declaration = &dts[start..];
        let end = declaration.find('\n').unwrap_or(declaration.len());
        let mut typescript: Vec<&str> = declaration[..end].split('\'').skip(1).step_by(2).collect();
        let mut core: Vec<&str> = aksflow::Code::ALL.iter().map(|c| c.as_str()).collect();
        typescript.sort_unstable();
        core.sort_unstable();
        assert_eq!(typescript, core);
    }
}

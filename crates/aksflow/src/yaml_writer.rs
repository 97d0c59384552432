//! The YAML writer: a serde `Serializer` that writes block-style YAML the way kubectl prints it.
//!
//! Why not serde-saphyr's writer (which reads every manifest here): profiling the bundle benchmark
//! showed 70% of its time in per-scalar quoting heuristics. Manifests need only a small, fixed part
//! of YAML: block maps and lists (lists under a key not indented, kubectl-style), plain scalars where
//! they cannot be misread, double quotes otherwise, and literal blocks (`|`) for multi-line strings.
//!
//! The rule for plain scalars is conservative: a string is written plain only when no YAML 1.1 or
//! 1.2 reader (kubectl, PyYAML, serde-saphyr) could take it for anything but that string: not a
//! boolean, null or number of either version (`yes`, `on`, `y`, `1.30`, `0755`, `1e3`, `0x1F`,
//! `1:30`, `2024-01-01`, `.inf`), no indicator at its start, no `: ` or ` #` inside, no leading or
//! trailing space, no control characters. Tests read everything back with serde-saphyr.

use std::fmt::Write as _;

use serde::ser::{self, Serialize};

/// Why a value could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct WriteError(String);

impl ser::Error for WriteError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        WriteError(msg.to_string())
    }
}

/// Writes one value as a YAML document (ending in a newline).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, WriteError> {
    let mut out = String::with_capacity(1024);
    write_document(&mut out, value)?;
    Ok(out)
}

/// Writes one value as a YAML document onto `out`.
pub fn write_document<T: Serialize + ?Sized>(
    out: &mut String,
    value: &T,
) -> Result<(), WriteError> {
    value.serialize(ValueWriter {
        out,
        slot: Slot::Root,
    })
}

/// Where a value goes: what has been written just before it on the current line.
#[derive(Clone, Copy)]
enum Slot {
    /// At the start of a document.
    Root,
    /// After `key:` of a map entry whose key sits at `indent`.
    MapValue { indent: usize },
    /// After `- ` of a list item whose dash sits at `indent`.
    SeqItem { indent: usize },
}

fn spaces(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut n = n;
    while n > SPACES.len() {
        out.push_str(SPACES);
        n -= SPACES.len();
    }
    out.push_str(&SPACES[..n]);
}

/// Writes a scalar's text (already plain, quoted or a block) into its slot and ends the line.
fn scalar(out: &mut String, slot: Slot, text: &str) {
    if let Slot::MapValue { .. } = slot {
        out.push(' ');
    }
    out.push_str(text);
    out.push('\n');
}

fn write_str(out: &mut String, slot: Slot, value: &str) {
    // Most strings are plain; `is_plain_safe` rejects every newline, so test it first.
    if is_plain_safe(value) {
        scalar(out, slot, value);
        return;
    }
    if value.contains('\n') && block_safe(value) {
        let indent = match slot {
            Slot::Root => 0,
            Slot::MapValue { indent } | Slot::SeqItem { indent } => indent,
        } + 2;
        if let Slot::MapValue { .. } = slot {
            out.push(' ');
        }
        let body = value.trim_end_matches('\n');
        let trailing = value.len() - body.len();
        out.push_str(match trailing {
            0 => "|-",
            1 => "|",
            _ => "|+",
        });
        out.push('\n');
        for line in value.split_inclusive('\n') {
            if line != "\n" {
                spaces(out, indent);
            }
            out.push_str(line);
        }
        if trailing == 0 {
            out.push('\n');
        }
        return;
    }
    if let Slot::MapValue { .. } = slot {
        out.push(' ');
    }
    double_quoted(out, value);
    out.push('\n');
}

/// A multi-line string a literal block holds exactly: no control characters but newlines, no
/// leading space on its first line (that would need an indentation indicator), and no line with
/// trailing whitespace only where a reader could strip it.
fn block_safe(value: &str) -> bool {
    if value.starts_with([' ', '\t', '\n']) {
        return false;
    }
    if value.is_ascii() {
        // Scripts with embedded manifests, the long strings here: one pass without a branch per byte.
        return value
            .bytes()
            .fold(true, |ok, b| ok & ((b >= 0x20 && b != 0x7f) | (b == b'\n')));
    }
    !value
        .chars()
        .any(|c| (c.is_control() && c != '\n') || is_bidi_control(c) || c == '\u{feff}')
}

/// Unicode bidirectional controls (embeddings, overrides, isolates, marks): they make text read
/// differently from what it is (CVE-2021-42574, "Trojan Source").
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// YAML's printable set (`c-printable`) less the BOM: what may stand unescaped in a document.
/// U+FFFE and U+FFFF are not, and libyaml and go-yaml refuse them.
pub(crate) fn is_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fefe}' | '\u{ff00}'..='\u{fffd}' | '\u{10000}'..)
}

/// A character that is written escaped in double quotes and never plain or in a block.
fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || !is_printable(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Writes `value` in double quotes, escaping what YAML requires and what a person should see.
fn double_quoted(out: &mut String, value: &str) {
    out.push('"');
    // Runs of printable ASCII other than `"` and `\\` are copied whole.
    let mut rest = value;
    while let Some(end) = rest
        .bytes()
        .position(|b| !(0x20..0x7f).contains(&b) || b == b'"' || b == b'\\')
    {
        out.push_str(&rest[..end]);
        let Some(c) = rest[end..].chars().next() else {
            rest = &rest[end..];
            break;
        };
        escape_char(out, c);
        rest = &rest[end + c.len_utf8()..];
    }
    out.push_str(rest);
    out.push('"');
}

/// Writes one character of a double-quoted scalar, escaped if it must be.
fn escape_char(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        c if needs_escape(c) && (c as u32) <= 0xffff => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        c if needs_escape(c) => {
            let _ = write!(out, "\\U{:08x}", c as u32);
        }
        c => out.push(c),
    }
}

/// Words that some YAML reader takes for a boolean, null or special float (compared lower-cased).
const RESERVED: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf",
    ".nan", "<<", "=",
];

/// `true` when `value` may be written without quotes and reads back as this same string everywhere.
pub(crate) fn is_plain_safe(value: &str) -> bool {
    let bytes = value.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    // Long strings are mostly scripts and manifests: a newline settles it at once.
    if bytes.len() > 80 && memchr_newline(bytes) {
        return false;
    }
    // One pass over a table, without a branch per byte, tells which checks the string needs.
    let classes = bytes
        .iter()
        .fold(0u8, |seen, &b| seen | BYTE_CLASS[usize::from(b)]);
    // The common case, keys and names (`apiVersion`, `rg-payments-prod`, `karpenter.sh/nodepool`):
    // a letter, then letters, digits and `-_./`. No indicator, no number, only reserved words to rule out.
    if classes == 0 && first.is_ascii_alphabetic() {
        return !is_reserved(bytes);
    }
    // A leading `-` starts a plain scalar when a non-space follows (`--dry-run=server`, `-n`).
    let dash_flag = first == b'-'
        && bytes.get(1).is_some_and(|b| !matches!(b, b' ' | b'\t'))
        && !value.starts_with("---");
    if (!dash_flag && first == b'-')
        || matches!(
            first,
            b'?' | b':'
                | b','
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'\''
                | b'"'
                | b'%'
                | b'@'
                | b'`'
                | b' '
                | b'\t'
        )
        || matches!(last, b' ' | b'\t' | b':')
    {
        return false;
    }
    if value.len() <= 5 && is_reserved(bytes) {
        return false;
    }
    if looks_numeric(bytes) {
        return false;
    }
    // Most other strings have none of the bytes that need a closer look (controls, `:`, `#`, non-ASCII).
    if classes & NEEDS_A_LOOK == 0 {
        return true;
    }
    // Bytes, not chars: UTF-8 continuation bytes are all >= 0x80, so ASCII rules see only ASCII;
    // non-ASCII text gets the character checks (C1 controls, bidi controls, line separators).
    let mut previous = 0u8;
    let mut non_ascii = false;
    for &b in bytes {
        match b {
            0..=0x1f | 0x7f => return false,
            b' ' if previous == b':' => return false,
            b'#' if previous == b' ' => return false,
            0x80.. => non_ascii = true,
            _ => {}
        }
        previous = b;
    }
    !non_ascii || !value.chars().any(needs_escape)
}

/// [`BYTE_CLASS`] bit of the bytes that make [`is_plain_safe`] look closer: C0 controls and DEL,
/// `:` (`: `), `#` (` #`) and every byte of a non-ASCII character.
const NEEDS_A_LOOK: u8 = 1;
/// [`BYTE_CLASS`] bit of the bytes that are not letters, digits or `-_./` (a name's bytes).
const NOT_IN_A_NAME: u8 = 2;

/// The classes of every byte, as bits.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        if b < 0x20 || b >= 0x7f || b == b':' || b == b'#' {
            table[i] |= NEEDS_A_LOOK;
        }
        if !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' || b == b'/') {
            table[i] |= NOT_IN_A_NAME;
        }
        i += 1;
    }
    table
};

/// `true` when `bytes` holds a line feed (the standard library's vectorized search).
fn memchr_newline(bytes: &[u8]) -> bool {
    bytes.contains(&b'\n')
}

/// `true` for a word of [`RESERVED`] in any case (`bytes` at most 5 long).
fn is_reserved(bytes: &[u8]) -> bool {
    if bytes.len() > 5
        || !matches!(
            bytes.first().map(u8::to_ascii_lowercase),
            Some(b't' | b'f' | b'y' | b'n' | b'o' | b'~' | b'.' | b'-' | b'+' | b'<' | b'=')
        )
    {
        return false;
    }
    let mut lower = [0u8; 5];
    for (l, b) in lower.iter_mut().zip(bytes) {
        *l = b.to_ascii_lowercase();
    }
    let lower = &lower[..bytes.len()];
    RESERVED.iter().any(|word| word.as_bytes() == lower)
}

/// `true` when a YAML 1.1 or 1.2 reader could read `bytes` as a number or timestamp: after an
/// optional sign, a digit or a dot, and nothing but digits, `_ . : + -`, hex digits and the
/// radix letters (`0x1F`, `0o17`, `0b101`, `1_000`, `1:30`, `1e3`, `2024-01-01`, `1.30.4`).
/// Strings with any other letter (`30s`, `2160h`, `1000Gi`, `10%`) are plain.
fn looks_numeric(bytes: &[u8]) -> bool {
    let rest = match bytes {
        [b'+' | b'-', rest @ ..] => rest,
        rest => rest,
    };
    match rest.first() {
        Some(b) if b.is_ascii_digit() || *b == b'.' => {}
        _ => return false,
    }
    // A space belongs to a number only inside a timestamp (`2001-12-14 21:59:43.10 -5`).
    let timestamp_like = rest.contains(&b':');
    rest.iter().all(|b| {
        b.is_ascii_hexdigit()
            || matches!(
                b,
                b'_' | b'.'
                    | b':'
                    | b'+'
                    | b'-'
                    | b'x'
                    | b'X'
                    | b'o'
                    | b'O'
                    | b'T'
                    | b't'
                    | b'Z'
                    | b'z'
            )
            || (*b == b' ' && timestamp_like)
    })
}

/// The longest key written in the implicit `key: value` form.
const MAX_IMPLICIT_KEY: usize = 1000;

/// Serializes one value into a slot.
struct ValueWriter<'a> {
    out: &'a mut String,
    slot: Slot,
}

/// A map or struct being written: entries go at `indent`; `first` entry may continue the current line.
struct MapWriter<'a> {
    out: &'a mut String,
    slot: Slot,
    indent: usize,
    entries: usize,
    pending_key: Option<String>,
}

impl MapWriter<'_> {
    fn start_entry(&mut self, key: &str) {
        if self.entries == 0 {
            match self.slot {
                Slot::Root | Slot::SeqItem { .. } => {}
                Slot::MapValue { .. } => {
                    self.out.push('\n');
                    spaces(self.out, self.indent);
                }
            }
        } else {
            spaces(self.out, self.indent);
        }
        self.entries += 1;
        if key.len() > MAX_IMPLICIT_KEY {
            // YAML 1.1 readers (libyaml, PyYAML) refuse implicit keys over 1024 characters: use the
            // explicit form, `? key` then `: value`.
            self.out.push_str("? ");
            double_quoted(self.out, key);
            self.out.push('\n');
            spaces(self.out, self.indent);
            self.out.push(':');
            return;
        }
        if is_plain_safe(key) {
            self.out.push_str(key);
        } else {
            double_quoted(self.out, key);
        }
        self.out.push(':');
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        value.serialize(ValueWriter {
            out: self.out,
            slot: Slot::MapValue {
                indent: self.indent,
            },
        })
    }

    fn finish(self) {
        if self.entries == 0 {
            scalar(self.out, self.slot, "{}");
        }
    }
}

/// A list being written.
struct SeqWriter<'a> {
    out: &'a mut String,
    slot: Slot,
    indent: usize,
    items: usize,
}

impl SeqWriter<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        if self.items == 0 {
            match self.slot {
                Slot::Root | Slot::SeqItem { .. } => {}
                Slot::MapValue { .. } => {
                    self.out.push('\n');
                    spaces(self.out, self.indent);
                }
            }
        } else {
            spaces(self.out, self.indent);
        }
        self.items += 1;
        self.out.push_str("- ");
        value.serialize(ValueWriter {
            out: self.out,
            slot: Slot::SeqItem {
                indent: self.indent,
            },
        })
    }

    fn finish(self) {
        if self.items == 0 {
            scalar(self.out, self.slot, "[]");
        }
    }
}

impl<'a> ValueWriter<'a> {
    fn map(self) -> MapWriter<'a> {
        let indent = match self.slot {
            Slot::Root => 0,
            Slot::MapValue { indent } | Slot::SeqItem { indent } => indent + 2,
        };
        MapWriter {
            out: self.out,
            slot: self.slot,
            indent,
            entries: 0,
            pending_key: None,
        }
    }

    fn seq(self) -> SeqWriter<'a> {
        let indent = match self.slot {
            Slot::Root => 0,
            // kubectl style: a list under a key starts at the key's column.
            Slot::MapValue { indent } => indent,
            Slot::SeqItem { indent } => indent + 2,
        };
        SeqWriter {
            out: self.out,
            slot: self.slot,
            indent,
            items: 0,
        }
    }

    fn display(self, value: impl std::fmt::Display) -> Result<(), WriteError> {
        if let Slot::MapValue { .. } = self.slot {
            self.out.push(' ');
        }
        let _ = write!(self.out, "{value}");
        self.out.push('\n');
        Ok(())
    }
}

impl<'a> ser::Serializer for ValueWriter<'a> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = SeqWriter<'a>;
    type SerializeTuple = SeqWriter<'a>;
    type SerializeTupleStruct = SeqWriter<'a>;
    type SerializeTupleVariant = VariantWriter<'a, SeqWriter<'a>>;
    type SerializeMap = MapWriter<'a>;
    type SerializeStruct = MapWriter<'a>;
    type SerializeStructVariant = VariantWriter<'a, MapWriter<'a>>;

    fn serialize_bool(self, v: bool) -> Result<(), WriteError> {
        self.display(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), WriteError> {
        self.display(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), WriteError> {
        self.display(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), WriteError> {
        self.display(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), WriteError> {
        self.display(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), WriteError> {
        self.display(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), WriteError> {
        self.display(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), WriteError> {
        self.display(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), WriteError> {
        self.display(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), WriteError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), WriteError> {
        if v.is_nan() {
            self.display(".nan")
        } else if v.is_infinite() {
            self.display(if v > 0.0 { ".inf" } else { "-.inf" })
        } else {
            // `{:?}` keeps the decimal point (`1.0`), so a float reads back as a float; YAML 1.1
            // wants a point and a signed exponent too (`1.0e+21`, not `1e21`).
            let text = format!("{v:?}");
            match text.split_once('e') {
                Some((mantissa, exponent)) => {
                    let point = if mantissa.contains('.') { "" } else { ".0" };
                    let sign = if exponent.starts_with('-') { "" } else { "+" };
                    self.display(format_args!("{mantissa}{point}e{sign}{exponent}"))
                }
                None => self.display(text),
            }
        }
    }
    fn serialize_char(self, v: char) -> Result<(), WriteError> {
        let mut buffer = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut buffer))
    }
    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        write_str(self.out, self.slot, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), WriteError> {
        let mut seq = self.seq();
        for b in v {
            ser::SerializeSeq::serialize_element(&mut seq, b)?;
        }
        ser::SerializeSeq::end(seq)
    }
    fn serialize_none(self) -> Result<(), WriteError> {
        self.display("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), WriteError> {
        self.display("null")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), WriteError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), WriteError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        let mut map = self.map();
        map.start_entry(variant);
        map.value(value)?;
        map.finish();
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<SeqWriter<'a>, WriteError> {
        Ok(self.seq())
    }
    fn serialize_tuple(self, _len: usize) -> Result<SeqWriter<'a>, WriteError> {
        Ok(self.seq())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<SeqWriter<'a>, WriteError> {
        Ok(self.seq())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<VariantWriter<'a, SeqWriter<'a>>, WriteError> {
        let mut outer = self.map();
        outer.start_entry(variant);
        let indent = outer.indent;
        let inner = ValueWriter {
            out: outer.out,
            slot: Slot::MapValue { indent },
        }
        .seq();
        Ok(VariantWriter {
            inner,
            outer_entries: 1,
            _outer: std::marker::PhantomData,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapWriter<'a>, WriteError> {
        Ok(self.map())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<MapWriter<'a>, WriteError> {
        Ok(self.map())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<VariantWriter<'a, MapWriter<'a>>, WriteError> {
        let mut outer = self.map();
        outer.start_entry(variant);
        let indent = outer.indent;
        let inner = ValueWriter {
            out: outer.out,
            slot: Slot::MapValue { indent },
        }
        .map();
        Ok(VariantWriter {
            inner,
            outer_entries: 1,
            _outer: std::marker::PhantomData,
        })
    }
}

/// An externally tagged variant (`Variant: value`): the inner compound under a one-entry map.
struct VariantWriter<'a, W> {
    inner: W,
    outer_entries: usize,
    _outer: std::marker::PhantomData<&'a ()>,
}

impl ser::SerializeSeq for SeqWriter<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.item(value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeTuple for SeqWriter<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.item(value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeTupleStruct for SeqWriter<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.item(value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeTupleVariant for VariantWriter<'_, SeqWriter<'_>> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.inner.item(value)
    }
    fn end(self) -> Result<(), WriteError> {
        debug_assert_eq!(self.outer_entries, 1);
        self.inner.finish();
        Ok(())
    }
}

impl ser::SerializeMap for MapWriter<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WriteError> {
        self.pending_key = Some(key.serialize(KeyWriter)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        let key = self
            .pending_key
            .take()
            .ok_or_else(|| WriteError("a map value without its key".into()))?;
        self.start_entry(&key);
        self.value(value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeStruct for MapWriter<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.start_entry(key);
        self.value(value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeStructVariant for VariantWriter<'_, MapWriter<'_>> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.inner.start_entry(key);
        self.inner.value(value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.inner.finish();
        Ok(())
    }
}

/// Turns a map key into its text: strings, and numbers or booleans as their text.
struct KeyWriter;

macro_rules! key_display {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<String, WriteError> {
            Ok(v.to_string())
        })*
    };
}

impl ser::Serializer for KeyWriter {
    type Ok = String;
    type Error = WriteError;
    type SerializeSeq = ser::Impossible<String, WriteError>;
    type SerializeTuple = ser::Impossible<String, WriteError>;
    type SerializeTupleStruct = ser::Impossible<String, WriteError>;
    type SerializeTupleVariant = ser::Impossible<String, WriteError>;
    type SerializeMap = ser::Impossible<String, WriteError>;
    type SerializeStruct = ser::Impossible<String, WriteError>;
    type SerializeStructVariant = ser::Impossible<String, WriteError>;

    key_display!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_f32: f32,
        serialize_f64: f64, serialize_char: char);

    fn serialize_str(self, v: &str) -> Result<String, WriteError> {
        Ok(v.to_owned())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String, WriteError> {
        Err(WriteError("a map key must be a string".into()))
    }
    fn serialize_none(self) -> Result<String, WriteError> {
        Err(WriteError("a map key must be a string".into()))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, WriteError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, WriteError> {
        Err(WriteError("a map key must be a string".into()))
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, WriteError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, WriteError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, WriteError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, WriteError> {
        Err(WriteError("a map key must be a string".into()))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, WriteError> {
        Err(WriteError("a map key must be a string".into()))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, WriteError> {
        Err(WriteError("a map key must be a string".into()))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, WriteError> {
        Err(WriteError("a map key must be a string".into()))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, WriteError> {
        Err(WriteError("a map key must be a string".into()))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, WriteError> {
        Err(WriteError("a map key must be a string".into()))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, WriteError> {
        Err(WriteError("a map key must be a string".into()))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, WriteError> {
        Err(WriteError("a map key must be a string".into()))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;

    fn read_back(yaml: &str) -> serde_json::Value {
        serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
    }

    /// Strings chosen to break a YAML writer: every one must read back as itself.
    const TRICKY: &[&str] = &[
        "",
        " ",
        "a ",
        " a",
        "true",
        "True",
        "TRUE",
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "N",
        "null",
        "Null",
        "~",
        "1",
        "-1",
        "+1",
        "1.30",
        "1.30.4",
        "0755",
        "017",
        "0o17",
        "0x1F",
        "0b101",
        "1e3",
        "1E-3",
        ".5",
        "1_000",
        "1:30",
        "2024-01-01",
        "2024-01-01T10:00:00Z",
        ".inf",
        "-.inf",
        ".NaN",
        "<<",
        "=",
        "-",
        "--",
        "---",
        "...",
        "- a",
        "? a",
        ": a",
        "a: b",
        "a:b",
        "a #b",
        "a#b",
        "#a",
        "&a",
        "*a",
        "!a",
        "|",
        ">",
        "'a'",
        "\"a\"",
        "%a",
        "@a",
        "`a`",
        "-n",
        "--dry-run=server",
        "- ",
        "-",
        "--",
        "---x",
        "-1.5",
        "-.5",
        "-x y",
        "32768 60999",
        "2001-12-14 21:59:43.10 -5",
        "[a]",
        "{a}",
        "a,b",
        "a\tb",
        "a\\b",
        "line\nbreak",
        "trailing\n",
        "two\n\n",
        "\nleading",
        "ctl\u{1}x",
        "bidi\u{202e}x",
        "nonchar\u{fffe}\u{ffff}",
        "sep\u{2028}x",
        "block\nsep\u{2028}x",
        "nel\u{85}x",
        "bom\u{feff}x",
        "\u{1f600} emoji",
        "ünïcödé",
        "日本語",
        "30s",
        "2160h",
        "1000Gi",
        "10%",
        "0 9 * * mon-fri",
        "a\"b",
        "a'b",
        "{{workflow.parameters.x}}",
        "C:\\path",
        "key=value:NoSchedule",
        "http://x/y?z=1#f",
        "/subscriptions/0/resourceGroups/rg",
    ];

    #[test]
    fn every_tricky_string_reads_back_as_itself_as_value_key_and_list_item() {
        for s in TRICKY {
            let mut map = BTreeMap::new();
            map.insert(*s, vec![*s]);
            let doc = json!({ "value": s, "nested": { "list": [s], "map": map } });
            let yaml = to_string(&doc).unwrap();
            assert_eq!(read_back(&yaml), doc, "{s:?} written as:\n{yaml}");
        }
    }

    #[test]
    fn what_a_yaml_1_1_reader_would_retype_is_quoted() {
        for s in [
            "true",
            "yes",
            "no",
            "on",
            "y",
            "1.30",
            "0755",
            "1e3",
            "null",
            "1:30",
            "0x1F",
            "2024-01-01",
            "On",
            "NULL",
            "Off",
            "N",
            "a: b",
            "a #b",
            "tab\there",
            "ends:",
        ] {
            assert!(!is_plain_safe(s), "{s}");
        }
        for s in [
            "westeurope",
            "30s",
            "2160h",
            "1000Gi",
            "10%",
            "Standard_E2s_v3",
            "karpenter.azure.com/sku-family",
            "nodes",
            "onion",
            "yesterday",
            "a:b",
            "a#b",
            "https://github.com/org/fleet",
        ] {
            assert!(is_plain_safe(s), "{s}");
        }
    }

    #[test]
    fn writes_kubectl_style_block_yaml() {
        let doc = json!({
            "kind": "NodePool",
            "spec": { "list": [ { "key": "a", "values": ["x", "y"] }, { "key": "b" } ], "empty": {}, "none": [] },
            "nested": [[1, 2], []],
            "text": "kind: A\nmetadata:\n  name: a\n",
            "flag": true,
            "ratio": 1.5,
        });
        assert_eq!(
            to_string(&doc).unwrap(),
            "kind: NodePool\nspec:\n  list:\n  - key: a\n    values:\n    - x\n    - \"y\"\n  - key: b\n  empty: {}\n  none: []\nnested:\n- - 1\n  - 2\n- []\ntext: |\n  kind: A\n  metadata:\n    name: a\nflag: true\nratio: 1.5\n"
        );
    }

    #[test]
    fn long_keys_use_the_explicit_form_and_floats_keep_their_point() {
        let long = "k".repeat(1500);
        let doc =
            json!({ &long: "v", "nested": { &long: { "a": 1 } }, "big": 1e21, "small": 1.5e-7 });
        let yaml = to_string(&doc).unwrap();
        assert!(yaml.contains("? \"kkk"), "{yaml}");
        assert!(
            yaml.contains("big: 1.0e+21\n") && yaml.contains("small: 1.5e-7\n"),
            "{yaml}"
        );
        assert_eq!(read_back(&yaml), doc);
    }

    #[test]
    fn block_chomping_keeps_trailing_newlines() {
        for s in ["a\nb", "a\nb\n", "a\nb\n\n", "a\n\nb\n", "  indented\nb\n"] {
            let doc = json!({ "s": s, "l": [s] });
            let yaml = to_string(&doc).unwrap();
            assert_eq!(read_back(&yaml), doc, "{s:?}:\n{yaml}");
        }
    }
}

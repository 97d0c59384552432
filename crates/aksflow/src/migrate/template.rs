//! `${...}` in KRO template strings: a string that is exactly one `${expr}` is a *standalone*
//! expression and keeps its value's type; otherwise each `${expr}` is interpolated into the
//! string (and must evaluate to a string, as in KRO).

/// One piece of a template string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Literal text.
    Text(String),
    /// The source of one `${...}` expression.
    Expr(String),
}

/// Splits a string into text and `${...}` expressions. Braces inside an expression nest, and
/// braces inside CEL string literals do not count. An unclosed `${` is an error (its byte offset).
pub fn split(text: &str) -> Result<Vec<Segment>, usize> {
    let mut out = Vec::new();
    let mut literal = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' && bytes.get(i + 1) == Some(&b'{') {
            let start = i + 2;
            let end = closing_brace(text, start).ok_or(i)?;
            if !literal.is_empty() {
                out.push(Segment::Text(std::mem::take(&mut literal)));
            }
            out.push(Segment::Expr(text[start..end].to_owned()));
            i = end + 1;
        } else {
            // Push the whole character (text is UTF-8; only ASCII is inspected above).
            let ch_len = text[i..].chars().next().map_or(1, char::len_utf8);
            literal.push_str(&text[i..i + ch_len]);
            i += ch_len;
        }
    }
    if !literal.is_empty() {
        out.push(Segment::Text(literal));
    }
    Ok(out)
}

/// The byte offset of the `}` closing an expression that starts at `start`.
fn closing_brace(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = start;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(q) => {
                if c == b'\\' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                b'"' | b'\'' => quote = Some(c),
                b'{' => depth += 1,
                b'}' if depth == 0 => return Some(i),
                b'}' => depth -= 1,
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// Whether a string holds any `${`.
pub fn has_expression(text: &str) -> bool {
    text.contains("${")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standalone_interpolated_and_nested() {
        assert_eq!(split("${a.b}"), Ok(vec![Segment::Expr("a.b".into())]));
        assert_eq!(
            split("rg-${schema.spec.name}-x"),
            Ok(vec![
                Segment::Text("rg-".into()),
                Segment::Expr("schema.spec.name".into()),
                Segment::Text("-x".into())
            ])
        );
        assert_eq!(
            split("${ {'a': '}'}.a }"),
            Ok(vec![Segment::Expr(" {'a': '}'}.a ".into())])
        );
        assert_eq!(split("plain"), Ok(vec![Segment::Text("plain".into())]));
        assert_eq!(split("x${a"), Err(1));
        assert_eq!(
            split("é${a}"),
            Ok(vec![Segment::Text("é".into()), Segment::Expr("a".into())])
        );
    }
}

//! The `depends` expression of a DAG task: task names, optionally with a result
//! (`a.Succeeded`), joined by `&&`, `||`, `!` and parentheses.

/// The task results a `depends` expression can test.
pub const TASK_RESULTS: &[&str] = &[
    "Succeeded",
    "Failed",
    "Errored",
    "Skipped",
    "Omitted",
    "Daemoned",
    "AnySucceeded",
    "AllFailed",
];

/// Results that test the items of a looping task.
pub const ITEM_RESULTS: &[&str] = &["AnySucceeded", "AllFailed"];

/// One task a `depends` expression refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DependsRef {
    /// The task name.
    pub task: String,
    /// The tested result, if any (`Succeeded`, `AnySucceeded`, ...).
    pub result: Option<String>,
}

#[derive(Debug, PartialEq, Eq)]
enum Token {
    And,
    Or,
    Not,
    Open,
    Close,
    Operand(DependsRef),
}

fn tokenize(expression: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = expression.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                tokens.push(Token::Open);
                i += 1;
            }
            ')' => {
                tokens.push(Token::Close);
                i += 1;
            }
            '!' => {
                tokens.push(Token::Not);
                i += 1;
            }
            '&' | '|' => {
                if chars.get(i + 1) != Some(&c) {
                    return Err(format!("{c:?} at {i} is not an operator (use && or ||)"));
                }
                tokens.push(if c == '&' { Token::And } else { Token::Or });
                i += 2;
            }
            c if c.is_ascii_alphanumeric() => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '-') {
                    i += 1;
                }
                let task: String = chars[start..i].iter().collect();
                let mut result = None;
                if chars.get(i) == Some(&'.') {
                    i += 1;
                    let start = i;
                    while i < chars.len() && chars[i].is_ascii_alphabetic() {
                        i += 1;
                    }
                    let name: String = chars[start..i].iter().collect();
                    if !TASK_RESULTS.contains(&name.as_str()) {
                        return Err(format!(
                            "{task}.{name}: {name:?} is not a task result (one of {})",
                            TASK_RESULTS.join(", ")
                        ));
                    }
                    result = Some(name);
                }
                tokens.push(Token::Operand(DependsRef { task, result }));
            }
            other => return Err(format!("unexpected {other:?} at {i}")),
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: std::vec::IntoIter<Token>,
    peeked: Option<Token>,
    refs: Vec<DependsRef>,
}

impl Parser {
    fn peek(&mut self) -> Option<&Token> {
        if self.peeked.is_none() {
            self.peeked = self.tokens.next();
        }
        self.peeked.as_ref()
    }

    fn next(&mut self) -> Option<Token> {
        self.peeked.take().or_else(|| self.tokens.next())
    }

    /// expression := unary (('&&' | '||') unary)*
    fn expression(&mut self) -> Result<(), String> {
        self.unary()?;
        while matches!(self.peek(), Some(Token::And | Token::Or)) {
            self.next();
            self.unary()?;
        }
        Ok(())
    }

    /// unary := '!' unary | '(' expression ')' | task
    fn unary(&mut self) -> Result<(), String> {
        match self.next() {
            Some(Token::Not) => self.unary(),
            Some(Token::Open) => {
                self.expression()?;
                match self.next() {
                    Some(Token::Close) => Ok(()),
                    _ => Err("unbalanced parentheses".to_owned()),
                }
            }
            Some(Token::Operand(reference)) => {
                self.refs.push(reference);
                Ok(())
            }
            Some(other) => Err(format!("expected a task name, found {other:?}")),
            None => Err("the expression ends where a task name is expected".to_owned()),
        }
    }
}

/// Parses a `depends` expression and returns the tasks it refers to, in order.
pub fn parse_depends(expression: &str) -> Result<Vec<DependsRef>, String> {
    let tokens = tokenize(expression)?;
    if tokens.is_empty() {
        return Err("the expression is empty".to_owned());
    }
    let mut parser = Parser {
        tokens: tokens.into_iter(),
        peeked: None,
        refs: Vec::new(),
    };
    parser.expression()?;
    if let Some(extra) = parser.next() {
        return Err(format!("unexpected {extra:?} after a complete expression"));
    }
    Ok(parser.refs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tasks(expression: &str) -> Vec<String> {
        parse_depends(expression)
            .unwrap()
            .into_iter()
            .map(|r| r.task)
            .collect()
    }

    #[test]
    fn parses_argo_expressions() {
        assert_eq!(tasks("a"), vec!["a"]);
        assert_eq!(
            tasks("(create-cluster.Succeeded || b-2) && !c.Failed"),
            vec!["create-cluster", "b-2", "c"]
        );
        assert_eq!(
            parse_depends("loop.AnySucceeded").unwrap()[0]
                .result
                .as_deref(),
            Some("AnySucceeded")
        );
    }

    #[test]
    fn rejects_malformed_expressions() {
        for bad in [
            "", "a &", "a && ", "(a || b", "a b", "a.Done", "a == b", "a)", "!",
        ] {
            assert!(parse_depends(bad).is_err(), "{bad:?} parsed");
        }
    }
}

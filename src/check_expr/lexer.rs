//! The tokenizer of CHECK expressions: the text cut into identifiers, strings, numbers, operators
//! and punctuation, each with its byte span so that an opaque part can be quoted from the source.
//! It never panics: what it does not model becomes `Tok::Unknown`, which the parser rejects.

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    Ident(String),
    QIdent(String),
    Str(String),
    Num(String),
    Op(String),
    Cast,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    /// Something not modelled (`$1`, `;`, an E'' string with `\x41`, ...): the parser rejects it.
    Unknown,
}

#[derive(Clone, Debug)]
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) start: usize,
    pub(super) end: usize,
}

const OP_CHARS: &str = "+-*/<>=~!@#%^&|`?";

/// Splits `src` into tokens with byte spans. Unterminated quotes and comments fail unless `lenient`
/// (used by the best-effort column scan), which never fails.
pub(super) fn tokenize(src: &str, lenient: bool) -> Option<Vec<Token>> {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let ch = |i: usize| chars.get(i).map_or('\0', |&(_, c)| c);
    let off = |i: usize| chars.get(i).map_or(src.len(), |&(o, _)| o);
    let slice = |a: usize, b: usize| src.get(off(a)..off(b)).unwrap_or("").to_string();
    let skip = |mut i: usize, f: fn(char) -> bool| {
        while i < chars.len() && f(ch(i)) {
            i += 1;
        }
        i
    };
    let (mut toks, mut i) = (Vec::new(), 0);
    while i < chars.len() {
        let (start, c) = (i, ch(i));
        let tok = if c.is_whitespace() {
            i += 1;
            continue;
        } else if c == '\'' || c == '"' || matches!(c, 'E' | 'e') && ch(i + 1) == '\'' {
            let escapes = matches!(c, 'E' | 'e');
            let (text, next, closed, ok) = read_quoted(&chars, i + usize::from(escapes), escapes);
            i = next;
            if !closed && !lenient {
                return None;
            }
            match c {
                '"' => Tok::QIdent(text),
                _ if ok || lenient => Tok::Str(text),
                _ => Tok::Unknown,
            }
        } else if c == '_' || c.is_alphabetic() || !c.is_ascii() {
            i = skip(i, |c| c == '_' || c == '$' || c.is_alphanumeric() || !c.is_ascii());
            Tok::Ident(slice(start, i))
        } else if c.is_ascii_digit() || c == '.' && ch(i + 1).is_ascii_digit() {
            i = skip(i, |c| c.is_ascii_digit());
            if ch(i) == '.' {
                i = skip(i + 1, |c| c.is_ascii_digit());
            }
            let exponent = i + 1 + usize::from(matches!(ch(i + 1), '+' | '-'));
            if matches!(ch(i), 'e' | 'E') && ch(exponent).is_ascii_digit() {
                i = skip(exponent, |c| c.is_ascii_digit());
            }
            Tok::Num(slice(start, i))
        } else if OP_CHARS.contains(c) {
            i = skip(i, |c| OP_CHARS.contains(c));
            let mut op = slice(start, i);
            if !lenient && (op.contains("--") || op.contains("/*")) {
                return None;
            }
            // As in PostgreSQL, a multi-char operator ends in + or - only if it has one of these.
            while op.len() > 1 && op.ends_with(['+', '-']) && !op.contains(|c| "~!@#%^&|`?".contains(c)) {
                op.pop();
                i -= 1;
            }
            Tok::Op(op)
        } else {
            i += 1;
            match c {
                '(' => Tok::LParen,
                ')' => Tok::RParen,
                '[' => Tok::LBracket,
                ']' => Tok::RBracket,
                ',' => Tok::Comma,
                '.' => Tok::Dot,
                ':' if ch(i) == ':' => {
                    i += 1;
                    Tok::Cast
                }
                _ => Tok::Unknown,
            }
        };
        toks.push(Token { tok, start: off(start), end: off(i) });
    }
    Some(qualified_operators(toks))
}

/// `OPERATOR(public.~)` — how PostgreSQL prints an operator of an extension (citext's `~`) when
/// its schema is not on the search path — as the operator itself.
fn qualified_operators(toks: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let is_keyword = matches!(&toks[i].tok, Tok::Ident(w) if w.eq_ignore_ascii_case("OPERATOR"));
        if is_keyword && matches!(toks.get(i + 1).map(|t| &t.tok), Some(Tok::LParen)) {
            let mut j = i + 2;
            while matches!(toks.get(j).map(|t| &t.tok), Some(Tok::Ident(_) | Tok::QIdent(_)))
                && matches!(toks.get(j + 1).map(|t| &t.tok), Some(Tok::Dot))
            {
                j += 2;
            }
            if let (Some(Tok::Op(op)), Some(Tok::RParen)) =
                (toks.get(j).map(|t| &t.tok), toks.get(j + 1).map(|t| &t.tok))
            {
                out.push(Token { tok: Tok::Op(op.clone()), start: toks[i].start, end: toks[j + 1].end });
                i = j + 2;
                continue;
            }
        }
        out.push(toks[i].clone());
        i += 1;
    }
    out
}

/// Reads the run quoted by the character at `i` (a doubled quote stands for one), handling E''
/// backslash escapes when `escapes`. Returns (content, next index, closed, escapes understood).
fn read_quoted(chars: &[(usize, char)], mut i: usize, escapes: bool) -> (String, usize, bool, bool) {
    let ch = |i: usize| chars.get(i).map_or('\0', |&(_, c)| c);
    let (quote, mut text, mut ok) = (ch(i), String::new(), true);
    i += 1;
    while i < chars.len() {
        let (c, next) = (ch(i), ch(i + 1));
        if c == quote && next != quote {
            return (text, i + 1, true, ok);
        }
        if c != quote && !(escapes && c == '\\') {
            text.push(c);
            i += 1;
            continue;
        }
        // A doubled quote or a backslash escape: two characters.
        match (c == quote, next) {
            (true, _) => text.push(quote),
            (false, 'n') => text.push('\n'),
            (false, 't') => text.push('\t'),
            (false, 'r') => text.push('\r'),
            (false, '\\' | '\'' | '"') => text.push(next),
            _ => ok = false,
        }
        i += 2;
    }
    (text, i.min(chars.len()), false, ok)
}

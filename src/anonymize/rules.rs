//! The rules document of `synth_anonymize`: one rule per column.
//!
//! ```text
//! rules := { "<column>": rule, … }
//! rule  := "<name>"                         -- the rule without argument: "keep", "null", "pseudonymize"
//!        | { "<name>": argument, "<option>": value, … }
//! ```
//!
//! | rule | argument | options | column types | result |
//! |---|---|---|---|---|
//! | `keep` | — | | any | unchanged |
//! | `null` | — | | nullable | NULL |
//! | `value` | a JSON scalar | | any | that constant (cast to the column's type) |
//! | `pseudonymize` | kind, or none: by category and type | `locale` | text, integers, uuid, inet | `synth_pseudonymize_<kind>`: the same value and `synthdata.secret` give the same pseudonym |
//! | `fake` | kind | `locale` | text (uuid: `uuid`, inet: `ip`) | `synth_fake_<kind>()`, random |
//! | `mask` | `email`, `digits`, `partial` | `keep_last`, `pad`; `keep_prefix`, `pad`, `keep_suffix` | text | `synth_mask_<mask>` |
//! | `generalize` | a precision (dates), a positive step (numbers), `postcode` (text) | `keep_prefix` | dates, numbers, text | start of the period, lower bound of the step, `synth_generalize_postcode` |
//! | `noise` | a ratio (numbers) or an interval (dates) | | numbers, dates | `synth_noise`, `synth_noise_date`, random |
//!
//! Pseudonym kinds: `name`, `first_name`, `last_name`, `email`, `phone`, `address`, `city`,
//! `company` (a persona's, not one to one); `digits`, `code`, `iban`, `credit_card`
//! (format-preserving bijections: length and shape kept, distinct values stay distinct; `digits`
//! is the only kind for integers, where it keeps the sign and the number of digits); `hash` (the
//! HMAC as hex); `uuid` (a uuid from the HMAC); `ip` (an IPv4 address from the HMAC).
//!
//! A NULL stays NULL under every rule. Text results longer than a `varchar(n)` or `char(n)` are
//! cut to `n` characters (the format-preserving kinds keep the length and are never cut).

use serde_json::Value;

use super::{literal, ColType, Column};
use crate::error::{Code, Result, SynthError};
use crate::mask;
use crate::semantic::Locale;

/// The kinds of keyed pseudonym.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Name,
    FirstName,
    LastName,
    Email,
    Phone,
    Address,
    City,
    Company,
    Digits,
    Code,
    Iban,
    CreditCard,
    Hash,
    Uuid,
    Ip,
}

const KINDS: &[(&str, Kind)] = &[
    ("name", Kind::Name),
    ("first_name", Kind::FirstName),
    ("last_name", Kind::LastName),
    ("email", Kind::Email),
    ("phone", Kind::Phone),
    ("address", Kind::Address),
    ("city", Kind::City),
    ("company", Kind::Company),
    ("digits", Kind::Digits),
    ("code", Kind::Code),
    ("iban", Kind::Iban),
    ("credit_card", Kind::CreditCard),
    ("hash", Kind::Hash),
    ("uuid", Kind::Uuid),
    ("ip", Kind::Ip),
];

impl Kind {
    pub fn name(self) -> &'static str {
        KINDS.iter().find(|(_, k)| *k == self).map_or("?", |(n, _)| n)
    }

    /// A persona's value: these take a locale.
    fn persona(self) -> bool {
        matches!(
            self,
            Kind::Name
                | Kind::FirstName
                | Kind::LastName
                | Kind::Email
                | Kind::Phone
                | Kind::Address
                | Kind::City
                | Kind::Company
        )
    }

    /// A bijection of the value's own domain that keeps its length: distinct values stay
    /// distinct, and the pseudonyms are values the column could already hold.
    pub fn format_preserving(self) -> bool {
        matches!(self, Kind::Digits | Kind::Code | Kind::Iban | Kind::CreditCard)
    }

    fn applies_to(self, ty: ColType) -> bool {
        match ty {
            ColType::Text => true,
            ColType::Int { .. } => self == Kind::Digits,
            ColType::Uuid => self == Kind::Uuid,
            ColType::Inet => self == Kind::Ip,
            _ => false,
        }
    }
}

/// The random fakers, with whether they take a locale.
const FAKES: &[(&str, bool)] = &[
    ("first_name", true),
    ("last_name", true),
    ("name", true),
    ("email", true),
    ("phone", true),
    ("address", true),
    ("city", true),
    ("postcode", true),
    ("country", true),
    ("company", true),
    ("iban", true),
    ("lorem", true),
    ("credit_card", false),
    ("ip", false),
    ("uuid", false),
];

#[derive(Clone, Debug, PartialEq)]
pub enum Mask {
    Email,
    Digits { keep_last: i64, mask: String },
    Partial { keep_prefix: i64, pad: String, keep_suffix: i64 },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Generalize {
    /// `day` … `decade`, as `date_trunc` spells it.
    Date(&'static str),
    Step(f64),
    Postcode(i64),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Noise {
    Ratio(f64),
    /// An interval, as SQL writes it (checked by PostgreSQL).
    Shift(String),
}

/// One column's rule.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    Keep,
    Null,
    Value(String),
    Pseudonymize { kind: Option<Kind>, locale: Option<Locale> },
    Fake { kind: &'static str, locale: Option<Locale> },
    Mask(Mask),
    Generalize(Generalize),
    Noise(Noise),
}

const RULES: &[&str] = &["keep", "null", "value", "pseudonymize", "fake", "mask", "generalize", "noise"];

const FORMS: &str = "A rule is a name (\"keep\", \"null\", \"pseudonymize\") or an object with one rule name and its options, for example {\"pseudonymize\": \"email\"}, {\"fake\": \"last_name\", \"locale\": \"de\"}, {\"mask\": \"digits\", \"keep_last\": 2}, {\"generalize\": \"month\"}, {\"noise\": 0.1}, {\"value\": \"n/a\"}. The README lists every rule.";

fn bad(column: &str, message: impl AsRef<str>) -> SynthError {
    SynthError::invalid(format!("rule for column \"{column}\": {}", message.as_ref())).hint(FORMS)
}

fn options_of(rule: &str) -> &'static [&'static str] {
    match rule {
        "pseudonymize" | "fake" => &["locale"],
        "mask" => &["keep_last", "keep_prefix", "pad", "keep_suffix"],
        "generalize" => &["keep_prefix"],
        _ => &[],
    }
}

/// The rules of a document, in the document's order: `doc` must be an object of column → rule.
pub fn parse_rules(doc: &Value) -> Result<Vec<(String, Rule)>> {
    let Value::Object(map) = doc else {
        return Err(SynthError::invalid("rules must be a JSON object mapping column names to rules")
            .hint("For example '{\"email\": \"pseudonymize\", \"notes\": \"null\"}'."));
    };
    map.iter().map(|(column, v)| Ok((column.clone(), parse_rule(column, v)?))).collect()
}

/// One rule, checked for its form (not yet against the column: see [`check`]).
pub fn parse_rule(column: &str, v: &Value) -> Result<Rule> {
    let (name, arg, options) = match v {
        Value::String(name) => (name.as_str(), &Value::Null, serde_json::Map::new()),
        Value::Object(map) => {
            let names: Vec<&String> = map.keys().filter(|k| RULES.contains(&k.as_str())).collect();
            let name = match names.as_slice() {
                [one] => one.as_str(),
                [] => {
                    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                    return Err(bad(column, format!("no rule name among the keys {keys:?}")));
                }
                _ => return Err(bad(column, format!("more than one rule name: {names:?}"))),
            };
            let mut options = map.clone();
            let arg = map.get(name).unwrap_or(&Value::Null);
            options.remove(name);
            for key in options.keys() {
                if !options_of(name).contains(&key.as_str()) {
                    return Err(bad(column, format!("\"{name}\" has no option \"{key}\"")));
                }
            }
            (name, arg, options)
        }
        _ => return Err(bad(column, format!("{v} is neither a rule name nor an object"))),
    };
    let locale = || -> Result<Option<Locale>> {
        match options.get("locale") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Locale::parse(s)
                .map(Some)
                .ok_or_else(|| bad(column, format!("locale \"{s}\" is not supported (en, de, fr)"))),
            Some(other) => Err(bad(column, format!("locale must be a string, not {other}"))),
        }
    };
    let int_option = |key: &str, default: i64| -> Result<i64> {
        match options.get(key) {
            None => Ok(default),
            Some(v) => v
                .as_i64()
                .filter(|n| *n >= 0 && *n <= i64::from(i32::MAX))
                .ok_or_else(|| bad(column, format!("{key} must be a non-negative integer, not {v}"))),
        }
    };
    let text_option = |key: &str, default: &str| -> Result<String> {
        match options.get(key) {
            None => Ok(default.to_string()),
            Some(Value::String(s)) if !s.contains('\0') => Ok(s.clone()),
            Some(v) => Err(bad(column, format!("{key} must be a string, not {v}"))),
        }
    };
    match name {
        "keep" | "null" if !arg.is_null() => Err(bad(column, format!("\"{name}\" takes no argument"))),
        "keep" => Ok(Rule::Keep),
        "null" => Ok(Rule::Null),
        "value" => match arg {
            Value::Null => Err(bad(column, "\"value\" needs a value (use \"null\" for NULL)")),
            Value::String(s) if s.contains('\0') => Err(bad(column, "the value contains a NUL character")),
            Value::String(s) => Ok(Rule::Value(s.clone())),
            other => Ok(Rule::Value(other.to_string())),
        },
        "pseudonymize" => {
            let kind = match arg {
                Value::Null => None,
                Value::String(s) => Some(KINDS.iter().find(|(n, _)| n == s).map(|(_, k)| *k).ok_or_else(|| {
                    let names: Vec<&str> = KINDS.iter().map(|(n, _)| *n).collect();
                    bad(column, format!("unknown pseudonym kind \"{s}\"; the kinds are {}", names.join(", ")))
                })?),
                other => return Err(bad(column, format!("the pseudonym kind must be a string, not {other}"))),
            };
            Ok(Rule::Pseudonymize { kind, locale: locale()? })
        }
        "fake" => {
            let Value::String(s) = arg else {
                return Err(bad(column, "\"fake\" needs a kind, for example {\"fake\": \"last_name\"}"));
            };
            let (kind, takes_locale) = FAKES.iter().find(|(n, _)| n == s).copied().ok_or_else(|| {
                let names: Vec<&str> = FAKES.iter().map(|(n, _)| *n).collect();
                bad(column, format!("unknown fake kind \"{s}\"; the kinds are {}", names.join(", ")))
            })?;
            let locale = locale()?;
            if locale.is_some() && !takes_locale {
                return Err(bad(column, format!("fake \"{kind}\" takes no locale")));
            }
            Ok(Rule::Fake { kind, locale })
        }
        "mask" => {
            let mask = match arg.as_str() {
                Some("email") => Mask::Email,
                Some("digits") => {
                    Mask::Digits { keep_last: int_option("keep_last", 0)?, mask: text_option("pad", "X")? }
                }
                Some("partial") => Mask::Partial {
                    keep_prefix: int_option("keep_prefix", 1)?,
                    pad: text_option("pad", "***")?,
                    keep_suffix: int_option("keep_suffix", 0)?,
                },
                _ => return Err(bad(column, format!("unknown mask {arg}; the masks are email, digits, partial"))),
            };
            let allowed: &[&str] = match mask {
                Mask::Email => &[],
                Mask::Digits { .. } => &["keep_last", "pad"],
                Mask::Partial { .. } => &["keep_prefix", "pad", "keep_suffix"],
            };
            if let Some(k) = options.keys().find(|k| !allowed.contains(&k.as_str())) {
                return Err(bad(column, format!("mask {arg} has no option \"{k}\"")));
            }
            Ok(Rule::Mask(mask))
        }
        "generalize" => {
            let g = match arg {
                Value::String(s) if s == "postcode" => Generalize::Postcode(int_option("keep_prefix", 2)?),
                Value::String(s) => Generalize::Date(mask::date_precision(s).map_err(|e| bad(column, e.message))?),
                Value::Number(n) => match n.as_f64() {
                    Some(step) if step > 0.0 && step.is_finite() => Generalize::Step(step),
                    _ => return Err(bad(column, format!("the step must be positive, not {n}"))),
                },
                other => {
                    return Err(bad(
                        column,
                        format!("\"generalize\" needs a precision, a step or \"postcode\", not {other}"),
                    ))
                }
            };
            if options.contains_key("keep_prefix") && !matches!(g, Generalize::Postcode(_)) {
                return Err(bad(column, "\"keep_prefix\" belongs to {\"generalize\": \"postcode\"}"));
            }
            Ok(Rule::Generalize(g))
        }
        "noise" => match arg {
            Value::Number(n) => match n.as_f64() {
                Some(r) if r >= 0.0 && r.is_finite() => Ok(Rule::Noise(Noise::Ratio(r))),
                _ => Err(bad(column, format!("the noise ratio must be a non-negative number, not {n}"))),
            },
            Value::String(s) if !s.contains('\0') && !s.trim().is_empty() => Ok(Rule::Noise(Noise::Shift(s.clone()))),
            other => Err(bad(column, format!("\"noise\" needs a ratio (numbers) or an interval (dates), not {other}"))),
        },
        other => Err(bad(column, format!("unknown rule \"{other}\"; the rules are {}", RULES.join(", ")))),
    }
}

fn type_error(column: &Column, rule: &str) -> SynthError {
    SynthError::new(
        Code::DatatypeMismatch,
        format!("rule \"{rule}\" does not apply to column \"{}\" of type {}", column.name, column.sql_type),
    )
    .hint(match column.ty {
        ColType::Text => "Text columns take pseudonymize, fake, mask, generalize \"postcode\", value, null or keep.",
        ColType::Int { .. } => "Integer columns take {\"pseudonymize\": \"digits\"}, generalize (a step), noise (a ratio), value, null or keep.",
        ColType::Numeric | ColType::Float => "Numeric columns take generalize (a step), noise (a ratio), value, null or keep.",
        ColType::Date | ColType::Timestamp | ColType::TimestampTz => "Date columns take generalize (a precision: day, week, month, quarter, year, decade), noise (an interval), value, null or keep.",
        ColType::Uuid => "uuid columns take {\"pseudonymize\": \"uuid\"}, {\"fake\": \"uuid\"}, value, null or keep.",
        ColType::Inet => "inet columns take {\"pseudonymize\": \"ip\"}, {\"fake\": \"ip\"}, value, null or keep.",
        ColType::Other => "Columns of this type take value, null or keep.",
    })
}

/// The kind of a pseudonym for `column`: `kind` if given (checked against the type), else the
/// one its category suggests, else the one its type takes (`code` for text).
pub fn resolve_kind(column: &Column, kind: Option<Kind>) -> Result<Kind> {
    if let Some(k) = kind {
        if k.applies_to(column.ty) {
            return Ok(k);
        }
        return Err(type_error(column, &format!("pseudonymize {}", k.name())));
    }
    let by_category = match column.category.as_deref() {
        Some("name") => Some(Kind::Name),
        Some("first_name") => Some(Kind::FirstName),
        Some("last_name") => Some(Kind::LastName),
        Some("email") => Some(Kind::Email),
        Some("phone") => Some(Kind::Phone),
        Some("address") => Some(Kind::Address),
        Some("city") => Some(Kind::City),
        Some("iban") => Some(Kind::Iban),
        Some("credit_card") => Some(Kind::CreditCard),
        Some("ip_address") => Some(Kind::Ip),
        _ => None,
    };
    if let Some(k) = by_category.filter(|k| k.applies_to(column.ty)) {
        return Ok(k);
    }
    match column.ty {
        ColType::Text => Ok(Kind::Code),
        ColType::Int { .. } => Ok(Kind::Digits),
        ColType::Uuid => Ok(Kind::Uuid),
        ColType::Inet => Ok(Kind::Ip),
        _ => Err(type_error(column, "pseudonymize")),
    }
}

/// The rule of a sensitive column without a stored rule: a keyed pseudonym where the type
/// allows one (the kind from the category), dates to the month, ages to steps of 5, other
/// numbers 10 % noise; NULL for anything else, which must then be nullable.
pub fn default_rule(column: &Column) -> Result<Rule> {
    let pseudonymize = Rule::Pseudonymize { kind: None, locale: None };
    Ok(match (column.ty, column.category.as_deref()) {
        (ColType::Int { .. }, Some("age")) => Rule::Generalize(Generalize::Step(5.0)),
        (ColType::Text | ColType::Int { .. } | ColType::Uuid | ColType::Inet, _) => pseudonymize,
        (ColType::Date | ColType::Timestamp | ColType::TimestampTz, _) => Rule::Generalize(Generalize::Date("month")),
        (ColType::Numeric | ColType::Float, _) => Rule::Noise(Noise::Ratio(0.1)),
        _ if !column.not_null => Rule::Null,
        _ => {
            return Err(SynthError::new(
                Code::FeatureNotSupported,
                format!(
                    "sensitive column \"{}\" of type {} has no stored rule and no default",
                    column.name, column.sql_type
                ),
            )
            .hint("Store a rule for it in synthdata.sensitivity.rule, or pass rules => '{…}'."))
        }
    })
}

/// Checks that `rule` applies to `column` (its type, NOT NULL, generated columns).
pub fn check(rule: &Rule, column: &Column) -> Result<()> {
    if *rule == Rule::Keep {
        return Ok(());
    }
    if column.generated {
        return Err(SynthError::new(
            Code::FeatureNotSupported,
            format!("column \"{}\" is a generated column and cannot be rewritten", column.name),
        )
        .hint("Anonymize the columns it is computed from; it follows them."));
    }
    if column.identity_always {
        return Err(SynthError::new(
            Code::FeatureNotSupported,
            format!("column \"{}\" is an identity column GENERATED ALWAYS, which UPDATE cannot set", column.name),
        )
        .hint("ALTER TABLE … ALTER COLUMN … SET GENERATED BY DEFAULT first, or keep the column."));
    }
    let ty = column.ty;
    let ok = match rule {
        Rule::Keep | Rule::Value(_) => true,
        Rule::Null => {
            if column.not_null {
                return Err(SynthError::invalid(format!(
                    "rule \"null\" for column \"{}\", which is NOT NULL",
                    column.name
                ))
                .hint("Use a pseudonym, a fake or a constant value for NOT NULL columns."));
            }
            true
        }
        Rule::Pseudonymize { kind, .. } => {
            resolve_kind(column, *kind)?;
            true
        }
        Rule::Fake { kind, .. } => match ty {
            ColType::Text => true,
            ColType::Uuid => *kind == "uuid",
            ColType::Inet => *kind == "ip",
            _ => false,
        },
        Rule::Mask(_) => ty == ColType::Text,
        Rule::Generalize(Generalize::Date(_)) => ty.is_date(),
        Rule::Generalize(Generalize::Step(step)) => match ty {
            ColType::Int { .. } => {
                if step.fract() != 0.0 || *step > 9.2e18 {
                    return Err(SynthError::invalid(format!(
                        "rule for column \"{}\": an integer column needs an integer step, not {step}",
                        column.name
                    )));
                }
                true
            }
            _ => ty.is_number(),
        },
        Rule::Generalize(Generalize::Postcode(_)) => ty == ColType::Text,
        Rule::Noise(Noise::Ratio(_)) => ty.is_number(),
        Rule::Noise(Noise::Shift(_)) => ty.is_date(),
    };
    if ok {
        Ok(())
    } else {
        Err(type_error(column, rule_name(rule)))
    }
}

pub fn rule_name(rule: &Rule) -> &'static str {
    match rule {
        Rule::Keep => "keep",
        Rule::Null => "null",
        Rule::Value(_) => "value",
        Rule::Pseudonymize { .. } => "pseudonymize",
        Rule::Fake { .. } => "fake",
        Rule::Mask(_) => "mask",
        Rule::Generalize(_) => "generalize",
        Rule::Noise(_) => "noise",
    }
}

/// `expr` cut to the column's length limit (`varchar(n)`, `char(n)`), for text results.
fn fit(column: &Column, expr: String) -> String {
    match column.max_chars {
        Some(n) => format!("left({expr}, {n})"),
        None => expr,
    }
}

fn locale_arg(locale: Option<Locale>) -> String {
    locale.map_or_else(|| "NULL".to_string(), |l| literal(l.code()))
}

/// The keyed pseudonym of `x` (an expression of `column`'s type), in the column's type: the
/// mapping of a key and of every column that references it.
pub fn pseudonym_sql(ext: &str, column: &Column, kind: Kind, locale: Option<Locale>, x: &str) -> String {
    let hash = format!("{ext}.synth_hash(({x})::text)");
    let out = match kind {
        Kind::Digits if matches!(column.ty, ColType::Int { .. }) => {
            return format!("{ext}.synth_pseudonymize_int({x})");
        }
        Kind::Uuid => format!("left({hash}, 32)::uuid"),
        Kind::Ip => {
            let ip = format!("('0.0.0.0'::inet + ('x' || left({hash}, 8))::bit(32)::int8)");
            if column.ty == ColType::Inet {
                ip
            } else {
                format!("host({ip})")
            }
        }
        Kind::Hash => hash,
        k if k.persona() => {
            format!("{ext}.synth_pseudonymize_{}(({x})::text, NULL, {})", k.name(), locale_arg(locale))
        }
        k => format!("{ext}.synth_pseudonymize_{}(({x})::text)", k.name()),
    };
    let out = if column.ty == ColType::Text && !kind.format_preserving() { fit(column, out) } else { out };
    format!("({out})::{}", column.sql_type)
}

/// The SQL expression that rewrites `x` (the column's value) under `rule`; `None` for `keep`.
/// `ext` is the extension's schema, quoted. The rule has passed [`check`].
pub fn rule_sql(ext: &str, column: &Column, rule: &Rule, x: &str) -> Option<String> {
    let t = &column.sql_type;
    let keep_null = |e: String| format!("CASE WHEN {x} IS NULL THEN NULL ELSE ({e})::{t} END");
    Some(match rule {
        Rule::Keep => return None,
        Rule::Null => format!("NULL::{t}"),
        Rule::Value(v) => keep_null(literal(v)),
        Rule::Pseudonymize { kind, locale } => {
            let kind = resolve_kind(column, *kind).unwrap_or(Kind::Code);
            pseudonym_sql(ext, column, kind, *locale, x)
        }
        Rule::Fake { kind, locale } => {
            let takes_locale = FAKES.iter().any(|(n, l)| n == kind && *l);
            let call = match (*kind, takes_locale) {
                ("lorem", _) => format!("{ext}.synth_fake_lorem(5, {})", locale_arg(*locale)),
                (k, true) => format!("{ext}.synth_fake_{k}({})", locale_arg(*locale)),
                (k, false) => format!("{ext}.synth_fake_{k}()"),
            };
            let call = match column.ty {
                ColType::Inet => format!("{call}::inet"),
                ColType::Text => fit(column, call),
                _ => call,
            };
            keep_null(call)
        }
        Rule::Mask(m) => {
            let call = match m {
                Mask::Email => format!("{ext}.synth_mask_email(({x})::text)"),
                Mask::Digits { keep_last, mask } => {
                    format!("{ext}.synth_mask_digits(({x})::text, {keep_last}, {})", literal(mask))
                }
                Mask::Partial { keep_prefix, pad, keep_suffix } => {
                    format!("{ext}.synth_mask_partial(({x})::text, {keep_prefix}, {}, {keep_suffix})", literal(pad))
                }
            };
            format!("({})::{t}", fit(column, call))
        }
        Rule::Generalize(g) => match (g, column.ty) {
            (Generalize::Date(unit), ColType::Timestamp) => format!("date_trunc({}, {x})", literal(unit)),
            (Generalize::Date(unit), _) => format!("({ext}.synth_generalize_date({x}, {}))::{t}", literal(unit)),
            (Generalize::Step(step), ColType::Int { .. }) => {
                format!("(lower({ext}.synth_generalize_int(({x})::int8, {})))::{t}", *step as i64)
            }
            (Generalize::Step(step), _) => format!("(floor(({x}) / {step}) * {step})::{t}"),
            (Generalize::Postcode(keep), _) => {
                format!("({})::{t}", fit(column, format!("{ext}.synth_generalize_postcode(({x})::text, {keep})")))
            }
        },
        Rule::Noise(n) => match (n, column.ty) {
            (Noise::Ratio(r), ColType::Int { .. }) => format!("round({ext}.synth_noise(({x})::float8, {r}))::{t}"),
            (Noise::Ratio(r), ColType::Numeric) => format!("({ext}.synth_noise(({x})::numeric, {r}))::{t}"),
            (Noise::Ratio(r), _) => format!("({ext}.synth_noise(({x})::float8, {r}))::{t}"),
            (Noise::Shift(i), ColType::Date) => format!("{ext}.synth_noise_date({x}, {}::interval)", literal(i)),
            (Noise::Shift(i), _) => {
                format!("({ext}.synth_noise_date(({x})::timestamptz, {}::interval))::{t}", literal(i))
            }
        },
    })
}

/// The error for a stored or given rule that cannot be used, naming the table and column.
pub fn in_column(e: SynthError, table: &str, column: &str) -> SynthError {
    if e.message.contains(&format!("\"{column}\"")) {
        SynthError { message: format!("{} (table {table})", e.message), ..e }
    } else {
        SynthError { message: format!("column \"{column}\" of {table}: {}", e.message), ..e }
    }
}

//! What `synth_anonymize` rewrites, pass by pass, and the SQL of each batch.
//!
//! **Plain pass.** Every rule of the table but the pseudonymized keys, in batches of rows read by
//! a cursor (`tableoid`, `ctid`): the new values are computed once per row in a materialized CTE
//! (random rules draw once), only rows whose values change are updated, and the batch reports how
//! many rows change, counting those whose key pseudonym will differ from the key.
//!
//! **Key passes.** A pseudonymized column that is unique or referenced by foreign keys is a *key*.
//! Its *members* are the key and every column that references it through foreign keys with
//! `ON UPDATE NO ACTION` or `RESTRICT`, transitively (a referencing column that is itself
//! referenced brings its own referencing columns). They all take the same mapping, value by value:
//! a batch is a set of key values, and one statement rewrites, with one data-modifying CTE per
//! table, every member column holding one of them; foreign keys are checked at the end of the
//! statement, when both sides agree again. `ON UPDATE CASCADE` references are left to PostgreSQL,
//! which cascades the key's new value; `SET NULL` and `SET DEFAULT` would lose the reference and
//! are refused.
//!
//! Unique indexes that cannot be deferred are checked row by row: when the pseudonym is a bijection
//! of the key's own domain (`digits`, `code`, `iban`, `credit_card`), a key rewritten in place
//! could meet the value of a row not yet rewritten. Such keys move twice: first to a temporary
//! value guaranteed disjoint from every old and new value, then to the pseudonym. Integers are
//! shifted past the range that old and new values can occupy (new values keep the number of
//! digits, so the range is known before any is computed); text moves its first character
//! into Unicode's private-use plane 15 (U+F0000 + the code point), which keeps the length. Other
//! pseudonyms (names, e-mails, hashes, uuids) land outside the old values but for negligible
//! chance, and move once.

use super::rules::{self, Kind, Rule};
use super::{ident, Catalog, ColType, Column, OnUpdate};
use crate::error::{Code, Result, SynthError};
use crate::semantic::Locale;

/// A column that takes a key's mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub table: usize,
    pub column: String,
}

/// A pseudonymized key and the columns that follow it.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyPlan {
    pub column: String,
    pub kind: Kind,
    pub locale: Option<Locale>,
    /// The key first, then the referencing columns in the order they were reached.
    pub members: Vec<Member>,
    /// Through a temporary value (format-preserving pseudonyms).
    pub two_phase: bool,
    /// Foreign keys that PostgreSQL cascades itself (`ON UPDATE CASCADE`).
    pub cascades: Vec<String>,
}

/// Everything one call rewrites.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Rules of the plain pass, by column of the table.
    pub plain: Vec<(String, Rule)>,
    pub keys: Vec<KeyPlan>,
}

impl Plan {
    /// Whether any rule needs the secret key.
    pub fn needs_secret(&self) -> bool {
        !self.keys.is_empty() || self.plain.iter().any(|(_, r)| matches!(r, Rule::Pseudonymize { .. }))
    }

    pub fn is_empty(&self) -> bool {
        self.plain.is_empty() && self.keys.is_empty()
    }
}

fn unsupported(message: String, hint: &str) -> SynthError {
    SynthError::new(Code::FeatureNotSupported, message).hint(hint.to_string())
}

/// Checks `rules` against the catalog and splits them into the plain pass and the key passes.
pub fn plan(catalog: &Catalog, rules: Vec<(String, Rule)>) -> Result<Plan> {
    let root = catalog.root();
    let mut plain = Vec::new();
    let mut keys: Vec<KeyPlan> = Vec::new();
    for (name, rule) in &rules {
        let column = root.column(name).ok_or_else(|| {
            let names: Vec<&str> = root.columns.iter().map(|c| c.name.as_str()).collect();
            SynthError::new(
                Code::UndefinedColumn,
                format!("column \"{name}\" of relation {} does not exist", root.name),
            )
            .hint(format!(
                "The rules name columns as they are stored; {} has {}.",
                root.name,
                names.join(", ")
            ))
        })?;
        rules::check(rule, column).map_err(|e| rules::in_column(e, &root.name, name))?;
        if *rule == Rule::Keep {
            continue;
        }
        let referenced: Vec<_> =
            catalog.foreign_keys.iter().filter(|fk| fk.parent == 0 && fk.parent_columns.contains(name)).collect();
        match rule {
            Rule::Pseudonymize { kind, locale } if column.unique || !referenced.is_empty() => {
                let kind = rules::resolve_kind(column, *kind)?;
                keys.push(key_plan(catalog, column, kind, *locale)?);
            }
            _ => {
                if let Some(fk) = referenced.first() {
                    return Err(unsupported(
                        format!(
                            "column \"{name}\" of {} is referenced by foreign key \"{}\" of {}; rule \"{}\" would break the reference",
                            root.name,
                            fk.name,
                            catalog.tables[fk.child].name,
                            rules::rule_name(rule)
                        ),
                        "Only \"pseudonymize\" rewrites a referenced key: its referencing columns take the same pseudonyms, so joins still match.",
                    ));
                }
                plain.push((name.clone(), rule.clone()));
            }
        }
    }
    // A member column takes its key's mapping and nothing else.
    for (i, k) in keys.iter().enumerate() {
        for m in &k.members[1..] {
            if m.table == 0 && rules.iter().any(|(n, r)| *n == m.column && *r != Rule::Keep) {
                return Err(SynthError::invalid(format!(
                    "column \"{}\" of {} references \"{}\" and takes its pseudonyms; it cannot have a rule of its own",
                    m.column, root.name, k.column
                ))
                .hint(format!("Remove the rule for \"{}\" (or make it \"keep\").", m.column)));
            }
            if let Some(other) = keys[i + 1..].iter().find(|o| o.members.contains(m)) {
                return Err(unsupported(
                    format!(
                        "column \"{}\" of {} references both \"{}\" and \"{}\", which would give it two pseudonyms",
                        m.column, catalog.tables[m.table].name, k.column, other.column
                    ),
                    "Pseudonymize one of the two keys per call.",
                ));
            }
        }
    }
    // A referencing column rewritten alone would point at nothing.
    for (name, rule) in rules.iter().filter(|(_, r)| *r != Rule::Keep) {
        if keys.iter().any(|k| k.members.iter().any(|m| m.table == 0 && m.column == *name)) {
            continue;
        }
        if let Some(fk) = catalog.foreign_keys.iter().find(|fk| fk.child == 0 && fk.child_columns.contains(name)) {
            let i = fk.child_columns.iter().position(|c| c == name).unwrap_or(0);
            let parent = &catalog.tables[fk.parent];
            return Err(unsupported(
                format!(
                    "column \"{name}\" of {} references {}({}) through foreign key \"{}\"; rule \"{}\" on this side alone would break the reference",
                    root.name,
                    parent.name,
                    ident(&fk.parent_columns[i]),
                    fk.name,
                    rules::rule_name(rule)
                ),
                &format!(
                    "Pseudonymize the referenced key instead: SELECT synth_anonymize('{}', '{{\"{}\": \"pseudonymize\"}}'); its referencing columns take the same pseudonyms.",
                    parent.name.replace('\'', "''"),
                    fk.parent_columns[i]
                ),
            ));
        }
    }
    Ok(Plan { plain, keys })
}

/// The key `column` of the root table and the columns that follow it.
fn key_plan(catalog: &Catalog, column: &Column, kind: Kind, locale: Option<Locale>) -> Result<KeyPlan> {
    let mut members = vec![Member { table: 0, column: column.name.clone() }];
    let mut cascades = Vec::new();
    let mut next = 0;
    while next < members.len() {
        let (table, col) = (members[next].table, members[next].column.clone());
        next += 1;
        for fk in catalog.foreign_keys.iter().filter(|fk| fk.parent == table && fk.parent_columns.contains(&col)) {
            let i = fk.parent_columns.iter().position(|c| *c == col).unwrap_or(0);
            let child = &catalog.tables[fk.child];
            match fk.on_update {
                OnUpdate::Cascade => {
                    cascades.push(fk.name.clone());
                    continue;
                }
                OnUpdate::SetNull | OnUpdate::SetDefault => {
                    return Err(unsupported(
                        format!(
                            "foreign key \"{}\" of {} is ON UPDATE {}: pseudonymizing \"{}\" would lose its references",
                            fk.name,
                            child.name,
                            fk.on_update.sql(),
                            column.name
                        ),
                        "Keyed pseudonymization rewrites the referencing columns with the same pseudonyms; make the foreign key ON UPDATE NO ACTION, RESTRICT or CASCADE, or keep the key.",
                    ))
                }
                OnUpdate::NoAction | OnUpdate::Restrict => {}
            }
            let m = Member { table: fk.child, column: fk.child_columns[i].clone() };
            if members.contains(&m) {
                continue;
            }
            let c = child.column(&m.column).ok_or_else(|| {
                SynthError::new(Code::Internal, format!("foreign key \"{}\": no column \"{}\"", fk.name, m.column))
            })?;
            if c.generated || c.identity_always {
                return Err(unsupported(
                    format!(
                        "column \"{}\" of {} references \"{}\" but cannot be updated (generated or identity GENERATED ALWAYS)",
                        c.name, child.name, column.name
                    ),
                    "Keep the key, or make the referencing column an ordinary column.",
                ));
            }
            let compatible = match (column.ty, c.ty) {
                (ColType::Int { .. }, ColType::Int { .. }) => true,
                (a, b) => a == b,
            };
            if !compatible {
                return Err(unsupported(
                    format!(
                        "column \"{}\" of {} ({}) references \"{}\" ({}): synth_anonymize maps keys within one kind of type",
                        c.name, child.name, c.sql_type, column.name, column.sql_type
                    ),
                    "Keep the key.",
                ));
            }
            members.push(m);
        }
    }
    Ok(KeyPlan { column: column.name.clone(), kind, locale, members, two_phase: kind.format_preserving(), cascades })
}

/// How a two-phase key is parked between its phases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Temp {
    /// `v + shift`; temporary values are above `threshold` (shift > 0) or below it (shift < 0).
    Shift { shift: i64, threshold: i64 },
    /// The first character moved to U+F0000 + its code point (which must be below U+20000).
    Text,
}

/// First code point of the temporary plane, and the first that cannot be moved there.
pub const TEMP_PLANE: u32 = 0xF0000;
pub const TEMP_LIMIT: u32 = 0x20000;

/// The largest magnitude with the digits of `v`: 999 for 123.
fn all_nines(v: i64) -> i128 {
    10i128.pow(v.unsigned_abs().to_string().len() as u32) - 1
}

/// The shift that parks integer keys out of the way: old values lie in `[lo, hi]` (over all
/// members), new ones keep sign and digit count within `key` (the key's type range), and every
/// temporary value must fit every member's type (`bounds`).
pub fn int_temp(lo: i64, hi: i64, key: (i64, i64), bounds: &[(i64, i64)]) -> Result<Temp> {
    let new_hi = if hi >= 0 { all_nines(hi).min(i128::from(key.1)) } else { -1 };
    let new_lo = if lo < 0 { (-all_nines(lo)).max(i128::from(key.0)) } else { 0 };
    let low = i128::from(lo).min(new_lo);
    let high = i128::from(hi).max(new_hi);
    let span = high - low + 1;
    let cap_max = bounds.iter().map(|b| i128::from(b.1)).min().unwrap_or(i128::from(i64::MAX));
    let cap_min = bounds.iter().map(|b| i128::from(b.0)).max().unwrap_or(i128::from(i64::MIN));
    if high + span <= cap_max {
        return Ok(Temp::Shift { shift: span as i64, threshold: high as i64 });
    }
    if low - span >= cap_min {
        return Ok(Temp::Shift { shift: -(span as i64), threshold: low as i64 });
    }
    Err(unsupported(
        format!("the key's values span [{low}, {high}]: its type leaves no room to move them out of the way"),
        "Pseudonymizing a unique integer in place parks each value outside the range of old and new values first; widen the column (bigint) or keep it.",
    ))
}

/// One phase of a key pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Value → pseudonym (one-phase keys).
    Direct,
    /// Value → temporary value.
    ToTemp,
    /// Temporary value → pseudonym.
    FromTemp,
}

impl KeyPlan {
    fn key_column<'a>(&self, catalog: &'a Catalog) -> &'a Column {
        catalog.root().column(&self.column).unwrap_or_else(|| unreachable!("the plan checked the key column"))
    }

    /// The pseudonym of `x`, an expression of the key's type.
    pub fn map_sql(&self, catalog: &Catalog, ext: &str, x: &str) -> String {
        rules::pseudonym_sql(ext, self.key_column(catalog), self.kind, self.locale, x)
    }

    /// What member column `x` becomes in `step`.
    fn step_sql(&self, catalog: &Catalog, ext: &str, step: Step, temp: Option<Temp>, x: &str) -> String {
        let key_type = &self.key_column(catalog).sql_type;
        match (step, temp) {
            (Step::Direct, _) | (_, None) => self.map_sql(catalog, ext, &format!("({x})::{key_type}")),
            (Step::ToTemp, Some(Temp::Shift { shift, .. })) => format!("({x} + ({shift})::int8)"),
            (Step::ToTemp, Some(Temp::Text)) => {
                format!("(chr({TEMP_PLANE} + ascii(({x})::text)) || substr(({x})::text, 2))")
            }
            (Step::FromTemp, Some(Temp::Shift { shift, .. })) => {
                self.map_sql(catalog, ext, &format!("(({x}) - ({shift})::int8)::{key_type}"))
            }
            (Step::FromTemp, Some(Temp::Text)) => self.map_sql(
                catalog,
                ext,
                &format!("(chr(ascii(({x})::text) - {TEMP_PLANE}) || substr(({x})::text, 2))::{key_type}"),
            ),
        }
    }

    /// Whether `x` holds a temporary value.
    fn is_temp_sql(temp: Temp, x: &str) -> String {
        match temp {
            Temp::Shift { shift, threshold } if shift > 0 => format!("{x} > {threshold}"),
            Temp::Shift { threshold, .. } => format!("{x} < {threshold}"),
            Temp::Text => format!("({x})::text <> '' AND ascii(({x})::text) >= {TEMP_PLANE}"),
        }
    }

    /// The values of member `i` that `step` still has to move, as text, for a cursor: all of
    /// them (`Direct`), those not yet parked (`ToTemp`: for the key, all; for a referencing
    /// column, the values the key's batches did not reach), those parked (`FromTemp`).
    pub fn cursor_sql(&self, catalog: &Catalog, i: usize, step: Step, temp: Option<Temp>) -> String {
        let m = &self.members[i];
        let x = ident(&m.column);
        let filter = match (step, temp) {
            (Step::Direct, _) | (_, None) => String::new(),
            (Step::ToTemp, Some(Temp::Text)) => {
                format!(" AND {x}::text <> '' AND NOT ({})", Self::is_temp_sql(Temp::Text, &x))
            }
            (Step::ToTemp, Some(t)) => format!(" AND NOT ({})", Self::is_temp_sql(t, &x)),
            (Step::FromTemp, Some(t)) => format!(" AND {}", Self::is_temp_sql(t, &x)),
        };
        format!("SELECT {x}::text FROM {} WHERE {x} IS NOT NULL{filter}", catalog.tables[m.table].name)
    }

    /// One batch of `step`: `$1` is a `text[]` of values of the key's type; every member column
    /// holding one of them is rewritten, one UPDATE per table, in one statement. Returns an
    /// `int8[]` of rows updated per table, in the order of [`Self::tables`].
    pub fn batch_sql(&self, catalog: &Catalog, ext: &str, step: Step, temp: Option<Temp>) -> String {
        let key_type = &self.key_column(catalog).sql_type;
        let mut ctes = vec![format!("b AS (SELECT DISTINCT v FROM unnest(($1::text[])::{key_type}[]) v)")];
        let tables = self.tables();
        for (n, &t) in tables.iter().enumerate() {
            let cols: Vec<&str> = self.members.iter().filter(|m| m.table == t).map(|m| m.column.as_str()).collect();
            let sets: Vec<String> = cols
                .iter()
                .map(|c| {
                    let x = ident(c);
                    format!(
                        "{x} = CASE WHEN {x} IN (SELECT v FROM b) THEN {} ELSE {x} END",
                        self.step_sql(catalog, ext, step, temp, &x)
                    )
                })
                .collect();
            let wheres: Vec<String> = cols.iter().map(|c| format!("{} IN (SELECT v FROM b)", ident(c))).collect();
            ctes.push(format!(
                "u{n} AS (UPDATE {} SET {} WHERE {} RETURNING 1)",
                catalog.tables[t].name,
                sets.join(", "),
                wheres.join(" OR ")
            ));
        }
        let counts: Vec<String> = (0..tables.len()).map(|n| format!("(SELECT count(*) FROM u{n})")).collect();
        format!("WITH {} SELECT ARRAY[{}]::int8[]", ctes.join(",\n "), counts.join(", "))
    }

    /// The tables of the members, each once, the key's first.
    pub fn tables(&self) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for m in &self.members {
            if !out.contains(&m.table) {
                out.push(m.table);
            }
        }
        out
    }
}

/// The cursor of the plain pass: every row of the table, as (`tableoid`, `ctid`).
pub fn plain_cursor_sql(catalog: &Catalog) -> String {
    format!("SELECT tableoid::int8::text, ctid::text FROM {}", catalog.root().name)
}

/// One batch of the plain pass: `$1` (`int8[]`) and `$2` (`text[]`) are the rows' `tableoid`s
/// and `ctid`s. Rewrites the plain columns of the rows whose values change; returns how many rows
/// change, counting those whose key pseudonyms differ from their keys (rewritten later).
pub fn plain_batch_sql(catalog: &Catalog, ext: &str, plan: &Plan) -> String {
    let root = catalog.root();
    let mut select = vec!["s.tableoid AS synth_toid".to_string(), "s.ctid AS synth_tid".to_string()];
    let mut new_vals = Vec::new();
    let mut old_vals = Vec::new();
    let mut sets = Vec::new();
    for (i, (name, rule)) in plan.plain.iter().enumerate() {
        let Some(column) = root.column(name) else { continue };
        let x = format!("s.{}", ident(name));
        let Some(expr) = rules::rule_sql(ext, column, rule, &x) else { continue };
        select.push(format!("{expr} AS synth_v{i}"));
        select.push(format!("{x} AS synth_o{i}"));
        new_vals.push(format!("n.synth_v{i}::text"));
        old_vals.push(format!("n.synth_o{i}::text"));
        sets.push(format!("{} = n.synth_v{i}", ident(name)));
    }
    let mut key_flags = Vec::new();
    for (j, k) in plan.keys.iter().enumerate() {
        let x = format!("s.{}", ident(&k.column));
        select.push(format!("({}) IS DISTINCT FROM {x} AS synth_k{j}", k.map_sql(catalog, ext, &x)));
        key_flags.push(format!("n.synth_k{j}"));
    }
    let plain_changed = if new_vals.is_empty() {
        "false".to_string()
    } else {
        format!("ROW({}) IS DISTINCT FROM ROW({})", new_vals.join(", "), old_vals.join(", "))
    };
    let mut changed = vec![plain_changed.clone()];
    changed.extend(key_flags);
    let mut sql = format!(
        "WITH n AS MATERIALIZED (SELECT {} FROM {} s WHERE s.ctid = ANY(($2::text[])::tid[]) AND (s.tableoid, s.ctid) IN (SELECT * FROM unnest(($1::int8[])::oid[], ($2::text[])::tid[])))",
        select.join(", "),
        root.name
    );
    if !sets.is_empty() {
        sql.push_str(&format!(
            ",\n u AS (UPDATE {} t SET {} FROM n WHERE t.tableoid = n.synth_toid AND t.ctid = n.synth_tid AND {plain_changed} RETURNING 1)",
            root.name,
            sets.join(", ")
        ));
    }
    sql.push_str(&format!("\n SELECT count(*) FILTER (WHERE {}) FROM n", changed.join(" OR ")));
    sql
}

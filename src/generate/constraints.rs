//! From CHECK constraints, domains and partition bounds to rules the generators follow.
//!
//! Each parsed clause lands where it can be satisfied by construction: a comparison with a
//! constant narrows the column's [`Bounds`], an IN list becomes its allowed values, `length()`
//! limits its characters, `a < b` becomes a [`Relation`] that bounds the later column by the
//! earlier one. Every parsed clause is also kept as a [`RowCheck`] that the generator verifies in
//! Rust, and what the parser did not understand is an [`OpaqueCheck`] for the database to verify.

use super::scalar::Bounds;
use super::text::like_matches;
use crate::check_expr::{parse_check, Clause, CmpOp, LengthFn, Literal};
use crate::datetime;
use crate::profile::{ColumnProfile, Rule, TableProfile, TypeKind};
use crate::semantic::Case;
use crate::value::Value;

/// What the constraints require of one column's non-null values.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    pub bounds: Bounds,
    /// Values on the axis that are excluded (`<>`, `NOT IN` on ordered kinds).
    pub excluded: Vec<f64>,
    /// The only values allowed (IN lists, `=`), when restricted.
    pub allowed: Option<Vec<Value>>,
    /// Values that are not allowed (`<>`, `NOT IN` on other kinds).
    pub forbidden: Vec<Value>,
    pub min_chars: usize,
    pub max_chars: Option<usize>,
    pub max_octets: Option<usize>,
    pub not_null: bool,
    /// `col IS NULL` required.
    pub always_null: bool,
    /// LIKE patterns the value must match (pattern, case-insensitive).
    pub like: Vec<(String, bool)>,
    /// `col = lower(col)` or `col = upper(col)`: the letter case of every value.
    pub letter_case: Option<Case>,
    /// `col = btrim(col)`: no leading or trailing spaces.
    pub trimmed: bool,
    /// Regular expressions the value must match (`col ~ '…'`).
    pub regex: Vec<super::check_regex::Regex>,
    /// `col % divisor = remainder` (integers).
    pub remainder: Option<(i64, i64)>,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            bounds: Bounds::ALL,
            excluded: vec![],
            allowed: None,
            forbidden: vec![],
            min_chars: 0,
            max_chars: None,
            max_octets: None,
            not_null: false,
            always_null: false,
            like: vec![],
            letter_case: None,
            trimmed: false,
            regex: vec![],
            remainder: None,
        }
    }
}

/// `left op right` between two columns of the row.
#[derive(Clone, Debug, PartialEq)]
pub struct Relation {
    pub left: usize,
    pub op: CmpOp,
    pub right: usize,
    pub constraint: String,
}

/// Columns whose count of non-NULL values in a row is one of `counts`.
#[derive(Clone, Debug, PartialEq)]
pub struct NullGroup {
    pub columns: Vec<usize>,
    pub counts: Vec<usize>,
}

/// A parsed clause the generator verifies on every row.
#[derive(Clone, Debug, PartialEq)]
pub struct RowCheck {
    pub constraint: String,
    pub clause: Clause,
}

/// Where a constraint the database evaluates comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckSource {
    /// A CHECK constraint of the table.
    Table,
    /// A CHECK of the domain of this column (or of a domain it is based on).
    Domain(usize),
    /// The bound of the partition being filled.
    PartitionBound,
}

/// A constraint (or part of one) only the database can evaluate.
#[derive(Clone, Debug, PartialEq)]
pub struct OpaqueCheck {
    pub constraint: String,
    pub source: CheckSource,
    pub columns: Vec<usize>,
}

/// The name partition bounds go by in messages.
pub const PARTITION_BOUND: &str = "partition bound";

#[derive(Clone, Debug, Default)]
pub struct Constraints {
    pub rules: Vec<Rules>,
    /// Columns of which only some counts may be non-NULL together (`num_nonnulls(a, b) = 1`).
    pub null_groups: Vec<NullGroup>,
    pub relations: Vec<Relation>,
    pub row_checks: Vec<RowCheck>,
    pub opaque: Vec<OpaqueCheck>,
}

/// The axis step of a kind: the smallest distance between two distinct values.
pub fn unit(kind: TypeKind, scale: u32) -> f64 {
    match kind {
        TypeKind::Numeric | TypeKind::Money => 10f64.powi(-(scale as i32)),
        TypeKind::Real | TypeKind::Double => 0.0,
        _ => 1.0,
    }
}

/// Converts a CHECK literal to a value of the column's kind.
pub fn literal_value(kind: TypeKind, lit: &Literal) -> Option<Value> {
    if kind == TypeKind::Interval {
        if let Some(us) = datetime::parse_interval(&lit.text) {
            return Some(Value::from_axis(TypeKind::Interval, us as f64, 0));
        }
    }
    Value::parse_canonical(kind, &lit.text)
}

/// Narrows `b` by `x op value` for a column whose distinct values are `step` apart.
fn narrow(b: Bounds, op: CmpOp, v: f64, step: f64) -> Bounds {
    let below = |x: f64| if step > 0.0 { x - step } else { x.next_down() };
    let above = |x: f64| if step > 0.0 { x + step } else { x.next_up() };
    match op {
        CmpOp::Eq => b.intersect(Bounds::new(v, v)),
        CmpOp::Lt => b.intersect(Bounds::new(f64::NEG_INFINITY, below(v))),
        CmpOp::Le => b.intersect(Bounds::new(f64::NEG_INFINITY, v)),
        CmpOp::Gt => b.intersect(Bounds::new(above(v), f64::INFINITY)),
        CmpOp::Ge => b.intersect(Bounds::new(v, f64::INFINITY)),
        CmpOp::Ne => b,
    }
}

impl Constraints {
    pub fn collect(profile: &TableProfile) -> Constraints {
        let mut c = Constraints { rules: vec![Rules::default(); profile.columns.len()], ..Default::default() };
        for (i, col) in profile.columns.iter().enumerate() {
            c.rules[i].not_null = col.not_null;
            if let Some(d) = &col.ty.domain {
                c.rules[i].not_null |= d.not_null;
                for chk in &d.checks {
                    let model = parse_check(&strip_base_casts(&chk.definition, "VALUE", col.ty.kind));
                    for clause in model.clauses {
                        let clause = rename(clause, "VALUE", &col.name);
                        c.add(profile, &chk.name, clause, CheckSource::Domain(i));
                    }
                }
            }
            if let Some(n) = col.ty.max_length {
                let r = &mut c.rules[i];
                r.max_chars = Some(r.max_chars.map_or(n as usize, |m| m.min(n as usize)));
            }
            if let (TypeKind::Numeric, Some(p)) = (col.ty.kind, col.ty.precision) {
                // numeric(p, s) holds |x| < 10^(p - s), rounded to s digits.
                let s = col.ty.scale.unwrap_or(0) as i32;
                let max = 10f64.powi(p as i32 - s) - 10f64.powi(-s);
                c.rules[i].bounds = c.rules[i].bounds.intersect(Bounds::new(-max, max));
            }
        }
        for chk in &profile.checks {
            let mut def = chk.definition.clone();
            for col in profile.columns.iter().filter(|c| c.ty.domain.is_some()) {
                def = strip_base_casts(&def, &col.name, col.ty.kind);
            }
            for clause in parse_check(&def).clauses {
                c.add(profile, &chk.name, clause, CheckSource::Table);
            }
        }
        // Orderings that held in every sampled row are kept like CHECK constraints.
        for rule in sampled_rules(profile) {
            if let Rule::LessOrEqual { left, right } = rule {
                let clause = Clause::CompareColumns { left: left.clone(), op: CmpOp::Le, right: right.clone() };
                if c.apply(profile, &clause) {
                    c.row_checks
                        .push(RowCheck { constraint: format!("{left} <= {right} (learned from a sample)"), clause });
                }
            }
        }
        // Filling one partition: its bound is a constraint like any other.
        if let Some(bound) = &profile.table.partition_bound {
            for clause in parse_check(bound).clauses {
                c.add(profile, PARTITION_BOUND, clause, CheckSource::PartitionBound);
            }
        }
        c
    }

    fn add(&mut self, p: &TableProfile, constraint: &str, clause: Clause, source: CheckSource) {
        if self.apply(p, &clause) {
            self.row_checks.push(RowCheck { constraint: constraint.to_string(), clause });
            return;
        }
        // The database evaluates the whole constraint once, whatever part of it was opaque.
        let mut columns: Vec<usize> = clause.columns().iter().filter_map(|n| p.column_index(n)).collect();
        if let CheckSource::Domain(c) = source {
            columns.push(c);
        }
        match self.opaque.iter_mut().find(|o| o.constraint == constraint && o.source == source) {
            Some(o) => {
                o.columns.extend(columns);
                o.columns.sort_unstable();
                o.columns.dedup();
            }
            None => {
                columns.sort_unstable();
                columns.dedup();
                self.opaque.push(OpaqueCheck { constraint: constraint.to_string(), source, columns });
            }
        }
    }

    /// Folds a clause into the rules; false when it cannot be evaluated here.
    fn apply(&mut self, p: &TableProfile, clause: &Clause) -> bool {
        let idx = |name: &str| p.column_index(name);
        match clause {
            Clause::Compare { column, op, value } => {
                let Some(i) = idx(column) else { return false };
                self.apply_compare(&p.columns[i], i, *op, value)
            }
            Clause::Length { column, func, op, value } => {
                let Some(i) = idx(column) else { return false };
                // bytea: length() and octet_length() both count bytes, kept as characters.
                let bytes = p.columns[i].ty.kind == TypeKind::Bytea;
                if !p.columns[i].ty.kind.is_text() && !bytes {
                    return false;
                }
                let func = if bytes { &LengthFn::Chars } else { func };
                let r = &mut self.rules[i];
                let n = (*value).max(0) as usize;
                let (lo, hi) = match op {
                    CmpOp::Eq => (Some(n), Some(n)),
                    CmpOp::Lt => (None, Some(n.saturating_sub(1))),
                    CmpOp::Le => (None, Some(n)),
                    CmpOp::Gt => (Some(n + 1), None),
                    CmpOp::Ge => (Some(n), None),
                    CmpOp::Ne => (None, None),
                };
                match func {
                    LengthFn::Chars => {
                        if let Some(lo) = lo {
                            r.min_chars = r.min_chars.max(lo);
                        }
                        if let Some(hi) = hi {
                            r.max_chars = Some(r.max_chars.map_or(hi, |m| m.min(hi)));
                        }
                    }
                    LengthFn::Octets => {
                        if let Some(hi) = hi {
                            r.max_octets = Some(r.max_octets.map_or(hi, |m| m.min(hi)));
                        }
                    }
                }
                true
            }
            Clause::CompareColumns { left, op, right } => {
                let (Some(l), Some(r)) = (idx(left), idx(right)) else {
                    return false;
                };
                let (kl, kr) = (p.columns[l].ty.kind, p.columns[r].ty.kind);
                let number =
                    |k: TypeKind| k.is_integer() || matches!(k, TypeKind::Numeric | TypeKind::Real | TypeKind::Double);
                let same_axis = kl == kr
                    || number(kl) && number(kr)
                    || matches!(
                        (kl, kr),
                        (TypeKind::Timestamp | TypeKind::Timestamptz, TypeKind::Timestamp | TypeKind::Timestamptz)
                    );
                if !(kl.is_ordered_scalar() && same_axis) {
                    return false;
                }
                if *op != CmpOp::Ne {
                    self.relations.push(Relation { left: l, op: *op, right: r, constraint: String::new() });
                }
                true
            }
            Clause::In { column, values, negated } => {
                let Some(i) = idx(column) else { return false };
                let kind = p.columns[i].ty.kind;
                let Some(vals) = values.iter().map(|l| literal_value(kind, l)).collect::<Option<Vec<Value>>>() else {
                    return false;
                };
                let r = &mut self.rules[i];
                if *negated {
                    if kind.is_ordered_scalar() {
                        r.excluded.extend(vals.iter().filter_map(Value::axis));
                    } else {
                        r.forbidden.extend(vals);
                    }
                } else {
                    r.allowed = Some(match r.allowed.take() {
                        Some(prev) => prev.into_iter().filter(|v| vals.contains(v)).collect(),
                        None => vals,
                    });
                }
                true
            }
            Clause::IsNotNull { column } => idx(column).map(|i| self.rules[i].not_null = true).is_some(),
            Clause::IsNull { column } => idx(column).map(|i| self.rules[i].always_null = true).is_some(),
            Clause::Like { column, pattern, negated: false, case_insensitive } => {
                let Some(i) = idx(column) else { return false };
                self.rules[i].like.push((pattern.clone(), *case_insensitive));
                true
            }
            Clause::Like { .. } => idx_of_text(p, clause).is_some(),
            Clause::WhenNotNull { clauses, .. } => {
                // The inner clauses bind only non-null values, which is all the rules ever bind.
                let mut ok = true;
                for inner in clauses {
                    ok &= self.apply(p, inner);
                }
                ok
            }
            Clause::Case { upper, .. } => {
                let Some(i) = idx_of_text(p, clause) else { return false };
                self.rules[i].letter_case = Some(if *upper { Case::Upper } else { Case::Lower });
                true
            }
            Clause::Trimmed { .. } => {
                let Some(i) = idx_of_text(p, clause) else { return false };
                self.rules[i].trimmed = true;
                true
            }
            Clause::Regex { pattern, negated, case_insensitive, .. } => {
                // Only patterns read here as PostgreSQL reads them are checked here; a negated one
                // is checked, not generated.
                let Some(i) = idx_of_text(p, clause) else { return false };
                let ci = *case_insensitive || p.columns[i].ty.kind == TypeKind::Citext;
                let Some(re) = super::check_regex::Regex::compile(pattern, ci) else { return false };
                if !*negated {
                    self.rules[i].regex.push(re);
                }
                true
            }
            Clause::NonNulls { columns, counts } => {
                let Some(cols) = columns.iter().map(|c| idx(c)).collect::<Option<Vec<usize>>>() else { return false };
                self.null_groups.push(NullGroup { columns: cols, counts: counts.clone() });
                true
            }
            Clause::Remainder { column, divisor, remainder, negated } => {
                let Some(i) = idx(column).filter(|i| p.columns[*i].ty.kind.is_integer()) else { return false };
                if !*negated && remainder.abs() < divisor.abs() {
                    self.rules[i].remainder = Some((*divisor, *remainder));
                }
                true
            }
            Clause::Opaque(_) => false,
        }
    }

    fn apply_compare(&mut self, col: &ColumnProfile, i: usize, op: CmpOp, lit: &Literal) -> bool {
        let kind = col.ty.kind;
        // `(n)::text > '5'` on a number compares text, not numbers: leave it to the database.
        let text_cast =
            lit.cast.as_deref().is_some_and(|c| c == "text" || c.starts_with("character varying") || c == "bpchar");
        if text_cast && !kind.is_text() && kind != TypeKind::Enum {
            return false;
        }
        let Some(v) = literal_value(kind, lit) else {
            return false;
        };
        let r = &mut self.rules[i];
        if kind.is_ordered_scalar() {
            let Some(x) = v.axis() else { return false };
            if x.is_nan() {
                // `<> 'NaN'`: generators never produce NaN; other comparisons with NaN are opaque.
                return op == CmpOp::Ne;
            }
            if op == CmpOp::Ne {
                r.excluded.push(x);
            } else {
                r.bounds = narrow(r.bounds, op, x, unit(kind, col.ty.scale.unwrap_or(0)));
            }
            return true;
        }
        match (kind, op) {
            (TypeKind::Enum, _) => {
                let labels = col.ty.enum_labels.clone().unwrap_or_default();
                let Value::Text(label) = &v else { return false };
                let Some(pos) = labels.iter().position(|l| l == label) else {
                    return false;
                };
                let keep: Vec<Value> = labels
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| op_holds(op, (*j).cmp(&pos)))
                    .map(|(_, l)| Value::Text(l.clone()))
                    .collect();
                r.allowed = Some(match r.allowed.take() {
                    Some(prev) => prev.into_iter().filter(|x| keep.contains(x)).collect(),
                    None => keep,
                });
                true
            }
            (_, CmpOp::Eq) => {
                r.allowed = Some(match r.allowed.take() {
                    Some(prev) => prev.into_iter().filter(|x| *x == v).collect(),
                    None => vec![v],
                });
                true
            }
            (_, CmpOp::Ne) => {
                r.forbidden.push(v);
                true
            }
            // Text ordering: verified per row (C-collation order; the database has the last word).
            _ => kind.is_text(),
        }
    }
}

/// The region of one leaf partition: rules for its key columns.
pub type LeafRegion = Vec<(usize, Rules)>;

/// Regions that keep a partitioned table's rows inside its leaf partitions, at every level of
/// partitioning: one per leaf, from the leaf's full partition constraint. Hash and default-partition
/// clauses are dropped: among siblings that split a region by hash or catch its rest by default,
/// every value finds a partition. `None` when no steering is needed (a default partition at the
/// top, hash partitioning at the top) or possible (a bound the parser does not understand).
pub fn partition_leaves(p: &TableProfile) -> Option<Vec<LeafRegion>> {
    let part = p.partitioning.as_ref()?;
    let mut leaves = Vec::with_capacity(part.partitions.len());
    for leaf in &part.partitions {
        let constraint = leaf.constraint.as_ref()?;
        let mut single = Constraints { rules: vec![Rules::default(); p.columns.len()], ..Default::default() };
        let mut touched: Vec<usize> = vec![];
        for clause in parse_check(constraint).clauses {
            let dropped = match &clause {
                Clause::Opaque(text) => text.starts_with("satisfies_hash_partition(") || text.starts_with("NOT "),
                _ => false,
            };
            if dropped {
                continue;
            }
            if !single.apply(p, &clause) {
                return None;
            }
            touched.extend(clause.columns().iter().filter_map(|n| p.column_index(n)));
        }
        touched.sort_unstable();
        touched.dedup();
        if touched.is_empty() {
            // This leaf takes any row: nothing needs steering.
            return None;
        }
        leaves.push(touched.into_iter().map(|c| (c, single.rules[c].clone())).collect());
    }
    (!leaves.is_empty()).then_some(leaves)
}

/// Whether a value meets the bounds and allowed values of `rules` (NULL never does).
pub fn admits(rules: &Rules, v: &Value) -> bool {
    if v.is_null() {
        return false;
    }
    if let Some(a) = &rules.allowed {
        if !a.contains(v) {
            return false;
        }
    }
    v.axis().is_none_or(|x| rules.bounds.contains(x))
}

/// Merges extra rules (a partition's) into a column's rules.
pub fn merge(into: &mut Rules, extra: &Rules) {
    into.bounds = into.bounds.intersect(extra.bounds);
    into.not_null |= extra.not_null;
    if let Some(a) = &extra.allowed {
        into.allowed = Some(match into.allowed.take() {
            Some(prev) => prev.into_iter().filter(|v| a.contains(v)).collect(),
            None => a.clone(),
        });
    }
    into.excluded.extend(extra.excluded.iter().copied());
    into.forbidden.extend(extra.forbidden.iter().cloned());
}

/// How PostgreSQL spells a base type in casts (`format_type`).
fn base_type_spellings(kind: TypeKind) -> &'static [&'static str] {
    match kind {
        TypeKind::Smallint => &["smallint"],
        TypeKind::Integer => &["integer"],
        TypeKind::Bigint => &["bigint"],
        TypeKind::Numeric => &["numeric"],
        TypeKind::Real => &["real"],
        TypeKind::Double => &["double precision"],
        TypeKind::Boolean => &["boolean"],
        TypeKind::Text => &["text"],
        TypeKind::Varchar => &["character varying", "text"],
        TypeKind::Char => &["bpchar", "character", "text"],
        TypeKind::Date => &["date"],
        TypeKind::Time => &["time without time zone"],
        TypeKind::Timestamp => &["timestamp without time zone"],
        TypeKind::Timestamptz => &["timestamp with time zone"],
        TypeKind::Interval => &["interval"],
        TypeKind::Uuid => &["uuid"],
        TypeKind::Json => &["json"],
        TypeKind::Jsonb => &["jsonb"],
        TypeKind::Bytea => &["bytea"],
        TypeKind::Inet => &["inet"],
        _ => &[],
    }
}

/// The rules a sample taught (none without one).
fn sampled_rules(p: &TableProfile) -> &[Rule] {
    p.dependence.as_ref().map_or(&[], |d| d.rules.as_slice())
}

/// A domain-typed value compared with a value of its base type is printed `(col)::integer`; the
/// cast to the value's own base type changes nothing, so it is removed before parsing.
pub fn strip_base_casts(def: &str, column: &str, kind: TypeKind) -> String {
    let mut out = def.to_string();
    let quoted = format!("\"{}\"", column.replace('"', "\"\""));
    for ident in [column.to_string(), quoted] {
        for spelling in base_type_spellings(kind) {
            let pattern = format!("({ident})::{spelling}");
            let mut from = 0;
            while let Some(pos) = out[from..].find(&pattern).map(|p| p + from) {
                let mut end = pos + pattern.len();
                let next = out[end..].chars().next();
                if next
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ' ' && out[end..].starts_with(" without"))
                {
                    from = end;
                    continue;
                }
                // A typmod after the type name goes too: `(x)::numeric(10,2)`.
                if next == Some('(') {
                    if let Some(close) = out[end..].find(')') {
                        end += close + 1;
                    }
                }
                out.replace_range(pos..end, &ident);
                from = pos + ident.len();
            }
        }
    }
    out
}

fn idx_of_text(p: &TableProfile, clause: &Clause) -> Option<usize> {
    match clause {
        Clause::Like { column, .. }
        | Clause::Regex { column, .. }
        | Clause::Case { column, .. }
        | Clause::Trimmed { column } => p.column_index(column).filter(|i| p.columns[*i].ty.kind.is_text()),
        _ => None,
    }
}

fn op_holds(op: CmpOp, ord: std::cmp::Ordering) -> bool {
    op.holds(ord)
}

/// Renames a column in a clause (domain checks call the value `VALUE`).
fn rename(clause: Clause, from: &str, to: &str) -> Clause {
    let r = |s: String| if s == from { to.to_string() } else { s };
    match clause {
        Clause::Compare { column, op, value } => Clause::Compare { column: r(column), op, value },
        Clause::Length { column, func, op, value } => Clause::Length { column: r(column), func, op, value },
        Clause::CompareColumns { left, op, right } => Clause::CompareColumns { left: r(left), op, right: r(right) },
        Clause::In { column, values, negated } => Clause::In { column: r(column), values, negated },
        Clause::IsNotNull { column } => Clause::IsNotNull { column: r(column) },
        Clause::IsNull { column } => Clause::IsNull { column: r(column) },
        Clause::Like { column, pattern, negated, case_insensitive } => {
            Clause::Like { column: r(column), pattern, negated, case_insensitive }
        }
        Clause::Regex { column, pattern, negated, case_insensitive } => {
            Clause::Regex { column: r(column), pattern, negated, case_insensitive }
        }
        Clause::Case { column, upper } => Clause::Case { column: r(column), upper },
        Clause::Trimmed { column } => Clause::Trimmed { column: r(column) },
        Clause::NonNulls { columns, counts } => {
            Clause::NonNulls { columns: columns.into_iter().map(r).collect(), counts }
        }
        Clause::Remainder { column, divisor, remainder, negated } => {
            Clause::Remainder { column: r(column), divisor, remainder, negated }
        }
        Clause::WhenNotNull { column, clauses } => Clause::WhenNotNull {
            column: r(column),
            clauses: clauses.into_iter().map(|c| rename(c, from, to)).collect(),
        },
        Clause::Opaque(t) => Clause::Opaque(t),
    }
}

/// A row check with its columns found and its literals read once, for the clauses every row of
/// a table is checked against (`amount >= 0`, `shipped_at IS NULL OR shipped_at >= placed_at`);
/// other clauses are judged by [`holds`].
#[derive(Clone, Debug)]
pub enum Compiled {
    Compare { column: usize, op: CmpOp, value: Value },
    CompareColumns { left: usize, op: CmpOp, right: usize },
    WhenNotNull { column: usize, clauses: Vec<Compiled> },
    Other(Clause),
}

impl Compiled {
    pub fn new(p: &TableProfile, clause: &Clause) -> Compiled {
        let index = |name: &str| p.column_index(name);
        let compiled = match clause {
            Clause::Compare { column, op, value } => index(column).and_then(|c| {
                Some(Compiled::Compare { column: c, op: *op, value: literal_value(p.columns[c].ty.kind, value)? })
            }),
            Clause::CompareColumns { left, op, right } => {
                index(left).zip(index(right)).map(|(l, r)| Compiled::CompareColumns { left: l, op: *op, right: r })
            }
            Clause::WhenNotNull { column, clauses } => index(column).map(|c| Compiled::WhenNotNull {
                column: c,
                clauses: clauses.iter().map(|x| Compiled::new(p, x)).collect(),
            }),
            _ => None,
        };
        compiled.unwrap_or_else(|| Compiled::Other(clause.clone()))
    }

    /// As [`holds`].
    pub fn holds(&self, p: &TableProfile, row: &[Value]) -> Option<bool> {
        Some(match self {
            Compiled::Compare { column, op, value } => {
                let v = &row[*column];
                if v.is_null() {
                    return Some(true);
                }
                op_holds(*op, compare(&p.columns[*column], v, value)?)
            }
            Compiled::CompareColumns { left, op, right } => {
                let (a, b) = (&row[*left], &row[*right]);
                if a.is_null() || b.is_null() {
                    return Some(true);
                }
                op_holds(*op, compare(&p.columns[*left], a, b)?)
            }
            Compiled::WhenNotNull { column, clauses } => {
                row[*column].is_null() || clauses.iter().all(|c| c.holds(p, row) != Some(false))
            }
            Compiled::Other(clause) => return holds(p, clause, row),
        })
    }
}

/// Evaluates a parsed clause on a row (`None` when it cannot be judged here, which counts as
/// holding: the database judges it). NULL makes a comparison unknown, which a CHECK accepts.
pub fn holds(p: &TableProfile, clause: &Clause, row: &[Value]) -> Option<bool> {
    let val = |name: &str| p.column_index(name).map(|i| (&row[i], &p.columns[i]));
    Some(match clause {
        Clause::Compare { column, op, value } => {
            let (v, col) = val(column)?;
            if v.is_null() {
                return Some(true);
            }
            let lit = literal_value(col.ty.kind, value)?;
            op_holds(*op, compare(col, v, &lit)?)
        }
        Clause::Length { column, func, op, value } => {
            let (v, _) = val(column)?;
            if let Value::Bytes(b) = v {
                return Some(op_holds(*op, (b.len() as i64).cmp(value)));
            }
            let Value::Text(t) = v else { return Some(true) };
            let t = t.trim_end_matches(' ');
            let n = match func {
                LengthFn::Chars => t.chars().count(),
                LengthFn::Octets => t.len(),
            } as i64;
            op_holds(*op, n.cmp(value))
        }
        Clause::CompareColumns { left, op, right } => {
            let ((a, ca), (b, _)) = (val(left)?, val(right)?);
            if a.is_null() || b.is_null() {
                return Some(true);
            }
            op_holds(*op, compare(ca, a, b)?)
        }
        Clause::In { column, values, negated } => {
            let (v, col) = val(column)?;
            if v.is_null() {
                return Some(true);
            }
            let found = values
                .iter()
                .filter_map(|l| literal_value(col.ty.kind, l))
                .any(|l| compare(col, v, &l) == Some(std::cmp::Ordering::Equal));
            found != *negated
        }
        Clause::IsNotNull { column } => !val(column)?.0.is_null(),
        Clause::IsNull { column } => val(column)?.0.is_null(),
        Clause::Like { column, pattern, negated, case_insensitive } => match val(column)?.0 {
            Value::Text(t) => like_matches(t, pattern, *case_insensitive) != *negated,
            _ => true,
        },
        Clause::WhenNotNull { column, clauses } => {
            if val(column)?.0.is_null() {
                return Some(true);
            }
            for c in clauses {
                if holds(p, c, row) == Some(false) {
                    return Some(false);
                }
            }
            true
        }
        Clause::Case { column, upper } => {
            let (v, _) = val(column)?;
            let Value::Text(t) = v else { return Some(true) };
            *t == if *upper { t.to_uppercase() } else { t.to_lowercase() }
        }
        Clause::Trimmed { column } => {
            let (v, _) = val(column)?;
            let Value::Text(t) = v else { return Some(true) };
            t.trim_matches(' ') == t
        }
        Clause::Regex { column, pattern, negated, case_insensitive } => {
            let (v, col) = val(column)?;
            let Value::Text(t) = v else { return Some(true) };
            let ci = *case_insensitive || col.ty.kind == TypeKind::Citext;
            super::check_regex::matches(pattern, ci, t)? != *negated
        }
        Clause::NonNulls { columns, counts } => {
            let mut n = 0;
            for c in columns {
                n += usize::from(!val(c)?.0.is_null());
            }
            counts.contains(&n)
        }
        Clause::Remainder { column, divisor, remainder, negated } => match val(column)?.0 {
            // PostgreSQL's `%` keeps the dividend's sign, as Rust's does.
            Value::Int(v) => (v % divisor == *remainder) != *negated,
            _ => true,
        },
        Clause::Opaque(_) => return None,
    })
}

fn compare(col: &ColumnProfile, a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    if matches!(col.ty.kind, TypeKind::Numeric | TypeKind::Real | TypeKind::Double) {
        // PostgreSQL orders NaN above every number, infinities included, and equal to itself;
        // a numeric's NaN and infinities travel as text.
        let float = |v: &Value| match v {
            Value::Text(t) => crate::value::parse_float(t),
            other => other.axis(),
        };
        let (x, y) = (float(a)?, float(b)?);
        return Some(match (x.is_nan(), y.is_nan()) {
            (true, true) => std::cmp::Ordering::Equal,
            (true, false) => std::cmp::Ordering::Greater,
            (false, true) => std::cmp::Ordering::Less,
            _ => x.partial_cmp(&y)?,
        });
    }
    match (a, b) {
        (Value::Text(x), Value::Text(y)) if col.ty.kind == TypeKind::Enum => {
            let labels = col.ty.enum_labels.as_ref()?;
            let (i, j) = (labels.iter().position(|l| l == x)?, labels.iter().position(|l| l == y)?);
            Some(i.cmp(&j))
        }
        (Value::Text(x), Value::Text(y)) => Some(x.trim_end_matches(' ').cmp(y.trim_end_matches(' '))),
        _ => a.axis()?.partial_cmp(&b.axis()?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::*;

    fn col(name: &str, kind: TypeKind) -> ColumnProfile {
        crate::generate::tests::col(name, kind, false)
    }

    fn table(columns: Vec<ColumnProfile>, checks: &[&str]) -> TableProfile {
        crate::generate::tests::checked_table("t", columns, checks)
    }

    #[test]
    fn comparisons_become_bounds_with_strictness() {
        let p = table(
            vec![col("a", TypeKind::Integer), col("b", TypeKind::Numeric)],
            &["CHECK (((a >= '-5'::integer) AND (a < 50)))", "CHECK ((b > (0)::numeric))"],
        );
        let mut p = p;
        p.columns[1].ty.scale = Some(2);
        let c = Constraints::collect(&p);
        assert_eq!(c.rules[0].bounds, Bounds::new(-5.0, 49.0));
        assert_eq!(c.rules[1].bounds, Bounds::new(0.01, f64::INFINITY));
        assert!(c.opaque.is_empty());
        assert_eq!(c.row_checks.len(), 3);
    }

    #[test]
    fn in_lists_lengths_relations_and_opaque() {
        let p = table(
            vec![
                col("c", TypeKind::Varchar),
                col("f", TypeKind::Timestamptz),
                col("g", TypeKind::Timestamptz),
                col("n", TypeKind::Text),
            ],
            &[
                "CHECK (((c)::text = ANY ((ARRAY['x'::character varying, 'y''z'::character varying])::text[])))",
                "CHECK (((g IS NULL) OR (g >= f)))",
                "CHECK (((length(n) >= 3) AND (char_length(n) < 10)))",
                "CHECK ((n = lower(n)))",
                "CHECK ((n <> reverse(n)))",
            ],
        );
        let c = Constraints::collect(&p);
        assert_eq!(c.rules[0].allowed, Some(vec![Value::Text("x".into()), Value::Text("y'z".into())]));
        assert_eq!(c.relations.len(), 1);
        assert_eq!((c.relations[0].left, c.relations[0].op, c.relations[0].right), (2, CmpOp::Ge, 1));
        assert_eq!((c.rules[3].min_chars, c.rules[3].max_chars), (3, Some(9)));
        assert_eq!(c.rules[3].letter_case, Some(Case::Lower));
        assert_eq!(c.opaque.len(), 1);
        assert_eq!(c.opaque[0].columns, vec![3]);
    }

    #[test]
    fn domain_checks_apply_to_the_column() {
        let mut year = col("release_year", TypeKind::Integer);
        year.ty.domain = Some(DomainInfo {
            name: "year".into(),
            not_null: false,
            checks: vec![CheckConstraint {
                name: "year_check".into(),
                definition: "CHECK (((VALUE >= 1901) AND (VALUE <= 2155)))".into(),
            }],
        });
        let c = Constraints::collect(&table(vec![year], &[]));
        assert_eq!(c.rules[0].bounds, Bounds::new(1901.0, 2155.0));
    }

    #[test]
    fn numeric_typmods_bound_values() {
        let mut n = col("price", TypeKind::Numeric);
        n.ty.precision = Some(5);
        n.ty.scale = Some(2);
        let c = Constraints::collect(&table(vec![n], &[]));
        assert_eq!(c.rules[0].bounds, Bounds::new(-999.99, 999.99));
    }

    #[test]
    fn casts_to_a_domains_base_type_are_looked_through() {
        assert_eq!(strip_base_casts("CHECK (((x)::integer <= 4000))", "x", TypeKind::Integer), "CHECK ((x <= 4000))");
        assert_eq!(
            strip_base_casts("CHECK (((VALUE)::integer <= 9))", "VALUE", TypeKind::Integer),
            "CHECK ((VALUE <= 9))"
        );
        assert_eq!(strip_base_casts("CHECK (((p)::numeric(10,2) > 0))", "p", TypeKind::Numeric), "CHECK ((p > 0))");
        assert_eq!(
            strip_base_casts("CHECK (((x)::integers > 1))", "x", TypeKind::Integer),
            "CHECK (((x)::integers > 1))"
        );
        assert_eq!(
            strip_base_casts("CHECK (((\"Odd\")::bigint > 1))", "Odd", TypeKind::Bigint),
            "CHECK ((\"Odd\" > 1))"
        );
        let mut x = col("x", TypeKind::Integer);
        x.ty.domain = Some(DomainInfo {
            name: "ge2".into(),
            not_null: false,
            checks: vec![CheckConstraint { name: "ge2_check".into(), definition: "CHECK ((VALUE >= 2))".into() }],
        });
        let c = Constraints::collect(&table(vec![x], &["CHECK (((x)::integer <= 4000))"]));
        assert_eq!(c.rules[0].bounds, Bounds::new(2.0, 4000.0));
        assert!(c.opaque.is_empty());
    }

    #[test]
    fn opaque_domain_checks_name_their_column() {
        let mut e = col("e", TypeKind::Integer);
        e.ty.domain = Some(DomainInfo {
            name: "even".into(),
            not_null: true,
            checks: vec![CheckConstraint {
                name: "even_check".into(),
                definition: "CHECK (((abs(VALUE) % 2) = 0))".into(),
            }],
        });
        let c = Constraints::collect(&table(vec![e], &[]));
        assert_eq!(
            c.opaque,
            vec![OpaqueCheck { constraint: "even_check".into(), source: CheckSource::Domain(0), columns: vec![0] }]
        );
    }

    #[test]
    fn enum_comparisons_select_labels() {
        let mut q = col("q", TypeKind::Enum);
        q.ty.enum_labels = Some(vec!["a".into(), "b".into(), "c".into()]);
        let c = Constraints::collect(&table(vec![q], &["CHECK ((q <> 'b'::mood))"]));
        assert_eq!(c.rules[0].allowed, Some(vec![Value::Text("a".into()), Value::Text("c".into())]));
    }

    fn leaf(name: &str, constraint: &str) -> PartitionBound {
        PartitionBound { name: name.into(), bound: String::new(), constraint: Some(constraint.into()) }
    }

    #[test]
    fn every_level_of_partitioning_becomes_a_leaf_region() {
        let mut p = table(vec![col("id", TypeKind::Integer), col("at", TypeKind::Date), col("r", TypeKind::Text)], &[]);
        let range = "(at IS NOT NULL) AND (at >= '2024-01-01'::date) AND (at < '2025-01-01'::date)";
        p.partitioning = Some(Partitioning {
            strategy: "range".into(),
            key: vec!["at".into()],
            partitions: vec![
                leaf("ml_2023", "((at IS NOT NULL) AND (at >= '2023-01-01'::date) AND (at < '2024-01-01'::date))"),
                leaf("ml_2024_a", &format!("({range} AND (r IS NOT NULL) AND (r = 'a'::text))")),
                leaf("ml_2024_h0", &format!("({range} AND (NOT ((r IS NOT NULL) AND (r = ANY (ARRAY['a'::text])))) AND satisfies_hash_partition('1'::oid, 2, 0, id))")),
            ],
        });
        let leaves = partition_leaves(&p).unwrap();
        assert_eq!(leaves.len(), 3);
        assert_eq!(leaves[0].iter().map(|(c, _)| *c).collect::<Vec<_>>(), vec![1]);
        assert_eq!(leaves[1].iter().map(|(c, _)| *c).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(leaves[1][1].1.allowed, Some(vec![Value::Text("a".into())]));
        let y2024 = f64::from(crate::datetime::pg_date(2024, 1, 1));
        assert_eq!(
            leaves[2],
            vec![(1, Rules { bounds: Bounds::new(y2024, y2024 + 365.0), not_null: true, ..Rules::default() })]
        );
        // A default partition at the top takes anything: no steering.
        p.partitioning
            .as_mut()
            .unwrap()
            .partitions
            .push(leaf("rest", "(NOT ((at IS NOT NULL) AND (at >= '2023-01-01'::date)))"));
        assert!(partition_leaves(&p).is_none());
    }

    #[test]
    fn a_partitions_own_bound_constrains_it() {
        let mut p = table(vec![col("at", TypeKind::Date)], &[]);
        p.table.partition_bound =
            Some("((at IS NOT NULL) AND (at >= '2024-01-01'::date) AND (at < '2024-02-01'::date))".into());
        let c = Constraints::collect(&p);
        let jan = f64::from(crate::datetime::pg_date(2024, 1, 1));
        assert_eq!(c.rules[0].bounds, Bounds::new(jan, jan + 30.0));
        assert!(c.rules[0].not_null);
        p.table.partition_bound = Some("satisfies_hash_partition('1'::oid, 4, 0, at)".into());
        let c = Constraints::collect(&p);
        assert_eq!(c.opaque[0].source, CheckSource::PartitionBound);
    }

    #[test]
    fn holds_judges_rows_like_postgres() {
        let p = table(vec![col("a", TypeKind::Integer), col("b", TypeKind::Integer)], &[]);
        let check = |def: &str, row: &[Value]| {
            let m = parse_check(def);
            m.clauses.iter().all(|c| holds(&p, c, row) != Some(false))
        };
        assert!(check("CHECK ((a < b))", &[Value::Int(1), Value::Int(2)]));
        assert!(!check("CHECK ((a < b))", &[Value::Int(2), Value::Int(2)]));
        assert!(check("CHECK ((a < b))", &[Value::Null, Value::Int(2)]));
        assert!(!check("CHECK ((a IS NOT NULL))", &[Value::Null, Value::Int(2)]));
        assert!(check("CHECK ((a <> ALL (ARRAY[1, 2])))", &[Value::Int(3), Value::Null]));
        assert!(!check("CHECK ((a <> ALL (ARRAY[1, 2])))", &[Value::Int(2), Value::Null]));
    }

    #[test]
    fn nan_and_infinities_compare_like_postgres() {
        let p = table(vec![col("f", TypeKind::Double), col("n", TypeKind::Numeric)], &[]);
        let check = |def: &str, row: &[Value]| {
            let m = parse_check(def);
            m.clauses.iter().all(|c| holds(&p, c, row) != Some(false))
        };
        let nan = Value::Float(f64::NAN);
        assert!(check("CHECK ((f >= (0)::double precision))", &[nan.clone(), Value::Null]));
        assert!(!check("CHECK ((f <= (100)::double precision))", &[nan.clone(), Value::Null]));
        assert!(!check("CHECK ((f < 'Infinity'::double precision))", &[nan, Value::Null]));
        assert!(!check("CHECK ((f < (1)::double precision))", &[Value::Float(f64::INFINITY), Value::Null]));
        let text = |t: &str| Value::Text(t.into());
        assert!(check("CHECK ((n > (5)::numeric))", &[Value::Null, text("NaN")]));
        assert!(!check("CHECK ((n <= (5)::numeric))", &[Value::Null, text("Infinity")]));
        assert!(check("CHECK ((n <= (5)::numeric))", &[Value::Null, text("-Infinity")]));
        assert!(!check("CHECK ((n <> 'NaN'::numeric))", &[Value::Null, text("NaN")]));
    }
}

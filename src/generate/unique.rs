//! Unique keys by construction.
//!
//! Every row has a *slot*: its global row index (rows already in the table count first), plus
//! `attempt × rows` when a row is regenerated. Distinct (row, attempt) pairs have distinct slots, and
//! each strategy below maps distinct slots to distinct values, so PRIMARY KEY and UNIQUE
//! constraints hold without remembering what was generated. Rows that were already in the table
//! are the only possible collisions; their fingerprints are checked and a colliding row simply
//! takes its next attempt.

use std::collections::HashSet;

use super::column::{ColumnPlan, RangeSource};
use super::degree::DegreeAssigner;
use super::literal::Literal;
use super::pattern::{Numbering, Pattern};
use crate::permute::Permutation;
use crate::profile::TypeKind;
use crate::rng::Key;
use crate::rng::{stable_hash, Stream};
use crate::semantic::{renumber, Locale, Persona, TextKind};
use crate::value::Value;

/// A finite set that one position of a composite key enumerates.
#[derive(Clone, Debug, PartialEq)]
pub enum Domain {
    /// Explicit values: enum labels, booleans, an IN list.
    Values(Vec<Value>),
    /// `count` consecutive integers from `lo`.
    IntRange { lo: i64, count: u64 },
    /// The row chosen for a foreign key: an index into the parent's keys.
    Parent { fk: usize, count: u64 },
    /// Only some parents of a foreign key (those the profile gives children): indexes into the
    /// parent's keys.
    Subset { fk: usize, members: Vec<u64> },
    /// The first `count` numbered values of a literal type or of ranges.
    Indexed { values: Indexed, count: u64 },
}

impl Domain {
    pub fn size(&self) -> u64 {
        match self {
            Domain::Values(v) => v.len() as u64,
            Domain::IntRange { count, .. } | Domain::Parent { count, .. } | Domain::Indexed { count, .. } => *count,
            Domain::Subset { members, .. } => members.len() as u64,
        }
    }
}

/// How one unique constraint is kept.
#[derive(Clone, Debug)]
pub enum Carrier {
    /// An integer column numbered upward: `start + (slot - first_slot)`, up to `max`.
    Sequence { col: usize, start: i64, max: i64, first_slot: u64 },
    /// One column on a lattice: the slot, permuted, picks a stratum and a point `lo + k × step` in
    /// it. Strata are disjoint ranges holding equal numbers of points, so a column whose
    /// histogram gives the strata keeps its distribution while every value differs.
    Lattice { col: usize, kind: TypeKind, scale: u32, strata: Vec<Stratum>, per_stratum: u64, perm: Permutation },
    /// The column's own value, moved to a point of its cell: the axis is cut into cells of
    /// `points` points `unit` apart, and the slot (permuted) picks the point. Cells are disjoint
    /// and `points` exceeds every slot, so values never repeat, while each value stays within a
    /// cell of where the column's distribution (and the copula) put it.
    Grid { col: usize, kind: TypeKind, scale: u32, unit: f64, points: u64, cells: (i64, i64), perm: Permutation },
    /// A text column's own value with the slot appended as a number (`anna.smith1041@…`); in a
    /// column of at most [`SHORT_CODE`] characters, the slot itself written in letters and digits.
    Token { col: usize, email: bool, max_chars: Option<usize> },
    /// A code column's pattern with the slot, permuted, written into its rightmost class
    /// positions (`INV-2024-00` + `4711`): the rest of the value is the column's own, so values
    /// keep the pattern and the histogram's shape while never repeating. `pad_to` pads `char(n)`.
    Pattern { col: usize, pattern: Pattern, numbering: Numbering, perm: Permutation, pad_to: Option<usize> },
    /// Card numbers, IBANs or phone numbers: the slot, permuted, written into the last `width`
    /// free digits of the column's own value and any check digits recomputed
    /// (`semantic::renumber`), so they stay valid and never repeat.
    Checked { col: usize, kind: TextKind, width: usize, perm: Permutation },
    /// UUIDs whose low bits hold the slot.
    Uuid { col: usize, mask: u64 },
    /// The slot, permuted, picks the `n`-th of distinct values of a literal type or a range.
    Indexed { col: usize, values: Indexed, perm: Permutation },
    /// Several positions together enumerate the product of their domains.
    Product { positions: Vec<(Option<usize>, Domain)>, perm: Permutation, group: Option<Box<Group>> },
}

/// Values that can be numbered: the `n`-th is distinct from every other.
#[derive(Clone, Debug)]
pub enum Indexed {
    Literal(Literal),
    /// Ranges with lower bounds `spacing` apart from `origin` (`None`: the start of the subtype's
    /// typical values) and lengths of at most `max_len`.
    Range {
        source: Box<RangeSource>,
        origin: Option<f64>,
        spacing: f64,
        max_len: Option<f64>,
    },
    /// Text drawn as the column would be, numbered (`color-2`, `anna.smith3@…`): distinct by the
    /// number, in the column's own style.
    Text {
        plan: Box<ColumnPlan>,
        email: bool,
        locale: Locale,
    },
    /// Byte strings of `lo` to `hi` bytes whose first bytes hold the number (hashes, tokens).
    Bytes {
        lo: usize,
        hi: usize,
    },
    /// Values of an ordered column `spacing` apart from `origin`, each anywhere in its step:
    /// distinct by position, spread over the column's usual values (a person's history dates).
    Ordered {
        plan: Box<ColumnPlan>,
        origin: f64,
        spacing: f64,
    },
}

/// Numbered values are the same when they number the same values (ranges: of the same subtype,
/// spacing and length limit).
impl PartialEq for Indexed {
    fn eq(&self, other: &Indexed) -> bool {
        match (self, other) {
            (Indexed::Literal(a), Indexed::Literal(b)) => a == b,
            (
                Indexed::Range { source: a, origin: oa, spacing: sa, max_len: ma },
                Indexed::Range { source: b, origin: ob, spacing: sb, max_len: mb },
            ) => a.bound.kind == b.bound.kind && a.discrete == b.discrete && oa == ob && sa == sb && ma == mb,
            (Indexed::Bytes { lo: la, hi: ha }, Indexed::Bytes { lo: lb, hi: hb }) => la == lb && ha == hb,
            (Indexed::Text { plan: a, email: ea, .. }, Indexed::Text { plan: b, email: eb, .. }) => {
                a.name == b.name && ea == eb
            }
            (
                Indexed::Ordered { plan: a, origin: oa, spacing: sa },
                Indexed::Ordered { plan: b, origin: ob, spacing: sb },
            ) => a.name == b.name && oa == ob && sa == sb,
            _ => false,
        }
    }
}

impl Indexed {
    pub fn nth(&self, n: u64, s: &mut Stream) -> Value {
        match self {
            Indexed::Literal(l) => Value::Text(l.nth(n, s)),
            Indexed::Range { source, origin, spacing, max_len } => {
                Value::Text(source.nth(n, *origin, *spacing, *max_len, s))
            }
            Indexed::Text { plan, email, locale } => {
                let persona = Persona::new(&mut Key(s.next_u64()).stream(0), *locale);
                let base = plan.value(s, &[], &persona);
                let base = match &base {
                    Value::Text(t) => t.as_str(),
                    _ => "",
                };
                // As the token carrier writes them: short columns in letters and digits, others
                // with the number; both ways the values of distinct numbers differ.
                let max = plan.rules.max_chars;
                match max {
                    Some(m) if m <= SHORT_CODE => short_code(n, m),
                    _ => with_token(base, n, *email, max),
                }
                .unwrap_or_else(|| Value::Text(n.saturating_add(1).to_string()))
            }
            Indexed::Bytes { lo, hi } => {
                // At least eight bytes hold the number; the rest is random.
                let len = (*lo + s.index(hi - lo + 1)).max(8);
                let mut b = super::misc::bytes(s, len);
                b[..8].copy_from_slice(&n.to_be_bytes());
                Value::Bytes(b)
            }
            Indexed::Ordered { plan, origin, spacing } => {
                let unit =
                    super::constraints::unit(plan.kind, plan.scale).max(if plan.kind.is_integer() { 1.0 } else { 0.0 });
                let room = if unit > 0.0 { ((spacing - unit) / unit).floor().max(0.0) } else { 0.0 };
                let shift = if unit > 0.0 {
                    (s.unit() * (room + 1.0)).floor().min(room) * unit
                } else {
                    s.unit() * spacing * 0.9
                };
                Value::from_axis(plan.kind, origin + n as f64 * spacing + shift, plan.scale)
            }
        }
    }
}

/// A composite key led by a foreign key, filled parent by parent: the assigner gives each parent
/// its number of children and numbers them 0, 1, 2 …. The rest of the key is that number for a
/// single integer range (order, line number 1, 2, 3 …); otherwise it is drawn round-robin from
/// the rest's combinations (a parent's children sit next to each other in the assigner's order,
/// so they take distinct combinations, and every combination is used about equally often).
#[derive(Clone, Debug)]
pub struct Group {
    /// The position of the leading foreign key in `positions`.
    pub position: usize,
    pub assigner: DegreeAssigner,
    pub key: u64,
}

impl Carrier {
    /// The number of distinct values the carrier can produce.
    pub fn capacity(&self) -> u64 {
        match self {
            Carrier::Sequence { start, max, .. } => {
                (*max as i128 - *start as i128 + 1).clamp(0, u64::MAX as i128) as u64
            }
            Carrier::Lattice { perm, .. }
            | Carrier::Product { perm, .. }
            | Carrier::Pattern { perm, .. }
            | Carrier::Checked { perm, .. }
            | Carrier::Indexed { perm, .. } => perm.len(),
            Carrier::Grid { points, .. } => *points,
            Carrier::Token { max_chars, .. } => token_capacity(*max_chars),
            Carrier::Uuid { .. } => u64::MAX,
        }
    }

    /// Columns whose values the carrier decides (the token carrier only decorates its column).
    pub fn column(&self) -> Option<usize> {
        match self {
            Carrier::Sequence { col, .. }
            | Carrier::Lattice { col, .. }
            | Carrier::Grid { col, .. }
            | Carrier::Token { col, .. }
            | Carrier::Pattern { col, .. }
            | Carrier::Checked { col, .. }
            | Carrier::Uuid { col, .. }
            | Carrier::Indexed { col, .. } => Some(*col),
            Carrier::Product { .. } => None,
        }
    }

    /// The value of a single-column carrier for `slot`; `base` is the column's own value (used by
    /// the token carrier). `None` when the slot is past the carrier's capacity.
    pub fn value(&self, slot: u64, base: &Value, s: &mut Stream) -> Option<Value> {
        match self {
            Carrier::Grid { kind, scale, unit, points, cells, perm, .. } => {
                if slot >= *points {
                    return None;
                }
                let width = unit * *points as f64;
                let cell = (base.axis()? / width).floor().clamp(cells.0 as f64, cells.1 as f64);
                Some(Value::from_axis(*kind, cell * width + perm.apply(slot) as f64 * unit, *scale))
            }
            Carrier::Sequence { start, max, first_slot, .. } => {
                let v = *start as i128 + (slot as i128 - *first_slot as i128);
                (v <= *max as i128).then_some(Value::Int(v as i64))
            }
            Carrier::Lattice { kind, scale, strata, per_stratum, perm, .. } => {
                if slot >= perm.len() {
                    return None;
                }
                let p = perm.apply(slot);
                let st = strata[(p / per_stratum) as usize];
                Some(Value::from_axis(*kind, st.lo + (p % per_stratum) as f64 * st.step, *scale))
            }
            Carrier::Token { max_chars: Some(m), .. } if *m <= SHORT_CODE => short_code(slot, *m),
            Carrier::Token { email, max_chars, .. } => {
                let base = match base {
                    Value::Text(t) => t.as_str(),
                    _ => "",
                };
                with_token(base, slot, *email, *max_chars)
            }
            Carrier::Pattern { pattern, numbering, perm, pad_to, .. } => {
                if slot >= perm.len() {
                    return None;
                }
                let base = match base {
                    Value::Text(t) if pad_to.is_some() => t.trim_end_matches(' '),
                    Value::Text(t) => t.as_str(),
                    _ => "",
                };
                let v = pattern.with_number(base, numbering, perm.apply(slot), s);
                Some(Value::Text(match pad_to {
                    Some(n) => super::text::pad_chars(&v, *n),
                    None => v,
                }))
            }
            Carrier::Checked { kind, width, perm, .. } => {
                if slot >= perm.len() {
                    return None;
                }
                let base = match base {
                    Value::Text(t) => t.as_str(),
                    _ => "",
                };
                let number = perm.apply(slot);
                // A value the generator did not make whole (a CHECK rewrote it) is numbered instead.
                match renumber(*kind, base, number, *width) {
                    Some(v) => Some(Value::Text(v)),
                    None => with_token(base, number, false, None),
                }
            }
            Carrier::Uuid { mask, .. } => Some(Value::Uuid(super::misc::uuid_for_slot(s, slot, *mask))),
            Carrier::Indexed { values, perm, .. } => (slot < perm.len()).then(|| values.nth(perm.apply(slot), s)),
            Carrier::Product { .. } => None,
        }
    }

    /// The slot a lattice carrier gives `v` for, when `v` is one of its points (the inverse of
    /// [`Carrier::value`]); `None` for other carriers and other values.
    pub fn slot_of(&self, v: &Value) -> Option<u64> {
        let Carrier::Lattice { kind, scale, strata, per_stratum, perm, .. } = self else { return None };
        let x = v.axis()?;
        for (i, st) in strata.iter().enumerate() {
            if st.step <= 0.0 {
                continue;
            }
            let k = ((x - st.lo) / st.step).round();
            if !(0.0..*per_stratum as f64).contains(&k) {
                continue;
            }
            if Value::from_axis(*kind, st.lo + k * st.step, *scale) == *v {
                return Some(perm.invert(i as u64 * per_stratum + k as u64));
            }
        }
        None
    }

    /// The domain index of each position of a grouped product carrier for row `i` of this call.
    /// `retry` counts the times the row's key was refused (a CHECK over the key's columns): it
    /// moves the rest of the key past the places of the parent's other children that many
    /// times, while the rest has room (so it never meets a sibling's).
    pub fn grouped_digits(&self, i: u64, retry: u64) -> Option<Vec<u64>> {
        let Carrier::Product { positions, group: Some(g), .. } = self else {
            return None;
        };
        let (parent, rank, place) = g.assigner.parent_and_rank(i);
        let rest: Vec<&Domain> =
            positions.iter().enumerate().filter(|(k, _)| *k != g.position).map(|(_, (_, d))| d).collect();
        let size =
            rest.iter().fold(1u128, |acc, d| acc.saturating_mul(u128::from(d.size()))).min(u128::from(u64::MAX)) as u64;
        if rank >= size {
            return None;
        }
        // Past the places of the parent's other children, once per refusal, while there is room.
        let step = retry.saturating_mul(g.assigner.max_children());
        let moved = |at: u64| if rank.saturating_add(step) < size { at + step } else { at };
        let mut x = match rest.as_slice() {
            // A parent's children numbered 0, 1, 2 …: line numbers, ranges one after another,
            // or the values of a column in the order of their shares (its first child takes the
            // commonest value, as `seq = '1'` is the commonest line of a food's weights).
            [Domain::IntRange { .. } | Domain::Indexed { .. } | Domain::Values(_)] => moved(rank),
            _ => Permutation::new(size, g.key).apply(moved(place) % size),
        };
        let mut out = Vec::with_capacity(positions.len());
        for (k, (_, d)) in positions.iter().enumerate() {
            if k == g.position {
                out.push(parent);
            } else {
                let radix = d.size().max(1);
                out.push(x % radix);
                x /= radix;
            }
        }
        Some(out)
    }

    /// The domain index of each position of a product carrier for `slot`.
    pub fn digits(&self, slot: u64) -> Option<Vec<u64>> {
        let Carrier::Product { positions, perm, .. } = self else {
            return None;
        };
        if slot >= perm.len() {
            return None;
        }
        let mut x = perm.apply(slot);
        let mut out = Vec::with_capacity(positions.len());
        for (_, d) in positions {
            let size = d.size().max(1);
            out.push(x % size);
            x /= size;
        }
        Some(out)
    }
}

/// Text columns this short hold their slot written in base 36 (`char(2)` holds 1296 keys).
pub const SHORT_CODE: usize = 6;

/// `slot` in base 36 (letters, then digits) padded with `A` to exactly `len` characters.
/// How many distinct values numbered text of at most `max_chars` characters has: short columns
/// are written in letters and digits ([`short_code`]), longer ones carry a number.
pub fn token_capacity(max_chars: Option<usize>) -> u64 {
    match max_chars {
        Some(m) if m <= SHORT_CODE => 36u64.pow(m as u32),
        Some(m) => 10u64.saturating_pow(m.min(19) as u32) - 1,
        None => u64::MAX,
    }
}

pub fn short_code(slot: u64, len: usize) -> Option<Value> {
    const DIGITS: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    if len == 0 || (len < 13 && slot >= 36u64.pow(len as u32)) {
        return None;
    }
    let mut out = vec![b'A'; len];
    let mut x = slot;
    for c in out.iter_mut().rev() {
        *c = DIGITS[(x % 36) as usize];
        x /= 36;
    }
    Some(Value::Text(String::from_utf8_lossy(&out).into_owned()))
}

/// `base` with a number appended so that distinct slots give distinct strings: trailing digits and
/// separators are stripped from the base, so the final run of digits, read as a number, is exactly
/// `slot + 1`. Emails take the number at the end of their local part (`anna.smith41@…`), codes in
/// capitals a zero-padded one (`SKU-00041`), other text a dash and the number.
pub fn with_token(base: &str, slot: u64, email: bool, max_chars: Option<usize>) -> Option<Value> {
    let n = slot.saturating_add(1);
    let (local, domain) = match (email, base.rfind('@')) {
        (true, Some(at)) => (&base[..at], &base[at..]),
        _ => (base, ""),
    };
    let trim =
        |s: &str| s.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '-' | '_' | ' ')).to_string();
    let code_like = !email
        && !trim(local).is_empty()
        && local.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    let sep = if email { "" } else { "-" };
    let fits = |token: &str| max_chars.is_none_or(|m| m > token.len() + sep.len() + domain.chars().count());
    let padded = format!("{n:05}");
    let token = if code_like && fits(&padded) { padded } else { n.to_string() };
    let room = max_chars.map(|m| m.checked_sub(token.len() + sep.len() + domain.chars().count()));
    let keep = match room {
        Some(None) => {
            // No room for the domain: the bare number still fits, or nothing does.
            return max_chars.filter(|m| *m >= token.len()).map(|_| Value::Text(token));
        }
        Some(Some(r)) => r,
        None => usize::MAX,
    };
    let trimmed = trim(super::text::truncate_chars(local, keep));
    let sep = if trimmed.is_empty() { "" } else { sep };
    Some(Value::Text(format!("{trimmed}{sep}{token}{domain}")))
}

/// A range `[lo, lo + per_stratum × step)` of lattice points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stratum {
    pub lo: f64,
    pub step: f64,
}

/// Strata from histogram bounds (equal mass between neighbours) with points at least `unit`
/// apart; `None` when some bucket is too narrow to hold `needed / buckets` points.
pub fn strata_from_histogram(hist: &[f64], unit: f64, needed: u64) -> Option<(Vec<Stratum>, u64)> {
    let buckets: Vec<(f64, f64)> = hist.windows(2).map(|w| (w[0], w[1])).filter(|(a, b)| b > a).collect();
    if buckets.is_empty() {
        return None;
    }
    let per_needed = needed.div_ceil(buckets.len() as u64).max(1);
    let unit = if unit > 0.0 { unit } else { f64::EPSILON };
    let per_fit = buckets.iter().map(|(a, b)| ((b - a) / unit).floor() as u64).min()?;
    if per_fit < per_needed {
        return None;
    }
    // Room for every slot in each stratum when the buckets allow (see `Ranked`).
    let per = per_fit.min(per_needed.saturating_mul(4).max(needed)).max(per_needed);
    Some((buckets.iter().map(|(a, b)| Stratum { lo: *a, step: (b - a) / per as f64 }).collect(), per))
}

/// A unique constraint and how it is kept.
#[derive(Clone, Debug)]
pub struct UniquePlan {
    pub name: String,
    /// All columns of the constraint (the fingerprint of existing rows is taken over these).
    pub columns: Vec<usize>,
    pub carrier: Carrier,
    /// Fingerprints of the rows already in the table, when collisions are possible.
    pub existing: Option<HashSet<u64>>,
    /// For a small product of domains next to existing rows: the slots still free, in order, so
    /// row `i` takes the `i`-th (a crowded key space cannot rely on retries).
    pub free_slots: Option<Vec<u64>>,
    /// Keys compare text without regard to case (a unique index on `lower(column)`).
    pub fold: bool,
}

/// The fingerprint of a key: a stable hash of its values' canonical text.
pub fn fingerprint<'a>(values: impl Iterator<Item = (&'a Value, TypeKind)>) -> u64 {
    fingerprint_key(values, false)
}

/// As [`fingerprint`], for a key that compares text without regard to case when `fold` (a
/// unique index on `lower(column)`).
pub fn fingerprint_key<'a>(values: impl Iterator<Item = (&'a Value, TypeKind)>, fold: bool) -> u64 {
    let mut buf = String::new();
    for (v, kind) in values {
        let text = match (v, kind) {
            (Value::Text(t), TypeKind::Char) if fold => t.trim_end_matches(' ').to_lowercase(),
            (Value::Text(t), TypeKind::Char) => t.trim_end_matches(' ').to_string(),
            // citext keys collide whatever their case.
            (Value::Text(t), TypeKind::Citext) => t.to_lowercase(),
            (Value::Text(t), k) if fold && k.is_text() => t.to_lowercase(),
            _ => v.to_text(kind),
        };
        buf.push_str(&text);
        buf.push('\u{1f}');
    }
    stable_hash(buf.as_bytes())
}

impl UniquePlan {
    /// True when `row` repeats a key that was already in the table.
    pub fn collides(&self, row: &[Value], kinds: &[TypeKind]) -> bool {
        let Some(existing) = &self.existing else {
            return false;
        };
        if self.columns.iter().any(|c| row[*c].is_null()) {
            return false;
        }
        existing.contains(&fingerprint_key(self.columns.iter().map(|c| (&row[*c], kinds[*c])), self.fold))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Key;

    fn text(v: Option<Value>) -> String {
        match v {
            Some(Value::Text(t)) => t,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn tokens_make_any_bases_distinct() {
        let mut seen = HashSet::new();
        let bases = ["anna.smith12@example.com", "anna.smith1@example.com", "anna.smith@example.com"];
        for slot in 0..300u64 {
            for b in bases {
                let v = text(with_token(b, slot, true, Some(40)));
                assert!(v.ends_with("@example.com"), "{v}");
                assert!(v.chars().count() <= 40);
                seen.insert((v, slot));
            }
        }
        let values: HashSet<String> = seen.iter().map(|(v, _)| v.clone()).collect();
        assert_eq!(values.len(), 300, "each slot gives one value whatever the base");
        assert_eq!(text(with_token("SKU-12", 6, false, Some(12))), "SKU-00007");
        assert_eq!(text(with_token("SKU-12", 6, false, Some(6))), "SKU-7");
        assert_eq!(text(with_token("Oak Table", 6, false, None)), "Oak Table-7");
        assert_eq!(text(with_token("anna.smith@example.com", 40, true, None)), "anna.smith41@example.com");
        assert_eq!(text(with_token("Widget", 12344, false, Some(5))), "12345");
        assert_eq!(with_token("Widget", 123455, false, Some(5)), None);
    }

    #[test]
    fn pattern_carriers_number_codes_without_repeats() {
        let pattern = Pattern::parse("LLdd dLL").unwrap();
        let numbering = pattern.numbered(5000, 20_000).unwrap();
        let carrier = Carrier::Pattern {
            col: 0,
            perm: Permutation::new(numbering.capacity(), 11),
            pattern: pattern.clone(),
            numbering,
            pad_to: Some(9),
        };
        assert!(carrier.capacity() >= 20_000);
        let key = Key::from_seed(4);
        let mut seen = HashSet::new();
        for slot in 0..5000 {
            let v = text(carrier.value(slot, &Value::Text("AB12 3CD ".into()), &mut key.stream(slot)));
            assert_eq!(v.len(), 9, "{v:?} padded to char(9)");
            assert!(pattern.matches(v.trim_end()), "{v}");
            assert!(seen.insert(v.clone()), "{v} repeated");
        }
        assert_eq!(carrier.value(carrier.capacity(), &Value::Null, &mut key.stream(0)), None);
    }

    #[test]
    fn short_columns_count_in_letters_and_digits() {
        let codes: HashSet<String> = (0..1296).map(|s| text(short_code(s, 2))).collect();
        assert_eq!(codes.len(), 1296);
        assert!(codes.iter().all(|c| c.len() == 2));
        assert_eq!(text(short_code(0, 2)), "AA");
        assert_eq!(short_code(1296, 2), None);
        let carrier = Carrier::Token { col: 0, email: false, max_chars: Some(2) };
        assert_eq!(carrier.capacity(), 1296);
        assert_eq!(Carrier::Token { col: 0, email: false, max_chars: Some(8) }.capacity(), 99_999_999);
    }

    #[test]
    fn lattices_and_sequences_never_repeat() {
        let lat = Carrier::Lattice {
            col: 0,
            kind: TypeKind::Integer,
            scale: 0,
            strata: vec![Stratum { lo: 10.0, step: 1.0 }],
            per_stratum: 100,
            perm: Permutation::new(100, 9),
        };
        let mut s = Key::from_seed(1).stream(0);
        let vals: HashSet<i64> = (0..100)
            .map(|slot| match lat.value(slot, &Value::Null, &mut s) {
                Some(Value::Int(v)) => v,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(vals.len(), 100);
        assert!(vals.iter().all(|v| (10..110).contains(v)));
        assert_eq!(lat.value(100, &Value::Null, &mut s), None);
        let seq = Carrier::Sequence { col: 0, start: 5, max: 6, first_slot: 3 };
        assert_eq!(seq.value(3, &Value::Null, &mut s), Some(Value::Int(5)));
        assert_eq!(seq.value(4, &Value::Null, &mut s), Some(Value::Int(6)));
        assert_eq!(seq.value(5, &Value::Null, &mut s), None);
    }

    #[test]
    fn grids_keep_each_value_near_its_own_and_never_repeat() {
        let grid = Carrier::Grid {
            col: 0,
            kind: TypeKind::Bigint,
            scale: 0,
            unit: 1.0,
            points: 100,
            cells: (0, 1000),
            perm: Permutation::new(100, 3),
        };
        let mut s = Key::from_seed(1).stream(0);
        let mut seen = HashSet::new();
        for slot in 0..100u64 {
            // Every row asks for one of two values: each lands in that value's cell.
            let base = if slot % 2 == 0 { 250 } else { 70_000 };
            let Some(Value::Int(v)) = grid.value(slot, &Value::Int(base), &mut s) else { panic!() };
            assert_eq!(v / 100, base / 100, "{base} moved to {v}");
            assert!(seen.insert(v), "{v} repeated");
        }
        assert_eq!(grid.value(100, &Value::Int(5), &mut s), None, "slots past the cell's points are refused");
        let Some(Value::Int(v)) = grid.value(0, &Value::Int(10_000_000), &mut s) else { panic!() };
        assert!(v < 100_100, "kept inside the cells of the bounds: {v}");
    }

    #[test]
    fn histogram_strata_keep_the_shape_and_uniqueness() {
        // Half the mass in [0, 10), half in [10, 1000).
        let (strata, per) = strata_from_histogram(&[0.0, 10.0, 1000.0], 1.0, 20).unwrap();
        let lat = Carrier::Lattice {
            col: 0,
            kind: TypeKind::Bigint,
            scale: 0,
            perm: Permutation::new(per * 2, 4),
            strata,
            per_stratum: per,
        };
        let mut s = Key::from_seed(1).stream(0);
        let vals: Vec<i64> = (0..20)
            .map(|slot| match lat.value(slot, &Value::Null, &mut s) {
                Some(Value::Int(v)) => v,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(vals.iter().collect::<HashSet<_>>().len(), 20);
        let low = vals.iter().filter(|v| **v < 10).count();
        assert!((6..=14).contains(&low), "{vals:?}");
        assert!(strata_from_histogram(&[0.0, 3.0, 1000.0], 1.0, 20).is_none(), "a 3-wide bucket cannot hold 10 values");
    }

    #[test]
    fn products_enumerate_every_combination_once() {
        let positions =
            vec![(None, Domain::Parent { fk: 0, count: 7 }), (Some(1), Domain::IntRange { lo: 1, count: 5 })];
        let p = Carrier::Product { positions, perm: Permutation::new(35, 3), group: None };
        let combos: HashSet<Vec<u64>> = (0..35).filter_map(|slot| p.digits(slot)).collect();
        assert_eq!(combos.len(), 35);
        assert!(p.digits(35).is_none());
    }

    #[test]
    fn grouped_keys_number_lines_per_parent() {
        use crate::profile::ChildrenPerParent;
        let model = ChildrenPerParent { bins: vec![(0, 0, 0.2), (1, 5, 0.8)], ..Default::default() };
        let assigner = DegreeAssigner::new(&model, 30, 60, Key::from_seed(2)).unwrap();
        let positions =
            vec![(None, Domain::Parent { fk: 0, count: 30 }), (Some(1), Domain::IntRange { lo: 1, count: 50 })];
        let group = Group { position: 0, assigner, key: 9 };
        let c = Carrier::Product { positions, perm: Permutation::new(1500, 1), group: Some(Box::new(group)) };
        let mut lines: std::collections::HashMap<u64, Vec<u64>> = Default::default();
        for i in 0..60 {
            let d = c.grouped_digits(i, 0).unwrap();
            lines.entry(d[0]).or_default().push(1 + d[1]);
        }
        for l in lines.values_mut() {
            l.sort_unstable();
            assert_eq!(*l, (1..=l.len() as u64).collect::<Vec<_>>(), "line numbers count 1, 2, 3 …");
        }
    }

    #[test]
    fn fingerprints_ignore_char_padding() {
        let a = fingerprint([(&Value::Text("ab  ".into()), TypeKind::Char)].into_iter());
        let b = fingerprint([(&Value::Text("ab".into()), TypeKind::Char)].into_iter());
        assert_eq!(a, b);
        let c = fingerprint([(&Value::Int(1), TypeKind::Integer), (&Value::Int(23), TypeKind::Integer)].into_iter());
        let d = fingerprint([(&Value::Int(12), TypeKind::Integer), (&Value::Int(3), TypeKind::Integer)].into_iter());
        assert_ne!(c, d);
    }
}

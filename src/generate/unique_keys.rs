//! Which carrier keeps each unique key of the table: one column alone when it has room (a
//! sequence, a lattice over its bounds or histogram, a grid near its drawn values, UUIDs, codes
//! that keep their pattern, checksum-valid numbers, tokens), else the key's columns together (a
//! product of their domains, filled parent by parent when a foreign key leads). How a carrier
//! turns a slot into values is in `unique`.

use super::column::{ColumnPlan, Source};
use super::constraints;
use super::parents::ParentChoice;
use super::unique::{self, Carrier, Domain, UniquePlan};
use super::{degree, hints, scalar, text, Context, ExistingKeys, TablePlan};
use crate::error::{Code, Result, SynthError};
use crate::permute::Permutation;
use crate::profile::{ChildrenPerParent, ExclusionConstraint, KeyConstraint, TableProfile, TypeKind};
use crate::semantic::TextKind;
use crate::value::Value;

/// Product keys with at most this many combinations are walked for free slots when the table
/// already has rows.
const FREE_SLOT_WALK: u64 = 1 << 22;

impl TablePlan {
    pub(super) fn plan_uniques(&mut self, profile: &TableProfile, ctx: &Context) -> Result<()> {
        let mut keys: Vec<KeySpec> = Vec::new();
        for (u, uk) in profile.unique_keys().enumerate() {
            let cols: Option<Vec<usize>> = uk.columns.iter().map(|c| profile.column_index(c)).collect();
            let Some(cols) = cols else { continue };
            let existing = ctx.uniques.get(u).cloned().unwrap_or_default();
            keys.push(KeySpec {
                name: uk.name.clone(),
                cols,
                nulls_not_distinct: uk.nulls_not_distinct,
                fold: uk.case_insensitive,
                existing,
                apart: None,
            });
        }
        for (x, ex) in profile.exclusions.iter().enumerate() {
            keys.push(self.exclusion_key(profile, ex, ctx.exclusion_floors.get(x).copied().flatten())?);
        }
        for key in keys {
            self.plan_key(profile, key)?;
        }
        Ok(())
    }

    /// An EXCLUDE constraint as a key: its `=` columns, and the range compared with `&&`, which
    /// takes ranges kept apart, one slot of a timeline per row of a key (after `floor`, the end
    /// of the ranges already there). Other forms are refused, naming the constraint.
    fn exclusion_key(&self, profile: &TableProfile, ex: &ExclusionConstraint, floor: Option<f64>) -> Result<KeySpec> {
        let refuse = |why: String| {
            SynthError::new(
                Code::FeatureNotSupported,
                format!("cannot keep exclusion constraint \"{}\" of {}: {why}", ex.name, self.table),
            )
            .hint("synthdata keeps EXCLUDE constraints of columns compared with = and at most one range compared with &&, such as EXCLUDE USING gist (room WITH =, during WITH &&).")
        };
        let mut cols = Vec::new();
        let mut apart = None;
        for e in &ex.elements {
            let Some(name) = &e.column else { return Err(refuse("it compares an expression".into())) };
            let Some(c) = profile.column_index(name) else { return Err(refuse(format!("no column \"{name}\""))) };
            match (e.operator.as_str(), &self.columns[c].source) {
                ("=", _) => cols.push(c),
                ("&&", Source::Range(r)) if apart.is_none() => {
                    let width = r.slot_width();
                    let origin = floor.map(|f| f + r.step());
                    let values = unique::Indexed::Range {
                        source: r.clone(),
                        origin,
                        spacing: width,
                        max_len: Some(width - r.step()),
                    };
                    apart = Some((c, values));
                }
                ("&&", _) => {
                    return Err(refuse(format!("column \"{name}\" is compared with && but is not a range column")))
                }
                (op, _) => return Err(refuse(format!("column \"{name}\" is compared with {op}"))),
            }
        }
        if let Some((c, _)) = &apart {
            cols.push(*c);
        }
        Ok(KeySpec {
            name: ex.name.clone(),
            cols,
            nulls_not_distinct: true,
            fold: false,
            existing: ExistingKeys::default(),
            apart,
        })
    }

    fn plan_key(&mut self, profile: &TableProfile, key: KeySpec) -> Result<()> {
        let KeySpec { name, cols, nulls_not_distinct, fold, existing, apart } = key;
        let uk = KeyConstraint { name, columns: vec![], nulls_not_distinct, case_insensitive: fold };
        {
            // PostgreSQL numbers identity and serial columns itself.
            if cols.iter().any(|c| !self.columns[*c].is_generated() && profile.columns[*c].is_sequence_backed()) {
                return Ok(());
            }
            // A key with a column that is always NULL here (a self-reference linked afterwards)
            // holds by itself: NULLs are distinct.
            let always_null = |c: usize| matches!(&self.columns[c].source, Source::Choice { values, .. } if values.iter().all(Value::is_null));
            if !nulls_not_distinct && apart.is_none() && cols.iter().any(|&c| always_null(c)) {
                return Ok(());
            }
            let gen: Vec<usize> = cols.iter().copied().filter(|c| self.columns[*c].is_generated()).collect();
            // Rows that differ on the `=` columns of an exclusion constraint never conflict.
            let compared: Vec<usize> =
                gen.iter().copied().filter(|c| apart.as_ref().is_none_or(|(a, _)| a != c)).collect();
            if gen.is_empty() || (!compared.is_empty() && self.covered(&compared)) {
                return Ok(());
            }
            let needed = self.existing + self.rows;
            // One column carries the key when it alone has room; otherwise the columns together.
            // An exclusion constraint's ranges are kept apart, alone or per key of its `=` columns.
            let mut single = None;
            match &apart {
                Some((c, values)) if compared.is_empty() => {
                    let perm = Permutation::new(needed.max(1), self.columns[*c].key.derive("apart").0);
                    single = Some(Carrier::Indexed { col: *c, values: values.clone(), perm });
                }
                Some(_) => {}
                None => {
                    for c in gen.iter().copied().filter(|c| self.can_carry(*c)) {
                        let max =
                            cols.iter().position(|k| *k == c).and_then(|p| existing.max_int.get(p).copied().flatten());
                        let carrier = self.single_carrier(c, max)?;
                        if carrier.capacity() >= needed {
                            single = Some(carrier);
                            break;
                        }
                    }
                }
            }
            let carrier = match single {
                Some(c) => c,
                None => self.product_carrier(&gen, &uk.name, apart.as_ref())?,
            };
            if carrier.capacity() < needed && self.fit_to_keys {
                // Fewer rows, as many as the key has room for; the keys kept after fit them.
                let room = carrier.capacity().saturating_sub(self.existing);
                self.row_limit = Some(self.row_limit.map_or(room, |r| r.min(room)));
                self.rows = room.max(1);
            } else if carrier.capacity() < needed {
                return Err(SynthError::new(
                    Code::UniqueViolation,
                    format!("unique constraint \"{}\" of {} allows at most {} distinct keys", uk.name, self.table, carrier.capacity()),
                )
                .detail(format!("The table has {} rows and {} more were requested.", self.existing, self.rows))
                .hint("Ask for fewer rows, or widen the key's domain (its CHECK constraints, enum labels or parent rows)."));
            }
            let index = self.uniques.len();
            match &carrier {
                Carrier::Product { positions, .. } => {
                    for (pos, (col, domain)) in positions.iter().enumerate() {
                        match (col, domain) {
                            (Some(c), _) => {
                                self.columns[*c].source = Source::KeyPart { unique: index, position: pos };
                                self.columns[*c].null_frac = 0.0;
                            }
                            (None, Domain::Parent { fk, .. } | Domain::Subset { fk, .. }) => {
                                self.fks[*fk].by_key = true;
                                self.fks[*fk].null_frac = 0.0;
                            }
                            (None, _) => {}
                        }
                    }
                }
                c => {
                    if let Some(col) = c.column() {
                        self.columns[col].unique = Some(index);
                        if uk.nulls_not_distinct {
                            self.columns[col].null_frac = 0.0;
                        }
                    }
                    if let Carrier::Token { col, .. } = c {
                        let plan = &mut self.columns[*col];
                        if let Some(p) = &plan.pattern {
                            plan.note = Some(format!(
                                "column \"{}\" of {}: its values follow the pattern {p}, which has {} distinct values, too few for {needed} rows of unique constraint \"{}\"; generated values are numbered instead and do not keep the pattern",
                                plan.name,
                                self.table,
                                p.capacity().min(u128::from(u64::MAX)),
                                uk.name
                            ));
                        }
                    }
                }
            }
            let collisions_possible =
                self.existing > 0 && !matches!(carrier, Carrier::Sequence { .. } | Carrier::Uuid { .. });
            let mut plan = UniquePlan {
                name: uk.name.clone(),
                columns: cols,
                carrier,
                existing: if collisions_possible { existing.fingerprints } else { None },
                free_slots: None,
                fold,
            };
            plan.free_slots = self.free_slots(&plan)?;
            self.uniques.push(plan);
        }
        Ok(())
    }

    /// The free slots of a product key next to existing rows, when its space is small enough to
    /// walk (at most [`FREE_SLOT_WALK`] slots): the first `rows` slots whose key is not taken.
    fn free_slots(&mut self, u: &UniquePlan) -> Result<Option<Vec<u64>>> {
        let (Carrier::Product { positions, group: None, .. }, Some(existing)) = (&u.carrier, &u.existing) else {
            return Ok(None);
        };
        let space = u.carrier.capacity();
        if space > FREE_SLOT_WALK {
            return Ok(None);
        }
        let mut row = vec![Value::Null; self.columns.len()];
        let mut free = Vec::with_capacity(self.rows as usize);
        for slot in 0..space {
            if free.len() as u64 == self.rows {
                break;
            }
            let Some(digits) = u.carrier.digits(slot) else { break };
            for ((col, domain), d) in positions.iter().zip(digits) {
                match (col, domain) {
                    (_, Domain::Parent { fk, .. }) => {
                        for (part, c) in self.fks[*fk].columns.iter().enumerate() {
                            row[*c] = self.fks[*fk].parents.key_part(d, part);
                        }
                    }
                    (Some(c), Domain::Values(v)) => row[*c] = v[d as usize].clone(),
                    (Some(c), Domain::IntRange { lo, .. }) => row[*c] = Value::Int(lo + d as i64),
                    (Some(c), Domain::Indexed { values, .. }) => {
                        row[*c] = values.nth(d, &mut self.columns[*c].key.derive("indexed").stream(slot))
                    }
                    _ => {}
                }
            }
            if !existing
                .contains(&unique::fingerprint_key(u.columns.iter().map(|c| (&row[*c], self.kinds[*c])), u.fold))
            {
                free.push(slot);
            }
        }
        if (free.len() as u64) < self.rows && self.fit_to_keys {
            // As many rows as there are free keys (none: a trigger of the parent may have made
            // every child already).
            let room = free.len() as u64;
            self.row_limit = Some(self.row_limit.map_or(room, |r| r.min(room)));
            return Ok(Some(free));
        }
        if (free.len() as u64) < self.rows {
            return Err(SynthError::new(
                Code::UniqueViolation,
                format!("unique constraint \"{}\" of {} has only {} free keys left", u.name, self.table, free.len()),
            )
            .detail(format!("The table has {} rows and {} more were requested.", self.existing, self.rows))
            .hint(
                "Ask for fewer rows, or widen the key's domain (its CHECK constraints, enum labels or parent rows).",
            ));
        }
        Ok(Some(free))
    }

    /// A key is already unique when one of its columns is, or it contains another unique key.
    fn covered(&self, cols: &[usize]) -> bool {
        cols.iter().any(|c| self.columns[*c].unique.is_some())
            || self.uniques.iter().any(|u| match &u.carrier {
                Carrier::Product { positions, .. } => positions.iter().all(|(col, d)| match (col, d) {
                    (Some(c), _) => cols.contains(c),
                    (None, Domain::Parent { fk, .. } | Domain::Subset { fk, .. }) => {
                        self.fks[*fk].columns.iter().all(|c| cols.contains(c))
                    }
                    _ => false,
                }),
                _ => false,
            })
    }

    /// Whether a column can hold unique values on its own (a large, open domain).
    fn can_carry(&self, c: usize) -> bool {
        let col = &self.columns[c];
        let open = col.rules.allowed.is_none()
            && !matches!(col.source, Source::ForeignKey { .. } | Source::KeyPart { .. } | Source::Choice { .. })
            && common_values(col).is_none();
        let kind_ok = col.kind.is_ordered_scalar() || col.kind.is_text() || col.kind == TypeKind::Uuid;
        open && (kind_ok || self.indexed_of(c, 1).is_some()) && col.unique.is_none()
    }

    /// A grid for a column drawn from a distribution whose spread is wide compared with the room
    /// its unique values need (timestamps, amounts): each value stays in a small cell around the
    /// one its distribution (and the copula) gave, at most 1/50 of the spread wide.
    fn grid_carrier(&self, c: usize) -> Option<Carrier> {
        let col = &self.columns[c];
        let Source::Scalar(dist) = &col.source else { return None };
        let k = col.kind;
        let support = dist.support();
        let spread = support.hi - support.lo;
        let unit = match (k, col.time_precision) {
            (TypeKind::Timestamp | TypeKind::Timestamptz | TypeKind::Time | TypeKind::TimeTz, Some(p)) if p < 6 => {
                10f64.powi(6 - p as i32)
            }
            (TypeKind::Timestamp | TypeKind::Timestamptz | TypeKind::Time | TypeKind::TimeTz, _) => 1.0,
            (TypeKind::Real | TypeKind::Double, _) => spread / 1e9,
            // Integer keys count up after the rows already there (see `Carrier::Sequence`).
            (TypeKind::Numeric | TypeKind::Money | TypeKind::Date | TypeKind::PgLsn, _) => {
                constraints::unit(k, col.scale)
            }
            _ => return None,
        };
        // Room for the slots of a few retries next to existing rows.
        let points = (self.existing + self.rows).saturating_mul(4).max(64);
        let width = unit * points as f64;
        if !(spread.is_finite() && unit > 0.0 && spread >= 50.0 * width) {
            return None;
        }
        // Whole cells inside both the constraints' bounds and the distribution's support, so
        // that a value moved to its slot stays within the range the data shows.
        let bounds = col.rules.bounds.intersect(crate::generate::scalar::Bounds::new(support.lo, support.hi));
        const FAR: f64 = (1u64 << 52) as f64;
        let lo = if bounds.lo.is_finite() { (bounds.lo / width).ceil() } else { -FAR };
        let hi = if bounds.hi.is_finite() { (bounds.hi / width).floor() - 1.0 } else { FAR };
        (lo <= hi).then(|| Carrier::Grid {
            col: c,
            kind: k,
            scale: col.scale,
            unit,
            points,
            cells: (lo as i64, hi as i64),
            perm: Permutation::new(points, col.key.derive("unique").0),
        })
    }

    /// A carrier of a unique key by column `c` alone; `max` is the largest value already there.
    fn single_carrier(&self, c: usize, max: Option<i64>) -> Result<Carrier> {
        if let Some(grid) = self.grid_carrier(c) {
            return Ok(grid);
        }
        let col = &self.columns[c];
        let pkey = col.key.derive("unique").0;
        let needed = (self.existing + self.rows).saturating_mul(4).max(1024);
        if let Some((values, capacity)) = self.indexed_of(c, needed) {
            return Ok(Carrier::Indexed { col: c, values, perm: Permutation::new(capacity, pkey) });
        }
        Ok(match col.kind {
            k if k.is_integer() => {
                let (type_lo, type_hi) = int_range(k);
                let b = col.rules.bounds;
                let (lo, hi) = (b.lo.max(type_lo as f64).ceil() as i64, b.hi.min(type_hi as f64).floor() as i64);
                let span = (hi as i128 - lo as i128 + 1).max(0) as u64;
                if b.is_finite() && span <= 1 << 40 {
                    Carrier::Lattice {
                        col: c,
                        kind: k,
                        scale: 0,
                        strata: vec![unique::Stratum { lo: lo as f64, step: 1.0 }],
                        per_stratum: span,
                        perm: Permutation::new(span, pkey),
                    }
                } else {
                    let start = max.map_or(lo.max(1), |m| m.saturating_add(1).max(lo));
                    Carrier::Sequence { col: c, start, max: hi, first_slot: self.existing }
                }
            }
            TypeKind::Uuid => Carrier::Uuid { col: c, mask: pkey },
            k if k.is_text() => {
                // Codes keep their pattern: the slot is written into its rightmost positions.
                if let Some(p) = &col.pattern {
                    if let Some(numbering) = p.numbered(self.existing + self.rows, needed) {
                        let perm = Permutation::new(numbering.capacity(), pkey);
                        return Ok(Carrier::Pattern {
                            col: c,
                            pattern: p.clone(),
                            numbering,
                            perm,
                            pad_to: col.pad_to,
                        });
                    }
                }
                let semantic = match &col.source {
                    Source::Text(text::TextSource::Semantic(k)) => Some(*k),
                    Source::Mixed { rest, .. } => match rest.as_ref() {
                        Source::Text(text::TextSource::Semantic(k)) => Some(*k),
                        _ => None,
                    },
                    _ => None,
                };
                if semantic == Some(TextKind::Uuid) && col.rules.max_chars.is_none_or(|m| m >= 36) {
                    return Ok(Carrier::Uuid { col: c, mask: pkey });
                }
                // Card numbers and IBANs stay checksum-valid, phone numbers keep their format:
                // the slot goes into their last digits.
                if let Some(kind @ (TextKind::CreditCard | TextKind::Iban | TextKind::Phone)) = semantic {
                    let whole = match kind {
                        TextKind::Iban => 34,
                        TextKind::Phone => 20,
                        _ => 19,
                    };
                    let width = (1..=crate::semantic::renumber_width(kind)).find(|w| 10u64.pow(*w as u32) >= needed);
                    if let Some(width) = width.filter(|_| col.rules.max_chars.is_none_or(|m| m >= whole)) {
                        let perm = Permutation::new(10u64.pow(width as u32), pkey);
                        return Ok(Carrier::Checked { col: c, kind, width, perm });
                    }
                }
                let email = semantic == Some(TextKind::Email) || col.name.to_lowercase().contains("mail");
                Carrier::Token { col: c, email, max_chars: col.rules.max_chars }
            }
            k => {
                // Dates, times, numerics, floats: a lattice over the bounds or the usual range.
                let usual = match &col.source {
                    Source::Scalar(d) => d.support(),
                    _ => scalar::Bounds::ALL,
                };
                let b = col.rules.bounds.intersect(if usual.is_finite() {
                    usual
                } else {
                    hints::default_dist(k, &col.name).support()
                });
                let b = if b.is_finite() && !b.is_empty() {
                    b
                } else {
                    col.rules.bounds.intersect(scalar::Bounds::new(0.0, 1e6))
                };
                let step0 = match k {
                    TypeKind::Numeric | TypeKind::Money => constraints::unit(k, col.scale),
                    TypeKind::PgLsn => 8.0,
                    TypeKind::Date => 1.0,
                    TypeKind::Real | TypeKind::Double => ((b.hi - b.lo) / needed as f64).max(f64::MIN_POSITIVE),
                    _ => 1_000_000.0,
                };
                // A column with a histogram keeps its shape: one stratum per bucket.
                let unit = match (k, col.time_precision) {
                    (TypeKind::Timestamp | TypeKind::Timestamptz | TypeKind::Time | TypeKind::TimeTz, Some(p))
                        if p < 6 =>
                    {
                        10f64.powi(6 - p as i32)
                    }
                    _ => constraints::unit(k, col.scale).max(1.0_f64.min(step0)),
                };
                if let Source::Scalar(scalar::ScalarDist::Empirical(e)) = &col.source {
                    let clipped: Vec<f64> = e.hist.iter().map(|x| col.rules.bounds.clamp(*x)).collect();
                    if let Some((strata, per)) = unique::strata_from_histogram(&clipped, unit, needed) {
                        let perm = Permutation::new(per * strata.len() as u64, pkey);
                        return Ok(Carrier::Lattice {
                            col: c,
                            kind: k,
                            scale: col.scale,
                            strata,
                            per_stratum: per,
                            perm,
                        });
                    }
                }
                let mut step = step0;
                let mut count = ((b.hi - b.lo) / step).floor() as u64 + 1;
                // Too few lattice points in the usual range: keep the step and extend upward.
                if count < needed {
                    count = needed;
                    let hard = col.rules.bounds;
                    if hard.hi.is_finite() && b.lo + step * count as f64 > hard.hi {
                        step = ((hard.hi - b.lo) / needed as f64).max(constraints::unit(k, col.scale));
                        count = ((hard.hi - b.lo) / step).floor() as u64 + 1;
                    }
                }
                Carrier::Lattice {
                    col: c,
                    kind: k,
                    scale: col.scale,
                    strata: vec![unique::Stratum { lo: b.lo, step }],
                    per_stratum: count,
                    perm: Permutation::new(count, pkey),
                }
            }
        })
    }

    fn product_carrier(&self, cols: &[usize], name: &str, apart: Option<&(usize, unique::Indexed)>) -> Result<Carrier> {
        let mut positions: Vec<(Option<usize>, Domain)> = vec![];
        let mut seen_fks: Vec<usize> = vec![];
        for &c in cols {
            let col = &self.columns[c];
            if let Some((a, values)) = apart.filter(|(a, _)| *a == c) {
                let count = (self.existing + self.rows).max(1);
                positions.push((Some(*a), Domain::Indexed { values: values.clone(), count }));
                continue;
            }
            let domain = match (&col.source, &col.rules.allowed) {
                (Source::ForeignKey { fk, .. }, _) => {
                    if seen_fks.contains(fk) {
                        continue;
                    }
                    if !self.fks[*fk].columns.iter().all(|x| cols.contains(x)) {
                        return Err(unsupported_key(name, &self.table, "it holds part of a composite foreign key"));
                    }
                    seen_fks.push(*fk);
                    positions.push((None, Domain::Parent { fk: *fk, count: self.fks[*fk].parents.len() }));
                    continue;
                }
                // Integers of a key take their range, numbered within the key's other columns (an
                // order's lines 1, 2, 3 …), whatever values a sample showed: those may leave
                // too little room.
                (Source::Choice { values, .. }, _) if !(col.kind.is_integer() && col.rules.allowed.is_none()) => {
                    Domain::Values(values.iter().filter(|v| !v.is_null()).cloned().collect())
                }
                // Most-common values that hold nearly every row (a profile that left out the
                // rarest categories): those values, commonest first.
                (_, None) if common_values(col).is_some() => {
                    Domain::Values(common_values(col).into_iter().flatten().filter(|v| !v.is_null()).cloned().collect())
                }
                (Source::Bool { .. }, _) => Domain::Values(vec![Value::Bool(false), Value::Bool(true)]),
                (_, Some(a)) => Domain::Values(a.clone()),
                _ if col.kind.is_integer() && col.rules.bounds.is_finite() => {
                    let (lo, hi) = (col.rules.bounds.lo.ceil() as i64, col.rules.bounds.hi.floor() as i64);
                    Domain::IntRange { lo, count: (hi - lo + 1).max(0) as u64 }
                }
                _ if col.kind.is_integer() => {
                    // From the lowest value the data shows (line numbers from 1), else the type's.
                    let (min, hi) = int_range(col.kind);
                    let shown = match &col.source {
                        Source::Choice { values, .. } => values.iter().filter_map(Value::axis).reduce(f64::min),
                        Source::Scalar(d) => Some(d.support().lo),
                        _ => None,
                    };
                    let lo = shown.filter(|x| x.is_finite()).map_or(min, |x| (x.ceil() as i64).clamp(min, hi));
                    Domain::IntRange { lo, count: (hi as i128 - lo as i128 + 1).min(1 << 32) as u64 }
                }
                _ if self.indexed_of(c, 1).is_some() => {
                    let needed = (self.existing + self.rows).saturating_mul(4).max(1024);
                    match self.indexed_of(c, needed) {
                        Some((values, count)) => Domain::Indexed { values, count },
                        None => return Err(unsupported_key(name, &self.table, "a column's values cannot be numbered")),
                    }
                }
                // Text and ordered values of their own, numbered: distinct within the key's other
                // columns (an item's attribute names, a person's history dates).
                _ if col.kind.is_text() => {
                    let email = col.persona_kind() == Some(TextKind::Email) || col.name.to_lowercase().contains("mail");
                    let values = unique::Indexed::Text { plan: Box::new(col.clone()), email, locale: self.locale };
                    // No more than text of the column's length can tell apart (char(2): 1,296).
                    let room = unique::token_capacity(col.rules.max_chars);
                    Domain::Indexed { values, count: (self.existing + self.rows).max(1).min(room) }
                }
                _ if col.kind.is_ordered_scalar() => {
                    let count = (self.existing + self.rows).max(1);
                    let (origin, spacing) = self.ordered_spacing(c, count);
                    let values = unique::Indexed::Ordered { plan: Box::new(col.clone()), origin, spacing };
                    Domain::Indexed { values, count }
                }
                _ => {
                    return Err(unsupported_key(
                        name,
                        &self.table,
                        &format!("column \"{}\" has no enumerable domain", col.name),
                    ))
                }
            };
            positions.push((Some(c), domain));
        }
        let group = self.group_by_leading_parent(&positions, name);
        if let Some(g) = &group {
            // Numbered per parent: ordered values spread over their usual span for each parent.
            let per_parent = g.assigner.max_children().max(1);
            for (col, d) in positions.iter_mut() {
                if let (Some(c), Domain::Indexed { values: unique::Indexed::Ordered { origin, spacing, .. }, .. }) =
                    (col, d)
                {
                    (*origin, *spacing) = self.ordered_spacing(*c, per_parent);
                }
            }
        }
        if group.is_some() {
            // Grouped keys draw the other foreign keys from the parents the profile gives children.
            for (_, d) in positions.iter_mut().skip(1) {
                if let Domain::Parent { fk, .. } = d {
                    if let ParentChoice::Spread(a) = &self.fks[*fk].choice {
                        *d = Domain::Subset { fk: *fk, members: a.parents_with_children() };
                    }
                }
            }
        }
        let size = positions.iter().fold(1u128, |acc, (_, d)| acc.saturating_mul(u128::from(d.size())));
        let size = size.min(u128::from(u64::MAX)) as u64;
        Ok(Carrier::Product { positions, perm: Permutation::new(size, self.key.derive("key").derive(name).0), group })
    }

    /// The numbered values of column `c` (see [`indexed_with`]), a bytea column's within its lengths.
    fn indexed_of(&self, c: usize, needed: u64) -> Option<(unique::Indexed, u64)> {
        let col = &self.columns[c];
        let bytes = match &col.source {
            Source::Bytes { mean_len } => col.byte_lengths(*mean_len),
            _ => (0, 32),
        };
        indexed_with(&col.source, needed, bytes)
    }

    /// Where the numbered values of ordered column `c` start, and how far apart they are for
    /// `count` of them to cover its usual values (whole steps of its type, at least one).
    fn ordered_spacing(&self, c: usize, count: u64) -> (f64, f64) {
        let col = &self.columns[c];
        let usual = match &col.source {
            Source::Scalar(d) => d.support(),
            _ => hints::default_dist(col.kind, &col.name).support(),
        };
        let b = col.rules.bounds.intersect(usual);
        let b =
            if b.is_finite() && !b.is_empty() { b } else { col.rules.bounds.intersect(scalar::Bounds::new(0.0, 1e6)) };
        let unit = constraints::unit(col.kind, col.scale).max(if col.kind == TypeKind::Date || col.kind.is_integer() {
            1.0
        } else {
            0.0
        });
        let raw = (b.hi - b.lo) / count as f64;
        let spacing = if unit > 0.0 { (raw / unit).floor().max(1.0) * unit } else { raw.max(f64::MIN_POSITIVE) };
        (if b.lo.is_finite() { b.lo } else { 0.0 }, spacing)
    }

    /// A composite key whose first column is a foreign key is filled parent by parent when the
    /// table starts empty and no parent would get more children than the rest of the key can
    /// number.
    fn group_by_leading_parent(&self, positions: &[(Option<usize>, Domain)], name: &str) -> Option<Box<unique::Group>> {
        if self.existing > 0 || positions.len() < 2 {
            return None;
        }
        let (None, Domain::Parent { fk, count }) = &positions[0] else { return None };
        // A CHECK between the key's own columns (`tag1 < tag2`) leaves some parents too few
        // partners: the key's combinations are then drawn over the whole product, where the
        // refused ones give way to others.
        let key_columns: Vec<String> = positions
            .iter()
            .flat_map(|(c, d)| match (c, d) {
                (Some(c), _) => vec![*c],
                (None, Domain::Parent { fk, .. } | Domain::Subset { fk, .. }) => self.fks[*fk].columns.clone(),
                _ => vec![],
            })
            .map(|c| self.profile.columns[c].name.clone())
            .collect();
        let between_key_columns = self.row_checks.iter().any(|c| {
            let cols = c.clause.columns();
            cols.len() > 1 && cols.iter().all(|n| key_columns.contains(n))
        });
        if between_key_columns {
            return None;
        }
        let key = self.key.derive("group").derive(name);
        let assigner = match &self.fks[*fk].choice {
            ParentChoice::Spread(a) => a.clone(),
            _ => degree::DegreeAssigner::new(&ChildrenPerParent::even(), *count, self.rows, key)?,
        };
        // The rest as it will be: other foreign keys only among parents with children.
        let rest = positions[1..].iter().fold(1u128, |acc, (_, d)| {
            let size = match d {
                Domain::Parent { fk, count } => match &self.fks[*fk].choice {
                    ParentChoice::Spread(a) => a.parents_with_children().len() as u64,
                    _ => *count,
                },
                d => d.size(),
            };
            acc.saturating_mul(u128::from(size))
        });
        (u128::from(assigner.max_children()) <= rest)
            .then(|| Box::new(unique::Group { position: 0, assigner, key: key.0 }))
    }
}

/// A key to keep: a unique key, or an exclusion constraint whose range column `apart` takes
/// ranges kept apart.
struct KeySpec {
    name: String,
    cols: Vec<usize>,
    nulls_not_distinct: bool,
    /// Text compared without regard to case.
    fold: bool,
    existing: ExistingKeys,
    apart: Option<(usize, unique::Indexed)>,
}

/// The numbered values of a column drawn as literals, ranges or byte strings (`bytes`: the
/// fewest and most bytes of a bytea column), and how many of them a unique
/// key of `needed` slots walks: the literal type's usual domain (public IPv4 addresses, MAC
/// addresses of known makers) when it has room, else as many as needed; ranges spread over the
/// subtype's typical values.
fn indexed_with(source: &Source, needed: u64, bytes: (usize, usize)) -> Option<(unique::Indexed, u64)> {
    match source {
        // Eight bytes hold any number: a byte string of eight or more has room for every row.
        Source::Bytes { .. } if bytes.1 >= 8 => Some((unique::Indexed::Bytes { lo: bytes.0, hi: bytes.1 }, needed)),
        Source::Literal(l) if l.capacity() > 0 => {
            let n = l.natural().max(needed).min(l.capacity());
            Some((unique::Indexed::Literal(l.clone()), n))
        }
        Source::Range(r) => {
            let spacing = r.spread_spacing(needed);
            Some((unique::Indexed::Range { source: r.clone(), origin: None, spacing, max_len: None }, needed))
        }
        Source::Mixed { rest, .. } => indexed_with(rest, needed, bytes),
        _ => None,
    }
}

/// Share of the rows most-common values must hold for a key part to take its values from them.
const MCV_DOMAIN_SHARE: f64 = 0.99;

/// The most-common values of a column other than integers, when they hold nearly every row.
fn common_values(col: &ColumnPlan) -> Option<&Vec<Value>> {
    match &col.source {
        Source::Mixed { mcv, mcv_share, .. } if *mcv_share >= MCV_DOMAIN_SHARE && !col.kind.is_integer() => {
            match mcv.as_ref() {
                Source::Choice { values, .. } => Some(values),
                _ => None,
            }
        }
        _ => None,
    }
}

fn int_range(kind: TypeKind) -> (i64, i64) {
    match kind {
        TypeKind::Smallint => (i16::MIN.into(), i16::MAX.into()),
        TypeKind::Integer => (i32::MIN.into(), i32::MAX.into()),
        TypeKind::Oid => (0, u32::MAX.into()),
        _ => (i64::MIN, i64::MAX),
    }
}

pub(super) fn exhausted(name: &str, table: &str) -> SynthError {
    SynthError::new(
        Code::UniqueViolation,
        format!("ran out of distinct values for unique constraint \"{name}\" of {table}"),
    )
    .hint("Ask for fewer rows, or widen the key's domain.")
}

fn unsupported_key(name: &str, table: &str, why: &str) -> SynthError {
    SynthError::new(Code::FeatureNotSupported, format!("cannot keep unique constraint \"{name}\" of {table}: {why}"))
}

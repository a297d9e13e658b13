//! Assembling one row: the parents and key slots first, then the persona (moved to the row's
//! country once that column has its value), then each column in the plan's order, through the
//! scenario, the rules of the sample, the copula and the conditionals, redrawn as the row's
//! attempts say. Every value is a pure function of (seed, table, column, row, attempt).

use super::column::Source;
use super::joint::{self, Drawn, ParentRef};
use super::parents::ParentChoice;
use super::retry::Attempts;
use super::unique::{Carrier, Domain};
use super::unique_keys::exhausted;
use super::{scalar, TablePlan};
use crate::error::Result;
use crate::profile::TypeKind;
use crate::semantic::{Persona, TextKind};
use crate::value::Value;

/// The per-row working lists of [`TablePlan::generate`], kept between rows so that a row
/// allocates nothing for them (a row that fails leaves them behind; the next starts afresh).
#[derive(Default)]
struct Scratch {
    parent: Vec<Option<u64>>,
    chosen: Vec<Option<u64>>,
    base: Vec<f64>,
    u: Vec<f64>,
    group: Vec<Option<(f64, f64)>>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// `v` cleared and refilled with `n` copies of `x`, keeping its allocation.
fn reset<T: Clone>(v: &mut Vec<T>, n: usize, x: T) -> &mut Vec<T> {
    v.clear();
    v.resize(n, x);
    v
}

impl TablePlan {
    /// The generated value of every column for row `i` of this call, redrawn as `attempts` says
    /// (skipped columns are NULL).
    pub fn generate(&self, i: u64, attempts: &Attempts, out: &mut Vec<Value>) -> Result<()> {
        let g = self.existing + i;
        let slot = g + u64::from(attempts.slot) * self.rows;
        let redraws = |c: usize| attempts.columns.get(c).copied().unwrap_or(0);
        out.clear();
        // Past the columns: the parent rows' values that columns stay above (`after_parent`).
        out.resize(self.columns.len() + self.after_parent.len(), Value::Null);
        let mut scratch = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
        let parent = reset(&mut scratch.parent, self.fks.len(), None);
        for u in &self.uniques {
            let Carrier::Product { positions, group, .. } = &u.carrier else {
                continue;
            };
            let digits = match (group, &u.free_slots) {
                (Some(_), _) => u.carrier.grouped_digits(i, u64::from(attempts.slot)),
                (None, Some(free)) => free.get(i as usize).and_then(|s| u.carrier.digits(*s)),
                (None, None) => u.carrier.digits(slot),
            }
            .ok_or_else(|| exhausted(&u.name, &self.table))?;
            for ((col, domain), d) in positions.iter().zip(digits) {
                match (col, domain) {
                    (_, Domain::Parent { fk, .. }) => parent[*fk] = Some(d),
                    (_, Domain::Subset { fk, members }) => parent[*fk] = members.get(d as usize).copied(),
                    (Some(c), Domain::Values(v)) => out[*c] = v[d as usize].clone(),
                    (Some(c), Domain::IntRange { lo, .. }) => out[*c] = Value::Int(lo + d as i64),
                    (Some(c), Domain::Indexed { values, .. }) => {
                        out[*c] = values.nth(d, &mut self.columns[*c].key.derive("indexed").stream(slot))
                    }
                    (None, _) => {}
                }
            }
        }
        // Which columns of a group like `num_nonnulls(a, b) = 1` hold a value in this row.
        let forced = self.null_pattern(g, &redraws);
        let chosen = reset(&mut scratch.chosen, self.fks.len(), None);
        for (f, fk) in self.fks.iter().enumerate() {
            let redrawn = fk.columns.iter().map(|c| redraws(*c)).max().unwrap_or(0);
            let force = fk.columns.iter().find_map(|c| forced[*c]);
            let choice = match (parent[f], self.scenario.parent(f, i, redrawn)) {
                (Some(p), _) => Some(p),
                (None, _) if fk.by_key || force == Some(false) => None,
                (None, Some(Some(edge))) => Some(edge),
                (None, Some(None)) if force != Some(true) => None,
                (None, _) => {
                    let mut s = fk.key.derive_n(u64::from(redrawn)).stream(g);
                    if fk.parents.is_empty() || force != Some(true) && s.chance(fk.null_frac) {
                        None
                    } else {
                        match &fk.choice {
                            ParentChoice::Even => Some(s.below(fk.parents.len())),
                            ParentChoice::Popularity(d) => {
                                fk.parents.nearest(d.sample(&mut s, scalar::Bounds::ALL, fk.key))
                            }
                            ParentChoice::Spread(a) => Some(a.parent_of(i, redrawn)),
                            ParentChoice::ByValue(b) => b.parent_of(i, redrawn),
                        }
                    }
                }
            };
            if let Some(p) = choice {
                for (part, c) in fk.columns.iter().enumerate() {
                    out[*c] = fk.parents.key_part(p, part);
                }
            }
            chosen[f] = choice;
        }
        for (k, (f, values)) in self.after_parent.iter().enumerate() {
            if let Some(p) = chosen[*f] {
                out[self.columns.len() + k] = values.value(p, TypeKind::Double);
            }
        }
        let row_persona;
        // Drawn again on each attempt that rejected the row's persona (a real name, say).
        let persona_key = match attempts.persona {
            0 => self.key.derive("persona"),
            n => self.key.derive("persona").derive_n(u64::from(n)),
        };
        let mut persona = if self.persona {
            let key = persona_key;
            let avoid = |kind: TextKind| {
                self.columns.iter().find(|c| c.persona_kind() == Some(kind)).and_then(|c| c.avoid.as_deref())
            };
            row_persona = match (avoid(TextKind::FirstName), avoid(TextKind::LastName)) {
                (None, None) => Persona::new(&mut key.stream(g), self.locale),
                (first, last) => Persona::avoiding(&mut key.stream(g), self.locale, first, last),
            };
            &row_persona
        } else {
            &self.default_persona
        };
        // Each column's uniform: `base` decides NULL, `u` the value (through the copula).
        let n = self.columns.len();
        let base = reset(&mut scratch.base, n, 0.0);
        let u = reset(&mut scratch.u, n, 0.0);
        for (c, col) in self.columns.iter().enumerate() {
            // PostgreSQL's columns and parent keys draw nothing from them.
            if matches!(col.source, Source::Skip | Source::ForeignKey { .. }) {
                continue;
            }
            let b = match redraws(c) {
                0 => self.strata[c].unit(i),
                r => col.key.derive_n(u64::from(r)).derive("u").unit(g),
            };
            let nf = col.null_frac;
            base[c] = b;
            u[c] = if nf <= 0.0 {
                b
            } else if b >= nf && nf < 1.0 {
                (b - nf) / (1.0 - nf)
            } else {
                // A NULL row's value uniform is not used by the column: keep the copula fair.
                col.key.derive_n(u64::from(redraws(c))).derive("u-null").unit(g)
            };
        }
        if let Some(pre) = &self.pre_copula {
            pre.apply(u);
        }
        // Per column drawn as a category: where its uniform fell inside its value's share, and
        // the share of the call's rows in that group, so that a column drawn given it is
        // stratified within each group (exact conditional counts, not a sample of them).
        let group = reset(&mut scratch.group, n, None);
        let mut copula_pending = self.copula.is_some();
        let leaf = self.partitions.as_ref().map(|p| {
            let l = self.scenario.leaf(i).unwrap_or_else(|| self.key.derive("partition").stream(g).weighted(&p.cum));
            (l, &p.leaves[l])
        });
        let anomalous = self.scenario.anomalous(i);
        // Once the country column has its value, the persona moves there if it lives elsewhere.
        let anchor = self.country_anchor.filter(|_| self.persona);
        let anchor_at = anchor.and_then(|a| self.order.iter().position(|c| *c == a));
        let moved = std::cell::OnceCell::new();
        for (k, &c) in self.order.iter().enumerate() {
            if let (Some(a), Some(at)) = (anchor, anchor_at) {
                if k == at + 1 {
                    if let Value::Text(t) = &out[a] {
                        if let Some(there) =
                            crate::semantic::country_named(t).filter(|x| x.iso2 != persona.country().iso2)
                        {
                            persona = moved.get_or_init(|| {
                                persona.relocated(&mut persona_key.derive("relocate").stream(g), there)
                            });
                        }
                    }
                }
            }
            let col = leaf.and_then(|(_, l)| l.iter().find(|(k, _)| *k == c)).map_or(&self.columns[c], |(_, p)| p);
            if matches!(col.source, Source::Skip | Source::ForeignKey { .. } | Source::KeyPart { .. }) {
                continue;
            }
            if forced[c] == Some(false) {
                out[c] = Value::Null;
                continue;
            }
            let value_needed = forced[c] == Some(true);
            let mut s = match redraws(c) {
                0 => col.key.stream(g),
                n => col.key.derive_n(u64::from(n)).stream(g),
            };
            if !self.scenario.is_typical() {
                let at = leaf.map(|(l, _)| l);
                if let Some(v) = self
                    .scenario
                    .value(c, col, at, i, redraws(c), anomalous, &mut s, out, persona)
                    .filter(|v| !(value_needed && v.is_null()))
                {
                    out[c] = match col.unique {
                        Some(k) if !v.is_null() => self.uniques[k]
                            .carrier
                            .value(self.scenario.slot(k, slot), &v, &mut s)
                            .ok_or_else(|| exhausted(&self.uniques[k].name, &self.table))?,
                        _ => v,
                    };
                    continue;
                }
            }
            if let Some(lead) = self.null_with[c] {
                if out[lead].is_null() && !value_needed {
                    continue;
                }
            }
            if let Some(cp) = self.copula.as_ref().filter(|cp| copula_pending && cp.columns[cp.anchored..].contains(&c))
            {
                // The anchored columns have their values: their ranks condition the rest.
                for &a in &cp.columns[..cp.anchored] {
                    if let Some(r) = self.columns[a].rank(&out[a]) {
                        u[a] = r;
                    }
                }
                cp.apply(u);
                copula_pending = false;
            }
            if let Some(v) = self.copy_of[c].as_ref().filter(|_| redraws(c) == 0).and_then(|cp| cp.value(g, chosen)) {
                if !v.is_null() {
                    out[c] = col.fit(v, &mut s, out, persona);
                    continue;
                } else if !col.rules.not_null && !value_needed {
                    continue;
                }
            }
            if let Some((a, b)) = self.product_of[c] {
                if let (Some(x), Some(y)) = (out[a].axis(), out[b].axis()) {
                    out[c] = col.fit(Value::Float(x * y), &mut s, out, persona);
                    continue;
                }
            }
            if let Some(given) = &self.given[c] {
                if let Some(pv) = given.parent_value(out, &chosen) {
                    let parent_group = match (&given.parent, self.grouped_by[c]) {
                        _ if redraws(c) != 0 => None,
                        (ParentRef::Column(p), _) => group[*p],
                        (ParentRef::External { .. }, Some(f)) => match &self.fks[f].choice {
                            ParentChoice::ByValue(b) => b.place_of(i),
                            _ => None,
                        },
                        _ => None,
                    };
                    let (b, uu) = match parent_group {
                        Some((pos, share)) => {
                            let key = col.key.derive("within").derive(&format!("{pv:?}"));
                            let w = joint::within_group(pos, share * self.rows as f64, key);
                            (w, w)
                        }
                        None => (base[c], u[c]),
                    };
                    let drawn = given.draw_placed(&pv, b, uu, col.row_bounds(out));
                    if let (Some((_, Some((pos, width)))), Some((_, share))) = (&drawn, parent_group) {
                        group[c] = Some((*pos, share * width));
                    }
                    match drawn.map(|d| d.0) {
                        Some(Drawn::Null) if !col.rules.not_null && !value_needed => continue,
                        Some(Drawn::Value(v)) => {
                            let v = if given.interpolates() { col.in_week(v, out) } else { v };
                            out[c] = col.fit(v, &mut s, out, persona);
                            continue;
                        }
                        // NOT NULL, or a parent value the sample never saw: the column's own way.
                        _ => {}
                    }
                }
            }
            if self.null_with[c].is_none() && !value_needed && col.null_frac > 0.0 && base[c] < col.null_frac {
                // The NULLs are a group too: its rows' positions are spread evenly over it.
                if redraws(c) == 0 {
                    group[c] = Some((base[c] / col.null_frac, col.null_frac));
                }
                continue;
            }
            let mut v = col.value_at(Some(u[c]), &mut s, out, persona);
            if let Some(k) = col.unique {
                v = self.uniques[k]
                    .carrier
                    .value(self.scenario.slot(k, slot), &v, &mut s)
                    .ok_or_else(|| exhausted(&self.uniques[k].name, &self.table))?;
                // A text column of UUIDs holds them written out.
                if let (true, Value::Uuid(_)) = (col.kind.is_text(), &v) {
                    v = Value::Text(v.to_text(TypeKind::Uuid));
                }
                v = col.conformed(v, &mut s);
            }
            let steered = self.copula.as_ref().is_some_and(|cp| cp.columns[cp.anchored..].contains(&c));
            if let (Source::Choice { values, cum }, false, 0) = (&col.source, steered, redraws(c)) {
                let k = joint::pick(cum, u[c]);
                if values[k] == v {
                    group[c] = joint::place_in(cum, k, u[c]).map(|(pos, width)| (pos, (1.0 - col.null_frac) * width));
                }
            }
            out[c] = v;
        }
        // `char(n)` is stored padded: key parts and parent keys (read as text, which trims) too.
        for (c, col) in self.columns.iter().enumerate() {
            if let (Some(n), Value::Text(t)) = (col.pad_to, &out[c]) {
                if t.chars().count() < n {
                    out[c] = Value::Text(crate::generate::text::pad_chars(t, n));
                }
            }
        }
        for &(c, own) in &self.same_as {
            out[c] = out[own].clone();
        }
        out.truncate(self.columns.len());
        SCRATCH.with(|s| *s.borrow_mut() = scratch);
        Ok(())
    }

    /// For each column of a null group (`num_nonnulls(a, b) = 1`, `(a IS NULL) = (b IS NULL)`),
    /// whether this row holds a value there (`Some(true)`) or NULL (`Some(false)`): one of the
    /// group's allowed patterns, each as likely as the columns' own NULL shares make it (a
    /// column that is rarely NULL is rarely the one left out). Columns PostgreSQL fills are
    /// left alone; a column in two groups keeps what the first decided.
    fn null_pattern(&self, g: u64, redraws: &dyn Fn(usize) -> u32) -> Vec<Option<bool>> {
        let mut forced: Vec<Option<bool>> = vec![None; self.columns.len()];
        for (k, group) in self.null_groups.iter().enumerate() {
            let cols: Vec<usize> = group.columns.iter().copied().filter(|c| self.columns[*c].is_generated()).collect();
            if cols.len() != group.columns.len() || cols.len() > 12 {
                continue;
            }
            let fits = |set: u32| {
                group.counts.contains(&(set.count_ones() as usize))
                    && cols.iter().enumerate().all(|(b, c)| {
                        let has = set & (1 << b) != 0;
                        let must = self.columns[*c].rules.not_null;
                        forced[*c].is_none_or(|f| f == has) && (has || !must)
                    })
            };
            let weight = |set: u32| {
                cols.iter().enumerate().fold(1.0, |w, (b, c)| {
                    let nf = self.columns[*c].null_frac;
                    w * if set & (1 << b) != 0 { (1.0 - nf).max(0.05) } else { nf.max(0.05) }
                })
            };
            let sets: Vec<(u32, f64)> = (0..1u32 << cols.len()).filter(|s| fits(*s)).map(|s| (s, weight(s))).collect();
            if sets.is_empty() {
                continue;
            }
            let redrawn = cols.iter().map(|c| redraws(*c)).max().unwrap_or(0);
            let mut s = self.key.derive("nulls").derive_n(k as u64).derive_n(u64::from(redrawn)).stream(g);
            let total: f64 = sets.iter().map(|(_, w)| w).sum();
            let mut x = s.unit() * total;
            let set = sets.iter().find(|(_, w)| {
                x -= w;
                x < 0.0
            });
            let set = set.unwrap_or(&sets[sets.len() - 1]).0;
            for (b, c) in cols.iter().enumerate() {
                forced[*c] = Some(set & (1 << b) != 0);
            }
        }
        forced
    }
}

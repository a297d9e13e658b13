//! The table generator: a plan built once from a profile, then rows on demand.
//!
//! [`TablePlan::build`] turns a [`TableProfile`] and the facts of the target database
//! ([`Context`]: rows already there, the parents' keys, existing unique keys) into a plan;
//! [`TablePlan::row`] produces row `i` of this call. Every value is a pure function of
//! (seed, table, column, row index, attempt), so rows can be produced in any order, in any
//! batches, and the same seed always gives the same rows.

pub mod anomaly;
pub mod column;
pub mod constraints;
pub mod content;
pub mod degree;
pub mod edge;
pub mod hints;
pub mod joint;
pub mod misc;
pub mod pattern;
pub mod scalar;
pub mod scenario;
pub mod text;
pub mod unique;

use std::collections::HashSet;

use crate::check_expr::CmpOp;
use crate::error::{Code, Result, SynthError};
use crate::permute::Permutation;
use crate::profile::{ChildrenPerParent, ColumnProfile, Rule, TableProfile, TypeKind};
use crate::rng::Key;
use crate::semantic::{Locale, Persona, TextKind};
use crate::value::Value;
use column::{ColumnPlan, Source};
use constraints::{Constraints, OpaqueCheck, RowCheck};
use joint::{CopulaPlan, Drawn, ExternalValues, Given, ParentRef, Strata};
use scenario::{Scenario, ScenarioPlan};
use unique::{Carrier, Domain, UniquePlan};

/// How many times a row is regenerated before a constraint is declared unsatisfiable.
pub const MAX_ATTEMPTS: u32 = 100;

/// Product keys with at most this many combinations are walked for free slots when the table
/// already has rows.
const FREE_SLOT_WALK: u64 = 1 << 22;

#[derive(Clone, Debug)]
pub struct Options {
    pub seed: i64,
    pub locale: Locale,
    /// Leave nullable columns of unsupported types NULL instead of failing.
    pub unsupported_as_null: bool,
    /// Edge cases or anomalies instead of typical rows only.
    pub scenario: Scenario,
}

/// How often each part of a row has been redrawn. A row that fails a check redraws the columns
/// of that check; one that repeats a key already in the table takes its next slot.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attempts {
    pub slot: u32,
    pub columns: Vec<u32>,
    /// How often the row's persona was drawn again (a name it must avoid).
    pub persona: u32,
    /// How often the whole row was drawn again (it repeated a source row's signature).
    pub rows: u32,
}

impl Attempts {
    /// Draws the row's free columns again, and its persona. Foreign keys keep their parent
    /// (their spread over the parents stays exact) and key columns their slot.
    fn redraw_row(&mut self, plans: &[ColumnPlan]) {
        self.rows += 1;
        self.persona += 1;
        for (n, plan) in self.columns.iter_mut().zip(plans) {
            if plan.unique.is_none()
                && !matches!(plan.source, Source::Skip | Source::ForeignKey { .. } | Source::KeyPart { .. })
            {
                *n += 1;
            }
        }
    }

    /// Redraws `cols` (all columns that take part in checks when `cols` is empty).
    fn redraw(&mut self, cols: &[usize], plans: &[ColumnPlan]) {
        if cols.is_empty() {
            for (c, plan) in plans.iter().enumerate() {
                if plan.retried {
                    self.columns[c] += 1;
                }
            }
        }
        for c in cols {
            if let Some(n) = self.columns.get_mut(*c) {
                *n += 1;
            }
        }
    }
}

/// The keys of a parent table that a foreign key can point at.
#[derive(Clone, Debug, PartialEq)]
pub enum ParentKeys {
    /// A dense integer range `lo .. lo + count` (never loaded row by row).
    Range { lo: i64, count: u64 },
    /// Single integer keys, sorted ascending (8 bytes per parent row).
    Ints(Vec<i64>),
    /// Key tuples in a stable order.
    Tuples(Vec<Vec<Value>>),
}

impl ParentKeys {
    pub fn len(&self) -> u64 {
        match self {
            ParentKeys::Range { count, .. } => *count,
            ParentKeys::Ints(v) => v.len() as u64,
            ParentKeys::Tuples(t) => t.len() as u64,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Part `part` of parent key number `index`.
    pub fn key_part(&self, index: u64, part: usize) -> Value {
        match self {
            ParentKeys::Range { lo, .. } => Value::Int(lo + index as i64),
            ParentKeys::Ints(v) => v.get(index as usize).map_or(Value::Null, |k| Value::Int(*k)),
            ParentKeys::Tuples(t) => t.get(index as usize).and_then(|k| k.get(part)).cloned().unwrap_or(Value::Null),
        }
    }

    /// The index of the parent key nearest to `x` (integer keys only).
    fn nearest(&self, x: f64) -> Option<u64> {
        let n = self.len();
        if n == 0 {
            return None;
        }
        match self {
            ParentKeys::Range { lo, count } => Some((x.round() - *lo as f64).clamp(0.0, (*count - 1) as f64) as u64),
            ParentKeys::Ints(v) => {
                let k = x.round() as i64;
                let i = v.partition_point(|p| *p < k);
                let best = match (i.checked_sub(1), v.get(i)) {
                    (Some(j), Some(after)) if k - v[j] <= after - k => j,
                    (Some(j), None) => j,
                    _ => i,
                };
                Some(best as u64)
            }
            ParentKeys::Tuples(_) => None,
        }
    }
}

/// What already exists for one unique key of the target table.
#[derive(Clone, Debug, Default)]
pub struct ExistingKeys {
    /// The largest value of each integer column of the key (in the key's order), so that a
    /// column that carries the key alone continues after them.
    pub max_int: Vec<Option<i64>>,
    /// Fingerprints of the existing keys (see `unique::fingerprint`).
    pub fingerprints: Option<HashSet<u64>>,
}

/// Facts of the target database at generation time.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// Rows already in the table: row numbering continues after them.
    pub existing_rows: u64,
    /// Rows this call generates.
    pub rows: u64,
    /// Parent keys per foreign key of the profile (`None` when the key is not generated).
    pub parents: Vec<Option<ParentKeys>>,
    /// Per unique key of the profile (`TableProfile::unique_keys` order).
    pub uniques: Vec<ExistingKeys>,
    /// Per foreign key: how children spread over parents, from a schema profile. Without it,
    /// the child column's statistics say which parents are popular, or children spread evenly.
    pub spread: Vec<Option<ChildrenPerParent>>,
    /// Per foreign key: left NULL now, to be linked by a later UPDATE (self-references, cycles).
    pub linked: Vec<bool>,
    /// Columns of parent rows that columns of this table are drawn given (see `Dependence`).
    pub external: Vec<ExternalColumn>,
}

/// One column of the table a foreign key points at, by parent key index.
#[derive(Clone, Debug, PartialEq)]
pub struct ExternalColumn {
    /// The foreign key's name.
    pub fk: String,
    pub column: String,
    pub kind: TypeKind,
    pub values: ExternalValues,
}

/// How a foreign key picks its parent row.
#[derive(Clone, Debug)]
enum ParentChoice {
    /// Every parent equally likely.
    Even,
    /// Integer keys drawn from the child column's own statistics, snapped to an existing key.
    Popularity(scalar::ScalarDist),
    /// Children per parent as profiled.
    Spread(degree::DegreeAssigner),
    /// By the value of a parent column, then within the parents of that value.
    ByValue(Box<ByValue>),
}

/// Children handed to groups of parents (the parents with one value of a column) in fixed
/// numbers: child `i` takes place `perm(i)`, and the places `start .. start + count` are one
/// group's.
#[derive(Clone, Debug)]
struct ByValue {
    perm: Permutation,
    groups: Vec<ValueGroup>,
}

#[derive(Clone, Debug)]
struct ValueGroup {
    /// Parent key indexes.
    members: Vec<u64>,
    start: u64,
    count: u64,
    /// Children per parent within the group, as profiled (else every member alike).
    assigner: Option<degree::DegreeAssigner>,
    key: Key,
}

impl ByValue {
    /// The group holding `place` (a position in the permuted rows) and `place`'s rank in it.
    fn group_at(&self, place: u64) -> Option<(&ValueGroup, u64)> {
        let g = self.groups.iter().find(|g| place >= g.start && place < g.start + g.count)?;
        Some((g, place - g.start))
    }

    /// Where row `i` stands in its group of children: its position in `[0, 1)`, the positions
    /// of a group spread evenly, and the group's share of the call's rows.
    fn place_of(&self, i: u64) -> Option<(f64, f64)> {
        if i >= self.perm.len() {
            return None;
        }
        let (g, k) = self.group_at(self.perm.apply(i))?;
        Some(((k as f64 + 0.5) / g.count as f64, g.count as f64 / self.perm.len() as f64))
    }

    fn parent_of(&self, i: u64, redrawn: u32) -> Option<u64> {
        let place = if i < self.perm.len() { self.perm.apply(i) } else { i % self.perm.len().max(1) };
        let (g, k) = self.group_at(place)?;
        let local = match &g.assigner {
            Some(a) => a.parent_of(k, redrawn),
            None => g.key.derive_n(u64::from(redrawn)).stream(k).below(g.members.len() as u64),
        };
        g.members.get(local as usize).copied()
    }
}

/// `total` split in proportion to `shares` (summing to 1), rounding by largest remainders.
fn largest_remainder(shares: &[f64], total: u64) -> Vec<u64> {
    let exact: Vec<f64> = shares.iter().map(|s| s * total as f64).collect();
    let mut out: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let mut left = total.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|a, b| (exact[*b] - exact[*b].floor()).total_cmp(&(exact[*a] - exact[*a].floor())));
    for i in order {
        if left == 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

#[derive(Clone, Debug)]
struct FkPlan {
    name: String,
    columns: Vec<usize>,
    parents: ParentKeys,
    null_frac: f64,
    choice: ParentChoice,
    key: Key,
    /// Chosen by a composite unique key rather than at random.
    by_key: bool,
}

#[derive(Clone, Debug)]
pub struct TablePlan {
    pub table: String,
    pub columns: Vec<ColumnPlan>,
    pub kinds: Vec<TypeKind>,
    order: Vec<usize>,
    fks: Vec<FkPlan>,
    uniques: Vec<UniquePlan>,
    row_checks: Vec<RowCheck>,
    pub opaque: Vec<OpaqueCheck>,
    persona: bool,
    default_persona: Persona,
    /// A country column whose values are its own (statistics, categories): the row's persona
    /// moves to the country it names, so that city, postcode, address and phone lie in it.
    country_anchor: Option<usize>,
    locale: Locale,
    key: Key,
    existing: u64,
    rows: u64,
    partitions: Option<PartitionSteering>,
    profile: TableProfile,
    /// Per column: its stratified uniforms.
    strata: Vec<Strata>,
    copula: Option<CopulaPlan>,
    /// The learned copula until `plan_relations` makes `copula` from it.
    copula_model: Option<crate::profile::Copula>,
    /// Per column: the column it is drawn given, if any.
    given: Vec<Option<Given>>,
    /// Per column: NULL exactly when this other column is (a rule of the sample).
    null_with: Vec<Option<usize>>,
    /// Per column: the product of these two (a rule of the sample).
    product_of: Vec<Option<(usize, usize)>>,
    /// Per column: the foreign key whose parents were grouped by the value this column is drawn
    /// given (its children are then placed within their group, see `ByValue::place_of`).
    grouped_by: Vec<Option<usize>>,
    /// Edge values and anomalies, when asked for.
    scenario: ScenarioPlan,
    /// Rows avoid the source rows' signatures (a table of people, see `privacy::novelty`).
    new_rows: Option<NewRows>,
}

/// The signature columns of a [`crate::privacy::novelty::RowFilter`], by index.
#[derive(Clone, Debug)]
struct NewRows {
    columns: Vec<(usize, TypeKind)>,
    filter: crate::privacy::novelty::RowFilter,
}

impl NewRows {
    fn build(profile: &TableProfile) -> Option<NewRows> {
        let filter = profile.new_rows.clone()?;
        let columns = filter
            .columns
            .iter()
            .map(|c| profile.column_index(&c.column).map(|i| (i, profile.columns[i].ty.kind)))
            .collect::<Option<Vec<_>>>()?;
        Some(NewRows { columns, filter })
    }

    /// Whether `row` may repeat a source row's signature.
    fn repeats_source(&self, row: &[Value]) -> bool {
        use crate::privacy::novelty::Part;
        let texts: Vec<Option<String>> = self
            .columns
            .iter()
            .zip(&self.filter.columns)
            .map(|((c, kind), sc)| match (&row[*c], sc.part) {
                (Value::Null, _) => None,
                (_, Part::Null) => Some(String::new()),
                (v, Part::Value) => Some(v.to_text(*kind)),
            })
            .collect();
        let refs: Vec<Option<&str>> = texts.iter().map(|t| t.as_deref()).collect();
        self.filter.contains(&refs)
    }
}

/// Rows of a partitioned table go to one leaf partition each, chosen by how much of the columns'
/// distributions falls inside it; the key columns are then drawn inside that leaf.
#[derive(Clone, Debug)]
struct PartitionSteering {
    /// Per leaf: the key columns' plans with the leaf's bounds.
    leaves: Vec<Vec<(usize, ColumnPlan)>>,
    cum: Vec<f64>,
}

/// True when PostgreSQL fills the column: generated columns, identity and serial columns, and
/// columns with a DEFAULT that have no statistics.
pub fn takes_default(col: &ColumnProfile) -> bool {
    if col.generated.is_some() || col.is_sequence_backed() {
        return true;
    }
    // With statistics the column's real values are known and followed (a constant among them);
    // without, its DEFAULT is what an INSERT would store.
    col.default.is_some() && col.stats.is_none()
}

impl TablePlan {
    pub fn build(profile: &TableProfile, opts: &Options, ctx: &Context) -> Result<TablePlan> {
        let key = Key::from_seed(opts.seed).derive(&profile.table.name);
        let cons = Constraints::collect(profile);
        let label = profile.qualified_name();
        let table_ref = column::TableRef { name: &profile.table.name, label: &label, rows: profile.table.reltuples };
        let mut columns = Vec::with_capacity(profile.columns.len());
        for (i, col) in profile.columns.iter().enumerate() {
            let ckey = key.derive(&col.name);
            if takes_default(col) {
                columns.push(ColumnPlan::skip(&col.name, col.ty.kind, ckey));
                continue;
            }
            match ColumnPlan::build(&table_ref, col, cons.rules[i].clone(), ckey) {
                Ok(plan) => columns.push(plan),
                Err(e)
                    if e.code == Code::FeatureNotSupported && opts.unsupported_as_null && !cons.rules[i].not_null =>
                {
                    let mut plan = ColumnPlan::skip(&col.name, col.ty.kind, ckey);
                    plan.source = Source::Choice { values: vec![Value::Null], cum: vec![1.0] };
                    columns.push(plan);
                }
                Err(e) => return Err(e),
            }
        }
        // The anomaly column says which rows are anomalous, whatever PostgreSQL would put there.
        let flag = opts.scenario.flag_column(profile)?;
        if let Some(f) = flag {
            let name = &profile.columns[f].name;
            columns[f] = ColumnPlan {
                source: Source::Bool { p_true: 0.0 },
                ..ColumnPlan::skip(name, TypeKind::Boolean, key.derive(name))
            };
        }
        let mut plan = TablePlan {
            table: profile.qualified_name(),
            kinds: profile.columns.iter().map(|c| c.ty.kind).collect(),
            columns,
            order: vec![],
            fks: vec![],
            uniques: vec![],
            row_checks: cons.row_checks,
            opaque: cons.opaque,
            persona: false,
            default_persona: Persona::new(&mut key.derive("persona").stream(u64::MAX), opts.locale),
            country_anchor: None,
            locale: opts.locale,
            key,
            existing: ctx.existing_rows,
            rows: ctx.rows.max(1),
            partitions: None,
            profile: profile.clone(),
            strata: profile.columns.iter().map(|c| Strata::new(ctx.rows, key.derive(&c.name))).collect(),
            copula: None,
            copula_model: None,
            given: vec![None; profile.columns.len()],
            null_with: vec![None; profile.columns.len()],
            product_of: vec![None; profile.columns.len()],
            grouped_by: vec![None; profile.columns.len()],
            scenario: ScenarioPlan::default(),
            new_rows: NewRows::build(profile),
        };
        plan.plan_foreign_keys(profile, ctx)?;
        plan.plan_uniques(profile, ctx)?;
        plan.plan_dependence(profile, ctx);
        plan.country_anchor = plan.country_column(profile);
        plan.plan_relations(&cons.relations);
        let checked: HashSet<usize> = plan
            .row_checks
            .iter()
            .flat_map(|c| c.clause.columns())
            .filter_map(|n| profile.column_index(&n))
            .chain(plan.opaque.iter().flat_map(|o| o.columns.iter().copied()))
            .collect();
        for c in checked {
            plan.columns[c].retried = true;
        }
        plan.partitions = plan.plan_partitions(profile, &cons.rules)?;
        plan.persona = plan.columns.iter().any(ColumnPlan::needs_persona);
        plan.scenario = ScenarioPlan::build(&plan, profile, &cons.relations, &opts.scenario, flag);
        Ok(plan)
    }

    /// Steering into leaf partitions, for key columns generated freely (not foreign keys or
    /// unique carriers, whose rows the database routes or rejects).
    fn plan_partitions(
        &self,
        profile: &TableProfile,
        rules: &[constraints::Rules],
    ) -> Result<Option<PartitionSteering>> {
        let Some(leaves) = constraints::partition_leaves(profile) else { return Ok(None) };
        let label = profile.qualified_name();
        let free = |c: usize| {
            let col = &self.columns[c];
            col.is_generated()
                && col.unique.is_none()
                && !matches!(col.source, Source::ForeignKey { .. } | Source::KeyPart { .. })
        };
        let probe_key = self.key.derive("partition-weights");
        let mut steered = Vec::with_capacity(leaves.len());
        let mut weights = Vec::with_capacity(leaves.len());
        for leaf in leaves {
            let mut plans = Vec::new();
            let mut weight = 1.0;
            for (c, extra) in leaf.into_iter().filter(|(c, _)| free(*c)) {
                // The share of the column's own values that fall in this leaf.
                const PROBES: u64 = 2000;
                let col = &self.columns[c];
                let inside = (0..PROBES)
                    .filter(|i| {
                        constraints::admits(&extra, &col.value(&mut probe_key.stream(*i), &[], &self.default_persona))
                    })
                    .count();
                weight *= inside as f64 / PROBES as f64;
                let mut r = rules[c].clone();
                constraints::merge(&mut r, &extra);
                let t = column::TableRef { name: &profile.table.name, label: &label, rows: profile.table.reltuples };
                let mut leaf_plan = match ColumnPlan::build(&t, &profile.columns[c], r, col.key) {
                    Ok(p) => p,
                    // This leaf cannot hold any row: leave it out.
                    Err(e) if e.code == Code::CheckViolation => {
                        weight = 0.0;
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                leaf_plan.relations = col.relations.clone();
                leaf_plan.follows = col.follows;
                leaf_plan.retried = col.retried;
                plans.push((c, leaf_plan));
            }
            steered.push(plans);
            weights.push(weight);
        }
        if weights.iter().all(|w| *w <= 0.0) {
            weights = vec![1.0; steered.len()];
        }
        Ok(Some(PartitionSteering { leaves: steered, cum: scalar::running_totals(&weights) }))
    }

    fn plan_foreign_keys(&mut self, profile: &TableProfile, ctx: &Context) -> Result<()> {
        for (f, fk) in profile.foreign_keys.iter().enumerate() {
            let cols: Option<Vec<usize>> = fk.columns.iter().map(|c| profile.column_index(c)).collect();
            let Some(cols) = cols else { continue };
            if cols.iter().any(|c| {
                !self.columns[*c].is_generated() || matches!(self.columns[*c].source, Source::ForeignKey { .. })
            }) {
                continue;
            }
            if ctx.linked.get(f).copied().unwrap_or(false) {
                // Linked afterwards: NULL for now. A NOT NULL key is linked only when its check
                // is deferred; until the link it holds a placeholder, the column's own value.
                if cols.iter().all(|c| !self.columns[*c].rules.not_null) {
                    for c in &cols {
                        self.columns[*c].source = Source::Choice { values: vec![Value::Null], cum: vec![1.0] };
                        self.columns[*c].null_frac = 1.0;
                    }
                } else {
                    for c in &cols {
                        self.columns[*c].null_frac = 0.0;
                    }
                }
                continue;
            }
            let parents = match ctx.parents.get(f).cloned().flatten() {
                Some(p) => p,
                None => continue,
            };
            let nullable = cols.iter().all(|c| self.columns[*c].null_frac > 0.0 || !self.columns[*c].rules.not_null);
            let parent = format!("{}.{}", fk.ref_schema, fk.ref_table);
            if parents.is_empty() && !nullable {
                return Err(SynthError::new(
                    Code::ForeignKeyViolation,
                    format!("cannot generate rows for {}: the table it references, {parent}, is empty", self.table),
                )
                .detail(format!(
                    "Foreign key \"{}\" on ({}) needs existing rows in {parent}.",
                    fk.name,
                    fk.columns.join(", ")
                ))
                .hint(format!("Fill the parent table first, for example: SELECT synth_fill('{parent}', 1000);")));
            }
            let null_frac = if parents.is_empty() {
                1.0
            } else if cols.iter().any(|c| self.columns[*c].rules.not_null) {
                0.0
            } else {
                cols.iter().map(|c| self.columns[*c].null_frac).fold(0.0, f64::max)
            };
            let index = self.fks.len();
            let key = self.key.derive("fk").derive(&fk.name);
            let spread = ctx.spread.get(f).and_then(Option::as_ref);
            let choice = match (spread, cols.as_slice(), &parents) {
                (Some(model), _, _) => match degree::DegreeAssigner::new(model, parents.len(), ctx.rows, key) {
                    Some(a) => ParentChoice::Spread(a),
                    None => ParentChoice::Even,
                },
                // The child column's own statistics say which parents are popular.
                (None, [c], ParentKeys::Range { .. } | ParentKeys::Ints(_)) => match &self.columns[*c].source {
                    Source::Scalar(d @ scalar::ScalarDist::Empirical(_)) => ParentChoice::Popularity(d.clone()),
                    _ => ParentChoice::Even,
                },
                _ => ParentChoice::Even,
            };
            for (part, c) in cols.iter().enumerate() {
                self.columns[*c].source = Source::ForeignKey { fk: index, part };
            }
            self.fks.push(FkPlan {
                name: fk.name.clone(),
                columns: cols,
                parents,
                null_frac,
                choice,
                key,
                by_key: false,
            });
        }
        Ok(())
    }

    fn plan_uniques(&mut self, profile: &TableProfile, ctx: &Context) -> Result<()> {
        for (u, uk) in profile.unique_keys().enumerate() {
            let cols: Option<Vec<usize>> = uk.columns.iter().map(|c| profile.column_index(c)).collect();
            let Some(cols) = cols else { continue };
            // PostgreSQL numbers identity and serial columns itself.
            if cols.iter().any(|c| !self.columns[*c].is_generated() && profile.columns[*c].is_sequence_backed()) {
                continue;
            }
            let gen: Vec<usize> = cols.iter().copied().filter(|c| self.columns[*c].is_generated()).collect();
            if gen.is_empty() || self.covered(&gen) {
                continue;
            }
            let existing = ctx.uniques.get(u).cloned().unwrap_or_default();
            let needed = self.existing + self.rows;
            // One column carries the key when it alone has room; otherwise the columns together.
            let mut single = None;
            for c in gen.iter().copied().filter(|c| self.can_carry(*c)) {
                let max = cols.iter().position(|k| *k == c).and_then(|p| existing.max_int.get(p).copied().flatten());
                let carrier = self.single_carrier(c, max)?;
                if carrier.capacity() >= needed {
                    single = Some(carrier);
                    break;
                }
            }
            let carrier = match single {
                Some(c) => c,
                None => self.product_carrier(&gen, &uk.name)?,
            };
            if carrier.capacity() < needed {
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
            };
            plan.free_slots = self.free_slots(&plan)?;
            self.uniques.push(plan);
        }
        Ok(())
    }

    /// The free slots of a product key next to existing rows, when its space is small enough to
    /// walk (at most [`FREE_SLOT_WALK`] slots): the first `rows` slots whose key is not taken.
    fn free_slots(&self, u: &UniquePlan) -> Result<Option<Vec<u64>>> {
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
                    _ => {}
                }
            }
            if !existing.contains(&unique::fingerprint(u.columns.iter().map(|c| (&row[*c], self.kinds[*c])))) {
                free.push(slot);
            }
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
            && !matches!(col.source, Source::ForeignKey { .. } | Source::KeyPart { .. } | Source::Choice { .. });
        let kind_ok = matches!(
            col.kind,
            TypeKind::Smallint
                | TypeKind::Integer
                | TypeKind::Bigint
                | TypeKind::Numeric
                | TypeKind::Real
                | TypeKind::Double
                | TypeKind::Date
                | TypeKind::Time
                | TypeKind::Timestamp
                | TypeKind::Timestamptz
                | TypeKind::Interval
                | TypeKind::Text
                | TypeKind::Varchar
                | TypeKind::Char
                | TypeKind::Uuid
        );
        open && kind_ok && col.unique.is_none()
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
            (TypeKind::Timestamp | TypeKind::Timestamptz | TypeKind::Time, Some(p)) if p < 6 => {
                10f64.powi(6 - p as i32)
            }
            (TypeKind::Timestamp | TypeKind::Timestamptz | TypeKind::Time, _) => 1.0,
            (TypeKind::Real | TypeKind::Double, _) => spread / 1e9,
            // Integer keys count up after the rows already there (see `Carrier::Sequence`).
            (TypeKind::Numeric | TypeKind::Date, _) => constraints::unit(k, col.scale),
            _ => return None,
        };
        // Room for the slots of a few retries next to existing rows.
        let points = (self.existing + self.rows).saturating_mul(4).max(64);
        let width = unit * points as f64;
        if !(spread.is_finite() && unit > 0.0 && spread >= 50.0 * width) {
            return None;
        }
        let hard = col.rules.bounds;
        const FAR: f64 = (1u64 << 52) as f64;
        let lo = if hard.lo.is_finite() { (hard.lo / width).ceil() } else { -FAR };
        let hi = if hard.hi.is_finite() { (hard.hi / width).floor() - 1.0 } else { FAR };
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
                    TypeKind::Numeric => constraints::unit(k, col.scale),
                    TypeKind::Date => 1.0,
                    TypeKind::Real | TypeKind::Double => ((b.hi - b.lo) / needed as f64).max(f64::MIN_POSITIVE),
                    _ => 1_000_000.0,
                };
                // A column with a histogram keeps its shape: one stratum per bucket.
                let unit = match (k, col.time_precision) {
                    (TypeKind::Timestamp | TypeKind::Timestamptz | TypeKind::Time, Some(p)) if p < 6 => {
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

    fn product_carrier(&self, cols: &[usize], name: &str) -> Result<Carrier> {
        let mut positions: Vec<(Option<usize>, Domain)> = vec![];
        let mut seen_fks: Vec<usize> = vec![];
        for &c in cols {
            let col = &self.columns[c];
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
                (Source::Choice { values, .. }, _) => {
                    Domain::Values(values.iter().filter(|v| !v.is_null()).cloned().collect())
                }
                (Source::Bool { .. }, _) => Domain::Values(vec![Value::Bool(false), Value::Bool(true)]),
                (_, Some(a)) => Domain::Values(a.clone()),
                _ if col.kind.is_integer() && col.rules.bounds.is_finite() => {
                    let (lo, hi) = (col.rules.bounds.lo.ceil() as i64, col.rules.bounds.hi.floor() as i64);
                    Domain::IntRange { lo, count: (hi - lo + 1).max(0) as u64 }
                }
                _ if col.kind.is_integer() => {
                    let (lo, hi) = int_range(col.kind);
                    Domain::IntRange { lo, count: (hi as i128 - lo as i128 + 1).min(1 << 32) as u64 }
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

    /// A composite key whose first column is a foreign key is filled parent by parent when the
    /// table starts empty and no parent would get more children than the rest of the key can
    /// number.
    fn group_by_leading_parent(&self, positions: &[(Option<usize>, Domain)], name: &str) -> Option<Box<unique::Group>> {
        if self.existing > 0 || positions.len() < 2 {
            return None;
        }
        let (None, Domain::Parent { fk, count }) = &positions[0] else { return None };
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

    /// A column this plan draws freely from its own distribution (not a key, not PostgreSQL's).
    fn is_free(&self, c: usize) -> bool {
        let col = &self.columns[c];
        col.unique.is_none()
            && matches!(
                col.source,
                Source::Scalar(_) | Source::Choice { .. } | Source::Bool { .. } | Source::Mixed { .. }
            )
    }

    /// A column the copula can steer: a free one, or one whose unique values stay near its own
    /// (a grid).
    fn follows_copula(&self, c: usize) -> bool {
        self.is_free(c)
            || self.columns[c].unique.is_some_and(|u| matches!(self.uniques[u].carrier, Carrier::Grid { .. }))
    }

    /// The sample's dependence model: the copula, columns drawn given others (of this row or
    /// of the parent row), and the NULL and product rules.
    fn plan_dependence(&mut self, profile: &TableProfile, ctx: &Context) {
        let Some(d) = &profile.dependence else { return };
        let index = |name: &str| profile.column_index(name);
        // Partition key columns are steered into their leaf partitions instead.
        let steered: Vec<usize> = constraints::partition_leaves(profile)
            .map(|leaves| leaves.iter().flatten().map(|(c, _)| *c).collect())
            .unwrap_or_default();
        // Strongest first: a foreign key's parents are grouped by the column its children depend
        // on most (a billing country on the customer's country, not a date on a company).
        let mut nodes: Vec<&crate::profile::DependenceNode> = d.nodes.iter().collect();
        nodes.sort_by(|a, b| b.strength.total_cmp(&a.strength));
        for node in nodes {
            // Text of a kind (a city) is drawn given its parent too where the sample saw the
            // parent's value (a city in its country), its own way elsewhere.
            let takes_given = |c: usize| {
                self.is_free(c)
                    || (self.columns[c].unique.is_none() && matches!(self.columns[c].source, Source::Text(_)))
            };
            let Some(c) = index(&node.column).filter(|c| takes_given(*c) && !steered.contains(c)) else { continue };
            let (parent, parent_kind) = match &node.via {
                None => match index(&node.parent).filter(|p| self.columns[*p].is_generated()) {
                    Some(p) => (ParentRef::Column(p), self.kinds[p]),
                    None => continue,
                },
                Some(fk) => {
                    let Some(f) = self.fks.iter().position(|x| &x.name == fk) else { continue };
                    let Some(ext) = ctx.external.iter().find(|e| &e.fk == fk && e.column == node.parent) else {
                        continue;
                    };
                    (ParentRef::External { fk: f, values: ext.values.clone() }, ext.kind)
                }
            };
            let given = Given::new(&node.model, self.kinds[c], parent, parent_kind);
            if let (ParentRef::External { fk, .. }, Some(shares)) = (&given.parent, &node.parent_shares) {
                if self.group_parents(*fk, &given, shares, profile, ctx) {
                    self.grouped_by[c] = Some(*fk);
                }
            }
            self.given[c] = Some(given);
        }
        for rule in &d.rules {
            match rule {
                Rule::NullTogether { columns } => {
                    let cols: Vec<usize> = columns.iter().filter_map(|n| index(n)).collect();
                    let Some(&leader) = cols.iter().find(|c| self.columns[**c].is_generated()) else { continue };
                    let followers: Vec<usize> =
                        cols.iter().copied().filter(|c| *c != leader && self.is_free(*c)).collect();
                    for c in followers {
                        self.null_with[c] = Some(leader);
                    }
                }
                Rule::Product { column, factors } => {
                    let (Some(c), [a, b]) = (index(column), factors.as_slice()) else { continue };
                    if let (Some(a), Some(b)) = (index(a), index(b)) {
                        if self.is_free(c) && self.columns[a].is_generated() && self.columns[b].is_generated() {
                            self.product_of[c] = Some((a, b));
                        }
                    }
                }
                // Kept like CHECK constraints (see `Constraints::collect`).
                Rule::LessOrEqual { .. } => {}
            }
        }
        // The copula plan is made with the generation order (`plan_relations`), which knows
        // which columns must have their values before the copula is applied.
        self.copula_model = d.copula.clone();
    }

    /// Hands children to parents grouped by the value of a parent column the child depends on:
    /// each group gets children in proportion to its parents (the synthetic parents already hold
    /// the values in their real shares; weighting by the sample's child shares instead lets a
    /// group one parent short crowd its children, and children per parent lose their shape),
    /// spread over its parents as the profile says. Once per foreign key, by the strongest
    /// dependence on it.
    fn group_parents(
        &mut self,
        f: usize,
        given: &Given,
        shares: &[(Option<String>, f64)],
        profile: &TableProfile,
        ctx: &Context,
    ) -> bool {
        let fk = &self.fks[f];
        if fk.by_key || matches!(fk.choice, ParentChoice::ByValue(_)) {
            return false;
        }
        let Some(groups) = given.parent_groups(shares, fk.parents.len()) else { return false };
        let model = profile
            .foreign_keys
            .iter()
            .position(|x| x.name == fk.name)
            .and_then(|pf| ctx.spread.get(pf).cloned().flatten());
        let parents = groups.iter().map(|g| g.0.len()).sum::<usize>().max(1) as f64;
        let counts =
            largest_remainder(&groups.iter().map(|g| g.0.len() as f64 / parents).collect::<Vec<_>>(), ctx.rows);
        let mut start = 0;
        let mut parts = Vec::with_capacity(groups.len());
        for (k, ((members, _), count)) in groups.into_iter().zip(counts).enumerate() {
            let key = fk.key.derive("group").derive_n(k as u64);
            let assigner =
                model.as_ref().and_then(|m| degree::DegreeAssigner::new(m, members.len() as u64, count, key));
            parts.push(ValueGroup { members, start, count, assigner, key });
            start += count;
        }
        let perm = Permutation::new(ctx.rows.max(1), fk.key.derive("groups").0);
        self.fks[f].choice = ParentChoice::ByValue(Box::new(ByValue { perm, groups: parts }));
        true
    }

    /// The first text column that holds countries (by what the plan generates for it or by its
    /// name) and is not generated from the persona alone. A country drawn from the persona
    /// already agrees with it.
    fn country_column(&self, profile: &TableProfile) -> Option<usize> {
        let country = |k: Option<TextKind>| {
            matches!(k, Some(TextKind::Country | TextKind::CountryCode2 | TextKind::CountryCode3))
        };
        (0..self.columns.len()).find(|&c| {
            let col = &self.columns[c];
            let own_values = !matches!(col.source, Source::Text(text::TextSource::Semantic(_)) | Source::Skip);
            own_values
                && self.kinds[c].is_text()
                && (country(col.persona_kind()) || country(crate::semantic::classify(&profile.table.name, &col.name)))
        })
    }

    /// Orders generation so that a column bounded by another comes after it.
    ///
    /// (`reaches` below tells whether a column already depends on another.)
    fn plan_relations(&mut self, relations: &[constraints::Relation]) {
        let n = self.columns.len();
        let free = |c: &ColumnPlan| matches!(c.source, Source::Scalar(_)) && c.unique.is_none();
        let mut after: Vec<Vec<usize>> = vec![vec![]; n];
        for r in relations {
            let (l, rr) = (r.left, r.right);
            if !self.columns[l].is_generated() || !self.columns[rr].is_generated() {
                continue;
            }
            // The later free column depends on the other one.
            let (dep, other, op) = if free(&self.columns[l.max(rr)]) {
                if l > rr {
                    (l, rr, r.op)
                } else {
                    (rr, l, r.op.flip())
                }
            } else if free(&self.columns[l.min(rr)]) {
                if l < rr {
                    (l, rr, r.op)
                } else {
                    (rr, l, r.op.flip())
                }
            } else {
                continue;
            };
            if after[other].contains(&dep) {
                continue;
            }
            after[dep].push(other);
            self.columns[dep].relations.push((op, other));
            let no_stats = !self.columns[dep].has_stats_source();
            let temporal =
                matches!(self.columns[dep].kind, TypeKind::Date | TypeKind::Timestamp | TypeKind::Timestamptz);
            if no_stats && temporal && matches!(op, CmpOp::Ge | CmpOp::Gt) && self.columns[dep].follows.is_none() {
                self.columns[dep].follows = Some(other);
            }
        }
        // A column drawn given another, NULL with another or the product of others comes after.
        // Rules come first: a conditional that would close a cycle with them (a factor drawn
        // given its product) is dropped, and the column is drawn its own way.
        for (c, need) in after.iter_mut().enumerate() {
            need.extend(self.null_with[c]);
            if let Some((a, b)) = self.product_of[c] {
                need.extend([a, b]);
            }
        }
        for c in 0..n {
            if self.product_of[c].is_some() {
                self.given[c] = None;
            }
            if let Some(Given { parent: ParentRef::Column(p), .. }) = &self.given[c] {
                let p = *p;
                if reaches(&after, p, c) {
                    self.given[c] = None;
                } else {
                    after[c].push(p);
                }
            }
        }
        // The copula steers the columns it does not anchor; those it anchors (drawn given a
        // category) have their values first, and so does everything they need. A product is left
        // out: its factors carry its correlations.
        if let Some(cop) = self.copula_model.take() {
            let mut anchored: Vec<bool> = (0..n).map(|c| self.given[c].is_some()).collect();
            let mut stack: Vec<usize> = (0..n).filter(|c| anchored[*c]).collect();
            while let Some(c) = stack.pop() {
                for &p in &after[c] {
                    if !anchored[p] {
                        anchored[p] = true;
                        stack.push(p);
                    }
                }
            }
            let index = |name: &str| self.columns.iter().position(|c| c.name == name);
            self.copula = CopulaPlan::new(
                &cop,
                |name| {
                    index(name).filter(|c| {
                        self.follows_copula(*c) && self.kinds[*c].is_ordered_scalar() && self.product_of[*c].is_none()
                    })
                },
                |c| anchored[c],
            );
        }
        // The copula's other columns are drawn given its anchored ones.
        if let Some(cp) = &self.copula {
            for &c in &cp.columns[cp.anchored..] {
                after[c].extend_from_slice(&cp.columns[..cp.anchored]);
            }
        }
        // Columns of the persona come after the country it moves to.
        if let Some(a) = self.country_anchor {
            for c in 0..n {
                if c != a && self.columns[c].needs_persona() && !reaches(&after, a, c) {
                    after[c].push(a);
                }
            }
        }
        // Depth-first topological order, ties in table order.
        let mut state = vec![0u8; n];
        let mut order = Vec::with_capacity(n);
        fn visit(c: usize, after: &[Vec<usize>], state: &mut [u8], order: &mut Vec<usize>) {
            if state[c] != 0 {
                return;
            }
            state[c] = 1;
            for &p in &after[c] {
                visit(p, after, state, order);
            }
            state[c] = 2;
            order.push(c);
        }
        for c in 0..n {
            visit(c, &after, &mut state, &mut order);
        }
        self.order = order;
    }

    /// The generated value of every column for row `i` of this call, redrawn as `attempts` says
    /// (skipped columns are NULL).
    pub fn generate(&self, i: u64, attempts: &Attempts, out: &mut Vec<Value>) -> Result<()> {
        let g = self.existing + i;
        let slot = g + u64::from(attempts.slot) * self.rows;
        let redraws = |c: usize| attempts.columns.get(c).copied().unwrap_or(0);
        out.clear();
        out.resize(self.columns.len(), Value::Null);
        let mut parent: Vec<Option<u64>> = vec![None; self.fks.len()];
        for u in &self.uniques {
            let Carrier::Product { positions, group, .. } = &u.carrier else {
                continue;
            };
            let digits = match (group, &u.free_slots) {
                (Some(_), _) => u.carrier.grouped_digits(i),
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
                    (None, _) => {}
                }
            }
        }
        let mut chosen: Vec<Option<u64>> = vec![None; self.fks.len()];
        for (f, fk) in self.fks.iter().enumerate() {
            let redrawn = fk.columns.iter().map(|c| redraws(*c)).max().unwrap_or(0);
            let choice = match (parent[f], self.scenario.parent(f, i, redrawn)) {
                (Some(p), _) => Some(p),
                (None, _) if fk.by_key => None,
                (None, Some(edge)) => edge,
                (None, None) => {
                    let mut s = fk.key.derive_n(u64::from(redrawn)).stream(g);
                    if fk.parents.is_empty() || s.chance(fk.null_frac) {
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
        let (mut base, mut u) = (vec![0.0; n], vec![0.0; n]);
        for (c, col) in self.columns.iter().enumerate() {
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
        // Per column drawn as a category: where its uniform fell inside its value's share, and
        // the share of the call's rows in that group, so that a column drawn given it is
        // stratified within each group (exact conditional counts, not a sample of them).
        let mut group: Vec<Option<(f64, f64)>> = vec![None; n];
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
            let mut s = match redraws(c) {
                0 => col.key.stream(g),
                n => col.key.derive_n(u64::from(n)).stream(g),
            };
            if !self.scenario.is_typical() {
                let at = leaf.map(|(l, _)| l);
                if let Some(v) = self.scenario.value(c, col, at, i, redraws(c), anomalous, &mut s, out, persona) {
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
                if out[lead].is_null() {
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
                cp.apply(&mut u);
                copula_pending = false;
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
                        Some(Drawn::Null) if !col.rules.not_null => continue,
                        Some(Drawn::Value(v)) => {
                            out[c] = col.fit(v, &mut s, out, persona);
                            continue;
                        }
                        // NOT NULL, or a parent value the sample never saw: the column's own way.
                        _ => {}
                    }
                }
            }
            if self.null_with[c].is_none() && col.null_frac > 0.0 && base[c] < col.null_frac {
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
        Ok(())
    }

    /// Row `i` of this call, satisfying every constraint: parsed CHECK clauses are verified here,
    /// the rest by `db_check` (which returns the index of a failing opaque check, if any). A row
    /// that fails a check redraws only that check's columns, so independent checks are met one by
    /// one rather than all at once; a row repeating a key already in the table takes its next slot.
    pub fn row(
        &self,
        i: u64,
        out: &mut Vec<Value>,
        db_check: &mut dyn FnMut(&[Value]) -> Result<Option<usize>>,
    ) -> Result<()> {
        let mut attempts = Attempts { slot: 0, columns: vec![0; self.columns.len()], persona: 0, rows: 0 };
        let mut last_failure = String::new();
        let mut avoided: Option<usize> = None;
        for _ in 0..MAX_ATTEMPTS {
            self.generate(i, &attempts, out)?;
            if let Some(cols) = self.scenario.misfit(&self.columns, out) {
                attempts.redraw(&cols, &self.columns);
                last_failure = format!("the range of type {}", self.profile.columns[cols[0]].ty.name);
                continue;
            }
            if let Some(c) = (0..out.len()).find(|c| self.columns[*c].avoids(&out[*c])) {
                // A sensitive column's value may be a real one: another persona, another draw.
                attempts.persona += 1;
                attempts.redraw(&[c], &self.columns);
                avoided = Some(c);
                continue;
            }
            avoided = None;
            if let Some(n) = self.new_rows.as_ref().filter(|_| self.scenario.typical_row(i)) {
                if attempts.rows < crate::privacy::novelty::REDRAWS && n.repeats_source(out) {
                    // A row of people repeating a real one's coarse values: another row.
                    attempts.redraw_row(&self.columns);
                    continue;
                }
            }
            if let Some(c) =
                self.row_checks.iter().find(|c| constraints::holds(&self.profile, &c.clause, out) == Some(false))
            {
                let cols: Vec<usize> = c.clause.columns().iter().filter_map(|n| self.profile.column_index(n)).collect();
                attempts.redraw(&cols, &self.columns);
                last_failure = c.constraint.clone();
                continue;
            }
            if let Some(u) = self.uniques.iter().find(|u| u.collides(out, &self.kinds)) {
                attempts.slot += 1;
                last_failure = u.name.clone();
                continue;
            }
            if !self.opaque.is_empty() {
                if let Some(k) = db_check(out)? {
                    let check = &self.opaque[k];
                    attempts.redraw(&check.columns, &self.columns);
                    last_failure = check.constraint.clone();
                    continue;
                }
            }
            return Ok(());
        }
        if let Some(c) = avoided {
            return Err(SynthError::new(
                Code::CheckViolation,
                format!(
                    "could not generate a value of sensitive column \"{}\" of {} that is not one of its real values in {MAX_ATTEMPTS} attempts",
                    self.columns[c].name, self.table
                ),
            )
            .hint("The real values fill most of what the generator writes for this column. If they may be reused, mark the column not sensitive: INSERT INTO synthdata.sensitivity (table_name, column_name, sensitive) VALUES (…, false)."));
        }
        Err(SynthError::new(
            Code::CheckViolation,
            format!(
                "could not generate a row of {} that satisfies constraint \"{last_failure}\" in {MAX_ATTEMPTS} attempts",
                self.table
            ),
        )
        .hint("The constraint may be impossible to satisfy, or too narrow to be met by chance; check its definition (\\d+ in psql)."))
    }

    /// Notes for the user (columns left NULL, and why).
    pub fn notes(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().filter_map(|c| c.note.as_deref())
    }

    /// Indexes of the columns this plan generates (the others are left to PostgreSQL).
    pub fn generated_columns(&self) -> Vec<usize> {
        (0..self.columns.len()).filter(|c| self.columns[*c].is_generated()).collect()
    }
}

/// How many children one parent row of `fk` can have before a unique key of `child` that holds
/// the foreign key runs out (its other columns have a finite number of values: a line number
/// `CHECK (n BETWEEN 1 AND 9)`, an enum, a boolean); `None` when nothing limits it.
pub fn children_room(child: &TableProfile, fk: &crate::profile::ForeignKey) -> Option<u64> {
    let cons = Constraints::collect(child);
    child
        .unique_keys()
        .filter(|k| fk.columns.iter().all(|c| k.columns.contains(c)))
        .filter_map(|k| {
            let mut room: u128 = 1;
            for name in k.columns.iter().filter(|c| !fk.columns.contains(c)) {
                let i = child.column_index(name)?;
                let (col, rules) = (&child.columns[i], &cons.rules[i]);
                let size = match (&rules.allowed, col.ty.kind) {
                    (Some(a), _) => a.len() as u128,
                    (None, TypeKind::Enum) => col.ty.enum_labels.as_ref()?.len() as u128,
                    (None, TypeKind::Boolean) => 2,
                    (None, k) if k.is_integer() && rules.bounds.is_finite() => {
                        (rules.bounds.hi.floor() - rules.bounds.lo.ceil() + 1.0).max(0.0) as u128
                    }
                    _ => return None,
                };
                room = room.saturating_mul(size);
            }
            Some(room.min(u128::from(u64::MAX)) as u64)
        })
        .min()
}

fn int_range(kind: TypeKind) -> (i64, i64) {
    match kind {
        TypeKind::Smallint => (i16::MIN.into(), i16::MAX.into()),
        TypeKind::Integer => (i32::MIN.into(), i32::MAX.into()),
        _ => (i64::MIN, i64::MAX),
    }
}

fn exhausted(name: &str, table: &str) -> SynthError {
    SynthError::new(
        Code::UniqueViolation,
        format!("ran out of distinct values for unique constraint \"{name}\" of {table}"),
    )
    .hint("Ask for fewer rows, or widen the key's domain.")
}

fn unsupported_key(name: &str, table: &str, why: &str) -> SynthError {
    SynthError::new(Code::FeatureNotSupported, format!("cannot keep unique constraint \"{name}\" of {table}: {why}"))
}

#[cfg(test)]
pub(crate) mod tests;

/// True when `from` depends, directly or not, on `to` in the graph of what each column needs.
fn reaches(after: &[Vec<usize>], from: usize, to: usize) -> bool {
    let mut seen = vec![false; after.len()];
    let mut stack = vec![from];
    while let Some(c) = stack.pop() {
        if c == to {
            return true;
        }
        if !std::mem::replace(&mut seen[c], true) {
            stack.extend(&after[c]);
        }
    }
    false
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod text_tests;

//! The plan of a table, and [`TablePlan::build`], which makes it in steps: a plan per column,
//! then the foreign keys (`parents`), the unique keys (`unique_keys`), the sample's dependence
//! and the generation order (`order`), the columns that checks retry, partition steering and
//! the scenario. Partition steering, which needs every column's plan, is planned here too.

use std::collections::HashSet;

use super::column::{self, ColumnPlan, Source};
use super::constraints::{self, Constraints, OpaqueCheck, Relation, RowCheck};
use super::joint::{CopulaPlan, Given, Strata};
use super::parents::FkPlan;
use super::retry::NewRows;
use super::scenario::ScenarioPlan;
use super::unique::UniquePlan;
use super::{scalar, text};
use super::{takes_default, Context, Options};
use crate::check_expr::CmpOp;
use crate::error::{Code, Result};
use crate::profile::{TableProfile, TypeKind};
use crate::rng::Key;
use crate::semantic::{Locale, Persona, TextKind};
use crate::value::Value;

#[derive(Clone, Debug)]
pub struct TablePlan {
    pub table: String,
    pub columns: Vec<ColumnPlan>,
    pub kinds: Vec<TypeKind>,
    pub(super) order: Vec<usize>,
    pub(super) fks: Vec<FkPlan>,
    pub(super) uniques: Vec<UniquePlan>,
    pub(super) row_checks: Vec<RowCheck>,
    /// `row_checks`, compiled (same order).
    pub(super) compiled_checks: Vec<constraints::Compiled>,
    pub opaque: Vec<OpaqueCheck>,
    pub(super) persona: bool,
    pub(super) default_persona: Persona,
    /// A country column whose values are its own (statistics, categories): the row's persona
    /// moves to the country it names, so that city, postcode, address and phone lie in it.
    pub(super) country_anchor: Option<usize>,
    pub(super) locale: Locale,
    pub(super) key: Key,
    pub(super) existing: u64,
    pub(super) rows: u64,
    pub(super) partitions: Option<PartitionSteering>,
    pub(super) profile: TableProfile,
    /// Per column: its stratified uniforms.
    pub(super) strata: Vec<Strata>,
    pub(super) copula: Option<CopulaPlan>,
    /// The copula over the columns it anchors only because a column drawn given a category
    /// needs their values first: they are correlated among themselves before the row starts.
    pub(super) pre_copula: Option<CopulaPlan>,
    /// The learned copula until `plan_relations` makes `copula` from it.
    pub(super) copula_model: Option<crate::profile::Copula>,
    /// Per column: the column it is drawn given, if any.
    pub(super) given: Vec<Option<Given>>,
    /// Per column: the parent row's column it holds in a share of rows, if any.
    pub(super) copy_of: Vec<Option<super::joint::CopyOf>>,
    /// The parent rows' columns that columns are never below (learned `AfterParent` rules): row
    /// slot `columns.len() + k` holds the value of entry `k` (foreign key, values) for the row's
    /// parent.
    pub(super) after_parent: Vec<(usize, super::joint::ExternalValues)>,
    /// Per column: NULL exactly when this other column is (a rule of the sample).
    pub(super) null_with: Vec<Option<usize>>,
    /// Columns of which only some counts are non-NULL together (`num_nonnulls(a, b) = 1`).
    pub(super) null_groups: Vec<super::constraints::NullGroup>,
    /// (column, column of the same row it holds): a NOT NULL self-reference's placeholder until
    /// it is linked, the row's own key.
    pub(super) same_as: Vec<(usize, usize)>,
    /// Per column: the product of these two (a rule of the sample).
    pub(super) product_of: Vec<Option<(usize, usize)>>,
    /// Per column: the foreign key whose parents were grouped by the value this column is drawn
    /// given (its children are then placed within their group, see `ByValue::place_of`).
    pub(super) grouped_by: Vec<Option<usize>>,
    /// Edge values and anomalies, when asked for.
    pub(super) scenario: ScenarioPlan,
    /// Rows avoid the source rows' signatures (a table of people, see `privacy::novelty`).
    pub(super) new_rows: Option<NewRows>,
    /// With `Options::fit_to_keys`: the rows the unique keys have room for, when fewer than asked.
    pub row_limit: Option<u64>,
    pub(super) fit_to_keys: bool,
}

/// Rows of a partitioned table go to one leaf partition each, chosen by how much of the columns'
/// distributions falls inside it; the key columns are then drawn inside that leaf.
#[derive(Clone, Debug)]
pub(super) struct PartitionSteering {
    /// Per leaf: the key columns' plans with the leaf's bounds.
    pub(super) leaves: Vec<Vec<(usize, ColumnPlan)>>,
    pub(super) cum: Vec<f64>,
}

/// Without statistics, moments named as first and then (`created_at`, `updated_at`; `start_date`,
/// `end_date`) come in that order: the later follows the earlier (see `hints::comes_after`).
fn named_order(profile: &TableProfile, known: &[Relation]) -> Vec<Relation> {
    let temporal = |k: TypeKind| matches!(k, TypeKind::Date | TypeKind::Timestamp | TypeKind::Timestamptz);
    let mut out = Vec::new();
    for (i, a) in profile.columns.iter().enumerate() {
        for (j, b) in profile.columns.iter().enumerate() {
            let related = known.iter().any(|r| (r.left == i && r.right == j) || (r.left == j && r.right == i));
            if i == j
                || related
                || a.stats.is_some()
                || b.stats.is_some()
                || a.ty.kind != b.ty.kind
                || !temporal(a.ty.kind)
            {
                continue;
            }
            if super::hints::comes_after(&a.name, &b.name) {
                out.push(Relation {
                    left: j,
                    op: CmpOp::Ge,
                    right: i,
                    constraint: format!("{} after {} (by their names)", b.name, a.name),
                });
            }
        }
    }
    out
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
        // Constant defaults are the most common values of columns without statistics.
        super::defaults::apply_shares(profile, &mut columns);
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
            compiled_checks: cons.row_checks.iter().map(|c| constraints::Compiled::new(profile, &c.clause)).collect(),
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
            pre_copula: None,
            copula_model: None,
            given: vec![None; profile.columns.len()],
            copy_of: vec![None; profile.columns.len()],
            after_parent: vec![],
            null_with: vec![None; profile.columns.len()],
            null_groups: cons.null_groups,
            same_as: vec![],
            product_of: vec![None; profile.columns.len()],
            grouped_by: vec![None; profile.columns.len()],
            scenario: ScenarioPlan::default(),
            new_rows: NewRows::build(profile),
            row_limit: None,
            fit_to_keys: opts.fit_to_keys,
        };
        plan.plan_foreign_keys(profile, ctx)?;
        plan.plan_uniques(profile, ctx)?;
        plan.plan_dependence(profile, ctx);
        plan.country_anchor = plan.country_column(profile);
        let mut relations = cons.relations.clone();
        relations.extend(named_order(profile, &relations));
        plan.plan_relations(&relations);
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
        plan.persona = plan.columns.iter().any(ColumnPlan::needs_person);
        plan.scenario = ScenarioPlan::build(&plan, profile, &cons.relations, &opts.scenario, flag);
        Ok(plan)
    }

    /// Steering into leaf partitions, for key columns generated freely (not foreign keys or
    /// unique carriers, whose rows the database routes or rejects).
    pub(super) fn plan_partitions(
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
                leaf_plan.after_parent = col.after_parent;
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

    /// The first text column that holds countries (by what the plan generates for it or by its
    /// name) and is not generated from the persona alone. A country drawn from the persona
    /// already agrees with it.
    pub(super) fn country_column(&self, profile: &TableProfile) -> Option<usize> {
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

    /// Notes for the user (columns left NULL, and why).
    pub fn notes(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().filter_map(|c| c.note.as_deref())
    }

    /// Indexes of the columns this plan generates (the others are left to PostgreSQL).
    pub fn generated_columns(&self) -> Vec<usize> {
        (0..self.columns.len()).filter(|c| self.columns[*c].is_generated()).collect()
    }
}

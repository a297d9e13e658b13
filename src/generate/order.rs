//! What each column is drawn after and given: the sample's dependence model (columns drawn given
//! another of the row or of the parent row, NULL together, products), the CHECK relations
//! between columns, the copula and the persona's country, made into one generation order.

use super::column::{ColumnPlan, Source};
use super::constraints;
use super::joint::{CopulaPlan, CopyOf, ExternalValues, Given, ParentRef};
use super::unique::Carrier;
use super::{Context, TablePlan};
use crate::check_expr::CmpOp;
use crate::profile::{Rule, TableProfile, TypeKind};
use crate::value::Value;

impl TablePlan {
    /// A column this plan draws freely from its own distribution (not a key, not PostgreSQL's).
    pub(super) fn is_free(&self, c: usize) -> bool {
        let col = &self.columns[c];
        col.unique.is_none()
            && matches!(
                col.source,
                Source::Scalar(_) | Source::Choice { .. } | Source::Bool { .. } | Source::Mixed { .. }
            )
    }

    /// A column that can be drawn given another or copied from the parent row: a free one, or
    /// text of a kind (a city), which then follows its parent where the sample saw the parent's
    /// value (a city in its country) and goes its own way elsewhere.
    fn takes_given(&self, c: usize) -> bool {
        self.is_free(c) || (self.columns[c].unique.is_none() && matches!(self.columns[c].source, Source::Text(_)))
    }

    /// A column the copula can steer: a free one, or one whose unique values stay near its own
    /// (a grid).
    fn follows_copula(&self, c: usize) -> bool {
        self.is_free(c)
            || self.columns[c].unique.is_some_and(|u| matches!(self.uniques[u].carrier, Carrier::Grid { .. }))
    }

    /// The sample's dependence model: the copula, columns drawn given others (of this row or
    /// of the parent row), and the NULL and product rules.
    pub(super) fn plan_dependence(&mut self, profile: &TableProfile, ctx: &Context) {
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
            let Some(c) = index(&node.column).filter(|c| self.takes_given(*c) && !steered.contains(c)) else {
                continue;
            };
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
        for copy in &d.copies {
            let Some(c) = index(&copy.column).filter(|c| self.takes_given(*c) && !steered.contains(c)) else {
                continue;
            };
            let Some(f) = self.fks.iter().position(|x| x.name == copy.via) else { continue };
            let Some(ext) = ctx.external.iter().find(|e| e.fk == copy.via && e.column == copy.parent) else { continue };
            if !copy_keeps_values(&self.columns[c].source, &ext.values) {
                continue;
            }
            let key = self.columns[c].key.derive("copy");
            self.copy_of[c] = Some(CopyOf::new(f, ext.values.clone(), ext.kind, copy.share, key));
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
                Rule::AfterParent { column, parent, via } => {
                    let Some(c) = index(column).filter(|c| self.columns[*c].is_generated()) else { continue };
                    let Some(f) = self.fks.iter().position(|x| &x.name == via) else { continue };
                    let Some(ext) = ctx.external.iter().find(|e| &e.fk == via && &e.column == parent) else { continue };
                    if !matches!(ext.values, ExternalValues::Numbers(_)) || self.columns[c].after_parent.is_some() {
                        continue;
                    }
                    self.columns[c].after_parent = Some(self.columns.len() + self.after_parent.len());
                    self.after_parent.push((f, ext.values.clone()));
                }
                // Kept like CHECK constraints (see `Constraints::collect`).
                Rule::LessOrEqual { .. } => {}
            }
        }
        // The copula plan is made with the generation order (`plan_relations`), which knows
        // which columns must have their values before the copula is applied.
        self.copula_model = d.copula.clone();
    }

    /// Orders generation so that a column bounded by another comes after it.
    ///
    /// (`reaches` below tells whether a column already depends on another.)
    pub(super) fn plan_relations(&mut self, relations: &[constraints::Relation]) {
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
            let steerable =
                |c: usize| self.follows_copula(c) && self.kinds[c].is_ordered_scalar() && self.product_of[c].is_none();
            let copula = CopulaPlan::new(&cop, |name| index(name).filter(|c| steerable(*c)), |c| anchored[c]);
            // Columns anchored only because a conditioned column needs them (a bound of a
            // learned `a <= b`) are free themselves: correlated among themselves first, they
            // keep the copula's relations rather than coming out independent.
            let pre = CopulaPlan::new(
                &cop,
                |name| index(name).filter(|c| anchored[*c] && self.given[*c].is_none() && steerable(*c)),
                |_| false,
            );
            (self.copula, self.pre_copula) = (copula, pre);
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
}

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

/// False when copying the parents' values would lose the values the data shows: the column's
/// own distribution draws mostly from values of the data (its most common values, shown with
/// the user's leave), and the generated parents lack more than a tenth of them (their
/// addresses were made new, their rarer countries left out for privacy). A column whose own
/// values would be made new anyway (a name, an address kept private) is better copied: it then
/// agrees with its parent row.
fn copy_keeps_values(source: &Source, parents: &ExternalValues) -> bool {
    let ExternalValues::Codes { labels, .. } = parents else { return true };
    let (values, cum, share) = match source {
        Source::Choice { values, cum } => (values, cum, 1.0),
        Source::Mixed { mcv, mcv_share, .. } => match &**mcv {
            Source::Choice { values, cum } => (values, cum, *mcv_share),
            _ => return true,
        },
        _ => return true,
    };
    let held: std::collections::HashSet<&str> = labels.iter().flatten().map(String::as_str).collect();
    let (mut data, mut shared) = (0.0, 0.0);
    for (k, v) in values.iter().enumerate() {
        let w = cum[k] - if k == 0 { 0.0 } else { cum[k - 1] };
        let Value::Text(t) = v else { return true };
        data += w;
        if held.contains(t.as_str()) {
            shared += w;
        }
    }
    let total = cum.last().copied().unwrap_or(0.0);
    if total <= 0.0 {
        return true;
    }
    let data_share = share * data / total;
    data_share < 0.5 || shared >= 0.9 * data
}

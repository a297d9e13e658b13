//! The properties of several tables, foreign key by foreign key: Cardinality (how many children
//! each parent row has, real against synthetic) and Intertable Trends (Column Pair Trends between
//! each parent column and each child column on the child ⋈ parent join). Both read the same
//! encoded keys, so one walk over the relationships computes them together.

use super::column_data::Encoder;
use super::pair_trends::{contribution, pair_score, prepare_joined};
use super::shapes::ks_complement;
use super::{mean, Column, ColumnData, IntertablePairReport, Map, Metric, Relationship, RelationshipReport, Table};

/// The multi-table properties and their reports.
pub(super) struct Scored {
    pub(super) cardinality: Option<f64>,
    pub(super) intertable: Option<f64>,
    pub(super) reports: Vec<RelationshipReport>,
    pub(super) pairs: Vec<IntertablePairReport>,
}

/// Cardinality and Intertable Trends of `relationships` between `tables`.
pub(super) fn score(
    tables: &[Table],
    relationships: &[Relationship],
    pair_threshold: f64,
    tick: &mut dyn FnMut(),
) -> Scored {
    let with_threshold = pair_threshold > 0.0;
    let mut reports = Vec::new();
    let mut inter = Vec::new();
    let mut inter_scores = Vec::new();
    for rel in relationships {
        tick();
        let (parent, child) = (&tables[rel.parent], &tables[rel.child]);
        let (pk, fk) = (&parent.columns[rel.parent_column], &child.columns[rel.child_column]);
        let codes = |p: &ColumnData, c: &ColumnData| {
            let mut encoder = Encoder::default();
            let pc = encoder.encode(p);
            let cc = encoder.encode(c);
            (pc, cc)
        };
        let (real_pk, real_fk) = codes(&pk.real, &fk.real);
        let (synth_pk, synth_fk) = codes(&pk.synthetic, &fk.synthetic);
        reports.push(RelationshipReport {
            parent: parent.real_name.clone(),
            parent_column: pk.name.clone(),
            child: child.real_name.clone(),
            child_column: fk.name.clone(),
            metric: Metric::CardinalityShapeSimilarity,
            score: cardinality_shape_similarity((&real_pk, &real_fk), (&synth_pk, &synth_fk)),
        });
        let real_join = join(&real_pk, &real_fk);
        let synth_join = join(&synth_pk, &synth_fk);
        // The scored columns on the join.
        let joined = |c: &Column, real_rows: &[usize], synth_rows: &[usize]| {
            c.sdtype.shape()?;
            Some((c.sdtype, c.real.gather(real_rows), c.synthetic.gather(synth_rows)))
        };
        let parent_data: Vec<_> = parent.columns.iter().map(|c| joined(c, &real_join.0, &synth_join.0)).collect();
        let child_data: Vec<_> = child.columns.iter().map(|c| joined(c, &real_join.1, &synth_join.1)).collect();
        let (parent_cols, child_cols) = (prepare_joined(&parent_data), prepare_joined(&child_data));
        for (i, a) in parent_cols.iter().enumerate() {
            for (j, b) in child_cols.iter().enumerate() {
                let (Some(a), Some(b)) = (a, b) else { continue };
                tick();
                let (metric, p) = pair_score(a, b, pair_threshold);
                inter_scores.push(contribution(&p));
                inter.push(IntertablePairReport {
                    parent: parent.real_name.clone(),
                    child: child.real_name.clone(),
                    foreign_key: fk.name.clone(),
                    columns: [parent.columns[i].name.clone(), child.columns[j].name.clone()],
                    metric,
                    score: p.score,
                    real: p.real,
                    synthetic: p.synthetic,
                    real_association: p.real_association,
                    meets_threshold: with_threshold.then_some(p.meets_threshold),
                });
            }
        }
    }
    Scored {
        cardinality: mean(reports.iter().map(|r| r.score)),
        intertable: mean(inter_scores.into_iter()),
        reports,
        pairs: inter,
    }
}

/// Per parent row, how many child rows point at it (`parent` and `child` are codes of the same
/// encoding; a NULL parent key gets the NULL children, as pandas joins them).
fn children_per_parent(parent: &[u32], child: &[u32]) -> Vec<f64> {
    let mut counts: Map<u32, f64> = Map::default();
    for c in child {
        *counts.entry(*c).or_default() += 1.0;
    }
    parent.iter().map(|p| counts.get(p).copied().unwrap_or(0.0)).collect()
}

/// KS complement of the children-per-parent distributions of a foreign key; `None` when a side
/// has no parent rows.
pub fn cardinality_shape_similarity(real: (&[u32], &[u32]), synthetic: (&[u32], &[u32])) -> Option<f64> {
    ks_complement(&children_per_parent(real.0, real.1), &children_per_parent(synthetic.0, synthetic.1))
}

/// The rows of child ⋈ parent on key = foreign key: (parent rows, child rows), child by child.
/// NULL matches NULL, as in a pandas merge.
fn join(parent_keys: &[u32], child_keys: &[u32]) -> (Vec<usize>, Vec<usize>) {
    let mut by_key: Map<u32, Vec<usize>> = Map::default();
    for (row, k) in parent_keys.iter().enumerate() {
        by_key.entry(*k).or_default().push(row);
    }
    let (mut parents, mut children) = (Vec::new(), Vec::new());
    for (row, k) in child_keys.iter().enumerate() {
        for p in by_key.get(k).map(Vec::as_slice).unwrap_or_default() {
            parents.push(*p);
            children.push(row);
        }
    }
    (parents, children)
}

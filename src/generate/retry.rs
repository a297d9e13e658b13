//! Redrawing a row until it holds: a row that fails a check redraws only that check's columns, a
//! sensitive value that is a real one draws another persona, a row of people that repeats a
//! source row's signature is drawn again whole, and a key already in the table takes its next
//! slot — each at most [`MAX_ATTEMPTS`] times.

use super::column::{ColumnPlan, Source};
use super::TablePlan;
use crate::error::{Code, Result, SynthError};
use crate::profile::{TableProfile, TypeKind};
use crate::value::Value;

/// How many times a row is regenerated before a constraint is declared unsatisfiable.
pub const MAX_ATTEMPTS: u32 = 100;

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
    pub(super) fn redraw_row(&mut self, plans: &[ColumnPlan]) {
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
    pub(super) fn redraw(&mut self, cols: &[usize], plans: &[ColumnPlan]) {
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

/// The signature columns of a [`crate::privacy::novelty::RowFilter`], by index.
#[derive(Clone, Debug)]
pub(super) struct NewRows {
    pub(super) columns: Vec<(usize, TypeKind)>,
    pub(super) filter: crate::privacy::novelty::RowFilter,
}

impl NewRows {
    pub(super) fn build(profile: &TableProfile) -> Option<NewRows> {
        let filter = profile.new_rows.clone()?;
        let columns = filter
            .columns
            .iter()
            .map(|c| profile.column_index(&c.column).map(|i| (i, profile.columns[i].ty.kind)))
            .collect::<Option<Vec<_>>>()?;
        Some(NewRows { columns, filter })
    }

    /// Whether `row` may repeat a source row's signature.
    pub(super) fn repeats_source(&self, row: &[Value]) -> bool {
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

impl TablePlan {
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
        let mut stuck = 0u32;
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
            let broken = self.compiled_checks.iter().position(|c| c.holds(&self.profile, out) == Some(false));
            if let Some(c) = broken.map(|k| &self.row_checks[k]) {
                let cols: Vec<usize> = c.clause.columns().iter().filter_map(|n| self.profile.column_index(n)).collect();
                attempts.redraw(&cols, &self.columns);
                last_failure = self.failure(&c.constraint, &cols, out);
                stuck += 1;
                self.next_key_when_stuck(stuck, &cols, &mut attempts);
                continue;
            }
            if let Some(u) = self.uniques.iter().find(|u| u.collides(out, &self.kinds)) {
                attempts.slot += 1;
                last_failure = format!("constraint \"{}\"", u.name);
                continue;
            }
            if !self.opaque.is_empty() {
                if let Some(k) = db_check(out)? {
                    let check = &self.opaque[k];
                    attempts.redraw(&check.columns, &self.columns);
                    last_failure = self.failure(&check.constraint, &check.columns, out);
                    stuck += 1;
                    self.next_key_when_stuck(stuck, &check.columns, &mut attempts);
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
            format!("could not generate a row of {} that satisfies {last_failure} in {MAX_ATTEMPTS} attempts", self.table),
        )
        .hint("The constraint may be impossible to satisfy, or too narrow to be met by chance; check its definition (\\d+ in psql)."))
    }
}

/// Failed checks of a row after which a key the check reads moves to its next slot.
const STUCK_ON_KEY: u32 = 10;

impl TablePlan {
    /// A check that reads a key column and fails again and again may fail for the key itself
    /// (`id <> 1 OR (type = 3 AND …)`: the row numbered 1 must be the special one): every
    /// [`STUCK_ON_KEY`] failures the row takes its key's next slot, one the other rows of the
    /// call do not use, when the key has room for it.
    /// When every column of the check is part of a key (`tag1 < tag2` over a key of two
    /// parents), redrawing changes nothing: the next slot comes at once.
    fn next_key_when_stuck(&self, stuck: u32, cols: &[usize], attempts: &mut Attempts) {
        let keys: Vec<Option<usize>> = cols.iter().map(|c| self.key_of(*c)).collect();
        let only_keys = !keys.is_empty() && keys.iter().all(Option::is_some);
        if !only_keys && stuck % STUCK_ON_KEY != 0 {
            return;
        }
        let needed = self.existing.saturating_add((u64::from(attempts.slot) + 2).saturating_mul(self.rows));
        if keys.iter().flatten().any(|k| self.uniques[*k].carrier.capacity() >= needed) {
            attempts.slot += 1;
        }
    }

    /// The unique key whose carrier gives column `c` its value, if one does.
    fn key_of(&self, c: usize) -> Option<usize> {
        if let Some(k) = self.columns[c].unique {
            return Some(k);
        }
        match &self.columns[c].source {
            Source::KeyPart { unique, .. } => Some(*unique),
            Source::ForeignKey { fk, .. } if self.fks[*fk].by_key => self.uniques.iter().position(|u| match &u.carrier {
                super::unique::Carrier::Product { positions, .. } => positions.iter().any(|(_, d)| {
                    matches!(d, super::unique::Domain::Parent { fk: f, .. } | super::unique::Domain::Subset { fk: f, .. } if f == fk)
                }),
                _ => false,
            }),
            _ => None,
        }
    }

    /// `constraint "name"`, with the last values drawn for its columns, for the error that says
    /// a constraint could not be met: what the generator tried tells why more often than the
    /// definition does. The values are generated ones, never read from the table.
    fn failure(&self, constraint: &str, cols: &[usize], out: &[Value]) -> String {
        let shown: Vec<String> = cols
            .iter()
            .take(4)
            .filter_map(|c| {
                let col = self.profile.columns.get(*c)?;
                let mut text = match &out[*c] {
                    Value::Null => "NULL".to_string(),
                    v => v.to_text(col.ty.kind),
                };
                if text.chars().count() > 40 {
                    text = text.chars().take(40).collect::<String>() + "…";
                }
                Some(format!("{} = {text}", col.name))
            })
            .collect();
        if shown.is_empty() {
            format!("constraint \"{constraint}\"")
        } else {
            format!("constraint \"{constraint}\" (last drawn: {})", shown.join(", "))
        }
    }
}

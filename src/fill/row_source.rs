//! The rows of one call, as datums: profile → plan → values → datums, one row at a time.
//!
//! A [`RowSource`] is what `synth_rows` iterates and what `synth_fill` inserts. It reads the
//! table's profile and context once, then produces rows on demand with bounded memory, checking
//! for interrupts on every row and reporting progress at a human pace.

use std::time::{Duration, Instant};

use pgrx::pg_sys;
use pgrx::prelude::*;

use crate::error::{Code, Result, SynthError};
use crate::fill::datum::RowLayout;
use crate::fill::validate::DbChecks;
use crate::generate::scenario::Scenario;
use crate::generate::{Context, Options, TablePlan};
use crate::introspect::{context, sample, settings};
use crate::profile::{ChildrenPerParent, TableProfile};
use crate::semantic::Locale;
use crate::value::Value;

pub struct RowSource {
    pub plan: TablePlan,
    pub layout: RowLayout,
    checks: Option<DbChecks>,
    values: Vec<Value>,
    /// The datums and null flags of the row being formed, reused from row to row.
    datums: Vec<pg_sys::Datum>,
    nulls: Vec<bool>,
    next: u64,
    total: u64,
    progress: Progress,
}

/// How a fill differs from generating from the live table alone: a profile brought from elsewhere,
/// children per parent from a schema profile, foreign keys linked afterwards.
#[derive(Clone, Debug, Default)]
pub struct FillSpec {
    /// Generate from this profile instead of the table's own catalog and statistics.
    pub profile: Option<TableProfile>,
    /// Per foreign key of the profile.
    pub spread: Vec<Option<ChildrenPerParent>>,
    /// Per foreign key of the profile: leave NULL, to be linked later.
    pub linked: Vec<bool>,
    /// Edge cases or anomalies instead of typical rows only.
    pub scenario: Scenario,
    /// As many rows as the unique keys have room for, at most the number asked (schema fills
    /// that size tables themselves).
    pub fit_to_keys: bool,
    /// Where `profile` came from, for the fill log (`None`: read from the live table here).
    pub source: Option<&'static str>,
}

thread_local! {
    /// The SQL function a row source works for, when it is not the one that opened it
    /// (`synth_fill` inserting through `synth_rows`).
    static VERB: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
    /// The locale a call asked for (its `locale` argument), for every row source it opens,
    /// including those of tables filled through `synth_rows` or by a cascade.
    static LOCALE: std::cell::Cell<Option<Locale>> = const { std::cell::Cell::new(None) };
    /// The fill spec of a table being filled through `synth_rows`, for the nested call to find.
    static SPECS: std::cell::RefCell<Vec<(pg_sys::Oid, FillSpec)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` with row sources of `relid` following `spec` (for fills that go through SQL).
pub fn with_spec<T>(relid: pg_sys::Oid, spec: FillSpec, f: impl FnOnce() -> T) -> T {
    struct Pop;
    impl Drop for Pop {
        fn drop(&mut self) {
            SPECS.with(|s| s.borrow_mut().pop());
        }
    }
    SPECS.with(|s| s.borrow_mut().push((relid, spec)));
    let _pop = Pop;
    f()
}

fn spec_for(relid: pg_sys::Oid) -> Option<FillSpec> {
    SPECS.with(|s| s.borrow().iter().rev().find(|(r, _)| *r == relid).map(|(_, spec)| spec.clone()))
}

/// Runs `f` with row sources reporting progress as `verb`.
pub fn reporting_as<T>(verb: &'static str, f: impl FnOnce() -> T) -> T {
    struct Reset(Option<&'static str>);
    impl Drop for Reset {
        fn drop(&mut self) {
            VERB.with(|v| v.set(self.0));
        }
    }
    let _reset = Reset(VERB.with(|v| v.replace(Some(verb))));
    f()
}

/// Runs `f` with row sources using `locale` (`None`: the locale of an enclosing call, else
/// `synthdata.locale`).
pub fn with_locale<T>(locale: Option<Locale>, f: impl FnOnce() -> T) -> T {
    struct Reset(Option<Locale>);
    impl Drop for Reset {
        fn drop(&mut self) {
            LOCALE.with(|l| l.set(self.0));
        }
    }
    let outer = LOCALE.with(|l| l.get());
    let _reset = Reset(outer);
    LOCALE.with(|l| l.set(locale.or(outer)));
    f()
}

/// The locale of row sources opened now: the call's, else `synthdata.locale`.
pub fn current_locale() -> Result<Locale> {
    match LOCALE.with(|l| l.get()) {
        Some(l) => Ok(l),
        None => settings::locale(),
    }
}

impl RowSource {
    /// Everything needed to generate `n` rows of table `relid` with `seed` in `scenario` (unless
    /// a fill of the table is under way, whose spec says how).
    pub fn open(relid: pg_sys::Oid, n: u64, seed: i64, scenario: Scenario, verb: &str) -> Result<RowSource> {
        let spec = spec_for(relid).unwrap_or(FillSpec { scenario, ..FillSpec::default() });
        RowSource::open_with(relid, spec, n, seed, verb)
    }

    /// As [`RowSource::open`], following `spec`.
    pub fn open_with(relid: pg_sys::Oid, mut spec: FillSpec, n: u64, seed: i64, verb: &str) -> Result<RowSource> {
        let profile = match spec.profile.take() {
            Some(p) => p,
            None => sample::read_profile(relid, settings::sample_rows())?,
        };
        let (ctx, opts) = read_context(relid, &profile, spec, n, seed)?;
        let plan = TablePlan::build(&profile, &opts, &ctx)?;
        let n = plan.row_limit.map_or(n, |limit| n.min(limit));
        for note in plan.notes() {
            notice!("{note}");
        }
        let verb = VERB.with(|v| v.get()).unwrap_or(verb);
        let progress = Progress::new(format!("{verb} {}", profile.qualified_name()), n, seed);
        RowSource::with_plan(relid, &profile, plan, 0..n, progress)
    }

    /// Rows `rows` (row indexes of the whole call) of a plan built elsewhere: the part of a fill
    /// that one Citus worker generates. Reports no progress (the caller's fill does).
    pub fn open_part(
        relid: pg_sys::Oid,
        profile: &TableProfile,
        ctx: &Context,
        opts: &Options,
        rows: std::ops::Range<u64>,
    ) -> Result<RowSource> {
        let plan = TablePlan::build(profile, opts, ctx)?;
        let progress = Progress::silent(rows.end);
        RowSource::with_plan(relid, profile, plan, rows, progress)
    }

    fn with_plan(
        relid: pg_sys::Oid,
        profile: &TableProfile,
        plan: TablePlan,
        rows: std::ops::Range<u64>,
        progress: Progress,
    ) -> Result<RowSource> {
        let tupdesc = unsafe {
            let rel = pg_sys::RelationIdGetRelation(relid);
            if rel.is_null() {
                return Err(SynthError::new(Code::UndefinedTable, "table disappeared"));
            }
            let copy = pg_sys::CreateTupleDescCopy((*rel).rd_att);
            pg_sys::RelationClose(rel);
            copy
        };
        let layout = RowLayout::new(tupdesc, profile)?;
        let domains = domain_type_oids(relid, profile)?;
        let checks = DbChecks::prepare(relid, &plan.opaque, &layout, &domains)?;
        Ok(RowSource {
            plan,
            layout,
            checks,
            values: Vec::new(),
            datums: Vec::new(),
            nulls: Vec::new(),
            next: rows.start,
            total: rows.end,
            progress,
        })
    }

    /// Where each column's values would come from in a fill of `n` rows of `relid` (nothing is
    /// generated): the plan a fill would follow, explained, with each column's type.
    pub fn explain(relid: pg_sys::Oid, n: u64) -> Result<Vec<(String, crate::generate::explain::ColumnExplanation)>> {
        let profile = sample::read_profile(relid, settings::sample_rows())?;
        let ctx = context::read_context(&profile, n, &[])?;
        let opts = Options {
            seed: 0,
            locale: current_locale()?,
            unsupported_as_null: settings::unsupported_as_null(),
            scenario: Scenario::default(),
            fit_to_keys: false,
        };
        let plan = TablePlan::build(&profile, &opts, &ctx)?;
        Ok(profile.columns.iter().map(|c| c.ty.name.clone()).zip(plan.explain()).collect())
    }

    /// The values of the next row, or `None` when all rows were produced.
    pub fn next_values(&mut self) -> Result<Option<&[Value]>> {
        if self.next >= self.total {
            self.progress.finish(self.total);
            return Ok(None);
        }
        pg_sys::check_for_interrupts!();
        let i = self.next;
        let (plan, layout, checks) = (&self.plan, &mut self.layout, &mut self.checks);
        let mut db_check = |row: &[Value]| -> Result<Option<usize>> {
            match checks {
                Some(c) => c.first_failure(layout, row),
                None => Ok(None),
            }
        };
        plan.row(i, &mut self.values, &mut db_check)?;
        self.next += 1;
        self.progress.tick(self.next);
        Ok(Some(&self.values))
    }

    /// Makes the source produce rows `rows` (row indexes of the whole call) next.
    pub fn seek(&mut self, rows: std::ops::Range<u64>) {
        self.next = rows.start;
        self.total = rows.end;
    }

    /// The index of the row produced next (one past the last one produced).
    pub fn position(&self) -> u64 {
        self.next
    }

    /// Whether rows are checked by the database's own evaluation of some CHECK (which runs in
    /// subtransactions).
    pub fn has_db_checks(&self) -> bool {
        self.checks.is_some()
    }

    /// The next row as datums and null flags (per attribute of the table's row type); false when
    /// all rows were produced.
    pub fn next_datums(&mut self, datums: &mut [pg_sys::Datum], nulls: &mut [bool]) -> Result<bool> {
        if self.next_values()?.is_none() {
            return Ok(false);
        }
        self.layout.fill(&self.values, datums, nulls)?;
        Ok(true)
    }

    /// The next row as a composite datum of the table's row type, in the current memory context
    /// (formed once: heap_form_tuple already writes the header a composite datum needs).
    pub fn next_row_datum(&mut self) -> Result<Option<pg_sys::Datum>> {
        if self.next_values()?.is_none() {
            return Ok(None);
        }
        let natts = self.layout.natts();
        self.datums.resize(natts, pg_sys::Datum::from(0));
        self.nulls.resize(natts, true);
        self.layout.fill(&self.values, &mut self.datums, &mut self.nulls)?;
        unsafe {
            let tuple = pg_sys::heap_form_tuple(self.layout.tupdesc, self.datums.as_mut_ptr(), self.nulls.as_mut_ptr());
            Ok(Some(pg_sys::HeapTupleHeaderGetDatum((*tuple).t_data)))
        }
    }
}

/// What a fill of `n` rows of `relid` following `spec` generates from: the table as the fill
/// finds it (checked against the fill log during a replay) and the call's options.
pub fn read_context(
    relid: pg_sys::Oid,
    profile: &TableProfile,
    spec: FillSpec,
    n: u64,
    seed: i64,
) -> Result<(Context, Options)> {
    let mut ctx = context::read_context(profile, n, &spec.linked)?;
    if super::log::wants_facts() {
        let fk_names: Vec<String> = profile.foreign_keys.iter().map(|f| f.name.clone()).collect();
        let found = crate::generate::facts::context_facts(&ctx, &fk_names);
        super::log::check_facts(relid, &found)?;
        super::log::note_facts(relid, found);
    }
    for (f, s) in spec.spread.into_iter().enumerate() {
        if let Some(slot) = ctx.spread.get_mut(f) {
            *slot = s;
        }
    }
    let opts = Options {
        seed,
        locale: current_locale()?,
        unsupported_as_null: settings::unsupported_as_null(),
        scenario: spec.scenario,
        fit_to_keys: spec.fit_to_keys,
    };
    Ok((ctx, opts))
}

/// The OID of each column's domain type (for the database's domain checks).
fn domain_type_oids(relid: pg_sys::Oid, profile: &TableProfile) -> Result<Vec<Option<pg_sys::Oid>>> {
    let mut out = Vec::with_capacity(profile.columns.len());
    for c in &profile.columns {
        if c.ty.domain.is_none() {
            out.push(None);
            continue;
        }
        let typ = Spi::get_one_with_args::<pg_sys::Oid>(
            "SELECT atttypid FROM pg_catalog.pg_attribute WHERE attrelid = $1 AND attname = $2",
            &[relid.into(), c.name.as_str().into()],
        )
        .map_err(|e| SynthError::new(Code::Internal, format!("reading column types: {e}")))?;
        out.push(typ);
    }
    Ok(out)
}

/// Progress NOTICEs every `synthdata.progress_interval` seconds.
pub struct Progress {
    label: String,
    total: u64,
    seed: i64,
    started: Instant,
    last: Instant,
    interval: Option<Duration>,
    reported: bool,
}

impl Progress {
    pub fn new(label: String, total: u64, seed: i64) -> Progress {
        let secs = settings::progress_interval_secs();
        let now = Instant::now();
        Progress {
            label,
            total,
            seed,
            started: now,
            last: now,
            interval: (secs > 0).then(|| Duration::from_secs(secs)),
            reported: false,
        }
    }

    /// No NOTICEs at all.
    fn silent(total: u64) -> Progress {
        let now = Instant::now();
        Progress { label: String::new(), total, seed: 0, started: now, last: now, interval: None, reported: false }
    }

    fn tick(&mut self, done: u64) {
        if done.is_multiple_of(1024) {
            self.report(done);
        }
    }

    /// A NOTICE of `done` rows if the interval has passed since the last.
    pub fn report(&mut self, done: u64) {
        let Some(interval) = self.interval else {
            return;
        };
        let now = Instant::now();
        if now.duration_since(self.last) < interval {
            return;
        }
        self.last = now;
        self.reported = true;
        let elapsed = now.duration_since(self.started).as_secs_f64();
        let rate = done as f64 / elapsed.max(1e-9);
        notice!(
            "{}: {} of {} rows ({:.0}%), {:.0} rows/s, seed {}",
            self.label,
            done,
            self.total,
            100.0 * done as f64 / self.total.max(1) as f64,
            rate,
            self.seed
        );
    }

    pub fn finish(&mut self, done: u64) {
        if self.reported {
            self.reported = false;
            let elapsed = self.started.elapsed().as_secs_f64();
            notice!("{}: {} rows generated in {:.1} s", self.label, done, elapsed);
        }
    }

    /// As [`Progress::finish`] for a fill whose progress another process reported: the final
    /// NOTICE when the fill lasted longer than the interval.
    pub fn finish_reported_elsewhere(&mut self, done: u64) {
        if self.interval.is_some_and(|i| self.started.elapsed() >= i) {
            self.reported = true;
        }
        self.finish(done);
    }
}

/// The SQL function the row sources opened now work for: `verb`, unless a call that fills
/// through another (`synth_fill_schema`, a cascade) said otherwise.
pub fn reporting_verb(verb: &'static str) -> &'static str {
    VERB.with(|v| v.get()).unwrap_or(verb)
}

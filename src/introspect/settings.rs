//! The `synthdata.*` settings, defined in one place.
//!
//! | setting | default | meaning |
//! |---|---|---|
//! | `synthdata.seed` | unset | session-wide seed used when a call passes no seed; the fakers' sequence |
//! | `synthdata.locale` | `en` | language of names, addresses and words (`en`, `de`, `fr`) |
//! | `synthdata.progress_interval` | `5` | seconds between progress NOTICEs of long fills; 0 = none |
//! | `synthdata.unsupported_types` | `error` | `null` leaves nullable columns of unsupported types NULL |
//! | `synthdata.sample_rows` | `0` | rows sampled to learn dependence when a fill reads the live table's profile (profiles sample 10,000 by default) |
//! | `synthdata.min_count` | `5` | values seen fewer times are left out of exported profiles (k) |
//! | `synthdata.new_rows` | `on` | profiles of tables of people carry a filter of their rows' signatures, which generated rows avoid |
//! | `synthdata.defaults` | `generate` | `leave`: columns with a DEFAULT and no statistics are left to PostgreSQL |
//! | `synthdata.triggers` | `on` | `off`: the user triggers of the tables a fill writes do not fire during it |
//! | `synthdata.batch_rows` | `10000` | rows (or key values) per statement of `synth_anonymize` |
//! | `synthdata.parallel` | `1` | parallel workers that generate and write each table of a fill (1: the calling backend alone) |
//! | `synthdata.log` | `on` | every writing call appends its tables to `synthdata.fill_log`; superuser-only |
//! | `synthdata.secret` | unset | key of the `synth_pseudonymize_*` functions and `synth_hash`; superuser-only, hidden |

use std::ffi::CString;

use pgrx::{GucContext, GucFlags, GucRegistry, GucSetting};

use crate::error::{Result, SynthError};
use crate::semantic::Locale;

/// The largest sample a profile reads (`synthdata.sample_rows`, the `sample_rows` arguments).
pub const MAX_SAMPLE_ROWS: i64 = 100_000;
/// The sample `synth_profile` and `synth_profile_schema` read unless told otherwise: enough to learn orderings, categories and
/// how columns go together, small enough that a table of 10^8 rows is profiled in seconds.
pub const DEFAULT_SAMPLE_ROWS: i64 = 10_000;

static SEED: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);
static LOCALE: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(Some(c"en"));
static PROGRESS_INTERVAL: GucSetting<i32> = GucSetting::<i32>::new(5);
static SAMPLE_ROWS: GucSetting<i32> = GucSetting::<i32>::new(0);
static MIN_COUNT: GucSetting<i32> = GucSetting::<i32>::new(crate::redact::DEFAULT_MIN_COUNT as i32);
static NEW_ROWS: GucSetting<bool> = GucSetting::<bool>::new(true);
static TRIGGERS: GucSetting<bool> = GucSetting::<bool>::new(true);
static LOG: GucSetting<bool> = GucSetting::<bool>::new(true);
static BATCH_ROWS: GucSetting<i32> = GucSetting::<i32>::new(10_000);
static PARALLEL: GucSetting<i32> = GucSetting::<i32>::new(1);
static SECRET: GucSetting<Option<CString>> = GucSetting::<Option<CString>>::new(None);

// Named in lower case, as documented and as SHOW prints them (input is case-insensitive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, pgrx::PostgresGucEnum)]
pub enum UnsupportedTypes {
    #[name = c"error"]
    Error,
    #[name = c"null"]
    Null,
}

static UNSUPPORTED: GucSetting<UnsupportedTypes> = GucSetting::<UnsupportedTypes>::new(UnsupportedTypes::Error);

/// What becomes of columns with a DEFAULT that is not a sequence's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, pgrx::PostgresGucEnum)]
pub enum Defaults {
    /// Generated like any column; without statistics the default value is the most common.
    #[name = c"generate"]
    Generate,
    /// Left to PostgreSQL when the column has no statistics (every row its default).
    #[name = c"leave"]
    Leave,
}

static DEFAULTS: GucSetting<Defaults> = GucSetting::<Defaults>::new(Defaults::Generate);

pub fn init() {
    GucRegistry::define_string_guc(
        c"synthdata.seed",
        c"Default seed for synthdata calls that pass none.",
        c"A bigint. When set, every call without an explicit seed uses it, so a session produces the same rows each time.",
        &SEED,
        GucContext::Userset,
        GucFlags::default(),
    );
    GucRegistry::define_string_guc(
        c"synthdata.locale",
        c"Language of generated names, addresses and text: en, de or fr.",
        c"",
        &LOCALE,
        GucContext::Userset,
        GucFlags::default(),
    );
    GucRegistry::define_int_guc(
        c"synthdata.progress_interval",
        c"Seconds between progress notices of long fills (0 disables them).",
        c"",
        &PROGRESS_INTERVAL,
        0,
        3600,
        GucContext::Userset,
        GucFlags::UNIT_S,
    );
    GucRegistry::define_enum_guc(
        c"synthdata.defaults",
        c"Columns with a DEFAULT (not a sequence's): generate their values, or leave them to PostgreSQL.",
        c"generate draws them like any column, the default value the most common one when there are no statistics; leave lets PostgreSQL fill those without statistics, every row with its default. Identity, serial and generated columns are always left to PostgreSQL.",
        &DEFAULTS,
        GucContext::Userset,
        GucFlags::default(),
    );
    GucRegistry::define_enum_guc(
        c"synthdata.unsupported_types",
        c"What to do with columns of types synthdata cannot generate: error or null.",
        c"With null, nullable columns of unsupported types are left NULL; NOT NULL ones still raise an error.",
        &UNSUPPORTED,
        GucContext::Userset,
        GucFlags::default(),
    );
    GucRegistry::define_int_guc(
        c"synthdata.sample_rows",
        c"Rows sampled to learn how columns depend on each other when a fill profiles the live table.",
        c"0 uses the statistics alone. Profiles passed to synth_fill_schema carry their own model.",
        &SAMPLE_ROWS,
        0,
        MAX_SAMPLE_ROWS as i32,
        GucContext::Userset,
        GucFlags::default(),
    );
    GucRegistry::define_int_guc(
        c"synthdata.min_count",
        c"Values seen fewer times than this in a table are left out of the profiles synth_profile and synth_profile_schema export.",
        c"1 keeps every value of columns that are not sensitive. Sensitive columns never carry values, whatever the setting.",
        &MIN_COUNT,
        1,
        1_000_000,
        GucContext::Userset,
        GucFlags::default(),
    );
    GucRegistry::define_bool_guc(
        c"synthdata.new_rows",
        c"Profiles of tables of people carry a filter of their rows' signatures, which generated rows avoid.",
        c"off leaves the filter out: generated rows may then repeat a real row's coarse values (company, region, country), which keep their shares.",
        &NEW_ROWS,
        GucContext::Userset,
        GucFlags::default(),
    );
    GucRegistry::define_bool_guc(
        c"synthdata.triggers",
        c"Whether the user triggers of the tables a fill writes fire.",
        c"off disables them (ALTER TABLE … DISABLE TRIGGER, by name) for the fill and enables them again before it returns, in the same transaction; foreign keys are checked all the same.",
        &TRIGGERS,
        GucContext::Userset,
        GucFlags::default(),
    );
    GucRegistry::define_int_guc(
        c"synthdata.batch_rows",
        c"Rows (or key values) synth_anonymize rewrites per statement.",
        c"Smaller batches hold less memory per statement; the result is the same.",
        &BATCH_ROWS,
        1,
        10_000_000,
        GucContext::Userset,
        GucFlags::default(),
    );
    GucRegistry::define_int_guc(
        c"synthdata.parallel",
        c"Parallel workers that generate and write the rows of each table a fill writes (1: the calling backend writes alone).",
        c"Above 1, that many parallel workers join the caller's transaction and write the table while the calling backend waits. The rows are the same whatever the number, and the fill stays one transaction. Workers come from max_worker_processes and max_parallel_workers; a fill takes those it can get. Tables that need PostgreSQL's INSERT (triggers, row-level security, partitioned tables) are written by the calling backend alone.",
        &PARALLEL,
        1,
        64,
        GucContext::Userset,
        GucFlags::default(),
    );
    // SUSET: the log is an audit trail, which a role under audit should not switch off.
    GucRegistry::define_bool_guc(
        c"synthdata.log",
        c"Whether synth_fill, synth_fill_schema, synth_anonymize, synth_shuffle and synth_replay record what they write in synthdata.fill_log.",
        c"One row per table written, in the caller's transaction. Only superusers change it (ALTER DATABASE … SET synthdata.log = off).",
        &LOG,
        GucContext::Suset,
        GucFlags::default(),
    );
    // Only superusers set it (SUSET) and read it (SUPERUSER_ONLY hides it from SHOW, SHOW ALL,
    // pg_settings and current_setting for others); the functions read it for everyone.
    GucRegistry::define_string_guc(
        c"synthdata.secret",
        c"Secret key of synth_pseudonymize_* and synth_hash when a call passes none.",
        c"Set it per database (ALTER DATABASE … SET synthdata.secret = '…') as a superuser.",
        &SECRET,
        GucContext::Suset,
        GucFlags::SUPERUSER_ONLY | GucFlags::NO_SHOW_ALL,
    );
    unsafe { pgrx::pg_sys::MarkGUCPrefixReserved(c"synthdata".as_ptr()) };
}

/// The session's default seed, if `synthdata.seed` is set.
pub fn seed() -> Result<Option<i64>> {
    let Some(raw) = SEED.get() else {
        return Ok(None);
    };
    let text = raw.to_string_lossy();
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>().map(Some).map_err(|_| {
        SynthError::invalid(format!("synthdata.seed must be a bigint, not \"{text}\""))
            .hint("SET synthdata.seed = 42; or RESET synthdata.seed;")
    })
}

pub fn locale() -> Result<Locale> {
    let raw = LOCALE.get().map(|c| c.to_string_lossy().into_owned()).unwrap_or_else(|| "en".into());
    Locale::parse(&raw).ok_or_else(|| {
        SynthError::invalid(format!("synthdata.locale \"{raw}\" is not supported")).hint("Use en, de or fr.")
    })
}

pub fn progress_interval_secs() -> u64 {
    PROGRESS_INTERVAL.get().max(0) as u64
}

pub fn sample_rows() -> u64 {
    SAMPLE_ROWS.get().max(0) as u64
}

/// The `k` of exported profiles (`synthdata.min_count`).
pub fn min_count() -> u32 {
    MIN_COUNT.get().max(1) as u32
}

/// Whether profiles of tables of people carry a row filter (`synthdata.new_rows`).
pub fn new_rows() -> bool {
    NEW_ROWS.get()
}

/// Whether writing calls are recorded in `synthdata.fill_log` (`synthdata.log`).
pub fn log() -> bool {
    LOG.get()
}

/// Rows per statement of `synth_anonymize` (`synthdata.batch_rows`).
pub fn batch_rows() -> u64 {
    BATCH_ROWS.get().max(1) as u64
}

/// Parallel workers per table of a fill (`synthdata.parallel`; 1: the calling backend alone).
pub fn parallel() -> u32 {
    PARALLEL.get().max(1) as u32
}

/// Whether the user triggers of the tables a fill writes fire (`synthdata.triggers`).
pub fn fire_triggers() -> bool {
    TRIGGERS.get()
}

/// Whether columns with a DEFAULT and no statistics are left to PostgreSQL
/// (`synthdata.defaults = leave`).
pub fn leave_defaults() -> bool {
    DEFAULTS.get() == Defaults::Leave
}

pub fn unsupported_as_null() -> bool {
    UNSUPPORTED.get() == UnsupportedTypes::Null
}

/// The `synthdata.secret` key, if set (never print it).
pub fn secret() -> Option<String> {
    SECRET.get().map(|c| c.to_string_lossy().into_owned())
}

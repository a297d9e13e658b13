//! The fill log (`synthdata.fill_log`, sql/fill_log.sql): every call that writes appends one row
//! per table it wrote, in the caller's transaction, so that a rolled-back call leaves no entry.
//!
//! A call is opened by the SQL function ([`call`]) with its arguments; each table written inside
//! it is [`record`]ed with the profile its rows came from, its part of the call (rows asked,
//! scenario, children per parent, linked keys) and the facts the row source found around it
//! (`generate::facts`). Entries are inserted as the log's owner, so no role needs a privilege on
//! the log and none can forge an entry; each role reads its own (row-level security).
//!
//! A replay ([`crate::fill::replay`]) pins each table of a logged call to its entry ([`Pin`]):
//! the fill then generates from the logged profile and part instead of what the database says
//! now, and checks that it finds the same facts.

use std::cell::RefCell;
use std::time::Instant;

use pgrx::pg_sys;
use pgrx::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use crate::error::{Code, Result, SynthError};
use crate::fill::row_source::FillSpec;
use crate::generate::facts;
use crate::generate::scenario::Scenario;
use crate::introspect::settings;
use crate::pg::spi_err;
use crate::profile::{ChildrenPerParent, TableProfile};

/// The settings logged with each entry and set again by a replay: those that shape what a call
/// writes (not `progress_interval`, which only paces NOTICEs, nor `secret`).
pub const SHAPING_SETTINGS: [&str; 9] = [
    "synthdata.seed",
    "synthdata.locale",
    "synthdata.defaults",
    "synthdata.unsupported_types",
    "synthdata.sample_rows",
    "synthdata.min_count",
    "synthdata.new_rows",
    "synthdata.triggers",
    "synthdata.batch_rows",
];

/// A table's part of a call, as logged: what a replay gives the fill again.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LoggedSpec {
    /// Rows asked of this table (the fill may write fewer: keys with less room).
    pub rows: u64,
    pub scenario: Scenario,
    /// Per foreign key of the profile: children per parent, from a schema profile.
    pub spread: Vec<Option<ChildrenPerParent>>,
    /// Per foreign key of the profile: left NULL, linked afterwards.
    pub linked: Vec<bool>,
    pub fit_to_keys: bool,
}

/// One table of a logged call, pinned for its replay.
#[derive(Clone, Debug)]
pub struct Pin {
    pub entry: i64,
    pub schema: String,
    pub table: String,
    pub seed: i64,
    pub spec: LoggedSpec,
    pub profile: TableProfile,
    pub context: Option<Json>,
}

/// The relation a replay wrote for a pin, and its rows (`None`: not reached yet).
type Written = Option<(pg_sys::Oid, u64)>;

struct Call {
    function: &'static str,
    arguments: Json,
    seed: Option<i64>,
    /// The id of the call's first entry, once there is one.
    id: Option<i64>,
}

thread_local! {
    static CALL: RefCell<Option<Call>> = const { RefCell::new(None) };
    /// The facts the last row source of each table found (relid → JSON), for its entry.
    static FACTS: RefCell<Vec<(pg_sys::Oid, Json)>> = const { RefCell::new(Vec::new()) };
    /// During a replay: the logged tables, and the relation and rows the replay wrote for each.
    static PINS: RefCell<Option<Vec<(Pin, Written)>>> = const { RefCell::new(None) };
}

/// Runs `f` as the logged call `function` with `arguments` and `seed` (inside another logged
/// call, as part of it).
pub fn call<T>(function: &'static str, arguments: Json, seed: Option<i64>, f: impl FnOnce() -> Result<T>) -> Result<T> {
    struct Close(bool);
    impl Drop for Close {
        fn drop(&mut self) {
            if self.0 {
                CALL.with(|c| c.borrow_mut().take());
                FACTS.with(|f| f.borrow_mut().clear());
            }
        }
    }
    let outer = CALL.with(|c| c.borrow().is_some());
    if !outer {
        CALL.with(|c| *c.borrow_mut() = Some(Call { function, arguments, seed, id: None }));
    }
    let _close = Close(!outer);
    f()
}

/// Whether row sources should work out what they found around their table: only when an entry
/// will hold it (logging on, inside a logged call) or a replay checks it. A `synth_rows` query of
/// the user's, outside any fill, does not pay for digesting the parent keys.
pub fn wants_facts() -> bool {
    replaying() || (settings::log() && CALL.with(|c| c.borrow().is_some()))
}

/// The SHA-256 of `text`, in hex (profiles and profile arguments in the log).
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Keeps what a row source of `relid` found around it, for the table's entry.
pub fn note_facts(relid: pg_sys::Oid, facts: Json) {
    FACTS.with(|f| {
        let mut f = f.borrow_mut();
        f.retain(|(r, _)| *r != relid);
        f.push((relid, facts));
    });
}

fn take_facts(relid: pg_sys::Oid) -> Option<Json> {
    FACTS.with(|f| {
        let mut f = f.borrow_mut();
        let i = f.iter().position(|(r, _)| *r == relid)?;
        Some(f.remove(i).1)
    })
}

/// One table written by the open call.
pub struct Entry<'a> {
    pub relid: pg_sys::Oid,
    pub rows: u64,
    /// The seed of the table's rows, when it differs from the call's (or the call has none).
    pub seed: Option<i64>,
    pub profile: Option<&'a TableProfile>,
    /// Where the profile came from: `statistics`, `statistics and sample`, `catalog`,
    /// `imported`, `logged` (a replay).
    pub source: Option<&'a str>,
    pub spec: Option<LoggedSpec>,
    pub started: Instant,
    pub started_at: pg_sys::TimestampTz,
}

/// Runs `f`, a call that rewrites rows of `relid` in place (`synth_anonymize`, `synth_shuffle`),
/// as logged call `function`; its entry holds the rows `f` changed.
pub fn rewrite(
    function: &'static str,
    arguments: Json,
    seed: Option<i64>,
    relid: pg_sys::Oid,
    f: impl FnOnce() -> Result<u64>,
) -> Result<u64> {
    call(function, arguments, seed, || {
        let (started, started_at) = (Instant::now(), unsafe { pg_sys::GetCurrentTimestamp() });
        let rows = f()?;
        record(Entry { relid, rows, seed, profile: None, source: None, spec: None, started, started_at })?;
        Ok(rows)
    })
}

/// Appends `e` to the log, unless `synthdata.log` is off or no logged call is open.
pub fn record(e: Entry<'_>) -> Result<()> {
    let context = take_facts(e.relid);
    if !settings::log() {
        return Ok(());
    }
    let Some((function, arguments, call_seed, call_id)) =
        CALL.with(|c| c.borrow().as_ref().map(|c| (c.function, c.arguments.clone(), c.seed, c.id)))
    else {
        return Ok(());
    };
    let (profile, digest) = match e.profile {
        Some(p) => {
            let text = serde_json::to_string(p).map_err(|err| SynthError::new(Code::Internal, err.to_string()))?;
            let digest = sha256_hex(&text);
            (Some(text), Some(digest))
        }
        None => (None, None),
    };
    let spec = e.spec.map(|s| serde_json::to_string(&s).unwrap_or_default());
    let context = context.map(|c| c.to_string());
    let settings = current_settings()?.to_string();
    let seed = e.seed.or(call_seed);
    let started = e.started_at as f64 / 1e6 + 946_684_800.0;
    let duration = e.started.elapsed().as_secs_f64();
    let role = unsafe { std::ffi::CStr::from_ptr(pg_sys::GetUserNameFromId(pg_sys::GetUserId(), false)) }
        .to_string_lossy()
        .into_owned();
    let sql = "WITH i AS (SELECT pg_catalog.nextval('synthdata.fill_log_id_seq') AS id)
               INSERT INTO synthdata.fill_log (id, call_id, logged_at, role_name, database_name, function_name,
                   schema_name, table_name, rows, seed, arguments, settings, profile_source, profile_digest,
                   profile, spec, context, version, duration)
               SELECT i.id, coalesce($1, i.id), pg_catalog.to_timestamp($2), $3,
                      pg_catalog.current_database(), $4, n.nspname, c.relname, $5, $6, $7::jsonb, $8::jsonb,
                      $9, $10, $11::jsonb, $12::jsonb, $13::jsonb, $14, pg_catalog.make_interval(secs => $15)
                 FROM i, pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = $16
               RETURNING call_id";
    let id = as_log_owner(|| {
        Spi::connect_mut(|client| {
            let args: Vec<pgrx::datum::DatumWithOid> = vec![
                call_id.into(),
                started.into(),
                role.as_str().into(),
                function.into(),
                (e.rows as i64).into(),
                seed.into(),
                arguments.to_string().into(),
                settings.into(),
                e.source.into(),
                digest.into(),
                profile.into(),
                spec.into(),
                context.into(),
                env!("CARGO_PKG_VERSION").into(),
                duration.into(),
                e.relid.into(),
            ];
            let rows = client.update(sql, None, &args)?;
            rows.first().get_one::<i64>()
        })
        .map_err(spi_err("writing the fill log"))
    })??;
    if call_id.is_none() {
        CALL.with(|c| {
            if let Some(c) = c.borrow_mut().as_mut() {
                c.id = id;
            }
        });
    }
    Ok(())
}

/// The current value of each shaping setting (unset ones as NULL), in one query.
pub fn current_settings() -> Result<Json> {
    let names: Vec<&str> = SHAPING_SETTINGS.to_vec();
    let text = crate::pg::spi::get_one_with_args::<String>(
        "SELECT pg_catalog.jsonb_object_agg(n, NULLIF(pg_catalog.current_setting(n, true), ''))::text
           FROM pg_catalog.unnest($1::text[]) n",
        &[names.into()],
    )
    .map_err(spi_err("reading settings"))?
    .unwrap_or_else(|| "{}".into());
    serde_json::from_str(&text).map_err(|e| SynthError::new(Code::Internal, format!("reading settings: {e}")))
}

/// Runs `f` as the owner of `synthdata.fill_log` (as PostgreSQL runs a foreign key's checks as
/// the table's owner), then as the caller again. An error aborts the transaction, which restores
/// the caller's identity.
fn as_log_owner<T>(f: impl FnOnce() -> T) -> Result<T> {
    let owner = crate::pg::spi::get_one::<pg_sys::Oid>(
        "SELECT relowner FROM pg_catalog.pg_class WHERE oid = 'synthdata.fill_log'::pg_catalog.regclass",
    )
    .map_err(spi_err("finding the fill log"))?
    .ok_or_else(|| SynthError::new(Code::UndefinedTable, "synthdata.fill_log does not exist"))?;
    let (mut user, mut context) = (pg_sys::Oid::INVALID, 0i32);
    unsafe {
        pg_sys::GetUserIdAndSecContext(&mut user, &mut context);
        pg_sys::SetUserIdAndSecContext(owner, context | pg_sys::SECURITY_LOCAL_USERID_CHANGE as i32);
    }
    let out = f();
    unsafe { pg_sys::SetUserIdAndSecContext(user, context) };
    Ok(out)
}

/// Runs `f` with the tables of `pins` generated from their logged entries; an error if it did
/// not reach each of them. Returns the tables written, in the logged order, with their rows.
pub fn with_pins(pins: Vec<Pin>, f: impl FnOnce() -> Result<()>) -> Result<Vec<(pg_sys::Oid, u64)>> {
    struct Unpin;
    impl Drop for Unpin {
        fn drop(&mut self) {
            PINS.with(|p| p.borrow_mut().take());
        }
    }
    PINS.with(|p| *p.borrow_mut() = Some(pins.into_iter().map(|p| (p, None)).collect()));
    let _unpin = Unpin;
    f()?;
    let pins = PINS.with(|p| p.borrow().clone().unwrap_or_default());
    let missed: Vec<String> =
        pins.iter().filter(|(_, w)| w.is_none()).map(|(p, _)| format!("{}.{}", p.schema, p.table)).collect();
    if !missed.is_empty() {
        return Err(SynthError::new(
            Code::ObjectNotInPrerequisiteState,
            format!("the replay did not write {}, which the logged call wrote", missed.join(", ")),
        )
        .hint("Replay into a schema with the same tables and foreign keys as the logged one."));
    }
    Ok(pins.into_iter().filter_map(|(_, w)| w).collect())
}

/// During a replay: table `relid` received `rows` rows.
pub fn note_written(relid: pg_sys::Oid, rows: u64) {
    PINS.with(|p| {
        if let Some(w) = p.borrow_mut().iter_mut().flatten().find_map(|(_, w)| w.as_mut().filter(|w| w.0 == relid)) {
            w.1 = rows;
        }
    });
}

/// Whether a replay is under way (tables without a pin then get no rows).
pub fn replaying() -> bool {
    PINS.with(|p| p.borrow().is_some())
}

/// The pin of table `relid` during a replay; `take` marks it reached.
pub fn pin_of(relid: pg_sys::Oid, take: bool) -> Result<Option<Pin>> {
    if !replaying() {
        return Ok(None);
    }
    let (schema, table) = crate::pg::spi::get_two_with_args::<String, String>(
        "SELECT n.nspname::text, c.relname::text FROM pg_catalog.pg_class c
           JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1",
        &[relid.into()],
    )
    .map_err(spi_err("looking up a table"))?;
    let (Some(schema), Some(table)) = (schema, table) else { return Ok(None) };
    Ok(PINS.with(|p| {
        let mut p = p.borrow_mut();
        let found = p.iter_mut().flatten().find(|(pin, _)| pin.schema == schema && pin.table == table)?;
        if take {
            found.1 = Some((relid, 0));
        }
        Some(found.0.clone())
    }))
}

/// During a replay: an error unless the row source of `relid` found what the logged fill found.
pub fn check_facts(relid: pg_sys::Oid, now: &Json) -> Result<()> {
    let Some(pin) = pin_of(relid, false)? else { return Ok(()) };
    let Some(logged) = &pin.context else { return Ok(()) };
    let diff = facts::differences(&format!("{}.{}", pin.schema, pin.table), logged, now);
    if diff.is_empty() {
        return Ok(());
    }
    Err(SynthError::new(
        Code::ObjectNotInPrerequisiteState,
        format!("cannot replay fill log entry {}: the database is not where the logged fill began", pin.entry),
    )
    .detail(diff.join("; "))
    .hint("Replay into empty tables whose parents hold the same keys: the logged call's own tables emptied (TRUNCATE … RESTART IDENTITY CASCADE), or a copy of the schema, replaying its parents' fills first."))
}

/// A fill's spec as logged.
pub fn logged_spec(n: u64, spec: &FillSpec) -> LoggedSpec {
    LoggedSpec {
        rows: n,
        scenario: spec.scenario.clone(),
        spread: spec.spread.clone(),
        linked: spec.linked.clone(),
        fit_to_keys: spec.fit_to_keys,
    }
}

/// Where a profile read from the live table comes from.
pub fn live_source() -> &'static str {
    if settings::sample_rows() > 0 {
        "statistics and sample"
    } else {
        "statistics"
    }
}

/// The arguments of a call, for its entries: `(name, value)` pairs as JSON.
pub fn arguments(pairs: &[(&str, Json)]) -> Json {
    Json::Object(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
}

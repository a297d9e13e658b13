//! Helpers shared by the in-database tests: running SQL, a private schema per test, catching an
//! error with its SQLSTATE in a subtransaction, capturing NOTICEs, and the shop schema.

use std::ffi::CStr;
use std::sync::Mutex;

use pgrx::prelude::*;
use pgrx::{pg_sys, IntoDatum};

/// Runs one or more SQL statements; a PostgreSQL ERROR fails the test.
pub fn run(sql: &str) {
    Spi::run(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The single value `sql` returns; NULL fails the test.
#[track_caller]
pub fn one<T: FromDatum + IntoDatum>(sql: &str) -> T {
    Spi::get_one::<T>(sql).unwrap_or_else(|e| panic!("{sql}: {e}")).unwrap_or_else(|| panic!("{sql}: returned NULL"))
}

/// `count(*)` of a table (or of any FROM clause).
#[track_caller]
pub fn count(from: &str) -> i64 {
    one::<i64>(&format!("SELECT count(*) FROM {from}"))
}

/// A base type synthdata knows nothing of, `mystery`: text's own input and output functions under
/// another name (superuser only, as the tests run).
pub const UNKNOWN_TYPE: &str = "CREATE TYPE mystery;
    CREATE FUNCTION mystery_in(cstring) RETURNS mystery LANGUAGE internal IMMUTABLE STRICT AS 'textin';
    CREATE FUNCTION mystery_out(mystery) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'textout';
    CREATE TYPE mystery (INPUT = mystery_in, OUTPUT = mystery_out, LIKE = text);";

/// [`UNKNOWN_TYPE`] with an equality and a hash operator class (bytea's own), so that ANALYZE
/// gathers its most common values.
pub const UNKNOWN_TYPE_WITH_EQUALITY: &str = "CREATE FUNCTION mystery_eq(mystery, mystery) RETURNS boolean LANGUAGE internal IMMUTABLE STRICT AS 'byteaeq';
    CREATE FUNCTION mystery_hash(mystery) RETURNS integer LANGUAGE internal IMMUTABLE STRICT AS 'hashvarlena';
    CREATE OPERATOR = (LEFTARG = mystery, RIGHTARG = mystery, FUNCTION = mystery_eq, HASHES);
    CREATE OPERATOR CLASS mystery_ops DEFAULT FOR TYPE mystery USING hash AS OPERATOR 1 =, FUNCTION 1 mystery_hash(mystery);";

/// Creates schema `name` and puts it first on the search path for the rest of the test (the
/// test's transaction is rolled back afterwards), so that tests running side by side never wait
/// for each other's tables and error messages name a known schema.
pub fn scratch(name: &str) {
    run(&format!("CREATE SCHEMA {name}; SET LOCAL search_path = {name}, public"));
}

/// The outcome of a statement run in a subtransaction: `None` when it succeeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub sqlstate: String,
    pub message: String,
    pub detail: Option<String>,
    pub hint: Option<String>,
}

/// Runs `sql` inside a PL/pgSQL block with an EXCEPTION clause (a subtransaction) and returns the
/// error it raised, if any, read with GET STACKED DIAGNOSTICS. Everything `sql` did is rolled
/// back when it fails; the test goes on.
pub fn try_sql(sql: &str) -> Option<Failure> {
    run(r#"
        CREATE OR REPLACE FUNCTION pg_temp.synth_try(q text, OUT err_state text, OUT err_message text, OUT err_detail text, OUT err_hint text)
        LANGUAGE plpgsql AS $f$
        BEGIN
            EXECUTE q;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_message = MESSAGE_TEXT,
                                    err_detail = PG_EXCEPTION_DETAIL, err_hint = PG_EXCEPTION_HINT;
        END
        $f$"#);
    let row = Spi::connect(|client| {
        let t = client.select(
            "SELECT err_state, err_message, nullif(err_detail, ''), nullif(err_hint, '') FROM pg_temp.synth_try($1)",
            None,
            &[sql.into()],
        )?;
        let r = t.first();
        Ok::<_, pgrx::spi::Error>((r.get::<String>(1)?, r.get::<String>(2)?, r.get::<String>(3)?, r.get::<String>(4)?))
    })
    .unwrap();
    match row {
        (Some(sqlstate), message, detail, hint) => {
            Some(Failure { sqlstate, message: message.unwrap_or_default(), detail, hint })
        }
        _ => None,
    }
}

/// Like [`try_sql`], but the statement must fail.
#[track_caller]
pub fn must_fail(sql: &str) -> Failure {
    try_sql(sql).unwrap_or_else(|| panic!("expected an error from: {sql}"))
}

/// Row counts of every table in the current schema, as one string (`a=3,b=0`), to show that a
/// failed call changed nothing.
/// Counted one table at a time rather than with `query_to_xml`, which needs a server built with
/// libxml (the PostgreSQL 18 the tests run against is not).
pub fn table_counts() -> String {
    let tables = Spi::get_one::<Vec<String>>(
        "SELECT array_agg(c.relname::text ORDER BY c.relname)
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')",
    )
    .unwrap()
    .unwrap_or_default();
    let schema = spi::quote_identifier(one::<String>("SELECT current_schema()::text"));
    let counts: Vec<String> =
        tables.iter().map(|t| format!("{t}={}", count(&format!("{schema}.{}", spi::quote_identifier(t))))).collect();
    counts.join(",")
}

/// An `array_agg` of the rows `query` returns, as text, in the order they come (`ordered` =
/// false) or sorted (`ordered` = true), for comparing two result sets.
pub fn rows_text(query: &str, sorted: bool) -> Vec<String> {
    let order = if sorted { " ORDER BY r::text" } else { "" };
    Spi::get_one::<Vec<String>>(&format!("SELECT array_agg(r::text{order}) FROM ({query}) r"))
        .unwrap()
        .unwrap_or_default()
}

/// The demo shop (examples/shop.sql), in the current schema.
pub fn shop() {
    run(include_str!("../examples/shop.sql"));
}

/// Fills the shop in dependency order with `seed`.
pub fn fill_shop(seed: i64) {
    for (table, n) in [("customers", 200), ("products", 50), ("orders", 1000), ("order_items", 2000)] {
        let got = one::<i64>(&format!("SELECT synth_fill('{table}', {n}, seed => {seed})"));
        assert_eq!(got, n, "synth_fill('{table}', {n}) returned {got}");
    }
}

// ---------------------------------------------------------------------------------------------
// NOTICE capture.
//
// NOTICEs go to the client, out of reach of SPI. PostgreSQL calls `emit_log_hook` for every
// message it writes to the server log, so with log_min_messages at NOTICE the hook sees each
// NOTICE this backend raises.

static CAPTURED: Mutex<Vec<String>> = Mutex::new(Vec::new());
static mut PREVIOUS_HOOK: pg_sys::emit_log_hook_type = None;

unsafe extern "C-unwind" fn capture_hook(edata: *mut pg_sys::ErrorData) {
    unsafe {
        if !edata.is_null() && (*edata).elevel == pg_sys::NOTICE as i32 && !(*edata).message.is_null() {
            let message = CStr::from_ptr((*edata).message).to_string_lossy().into_owned();
            if let Ok(mut v) = CAPTURED.lock() {
                v.push(message);
            }
        }
        if let Some(previous) = PREVIOUS_HOOK {
            previous(edata);
        }
    }
}

/// Collects the NOTICEs raised while it lives.
pub struct Notices {
    _private: (),
}

impl Notices {
    pub fn capture() -> Notices {
        run("SET LOCAL log_min_messages = notice");
        CAPTURED.lock().unwrap().clear();
        unsafe {
            PREVIOUS_HOOK = pg_sys::emit_log_hook;
            pg_sys::emit_log_hook = Some(capture_hook);
        }
        Notices { _private: () }
    }

    /// The NOTICEs so far, oldest first.
    pub fn messages(&self) -> Vec<String> {
        CAPTURED.lock().unwrap().clone()
    }

    pub fn clear(&self) {
        CAPTURED.lock().unwrap().clear();
    }
}

impl Drop for Notices {
    fn drop(&mut self) {
        unsafe {
            pg_sys::emit_log_hook = PREVIOUS_HOOK;
            PREVIOUS_HOOK = None;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Statement timeout.
//
// PostgreSQL arms the statement timer when a statement arrives from the client; a
// `SET LOCAL statement_timeout` run inside the test function (itself one client statement) only
// affects later statements. `arm_statement_timeout` does what PostgreSQL does at the start of a
// statement, so that the rest of the test runs under the timeout.

unsafe extern "C-unwind" {
    fn enable_timeout_after(id: core::ffi::c_int, delay_ms: core::ffi::c_int);
}

/// `STATEMENT_TIMEOUT` in `enum TimeoutId` of PostgreSQL 15's utils/timeout.h.
const STATEMENT_TIMEOUT: core::ffi::c_int = 3;

pub fn arm_statement_timeout(ms: i32) {
    run(&format!("SET LOCAL statement_timeout = '{ms}ms'"));
    unsafe { enable_timeout_after(STATEMENT_TIMEOUT, ms) };
}

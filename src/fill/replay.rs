//! `synth_replay`: a logged call again, from its entries in `synthdata.fill_log`.
//!
//! Every generated value is a pure function of (seed, table, column, row index) given the
//! profile, the settings and what the fill finds around the table (rows already there, parent
//! keys). The log keeps all of these: the replay runs the logged function with its logged
//! arguments and settings, and each table it reaches generates from its logged profile and part
//! of the call ([`log::Pin`]) instead of what the database says now. Before a table's first row,
//! its row source compares what it finds with the logged facts; where they differ (parents with
//! other keys, rows already there) the replay stops and says what differs, as it does when the
//! extension's version differs from the one that logged the call. The tables go to the logged
//! schema or, with `target_schema`, to the tables of the same names there.

use pgrx::pg_sys;
use pgrx::prelude::*;
use serde_json::Value as Json;

use super::log::{self, LoggedSpec, Pin};
use super::row_source::with_locale;
use super::schema::{self, Filled, Sizes};
use super::writer;
use crate::error::{Code, Result, SynthError};
use crate::generate::scenario::Scenario;
use crate::pg::spi_err;
use crate::profile::TableProfile;
use crate::semantic::Locale;

/// One logged entry, as read back.
struct Logged {
    id: i64,
    function: String,
    schema: String,
    table: String,
    seed: Option<i64>,
    arguments: Json,
    settings: Json,
    profile: Option<String>,
    spec: Option<String>,
    context: Option<String>,
    version: String,
}

/// Repeats the call that wrote log entry `log_id`, into `target_schema` (default: the logged
/// tables themselves). Returns the tables written and their rows.
pub fn replay(log_id: i64, target_schema: Option<&str>) -> Result<Vec<Filled>> {
    let entries = read_call(log_id)?;
    let first = &entries[0];
    let function = first.function.clone();
    if function != "synth_fill" && function != "synth_fill_schema" {
        return Err(SynthError::new(
            Code::FeatureNotSupported,
            format!("fill log entry {log_id} is a {function} call, which synth_replay cannot repeat"),
        )
        .hint("synth_replay repeats synth_fill and synth_fill_schema calls; synth_anonymize and synth_shuffle rewrite the rows a table already holds."));
    }
    let version = env!("CARGO_PKG_VERSION");
    if let Some(e) = entries.iter().find(|e| e.version != version) {
        return Err(SynthError::new(
            Code::ObjectNotInPrerequisiteState,
            format!(
                "cannot replay fill log entry {log_id}: it was written by synthdata {}, this is {version}",
                e.version
            ),
        )
        .detail("Another version of the extension may generate other values from the same seed and profile.")
        .hint(format!("Install synthdata {} to replay it.", e.version)));
    }
    let args = &first.arguments;
    let arg_str = |k: &str| args.get(k).and_then(Json::as_str).map(str::to_string);
    let main_schema = arg_str("schema").unwrap_or_else(|| first.schema.clone());
    let target = target_schema.unwrap_or(&main_schema).to_string();
    let exists = crate::pg::spi::get_one_with_args::<bool>(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1)",
        &[target.as_str().into()],
    )
    .map_err(spi_err("looking up a schema"))?;
    if exists != Some(true) {
        return Err(SynthError::new(Code::UndefinedSchema, format!("schema \"{target}\" does not exist")));
    }
    let seed =
        first.seed.ok_or_else(|| SynthError::new(Code::Internal, format!("fill log entry {log_id} has no seed")))?;
    let mut pins = Vec::with_capacity(entries.len());
    for e in &entries {
        pins.push(pin(e, &main_schema, &target, seed)?);
    }
    let scenario = Scenario::new(
        arg_str("mode").as_deref(),
        args.get("anomalies").and_then(Json::as_f64),
        arg_str("anomaly_column").as_deref(),
    )?;
    let locale = arg_str("locale").as_deref().and_then(Locale::parse);
    let mut arguments = args.clone();
    if let Json::Object(m) = &mut arguments {
        m.insert("replay_of".into(), Json::from(first.id));
        m.insert("schema".into(), Json::from(target.clone()));
    }
    let restore = apply_settings(&first.settings)?;
    let logged_function: &'static str = if function == "synth_fill" { "synth_fill" } else { "synth_fill_schema" };
    let out = log::call(logged_function, arguments, Some(seed), || {
        log::with_pins(pins, || {
            with_locale(locale, || {
                if function == "synth_fill" {
                    let table = arg_str("table").unwrap_or_else(|| first.table.clone());
                    let relid = table_in(&target, &table)?;
                    let n = args.get("n").and_then(Json::as_u64).unwrap_or(0);
                    if args.get("cascade").and_then(Json::as_bool).unwrap_or(false) {
                        schema::fill_cascade(relid, n, seed, scenario.clone())?;
                    } else {
                        writer::fill(relid, n, seed, scenario.clone())?;
                    }
                } else {
                    schema::fill_schema(&target, sizes(args)?, seed, None, &scenario)?;
                }
                Ok(())
            })
        })
    })
    .map(|written| written.into_iter().map(|(relid, rows)| Filled { relid, rows }).collect());
    restore_settings(restore)?;
    out
}

/// The entries of the call that wrote entry `log_id`, in order (those the role may read).
fn read_call(log_id: i64) -> Result<Vec<Logged>> {
    let mut out = Vec::new();
    Spi::connect(|client| {
        let rows = client.select(
            "SELECT id, function_name, schema_name::text, table_name::text, seed, arguments::text, settings::text,
                    profile::text, spec::text, context::text, version
               FROM synthdata.fill_log
              WHERE call_id = (SELECT call_id FROM synthdata.fill_log WHERE id = $1)
              ORDER BY id",
            None,
            &[log_id.into()],
        )?;
        for row in rows {
            let json = |s: Option<String>| s.and_then(|s| serde_json::from_str::<Json>(&s).ok()).unwrap_or(Json::Null);
            out.push(Logged {
                id: row.get::<i64>(1)?.unwrap_or_default(),
                function: row.get::<String>(2)?.unwrap_or_default(),
                schema: row.get::<String>(3)?.unwrap_or_default(),
                table: row.get::<String>(4)?.unwrap_or_default(),
                seed: row.get::<i64>(5)?,
                arguments: json(row.get::<String>(6)?),
                settings: json(row.get::<String>(7)?),
                profile: row.get::<String>(8)?,
                spec: row.get::<String>(9)?,
                context: row.get::<String>(10)?,
                version: row.get::<String>(11)?.unwrap_or_default(),
            });
        }
        Ok::<_, pgrx::spi::Error>(())
    })
    .map_err(spi_err("reading the fill log"))?;
    if out.is_empty() {
        return Err(SynthError::new(Code::UndefinedObject, format!("fill log entry {log_id} does not exist")).hint(
            "SELECT id, function_name, table_name FROM synthdata.fill_log shows the entries this role may read.",
        ));
    }
    Ok(out)
}

/// The pin of entry `e`: its profile and part of the call, moved from `from` to `to`.
fn pin(e: &Logged, from: &str, to: &str, seed: i64) -> Result<Pin> {
    let bad = |what: &str| {
        SynthError::new(Code::InvalidTextRepresentation, format!("fill log entry {} has no readable {what}", e.id))
    };
    let mut profile: TableProfile =
        serde_json::from_str(e.profile.as_deref().ok_or_else(|| bad("profile"))?).map_err(|_| bad("profile"))?;
    let spec: LoggedSpec =
        serde_json::from_str(e.spec.as_deref().ok_or_else(|| bad("spec"))?).map_err(|_| bad("spec"))?;
    let moved = |s: &str| if s == from { to.to_string() } else { s.to_string() };
    profile.table.schema = moved(&profile.table.schema);
    for fk in &mut profile.foreign_keys {
        fk.ref_schema = moved(&fk.ref_schema);
    }
    Ok(Pin {
        entry: e.id,
        schema: moved(&e.schema),
        table: e.table.clone(),
        seed: e.seed.unwrap_or(seed),
        spec,
        profile,
        context: e.context.as_deref().and_then(|c| serde_json::from_str(c).ok()),
    })
}

/// The sizes of a logged schema fill.
fn sizes(args: &Json) -> Result<Sizes> {
    let rows = args.get("rows").and_then(Json::as_u64);
    let tables = args.get("table_rows").and_then(Json::as_object);
    Ok(match (rows, tables) {
        (None, None) => Sizes::Scale(args.get("scale").and_then(Json::as_f64).unwrap_or(1.0)),
        (rows, tables) => Sizes::Rows {
            rows,
            tables: tables
                .map(|t| t.iter().filter_map(|(k, v)| Some((k.clone(), v.as_u64()?))).collect())
                .unwrap_or_default(),
        },
    })
}

fn table_in(schema: &str, table: &str) -> Result<pg_sys::Oid> {
    crate::introspect::catalog::table_oid(schema, table)?.ok_or_else(|| {
        SynthError::new(Code::UndefinedTable, format!("relation \"{schema}.{table}\" does not exist"))
            .hint("Replay into a schema with the same tables as the logged one (target_schema).")
    })
}

/// Sets the logged settings for the replay (as `SET LOCAL`); returns the values to restore.
fn apply_settings(settings: &Json) -> Result<Vec<(String, String)>> {
    let mut restore = Vec::new();
    let Some(map) = settings.as_object() else { return Ok(restore) };
    let now = log::current_settings()?;
    for (name, value) in map {
        if !log::SHAPING_SETTINGS.contains(&name.as_str()) {
            continue;
        }
        set(name, value.as_str().unwrap_or(""))?;
        restore.push((name.clone(), now.get(name).and_then(Json::as_str).unwrap_or("").to_string()));
    }
    Ok(restore)
}

fn restore_settings(restore: Vec<(String, String)>) -> Result<()> {
    for (name, value) in restore {
        set(&name, &value)?;
    }
    Ok(())
}

fn set(name: &str, value: &str) -> Result<()> {
    Spi::run_with_args("SELECT pg_catalog.set_config($1, $2, true)", &[name.into(), value.into()])
        .map_err(spi_err("setting the logged settings"))
}

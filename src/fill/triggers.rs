//! `synthdata.triggers = off`: the user triggers of the tables a fill writes are disabled by name
//! for the fill and enabled again, each in the mode it had (`ENABLE`, `ENABLE ALWAYS`, `ENABLE
//! REPLICA`), before the call returns — as `pg_dump --disable-triggers` does for a data-only
//! restore. Triggers that enforce what only the application knows (a JWT claim in a setting, a
//! role that must exist, a job queue's schema) would otherwise stop a fill of a dev database.
//! Foreign keys are constraint triggers, not user triggers: they are checked all the same. It is
//! all DDL in the caller's transaction: other sessions never see a trigger disabled, and an error
//! puts everything back.

use pgrx::{pg_sys, Spi};

use crate::error::{Code, Result, SynthError};
use crate::pg::spi_err;

/// The triggers a fill disabled: (table, trigger, mode it had).
#[derive(Default)]
pub struct Paused(Vec<(String, String, char)>);

/// Disables the enabled user triggers of `relids`, unless `synthdata.triggers` is on.
pub fn pause(relids: &[pg_sys::Oid]) -> Result<Paused> {
    if crate::introspect::settings::fire_triggers() {
        return Ok(Paused::default());
    }
    let mut paused = Vec::new();
    for relid in relids {
        let rows: Vec<(String, String, String, bool)> = Spi::connect(|client| {
            let mut out = Vec::new();
            for row in client.select(
                "SELECT t.tgrelid::regclass::text, t.tgname::text, t.tgenabled::text,
                        pg_catalog.pg_has_role(c.relowner, 'USAGE')
                   FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
                  WHERE t.tgrelid = $1 AND NOT t.tgisinternal AND t.tgenabled <> 'D'
                  ORDER BY t.tgname",
                None,
                &[(*relid).into()],
            )? {
                out.push((
                    row.get::<String>(1)?.unwrap_or_default(),
                    row.get::<String>(2)?.unwrap_or_default(),
                    row.get::<String>(3)?.unwrap_or_default(),
                    row.get::<bool>(4)?.unwrap_or(false),
                ));
            }
            Ok::<_, pgrx::spi::Error>(out)
        })
        .map_err(spi_err("reading triggers"))?;
        for (table, name, mode, owner) in rows {
            if !owner {
                return Err(SynthError::new(
                    Code::InsufficientPrivilege,
                    format!("synthdata.triggers = off needs to disable trigger \"{name}\" of {table}, which only its owner may"),
                )
                .hint("Fill as the table's owner, or leave synthdata.triggers on."));
            }
            let sql = format!("ALTER TABLE {table} DISABLE TRIGGER {}", pgrx::spi::quote_identifier(&name));
            Spi::run(&sql).map_err(spi_err("disabling a trigger"))?;
            paused.push((table, name, mode.chars().next().unwrap_or('O')));
        }
    }
    Ok(Paused(paused))
}

/// Enables the triggers [`pause`] disabled, each in its former mode.
pub fn resume(paused: Paused) -> Result<()> {
    for (table, name, mode) in paused.0 {
        let how = match mode {
            'A' => "ENABLE ALWAYS",
            'R' => "ENABLE REPLICA",
            _ => "ENABLE",
        };
        let sql = format!("ALTER TABLE {table} {how} TRIGGER {}", pgrx::spi::quote_identifier(&name));
        Spi::run(&sql).map_err(spi_err("enabling a trigger again"))?;
    }
    Ok(())
}

//! In-database tests (`cargo pgrx test`): the SQL API against a real PostgreSQL.
//! Each `#[pg_test]` runs in its own transaction, rolled back afterwards.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    #[pg_test]
    fn profile_is_versioned_json() {
        Spi::run("CREATE TABLE t (id int PRIMARY KEY, name text)").unwrap();
        let v = Spi::get_one::<i32>("SELECT (synth_profile('t')->>'format_version')::int").unwrap();
        assert_eq!(v, Some(1));
    }
}

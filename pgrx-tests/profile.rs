//! synth_profile: the versioned JSON document of what the generator knows about a table.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::pgrx_tests::common::*;

    #[pg_test]
    fn profile_is_versioned_json() {
        Spi::run("CREATE TABLE t (id int PRIMARY KEY, name text)").unwrap();
        let v = Spi::get_one::<i32>("SELECT (synth_profile('t')->>'format_version')::int").unwrap();
        assert_eq!(v, Some(1));
    }

    #[pg_test]
    fn profile_describes_columns_keys_and_checks() {
        scratch("profile_catalog");
        shop();
        run("CREATE DOMAIN rating AS smallint CHECK (VALUE BETWEEN 1 AND 5);
             CREATE TABLE p (
                 id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                 sku varchar(12) NOT NULL UNIQUE,
                 price numeric(8, 2) CHECK (price > 0),
                 status order_status NOT NULL DEFAULT 'pending',
                 stars rating,
                 customer_id bigint REFERENCES customers)");
        let q = |path: &str| one::<String>(&format!("SELECT (synth_profile('p'){path})::text"));
        assert_eq!(q("->'table'->>'name'"), "p");
        assert_eq!(q("->'table'->>'schema'"), "profile_catalog");
        assert_eq!(q("->'table'->>'kind'"), "table");
        assert_eq!(q("->'table'->>'analyzed'"), "false");
        let names = one::<String>(
            "SELECT string_agg(c->>'name', ',') FROM jsonb_array_elements(synth_profile('p')->'columns') c",
        );
        assert_eq!(names, "id,sku,price,status,stars,customer_id");
        let kinds = one::<String>(
            "SELECT string_agg(c->'type'->>'kind', ',') FROM jsonb_array_elements(synth_profile('p')->'columns') c",
        );
        assert_eq!(kinds, "integer,varchar,numeric,enum,smallint,bigint");
        assert_eq!(q("->'columns'->0->>'identity'"), "always");
        assert_eq!(q("->'columns'->1->'type'->>'max_length'"), "12");
        assert_eq!(q("->'columns'->2->'type'->>'precision'"), "8");
        assert_eq!(q("->'columns'->2->'type'->>'scale'"), "2");
        assert_eq!(
            q("->'columns'->3->'type'->'enum_labels'"),
            r#"["pending", "paid", "shipped", "delivered", "cancelled"]"#
        );
        assert_eq!(q("->'columns'->3->>'default'"), "'pending'::profile_catalog.order_status");
        assert_eq!(
            q("->'columns'->4->'type'->'domain'->'checks'->0->>'definition'"),
            "CHECK (((VALUE >= 1) AND (VALUE <= 5)))"
        );
        assert_eq!(q("->'primary_key'->'columns'"), r#"["id"]"#);
        assert_eq!(q("->'unique'->0->>'name'"), "p_sku_key");
        assert_eq!(q("->'checks'->0->>'definition'"), "CHECK ((price > (0)::numeric))");
        assert_eq!(q("->>'format_version'"), "1");
        let fk = q("->'foreign_keys'->0");
        assert!(fk.contains("\"customers\"") && fk.contains("customer_id"), "{fk}");
    }

    #[pg_test]
    fn profile_notices_missing_statistics_and_carries_them_after_analyze() {
        scratch("profile_stats");
        run(
            "CREATE TABLE s (id int, kind text, price numeric(8, 2));
             INSERT INTO s SELECT i, (ARRAY['a', 'b', 'c'])[1 + i % 3], (i % 7) + 0.99 FROM generate_series(1, 1000) i",
        );
        let notices = Notices::capture();
        assert!(!one::<bool>("SELECT (synth_profile('s')->'table'->>'analyzed')::bool"));
        assert_eq!(
            notices.messages(),
            vec!["table profile_stats.s has no statistics; its profile comes from the catalog alone. Run ANALYZE profile_stats.s on a table holding representative data for realistic distributions".to_string()]
        );
        run("ANALYZE s");
        notices.clear();
        let profile = "synth_profile('s')";
        assert!(one::<bool>(&format!("SELECT ({profile}->'table'->>'analyzed')::bool")));
        assert_eq!(notices.messages(), Vec::<String>::new(), "no NOTICE once the table is analyzed");
        assert_eq!(one::<f64>(&format!("SELECT ({profile}->'table'->>'reltuples')::float8")), 1000.0);
        let stats = |col: usize, key: &str| {
            one::<String>(&format!("SELECT ({profile}->'columns'->{col}->'stats'->'{key}')::text"))
        };
        assert_eq!(stats(0, "null_frac").parse::<f64>().unwrap(), 0.0);
        assert_eq!(stats(0, "n_distinct").parse::<f64>().unwrap(), -1.0);
        assert_eq!(stats(1, "n_distinct").parse::<f64>().unwrap(), 3.0);
        assert_eq!(
            one::<String>(&format!(
                "SELECT string_agg(v, ',' ORDER BY v) FROM jsonb_array_elements_text({profile}->'columns'->1->'stats'->'most_common_vals') v"
            )),
            "a,b,c"
        );
        assert_eq!(stats(2, "n_distinct").parse::<f64>().unwrap(), 7.0);
    }

    #[pg_test]
    fn profile_of_a_partitioned_table() {
        scratch("profile_partitioned");
        run("CREATE TABLE ev (id int, at date NOT NULL) PARTITION BY RANGE (at);
             CREATE TABLE ev_a PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')");
        assert_eq!(one::<String>("SELECT synth_profile('ev')->'table'->>'kind'"), "partitioned_table");
        assert_eq!(one::<i32>("SELECT (synth_profile('ev')->>'format_version')::int"), 1);
    }
}

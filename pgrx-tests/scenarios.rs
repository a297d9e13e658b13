//! Scenarios beyond the typical: `mode => 'edge'` (values at the limits of every type and
//! constraint) and `anomalies` with `anomaly_column` (outliers in a chosen share of rows, marked),
//! through synth_rows, synth_fill (both insertion paths), cascades and synth_fill_schema, and
//! their errors.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::pgrx_tests::common::*;

    /// `owners` (20 rows, ids 101…120) and `gadgets`: an enum, CHECKs, varchar(n), numeric(p,s),
    /// float8, dates compared with each other, a unique bounded integer, unique text and a
    /// foreign key.
    fn gadgets(schema: &str) {
        scratch(schema);
        run("CREATE TYPE size AS ENUM ('small', 'medium', 'large', 'huge');
             CREATE TABLE owners (id int PRIMARY KEY);
             INSERT INTO owners SELECT g FROM generate_series(101, 120) g;
             CREATE TABLE gadgets (
                 slot     int NOT NULL UNIQUE CHECK (slot BETWEEN 1 AND 1000),
                 code     varchar(10) NOT NULL UNIQUE,
                 kind     size NOT NULL,
                 rating   smallint CHECK (rating BETWEEN 1 AND 10),
                 name     varchar(12),
                 price    numeric(7,2) NOT NULL CHECK (price >= 0),
                 weight   float8,
                 made_on  date NOT NULL,
                 sold_on  date CHECK (sold_on >= made_on),
                 owner_id int REFERENCES owners)");
    }

    /// The distinct values of `expr` over `from`, as text, sorted, NULL as `NULL`.
    #[track_caller]
    fn distinct(expr: &str, from: &str) -> Vec<String> {
        Spi::get_one::<Vec<String>>(&format!(
            "SELECT array_agg(DISTINCT coalesce(({expr})::text, 'NULL') ORDER BY coalesce(({expr})::text, 'NULL')) FROM {from}"
        ))
        .unwrap()
        .unwrap_or_default()
    }

    #[track_caller]
    fn has(values: &[String], want: &[&str]) {
        for w in want {
            assert!(values.iter().any(|v| v == w), "{w} missing from {values:?}");
        }
    }

    /// An edge fill of a table with every kind of constraint succeeds (PostgreSQL checks each
    /// row on insert) and covers every enum label and every limit.
    #[pg_test]
    fn scenarios_edge_fill_covers_labels_and_limits() {
        gadgets("scenarios_edge_fill");
        assert_eq!(one::<i64>("SELECT synth_fill('gadgets', 300, seed => 1, mode => 'edge')"), 300);
        assert_eq!(distinct("kind", "gadgets"), ["huge", "large", "medium", "small"]);
        assert_eq!(one::<String>("SELECT min(rating) || '..' || max(rating) FROM gadgets"), "1..10");
        has(&distinct("rating", "gadgets"), &["1", "10", "NULL"]);
        has(&distinct("slot", "gadgets"), &["1", "1000"]);
        assert_eq!(count("(SELECT DISTINCT slot FROM gadgets) s"), 300);
        assert_eq!(count("(SELECT DISTINCT code FROM gadgets) s"), 300);
        // Strings: empty, the longest, multi-byte.
        has(&distinct("length(name)", "gadgets"), &["0", "12", "NULL"]);
        assert!(count("gadgets WHERE octet_length(name) > length(name)") > 0, "multi-byte names");
        assert_eq!(one::<i32>("SELECT max(length(code)) FROM gadgets"), 10);
        // numeric(7,2): its largest value, zero (the CHECK's bound) and NaN.
        has(&distinct("price", "gadgets"), &["0.00", "0.01", "99999.99", "NaN"]);
        has(&distinct("weight", "gadgets"), &["-Infinity", "Infinity", "NaN", "0", "NULL"]);
        has(&distinct("weight", "gadgets"), &["-1.7976931348623157e+308", "1.7976931348623157e+308"]);
        // Dates at the ends of their range; sold_on follows made_on, on the CHECK's boundary.
        has(&distinct("made_on", "gadgets"), &["4714-11-24 BC", "5874897-12-31", "1970-01-01", "2000-02-29"]);
        assert!(count("gadgets WHERE sold_on = made_on") > 0);
        assert_eq!(count("gadgets WHERE sold_on < made_on"), 0);
        // The foreign key takes its first and last parent, and NULL.
        assert_eq!(distinct("owner_id", "gadgets"), ["101", "120", "NULL"]);
    }

    /// synth_rows gives exactly the rows synth_fill inserts, and the same seed the same rows.
    #[pg_test]
    fn scenarios_edge_rows_are_what_fill_inserts() {
        gadgets("scenarios_edge_rows");
        let rows = rows_text("SELECT * FROM synth_rows(NULL::gadgets, 120, 5, mode => 'edge')", false);
        assert_eq!(rows, rows_text("SELECT * FROM synth_rows(NULL::gadgets, 120, 5, mode => 'edge')", false));
        run("SELECT synth_fill('gadgets', 120, seed => 5, mode => 'edge')");
        assert_eq!(rows_text("SELECT * FROM gadgets", true), {
            let mut r = rows.clone();
            r.sort();
            r
        });
        // The typical mode is the default: naming it changes nothing.
        assert_eq!(
            rows_text("SELECT * FROM synth_rows(NULL::owners, 50, 5)", false),
            rows_text("SELECT * FROM synth_rows(NULL::owners, 50, 5, mode => 'typical', anomalies => 0)", false)
        );
    }

    /// Tables that go through INSERT … SELECT (partitions, triggers): rows land in every
    /// partition, at its bounds.
    #[pg_test]
    fn scenarios_edge_fill_reaches_partition_bounds() {
        scratch("scenarios_edge_partitions");
        run("CREATE TABLE events (at date NOT NULL, what text) PARTITION BY RANGE (at);
             CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
             CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
        assert_eq!(one::<i64>("SELECT synth_fill('events', 40, seed => 2, mode => 'edge')"), 40);
        assert_eq!(count("events_2024"), 20);
        assert_eq!(count("events_2025"), 20);
        has(&distinct("at", "events"), &["2024-01-01", "2024-12-31", "2025-01-01", "2025-12-31"]);
        has(&distinct("length(what)", "events"), &["0", "4096", "NULL"]);
    }

    /// A table of measurements with realistic statistics: amounts 10…100, times in 2024, kinds
    /// a/b/c (d never seen), and a flag column.
    fn measurements(schema: &str) {
        scratch(schema);
        // Outliers of columns drawn from their statistics: a sample would draw `kind` given
        // `price` (they go together here), and columns drawn given another take no outliers.
        run("SET LOCAL synthdata.sample_rows = 0");
        run("CREATE TYPE kind AS ENUM ('a', 'b', 'c', 'd');
             CREATE TABLE m (
                 id         int PRIMARY KEY,
                 amount     int NOT NULL CHECK (amount >= 0),
                 price      numeric(8,2),
                 kind       kind NOT NULL,
                 at         timestamptz NOT NULL,
                 is_anomaly boolean);
             INSERT INTO m SELECT g, 10 + g % 91, 5 + (g % 50) / 10.0, (ARRAY['a','a','b','c'])[1 + g % 4]::kind,
                                  '2024-01-01'::timestamptz + g * interval '8 hours', NULL
               FROM generate_series(1, 1000) g;
             ANALYZE m");
    }

    /// The flagged share is right, flagged rows hold outliers (outside the profiled range, the
    /// never-seen label, bursts in time), the others typical values, and every constraint holds.
    #[pg_test]
    fn scenarios_anomalies_are_flagged_outliers() {
        measurements("scenarios_anomalies");
        let from = "synth_rows(NULL::m, 2000, 3, anomalies => 0.1, anomaly_column => 'is_anomaly') r";
        run(&format!("CREATE TEMP TABLE r AS SELECT * FROM {from}"));
        let flagged = count("r WHERE is_anomaly");
        assert!((190..=210).contains(&flagged), "{flagged} of 2000 flagged");
        assert_eq!(count("r WHERE is_anomaly IS NULL"), 0);
        // Outside the profiled range (10…100, 5.00…9.90), inside the CHECK (>= 0).
        assert_eq!(count("r WHERE is_anomaly AND amount BETWEEN 10 AND 100"), 0);
        assert_eq!(count("r WHERE is_anomaly AND price BETWEEN 5 AND 9.9"), 0);
        assert_eq!(count("r WHERE amount < 0"), 0);
        assert!(count("r WHERE is_anomaly AND amount > 100") > 0);
        assert_eq!(count("r WHERE NOT is_anomaly AND amount NOT BETWEEN 10 AND 100"), 0);
        // The label the statistics never saw, in every flagged row.
        assert_eq!(count("r WHERE is_anomaly AND kind <> 'd'"), 0);
        assert!(count("r WHERE NOT is_anomaly AND kind = 'd'") < 10, "unseen labels stay rare elsewhere");
        // Bursts: three ten-minute windows (a burst may straddle two).
        let windows = count("(SELECT DISTINCT floor(extract(epoch FROM at) / 600) FROM r WHERE is_anomaly) w");
        assert!((3..=6).contains(&windows), "{windows} windows");
        // Same seed, same flags; another seed, others.
        let flags = |seed: i64| {
            rows_text(&format!("SELECT is_anomaly FROM synth_rows(NULL::m, 500, {seed}, anomalies => 0.1, anomaly_column => 'is_anomaly')"), false)
        };
        assert_eq!(flags(3), flags(3));
        assert_ne!(flags(3), flags(4));
        // Inserting: the flags are stored, the keys stay unique.
        run("DELETE FROM m WHERE id > 0");
        assert_eq!(
            one::<i64>("SELECT synth_fill('m', 1000, seed => 3, anomalies => 0.2, anomaly_column => 'is_anomaly')"),
            1000
        );
        let stored = count("m WHERE is_anomaly");
        assert!((190..=210).contains(&stored), "{stored} of 1000 flagged");
    }

    /// anomalies => 1 flags every row, 0 none; the flag column is filled even when it has a
    /// DEFAULT, and through INSERT … SELECT (a table with a trigger).
    #[pg_test]
    fn scenarios_anomaly_column_with_default_and_trigger() {
        scratch("scenarios_flag_default");
        run("CREATE TABLE t (n int NOT NULL, flagged boolean NOT NULL DEFAULT false);
             CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
             CREATE TRIGGER touch BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch()");
        run("SELECT synth_fill('t', 100, seed => 1, anomalies => 1, anomaly_column => 'flagged')");
        assert_eq!(count("t WHERE flagged"), 100);
        run("SELECT synth_fill('t', 100, seed => 1, anomalies => 0, anomaly_column => 'flagged')");
        assert_eq!(count("t WHERE NOT flagged"), 100);
        run("SELECT synth_fill('t', 1000, seed => 1, anomalies => 0.3, anomaly_column => 'flagged')");
        let share = count("t WHERE flagged") - 100;
        assert!((290..=310).contains(&share), "{share}");
    }

    /// Cascades fill the parents with typical rows, the table itself in edge mode; schema fills
    /// apply the mode to every table and the anomaly column to the tables that have it.
    #[pg_test]
    fn scenarios_cascade_and_schema_fills() {
        gadgets("scenarios_cascade");
        run("DELETE FROM owners");
        run("SELECT synth_fill('gadgets', 50, seed => 2, cascade => true, mode => 'edge')");
        assert!(count("owners") > 0);
        assert_eq!(count("owners WHERE id IN (-2147483648, 2147483647)"), 0, "parents are typical");
        assert_eq!(distinct("kind", "gadgets"), ["huge", "large", "medium", "small"]);
        // A schema: each table at its current size, edge values everywhere.
        scratch("scenarios_schema");
        run("CREATE TYPE size AS ENUM ('small', 'medium', 'large', 'huge');
             CREATE TABLE owners (id int PRIMARY KEY, vip boolean);
             CREATE TABLE gadgets (kind size NOT NULL, owner_id int REFERENCES owners, price numeric(7,2) NOT NULL);
             INSERT INTO owners VALUES (1, false), (2, true);
             INSERT INTO gadgets SELECT 'small', 1, 1 FROM generate_series(1, 40);
             ANALYZE owners; ANALYZE gadgets");
        let got = one::<String>(
            "SELECT string_agg(format('%s=%s', table_name, rows), ',' ORDER BY table_name::text)
               FROM synth_fill_schema('scenarios_schema', seed => 1, mode => 'edge')",
        );
        assert_eq!(got, "gadgets=40,owners=2");
        assert_eq!(distinct("kind", "gadgets WHERE price <> 1"), ["huge", "large", "medium", "small"]);
        has(&distinct("price", "gadgets"), &["-99999.99", "99999.99", "NaN"]);
        has(&distinct("owner_id", "gadgets"), &["1", "4", "NULL"]);
        run(
            "SELECT * FROM synth_fill_schema('scenarios_schema', seed => 1, anomalies => 0.5, anomaly_column => 'vip')",
        );
        assert_eq!(count("owners WHERE vip IS NULL"), 0);
        assert!(count("owners WHERE vip") > 1);
    }

    /// Bad scenario arguments: SQLSTATE, message and hint; nothing written.
    #[pg_test]
    fn scenarios_errors_are_clear_and_change_nothing() {
        measurements("scenarios_errors");
        run("CREATE TABLE k (id int, flag boolean, UNIQUE (id, flag));
             CREATE TABLE g (n int, flag boolean GENERATED ALWAYS AS (n > 0) STORED)");
        let before = table_counts();
        let cases = [
            (
                "SELECT synth_fill('m', 10, mode => 'extreme')",
                "22023",
                "mode must be 'typical' or 'edge', not 'extreme'",
            ),
            ("SELECT synth_fill('m', 10, mode => NULL)", "22023", "mode must be 'typical' or 'edge', not NULL"),
            (
                "SELECT synth_fill('m', 10, anomalies => 1.5)",
                "22023",
                "anomalies must be a share between 0 and 1, not 1.5",
            ),
            (
                "SELECT synth_fill('m', 10, anomalies => -0.1)",
                "22023",
                "anomalies must be a share between 0 and 1, not -0.1",
            ),
            (
                "SELECT synth_fill('m', 10, anomalies => 'NaN')",
                "22023",
                "anomalies must be a share between 0 and 1, not NaN",
            ),
            (
                "SELECT synth_fill('m', 10, anomalies => NULL)",
                "22023",
                "anomalies must be a share between 0 and 1, not NULL",
            ),
            (
                "SELECT synth_fill('m', 10, mode => 'edge', anomalies => 0.1)",
                "22023",
                "anomalies cannot be combined with mode 'edge'",
            ),
            (
                "SELECT synth_fill('m', 10, anomalies => 0.1, anomaly_column => 'nope')",
                "42703",
                "anomaly_column \"nope\" is not a column of scenarios_errors.m",
            ),
            (
                "SELECT synth_fill('m', 0, anomaly_column => 'nope')",
                "42703",
                "anomaly_column \"nope\" is not a column of scenarios_errors.m",
            ),
            (
                "SELECT count(*) FROM synth_rows(NULL::m, 10, anomalies => 0.1, anomaly_column => 'amount')",
                "22023",
                "anomaly_column \"amount\" of scenarios_errors.m is of type integer, not boolean",
            ),
            (
                "SELECT * FROM synth_fill_schema('scenarios_errors', anomaly_column => 'nope')",
                "42703",
                "anomaly_column \"nope\" is not a column of any table of schema scenarios_errors",
            ),
            (
                "SELECT synth_fill('k', 10, anomalies => 0.1, anomaly_column => 'flag')",
                "22023",
                "anomaly_column \"flag\" of scenarios_errors.k is part of unique constraint \"k_id_flag_key\"",
            ),
            (
                "SELECT synth_fill('g', 10, anomaly_column => 'flag')",
                "22023",
                "anomaly_column \"flag\" of scenarios_errors.g is a generated column",
            ),
            (
                "SELECT * FROM synth_fill_schema('scenarios_errors', mode => 'weird')",
                "22023",
                "mode must be 'typical' or 'edge', not 'weird'",
            ),
        ];
        for (sql, state, message) in cases {
            let e = must_fail(sql);
            assert_eq!((e.sqlstate.as_str(), e.message.as_str()), (state, message), "{sql}");
            assert!(e.hint.is_some(), "{sql}: no hint");
        }
        let e = must_fail("SELECT synth_fill('m', 10, anomaly_column => 'amount')");
        assert_eq!(
            e.hint.as_deref(),
            Some(
                "anomaly_column names a boolean column set true on anomalous rows; scenarios_errors.m has: is_anomaly."
            )
        );
        assert_eq!(table_counts(), before);
    }
}

//! What the data looks like: following ANALYZE statistics, and name-appropriate values for
//! columns without statistics.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::pgrx_tests::common::*;

    /// A table with a known distribution: `note` 30% NULL, `cat` with frequencies
    /// 0.40/0.30/0.15/0.10/0.05, `amount` uniform over 0.0 .. 99.9.
    fn analyzed_table() {
        run("CREATE TABLE src (id int, note text, cat text NOT NULL, amount numeric(10, 2));
             INSERT INTO src
             SELECT i,
                    CASE WHEN i % 10 < 3 THEN NULL ELSE 'note ' || i END,
                    CASE WHEN i % 20 < 8 THEN 'alpha' WHEN i % 20 < 14 THEN 'beta' WHEN i % 20 < 17 THEN 'gamma'
                         WHEN i % 20 < 19 THEN 'delta' ELSE 'epsilon' END,
                    (i % 1000) / 10.0
               FROM generate_series(1, 10000) i;
             ANALYZE src");
    }

    #[pg_test]
    fn stats_null_fraction_and_category_frequencies_are_followed() {
        scratch("stats_followed");
        analyzed_table();
        for seed in [1, 2] {
            let rows = format!("synth_rows(NULL::src, 5000, {seed})");
            let null_frac = one::<f64>(&format!("SELECT avg((note IS NULL)::int)::float8 FROM {rows}"));
            assert!((null_frac - 0.30).abs() <= 0.03, "seed {seed}: null fraction {null_frac}");
            assert_eq!(one::<i64>(&format!("SELECT count(DISTINCT cat) FROM {rows}")), 5, "seed {seed}");
            for (cat, expected) in
                [("alpha", 0.40), ("beta", 0.30), ("gamma", 0.15), ("delta", 0.10), ("epsilon", 0.05)]
            {
                let f = one::<f64>(&format!("SELECT avg((cat = '{cat}')::int)::float8 FROM {rows}"));
                assert!((f - expected).abs() <= 0.03, "seed {seed}: {cat} has frequency {f}, expected {expected}");
            }
        }
    }

    #[pg_test]
    fn stats_numeric_range_is_followed() {
        scratch("stats_numeric");
        analyzed_table();
        let rows = "synth_rows(NULL::src, 5000, 3)";
        let (lo, hi) = (
            one::<f64>(&format!("SELECT min(amount)::float8 FROM {rows}")),
            one::<f64>(&format!("SELECT max(amount)::float8 FROM {rows}")),
        );
        assert!(lo >= 0.0 && hi <= 99.9, "amount in [{lo}, {hi}], the data holds [0, 99.9]");
        assert!(lo < 5.0 && hi > 95.0, "amount in [{lo}, {hi}] does not cover the data's range");
        let mean = one::<f64>(&format!("SELECT avg(amount)::float8 FROM {rows}"));
        assert!((mean - 49.95).abs() < 3.0, "mean amount {mean}");
        let below_25 = one::<f64>(&format!("SELECT avg((amount < 25)::int)::float8 FROM {rows}"));
        assert!((below_25 - 0.25).abs() < 0.04, "fraction below 25: {below_25}");
    }

    #[pg_test]
    fn stats_filled_rows_follow_statistics_too() {
        scratch("stats_fill");
        analyzed_table();
        run("CREATE TEMP TABLE original AS SELECT ctid AS row_ctid FROM src");
        assert_eq!(one::<i64>("SELECT synth_fill('src', 5000, 4)"), 5000);
        let new_rows = "src WHERE ctid NOT IN (SELECT row_ctid FROM original)";
        assert_eq!(count(new_rows), 5000);
        let null_frac = one::<f64>(&format!("SELECT avg((note IS NULL)::int)::float8 FROM {new_rows}"));
        assert!((null_frac - 0.30).abs() <= 0.03, "null fraction {null_frac} of the inserted rows");
        let alpha = one::<f64>(&format!("SELECT avg((cat = 'alpha')::int)::float8 FROM {new_rows}"));
        assert!((alpha - 0.40).abs() <= 0.03, "alpha has frequency {alpha} among the inserted rows");
        assert_eq!(one::<i64>(&format!("SELECT count(DISTINCT cat) FROM {new_rows}")), 5);
    }

    /// A type synthdata knows nothing of is generated from its most common values, through its
    /// input function, once the table is analyzed.
    #[pg_test]
    fn stats_make_an_unsupported_type_usable() {
        scratch("stats_unsupported");
        run(UNKNOWN_TYPE);
        run(UNKNOWN_TYPE_WITH_EQUALITY);
        run("CREATE TABLE m (id int, clue mystery NOT NULL)");
        assert_eq!(must_fail("SELECT synth_fill('m', 5)").sqlstate, "0A000");
        run("INSERT INTO m SELECT i, ('clue ' || (i % 5))::text::mystery FROM generate_series(1, 100) i; ANALYZE m");
        assert_eq!(one::<i64>("SELECT synth_fill('m', 500, 1)"), 500);
        assert_eq!(one::<i64>("SELECT count(DISTINCT clue::text) FROM m"), 5);
    }

    /// Columns without statistics get values that suit their names and types.
    #[pg_test]
    fn stats_absent_values_suit_column_names() {
        scratch("stats_semantic");
        shop();
        run("SELECT synth_fill('customers', 1000, 8); SELECT synth_fill('products', 500, 8)");
        assert_eq!(count("customers WHERE email NOT LIKE '%_@_%.__%'"), 0);
        assert_eq!(count("customers WHERE country !~ '^[A-Z]{2}$'"), 0);
        assert!(one::<i64>("SELECT count(DISTINCT country) FROM customers") >= 3);
        assert_eq!(count("customers WHERE created_at < '2022-01-01' OR created_at > '2026-01-02'"), 0);
        assert!(one::<bool>("SELECT max(created_at) - min(created_at) > interval '1 year' FROM customers"));
        assert_eq!(count("customers WHERE first_name !~ '^[[:upper:]]' OR last_name !~ '^[[:upper:]]'"), 0);
        assert_eq!(count("products WHERE price <= 0"), 0);
        assert!(one::<i64>("SELECT count(DISTINCT price) FROM products") > 100);
        // The email belongs to the person in the same row.
        assert!(
            count("customers WHERE position(lower(last_name) IN email) > 0") > 500,
            "emails are made from the customers' names"
        );
    }

    /// A NOT NULL column gets no NULLs; a nullable one some, never all.
    #[pg_test]
    fn stats_absent_nullable_columns_get_some_nulls() {
        scratch("stats_nulls");
        run("CREATE TABLE t (a text NOT NULL, b text, c int, d timestamptz)");
        let rows = "synth_rows(NULL::t, 1000, 1)";
        assert_eq!(count(&format!("{rows} WHERE a IS NULL")), 0);
        for col in ["b", "c", "d"] {
            let nulls = count(&format!("{rows} WHERE {col} IS NULL"));
            assert!(nulls > 10 && nulls < 500, "{col}: {nulls} NULLs of 1000");
        }
    }
}

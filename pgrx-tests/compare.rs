//! synth_compare: identical tables score 1.0, a shuffled column breaks pairs but not shapes, small
//! examples give SDMetrics' exact values, the judge's classification, foreign keys declared on
//! partitions, and every error with its SQLSTATE.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;
    use pgrx::JsonB;
    use serde_json::{json, Value};

    use crate::pgrx_tests::common::*;

    fn report(sql: &str) -> Value {
        one::<JsonB>(sql).0
    }

    #[track_caller]
    fn close(got: &Value, want: f64) {
        let got = got.as_f64().unwrap_or_else(|| panic!("not a number: {got}"));
        assert!((got - want).abs() < 1e-12, "got {got}, expected {want}");
    }

    /// sdtype, metric and score of each column, as `column sdtype metric` strings.
    fn kinds(r: &Value) -> Vec<String> {
        r["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| format!("{} {} {}", c["column"].as_str().unwrap(), c["sdtype"].as_str().unwrap(), c["metric"]))
            .collect()
    }

    #[pg_test]
    fn compare_identical_tables_score_one() {
        scratch("compare_same");
        shop();
        fill_shop(3);
        run("CREATE SCHEMA compare_same_copy");
        for t in ["customers", "orders", "order_items"] {
            run(&format!("CREATE TABLE compare_same_copy.{t} AS SELECT * FROM {t}"));
        }
        let r = report("SELECT synth_compare('orders', 'compare_same_copy.orders')");
        assert_eq!(r["overall"], json!(1.0), "{r}");
        assert_eq!(r["properties"], json!({"column_shapes": 1.0, "column_pair_trends": 1.0}));
        assert_eq!(
            r["tables"],
            json!([{"real": "compare_same.orders", "synthetic": "compare_same_copy.orders", "rows_real": 1000, "rows_synthetic": 1000}])
        );
        // Keys are not scored; numbers and moments by KS, the enum by TV.
        assert_eq!(
            kinds(&r),
            [
                "order_id id null",
                "customer_id id null",
                "status categorical \"TVComplement\"",
                "placed_at datetime \"KSComplement\"",
                "shipped_at datetime \"KSComplement\"",
                "total numerical \"KSComplement\""
            ]
        );
        let r = report(
            "SELECT synth_compare('{customers,orders,order_items}'::regclass[],
                                  '{compare_same_copy.customers,compare_same_copy.orders,compare_same_copy.order_items}')",
        );
        assert_eq!(
            r["properties"],
            json!({"column_shapes": 1.0, "column_pair_trends": 1.0, "cardinality": 1.0, "intertable_trends": 1.0}),
            "{r}"
        );
        let rels: Vec<String> = r["relationships"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| format!("{}.{} -> {}.{}", x["child"], x["child_column"], x["parent"], x["parent_column"]))
            .collect();
        assert_eq!(
            rels,
            [
                r#""compare_same.orders"."customer_id" -> "compare_same.customers"."customer_id""#,
                r#""compare_same.order_items"."order_id" -> "compare_same.orders"."order_id""#
            ]
        );
    }

    #[pg_test]
    fn compare_shuffled_column_keeps_shapes_breaks_pairs() {
        scratch("compare_shuffled");
        run("CREATE TABLE real (x float8, y float8, kind text);
             INSERT INTO real SELECT i, 2 * i + (i % 7), CASE WHEN i % 3 = 0 THEN 'a' ELSE 'b' END FROM generate_series(1, 300) i;
             -- The same values of y, in another order: every column keeps its distribution.
             CREATE TABLE shuffled AS SELECT x, (SELECT y FROM real r2 WHERE r2.x = (r.x * 67)::int % 300 + 1) AS y, kind FROM real r;");
        let r = report("SELECT synth_compare('real', 'shuffled')");
        assert_eq!(r["properties"]["column_shapes"], json!(1.0), "{r}");
        let pairs = r["properties"]["column_pair_trends"].as_f64().unwrap();
        assert!(pairs < 0.9, "{r}");
        // x–y was a correlation of nearly 1, now nearly none.
        let xy = &r["pairs"][0];
        assert_eq!((xy["columns"].clone(), xy["metric"].clone()), (json!(["x", "y"]), json!("CorrelationSimilarity")));
        assert!(xy["real"].as_f64().unwrap() > 0.99 && xy["synthetic"].as_f64().unwrap().abs() < 0.2, "{xy}");
        assert_eq!(r["pairs"][1]["metric"], "ContingencySimilarity");
    }

    #[pg_test]
    fn compare_small_examples_give_sdmetrics_values() {
        scratch("compare_known");
        // QualityReport on DataFrame({'x': [1, 2, 3, 4, 5], 'y': [2, 4, 5, 4, 5]}) against
        // DataFrame({'x': [1, 2, 3, 4, 5], 'y': [5, 4, 3, 2, 2]}), both numerical (SDMetrics 0.32.0).
        run("CREATE TABLE r (x int, y numeric); INSERT INTO r VALUES (1, 2), (2, 4), (3, 5), (4, 4), (5, 5);
             CREATE TABLE s (x int, y numeric); INSERT INTO s VALUES (1, 5), (2, 4), (3, 3), (4, 2), (5, 2);");
        let r = report("SELECT synth_compare('r', 's')");
        close(&r["columns"][0]["score"], 1.0);
        close(&r["columns"][1]["score"], 0.6);
        close(&r["pairs"][0]["score"], 0.12763041530659236);
        close(&r["pairs"][0]["real"], 0.7745966692414834);
        close(&r["pairs"][0]["synthetic"], -0.9701425001453319);
        close(&r["properties"]["column_shapes"], 0.8);
        close(&r["overall"], 0.4638152076532962);
        // TVComplement.compute(['a', 'a', 'b', None], ['a', 'c', 'c', 'b']): NULL dropped, 'c'
        // counted 1e-6 times on the real side.
        run("CREATE TABLE rc (c text); INSERT INTO rc VALUES ('a'), ('a'), ('b'), (NULL);
             CREATE TABLE sc (c varchar(5)); INSERT INTO sc VALUES ('a'), ('c'), ('c'), ('b');");
        let r = report("SELECT synth_compare('rc', 'sc')");
        close(&r["columns"][0]["score"], 0.5000003333332222);
        close(&r["columns"][0]["null_fraction_real"], 0.25);
        close(&r["columns"][0]["null_fraction_synthetic"], 0.0);
        // No pair, no Column Pair Trends: overall is Column Shapes.
        assert_eq!(r["properties"]["column_pair_trends"], Value::Null);
        close(&r["overall"], 0.5000003333332222);
    }

    #[pg_test]
    fn compare_classifies_as_the_judge() {
        scratch("compare_kinds");
        run("CREATE DOMAIN year AS int CHECK (VALUE > 1900);
             CREATE TABLE p (id serial PRIMARY KEY, code text UNIQUE);
             CREATE TABLE t (
                 n bigint GENERATED ALWAYS AS IDENTITY, p_id int REFERENCES p, y year, flag bool, flag_null bool,
                 day date, note text, tag text, blob bytea, empty_num numeric, tags text[]);
             INSERT INTO p (code) SELECT 'c' || i FROM generate_series(1, 5) i;
             INSERT INTO t (p_id, y, flag, flag_null, day, note, tag, blob, empty_num, tags)
             SELECT 1 + i % 5, 2000 + i % 3, i % 2 = 0, CASE WHEN i % 4 > 0 THEN i % 2 = 0 END, DATE '2024-01-01' + i,
                    'note ' || i, 'tag' || i % 4, '\\x01'::bytea, NULL, ARRAY['a', 'b' || i % 2]
               FROM generate_series(1, 20) i;");
        let r = report("SELECT synth_compare('t', 't')");
        assert_eq!(
            kinds(&r),
            [
                "n id null",
                "p_id id null",
                "y numerical \"KSComplement\"",
                "flag boolean \"TVComplement\"",
                // A boolean with NULLs, a column without values: categories to pandas.
                "flag_null categorical \"TVComplement\"",
                "day datetime \"KSComplement\"",
                // More than half as many distinct values as rows: free text.
                "note text null",
                "tag categorical \"TVComplement\"",
                "blob binary null",
                "empty_num categorical \"TVComplement\"",
                "tags categorical \"TVComplement\""
            ]
        );
        // empty_num has no value to compare: no score, left out of the mean.
        assert_eq!(r["columns"][9]["score"], Value::Null);
        assert_eq!(r["overall"], json!(1.0), "{r}");
    }

    #[pg_test]
    fn compare_foreign_keys_on_partitions() {
        scratch("compare_parts");
        // CardinalityShapeSimilarity: parents 1..4 with children [1, 1, 2, 4, 4, 4] against
        // parents 1..3 with children [1, 2, 2, 3, NULL] is 0.75 (SDMetrics 0.32.0). The foreign key
        // is declared on the partitions only, as pagila's payment does.
        run("CREATE TABLE parent (id int PRIMARY KEY, v float8);
             CREATE TABLE child (id int PRIMARY KEY, pid int, at timestamptz) PARTITION BY RANGE (id);
             CREATE TABLE child_1 PARTITION OF child FOR VALUES FROM (0) TO (100);
             CREATE TABLE child_2 PARTITION OF child FOR VALUES FROM (100) TO (200);
             ALTER TABLE child_1 ADD FOREIGN KEY (pid) REFERENCES parent;
             ALTER TABLE child_2 ADD FOREIGN KEY (pid) REFERENCES parent;
             INSERT INTO parent VALUES (1, 1.5), (2, 2.5), (3, 0.5), (4, 4);
             INSERT INTO child VALUES (1, 1, '2024-01-01'), (2, 1, '2024-01-02'), (150, 2, '2024-01-03'),
                                      (151, 4, '2024-01-04'), (152, 4, NULL), (153, 4, '2024-01-06');
             CREATE SCHEMA compare_parts_s;
             CREATE TABLE compare_parts_s.parent (id int, v float8);
             CREATE TABLE compare_parts_s.child (id int, pid int, at timestamptz);
             INSERT INTO compare_parts_s.parent VALUES (1, 1), (2, 2), (3, 3);
             INSERT INTO compare_parts_s.child VALUES (1, 1, '2024-01-01'), (2, 2, '2024-01-02'), (3, 2, '2024-01-03'),
                                                      (4, 3, '2024-01-05'), (5, NULL, '2024-01-04');");
        let r = report("SELECT synth_compare('{parent,child}', '{compare_parts_s.parent,compare_parts_s.child}')");
        assert_eq!(
            r["relationships"],
            json!([{"parent": "compare_parts.parent", "parent_column": "id", "child": "compare_parts.child",
                    "child_column": "pid", "metric": "CardinalityShapeSimilarity", "score": 0.75}]),
            "{r}"
        );
        assert_eq!(kinds(&r)[2..], ["id id null", "pid id null", "at datetime \"KSComplement\""]);
        // One intertable pair: the parent's v against the child's at, on child ⋈ parent.
        let inter = &r["intertable_pairs"];
        assert_eq!(inter.as_array().unwrap().len(), 1, "{r}");
        assert_eq!(inter[0]["columns"], json!(["v", "at"]));
        assert_eq!(inter[0]["foreign_key"], "pid");
        close(&r["properties"]["cardinality"], 0.75);
        assert!(r["properties"]["intertable_trends"].is_number(), "{r}");
        // A partition given on its own has no foreign key, not even one declared on it: the judge
        // counts them as its parent table's, and its foreign key columns as values.
        let r = report("SELECT synth_compare('{parent,child_1}', '{compare_parts_s.parent,compare_parts_s.child}')");
        assert_eq!(r["relationships"], json!([]), "{r}");
        assert_eq!(kinds(&r)[2..], ["id id null", "pid numerical \"KSComplement\"", "at datetime \"KSComplement\""]);
    }

    #[pg_test]
    fn compare_one_relationship_per_pair_of_tables() {
        scratch("compare_two_keys");
        // As the judge: of two foreign keys from film to language, the child column whose name
        // sorts first (pagila's film); with a foreign key of two columns between them, none.
        run("CREATE TABLE language (id int PRIMARY KEY, name text, UNIQUE (id, name));
             CREATE TABLE film (id int PRIMARY KEY, original_language_id int REFERENCES language,
                                language_id int REFERENCES language, length int);
             CREATE TABLE dub (id int PRIMARY KEY, language_id int REFERENCES language, name text,
                               FOREIGN KEY (language_id, name) REFERENCES language (id, name));
             INSERT INTO language VALUES (1, 'en'), (2, 'de');
             INSERT INTO film VALUES (1, NULL, 1, 90), (2, NULL, 1, 100), (3, 2, 2, 80);
             INSERT INTO dub VALUES (1, 2, 'de');");
        let r = report("SELECT synth_compare('{language,film,dub}', '{language,film,dub}')");
        let rels: Vec<String> = r["relationships"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| format!("{}.{}", x["child"].as_str().unwrap(), x["child_column"].as_str().unwrap()))
            .collect();
        assert_eq!(rels, ["compare_two_keys.film.language_id"], "{r}");
    }

    #[pg_test]
    fn compare_pair_threshold() {
        scratch("compare_threshold");
        run("CREATE TABLE r (x float8, y float8, z float8);
             INSERT INTO r SELECT i, i * 2 + i % 5, (i * 7919) % 101 FROM generate_series(1, 200) i;");
        // x–y correlate strongly, z with neither: with a threshold of 0.5 only x–y counts.
        let r = report("SELECT synth_compare('r', 'r', pair_threshold => 0.5)");
        let meets: Vec<bool> =
            r["pairs"].as_array().unwrap().iter().map(|p| p["meets_threshold"].as_bool().unwrap()).collect();
        assert_eq!(meets, [true, false, false], "{r}");
        assert_eq!(r["pairs"][1]["score"], Value::Null);
        assert_eq!(r["properties"]["column_pair_trends"], json!(1.0));
        assert_eq!(r["pair_threshold"], json!(0.5));
        // Without a threshold, pairs carry no meets_threshold.
        let r = report("SELECT synth_compare('r', 'r')");
        assert!(r["pairs"][0].get("meets_threshold").is_none(), "{r}");
    }

    macro_rules! compare_errors {
        ($($name:ident { setup: $setup:literal, call: $call:literal, state: $state:literal, message: $message:literal })*) => {$(
            #[pg_test]
            fn $name() {
                let schema = stringify!($name);
                scratch(schema);
                run("CREATE TABLE a (id int PRIMARY KEY, x float8, t text); CREATE TABLE b (id int, x float8, t text);");
                if !$setup.is_empty() {
                    run($setup);
                }
                let e = must_fail($call);
                assert_eq!(
                    (e.sqlstate.as_str(), e.message.as_str()),
                    ($state, $message.replace("{s}", schema).as_str()),
                    "{e:?}"
                );
            }
        )*};
    }

    compare_errors! {
        compare_err_unknown_table {
            setup: "", call: "SELECT synth_compare('a', 'no_such_table')",
            state: "42P01", message: r#"relation "no_such_table" does not exist"#
        }
        compare_err_unknown_in_text_array {
            setup: "", call: "SELECT synth_compare('{a,b}', '{a,no_such_table}')",
            state: "42P01", message: r#"relation "no_such_table" does not exist"#
        }
        compare_err_unknown_in_array {
            setup: "", call: "SELECT synth_compare('{a}'::regclass[], '{no_such_table}')",
            state: "42P01", message: r#"relation "no_such_table" does not exist"#
        }
        compare_err_lengths {
            setup: "", call: "SELECT synth_compare('{a,b}'::regclass[], '{b}')",
            state: "22023", message: "the arrays of tables differ in length: 2 real, 1 synthetic"
        }
        compare_err_empty {
            setup: "", call: "SELECT synth_compare('{}'::regclass[], '{}')",
            state: "22023", message: "no tables to compare"
        }
        compare_err_null {
            setup: "", call: "SELECT synth_compare(NULL::regclass, 'b')",
            state: "22023", message: "the real table must not be NULL"
        }
        compare_err_null_element {
            setup: "", call: "SELECT synth_compare(ARRAY['a', NULL]::regclass[], '{a,b}')",
            state: "22023", message: "the real tables must not contain NULL"
        }
        compare_err_twice {
            setup: "", call: "SELECT synth_compare('{a,a}'::regclass[], '{a,b}')",
            state: "22023", message: "table {s}.a appears twice among the real tables"
        }
        compare_err_threshold {
            setup: "", call: "SELECT synth_compare('a', 'b', 1.5)",
            state: "22023", message: "pair_threshold must be between 0 and 1, not 1.5"
        }
        compare_err_missing_column {
            setup: "ALTER TABLE b DROP COLUMN t", call: "SELECT synth_compare('a', 'b')",
            state: "42804", message: r#"column "t" of {s}.a is missing from {s}.b"#
        }
        compare_err_extra_column {
            setup: "ALTER TABLE b ADD COLUMN extra int", call: "SELECT synth_compare('a', 'b')",
            state: "42804", message: r#"column "extra" of {s}.b is not in {s}.a"#
        }
        compare_err_column_kind {
            setup: "ALTER TABLE b ALTER COLUMN x TYPE text", call: "SELECT synth_compare('a', 'b')",
            state: "42804", message: r#"column "x" is double precision in {s}.a but text in {s}.b"#
        }
        compare_err_not_a_table {
            setup: "CREATE SEQUENCE q", call: "SELECT synth_compare('a', 'q')",
            state: "42809", message: r#""{s}.q" is not a table"#
        }
    }
}

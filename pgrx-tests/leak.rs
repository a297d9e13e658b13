//! synth_leak_check: synthetic values and rows found in the real table.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::pgrx_tests::common::*;

    fn report(call: &str) -> serde_json::Value {
        one::<pgrx::JsonB>(&format!("SELECT {call}")).0
    }

    #[pg_test]
    fn leak_counts_values_and_rows_found_in_the_real_table() {
        scratch("leak_counts");
        run("
            CREATE TABLE people (id int PRIMARY KEY, email text, city text, age int);
            INSERT INTO people VALUES (1, 'a@example.com', 'Paris', 30), (2, 'b@example.com', 'Lyon', NULL),
                                      (3, 'c@example.com', 'Paris', 41);
            CREATE TABLE fake (LIKE people);
            -- Row 10 repeats a real row (all but its key), row 11 only a real e-mail, row 12 nothing.
            INSERT INTO fake VALUES (10, 'b@example.com', 'Lyon', NULL), (11, 'a@example.com', 'Nice', 52),
                                    (12, 'z@example.org', NULL, 41)");
        let r = report("synth_leak_check('people', 'fake')");
        assert_eq!(r["compared_columns"], serde_json::json!(["email", "city", "age"]), "{r}");
        assert_eq!(r["synthetic_rows"], 3);
        assert_eq!(r["rows_equal_to_a_real_row"], 1, "{r}");
        let col = |c: &str| r["columns"].as_array().unwrap().iter().find(|x| x["column"] == c).cloned().unwrap();
        assert_eq!(
            (col("email")["synthetic_values"].clone(), col("email")["found_in_real"].clone()),
            (3.into(), 2.into())
        );
        assert_eq!(col("email")["rows_with_a_real_value"], 2);
        assert_eq!(
            (col("city")["synthetic_values"].clone(), col("city")["found_in_real"].clone()),
            (2.into(), 1.into())
        );
        assert_eq!(col("age")["found_in_real"], 1, "a NULL is not a value found: {r}");
        // Named columns only.
        let e = report("synth_leak_check('people', 'fake', columns => '{email}')");
        assert_eq!(e["rows_equal_to_a_real_row"], 2, "{e}");
    }

    #[pg_test]
    fn leak_check_errors_name_the_column() {
        scratch("leak_errors");
        run("CREATE TABLE a (id int PRIMARY KEY, x text); CREATE TABLE b (id int PRIMARY KEY, y text)");
        let e = must_fail("SELECT synth_leak_check('a', 'b', columns => '{x}')");
        assert_eq!(e.sqlstate, "42703");
        assert!(e.message.contains("\"x\"") && e.message.contains("synthetic"), "{e:?}");
        let e = must_fail("SELECT synth_leak_check('a', 'b')");
        assert_eq!(e.sqlstate, "22023", "only the key in common: {e:?}");
    }
}

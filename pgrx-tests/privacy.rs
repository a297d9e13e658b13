//! Privacy: synth_detect_pii on a schema with tricky columns, marks in synthdata.sensitivity
//! overriding detection, synth_k_anonymity and synth_l_diversity against the GROUP BY queries
//! they stand for, and their errors with SQLSTATEs.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::pgrx_tests::common::*;

    /// A schema of people with tricky columns: `contact` holds e-mail addresses under a name that
    /// says nothing, `nom`/`vorname` are French and German, `amount` and `title` are not personal.
    fn people(schema: &str) {
        scratch(schema);
        run("CREATE TABLE kunden (
                 id int PRIMARY KEY,
                 vorname text,
                 nom text,
                 contact text,
                 title text,
                 amount numeric(10, 2),
                 created_at timestamptz,
                 geburtsdatum date,
                 plz text,
                 ref text,
                 host inet)");
        run("INSERT INTO kunden
             SELECT i,
                    (ARRAY['Anna', 'Lukas', 'Marie', 'Paul', 'Sophie'])[1 + i % 5],
                    (ARRAY['Müller', 'Schmidt', 'Dubois', 'Martin', 'Weber'])[1 + i % 5],
                    CASE WHEN i % 20 = 0 THEN 'n/a' ELSE format('kunde%s@example.com', i) END,
                    (ARRAY['Paris Nights', 'Blue Lagoon', 'The Long Road'])[1 + i % 3],
                    i * 1.5,
                    '2024-01-01'::timestamptz + i * interval '1 day',
                    '1980-01-01'::date + i * 100,
                    lpad((10000 + i * 37)::text, 5, '0'),
                    (ARRAY['2 55 08 14 168 025 38', '1 84 12 76 451 089 46', '86095742719'])[1 + i % 3],
                    format('192.0.2.%s', i % 250)::inet
               FROM generate_series(1, 200) i");
        run("CREATE TABLE films (film_id int PRIMARY KEY, title text, description text, rental_rate numeric)");
        run("INSERT INTO films SELECT i, (ARRAY['Anna Smith', 'Paris', 'Berlin'])[1 + i % 3], 'A film', 2.99
               FROM generate_series(1, 30) i");
    }

    /// The single text column of `query`'s rows, in order.
    fn texts(query: &str) -> Vec<String> {
        rows_text(query, false)
            .into_iter()
            .map(|r| r.trim_matches(|c| c == '(' || c == ')' || c == '"').to_string())
            .collect()
    }

    fn detected(schema: &str) -> Vec<String> {
        texts(&format!(
            "SELECT table_name::text || '.' || column_name || ' ' || category || ' ' || confidence
               FROM synth_detect_pii('{schema}') ORDER BY 1"
        ))
    }

    #[pg_test]
    fn privacy_detects_tricky_columns() {
        people("privacy_detect");
        let got = detected("privacy_detect");
        let want = [
            "kunden.contact email 0.95",
            "kunden.geburtsdatum birth_date 0.9",
            "kunden.host ip_address 0.8",
            "kunden.nom last_name 0.88",
            "kunden.plz postcode 0.7",
            "kunden.ref national_id 0.95",
            "kunden.vorname first_name 0.97",
        ];
        assert_eq!(got, want, "{got:#?}");
        let reason =
            one::<String>("SELECT reason FROM synth_detect_pii('privacy_detect') WHERE column_name = 'contact'");
        assert_eq!(reason, "95% of 200 sampled values are e-mail addresses");
        // The result's types are those of the signature.
        let types = one::<String>(
            "SELECT pg_typeof(table_name)::text || pg_typeof(column_name)::text || pg_typeof(confidence)::text
               FROM synth_detect_pii('privacy_detect') LIMIT 1",
        );
        assert_eq!(types, "regclassnamedouble precision");
    }

    #[pg_test]
    fn privacy_default_schema_and_own_table_left_out() {
        people("privacy_default");
        run("SET LOCAL search_path = public");
        // synthdata.sensitivity belongs to the extension: never reported, never filled.
        assert_eq!(count("synth_detect_pii('synthdata')"), 0);
        assert_eq!(count("synth_fill_schema('synthdata')"), 0);
        assert!(count("synth_detect_pii()") >= 0);
        assert_eq!(count("synth_detect_pii('pg_catalog')"), 0, "catalog tables are not sampled");
    }

    #[pg_test]
    fn privacy_marks_override_detection() {
        people("privacy_marks");
        let before =
            texts("SELECT column_name || ':' || category || ':' || source FROM synth_sensitive_columns('kunden')");
        assert!(before.iter().any(|r| r.contains("contact:email:detected")), "{before:?}");
        run("INSERT INTO synthdata.sensitivity (table_name, column_name, sensitive, category) VALUES
                ('kunden', 'contact', false, NULL),
                ('kunden', 'amount', true, 'salary'),
                ('kunden', 'vorname', true, NULL),
                ('kunden', 'gone', true, 'x')");
        let notices = Notices::capture();
        let got = texts(
            "SELECT column_name || ':' || coalesce(category, '-') || ':' || source FROM synth_sensitive_columns('kunden')",
        );
        assert_eq!(
            got,
            [
                "vorname:first_name:marked",
                "nom:last_name:detected",
                "amount:salary:marked",
                "geburtsdatum:birth_date:detected",
                "plz:postcode:detected",
                "ref:national_id:detected",
                "host:ip_address:detected",
            ],
            "{got:#?}"
        );
        assert!(notices.messages().iter().any(|m| m.contains("\"gone\"")), "{:?}", notices.messages());
        // Detection itself is unchanged by marks.
        assert_eq!(count("synth_detect_pii('privacy_marks') WHERE column_name = 'contact'"), 1);
    }

    fn census(schema: &str) {
        scratch(schema);
        run("CREATE TABLE census (id int, \"Zip Code\" text, age int, sex text, disease text)");
        run("INSERT INTO census
             SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE (10000 + i % 4)::text END, 20 + i % 3,
                    (ARRAY['f', 'm'])[1 + i % 2], (ARRAY['flu', 'cold', 'none', NULL])[1 + i % 4]
               FROM generate_series(1, 103) i");
    }

    #[pg_test]
    fn privacy_k_anonymity_equals_group_by() {
        census("privacy_k");
        for qi in [&["sex"][..], &["Zip Code"], &["Zip Code", "age"], &["Zip Code", "age", "sex"], &["age", "sex"]] {
            let array = qi.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ");
            let cols = qi.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
            let k = one::<i64>(&format!("SELECT synth_k_anonymity('census', ARRAY[{array}])"));
            let want = one::<i64>(&format!("SELECT min(n) FROM (SELECT count(*) n FROM census GROUP BY {cols}) g"));
            assert_eq!(k, want, "{qi:?}");
            // The definition: no group smaller than k, and one of exactly k.
            assert_eq!(count(&format!("(SELECT 1 FROM census GROUP BY {cols} HAVING count(*) < {k}) g")), 0);
            assert!(count(&format!("(SELECT 1 FROM census GROUP BY {cols} HAVING count(*) = {k}) g")) > 0);
            let l = one::<i64>(&format!("SELECT synth_l_diversity('census', ARRAY[{array}], 'disease')"));
            let want = one::<i64>(&format!(
                "SELECT min(n) FROM (SELECT count(DISTINCT disease) n FROM census GROUP BY {cols}) g"
            ));
            assert_eq!(l, want, "{qi:?}");
        }
        run("CREATE TABLE empty_t (a int)");
        assert_eq!(Spi::get_one::<i64>("SELECT synth_k_anonymity('empty_t', ARRAY['a'])").unwrap(), None);
    }

    #[pg_test]
    fn privacy_errors_have_sqlstates() {
        census("privacy_errors");
        for (call, state, message) in [
            (
                "SELECT synth_k_anonymity('census', ARRAY[]::text[])",
                "22023",
                "quasi_identifiers must name at least one column",
            ),
            ("SELECT synth_k_anonymity('census', NULL)", "22023", "quasi_identifiers must not be NULL"),
            (
                "SELECT synth_k_anonymity('census', ARRAY['sex', NULL])",
                "22023",
                "quasi_identifiers must not contain NULL",
            ),
            (
                "SELECT synth_k_anonymity('census', ARRAY['zip code'])",
                "42703",
                "column \"zip code\" of relation census does not exist",
            ),
            (
                "SELECT synth_l_diversity('census', ARRAY['sex'], 'nope')",
                "42703",
                "column \"nope\" of relation census does not exist",
            ),
            (
                "SELECT synth_l_diversity('census', ARRAY['sex'], 'sex')",
                "22023",
                "the sensitive column \"sex\" is also a quasi-identifier",
            ),
            (
                "SELECT synth_k_anonymity('no_such_table', ARRAY['a'])",
                "42P01",
                "relation \"no_such_table\" does not exist",
            ),
            ("SELECT * FROM synth_detect_pii('no_such_schema')", "3F000", "schema \"no_such_schema\" does not exist"),
        ] {
            let e = must_fail(call);
            assert_eq!((e.sqlstate.as_str(), e.message.as_str()), (state, message), "{call}: {e:?}");
        }
    }

    #[pg_test]
    fn privacy_needs_select() {
        census("privacy_priv");
        run("CREATE ROLE privacy_reader NOLOGIN");
        run("GRANT USAGE ON SCHEMA privacy_priv TO privacy_reader");
        run("SET LOCAL ROLE privacy_reader");
        for call in [
            "SELECT * FROM synth_detect_pii('privacy_priv')",
            "SELECT * FROM synth_sensitive_columns('privacy_priv.census')",
            "SELECT synth_k_anonymity('privacy_priv.census', ARRAY['sex'])",
        ] {
            let e = must_fail(call);
            assert_eq!(
                (e.sqlstate.as_str(), e.message.as_str()),
                ("42501", "permission denied for table census"),
                "{call}: {e:?}"
            );
            assert!(e.hint.unwrap_or_default().contains("GRANT SELECT ON census"));
        }
    }
}

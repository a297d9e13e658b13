//! The synthdata.* settings: seed, unsupported_types, locale and progress_interval.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::pgrx_tests::common::*;

    fn people(schema: &str) {
        scratch(schema);
        run("CREATE TABLE people (id int PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL,
                                   email text UNIQUE, city text NOT NULL, country char(2) NOT NULL, born date)");
    }

    fn rows(seed: &str) -> Vec<String> {
        rows_text(&format!("SELECT * FROM synth_rows(NULL::people, 50{seed})"), false)
    }

    #[pg_test]
    fn guc_defaults() {
        assert_eq!(one::<String>("SELECT current_setting('synthdata.seed')"), "");
        assert_eq!(one::<String>("SELECT current_setting('synthdata.locale')"), "en");
        assert_eq!(one::<String>("SELECT current_setting('synthdata.unsupported_types')"), "error");
        assert_eq!(one::<String>("SELECT current_setting('synthdata.progress_interval')"), "5s");
    }

    #[pg_test]
    fn guc_seed_is_the_default_seed() {
        people("guc_seed_default");
        run("SET LOCAL synthdata.seed = 5");
        let unseeded = rows("");
        assert_eq!(unseeded.len(), 50);
        assert_eq!(unseeded, rows(""), "two unseeded calls under synthdata.seed = 5");
        assert_eq!(unseeded, rows(", seed => 5"));
        assert_ne!(unseeded, rows(", seed => 6"));
        // synth_fill too: the setting gives what seed => 5 gives (to a table of the same name).
        run("CREATE SCHEMA guc_seed_twin; CREATE TABLE guc_seed_twin.people (LIKE people INCLUDING ALL)");
        assert_eq!(one::<i64>("SELECT synth_fill('people', 100)"), 100);
        run("RESET synthdata.seed");
        assert_eq!(one::<i64>("SELECT synth_fill('guc_seed_twin.people', 100, 5)"), 100);
        assert_eq!(rows_text("SELECT * FROM people", true), rows_text("SELECT * FROM guc_seed_twin.people", true));
    }

    #[pg_test]
    fn guc_explicit_seed_wins_over_the_setting() {
        people("guc_seed_explicit");
        let seven = rows(", seed => 7");
        run("SET LOCAL synthdata.seed = 5");
        assert_eq!(rows(", seed => 7"), seven);
        assert_ne!(rows(""), seven);
    }

    #[pg_test]
    fn guc_seed_unset_or_empty_means_fresh_seeds() {
        people("guc_seed_unset");
        run("SET LOCAL synthdata.seed = 5");
        assert_eq!(rows(""), rows(""));
        run("RESET synthdata.seed");
        assert_ne!(rows(""), rows(""));
        run("SET LOCAL synthdata.seed = ''");
        assert_ne!(rows(""), rows(""));
        run("SET LOCAL synthdata.seed = ' -12 '");
        assert_eq!(rows(""), rows(", seed => -12"));
    }

    #[pg_test]
    fn guc_unsupported_types_null_leaves_such_columns_null() {
        scratch("guc_unsupported");
        run(UNKNOWN_TYPE);
        run("CREATE TABLE shapes (id int, area mystery, label text NOT NULL)");
        assert_eq!(must_fail("SELECT synth_fill('shapes', 10)").sqlstate, "0A000");
        run("SET LOCAL synthdata.unsupported_types = 'null'");
        assert_eq!(one::<i64>("SELECT synth_fill('shapes', 10, seed => 1)"), 10);
        assert_eq!(count("shapes"), 10);
        assert_eq!(count("shapes WHERE area IS NOT NULL"), 0);
        assert_eq!(count("shapes WHERE label IS NULL"), 0);
        assert_eq!(count("synth_rows(NULL::shapes, 20, 1) WHERE area IS NULL AND label IS NOT NULL"), 20);
        // Back to the default: an error again.
        run("SET LOCAL synthdata.unsupported_types = 'error'");
        assert_eq!(must_fail("SELECT synth_fill('shapes', 10)").sqlstate, "0A000");
        assert_eq!(count("shapes"), 10);
    }

    #[pg_test]
    fn guc_invalid_values_are_refused() {
        let e = must_fail("SET LOCAL synthdata.unsupported_types = 'maybe'");
        assert_eq!(
            (e.sqlstate.as_str(), e.message.as_str()),
            ("22023", r#"invalid value for parameter "synthdata.unsupported_types": "maybe""#)
        );
        let e = must_fail("SET LOCAL synthdata.progress_interval = -1");
        assert_eq!(e.sqlstate, "22023");
        let e = must_fail("SET LOCAL synthdata.no_such_setting = 1");
        assert_eq!(
            (e.sqlstate.as_str(), e.message.as_str()),
            ("42602", r#"invalid configuration parameter name "synthdata.no_such_setting""#)
        );
    }

    /// One test per locale: most rows come from the locale's own country, with its cities.
    macro_rules! locale_cases {
        ($($name:ident: $locale:literal => $country:literal, $cities:literal;)*) => {$(
            #[pg_test]
            fn $name() {
                people(stringify!($name));
                run(concat!("SET LOCAL synthdata.locale = '", $locale, "'"));
                let generated = "synth_rows(NULL::people, 1000, 1)";
                let top = one::<String>(&format!("SELECT country::text FROM {generated} GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"));
                assert_eq!(top, $country);
                let share = one::<f64>(&format!("SELECT avg((country = '{}')::int)::float8 FROM {generated}", $country));
                assert!(share > 0.4, "{} of the rows from {}", share, $country);
                let known = count(&format!("{generated} WHERE city = ANY ('{}'::text[])", $cities));
                assert!(known > 20, "only {known} rows in {}", $cities);
            }
        )*};
    }

    locale_cases! {
        guc_locale_en: "en" => "US", "{New York,Los Angeles,Chicago,Houston,London,Manchester,Birmingham,Toronto,Sydney}";
        guc_locale_de: "de" => "DE", "{Berlin,Hamburg,München,Köln,Frankfurt am Main,Stuttgart,Düsseldorf,Leipzig,Dortmund}";
        guc_locale_fr: "fr" => "FR", "{Paris,Marseille,Lyon,Toulouse,Nice,Nantes,Strasbourg,Montpellier,Bordeaux}";
    }

    #[pg_test]
    fn guc_locale_changes_the_rows_of_a_seed() {
        people("guc_locale_rows");
        run("SET LOCAL synthdata.locale = 'en'");
        let en = rows(", seed => 3");
        run("SET LOCAL synthdata.locale = 'de'");
        let de = rows(", seed => 3");
        run("SET LOCAL synthdata.locale = 'fr'");
        let fr = rows(", seed => 3");
        assert_ne!(en, de);
        assert_ne!(en, fr);
        assert_ne!(de, fr);
    }
}

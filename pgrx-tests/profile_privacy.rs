//! Leak-free profiles: sensitive columns carry no values, rare values stay home, noise on
//! request; generation from such a profile never replays a source value of a sensitive column.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::pgrx_tests::common::*;

    /// 400 clients: real-looking e-mails and phones (one per client), family names from a short
    /// list, a plan with one rare value, an amount with distinct values; analyzed.
    fn clients(schema: &str) {
        scratch(schema);
        run("CREATE TABLE clients (
                 id int PRIMARY KEY,
                 last_name text NOT NULL,
                 email text NOT NULL,
                 phone text,
                 plan text NOT NULL,
                 amount numeric(10,2) NOT NULL)");
        run("INSERT INTO clients
             SELECT i,
                    (ARRAY['Okonkwo', 'Quarshie', 'Lindqvist', 'Haraldsen'])[1 + i % 4],
                    format('client.%s@corp-mail.test', i),
                    format('+1 415 %s', 5550000 + i * 7),
                    CASE WHEN i = 7 THEN 'platinum' WHEN i % 3 = 0 THEN 'pro' ELSE 'basic' END,
                    round((i * 13.37 % 997)::numeric, 2)
               FROM generate_series(1, 400) i");
        run("ANALYZE clients");
    }

    fn profile(call: &str) -> String {
        one::<pgrx::JsonB>(&format!("SELECT {call}")).0.to_string()
    }

    fn column(p: &serde_json::Value, name: &str) -> serde_json::Value {
        p["columns"].as_array().unwrap().iter().find(|c| c["name"] == name).cloned().unwrap()
    }

    #[pg_test]
    fn profile_privacy_sensitive_columns_carry_no_value() {
        clients("pp_sensitive");
        let text = profile("synth_profile('clients', sample_rows => 400)");
        for raw in ["Okonkwo", "Quarshie", "Lindqvist", "Haraldsen", "corp-mail", "client.1", "+1 415"] {
            assert!(!text.contains(raw), "{raw} in the profile: {text}");
        }
        let p: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(column(&p, "last_name")["sensitive"], "last_name");
        assert_eq!(column(&p, "email")["sensitive"], "email");
        assert_eq!(column(&p, "phone")["sensitive"], "phone");
        assert!(column(&p, "plan").get("sensitive").is_none());
        // The shape stays: NULL share, distinct count, the case of the names.
        assert_eq!(column(&p, "last_name")["stats"]["n_distinct"], 4.0);
        assert_eq!(column(&p, "last_name")["content"]["style"]["case"], "title", "{}", column(&p, "last_name"));
        // The plan's common values stay; the one client on `platinum` does not.
        assert!(text.contains("\"basic\"") && text.contains("\"pro\""), "{text}");
        assert!(!text.contains("platinum"), "{text}");
    }

    #[pg_test]
    fn profile_privacy_marks_and_min_count_decide() {
        clients("pp_marks");
        run("INSERT INTO synthdata.sensitivity (table_name, column_name, sensitive) VALUES ('clients', 'last_name', false)");
        let text = profile("synth_profile('clients', sample_rows => 400, min_count => 1)");
        assert!(text.contains("Okonkwo"), "a column marked not sensitive keeps its values: {text}");
        assert!(text.contains("platinum"), "min_count => 1 keeps rare values: {text}");
        assert!(!text.contains("corp-mail"), "sensitive columns carry no value whatever min_count says");
        run("SET LOCAL synthdata.min_count = 500");
        let p: serde_json::Value = serde_json::from_str(&profile("synth_profile('clients')")).unwrap();
        assert_eq!(column(&p, "plan")["stats"]["most_common_vals"], serde_json::json!([]), "{p}");
    }

    #[pg_test]
    fn profile_privacy_amounts_keep_their_shape_not_their_values() {
        clients("pp_amounts");
        let p: serde_json::Value = serde_json::from_str(&profile("synth_profile('clients')")).unwrap();
        let bounds: Vec<String> = column(&p, "amount")["stats"]["histogram_bounds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap().to_string())
            .collect();
        assert!(bounds.len() > 10, "{bounds:?}");
        let found = count(&format!(
            "clients WHERE amount::text = ANY ('{{{}}}'::text[])",
            bounds.iter().map(|b| format!("\"{b}\"")).collect::<Vec<_>>().join(",")
        ));
        // Rounded bounds may land on a value by chance, never systematically.
        assert!(
            found * 5 <= bounds.len() as i64,
            "{found} of {} bounds are amounts of the table: {bounds:?}",
            bounds.len()
        );
    }

    #[pg_test]
    fn profile_privacy_epsilon_adds_noise_to_counts() {
        clients("pp_epsilon");
        let plain: serde_json::Value = serde_json::from_str(&profile("synth_profile('clients')")).unwrap();
        let noisy: serde_json::Value =
            serde_json::from_str(&profile("synth_profile('clients', epsilon => 1)")).unwrap();
        let again: serde_json::Value =
            serde_json::from_str(&profile("synth_profile('clients', epsilon => 1)")).unwrap();
        let freqs = |p: &serde_json::Value| column(p, "plan")["stats"]["most_common_freqs"].clone();
        assert_ne!(freqs(&plain), freqs(&noisy));
        assert_ne!(freqs(&noisy), freqs(&again), "fresh noise each call: it cannot be subtracted");
        let rows = noisy["table"]["reltuples"].as_f64().unwrap();
        assert!((rows - 400.0).abs() < 400.0, "{rows}");
    }

    #[pg_test]
    fn profile_privacy_rejects_bad_arguments() {
        clients("pp_errors");
        let e = must_fail("SELECT synth_profile('clients', min_count => 0)");
        assert_eq!((e.sqlstate.as_str(), e.message.as_str()), ("22023", "min_count must be at least 1, not 0"));
        let e = must_fail("SELECT synth_profile_schema('pp_errors', epsilon => -1)");
        assert_eq!(e.sqlstate, "22023");
        assert!(e.message.contains("epsilon must be a positive number"), "{e:?}");
    }

    #[pg_test]
    fn profile_privacy_generation_never_replays_sensitive_values() {
        clients("pp_generate");
        let shipped = profile("synth_profile_schema('pp_generate', sample_rows => 400)");
        run("CREATE SCHEMA pp_copy; CREATE TABLE pp_copy.clients (LIKE pp_generate.clients INCLUDING ALL)");
        run(&format!(
            "SELECT count(*) FROM synth_fill_schema('pp_copy', seed => 5, profile => '{}'::jsonb)",
            shipped.replace('\'', "''").replace("\"schema\":\"pp_generate\"", "\"schema\":\"pp_copy\"")
        ));
        assert_eq!(count("pp_copy.clients"), 400);
        for col in ["email", "phone"] {
            let found = count(&format!("pp_copy.clients c WHERE c.{col} IN (SELECT {col} FROM pp_generate.clients)"));
            assert_eq!(found, 0, "{col}: generated values found in the source");
        }
        // The family names come from the dictionaries, not from the four of the source.
        let replayed = count("pp_copy.clients c WHERE c.last_name IN (SELECT last_name FROM pp_generate.clients)");
        assert_eq!(replayed, 0);
        assert!(count("(SELECT DISTINCT last_name FROM pp_copy.clients) d") > 20);
    }

    #[pg_test]
    fn profile_privacy_names_avoid_the_source_s_through_a_deniable_filter() {
        // 300 people with the commonest names of the English dictionary: generated rows of a
        // profile shipped elsewhere must use none of them, still with varied names.
        scratch("pp_avoid");
        run("CREATE TABLE people (id int PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL)");
        run("INSERT INTO people
             SELECT i, (ARRAY['James','Mary','John','Patricia','Robert','Jennifer','Michael','Linda'])[1 + i % 8],
                       (ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis'])[1 + i % 7]
               FROM generate_series(1, 300) i");
        run("ANALYZE people");
        let shipped = profile("synth_profile_schema('pp_avoid')");
        let p: serde_json::Value = serde_json::from_str(&shipped).unwrap();
        let avoid = column(&p["tables"][0], "first_name")["content"]["avoid"].clone();
        let bits = avoid["bits"].as_u64().unwrap();
        assert_eq!(bits, 448, "300 rows / ln 2, in whole words: {avoid}");
        // Deniable: at least half the bits are set although 8 names set at most 8.
        let set: u32 = (0..avoid["set"].as_str().unwrap().len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&avoid["set"].as_str().unwrap()[i..i + 2], 16).unwrap().count_ones())
            .sum();
        assert!(u64::from(set) * 2 >= bits, "{set} of {bits} bits set");
        // A second export has other random bits; epsilon drops the filter.
        let again: serde_json::Value = serde_json::from_str(&profile("synth_profile_schema('pp_avoid')")).unwrap();
        assert_ne!(column(&again["tables"][0], "first_name")["content"]["avoid"]["set"], avoid["set"]);
        let noisy: serde_json::Value = serde_json::from_str(&profile("synth_profile('people', epsilon => 1)")).unwrap();
        assert!(column(&noisy, "first_name")["content"].get("avoid").is_none(), "{noisy}");

        run("CREATE SCHEMA pp_avoid_copy; CREATE TABLE pp_avoid_copy.people (LIKE pp_avoid.people INCLUDING ALL)");
        run(&format!(
            "SELECT count(*) FROM synth_fill_schema('pp_avoid_copy', scale => 10, seed => 3, profile => '{}'::jsonb)",
            shipped.replace('\'', "''").replace("\"schema\":\"pp_avoid\"", "\"schema\":\"pp_avoid_copy\"")
        ));
        assert_eq!(count("pp_avoid_copy.people"), 3000);
        for col in ["first_name", "last_name"] {
            let found = count(&format!(
                "pp_avoid_copy.people c WHERE lower(c.{col}) IN (SELECT lower({col}) FROM pp_avoid.people)"
            ));
            assert_eq!(found, 0, "{col}: generated names found in the source");
            assert!(count(&format!("(SELECT DISTINCT {col} FROM pp_avoid_copy.people) d")) > 100, "{col}");
        }
        // The live profile has no random bits: a fill of the same seed gives the same names.
        let names = |seed: i64| {
            rows_text(
                &format!(
                    "SELECT first_name || ' ' || last_name FROM synth_rows(NULL::pp_avoid.people, 50, seed => {seed})"
                ),
                false,
            )
        };
        assert_eq!(names(4), names(4));
    }
}

//! Believable text: the per-call locale, columns whose values say what they hold, and codes that
//! keep their pattern (unique or not).

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::pgrx_tests::common::*;

    /// Frequent German and French family names of the dictionaries.
    const GERMAN: &str = "{Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Schäfer,Koch,Bauer,Richter,Klein,Wolf,Schröder,Neumann,Schwarz,Zimmermann}";
    const FRENCH: &str = "{Bernard,Petit,Durand,Dubois,Moreau,Laurent,Lefèvre,Leroy,Roux,Bertrand,Morel,Fournier,Girard,Bonnet,Dupont,Lambert,Fontaine,Rousseau,Faure,Mercier}";

    fn people(schema: &str) {
        scratch(schema);
        run("CREATE TABLE people (id int PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL,
                                   email text UNIQUE, city text NOT NULL, country char(2) NOT NULL)");
    }

    fn share(from: &str, names: &str) -> f64 {
        one::<f64>(&format!("SELECT avg((last_name = ANY ('{names}'::text[]))::int)::float8 FROM {from}"))
    }

    #[pg_test]
    fn text_locale_argument_changes_names() {
        people("text_locale_rows");
        let de = "synth_rows(NULL::people, 1000, 1, locale => 'de')";
        let en = "synth_rows(NULL::people, 1000, 1)";
        assert!(share(de, GERMAN) > 0.1, "German rows: {} with frequent German names", share(de, GERMAN));
        assert!(share(en, GERMAN) < 0.02, "English rows: {} with frequent German names", share(en, GERMAN));
        assert_eq!(one::<String>(&format!("SELECT mode() WITHIN GROUP (ORDER BY country)::text FROM {de}")), "DE");
        // The argument wins over the setting, NULL keeps it, and it leaves the setting alone.
        run("SET LOCAL synthdata.locale = 'fr'");
        assert!(share(de, GERMAN) > 0.1);
        assert!(share("synth_rows(NULL::people, 1000, 1, locale => NULL)", FRENCH) > 0.1);
        assert_eq!(one::<String>("SELECT current_setting('synthdata.locale')"), "fr");
        assert_eq!(
            rows_text("SELECT * FROM synth_rows(NULL::people, 20, 1, locale => 'de')", false),
            rows_text("SELECT * FROM synth_rows(NULL::people, 20, 1, locale => 'de_DE.UTF-8')", false),
            "positional, and any spelling of German"
        );
    }

    #[pg_test]
    fn text_locale_argument_of_fills_and_cascades() {
        people("text_locale_fill");
        assert_eq!(one::<i64>("SELECT synth_fill('people', 500, 2, locale => 'fr')"), 500);
        assert!(share("people", FRENCH) > 0.1, "{}", share("people", FRENCH));
        assert_eq!(one::<String>("SELECT mode() WITHIN GROUP (ORDER BY country)::text FROM people"), "FR");
        // Through INSERT … SELECT (a table with a trigger) and into the parents of a cascade.
        run("CREATE TABLE visits (id int PRIMARY KEY, person_id int NOT NULL REFERENCES people, city text NOT NULL);
             CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
             CREATE TRIGGER touch BEFORE INSERT ON visits FOR EACH ROW EXECUTE FUNCTION touch();
             CREATE TABLE owners (id int PRIMARY KEY, last_name text NOT NULL);
             CREATE TABLE pets (id int PRIMARY KEY, owner_id int NOT NULL REFERENCES owners, name text)");
        assert_eq!(one::<i64>("SELECT synth_fill('visits', 300, 3, locale => 'de')"), 300);
        assert!(
            count(
                "visits WHERE city IN ('Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main', 'Wien', 'Zürich')"
            ) > 20
        );
        assert_eq!(one::<i64>("SELECT synth_fill('pets', 200, 4, cascade => true, locale => 'de')"), 200);
        assert!(share("owners", GERMAN) > 0.1, "owners filled first speak German: {}", share("owners", GERMAN));
        // And a whole schema (never analyzed: its rows are counted, its names made up).
        run("CREATE SCHEMA text_locale_schema;
             CREATE TABLE text_locale_schema.owners (id int PRIMARY KEY, last_name text NOT NULL);
             INSERT INTO text_locale_schema.owners SELECT i, 'x' FROM generate_series(1, 50) i");
        assert_eq!(
            one::<i64>(
                "SELECT rows FROM synth_fill_schema('text_locale_schema', scale => 10, seed => 5, locale => 'de')"
            ),
            500
        );
        let made = "text_locale_schema.owners WHERE last_name <> 'x'";
        assert!(share(made, GERMAN) > 0.1, "{}", share(made, GERMAN));
    }

    #[pg_test]
    fn text_invalid_locale_is_refused() {
        people("text_locale_bad");
        for call in [
            "SELECT * FROM synth_rows(NULL::people, 5, 1, locale => 'es')",
            "SELECT synth_fill('people', 5, 1, locale => 'es')",
            "SELECT * FROM synth_fill_schema('text_locale_bad', locale => 'es')",
            "SELECT synth_fill('people', 5, 1, locale => '')",
        ] {
            let e = must_fail(call);
            assert_eq!(e.sqlstate, "22023", "{call}: {e:?}");
            assert!(e.message.starts_with("locale \"") && e.message.ends_with("\" is not supported"), "{e:?}");
            assert!(e.hint.as_deref().unwrap_or("").contains("en, de or fr"), "{e:?}");
        }
        assert_eq!(count("people"), 0);
        // A bad setting is no obstacle when the call names its locale.
        run("SET LOCAL synthdata.locale = 'xx'");
        assert_eq!(must_fail("SELECT synth_fill('people', 5, 1)").sqlstate, "22023");
        assert_eq!(one::<i64>("SELECT synth_fill('people', 5, 1, locale => 'en')"), 5);
    }

    fn invoices(schema: &str, unique: bool) {
        scratch(schema);
        let key = if unique { " UNIQUE" } else { "" };
        run(&format!(
            "CREATE TABLE invoices (id int GENERATED ALWAYS AS IDENTITY, invoice_no varchar(20) NOT NULL{key}, total numeric(10,2));
             INSERT INTO invoices (invoice_no, total)
             SELECT 'INV-' || (2022 + i % 3) || '-' || lpad((i * 7)::text, 6, '0'), i % 500 FROM generate_series(1, 1000) i;
             ANALYZE invoices"
        ));
    }

    #[pg_test]
    fn text_invoice_numbers_keep_their_pattern() {
        invoices("text_invoice_pattern", false);
        let rows = "synth_rows(NULL::invoices, 3000, 6)";
        assert_eq!(count(&format!("{rows} WHERE invoice_no !~ '^INV-\\d{{4}}-\\d{{6}}$'")), 0);
        // Near the real ones: the years of the data, numbers in their range.
        assert!(count(&format!("{rows} WHERE substr(invoice_no, 5, 4) BETWEEN '2022' AND '2024'")) > 2900);
        assert_eq!(one::<i64>("SELECT synth_fill('invoices', 2000, 6)"), 2000);
        assert_eq!(count("invoices WHERE invoice_no !~ '^INV-\\d{4}-\\d{6}$'"), 0);
    }

    #[pg_test]
    fn text_unique_invoice_numbers_never_repeat() {
        invoices("text_invoice_unique", true);
        assert_eq!(one::<i64>("SELECT synth_fill('invoices', 20000, 7)"), 20000);
        assert_eq!(count("invoices"), 21000);
        assert_eq!(one::<i64>("SELECT count(DISTINCT invoice_no) FROM invoices"), 21000);
        assert_eq!(count("invoices WHERE invoice_no !~ '^INV-\\d{4}-\\d{6}$'"), 0);
        // Again, next to all of them, through the executor too.
        run("CREATE FUNCTION keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
             CREATE TRIGGER keep BEFORE INSERT ON invoices FOR EACH ROW EXECUTE FUNCTION keep()");
        assert_eq!(one::<i64>("SELECT synth_fill('invoices', 5000, 7)"), 5000);
        assert_eq!(one::<i64>("SELECT count(DISTINCT invoice_no) FROM invoices"), 26000);
        let rows = "synth_rows(NULL::invoices, 5000, 8)";
        assert_eq!(one::<i64>(&format!("SELECT count(DISTINCT invoice_no) FROM {rows}")), 5000);
    }

    #[pg_test]
    fn text_sampled_profile_describes_the_codes() {
        invoices("text_invoice_profile", true);
        let profile = "synth_profile('invoices', sample_rows => 500)";
        let content = one::<pgrx::JsonB>(&format!(
            "SELECT c->'content' FROM jsonb_array_elements({profile}->'columns') c WHERE c->>'name' = 'invoice_no'"
        ));
        // The invoice numbers are unique: the exported profile leaves their values out and keeps
        // their pattern and look.
        assert_eq!(
            content.0,
            serde_json::json!({"pattern": "INV-dddd-dddddd", "style": {"case": "upper", "words": [1, 1]}})
        );
        // Only what was already there (pg_stats) holds values: the sample adds none.
        let plain = one::<pgrx::JsonB>("SELECT synth_profile('invoices')").0.to_string();
        let sampled = one::<pgrx::JsonB>(&format!("SELECT {profile}")).0.to_string();
        assert_eq!(plain.matches("INV-20").count(), sampled.matches("INV-20").count());
    }

    #[pg_test]
    fn text_contact_column_of_emails_gets_emails() {
        scratch("text_contact");
        run("CREATE TABLE leads (id int PRIMARY KEY, contact text NOT NULL UNIQUE, ref text, note text);
             INSERT INTO leads SELECT i, 'lead' || i || '@corp.example.com', gen_random_uuid()::text, 'n' || (i % 7)
               FROM generate_series(1, 500) i;
             ANALYZE leads");
        let rows = "synth_rows(NULL::leads, 2000, 10)";
        assert_eq!(count(&format!("{rows} WHERE contact !~ '^[a-z0-9._]+@([a-z0-9-]+\\.)+[a-z]+$'")), 0);
        assert_eq!(one::<i64>(&format!("SELECT count(DISTINCT contact) FROM {rows}")), 2000);
        // The reference column holds UUIDs written out: they still parse as UUIDs.
        assert_eq!(count(&format!("{rows} WHERE ref IS NOT NULL AND ref::uuid IS NULL")), 0);
        assert!(count(&format!("{rows} WHERE ref IS NOT NULL")) > 1500);
        assert_eq!(one::<i64>("SELECT synth_fill('leads', 1000, 11)"), 1000);
        assert_eq!(one::<i64>("SELECT count(DISTINCT contact) FROM leads"), 1500);
    }
}

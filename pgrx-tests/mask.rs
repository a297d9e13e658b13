//! The masking toolbox in SQL: fakers, masks, keyed pseudonyms (joins keep matching, the secret
//! setting is a superuser's), noise, generalization and shuffling.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::pgrx_tests::common::*;
    use crate::semantic::checksum::{iban_valid, luhn_valid};

    #[pg_test]
    fn mask_pseudonymized_emails_still_join() {
        scratch("mask_join");
        run("CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL);
             CREATE TABLE newsletter (email text NOT NULL, topic text);
             INSERT INTO customers SELECT i, 'user' || i || '@corp.example' FROM generate_series(1, 500) i;
             INSERT INTO newsletter SELECT 'User' || i || '@Corp.example', 'news' FROM generate_series(1, 500, 2) i;");
        let joined = "customers c JOIN newsletter n ON lower(n.email) = c.email";
        assert_eq!(count(joined), 250);
        run("UPDATE customers SET email = synth_pseudonymize_email(email, 'k1');
             UPDATE newsletter SET email = synth_pseudonymize_email(email, 'k1');");
        assert_eq!(count("customers c JOIN newsletter n USING (email)"), 250, "same input, same key, same pseudonym");
        assert_eq!(count("customers WHERE email LIKE 'user%@corp.example'"), 0);
        assert_eq!(count("customers WHERE email !~ '^[a-z0-9.]+@([a-z]+\\.)?example\\.(com|org|net)$'"), 0);
        assert!(one::<i64>("SELECT count(DISTINCT email) FROM customers") >= 498);
        // Another key, other pseudonyms.
        assert_ne!(
            one::<String>("SELECT synth_pseudonymize_email('a@b.example', 'k1')"),
            one::<String>("SELECT synth_pseudonymize_email('a@b.example', 'k2')")
        );
    }

    #[pg_test]
    fn mask_missing_key_is_refused() {
        for call in [
            "SELECT synth_hash('x')",
            "SELECT synth_pseudonymize_name('Alice')",
            "SELECT synth_pseudonymize_digits('123')",
            "SELECT synth_hash('x', '')",
        ] {
            let e = must_fail(call);
            assert_eq!(e.sqlstate, "22023", "{call}: {e:?}");
            assert!(e.message.contains("needs a secret key"), "{e:?}");
            assert!(e.hint.as_deref().unwrap_or("").contains("SET synthdata.secret"), "{e:?}");
        }
        // NULL in, NULL out, key or no key.
        assert!(Spi::get_one::<String>("SELECT synth_hash(NULL)").unwrap().is_none());
        assert!(Spi::get_one::<String>("SELECT synth_pseudonymize_email(NULL)").unwrap().is_none());
    }

    #[pg_test]
    fn mask_secret_setting_is_used_and_hidden() {
        run("SET LOCAL synthdata.secret = 's3cret'");
        assert_eq!(one::<String>("SELECT synth_hash('alice')"), one::<String>("SELECT synth_hash('alice', 's3cret')"));
        assert_eq!(
            one::<String>("SELECT synth_pseudonymize_digits('DE89 3704 0044')"),
            one::<String>("SELECT synth_pseudonymize_digits('DE89 3704 0044', 's3cret')")
        );
        let expected = one::<String>("SELECT synth_pseudonymize_name('Alice Martin')");
        run("CREATE ROLE mask_analyst");
        run("SET LOCAL ROLE mask_analyst");
        // An ordinary role uses the secret but can neither read nor change it.
        assert_eq!(one::<String>("SELECT synth_pseudonymize_name('Alice Martin')"), expected);
        let e = must_fail("SELECT current_setting('synthdata.secret')");
        assert_eq!(e.sqlstate, "42501", "{e:?}");
        assert!(!e.message.contains("s3cret"));
        let e = must_fail("SET synthdata.secret = 'mine'");
        assert_eq!(e.sqlstate, "42501", "{e:?}");
        assert_eq!(count("pg_settings WHERE name = 'synthdata.secret'"), 0);
        run("RESET ROLE");
    }

    #[pg_test]
    fn mask_format_preserving_pseudonyms_are_distinct() {
        run("SET LOCAL synthdata.secret = 'k'");
        let codes = "(SELECT v, synth_pseudonymize_digits(v) AS p
                        FROM (SELECT lpad((i / 100)::text, 2, '0') || '-' || lpad((i % 100)::text, 2, '0') AS v
                                FROM generate_series(0, 9999) i) s) t";
        assert_eq!(
            one::<i64>(&format!("SELECT count(DISTINCT p) FROM {codes}")),
            10_000,
            "a bijection of the 10 000 codes"
        );
        assert_eq!(count(&format!("{codes} WHERE p !~ '^\\d{{2}}-\\d{{2}}$'")), 0, "the shape stays");
        assert!(count(&format!("{codes} WHERE p = v")) < 10, "few fixed points");
        assert_eq!(one::<String>("SELECT synth_pseudonymize_code('AB-12/cd-é')").len(), "AB-12/cd-é".len());
        assert_eq!(one::<String>("SELECT synth_pseudonymize_digits('')"), "");
        assert!(iban_valid(&one::<String>("SELECT synth_pseudonymize_iban('FR14 2004 1010 0505 0001 3M02 606')")));
        assert!(luhn_valid(&one::<String>("SELECT synth_pseudonymize_credit_card('5555-5555-5555-4444')")));
        assert_eq!(one::<i32>("SELECT length(synth_pseudonymize_digits(repeat('12345', 200000)))"), 1_000_000);
    }

    #[pg_test]
    fn mask_fakers_have_their_formats() {
        for _ in 0..50 {
            assert!(luhn_valid(&one::<String>("SELECT synth_fake_credit_card()")));
            assert!(iban_valid(&one::<String>("SELECT synth_fake_iban('fr')")));
        }
        assert_eq!(one::<i64>("SELECT count(DISTINCT synth_fake_uuid()) FROM generate_series(1, 100)"), 100);
        assert_eq!(
            one::<i64>("SELECT count(*) FROM generate_series(1, 100) WHERE synth_fake_email() LIKE '%@%example.%'"),
            100
        );
        assert_eq!(
            one::<i64>("SELECT count(*) FROM generate_series(1, 50) WHERE synth_fake_ip()::inet IS NOT NULL"),
            50
        );
        assert!(one::<i64>("SELECT count(DISTINCT synth_fake_name('de')) FROM generate_series(1, 100)") > 80);
        assert_eq!(one::<i32>("SELECT array_length(string_to_array(synth_fake_lorem(12, 'fr'), ' '), 1)"), 12);
        for f in ["first_name", "last_name", "phone", "address", "city", "postcode", "country", "company"] {
            assert!(!one::<String>(&format!("SELECT synth_fake_{f}()")).is_empty(), "{f}");
        }
        let e = must_fail("SELECT synth_fake_name('es')");
        assert_eq!((e.sqlstate.as_str(), e.message.as_str()), ("22023", "locale \"es\" is not supported"));
        assert_eq!(must_fail("SELECT synth_fake_lorem(-1)").sqlstate, "22023");
    }

    #[pg_test]
    fn mask_masks_and_generalizations() {
        assert_eq!(
            one::<String>("SELECT synth_mask_partial('4111111111111111', 4, '********', 4)"),
            "4111********1111"
        );
        assert_eq!(one::<String>("SELECT synth_mask_email('alice.smith@corp.example')"), "a**********@corp.example");
        assert_eq!(one::<String>("SELECT synth_mask_digits('+49 30 1234-5678', 2)"), "+XX XX XXXX-XX78");
        assert_eq!(one::<String>("SELECT synth_mask_digits('1234', mask => '•')"), "••••");
        assert!(Spi::get_one::<String>("SELECT synth_mask_partial(NULL, 1, '*', 1)").unwrap().is_none());
        assert_eq!(must_fail("SELECT synth_mask_partial('abc', -1, '*', 0)").sqlstate, "22023");
        assert!(one::<bool>("SELECT synth_generalize_int(37, 10) = '[30,40)'::int8range"));
        assert!(one::<bool>("SELECT upper_inf(synth_generalize_int(9223372036854775807, 10))"));
        assert_eq!(must_fail("SELECT synth_generalize_int(1, 0)").sqlstate, "22023");
        assert!(one::<bool>("SELECT synth_generalize_date(date '2024-08-15', 'week') = date '2024-08-12'"));
        run("SET LOCAL TimeZone = 'UTC'");
        assert!(one::<bool>(
            "SELECT synth_generalize_date(timestamptz '2024-08-15 13:14:15+00', 'month') = timestamptz '2024-08-01 00:00+00'"
        ));
        assert_eq!(must_fail("SELECT synth_generalize_date(date '2024-01-01', 'fortnight')").sqlstate, "22023");
        assert_eq!(one::<String>("SELECT synth_generalize_postcode('SW1A 1AA', 4)"), "SW1A 0XX");
        assert!(one::<bool>(
            "SELECT bool_and(abs(synth_noise(100, 0.1) - 100) <= 10 AND abs(synth_noise_abs(100, 5) - 100) <= 5)
               FROM generate_series(1, 500)"
        ));
        assert!(one::<bool>(
            "SELECT bool_and(synth_noise_date(date '2024-06-15', interval '3 days') BETWEEN date '2024-06-12' AND date '2024-06-18')
                AND bool_and(abs(extract(epoch FROM synth_noise_date(timestamptz '2024-06-15 12:00+00', interval '1 hour')
                                 - timestamptz '2024-06-15 12:00+00')) <= 3600)
               FROM generate_series(1, 500)"
        ));
        // numeric stays numeric, at its scale, beyond float8's precision.
        assert!(one::<bool>("SELECT synth_noise(10.5::numeric, 0) = 10.5"));
        assert_eq!(one::<String>("SELECT pg_typeof(synth_noise(10.5::numeric, 0.1))::text"), "numeric");
        assert!(one::<bool>(
            "SELECT bool_and(scale(v) = 2 AND abs(v - 1234.56) <= 123.456) FROM (SELECT synth_noise(1234.56::numeric, 0.1) v FROM generate_series(1, 200)) s"
        ));
        assert!(one::<bool>(
            "SELECT bool_and(abs(synth_noise_abs(12345678901234567890.12::numeric, 1) - 12345678901234567890.12) <= 1) FROM generate_series(1, 50)"
        ));
        assert!(one::<bool>("SELECT synth_noise('NaN'::numeric, 0.5)::text = 'NaN'"));
        assert!(one::<bool>("SELECT synth_noise(7, 0.1) BETWEEN 6.3 AND 7.7"));
        assert_eq!(must_fail("SELECT synth_noise(1, -1)").sqlstate, "22023");
    }

    #[pg_test]
    fn mask_volatility_is_declared() {
        let v = |f: &str| {
            one::<String>(&format!(
                "SELECT string_agg(DISTINCT provolatile::text, '') FROM pg_proc WHERE proname = '{f}'"
            ))
        };
        for f in [
            "synth_mask_partial",
            "synth_mask_email",
            "synth_mask_digits",
            "synth_generalize_int",
            "synth_generalize_postcode",
        ] {
            assert_eq!(v(f), "i", "{f}");
        }
        assert_eq!(v("synth_generalize_date"), "is", "date: immutable, timestamptz: stable (time zone)");
        for f in ["synth_hash", "synth_pseudonymize_email", "synth_pseudonymize_digits", "synth_pseudonymize_code"] {
            assert_eq!(v(f), "s", "{f}: reads synthdata.secret");
        }
        for f in ["synth_fake_name", "synth_fake_uuid", "synth_noise", "synth_noise_date", "synth_shuffle"] {
            assert_eq!(v(f), "v", "{f}");
        }
        assert!(one::<bool>("SELECT proisstrict FROM pg_proc WHERE proname = 'synth_mask_email'"));
    }

    #[pg_test]
    fn mask_shuffle_keeps_the_multiset() {
        scratch("mask_shuffle");
        run("CREATE TABLE staff (id int PRIMARY KEY, salary int, dept text, badge text UNIQUE, boss int REFERENCES staff);
             INSERT INTO staff SELECT i, 1000 + i * 7 % 500, 'd' || i % 5, 'B' || i, NULL FROM generate_series(1, 1000) i;
             UPDATE staff SET salary = NULL WHERE id % 10 = 0;
             CREATE TABLE staff_copy AS SELECT * FROM staff;");
        let multiset = |t: &str| rows_text(&format!("SELECT salary, dept FROM {t}"), true);
        let before = multiset("staff");
        let changed = one::<i64>("SELECT synth_shuffle('staff', 'salary', 42)");
        assert!(changed > 900, "{changed} rows changed");
        assert_eq!(rows_text("SELECT salary FROM staff", true), rows_text("SELECT salary FROM staff_copy", true));
        assert_eq!(
            count("staff s JOIN staff_copy c USING (id) WHERE s.salary IS NOT DISTINCT FROM c.salary"),
            1000 - changed
        );
        assert_eq!(multiset("staff").len(), before.len());
        // The same seed on the same rows gives the same permutation.
        run("CREATE TABLE copy2 AS SELECT id, salary, dept FROM staff_copy");
        one::<i64>("SELECT synth_shuffle('copy2', 'salary', 42)");
        assert_eq!(count("staff s JOIN copy2 c USING (id) WHERE s.salary IS DISTINCT FROM c.salary"), 0);
        // Keys are refused, unknown columns named.
        for col in ["id", "badge", "boss"] {
            let e = must_fail(&format!("SELECT synth_shuffle('staff', '{col}')"));
            assert_eq!(e.sqlstate, "22023", "{col}: {e:?}");
            assert!(e.message.contains("part of a key"), "{e:?}");
        }
        assert_eq!(must_fail("SELECT synth_shuffle('staff', 'nope')").sqlstate, "42703");
        assert!(one::<i64>("SELECT synth_shuffle('staff', 'dept')") >= 0);
        run("CREATE TABLE empty (v int)");
        assert_eq!(one::<i64>("SELECT synth_shuffle('empty', 'v')"), 0);
    }

    #[pg_test]
    fn mask_shuffle_needs_update_privilege() {
        scratch("mask_shuffle_priv");
        run("CREATE TABLE staff (id int PRIMARY KEY, dept text);
             INSERT INTO staff VALUES (1, 'a'), (2, 'b');
             CREATE ROLE mask_reader; GRANT USAGE ON SCHEMA mask_shuffle_priv TO mask_reader;
             GRANT SELECT ON staff TO mask_reader; SET LOCAL ROLE mask_reader");
        // must_fail's helper is created by this role (it is the first call of the test).
        assert_eq!(must_fail("SELECT synth_shuffle('staff', 'dept')").sqlstate, "42501");
        run("RESET ROLE");
        assert_eq!(rows_text("SELECT dept FROM staff ORDER BY id", false), ["(a)", "(b)"]);
    }

    #[pg_test]
    fn mask_fakers_follow_the_session_seed() {
        let draw =
            || rows_text("SELECT synth_fake_name('fr'), synth_noise(100, 0.5) FROM generate_series(1, 5)", false);
        run("SET LOCAL synthdata.seed = 5");
        let a = draw();
        assert_ne!(draw(), a, "the sequence goes on");
        run("SET LOCAL synthdata.seed = 6");
        let b = draw();
        run("SET LOCAL synthdata.seed = 5");
        assert_eq!(draw(), a, "setting the seed again starts over");
        assert_ne!(a, b);
        run("RESET synthdata.seed");
        assert_ne!(draw(), a);
    }
}

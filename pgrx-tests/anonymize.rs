//! synth_anonymize: rows changed, determinism under the key, keys followed by their references,
//! batches, stored rules and defaults, and errors that change nothing.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::pgrx_tests::common::*;

    /// Every row of `table` as text, sorted: equal fingerprints, equal contents.
    fn fingerprint(table: &str) -> String {
        one::<String>(&format!("SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t"))
    }

    /// people(id, email, name, phone, born, salary, notes) with `n` rows in schema `schema`.
    fn people(schema: &str, n: i64) {
        run(&format!(
            "CREATE TABLE {schema}.people (
                 id     int PRIMARY KEY,
                 email  text UNIQUE,
                 name   varchar(12) NOT NULL,
                 phone  text,
                 born   date,
                 salary numeric(10, 2) CHECK (salary >= 0),
                 notes  text);
             INSERT INTO {schema}.people
             SELECT i, 'user' || i || '@corp.example', 'Person ' || i, '+1 212 555 ' || lpad(i::text, 4, '0'),
                    date '1970-01-01' + i * 37, 1000 + i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'note ' || i END
               FROM generate_series(1, {n}) i;"
        ));
    }

    const RULES: &str = r#"'{"email": "pseudonymize", "name": {"pseudonymize": "name"}, "phone": {"mask": "digits", "keep_last": 2},
                             "born": {"generalize": "year"}, "notes": "null"}'"#;

    #[pg_test]
    fn anonymize_counts_rows_and_is_deterministic_under_the_key() {
        scratch("anon_det");
        run("CREATE SCHEMA anon_det2; CREATE SCHEMA anon_det3;");
        people("anon_det", 50);
        people("anon_det2", 50);
        people("anon_det3", 50);
        run("SET LOCAL synthdata.secret = 'k1'");
        let changed = one::<i64>(&format!("SELECT synth_anonymize('anon_det.people', {RULES})"));
        assert_eq!(changed, 50, "every row has an e-mail to pseudonymize");
        assert_eq!(count("people WHERE email LIKE '%@corp.example' OR notes IS NOT NULL OR phone ~ '[0-9]{3}'"), 0);
        assert_eq!(count("people WHERE born <> date_trunc('year', born)::date"), 0);
        assert_eq!(count("people WHERE email = synth_pseudonymize_email('user' || id || '@corp.example', 'k1')"), 50);
        assert_eq!(count("people WHERE length(name) > 12"), 0, "cut to varchar(12)");
        // The same key gives the same table; another key another one.
        one::<i64>(&format!("SELECT synth_anonymize('anon_det2.people', {RULES})"));
        assert_eq!(fingerprint("anon_det.people"), fingerprint("anon_det2.people"));
        run("SET LOCAL synthdata.secret = 'k2'");
        one::<i64>(&format!("SELECT synth_anonymize('anon_det3.people', {RULES})"));
        assert_ne!(fingerprint("anon_det.people"), fingerprint("anon_det3.people"));
        // Rules that change nothing count nothing.
        assert_eq!(one::<i64>(r#"SELECT synth_anonymize('people', '{"notes": "null", "id": "keep"}')"#), 0);
    }

    #[pg_test]
    fn anonymize_pseudonymized_keys_keep_their_references() {
        scratch("anon_fk");
        run("SET LOCAL synthdata.secret = 'k1'");
        run("CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL, manager_id int REFERENCES customers ON UPDATE RESTRICT);
             CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers, total int);
             CREATE TABLE notes (customer_id int, line int, body text,
                                 PRIMARY KEY (customer_id, line), FOREIGN KEY (customer_id) REFERENCES customers);
             CREATE TABLE likes (customer_id int, line int, FOREIGN KEY (customer_id, line) REFERENCES notes);
             INSERT INTO customers SELECT i, 'c' || i || '@x.example', NULLIF(i / 10, 0) FROM generate_series(1, 200) i;
             INSERT INTO orders SELECT i, 1 + i * 7 % 200, i FROM generate_series(1, 600) i;
             INSERT INTO notes SELECT 1 + i % 200, i, 'n' || i FROM generate_series(1, 300) i;
             INSERT INTO likes SELECT customer_id, line FROM notes WHERE line % 2 = 0;
             CREATE TEMP TABLE before AS
             SELECT o.id AS order_id, c.email, m.email AS manager_email
               FROM orders o JOIN customers c ON c.id = o.customer_id LEFT JOIN customers m ON m.id = c.manager_id;");
        let n = Notices::capture();
        // ids 1..200 map onto 1..999 one to one: in place they would meet ids not yet rewritten.
        let changed = one::<i64>(r#"SELECT synth_anonymize('customers', '{"id": "pseudonymize"}')"#);
        assert!(changed >= 195, "{changed}");
        let notes = n.messages();
        assert!(
            notes.iter().any(|m| m.contains("600 rows of orders follow customers.\"id\" (customer_id)")),
            "{notes:?}"
        );
        assert!(notes.iter().any(|m| m.contains("rows of likes follow")), "{notes:?}");
        drop(n);
        assert_eq!(
            count("customers WHERE id = synth_pseudonymize_int(substring(email from 'c([0-9]+)@')::int, 'k1')"),
            200
        );
        // Every order still joins to the same logical customer, and managers too.
        let after = "SELECT o.id AS order_id, c.email, m.email AS manager_email
                       FROM orders o JOIN customers c ON c.id = o.customer_id LEFT JOIN customers m ON m.id = c.manager_id";
        assert_eq!(rows_text(after, true), rows_text("SELECT * FROM before", true));
        assert_eq!(count("likes l JOIN notes USING (customer_id, line)"), 150);
        assert_eq!(count("orders o WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id)"), 0);
        assert!(count("customers WHERE id > 200") > 50, "the ids moved");
    }

    #[pg_test]
    fn anonymize_text_keys_and_cascades() {
        scratch("anon_text");
        run("SET LOCAL synthdata.secret = 'k1'");
        run("CREATE TABLE accounts (code char(8) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}[0-9]{6}$' OR code ~ '^.[A-Z][0-9]{6}$'));
             CREATE TABLE moves (code varchar(8) REFERENCES accounts ON UPDATE CASCADE, amount int);
             CREATE TABLE audit (code char(8) REFERENCES accounts DEFERRABLE INITIALLY DEFERRED);
             INSERT INTO accounts SELECT 'AB' || lpad(i::text, 6, '0') FROM generate_series(1, 300) i;
             INSERT INTO moves SELECT 'AB' || lpad((1 + i % 300)::text, 6, '0'), i FROM generate_series(1, 900) i;
             INSERT INTO audit SELECT code FROM accounts WHERE code < 'AB000050';
             CREATE TEMP TABLE before AS SELECT amount, code FROM moves;");
        assert_eq!(one::<i64>(r#"SELECT synth_anonymize('accounts', '{"code": {"pseudonymize": "code"}}')"#), 300);
        assert_eq!(count("accounts WHERE code !~ '^[A-Z]{2}[0-9]{6}$'"), 0, "same shape");
        assert_eq!(count("moves m JOIN accounts USING (code)"), 900, "cascaded by PostgreSQL");
        assert_eq!(count("audit a JOIN accounts USING (code)"), 49);
        assert_eq!(
            count("moves m JOIN before b USING (amount) WHERE m.code <> synth_pseudonymize_code(b.code::text, 'k1')"),
            0
        );
    }

    #[pg_test]
    fn anonymize_batches_give_the_same_result_as_one() {
        scratch("anon_batch");
        run("CREATE SCHEMA anon_batch2; SET LOCAL synthdata.secret = 'k1';");
        for s in ["anon_batch", "anon_batch2"] {
            people(s, 120);
            run(&format!(
                "CREATE TABLE {s}.visits (person_id int REFERENCES {s}.people, at int);
                 INSERT INTO {s}.visits SELECT 1 + i % 120, i FROM generate_series(1, 400) i;"
            ));
        }
        let rules = r#"'{"id": "pseudonymize", "email": "pseudonymize", "phone": {"pseudonymize": "digits"}, "born": {"generalize": "month"}}'"#;
        let one_batch = one::<i64>(&format!("SELECT synth_anonymize('anon_batch.people', {rules})"));
        run("SET LOCAL synthdata.batch_rows = 7");
        let small = one::<i64>(&format!("SELECT synth_anonymize('anon_batch2.people', {rules})"));
        assert_eq!(one_batch, small);
        assert_eq!(one_batch, 120);
        assert_eq!(fingerprint("anon_batch.people"), fingerprint("anon_batch2.people"));
        assert_eq!(fingerprint("anon_batch.visits"), fingerprint("anon_batch2.visits"));
        assert_eq!(count("anon_batch2.visits v JOIN anon_batch2.people p ON p.id = v.person_id"), 400);
    }

    #[pg_test]
    fn anonymize_uses_stored_rules_then_defaults() {
        scratch("anon_store");
        run("SET LOCAL synthdata.secret = 'k1'");
        run("CREATE TABLE clients (id int PRIMARY KEY, first_name text, email text, city text, score int);
             INSERT INTO clients SELECT i, 'Alice', 'a' || i || '@corp.example', 'Paris', i FROM generate_series(1, 20) i;
             INSERT INTO synthdata.sensitivity (table_name, column_name, sensitive, category, rule) VALUES
                 ('clients', 'city', true, NULL, '{\"value\": \"somewhere\"}'),
                 ('clients', 'score', true, 'score', NULL);");
        assert_eq!(one::<i64>("SELECT synth_anonymize('clients')"), 20);
        assert_eq!(count("clients WHERE city = 'somewhere'"), 20, "the stored rule");
        assert_eq!(
            count("clients WHERE email = synth_pseudonymize_email('a' || id || '@corp.example', 'k1')"),
            20,
            "ids are kept, e-mails take the pseudonym of their detected category"
        );
        assert_eq!(count("clients WHERE email LIKE '%@corp.example'"), 0);
        assert_eq!(count("clients WHERE first_name = synth_pseudonymize_first_name('Alice', 'k1')"), 20);
        assert_eq!(
            count("clients WHERE score = synth_pseudonymize_int(id, 'k1')"),
            20,
            "a marked integer keeps its digits"
        );
        // A rule on a column marked not sensitive is refused by the table.
        let e = must_fail("INSERT INTO synthdata.sensitivity VALUES ('clients', 'id', false, NULL, NULL, '\"keep\"')");
        assert_eq!(e.sqlstate, "23514");
    }

    #[pg_test]
    fn anonymize_errors_change_nothing() {
        scratch("anon_err");
        people("anon_err", 30);
        run("CREATE TABLE refs (person_id int REFERENCES people ON UPDATE SET NULL);
             INSERT INTO refs VALUES (1), (2);
             CREATE TABLE kids (person_id int REFERENCES people);");
        let before = fingerprint("people");
        // No secret for a pseudonym.
        let e = must_fail(r#"SELECT synth_anonymize('people', '{"email": "pseudonymize"}')"#);
        assert_eq!(e.sqlstate, "22023", "{e:?}");
        assert!(e.message.contains("synth_anonymize needs a secret key"), "{e:?}");
        run("SET LOCAL synthdata.secret = 'k1'");
        for (rules, state, says) in [
            (r#"{"nope": "null"}"#, "42703", "column \"nope\" of relation people does not exist"),
            (r#"{"email": "scramble"}"#, "22023", "rule for column \"email\": unknown rule \"scramble\""),
            (r#"{"born": {"mask": "email"}}"#, "42804", "rule \"mask\" does not apply to column \"born\" of type date"),
            (r#"{"name": "null"}"#, "22023", "NOT NULL"),
            (r#"{"id": "pseudonymize"}"#, "0A000", "ON UPDATE SET NULL"),
            (r#"{"id": {"value": 1}}"#, "0A000", "referenced by foreign key"),
            (r#"["email"]"#, "22023", "JSON object"),
            // Late errors roll back what the call had done: the salary CHECK fails mid-pass.
            (r#"{"email": "pseudonymize", "salary": {"value": -1}}"#, "23514", "check constraint"),
            (
                r#"{"email": "pseudonymize", "born": {"noise": "ten days"}}"#,
                "22P02",
                "rule for column \"born\" of people: invalid input syntax for type interval",
            ),
        ] {
            let e = must_fail(&format!("SELECT synth_anonymize('people', '{rules}')"));
            assert_eq!(e.sqlstate, state, "{rules}: {e:?}");
            assert!(e.message.contains(says), "{rules}: {e:?}");
            assert_eq!(fingerprint("people"), before, "{rules} changed the table");
        }
        let e = must_fail(r#"SELECT synth_anonymize('kids', '{"person_id": "pseudonymize"}')"#);
        assert_eq!(e.sqlstate, "0A000");
        assert!(e.hint.unwrap_or_default().contains("synth_anonymize('people'"));
        // Privileges: SELECT alone is not enough.
        run("CREATE ROLE anon_reader; GRANT USAGE ON SCHEMA anon_err TO anon_reader; GRANT SELECT ON people TO anon_reader;
             CREATE FUNCTION pg_temp.as_reader() RETURNS void LANGUAGE plpgsql AS $$
             BEGIN
                 SET LOCAL ROLE anon_reader;
                 PERFORM synth_anonymize('people', '{\"notes\": \"null\"}');
             END $$;");
        let e = must_fail("SELECT pg_temp.as_reader()");
        assert_eq!(e.sqlstate, "42501", "{e:?}");
        assert_eq!(e.message, "permission denied for table people");
        assert_eq!(fingerprint("people"), before);
    }
}

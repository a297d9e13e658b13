//! synthdata.parallel: fills written by parallel workers in the caller's transaction give the
//! rows one process gives, reserve sequence values as nextval would, and fail as one.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::pgrx_tests::common::*;

    /// An orders table like the write-path benchmark's: identity key, a foreign key, an enum, a
    /// numeric with a CHECK, two ordered timestamps, a nullable text, an index on the key.
    fn orders(name: &str) {
        run(&format!(
            "CREATE TABLE {name} (
                 id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                 customer_id int NOT NULL REFERENCES customers,
                 status      status NOT NULL,
                 total       numeric(12,2) NOT NULL CHECK (total >= 0),
                 placed_at   timestamptz NOT NULL,
                 shipped_at  timestamptz CHECK (shipped_at IS NULL OR shipped_at >= placed_at),
                 note        text);
             CREATE INDEX ON {name} (customer_id)"
        ));
    }

    fn customers_and_status() {
        run("CREATE TYPE status AS ENUM ('new', 'paid', 'shipped', 'returned');
             CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
             INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 500) g;
             ANALYZE customers");
    }

    /// Rows of `a` missing from `b`, every column compared.
    fn missing(a: &str, b: &str) -> i64 {
        count(&format!("(SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b}) d"))
    }

    /// Rows this backend has inserted into `table` in the transaction so far (the statistics of
    /// rows parallel workers insert are their own).
    fn inserted_here(table: &str) -> i64 {
        one::<i64>(&format!("SELECT n_tup_ins FROM pg_stat_xact_user_tables WHERE relid = '{table}'::regclass"))
    }

    #[pg_test]
    fn parallel_fill_writes_the_rows_of_one_process() {
        scratch("parallel_same_rows");
        customers_and_status();
        orders("orders");
        // Values depend on the table's name: the same table, filled by one process, then by two.
        run("SET LOCAL synthdata.parallel = 1");
        assert_eq!(one::<i64>("SELECT synth_fill('orders', 60000, seed => 7)"), 60000);
        assert_eq!(inserted_here("orders"), 60000);
        run("CREATE TABLE by_one AS SELECT * FROM orders; TRUNCATE orders RESTART IDENTITY");
        run("SET LOCAL synthdata.parallel = 2");
        let before = inserted_here("orders");
        assert_eq!(one::<i64>("SELECT synth_fill('orders', 60000, seed => 7)"), 60000);
        // The workers wrote, not this backend.
        assert_eq!(inserted_here("orders"), before);
        // The same rows, keys included: the identity's values were reserved as nextval gives them.
        assert_eq!(missing("by_one", "orders"), 0);
        assert_eq!(missing("orders", "by_one"), 0);
        assert_eq!(one::<i64>("SELECT max(id) FROM orders"), 60000);
        // The sequence goes on after the fill's last row.
        assert_eq!(one::<i64>("SELECT nextval(pg_get_serial_sequence('orders', 'id'))"), 60001);
        // Everything else of the table holds: its CHECKs and foreign key.
        assert_eq!(count("orders WHERE shipped_at < placed_at OR total < 0"), 0);
        assert_eq!(count("orders o WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id)"), 0);
    }

    /// A serial column (nextval under a cast to integer) after rows already taken from its
    /// sequence; a DEFAULT of a parallel-safe function is evaluated in the workers.
    #[pg_test]
    fn parallel_fill_continues_a_serial_sequence() {
        scratch("parallel_serial");
        run("CREATE TABLE t (id serial PRIMARY KEY, v int NOT NULL, made timestamptz NOT NULL DEFAULT now());
             SELECT nextval('t_id_seq') FROM generate_series(1, 41);
             SET LOCAL synthdata.defaults = leave;
             SET LOCAL synthdata.parallel = 3");
        assert_eq!(one::<i64>("SELECT synth_fill('t', 45000, seed => 2)"), 45000);
        assert_eq!(one::<i32>("SELECT min(id) FROM t"), 42);
        assert_eq!(one::<i32>("SELECT max(id) FROM t"), 42 + 45000 - 1);
        assert_eq!(count("(SELECT DISTINCT made FROM t) d"), 1);
        assert_eq!(inserted_here("t"), 0);
    }

    /// A row that breaks a unique index the generator knows nothing of fails the fill in the
    /// worker that inserts it (the caller's backend writes nothing while workers run); the error
    /// reaches the caller as that error, and no row of any process stays (the subtransaction
    /// `must_fail` runs it in rolls back the workers' rows too: they carry its transaction id).
    #[pg_test]
    fn parallel_fill_fails_as_one() {
        scratch("parallel_fails");
        customers_and_status();
        orders("t");
        run("CREATE UNIQUE INDEX ON t ((id % 15000)); SET LOCAL synthdata.parallel = 2");
        let failure = must_fail("SELECT synth_fill('t', 40000, seed => 1)");
        assert_eq!(failure.sqlstate, "23505", "{failure:?}");
        // This backend inserted nothing: the rows, and the row that failed, were the workers'.
        assert_eq!(inserted_here("t"), 0);
        assert_eq!(count("t"), 0);
    }

    /// Columns sharing one sequence take its values row by row in one process; reserved blocks
    /// would differ, so such a table is written by one process. So is a table whose index
    /// expression calls a function that is not parallel safe (the default for functions; a SQL
    /// function would be inlined into what it computes).
    #[pg_test]
    fn parallel_fill_writes_alone_where_workers_would_differ() {
        scratch("parallel_differ");
        run("CREATE SEQUENCE shared_seq;
             CREATE TABLE two_keys (a bigint DEFAULT nextval('shared_seq'), b bigint DEFAULT nextval('shared_seq'), v int);
             CREATE FUNCTION plain(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS 'BEGIN RETURN $1 + 1; END';
             CREATE TABLE indexed (v int NOT NULL);
             CREATE INDEX ON indexed ((plain(v)));
             SET LOCAL synthdata.defaults = leave;
             SET LOCAL synthdata.parallel = 2");
        assert_eq!(one::<i64>("SELECT synth_fill('two_keys', 30000, seed => 3)"), 30000);
        assert_eq!(inserted_here("two_keys"), 30000);
        assert_eq!(count("two_keys WHERE b <> a + 1"), 0);
        assert_eq!(one::<i64>("SELECT synth_fill('indexed', 30000, seed => 3)"), 30000);
        assert_eq!(inserted_here("indexed"), 30000);
    }

    /// A DEFAULT that calls a function a worker must not (random() is parallel restricted): the
    /// caller's backend writes alone, and the rows are still those of one process.
    #[pg_test]
    fn parallel_fill_writes_alone_where_a_default_needs_the_leader() {
        scratch("parallel_alone");
        run("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY, v int NOT NULL, r float8 DEFAULT random());
             SET LOCAL synthdata.defaults = leave;
             SET LOCAL synthdata.parallel = 2");
        assert_eq!(one::<i64>("SELECT synth_fill('t', 30000, seed => 5)"), 30000);
        assert_eq!(inserted_here("t"), 30000);
        assert_eq!(one::<i64>("SELECT max(id) FROM t"), 30000);
    }

    /// A cancel reaches the workers: the fill gives way at once and leaves no row.
    #[pg_test]
    fn parallel_fill_is_canceled_promptly() {
        scratch("parallel_cancel");
        run("CREATE TABLE big (id int, x int, note text); SET LOCAL synthdata.parallel = 2");
        arm_statement_timeout(300);
        run("DO $$
             DECLARE t0 timestamptz := clock_timestamp(); state text;
             BEGIN
                 BEGIN
                     PERFORM synth_fill('big', 50e6);
                 EXCEPTION WHEN query_canceled THEN
                     GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE;
                 END;
                 PERFORM set_config('synth_test.state', coalesce(state, 'none'), true);
                 PERFORM set_config('synth_test.secs', extract(epoch FROM clock_timestamp() - t0)::text, true);
             END $$");
        assert_eq!(one::<String>("SELECT current_setting('synth_test.state')"), "57014");
        let secs: f64 = one::<String>("SELECT current_setting('synth_test.secs')").parse().unwrap();
        assert!(secs < 3.0, "the parallel fill took {secs} s to give way to a 300 ms timeout");
        assert_eq!(count("big"), 0);
    }

    /// The first worker reports the progress of all, relayed to the client by this backend. The
    /// fill is slowed by a DEFAULT that naps on a quarter of the rows (1 ms each).
    #[pg_test]
    fn parallel_fill_reports_progress() {
        scratch("parallel_progress");
        run("CREATE FUNCTION nap() RETURNS int LANGUAGE sql PARALLEL SAFE
                 AS 'SELECT 0 FROM pg_sleep(CASE WHEN random() < 0.25 THEN 0.001 ELSE 0 END)';
             CREATE TABLE slow (id int, x int, n int DEFAULT nap());
             SET LOCAL synthdata.defaults = leave;
             SET LOCAL synthdata.progress_interval = 1;
             SET LOCAL synthdata.parallel = 2");
        let notices = Notices::capture();
        assert_eq!(one::<i64>("SELECT synth_fill('slow', 24000, 1)"), 24000);
        assert_eq!(inserted_here("slow"), 0);
        let got = notices.messages();
        assert!(
            got.iter().any(|m| m.contains("parallel_progress.slow: ") && m.contains(" of 24000 rows (")),
            "no progress NOTICE in {got:?}"
        );
        assert!(got.iter().any(|m| m.contains("24000 rows generated in")), "no final NOTICE in {got:?}");
    }
}

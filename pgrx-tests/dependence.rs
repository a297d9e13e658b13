//! Dependence learned from a sample: `synth_profile(…, sample_rows)` and the
//! `synthdata.sample_rows` setting; a copula for numbers, conditionals given categories and given
//! a parent row's column, and hard rules (a <= b, NULL together, a = b * c) that no generated row
//! breaks. Every test compares against the same data generated without a sample, so that it
//! fails when the model is not used.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::pgrx_tests::common::*;

    /// Orders whose columns depend on each other in every way the model knows: a region that
    /// shifts the amount, a quantity and a price whose product is the total, a shipping date
    /// never before the order date and a delivery date NULL exactly when the shipping date is,
    /// and a weight that rises with the quantity.
    const ORDERS: &str = "
        CREATE TABLE dep_orders (
            id int PRIMARY KEY,
            region text NOT NULL,
            qty int NOT NULL,
            unit_price numeric(8, 2) NOT NULL,
            total numeric(12, 2) NOT NULL,
            weight float8 NOT NULL,
            placed_at timestamptz NOT NULL,
            shipped_at timestamptz,
            delivered_at timestamptz);
        SELECT setseed(0.25);
        INSERT INTO dep_orders
        SELECT i, (ARRAY['north', 'south', 'east'])[r], q, p, q * p, q * 1.5 + w, t,
               CASE WHEN s THEN NULL ELSE t + d1 * interval '1 hour' END,
               CASE WHEN s THEN NULL ELSE t + (d1 + d2) * interval '1 hour' END
          FROM (SELECT i, r, 1 + floor(random() * 9)::int AS q, round((r * 100 + random() * 50)::numeric, 2) AS p,
                       random() AS w, timestamptz '2024-01-01' + random() * interval '1000 days' AS t,
                       random() < 0.2 AS s, random() * 200 AS d1, random() * 200 AS d2
                  FROM (SELECT i, 1 + floor(random() * 3)::int AS r FROM generate_series(1, 3000) i) x) y;
        ANALYZE dep_orders";

    /// The average amount per region of `rows`, as `region=avg` sorted by region.
    fn per_region(rows: &str) -> String {
        one::<String>(&format!(
            "SELECT string_agg(format('%s=%s', region, round(a)), ',' ORDER BY region)
               FROM (SELECT region, avg(unit_price) AS a FROM {rows} GROUP BY region) g"
        ))
    }

    #[pg_test]
    fn dependence_profile_holds_the_model_only_with_a_sample() {
        scratch("dep_profile");
        run(ORDERS);
        let plain = one::<pgrx::JsonB>("SELECT synth_profile('dep_orders', sample_rows => 0)").0;
        assert!(plain.get("dependence").is_none_or(|d| d.is_null()), "{plain}");
        // By default a profile reads a sample of 10,000 rows at most (live fills read none).
        let default = one::<pgrx::JsonB>("SELECT synth_profile('dep_orders')").0;
        let rows = one::<i64>("SELECT count(*) FROM dep_orders").min(10_000);
        assert_eq!(default["dependence"]["sample_rows"], rows, "{default}");
        let p = one::<pgrx::JsonB>("SELECT synth_profile('dep_orders', sample_rows => 2000)").0;
        let d = &p["dependence"];
        assert_eq!(d["sample_rows"], 2000, "{d}");
        let rules: Vec<String> = d["rules"].as_array().unwrap().iter().map(|r| r.to_string()).collect();
        let has =
            |kind: &str, a: &str, b: &str| rules.iter().any(|r| r.contains(kind) && r.contains(a) && r.contains(b));
        assert!(has("less_or_equal", "\"placed_at\"", "\"shipped_at\""), "{rules:?}");
        assert!(has("less_or_equal", "\"shipped_at\"", "\"delivered_at\""), "{rules:?}");
        assert!(has("null_together", "\"shipped_at\"", "\"delivered_at\""), "{rules:?}");
        assert!(has("product", "\"total\"", "\"qty\""), "{rules:?}");
        let copula: Vec<String> =
            d["copula"]["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
        assert!(copula.contains(&"qty".into()) && copula.contains(&"weight".into()), "{copula:?}");
        // The region conditions something (the price it shifts).
        assert!(
            d["nodes"].as_array().unwrap().iter().any(|n| n["parent"] == "region" || n["column"] == "region"),
            "{d}"
        );
    }

    #[pg_test]
    fn dependence_sample_rows_is_bounded() {
        scratch("dep_bounds");
        run(ORDERS);
        for bad in ["-1", "100001"] {
            let e = must_fail(&format!("SELECT synth_profile('dep_orders', sample_rows => {bad})"));
            assert_eq!(e.sqlstate, "22023", "{e:?}");
            assert!(e.message.contains("sample_rows"), "{e:?}");
        }
        assert_eq!(must_fail("SET synthdata.sample_rows = -1").sqlstate, "22023");
    }

    #[pg_test]
    fn dependence_no_generated_row_breaks_a_learned_rule() {
        scratch("dep_rules");
        run(ORDERS);
        run("SET LOCAL synthdata.sample_rows = 3000");
        run("CREATE TEMP TABLE g AS SELECT * FROM synth_rows(NULL::dep_orders, 5000, seed => 11)");
        assert_eq!(count("g WHERE shipped_at < placed_at"), 0);
        assert_eq!(count("g WHERE delivered_at < shipped_at"), 0);
        assert_eq!(count("g WHERE (shipped_at IS NULL) <> (delivered_at IS NULL)"), 0);
        assert_eq!(count("g WHERE total <> qty * unit_price"), 0);
        // Some rows ship, some do not: the rule did not just make every date NULL.
        let unshipped = count("g WHERE shipped_at IS NULL") as f64 / 5000.0;
        assert!((unshipped - 0.2).abs() < 0.05, "{unshipped}");
        // Without the sample the same table breaks them (nothing in the catalog says so).
        run("SET LOCAL synthdata.sample_rows = 0");
        run("CREATE TEMP TABLE h AS SELECT * FROM synth_rows(NULL::dep_orders, 5000, seed => 11)");
        assert!(count("h WHERE total <> qty * unit_price") > 1000);
        assert!(count("h WHERE (shipped_at IS NULL) <> (delivered_at IS NULL)") > 100);
    }

    #[pg_test]
    fn dependence_correlations_and_conditionals_are_reproduced() {
        scratch("dep_corr");
        run(ORDERS);
        let real_corr = one::<f64>("SELECT corr(qty, weight) FROM dep_orders");
        run("SET LOCAL synthdata.sample_rows = 3000");
        run("CREATE TEMP TABLE g AS SELECT * FROM synth_rows(NULL::dep_orders, 3000, seed => 5)");
        let corr = one::<f64>("SELECT corr(qty, weight) FROM g");
        assert!((corr - real_corr).abs() < 0.1, "synthetic {corr}, real {real_corr}");
        // The price per region: about 100, 200 and 300 apart in the source.
        let means = |rows: &str| -> Vec<f64> {
            per_region(rows).split(',').map(|kv| kv.split('=').nth(1).unwrap().parse().unwrap()).collect()
        };
        let (want, got) = (means("dep_orders"), means("g"));
        assert!(
            want.iter().cloned().fold(f64::MIN, f64::max) - want.iter().cloned().fold(f64::MAX, f64::min) > 150.0,
            "{want:?}"
        );
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() < 20.0, "synthetic {got:?}, real {want:?}");
        }
        // Without the sample, neither survives.
        run("SET LOCAL synthdata.sample_rows = 0");
        run("CREATE TEMP TABLE h AS SELECT * FROM synth_rows(NULL::dep_orders, 3000, seed => 5)");
        assert!(one::<f64>("SELECT corr(qty, weight) FROM h").abs() < 0.3);
        let flat = means("h");
        assert!(flat.iter().all(|m| (m - flat[0]).abs() < 40.0), "{flat:?}");
    }

    /// Shops of two tiers and their sales, whose amounts depend on the shop's tier, in schema
    /// `schema`, with an empty copy in `{schema}_copy`; the shops' key is `key` (a type), made
    /// from the integer `i` by `key_of`. Checks that the tier gap of the amounts survives a
    /// profile round trip with a sample and is lost without one.
    fn follows_parents_category(schema: &str, key: &str, key_of: &str) {
        scratch(schema);
        let k = |i: &str| key_of.replace("{i}", i);
        run(&format!("
            CREATE TABLE shops (id {key} PRIMARY KEY, tier text NOT NULL);
            CREATE TABLE sales (id int PRIMARY KEY, shop_id {key} NOT NULL REFERENCES shops, amount numeric(10, 2) NOT NULL);
            INSERT INTO shops SELECT {}, CASE WHEN i % 4 = 0 THEN 'flagship' ELSE 'kiosk' END FROM generate_series(1, 200) i;
            INSERT INTO sales SELECT i, {}, CASE WHEN (1 + i % 200) % 4 = 0 THEN 900 ELSE 50 END + i % 40
              FROM generate_series(1, 4000) i;
            ANALYZE shops, sales;
            CREATE SCHEMA {schema}_copy;
            CREATE TABLE {schema}_copy.shops (LIKE shops INCLUDING ALL);
            CREATE TABLE {schema}_copy.sales (LIKE sales INCLUDING ALL);
            ALTER TABLE {schema}_copy.sales ADD FOREIGN KEY (shop_id) REFERENCES {schema}_copy.shops;",
            k("i"), k("(1 + i % 200)")));
        let gap = |schema: &str| {
            one::<f64>(&format!(
                "SELECT (avg(amount) FILTER (WHERE tier = 'flagship') - avg(amount) FILTER (WHERE tier = 'kiosk'))::float8
                   FROM {schema}.sales s JOIN {schema}.shops p ON p.id = s.shop_id"
            ))
        };
        let real = gap(schema);
        run(&format!("SELECT * FROM synth_fill_schema('{schema}_copy', seed => 3, profile => synth_profile_schema('{schema}', sample_rows => 4000))"));
        let synthetic = gap(&format!("{schema}_copy"));
        assert!((synthetic - real).abs() < 0.1 * real, "flagship - kiosk: synthetic {synthetic}, real {real}");
        // From statistics alone the amount does not know its shop.
        run(&format!("TRUNCATE {schema}_copy.sales, {schema}_copy.shops"));
        run(&format!("SELECT * FROM synth_fill_schema('{schema}_copy', seed => 3, profile => synth_profile_schema('{schema}', sample_rows => 0))"));
        let alone = gap(&format!("{schema}_copy"));
        assert!(alone.abs() < 0.3 * real, "{alone}");
    }

    #[pg_test]
    fn dependence_a_child_column_follows_its_parents_category() {
        follows_parents_category("dep_parent", "int", "{i}");
    }

    /// Parents keyed by codes (text, as most reference data is) rather than integers.
    #[pg_test]
    fn dependence_a_child_column_follows_its_parents_category_by_a_text_key() {
        follows_parents_category("dep_parent_code", "char(5)", "'S' || lpad({i}::text, 4, '0')");
    }

    /// An empty schema `copy` with tables like `customers` and `orders` and the foreign key
    /// between them.
    fn empty_customers_and_orders(copy: &str) {
        run(&format!(
            "CREATE SCHEMA {copy};
             CREATE TABLE {copy}.customers (LIKE customers INCLUDING ALL);
             CREATE TABLE {copy}.orders (LIKE orders INCLUDING ALL);
             ALTER TABLE {copy}.orders ADD FOREIGN KEY (customer_id) REFERENCES {copy}.customers;"
        ));
    }

    /// `measure` of the empty copy `{schema}_copy` filled from `schema`'s profile with the
    /// default sample, then (its `tables` truncated) from the statistics alone.
    fn with_and_without_sample<T>(schema: &str, tables: &str, measure: impl Fn(&str) -> T) -> (T, T) {
        let copy = format!("{schema}_copy");
        run(&format!(
            "SELECT * FROM synth_fill_schema('{copy}', seed => 1, profile => synth_profile_schema('{schema}'))"
        ));
        let sampled = measure(&copy);
        run(&format!("TRUNCATE {tables}"));
        run(&format!(
            "SELECT * FROM synth_fill_schema('{copy}', seed => 1, profile => synth_profile_schema('{schema}', sample_rows => 0))"
        ));
        (sampled, measure(&copy))
    }

    /// Orders ship to their customer's own address and city in 95% of rows (a denormalized
    /// copy, as every shop keeps). A profile's sample finds the copies, and a fill from it copies
    /// the generated customers' values in that share; from statistics alone they are unrelated.
    #[pg_test]
    fn dependence_columns_copied_from_the_parent_row_stay_copies() {
        scratch("dep_copy");
        run("
            CREATE TABLE customers (id int PRIMARY KEY, address text NOT NULL, city text NOT NULL);
            CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers,
                                 ship_address text NOT NULL, ship_city varchar(40) NOT NULL, amount numeric(8, 2));
            INSERT INTO customers SELECT i, i || ' Market Street', 'Town ' || (i % 80) FROM generate_series(1, 400) i;
            INSERT INTO orders
            SELECT i, c, CASE WHEN i % 20 = 0 THEN 'Dock ' || i ELSE c || ' Market Street' END,
                   CASE WHEN i % 20 = 0 THEN 'Port ' || (i % 7) ELSE 'Town ' || (c % 80) END, i % 500
              FROM (SELECT i, 1 + (i * 7919) % 400 AS c FROM generate_series(1, 3000) i) x;
            ANALYZE customers, orders");
        empty_customers_and_orders("dep_copy_copy");
        let copied = |schema: &str| {
            one::<f64>(&format!(
                "SELECT avg((o.ship_address = c.address AND o.ship_city = c.city)::int)::float8
                   FROM {schema}.orders o JOIN {schema}.customers c ON c.id = o.customer_id"
            ))
        };
        assert_eq!(copied("dep_copy"), 0.95);
        let p = one::<pgrx::JsonB>("SELECT synth_profile('orders')").0;
        let copies = &p["dependence"]["copies"];
        assert_eq!(copies[0]["column"], "ship_address", "{copies}");
        assert_eq!(copies[0]["parent"], "address", "{copies}");
        assert_eq!(copies[0]["share"], 0.95, "{copies}");
        assert_eq!(copies[1]["column"], "ship_city", "{copies}");
        let (kept, alone) =
            with_and_without_sample("dep_copy", "dep_copy_copy.orders, dep_copy_copy.customers", copied);
        assert!((0.9..0.98).contains(&kept), "{kept}");
        assert!(alone < 0.05, "{alone}");
    }

    /// A customer's orders come after the customer signed up, over the customer's whole life.
    /// A profile's sample learns it; a fill from it keeps every order after its customer's
    /// sign-up (and `synth_plausibility` counts it), while from statistics alone a good part
    /// falls before.
    #[pg_test]
    fn dependence_children_come_after_their_parent_row() {
        scratch("dep_after");
        run("
            CREATE TABLE customers (id int PRIMARY KEY, signed_up timestamptz NOT NULL);
            CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers,
                                 placed_at timestamptz NOT NULL);
            INSERT INTO customers
            SELECT i, timestamptz '2022-01-01 00:00+00' + (i * 7919 % 1000) * interval '1 day' FROM generate_series(1, 300) i;
            INSERT INTO orders
            SELECT i, c.id, c.signed_up + (i * 104729 % 1000) / 1000.0 * (timestamptz '2025-01-01 00:00+00' - c.signed_up)
              FROM generate_series(1, 3000) i JOIN customers c ON c.id = 1 + i * 31 % 300;
            ANALYZE customers, orders");
        empty_customers_and_orders("dep_after_copy");
        let early = |schema: &str| {
            one::<i64>(&format!(
                "SELECT count(*) FROM {schema}.orders o JOIN {schema}.customers c ON c.id = o.customer_id
                  WHERE o.placed_at < c.signed_up"
            ))
        };
        assert_eq!(early("dep_after"), 0);
        let rules = one::<pgrx::JsonB>("SELECT synth_profile('orders')->'dependence'->'rules'").0;
        assert!(rules.to_string().contains(r#""kind":"after_parent""#), "{rules}");
        // The profile's checks, counted over the copy (the profile names the copy's schema).
        let broken = |schema: &str| {
            one::<i64>(&format!(
                "SELECT broken FROM synth_plausibility(jsonb_set(jsonb_set(synth_profile('dep_after.orders'),
                         '{{table,schema}}', '\"{schema}\"'), '{{foreign_keys,0,ref_schema}}', '\"{schema}\"'))
                  WHERE check_name = 'after_parent'"
            ))
        };
        // With the sample: none early, as the profile's check counts too. Without: many.
        let counts = |schema: &str| (early(schema), broken(schema));
        let ((kept, kept_broken), (alone, alone_broken)) =
            with_and_without_sample("dep_after", "dep_after_copy.orders, dep_after_copy.customers", counts);
        assert_eq!((kept, kept_broken), (0, 0));
        assert!(alone > 300, "{alone}");
        assert_eq!(alone_broken, alone);
        // A member joins after the member who recommended them, but a table's references to
        // its own rows are linked after its rows are made: no rule can hold them.
        run("CREATE TABLE members (id int PRIMARY KEY, joined date NOT NULL, recommended_by int REFERENCES members);
             INSERT INTO members SELECT i, date '2024-01-01' + i, NULLIF(i / 2, 0) FROM generate_series(1, 200) i;
             ANALYZE members");
        let rules = one::<pgrx::JsonB>("SELECT synth_profile('members')->'dependence'->'rules'").0;
        assert!(!rules.to_string().contains("after_parent"), "{rules}");
    }

    /// An office's visits: weekdays 9 to 17 only. A profile's sample teaches the week's
    /// hours, which a fill from it keeps; from statistics alone the hours are any.
    #[pg_test]
    fn dependence_timestamps_keep_the_hours_of_the_week() {
        scratch("dep_week");
        run("
            CREATE TABLE visits (id int PRIMARY KEY, at timestamptz NOT NULL, on_day date NOT NULL);
            INSERT INTO visits
            SELECT i, d + interval '9 hours' + (i * 7919 % 480) * interval '1 minute', d::date
              FROM (SELECT i, timestamptz '2024-01-01 00:00+00' + ((i % 260) / 5 * 7 + i % 5) * interval '1 day' AS d
                      FROM generate_series(1, 3000) i) x;
            ANALYZE visits;
            CREATE SCHEMA dep_week_copy;
            CREATE TABLE dep_week_copy.visits (LIKE visits INCLUDING ALL);");
        let office = |schema: &str| {
            one::<f64>(&format!(
                "SELECT avg((extract(isodow FROM at AT TIME ZONE 'UTC') <= 5
                             AND extract(hour FROM at AT TIME ZONE 'UTC') BETWEEN 9 AND 16
                             AND extract(isodow FROM on_day) <= 5)::int)::float8 FROM {schema}.visits"
            ))
        };
        assert_eq!(office("dep_week"), 1.0);
        let p = one::<pgrx::JsonB>("SELECT synth_profile('visits')").0;
        let shares = p["columns"][1]["weekly"]["shares"].as_array().unwrap().len();
        assert_eq!(shares, 168, "{p}");
        assert_eq!(p["columns"][2]["weekly"]["shares"].as_array().unwrap().len(), 7, "{p}");
        let (kept, any) = with_and_without_sample("dep_week", "dep_week_copy.visits", office);
        assert!(kept > 0.97, "{kept}");
        assert!(any < 0.5, "{any}");
    }

    #[pg_test]
    fn dependence_same_seed_same_rows() {
        scratch("dep_seed");
        run(ORDERS);
        run("SET LOCAL synthdata.sample_rows = 1000");
        let a = rows_text("SELECT * FROM synth_rows(NULL::dep_orders, 300, seed => 9)", false);
        let b = rows_text("SELECT * FROM synth_rows(NULL::dep_orders, 300, seed => 9)", false);
        assert_eq!(a, b);
        let c = rows_text("SELECT * FROM synth_rows(NULL::dep_orders, 300, seed => 10)", false);
        assert_ne!(a, c);
    }

    #[pg_test]
    fn dependence_extended_statistics_keep_columns_together_without_a_sample() {
        scratch("dep_ext");
        run("SET LOCAL synthdata.sample_rows = 0");
        run("
            CREATE TABLE addresses (id int PRIMARY KEY, city text NOT NULL, country text NOT NULL);
            INSERT INTO addresses
            SELECT i, p.city, p.country FROM generate_series(1, 3000) i
              JOIN (VALUES (0, 'Berlin', 'DE'), (1, 'Munich', 'DE'), (2, 'Hamburg', 'DE'),
                           (3, 'Paris', 'FR'), (4, 'Lyon', 'FR'), (5, 'Rome', 'IT')) p(k, city, country)
                ON p.k = (i * 7) % 6;
            ANALYZE addresses");
        // Columns drawn independently: cities land in the wrong country.
        let mismatched = |call: &str| {
            count(&format!(
                "{call} g WHERE NOT EXISTS (SELECT FROM addresses a WHERE a.city = g.city AND a.country = g.country)"
            ))
        };
        let rows = "synth_rows(NULL::addresses, 2000, seed => 4)";
        assert!(mismatched(rows) > 500, "{}", mismatched(rows));
        run("CREATE STATISTICS addresses_place (mcv) ON city, country FROM addresses; ANALYZE addresses");
        let p = one::<pgrx::JsonB>("SELECT synth_profile('addresses', sample_rows => 0)").0;
        assert_eq!(p["dependence"]["from"], "extended_statistics", "{p}");
        assert_eq!(p["dependence"]["nodes"][0]["column"], "city", "{p}");
        assert_eq!(mismatched(rows), 0);
        // The shares of the countries stay those of the statistics: DE 1/2, FR 1/3, IT 1/6.
        let de = count(&format!("{rows} WHERE country = 'DE'")) as f64 / 2000.0;
        assert!((de - 0.5).abs() < 0.03, "{de}");
    }
}

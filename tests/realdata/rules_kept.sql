-- Every rule a sampled profile learned (a <= b, NULL together, a = b * c) checked on the rows
-- generated from it: one line per table and rule with the number of rows that break it.
-- psql -v profile=<file of synth_profile_schema(sample_rows => …)> -d <the filled copy>
CREATE TEMP TABLE rule_check (tbl text, rule text, broken bigint);
SELECT set_config('rules.profile', :'profile', false) IS NOT NULL AS profile_set \gset
DO $$
DECLARE
    p jsonb := pg_read_file(current_setting('rules.profile'))::jsonb;
    t jsonb;
    r jsonb;
    cond text;
    n bigint;
BEGIN
    FOR t IN SELECT * FROM jsonb_array_elements(p->'tables') LOOP
        FOR r IN SELECT * FROM jsonb_array_elements(coalesce(t->'dependence'->'rules', '[]')) LOOP
            cond := CASE r->>'kind'
                WHEN 'less_or_equal' THEN format('%I > %I', r->>'left', r->>'right')
                WHEN 'null_together' THEN format('(%I IS NULL) <> (%I IS NULL)', r->'columns'->>0, r->'columns'->>1)
                WHEN 'product' THEN format('abs(%I - %I * %I) > 0.005 * greatest(1, abs(%I))',
                                           r->>'column', r->'factors'->>0, r->'factors'->>1, r->>'column')
            END;
            EXECUTE format('SELECT count(*) FROM %I.%I WHERE %s', t->'table'->>'schema', t->'table'->>'name', cond) INTO n;
            INSERT INTO rule_check VALUES (t->'table'->>'name', cond, n);
        END LOOP;
    END LOOP;
END $$;
SELECT tbl AS "table", rule AS "broken when", broken FROM rule_check ORDER BY 1, 2;
SELECT count(*) AS rules, coalesce(sum(broken), 0) AS broken_rows FROM rule_check;

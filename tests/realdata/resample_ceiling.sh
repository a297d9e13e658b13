#!/usr/bin/env bash
# What the judge's per-table scores can reach without copying the data: each table is compared
# with bootstrap resamples of its own rows (as many rows, drawn with replacement), which have the
# real rows' exact distribution and nothing a generator could learn better. synth_compare scores
# them with every pair (pair_threshold 0); it agrees with ../shared/judge/run within 1e-6
# (compare_vs_judge.sh). Prints the mean over RESAMPLES (default 5) resamples.
#   tests/realdata/resample_ceiling.sh DB TABLE...
# Needs the database loaded with the extension installed (quality.sh calls it on its copies).
set -euo pipefail
source "$(dirname "$0")/../../scripts/common.sh"
db=$1; shift
n=${RESAMPLES:-5}
for t in "$@"; do
  psql_q -d "$db" -At -F ' ' -c "SET client_min_messages = warning" -c "
    CREATE TEMP TABLE scores (shapes float8, pairs float8);
    DO \$\$
    DECLARE i int;
    BEGIN
      FOR i IN 1..$n LOOP
        PERFORM setseed(i / ($n + 1.0));
        DROP TABLE IF EXISTS pg_temp.resampled;
        CREATE TEMP TABLE resampled (LIKE public.$t);
        INSERT INTO resampled
        SELECT (n.x).* FROM (SELECT x, row_number() OVER () AS rn FROM public.$t x) n
          JOIN (SELECT 1 + floor(random() * c.n)::bigint AS k
                  FROM (SELECT count(*) AS n FROM public.$t) c, generate_series(1, c.n)) p ON p.k = n.rn;
        INSERT INTO scores
        SELECT (c->'properties'->>'column_shapes')::float8, (c->'properties'->>'column_pair_trends')::float8
          FROM synth_compare('public.$t', 'pg_temp.resampled', pair_threshold => 0) c;
      END LOOP;
    END \$\$;" \
    -c "SELECT '$db.$t', round(avg(shapes)::numeric, 3), round(avg(pairs)::numeric, 3) FROM scores"
done

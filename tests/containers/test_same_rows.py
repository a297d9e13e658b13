"""Tier 8's own test beside the README's Python example (tests/test_shop.py, copied out of
README.md): through the README's fixture, writes a digest of every table of the filled schema to
$SYNTH_DIGEST. run.sh runs pytest twice, so two containers, and compares the two digests."""
import json
import os
from pathlib import Path

import psycopg
from test_shop import db_url  # noqa: F401  (the README's fixture)


def test_digest_of_every_table(db_url):  # noqa: F811
    with psycopg.connect(db_url) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT format('%I', tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
        digest = {}
        for t in tables:
            n, md5 = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) FROM {t} x"
            ).fetchone()
            assert n > 0, f"{t} is empty"
            digest[t] = [n, md5]
    assert digest, "the schema has no table"
    Path(os.environ["SYNTH_DIGEST"]).write_text(json.dumps(digest, sort_keys=True, indent=1))

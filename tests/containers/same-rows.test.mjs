// Tier 8's own test beside the README's Node.js example (test/shop-db.mjs, copied out of
// README.md): two containers started by the README's helper hold the same rows, table by table.
import { test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { startShopDatabase } from "./shop-db.mjs";

async function digest(container) {
  const client = new pg.Client({ connectionString: container.getConnectionUri() });
  await client.connect();
  try {
    const { rows: tables } = await client.query(
      "SELECT format('%I', tablename) AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    const out = {};
    for (const { t } of tables) {
      const { rows: [r] } = await client.query(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS md5 FROM ${t} x`);
      assert.ok(r.n > 0, `${t} is empty`);
      out[t] = [r.n, r.md5];
    }
    assert.ok(Object.keys(out).length > 0, "the schema has no table");
    return out;
  } finally {
    await client.end();
  }
}

test("two containers from the README's helper hold the same rows", async () => {
  const a = await startShopDatabase();
  try {
    const b = await startShopDatabase();
    try {
      assert.deepEqual(await digest(b), await digest(a));
    } finally {
      await b.stop();
    }
  } finally {
    await a.stop();
  }
});

//! What a fill found around its table, as digests: the rows already there, the keys of the
//! parents its foreign keys point at, the unique keys it had to avoid, the parent columns its
//! values depend on and the ranges already taken. The rows a fill writes are a pure function of
//! these, the profile, the settings and the seed; the fill log keeps them (as small digests, not
//! the keys themselves) so that a replay can tell whether it starts where the logged fill
//! started, and say exactly what differs when it does not.

use std::fmt::Write as _;

use serde_json::{json, Map, Value as Json};
use sha2::{Digest, Sha256};

use super::Context;

/// The facts of `ctx` as JSON, foreign keys by name (`fk_names`, in the profile's order).
pub fn context_facts(ctx: &Context, fk_names: &[String]) -> Json {
    let mut parents = Map::new();
    for (name, keys) in fk_names.iter().zip(&ctx.parents) {
        if let Some(keys) = keys {
            parents.insert(name.clone(), json!({ "keys": keys.len(), "digest": digest_of(keys) }));
        }
    }
    // Per unique key: its largest integers and its fingerprints, sorted (a set has no order).
    type Keys = (Vec<Option<i64>>, Option<Vec<u64>>);
    let existing_keys: Vec<Keys> = ctx
        .uniques
        .iter()
        .map(|k| {
            let mut prints: Option<Vec<u64>> = k.fingerprints.as_ref().map(|f| f.iter().copied().collect());
            if let Some(p) = prints.as_mut() {
                p.sort_unstable();
            }
            (k.max_int.clone(), prints)
        })
        .collect();
    json!({
        "existing_rows": ctx.existing_rows,
        "parents": parents,
        "existing_keys": digest_of(&existing_keys),
        "parent_columns": digest_of(&ctx.external),
        "ranges": digest_of(&ctx.exclusion_floors),
    })
}

/// What differs between the facts a fill logged and those a replay finds, in words (empty: the
/// replay starts where the fill started).
pub fn differences(table: &str, logged: &Json, now: &Json) -> Vec<String> {
    let mut out = Vec::new();
    let rows = |f: &Json| f.get("existing_rows").and_then(Json::as_u64).unwrap_or(0);
    if rows(logged) != rows(now) {
        out.push(format!("{table} held {} rows when the logged fill began and holds {} now", rows(logged), rows(now)));
    }
    let empty = Map::new();
    let parents = |f: &'_ Json| f.get("parents").and_then(Json::as_object).cloned().unwrap_or_else(|| empty.clone());
    let (was, is) = (parents(logged), parents(now));
    for (fk, before) in &was {
        match is.get(fk) {
            None => out.push(format!("foreign key {fk} of {table} is not read from a parent now")),
            Some(after) if after != before => {
                let keys = |v: &Json| v.get("keys").and_then(Json::as_u64).unwrap_or(0);
                out.push(if keys(before) == keys(after) {
                    format!(
                        "the {} parent keys foreign key {fk} of {table} points at are not the same keys",
                        keys(after)
                    )
                } else {
                    format!(
                        "foreign key {fk} of {table} had {} parent keys to point at, it has {} now",
                        keys(before),
                        keys(after)
                    )
                });
            }
            Some(_) => {}
        }
    }
    for fk in is.keys().filter(|fk| !was.contains_key(*fk)) {
        out.push(format!("foreign key {fk} of {table} was not read from a parent by the logged fill"));
    }
    let parts = [
        ("existing_keys", "the unique keys already in the table"),
        ("parent_columns", "the parent columns the table's values depend on"),
        ("ranges", "the ranges already in the table"),
    ];
    for (field, what) in parts {
        if logged.get(field) != now.get(field) {
            out.push(format!("{what} ({table}) differ"));
        }
    }
    out
}

/// The first 16 hex digits of the SHA-256 of `v`'s debug form, streamed (no copy of the keys).
fn digest_of(v: &impl std::fmt::Debug) -> String {
    struct Feed(Sha256);
    impl std::fmt::Write for Feed {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.update(s.as_bytes());
            Ok(())
        }
    }
    let mut feed = Feed(Sha256::new());
    let _ = write!(feed, "{v:?}");
    feed.0.finalize().iter().take(8).fold(String::with_capacity(16), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{ExistingKeys, ParentKeys};

    fn ctx(parent: ParentKeys, existing: u64) -> Context {
        Context {
            existing_rows: existing,
            rows: 10,
            parents: vec![Some(parent), None],
            uniques: vec![ExistingKeys { max_int: vec![Some(3)], fingerprints: Some([5u64, 1, 9].into()) }],
            ..Context::default()
        }
    }

    fn names() -> Vec<String> {
        vec!["orders_customer_fkey".into(), "orders_note_fkey".into()]
    }

    #[test]
    fn the_same_context_gives_the_same_facts() {
        let a = context_facts(&ctx(ParentKeys::Ints(vec![1, 2, 3]), 0), &names());
        let b = context_facts(&ctx(ParentKeys::Ints(vec![1, 2, 3]), 0), &names());
        assert_eq!(a, b);
        assert!(differences("orders", &a, &b).is_empty());
        // Only keys that were read are named: the second foreign key had none.
        assert_eq!(a["parents"].as_object().unwrap().len(), 1);
    }

    #[test]
    fn differences_name_what_changed() {
        let logged = context_facts(&ctx(ParentKeys::Ints(vec![1, 2, 3]), 0), &names());
        let more = context_facts(&ctx(ParentKeys::Ints(vec![1, 2, 3, 4]), 0), &names());
        let other = context_facts(&ctx(ParentKeys::Ints(vec![1, 2, 7]), 0), &names());
        let fuller = context_facts(&ctx(ParentKeys::Ints(vec![1, 2, 3]), 5), &names());
        let d = differences("orders", &logged, &more);
        assert_eq!(d, vec!["foreign key orders_customer_fkey of orders had 3 parent keys to point at, it has 4 now"]);
        let d = differences("orders", &logged, &other);
        assert!(d[0].contains("are not the same keys"), "{d:?}");
        let d = differences("orders", &logged, &fuller);
        assert_eq!(d, vec!["orders held 0 rows when the logged fill began and holds 5 now"]);
    }

    #[test]
    fn existing_keys_digest_does_not_depend_on_hash_order() {
        let mut a = ctx(ParentKeys::Range { lo: 1, count: 3 }, 2);
        let b = a.clone();
        // Rebuild the set: a different insertion order, the same keys.
        a.uniques[0].fingerprints = Some([9u64, 5, 1].into_iter().collect());
        assert_eq!(context_facts(&a, &names()), context_facts(&b, &names()));
        a.uniques[0].fingerprints = Some([9u64, 5].into_iter().collect());
        let d = differences("t", &context_facts(&b, &names()), &context_facts(&a, &names()));
        assert_eq!(d, vec!["the unique keys already in the table (t) differ"]);
    }
}

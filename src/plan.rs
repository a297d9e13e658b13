//! The order in which a schema's tables are filled.
//!
//! Parents come before children. A foreign key that points back into its own table or closes a
//! cycle cannot be satisfied while rows are inserted; if its columns are nullable it is *linked*
//! afterwards: its rows are inserted with NULL there and an UPDATE points them at parents once
//! those exist (for a self-reference, at earlier rows only, so trees stay trees). A NOT NULL key
//! declared DEFERRABLE breaks a cycle too: it is *deferred*, its rows are inserted with a
//! placeholder while the constraint is checked at the end, and linked like the others. A NOT NULL
//! self-reference to a key synthdata generates needs neither: each row points at itself until
//! linked (the key's serial is taken over for the fill, see `fill::schema`). A cycle made
//! only of NOT NULL foreign keys that cannot be deferred cannot be filled in any order, and is
//! reported with its tables.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Code, Result, SynthError};

/// A table and the foreign keys it declares.
#[derive(Clone, Debug, PartialEq)]
pub struct TableNode {
    pub name: String,
    pub fks: Vec<FkEdge>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FkEdge {
    pub name: String,
    /// The referenced table (as named in `TableNode::name`; others are outside the plan).
    pub parent: String,
    /// Every column of the key may be NULL.
    pub nullable: bool,
    /// The constraint is DEFERRABLE: checked at the end, it may point nowhere for a while.
    pub deferrable: bool,
    /// A self-reference whose referenced key synthdata generates: until linked, a NOT NULL key
    /// points at its own row, which satisfies it at once.
    pub own_row: bool,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct FillPlan {
    /// Table indexes, parents first.
    pub order: Vec<usize>,
    /// Foreign keys filled by a later UPDATE: (child table index, foreign key name).
    pub linked: Vec<(usize, String)>,
    /// The linked keys that are NOT NULL: checked deferred, inserted with a placeholder.
    pub deferred: Vec<(usize, String)>,
}

impl FillPlan {
    pub fn is_linked(&self, table: usize, fk: &str) -> bool {
        self.linked.iter().any(|(t, f)| *t == table && f == fk)
    }

    pub fn is_deferred(&self, table: usize, fk: &str) -> bool {
        self.deferred.iter().any(|(t, f)| *t == table && f == fk)
    }
}

/// Orders `tables` so that every foreign key among them points at a table filled earlier or is
/// linked afterwards.
pub fn plan(tables: &[TableNode]) -> Result<FillPlan> {
    let index: BTreeMap<&str, usize> = tables.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let mut linked = Vec::new();
    let mut deferred = Vec::new();
    // Edges child -> parent still to be respected by the order.
    let mut edges: Vec<(usize, usize, &FkEdge)> = Vec::new();
    for (c, t) in tables.iter().enumerate() {
        for fk in &t.fks {
            let Some(&p) = index.get(fk.parent.as_str()) else { continue };
            if p == c {
                if !fk.nullable && !fk.deferrable && !fk.own_row {
                    return Err(SynthError::new(
                        Code::FeatureNotSupported,
                        format!("cannot fill {}: its foreign key \"{}\" points at the table itself and cannot be NULL", t.name, fk.name),
                    )
                    .hint("Its first row would have to reference itself, which needs the check deferred. Make the column nullable or the constraint DEFERRABLE, or fill this table yourself."));
                }
                if !fk.nullable && !fk.own_row {
                    deferred.push((c, fk.name.clone()));
                }
                linked.push((c, fk.name.clone()));
            } else {
                edges.push((c, p, fk));
            }
        }
    }
    // Break cycles at nullable foreign keys until none is left, else at deferrable ones.
    while let Some(cycle) = find_cycle(tables.len(), &edges) {
        let by_name = |a: &usize, b: &usize| {
            (&tables[edges[*a].0].name, &edges[*a].2.name).cmp(&(&tables[edges[*b].0].name, &edges[*b].2.name))
        };
        let breakable = cycle
            .iter()
            .filter_map(|&e| edges[e].2.nullable.then_some(e))
            .min_by(by_name)
            .or_else(|| cycle.iter().filter_map(|&e| edges[e].2.deferrable.then_some(e)).min_by(by_name));
        match breakable {
            Some(e) => {
                let (c, _, fk) = edges.remove(e);
                if !fk.nullable {
                    deferred.push((c, fk.name.clone()));
                }
                linked.push((c, fk.name.clone()));
            }
            None => {
                let names: BTreeSet<&str> = cycle.iter().map(|&e| tables[edges[e].0].name.as_str()).collect();
                let names: Vec<&str> = names.into_iter().collect();
                return Err(SynthError::new(
                    Code::FeatureNotSupported,
                    format!("the foreign keys between {} form a cycle that no filling order can satisfy", names.join(", ")),
                )
                .hint("Every foreign key in the cycle is NOT NULL and checked immediately; make one of them nullable, or DEFERRABLE, so it can be filled afterwards."));
            }
        }
    }
    Ok(FillPlan { order: topological(tables, &edges), linked, deferred })
}

/// Rows of each child table per row of its largest parent, when a schema is filled by `rows`.
pub const CHILDREN_PER_PARENT: u64 = 3;
/// A child table gets at most this many times `rows`.
pub const MAX_CHILD_FACTOR: u64 = 10;

/// Row counts for filling `tables` in `plan`'s order from `rows` (`synth_fill_schema(…, rows =>
/// n)`): a table that references no other table of the plan (or only through keys linked
/// afterwards: self-references, cycles) gets `rows`; any other gets [`CHILDREN_PER_PARENT`] rows
/// per row of the largest table it references, at most [`MAX_CHILD_FACTOR`] × `rows`. A table
/// that already holds rows (`existing`) gets none; `fixed` gives the tables the caller sized.
/// A parent counts with the rows it holds and those it gets.
pub fn rows_from(
    tables: &[TableNode],
    plan: &FillPlan,
    rows: u64,
    fixed: &[Option<u64>],
    existing: &[u64],
) -> Vec<u64> {
    let index: BTreeMap<&str, usize> = tables.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let had = |i: usize| existing.get(i).copied().unwrap_or(0);
    let mut out: Vec<u64> = vec![0; tables.len()];
    for &i in &plan.order {
        out[i] = match fixed.get(i).copied().flatten() {
            Some(n) => n,
            None if had(i) > 0 => 0,
            None => {
                let largest = tables[i]
                    .fks
                    .iter()
                    .filter(|fk| !plan.is_linked(i, &fk.name))
                    .filter_map(|fk| index.get(fk.parent.as_str()).copied())
                    .filter(|&p| p != i)
                    .map(|p| out[p].saturating_add(had(p)))
                    .max();
                match largest {
                    None => rows,
                    Some(l) => l
                        .saturating_mul(CHILDREN_PER_PARENT)
                        .min(rows.saturating_mul(MAX_CHILD_FACTOR))
                        .max(rows.min(1)),
                }
            }
        };
    }
    out
}

/// The edges (indexes into `edges`) of some cycle, if there is one.
fn find_cycle(n: usize, edges: &[(usize, usize, &FkEdge)]) -> Option<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = vec![vec![]; n];
    for (i, (c, _, _)) in edges.iter().enumerate() {
        out[*c].push(i);
    }
    // Iterative DFS with colours; the stack of edges taken gives the cycle.
    let mut colour = vec![0u8; n];
    for start in 0..n {
        if colour[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        let mut path: Vec<usize> = vec![];
        colour[start] = 1;
        while let Some((node, next)) = stack.last().copied() {
            if next < out[node].len() {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                let e = out[node][next];
                let to = edges[e].1;
                match colour[to] {
                    0 => {
                        colour[to] = 1;
                        path.push(e);
                        stack.push((to, 0));
                    }
                    1 => {
                        // Back edge: the cycle is the path from `to` to here, plus this edge.
                        let from = path.iter().position(|pe| edges[*pe].0 == to).unwrap_or(path.len());
                        let mut cycle: Vec<usize> = path[from..].to_vec();
                        cycle.push(e);
                        return Some(cycle);
                    }
                    _ => {}
                }
            } else {
                colour[node] = 2;
                stack.pop();
                path.pop();
            }
        }
    }
    None
}

/// Parents first; among tables free to go, the earliest in `tables` first.
fn topological(tables: &[TableNode], edges: &[(usize, usize, &FkEdge)]) -> Vec<usize> {
    let n = tables.len();
    let mut waiting = vec![0usize; n];
    let mut children: Vec<Vec<usize>> = vec![vec![]; n];
    for (c, p, _) in edges {
        waiting[*c] += 1;
        children[*p].push(*c);
    }
    let mut ready: BTreeSet<usize> = (0..n).filter(|i| waiting[*i] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(&t) = ready.iter().next() {
        ready.remove(&t);
        order.push(t);
        for &c in &children[t] {
            waiting[c] -= 1;
            if waiting[c] == 0 {
                ready.insert(c);
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str, fks: &[(&str, &str, bool)]) -> TableNode {
        TableNode {
            name: name.into(),
            fks: fks
                .iter()
                .map(|(n, p, null)| FkEdge {
                    name: n.to_string(),
                    parent: p.to_string(),
                    nullable: *null,
                    deferrable: false,
                    own_row: false,
                })
                .collect(),
        }
    }

    /// `t`, with the keys named in `deferrable` declared DEFERRABLE.
    fn td(name: &str, fks: &[(&str, &str, bool)], deferrable: &[&str]) -> TableNode {
        let mut node = t(name, fks);
        for fk in &mut node.fks {
            fk.deferrable = deferrable.contains(&fk.name.as_str());
        }
        node
    }

    fn names(tables: &[TableNode], plan: &FillPlan) -> Vec<String> {
        plan.order.iter().map(|i| tables[*i].name.clone()).collect()
    }

    #[test]
    fn parents_come_first() {
        let tables = vec![
            t("order_items", &[("oi_order", "orders", false), ("oi_product", "products", false)]),
            t("orders", &[("o_customer", "customers", false)]),
            t("products", &[]),
            t("customers", &[]),
            t("audit", &[("a_ext", "elsewhere", false)]),
        ];
        let p = plan(&tables).unwrap();
        let order = names(&tables, &p);
        let pos = |n: &str| order.iter().position(|x| x == n).unwrap();
        assert!(
            pos("customers") < pos("orders")
                && pos("orders") < pos("order_items")
                && pos("products") < pos("order_items")
        );
        assert_eq!(order.len(), 5, "a key to a table outside the plan does not hold a table back");
        assert!(p.linked.is_empty());
    }

    #[test]
    fn self_references_are_linked_afterwards() {
        let tables =
            vec![t("employee", &[("reports_to", "employee", true)]), t("customer", &[("rep", "employee", true)])];
        let p = plan(&tables).unwrap();
        assert_eq!(names(&tables, &p), vec!["employee", "customer"]);
        assert_eq!(p.linked, vec![(0, "reports_to".to_string())]);
        let err = plan(&[t("node", &[("parent", "node", false)])]).unwrap_err();
        assert!(err.message.contains("node") && err.message.contains("parent"), "{}", err.message);
        // NOT NULL, not deferrable, but the rows can point at themselves until linked.
        let mut own = t("node", &[("root", "node", false)]);
        own.fks[0].own_row = true;
        let p = plan(&[own]).unwrap();
        assert_eq!((p.linked.clone(), p.deferred.clone()), (vec![(0, "root".to_string())], vec![]));
    }

    #[test]
    fn cycles_break_at_a_nullable_key() {
        // stores.manager -> staff (nullable), staff.store -> stores (NOT NULL).
        let tables = vec![t("stores", &[("manager", "staff", true)]), t("staff", &[("store", "stores", false)])];
        let p = plan(&tables).unwrap();
        assert_eq!(names(&tables, &p), vec!["stores", "staff"]);
        assert_eq!(p.linked, vec![(0, "manager".to_string())]);
        assert!(p.is_linked(0, "manager"));
    }

    #[test]
    fn cycles_of_not_null_keys_are_reported_with_their_tables() {
        let tables = vec![
            t("a", &[("a_b", "b", false)]),
            t("b", &[("b_c", "c", false)]),
            t("c", &[("c_a", "a", false)]),
            t("d", &[]),
        ];
        let err = plan(&tables).unwrap_err();
        assert!(err.message.contains("a, b, c"), "{}", err.message);
        assert_eq!(err.code, Code::FeatureNotSupported);
    }

    #[test]
    fn cycles_of_not_null_keys_break_at_a_deferrable_one() {
        // a.a_b -> b, b.b_c -> c, c.c_a -> a, all NOT NULL; only c_a can be deferred.
        let tables = vec![
            t("a", &[("a_b", "b", false)]),
            t("b", &[("b_c", "c", false)]),
            td("c", &[("c_a", "a", false)], &["c_a"]),
        ];
        let p = plan(&tables).unwrap();
        assert_eq!(names(&tables, &p), vec!["c", "b", "a"]);
        assert_eq!(p.linked, vec![(2, "c_a".to_string())]);
        assert_eq!(p.deferred, vec![(2, "c_a".to_string())]);
        assert!(p.is_deferred(2, "c_a") && !p.is_deferred(0, "a_b"));
    }

    #[test]
    fn a_nullable_key_breaks_a_cycle_before_a_deferrable_one() {
        let tables = vec![td("a", &[("a_b", "b", false)], &["a_b"]), t("b", &[("b_a", "a", true)])];
        let p = plan(&tables).unwrap();
        assert_eq!(p.linked, vec![(1, "b_a".to_string())]);
        assert!(p.deferred.is_empty(), "the nullable key is linked, nothing is deferred");
    }

    #[test]
    fn a_deferrable_not_null_self_reference_is_deferred() {
        let tables = vec![td("node", &[("up", "node", false)], &["up"])];
        let p = plan(&tables).unwrap();
        assert_eq!(p.linked, vec![(0, "up".to_string())]);
        assert_eq!(p.deferred, vec![(0, "up".to_string())]);
        // Nullable and deferrable: linked with NULLs, not deferred.
        let p = plan(&[td("node", &[("up", "node", true)], &["up"])]).unwrap();
        assert!(p.deferred.is_empty() && p.linked.len() == 1);
    }

    #[test]
    fn composite_and_repeated_keys_between_two_tables() {
        let tables = vec![
            t("shipment", &[("ship_from", "warehouse", false), ("ship_to", "warehouse", true)]),
            t("warehouse", &[]),
        ];
        let p = plan(&tables).unwrap();
        assert_eq!(names(&tables, &p), vec!["warehouse", "shipment"]);
        assert!(p.linked.is_empty());
    }

    #[test]
    fn two_cycles_sharing_a_table_both_break() {
        let tables = vec![
            t("a", &[("a_b", "b", true)]),
            t("b", &[("b_a", "a", false), ("b_c", "c", false)]),
            t("c", &[("c_b", "b", true)]),
        ];
        let p = plan(&tables).unwrap();
        assert_eq!(p.order.len(), 3);
        assert_eq!(p.linked.len(), 2);
    }

    #[test]
    fn an_empty_schema_gets_rows_for_its_roots_and_three_per_parent_below() {
        let tables = vec![
            t("order_items", &[("fk_o", "orders", false), ("fk_p", "products", false)]),
            t("orders", &[("fk_c", "customers", false)]),
            t("customers", &[("fk_ref", "customers", true)]),
            t("products", &[]),
            t("audit", &[("fk_i", "order_items", false)]),
        ];
        let p = plan(&tables).unwrap();
        let rows = rows_from(&tables, &p, 200, &[None; 5], &[0; 5]);
        // customers is a root despite its self-reference; order_items follows its larger parent
        // (orders, 600), capped at ten times 200; audit too.
        assert_eq!(rows, vec![1800, 600, 200, 200, 2000]);
        // A table sized by the caller is a parent of its own size.
        let rows = rows_from(&tables, &p, 200, &[None, Some(10), None, None, None], &[0; 5]);
        assert_eq!(rows, vec![600, 10, 200, 200, 1800]);
        assert_eq!(rows_from(&tables, &p, 0, &[None; 5], &[0; 5]), vec![0; 5]);
        // Tables that hold rows keep them and get none; their children count them as parents.
        let rows = rows_from(&tables, &p, 200, &[None; 5], &[0, 0, 50, 0, 0]);
        assert_eq!(rows, vec![600, 150, 0, 200, 1800]);
    }
}

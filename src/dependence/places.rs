//! Places lie in one another: cities and regions are kept in the row's country (and a region
//! with its city) even when they have too many values to be categories, so that a synthetic
//! customer never lives in Orlando, CA.

use super::conditional::conditional;
use super::encode::{label_codes, Encoded, Encoding};
use super::tree::adjusted_mi;
use super::{Place, SampleColumn};
use crate::profile::DependenceNode;

/// Cities (or regions) a table of cities per country may hold.
const MAX_PLACES: usize = 1_000;

/// Cities and regions the tree left alone, drawn given the row's country as in the sample: too
/// many distinct values to be categories of their own (a city per customer), they still never
/// land in another country. A place that is already modelled, or that another column is drawn
/// given, is left as it is — but a region drawn in the tree follows a city drawn here (see
/// [`region_follows_city`]).
pub(super) fn places_in_countries(
    columns: &[SampleColumn],
    encoded: &[Encoded],
    nodes: &mut Vec<DependenceNode>,
    n: usize,
) {
    let Some(country) = encoded.iter().find(|e| e.col.via.is_none() && e.col.place == Some(Place::Country)) else {
        return;
    };
    let modelled = |nodes: &[DependenceNode], name: &str| nodes.iter().any(|d| d.column == name || d.parent == name);
    let mut city: Option<Encoded> = None;
    let mut added = Vec::new();
    for c in columns {
        if c.key || c.via.is_some() || !matches!(c.place, Some(Place::City | Place::Region)) || modelled(nodes, &c.name)
        {
            continue;
        }
        let (labels, codes) = label_codes(&c.values);
        if labels.len() > MAX_PLACES || codes.len() != n {
            continue;
        }
        let arity = labels.len();
        let place = Encoded { col: c, enc: Encoding::Categorical { labels, x: None }, codes, arity };
        let Some(model) = conditional(&place, country, n) else { continue };
        added.push(DependenceNode {
            column: c.name.clone(),
            parent: country.col.name.clone(),
            via: None,
            strength: adjusted_mi(&place, country, n).max(0.0),
            model,
            parent_shares: None,
        });
        if c.place == Some(Place::City) && city.is_none() {
            city = Some(place);
        }
    }
    nodes.extend(added);
    if let Some(city) = city {
        region_follows_city(&city, encoded, country, nodes, n);
    }
}

/// A region drawn in the tree (a category: a customer's state) and a city drawn given the
/// country beside it would disagree (Orlando, CA). The three are chained instead, keeping the
/// tree's link to the rest of the row: where the tree draws the country given the region, the
/// city is drawn given the region and the country given the city (a stateless country's city
/// still brings its country); elsewhere the region is drawn given the city. Left as it is when
/// the region comes from a parent row, or when the chain would go round.
fn region_follows_city(
    city: &Encoded,
    encoded: &[Encoded],
    country: &Encoded,
    nodes: &mut Vec<DependenceNode>,
    n: usize,
) {
    let Some(region) = encoded.iter().find(|e| e.col.via.is_none() && !e.col.key && e.col.place == Some(Place::Region))
    else {
        return;
    };
    let (r, k, c) = (region.col.name.as_str(), country.col.name.as_str(), city.col.name.as_str());
    let node_of = |nodes: &[DependenceNode], col: &str| nodes.iter().position(|d| d.column == col);
    let own_parent = |nodes: &[DependenceNode], col: &str| {
        node_of(nodes, col).and_then(|i| nodes[i].via.is_none().then(|| nodes[i].parent.clone()))
    };
    // Whether `from`'s own-table ancestors include one of `avoid`.
    let reaches = |nodes: &[DependenceNode], from: &str, avoid: &[&str]| {
        let mut at = Some(from.to_string());
        for _ in 0..=nodes.len() {
            match at {
                Some(p) if avoid.contains(&p.as_str()) => return true,
                Some(p) => at = own_parent(nodes, &p),
                None => return false,
            }
        }
        true
    };
    if nodes.iter().any(|d| d.column == r && d.via.is_some()) {
        return;
    }
    let link = |child: &Encoded, parent: &Encoded| {
        conditional(child, parent, n).map(|model| DependenceNode {
            column: child.col.name.clone(),
            parent: parent.col.name.clone(),
            via: None,
            strength: adjusted_mi(child, parent, n).max(0.0),
            model,
            parent_shares: None,
        })
    };
    let put = |nodes: &mut Vec<DependenceNode>, node: DependenceNode| match node_of(nodes, &node.column) {
        Some(i) => nodes[i] = node,
        None => nodes.push(node),
    };
    if own_parent(nodes, k).as_deref() == Some(r) {
        // region → city → country; the region keeps its place in the tree.
        if reaches(nodes, r, &[k, c]) {
            return;
        }
        let (Some(city_node), Some(country_node)) = (link(city, region), link(country, city)) else { return };
        put(nodes, city_node);
        put(nodes, country_node);
        return;
    }
    // country → city → region; the region's own parent, if any, was the country or is given up.
    let own_k = own_parent(nodes, k);
    if own_k.is_some_and(|p| reaches(nodes, &p, &[r, c])) {
        return;
    }
    let Some(region_node) = link(region, city) else { return };
    put(nodes, region_node);
}

//! Values of the types PostgreSQL reads from text and that have no number line: network
//! addresses, bit strings, geometric shapes, documents (xml, tsquery, jsonpath, hstore, ltree),
//! system types (`"char"`, `tid`, `xid`, snapshots, `aclitem`, the `reg*` types), PostGIS shapes
//! and pgvector vectors. Each is written as the literal its input function reads, so the database
//! parses (and so checks) every value, typmods included.
//!
//! A [`Literal`] draws a typical value ([`Literal::draw`]) and, for unique columns, the `n`-th of
//! distinct values ([`Literal::nth`], distinct for every `n` below [`Literal::capacity`]): unique
//! keys come from a bijection of the row's slot, like every other carrier of `unique`.

mod document;
mod geometric;
mod network;
mod spatial;
mod system;

#[cfg(test)]
mod tests;

pub use geometric::Shape;
pub use network::Addresses;
pub use spatial::Spatial;
pub use system::RegKind;

use crate::profile::{TypeInfo, TypeKind};
use crate::rng::Stream;

/// How the values of one column are written.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `"char"`: one printable ASCII character.
    SingleChar,
    Inet(Addresses),
    Cidr,
    Macaddr,
    Macaddr8,
    /// `bit(len)`, or `bit varying(len)` of 1 to `len` bits.
    Bits {
        len: usize,
        varying: bool,
    },
    Geometric(Shape),
    Xml,
    Tsquery,
    Jsonpath,
    Hstore,
    /// Label paths; `tree`: paths share their prefixes, as a hierarchy's do.
    Ltree {
        tree: bool,
        seed: u64,
    },
    Spatial(Spatial),
    /// A pgvector `vector` of `dims` dimensions, of unit length.
    Vector {
        dims: usize,
    },
    Tid,
    Xid,
    Xid8,
    Cid,
    Snapshot,
    Aclitem,
    Refcursor,
    Reg(RegKind),
    /// A `cube` point of three coordinates (the type has no declared dimension).
    Cube,
    /// An EAN-13 of extension isn's type: its prefix and how many digits are free.
    ProductNumber {
        prefix: &'static str,
        free: u32,
    },
}

impl Literal {
    /// The literal form of values of `ty` in a column named `column` (its name says what kind of
    /// addresses or shapes), or `None` when the type is not one of these. `seed` keys what is
    /// fixed per column (an ltree column's hierarchy).
    pub fn for_type(ty: &TypeInfo, column: &str, seed: u64) -> Option<Literal> {
        let len = ty.max_length.map(|n| n as usize);
        Some(match ty.kind {
            TypeKind::SingleChar => Literal::SingleChar,
            TypeKind::Inet => Literal::Inet(Addresses::for_column(column)),
            TypeKind::Cidr => Literal::Cidr,
            TypeKind::Macaddr => Literal::Macaddr,
            TypeKind::Macaddr8 => Literal::Macaddr8,
            TypeKind::Bit => Literal::Bits { len: len.unwrap_or(1).max(1), varying: false },
            TypeKind::Varbit => Literal::Bits { len: len.unwrap_or(32).max(1), varying: true },
            TypeKind::Point => Literal::Geometric(Shape::point(column)),
            TypeKind::Line => Literal::Geometric(Shape::Line),
            TypeKind::Lseg => Literal::Geometric(Shape::Lseg),
            TypeKind::Box => Literal::Geometric(Shape::Box),
            TypeKind::Path => Literal::Geometric(Shape::Path),
            TypeKind::Polygon => Literal::Geometric(Shape::Polygon),
            TypeKind::Circle => Literal::Geometric(Shape::Circle),
            TypeKind::Xml => Literal::Xml,
            TypeKind::Tsquery => Literal::Tsquery,
            TypeKind::Jsonpath => Literal::Jsonpath,
            TypeKind::Hstore => Literal::Hstore,
            TypeKind::Ltree => Literal::Ltree { tree: true, seed },
            TypeKind::Geometry | TypeKind::Geography => Literal::Spatial(Spatial::new(ty)),
            TypeKind::Vector => Literal::Vector { dims: len.unwrap_or(3).max(1) },
            TypeKind::Tid => Literal::Tid,
            TypeKind::Xid => Literal::Xid,
            TypeKind::Xid8 => Literal::Xid8,
            TypeKind::Cid => Literal::Cid,
            TypeKind::Snapshot => Literal::Snapshot,
            TypeKind::Aclitem => Literal::Aclitem,
            TypeKind::Refcursor => Literal::Refcursor,
            TypeKind::Reg => Literal::Reg(RegKind::from_type_name(&ty.name)?),
            TypeKind::Isn => product_number(&ty.name),
            TypeKind::Cube => Literal::Cube,
            _ => return None,
        })
    }

    /// A typical value.
    pub fn draw(&self, s: &mut Stream) -> String {
        match self {
            // Codes first: a `"char"` column holds a kind (`r`, `v`, `m`).
            Literal::SingleChar => system::single_char(s.below(26)),
            Literal::Inet(a) => a.draw(s),
            Literal::Cidr => network::cidr(s),
            Literal::Macaddr => network::macaddr(s, 6),
            Literal::Macaddr8 => network::macaddr(s, 8),
            Literal::Bits { len, varying } => {
                let n = if *varying { 1 + s.index(*len) } else { *len };
                (0..n).map(|_| if s.chance(0.5) { '1' } else { '0' }).collect()
            }
            Literal::Geometric(shape) => shape.draw(s),
            Literal::Xml => document::xml(s),
            Literal::Tsquery => document::tsquery(s),
            Literal::Jsonpath => document::jsonpath(s),
            Literal::Hstore => document::hstore(s),
            Literal::Ltree { tree, seed } => document::ltree(s, *tree, *seed),
            Literal::Spatial(sp) => sp.draw(s),
            Literal::Vector { dims } => vector(s, *dims, None),
            Literal::Tid => format!("({},{})", s.below(100_000), 1 + s.below(200)),
            Literal::Xid | Literal::Cid => (3 + s.below(4_000_000)).to_string(),
            Literal::Xid8 => (3 + s.below(4_000_000_000)).to_string(),
            Literal::Snapshot => system::snapshot(s),
            Literal::Aclitem => system::aclitem(s),
            Literal::Refcursor => format!("cursor_{}", s.below(1000)),
            Literal::Reg(r) => r.draw(s),
            Literal::ProductNumber { prefix, free } => ean13(prefix, s.below(10u64.pow(*free)), *free),
            Literal::Cube => cube(None, s),
        }
    }

    /// How many distinct values [`Literal::nth`] gives (`0`: the type has no equality, so no
    /// unique key can hold it).
    pub fn capacity(&self) -> u64 {
        match self {
            Literal::SingleChar => system::SINGLE_CHARS,
            Literal::Inet(_) | Literal::Cidr | Literal::Xid8 | Literal::Refcursor => u64::MAX,
            Literal::Macaddr | Literal::Macaddr8 => network::mac_capacity(),
            Literal::Bits { len, .. } => 1u64.checked_shl(*len as u32).unwrap_or(u64::MAX),
            // Only boxes among the geometric types have a B-tree operator class (by area).
            Literal::Geometric(_) | Literal::Xml | Literal::Tsquery | Literal::Jsonpath => 0,
            Literal::Hstore | Literal::Ltree { .. } | Literal::Spatial(_) | Literal::Vector { .. } => u64::MAX,
            Literal::Tid => u64::from(u32::MAX),
            Literal::Xid | Literal::Cid => u64::from(u32::MAX) - 3,
            Literal::Snapshot | Literal::Aclitem => 0,
            Literal::Reg(r) => r.capacity(),
            Literal::ProductNumber { free, .. } => 10u64.pow(*free),
            Literal::Cube => u64::MAX,
        }
    }

    /// How many of the distinct values look like the type's usual ones (IPv4 before IPv6,
    /// private networks of a LAN): a unique key walks these first.
    pub fn natural(&self) -> u64 {
        match self {
            Literal::Inet(a) => a.natural(),
            Literal::Cidr => 1 << 16,
            Literal::Xid8 | Literal::Refcursor | Literal::Hstore => 1 << 32,
            // Paths of at most five levels below the root; tuples of a table of a million blocks.
            Literal::Ltree { .. } => 9330,
            Literal::Tid => 200 << 20,
            Literal::Spatial(_) | Literal::Vector { .. } => 1 << 40,
            // Points a million apart at most along their first axis.
            Literal::Cube => 1 << 20,
            _ => self.capacity(),
        }
    }

    /// The `n`-th of [`Literal::capacity`] distinct values; the rest of the value (what does not
    /// tell values apart) is drawn from `s`.
    pub fn nth(&self, n: u64, s: &mut Stream) -> String {
        match self {
            Literal::SingleChar => system::single_char(n % system::SINGLE_CHARS),
            Literal::Inet(a) => a.nth(n),
            Literal::Cidr => network::cidr_nth(n),
            Literal::Macaddr => network::macaddr_nth(n, 6),
            Literal::Macaddr8 => network::macaddr_nth(n, 8),
            Literal::Bits { len, varying } => {
                // Varying strings keep their length: the number in binary, at full length.
                let _ = varying;
                (0..*len).rev().map(|b| if b < 64 && (n >> b) & 1 == 1 { '1' } else { '0' }).collect()
            }
            Literal::Hstore => document::hstore_nth(n, s),
            Literal::Ltree { seed, .. } => document::ltree_nth(n, *seed),
            Literal::Spatial(sp) => sp.nth(n, s),
            Literal::Vector { dims } => vector(s, *dims, Some(n)),
            Literal::Tid => format!("({},{})", n / 200, 1 + n % 200),
            Literal::Xid | Literal::Cid => (3 + n).to_string(),
            Literal::Xid8 => (3u64.saturating_add(n)).to_string(),
            Literal::Refcursor => format!("cursor_{n}"),
            Literal::Reg(r) => r.nth(n),
            Literal::ProductNumber { prefix, free } => ean13(prefix, n % 10u64.pow(*free), *free),
            Literal::Cube => cube(Some(n), s),
            Literal::Geometric(_)
            | Literal::Xml
            | Literal::Tsquery
            | Literal::Jsonpath
            | Literal::Snapshot
            | Literal::Aclitem => self.draw(s),
        }
    }
}

/// A vector of unit length with components drawn from a normal distribution (how embeddings
/// spread). With `n`, the first component holds `n` millionths exactly, so vectors differ.
fn vector(s: &mut Stream, dims: usize, n: Option<u64>) -> String {
    let mut v: Vec<f64> = (0..dims).map(|_| gaussian(s)).collect();
    let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-12);
    for x in &mut v {
        *x /= norm;
    }
    let mut parts: Vec<String> = v.iter().map(|x| format!("{x:.6}")).collect();
    if let Some(n) = n {
        parts[0] = format!("{}.{:06}", n / 1_000_000, n % 1_000_000);
    }
    format!("[{}]", parts.join(","))
}

/// A standard normal draw (Box–Muller).
fn gaussian(s: &mut Stream) -> f64 {
    let u1 = s.unit().max(f64::MIN_POSITIVE);
    let u2 = s.unit();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// The EAN-13 prefix of an isn type and the digits left free by it (and, for an ISSN, the
/// two-digit issue variant `00` after them): books under 978, printed music under 979-0, serials
/// under 977, other goods under a GS1 country prefix (400, Germany), UPCs with a leading 0.
fn product_number(type_name: &str) -> Literal {
    let name = type_name.rsplit('.').next().unwrap_or(type_name);
    let (prefix, free) = match name {
        "isbn" | "isbn13" => ("978", 9),
        "ismn" | "ismn13" => ("9790", 8),
        "issn" | "issn13" => ("977", 7),
        "upc" => ("0", 11),
        _ => ("400", 9),
    };
    Literal::ProductNumber { prefix, free }
}

/// `prefix`, `n` in `free` digits (and `00` for serials), and the EAN-13 check digit.
fn ean13(prefix: &str, n: u64, free: u32) -> String {
    let variant = if prefix == "977" { "00" } else { "" };
    let payload = format!("{prefix}{n:0width$}{variant}", width = free as usize);
    let check = crate::semantic::checksum::ean13_check_digit(&payload);
    format!("{payload}{check}")
}

/// A point of three coordinates, `(12.5, -3, 7.25)`; with `n`, the first coordinate is `n`, so
/// that points differ.
fn cube(n: Option<u64>, s: &mut Stream) -> String {
    let mut coordinate = || ((s.unit() * 2000.0 - 1000.0) * 4.0).round() / 4.0;
    let first = n.map_or_else(&mut coordinate, |n| n as f64);
    format!("({first}, {}, {})", coordinate(), coordinate())
}

//! PostGIS `geometry` and `geography` values, as extended well-known text (`SRID=4326;POINT(2.35
//! 48.86)`): shapes of the column's subtype (any subtype gets points), with Z and M where the
//! column has them, inside a plausible extent of its SRID: near real cities for longitude and
//! latitude (and for Web Mercator, projected), inside the zone for UTM, Great Britain and France's
//! national grids, a plane of 0 to 1000 otherwise.

use crate::profile::{TypeInfo, TypeKind};
use crate::rng::Stream;

use super::geometric::convex_ring;

#[derive(Clone, Debug, PartialEq)]
pub struct Spatial {
    subtype: String,
    srid: i32,
    z: bool,
    m: bool,
}

/// Longitude and latitude of cities that points gather around.
const CITIES: [(f64, f64); 16] = [
    (2.3522, 48.8566),    // Paris
    (-0.1276, 51.5072),   // London
    (13.4050, 52.5200),   // Berlin
    (-74.0060, 40.7128),  // New York
    (-122.4194, 37.7749), // San Francisco
    (-87.6298, 41.8781),  // Chicago
    (139.6917, 35.6895),  // Tokyo
    (151.2093, -33.8688), // Sydney
    (-46.6333, -23.5505), // São Paulo
    (28.9784, 41.0082),   // Istanbul
    (77.2090, 28.6139),   // Delhi
    (-79.3832, 43.6532),  // Toronto
    (4.9041, 52.3676),    // Amsterdam
    (12.4964, 41.9028),   // Rome
    (-3.7038, 40.4168),   // Madrid
    (18.4241, -33.9249),  // Cape Town
];

/// How coordinates are laid out for an SRID.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Frame {
    /// Degrees of longitude and latitude.
    LonLat,
    /// Web Mercator metres (EPSG:3857).
    Mercator,
    /// A projected grid: x and y ranges in metres.
    Grid { x: (f64, f64), y: (f64, f64) },
    /// Unknown: a plane of 0 to 1000.
    Plane,
}

fn frame(srid: i32) -> Frame {
    match srid {
        4326 | 4258 | 4269 | 4283 | 4674 => Frame::LonLat,
        3857 | 900913 => Frame::Mercator,
        32601..=32660 => Frame::Grid { x: (166_000.0, 834_000.0), y: (0.0, 9_300_000.0) },
        32701..=32760 => Frame::Grid { x: (166_000.0, 834_000.0), y: (1_000_000.0, 10_000_000.0) },
        27700 => Frame::Grid { x: (100_000.0, 650_000.0), y: (10_000.0, 1_200_000.0) },
        2154 => Frame::Grid { x: (150_000.0, 1_200_000.0), y: (6_100_000.0, 7_100_000.0) },
        _ => Frame::Plane,
    }
}

impl Spatial {
    pub fn new(ty: &TypeInfo) -> Spatial {
        let info = ty.spatial.clone();
        let geography = ty.kind == TypeKind::Geography;
        let (subtype, srid, z, m) = match info {
            Some(i) => (i.subtype, i.srid, i.z, i.m),
            None => ("geometry".to_string(), if geography { 4326 } else { 0 }, false, false),
        };
        Spatial { subtype, srid, z, m }
    }

    /// A position near a city (or anywhere in the frame), as its coordinates in the frame.
    fn anchor(&self, s: &mut Stream) -> (f64, f64) {
        match frame(self.srid) {
            Frame::LonLat | Frame::Mercator => {
                let (lon, lat) = CITIES[s.index(CITIES.len())];
                let (lon, lat) = (lon + (s.unit() - 0.5) * 0.4, lat + (s.unit() - 0.5) * 0.3);
                self.project(lon, lat)
            }
            Frame::Grid { x, y } => (x.0 + s.unit() * (x.1 - x.0), y.0 + s.unit() * (y.1 - y.0)),
            Frame::Plane => (s.unit() * 1000.0, s.unit() * 1000.0),
        }
    }

    fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        match frame(self.srid) {
            Frame::Mercator => {
                const R: f64 = 6_378_137.0;
                let y = (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0).tan().ln() * R;
                (lon.to_radians() * R, y)
            }
            _ => (lon, lat),
        }
    }

    /// The size of a shape's neighbourhood in the frame's units: about a kilometre.
    fn unit(&self) -> f64 {
        match frame(self.srid) {
            Frame::LonLat => 0.01,
            Frame::Mercator | Frame::Grid { .. } => 1000.0,
            Frame::Plane => 10.0,
        }
    }

    fn decimals(&self) -> usize {
        match frame(self.srid) {
            Frame::LonLat => 6,
            Frame::Mercator | Frame::Grid { .. } => 2,
            Frame::Plane => 3,
        }
    }

    fn coords(&self, s: &mut Stream, x: f64, y: f64) -> String {
        let d = self.decimals();
        let mut out = format!("{x:.d$} {y:.d$}");
        if self.z {
            out.push_str(&format!(" {:.1}", s.unit() * 500.0));
        }
        if self.m {
            out.push_str(&format!(" {:.1}", s.unit() * 100.0));
        }
        out
    }

    /// The dimension marker after a type's name, and the space before its coordinates.
    fn dims(&self) -> &'static str {
        match (self.z, self.m) {
            (true, true) => " ZM ",
            (true, false) => " Z ",
            (false, true) => " M ",
            (false, false) => " ",
        }
    }

    fn point_body(&self, s: &mut Stream, at: (f64, f64)) -> String {
        format!("({})", self.coords(s, at.0, at.1))
    }

    fn line_body(&self, s: &mut Stream, at: (f64, f64)) -> String {
        let (mut x, mut y) = at;
        let n = 2 + s.index(4);
        let mut pts = Vec::with_capacity(n);
        for _ in 0..n {
            pts.push(self.coords(s, x, y));
            x += (s.unit() - 0.5) * 2.0 * self.unit();
            y += (s.unit() - 0.5) * 2.0 * self.unit();
        }
        format!("({})", pts.join(", "))
    }

    fn polygon_body(&self, s: &mut Stream, at: (f64, f64)) -> String {
        let n = 3 + s.index(5);
        let d = self.decimals();
        let r = self.unit() * (0.3 + s.unit());
        let ring = convex_ring(s, at.0, at.1, r, n);
        let mut pts: Vec<String> = ring
            .iter()
            .map(|&(x, y)| {
                let mut c = format!("{x:.d$} {y:.d$}");
                if self.z {
                    c.push_str(" 0.0");
                }
                if self.m {
                    c.push_str(" 0.0");
                }
                c
            })
            .collect();
        // A closed ring: vertices that print alike would make it invalid, so they go.
        pts.dedup();
        let first = pts[0].clone();
        pts.push(first);
        format!("(({}))", pts.join(", "))
    }

    fn body(&self, s: &mut Stream, kind: &str, at: (f64, f64)) -> String {
        match kind {
            "linestring" => format!("LINESTRING{}{}", self.dims(), self.line_body(s, at)),
            "polygon" => format!("POLYGON{}{}", self.dims(), self.polygon_body(s, at)),
            "multipoint" => {
                let n = 1 + s.index(3);
                let parts: Vec<String> = (0..n).map(|i| self.point_body(s, self.near(at, i))).collect();
                format!("MULTIPOINT{}({})", self.dims(), parts.join(", "))
            }
            "multilinestring" => {
                let n = 1 + s.index(3);
                let parts: Vec<String> = (0..n).map(|i| self.line_body(s, self.near(at, i))).collect();
                format!("MULTILINESTRING{}({})", self.dims(), parts.join(", "))
            }
            "multipolygon" => {
                // Polygons side by side, three units apart: they never overlap.
                let n = 1 + s.index(3);
                let parts: Vec<String> = (0..n).map(|i| self.polygon_body(s, self.near(at, i))).collect();
                format!("MULTIPOLYGON{}({})", self.dims(), parts.join(", "))
            }
            "geometrycollection" => format!(
                "GEOMETRYCOLLECTION{}(POINT{}{}, LINESTRING{}{})",
                self.dims(),
                self.dims(),
                self.point_body(s, at),
                self.dims(),
                self.line_body(s, self.near(at, 1))
            ),
            _ => format!("POINT{}{}", self.dims(), self.point_body(s, at)),
        }
    }

    fn near(&self, at: (f64, f64), i: usize) -> (f64, f64) {
        (at.0 + 3.0 * self.unit() * i as f64, at.1)
    }

    fn ewkt(&self, body: String) -> String {
        if self.srid > 0 {
            format!("SRID={};{body}", self.srid)
        } else {
            body
        }
    }

    pub fn draw(&self, s: &mut Stream) -> String {
        let at = self.anchor(s);
        let body = self.body(s, &self.subtype.clone(), at);
        self.ewkt(body)
    }

    /// Distinct shapes: the `n`-th is anchored on a lattice point of its own, a thousandth of a
    /// unit apart, around the first city (or origin) of the frame.
    pub fn nth(&self, n: u64, s: &mut Stream) -> String {
        let step = self.unit() / 1000.0;
        let origin = match frame(self.srid) {
            Frame::LonLat | Frame::Mercator => self.project(CITIES[0].0, CITIES[0].1),
            Frame::Grid { x, y } => (x.0, y.0),
            Frame::Plane => (0.0, 0.0),
        };
        let (i, j) = (n % 1_000_000, n / 1_000_000);
        let at = (origin.0 + step * i as f64, origin.1 + step * j as f64);
        let body = self.body(s, &self.subtype.clone(), at);
        self.ewkt(body)
    }
}

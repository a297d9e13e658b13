//! PostgreSQL's geometric types: `point`, `line`, `lseg`, `box`, `path`, `polygon`, `circle`.
//! Shapes sit on a plane of 0 to 1000 in both directions (two decimals), or, for a point whose
//! column speaks of a place (`location`, `coords`, `lonlat`), at a longitude and latitude.

use crate::rng::Stream;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Point { lon_lat: bool },
    Line,
    Lseg,
    Box,
    Path,
    Polygon,
    Circle,
}

const SIDE: f64 = 1000.0;

impl Shape {
    pub fn point(column: &str) -> Shape {
        let n = column.to_lowercase();
        let place = ["location", "coord", "lonlat", "latlon", "lat_lon", "lon_lat", "geo", "position", "place"];
        Shape::Point { lon_lat: place.iter().any(|p| n.contains(p)) }
    }

    pub fn draw(&self, s: &mut Stream) -> String {
        match self {
            Shape::Point { lon_lat: true } => {
                let (x, y) = (s.unit() * 360.0 - 180.0, s.unit() * 140.0 - 60.0);
                format!("({x:.5},{y:.5})")
            }
            Shape::Point { lon_lat: false } => pair(coord(s), coord(s)),
            Shape::Line => {
                // a·x + b·y + c = 0 with a and b not both zero.
                let a = round2(s.unit() * 20.0 - 10.0);
                let b = round2(s.unit() * 20.0 - 10.0);
                let b = if a == 0.0 && b == 0.0 { 1.0 } else { b };
                format!("{{{a},{b},{}}}", round2(s.unit() * 2000.0 - 1000.0))
            }
            Shape::Lseg => {
                let (x, y) = (coord(s), coord(s));
                let (dx, dy) = (step(s), step(s));
                format!("[{},{}]", pair(x, y), pair(clamp(x + dx), clamp(y + dy)))
            }
            Shape::Box => {
                let (x, y) = (coord(s), coord(s));
                let (w, h) = (1.0 + round2(s.unit() * 99.0), 1.0 + round2(s.unit() * 99.0));
                format!("{},{}", pair(round2(x + w), round2(y + h)), pair(x, y))
            }
            Shape::Path => {
                let n = 2 + s.index(5);
                let pts = walk(s, n);
                if s.chance(0.3) && n >= 3 {
                    format!("({pts})")
                } else {
                    format!("[{pts}]")
                }
            }
            Shape::Polygon => {
                let (cx, cy) = (coord(s), coord(s));
                let r = 5.0 + s.unit() * 45.0;
                let n = 3 + s.index(6);
                let ring = convex_ring(s, cx, cy, r, n);
                format!("({})", ring.iter().map(|(x, y)| pair(round2(*x), round2(*y))).collect::<Vec<_>>().join(","))
            }
            Shape::Circle => {
                let r = round2(1.0 + s.unit() * 49.0);
                format!("<{},{r}>", pair(coord(s), coord(s)))
            }
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn coord(s: &mut Stream) -> f64 {
    round2(s.unit() * SIDE)
}

fn clamp(x: f64) -> f64 {
    round2(x.clamp(0.0, SIDE))
}

/// A step of a segment or a path: 1 to 50 units either way.
fn step(s: &mut Stream) -> f64 {
    let d = 1.0 + s.unit() * 49.0;
    if s.chance(0.5) {
        d
    } else {
        -d
    }
}

fn pair(x: f64, y: f64) -> String {
    format!("({x},{y})")
}

/// `n` points of a walk from a random start, as `(x,y),(x,y),…`.
fn walk(s: &mut Stream, n: usize) -> String {
    let (mut x, mut y) = (coord(s), coord(s));
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(pair(x, y));
        x = clamp(x + step(s));
        y = clamp(y + step(s));
    }
    out.join(",")
}

/// The vertices of a convex polygon of `n` vertices around (cx, cy) at radius about `r`: angles
/// in increasing order, so the ring never crosses itself.
pub(super) fn convex_ring(s: &mut Stream, cx: f64, cy: f64, r: f64, n: usize) -> Vec<(f64, f64)> {
    let mut angles: Vec<f64> = (0..n).map(|_| s.unit() * std::f64::consts::TAU).collect();
    angles.sort_by(f64::total_cmp);
    // Vertices too close together in angle would round onto one point: spread them evenly, with
    // a jitter of a quarter of the gap.
    let gap = std::f64::consts::TAU / n as f64;
    let start = angles[0];
    (0..n)
        .map(|i| {
            let a = start + gap * i as f64 + (s.unit() - 0.5) * gap * 0.5;
            let rr = r * (0.8 + 0.2 * s.unit());
            (cx + rr * a.cos(), cy + rr * a.sin())
        })
        .collect()
}

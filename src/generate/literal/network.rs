//! Network addresses: `inet`, `cidr`, `macaddr` and `macaddr8`.

use crate::rng::Stream;

/// What a column's addresses look like, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Addresses {
    /// Clients seen from a server (`last_sign_in_ip`, `remote_addr`, `client_ip`): public
    /// addresses, one in five IPv6.
    Clients,
    /// Hosts of a network (`host`, `server_ip`, anything else): private addresses, a few with a
    /// netmask.
    Hosts,
}

impl Addresses {
    pub fn for_column(column: &str) -> Addresses {
        let n = column.to_lowercase();
        const CLIENT: [&str; 9] =
            ["client", "remote", "sign_in", "signin", "login", "visitor", "user", "request", "ip"];
        const HOST: [&str; 5] = ["host", "server", "gateway", "router", "node"];
        if HOST.iter().any(|h| n.contains(h)) {
            Addresses::Hosts
        } else if CLIENT.iter().any(|c| n.contains(c)) {
            Addresses::Clients
        } else {
            Addresses::Hosts
        }
    }

    pub fn draw(&self, s: &mut Stream) -> String {
        match self {
            Addresses::Clients if s.chance(0.2) => format!(
                "2{:03x}:{:x}:{:x}:{:x}::{:x}",
                s.below(0x400) + 0x400,
                s.below(0x10000),
                s.below(0x10000),
                s.below(0x10000),
                1 + s.below(0xffff)
            ),
            Addresses::Clients => public_ipv4(s.next_u64()),
            Addresses::Hosts => {
                let host = if s.chance(0.7) {
                    format!("10.{}.{}.{}", s.below(256), s.below(256), 1 + s.below(254))
                } else {
                    format!("192.168.{}.{}", s.below(256), 1 + s.below(254))
                };
                if s.chance(0.1) {
                    format!("{host}/24")
                } else {
                    host
                }
            }
        }
    }

    /// How many addresses [`Addresses::nth`] gives before it turns to IPv6.
    pub fn natural(&self) -> u64 {
        match self {
            Addresses::Clients => PUBLIC_V4,
            Addresses::Hosts => (1 << 24) + (1 << 20),
        }
    }

    /// Distinct for every `n`: IPv4 addresses (public ones for clients, 10.0.0.0/8 then
    /// 172.16.0.0/12 for hosts) while they last, then IPv6 addresses of 2001:db8::/32.
    pub fn nth(&self, n: u64) -> String {
        match self {
            Addresses::Clients if n < PUBLIC_V4 => public_ipv4_nth(n),
            Addresses::Hosts if n < 1 << 24 => dotted((10 << 24) | n as u32),
            Addresses::Hosts if n < (1 << 24) + (1 << 20) => dotted((172 << 24) | (16 << 16) | (n - (1 << 24)) as u32),
            _ => format!(
                "2001:db8:{:x}:{:x}:{:x}:{:x}::1",
                (n >> 48) & 0xffff,
                (n >> 32) & 0xffff,
                (n >> 16) & 0xffff,
                n & 0xffff
            ),
        }
    }
}

fn dotted(a: u32) -> String {
    let b = a.to_be_bytes();
    format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
}

/// First octets of public unicast IPv4 space that synthdata uses: 1–223 without 10 (private),
/// 100 (shared), 127 (loopback), 169 and 172 and 192 (link-local and private blocks live there).
const PUBLIC_FIRST: [u8; 9] = [10, 100, 127, 169, 172, 192, 198, 203, 0];

fn is_public_first(o: u64) -> bool {
    (1..=223).contains(&o) && !PUBLIC_FIRST.contains(&(o as u8))
}

/// The number of addresses [`public_ipv4_nth`] enumerates: every address of the public first
/// octets.
const PUBLIC_V4: u64 = 215 << 24;

/// A public-looking IPv4 address from 64 random bits; the last octet is neither 0 nor 255,
/// which read as a network and a broadcast address.
fn public_ipv4(bits: u64) -> String {
    let n = bits % PUBLIC_V4;
    let last = n & 0xff;
    public_ipv4_nth(if last == 0 || last == 255 { (n & !0xff) | (1 + last % 253) } else { n })
}

/// The `n`-th address of the public first octets (`n` below [`PUBLIC_V4`]).
fn public_ipv4_nth(n: u64) -> String {
    let (mut k, low) = (n >> 24, (n & 0xff_ffff) as u32);
    let mut first = 0u64;
    for o in 1..=223u64 {
        if is_public_first(o) {
            if k == 0 {
                first = o;
                break;
            }
            k -= 1;
        }
    }
    dotted(((first as u32) << 24) | low)
}

/// A network: a /16 to /28 of private space, host bits zero as `cidr` requires.
pub fn cidr(s: &mut Stream) -> String {
    let prefix = [16u32, 20, 22, 24, 24, 24, 26, 28][s.index(8)];
    let addr = (10u32 << 24) | (s.next_u64() as u32 & 0x00ff_ffff);
    let mask = u32::MAX << (32 - prefix);
    format!("{}/{prefix}", dotted(addr & mask))
}

/// Distinct networks: the /24s of 10.0.0.0/8, then /64s of 2001:db8::/32.
pub fn cidr_nth(n: u64) -> String {
    if n < 1 << 16 {
        format!("{}/24", dotted((10 << 24) | ((n as u32) << 8)))
    } else {
        format!("2001:db8:{:x}:{:x}::/64", (n >> 16) & 0xffff, n & 0xffff)
    }
}

/// Organizationally unique identifiers of real network card makers: a MAC address starts with
/// its maker's.
const OUIS: [[u8; 3]; 12] = [
    [0x00, 0x1b, 0x21], // Intel
    [0x3c, 0x22, 0xfb], // Apple
    [0x00, 0x50, 0x56], // VMware
    [0x00, 0x14, 0x22], // Dell
    [0xb8, 0x27, 0xeb], // Raspberry Pi
    [0x00, 0x1a, 0xa0], // Dell
    [0xf4, 0xf5, 0xd8], // Google
    [0x00, 0x0c, 0x29], // VMware
    [0x00, 0x25, 0x90], // Super Micro
    [0x00, 0xe0, 0x4c], // Realtek
    [0xac, 0xde, 0x48], // private use
    [0x52, 0x54, 0x00], // QEMU/KVM
];

pub fn mac_capacity() -> u64 {
    OUIS.len() as u64 * (1 << 24)
}

fn mac_text(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

/// A MAC address of `len` bytes (6 or 8) with a maker's prefix.
pub fn macaddr(s: &mut Stream, len: usize) -> String {
    let oui = OUIS[s.index(OUIS.len())];
    let tail = s.next_u64().to_be_bytes();
    let mut b = oui.to_vec();
    b.extend_from_slice(&tail[..len - 3]);
    mac_text(&b)
}

/// Distinct MAC addresses: the maker and the last three bytes number them.
pub fn macaddr_nth(n: u64, len: usize) -> String {
    let oui = OUIS[((n >> 24) % OUIS.len() as u64) as usize];
    let nic = (n & 0xff_ffff) as u32;
    let mut b = oui.to_vec();
    if len == 8 {
        // EUI-64 from a MAC address: FF:FE in the middle.
        b.extend_from_slice(&[0xff, 0xfe]);
    }
    b.extend_from_slice(&nic.to_be_bytes()[1..]);
    mac_text(&b)
}

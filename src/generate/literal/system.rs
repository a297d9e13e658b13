//! PostgreSQL's system types as application columns hold them: `"char"`, snapshots, `aclitem`
//! and the object identifier types (`regclass`, `regtype` …), whose values name objects every
//! database has (so that their input functions find them).

use crate::rng::Stream;

/// Printable ASCII without the space: the values of a `"char"` column.
pub const SINGLE_CHARS: u64 = 94;

/// Codes first (`"char"` columns hold kinds such as `r`, `v`, `m`), then the rest of printable
/// ASCII: `n` below [`SINGLE_CHARS`].
pub fn single_char(n: u64) -> String {
    const CODES: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    let n = n % SINGLE_CHARS;
    if n < CODES.len() as u64 {
        return (CODES[n as usize] as char).to_string();
    }
    // The other 68 printable characters, in code order, skipping the lower-case letters.
    let mut k = n - CODES.len() as u64;
    for c in 33u8..=126 {
        if c.is_ascii_lowercase() {
            continue;
        }
        if k == 0 {
            return (c as char).to_string();
        }
        k -= 1;
    }
    "x".into()
}

/// A snapshot `xmin:xmax:xip,…`: transactions in progress between its bounds.
pub fn snapshot(s: &mut Stream) -> String {
    let xmin = 1000 + s.below(1_000_000);
    let span = 1 + s.below(20);
    let mut xip: Vec<u64> = (0..s.below(4)).map(|_| xmin + s.below(span)).collect();
    xip.sort_unstable();
    xip.dedup();
    let list: Vec<String> = xip.iter().map(u64::to_string).collect();
    format!("{xmin}:{}:{}", xmin + span, list.join(","))
}

/// Predefined roles, which every cluster of PostgreSQL 15 and later has.
const ROLES: [&str; 4] = ["pg_monitor", "pg_read_all_stats", "pg_signal_backend", "pg_read_all_settings"];

/// A privilege granted by one predefined role to another, or to PUBLIC: `pg_monitor=r/pg_monitor`.
pub fn aclitem(s: &mut Stream) -> String {
    const PRIVILEGES: [&str; 6] = ["r", "arwd", "r*", "arwdDxt", "U", "X"];
    let grantee = if s.chance(0.2) { "" } else { ROLES[s.index(ROLES.len())] };
    format!("{grantee}={}/{}", PRIVILEGES[s.index(PRIVILEGES.len())], ROLES[s.index(ROLES.len())])
}

/// Which object identifier type a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegKind {
    Class,
    Type,
    Proc,
    Procedure,
    Oper,
    Operator,
    Config,
    Dictionary,
    Namespace,
    Role,
    Collation,
}

impl RegKind {
    pub fn from_type_name(name: &str) -> Option<RegKind> {
        Some(match name {
            "regclass" => RegKind::Class,
            "regtype" => RegKind::Type,
            "regproc" => RegKind::Proc,
            "regprocedure" => RegKind::Procedure,
            "regoper" => RegKind::Oper,
            "regoperator" => RegKind::Operator,
            "regconfig" => RegKind::Config,
            "regdictionary" => RegKind::Dictionary,
            "regnamespace" => RegKind::Namespace,
            "regrole" => RegKind::Role,
            "regcollation" => RegKind::Collation,
            _ => return None,
        })
    }

    /// Objects of the kind that every database has, named so that the input function finds
    /// exactly one (functions and operators of a single definition).
    fn names(self) -> &'static [&'static str] {
        match self {
            RegKind::Class => &["pg_class", "pg_type", "pg_proc", "pg_namespace", "pg_attribute", "pg_index"],
            RegKind::Type => &["integer", "text", "boolean", "date", "numeric", "bigint", "jsonb", "uuid"],
            RegKind::Proc => &["now", "version", "timeofday", "pg_backend_pid", "current_database", "clock_timestamp"],
            RegKind::Procedure => &["now()", "lower(text)", "upper(text)", "length(text)", "abs(integer)", "md5(text)"],
            RegKind::Oper => &["|/", "||/", "#-"],
            RegKind::Operator => {
                &["+(integer,integer)", "*(integer,integer)", "||(text,text)", "=(text,text)", "<(date,date)"]
            }
            RegKind::Config => &["simple", "english", "french", "german"],
            RegKind::Dictionary => &["simple", "english_stem", "french_stem", "german_stem"],
            RegKind::Namespace => &["pg_catalog", "information_schema", "pg_toast"],
            RegKind::Role => &ROLES,
            RegKind::Collation => &["\"C\"", "\"POSIX\"", "ucs_basic", "\"default\""],
        }
    }

    pub fn draw(self, s: &mut Stream) -> String {
        let names = self.names();
        names[s.index(names.len())].to_string()
    }

    pub fn capacity(self) -> u64 {
        self.names().len() as u64
    }

    pub fn nth(self, n: u64) -> String {
        let names = self.names();
        names[(n % names.len() as u64) as usize].to_string()
    }
}

//! Static anonymization without a database: the rules of `synth_anonymize` and the plan that
//! rewrites a table with them.
//!
//! * [`rules`] parses and checks the rules document (`{"email": "pseudonymize", "phone": {"mask":
//!   "digits"}, …}`) against the table's columns and turns each rule into a SQL expression over the
//!   masking functions of the extension (`synth_pseudonymize_email(col::text)` …), so a rule means
//!   exactly what the function it names means.
//! * [`plan`] decides what each pass rewrites: the plain columns of the table in one pass, and each
//!   pseudonymized key column (unique, or referenced by foreign keys) with every column that
//!   references it, table by table, through a temporary value when the pseudonym is a bijection of
//!   the key's own domain (so that unique indexes, checked row by row, never see two rows with one
//!   value). It also writes the SQL of every batch statement.
//!
//! The PostgreSQL-facing part (`rewrite::anonymize`) reads the catalog into [`Catalog`], runs the statements
//! in batches and reports progress; everything here is plain Rust, tested with `cargo test`.

pub mod plan;
pub mod rules;

#[cfg(test)]
mod tests;

/// What the rules need to know of a column's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColType {
    /// `text`, `varchar`, `char` and the other string types.
    Text,
    /// `smallint`, `integer`, `bigint` (or a domain over one), with the type's range.
    Int {
        min: i64,
        max: i64,
    },
    Numeric,
    Float,
    Date,
    Timestamp,
    TimestampTz,
    Uuid,
    Inet,
    Other,
}

impl ColType {
    pub fn is_number(self) -> bool {
        matches!(self, ColType::Int { .. } | ColType::Numeric | ColType::Float)
    }

    pub fn is_date(self) -> bool {
        matches!(self, ColType::Date | ColType::Timestamp | ColType::TimestampTz)
    }
}

/// A column of a table, as the catalog describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    pub ty: ColType,
    /// The type as SQL writes it: `character varying(50)`, `integer`, `public.email_domain`.
    pub sql_type: String,
    /// The length limit of `varchar(n)` and `char(n)`.
    pub max_chars: Option<u32>,
    pub not_null: bool,
    /// A generated column (`GENERATED ALWAYS AS (…) STORED`).
    pub generated: bool,
    /// An identity column `GENERATED ALWAYS`, which UPDATE can only set to DEFAULT.
    pub identity_always: bool,
    /// Part of a unique index (primary key, unique constraint) or an exclusion constraint.
    pub unique: bool,
    /// The column's personal-data category (`synth_sensitive_columns`), if any.
    pub category: Option<String>,
}

/// A table: its name as SQL writes it (`public.orders`, quoted where needed) and its columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// What a foreign key does when its referenced key changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnUpdate {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl OnUpdate {
    /// From `pg_constraint.confupdtype`.
    pub fn from_code(code: &str) -> OnUpdate {
        match code {
            "r" => OnUpdate::Restrict,
            "c" => OnUpdate::Cascade,
            "n" => OnUpdate::SetNull,
            "d" => OnUpdate::SetDefault,
            _ => OnUpdate::NoAction,
        }
    }

    pub fn sql(self) -> &'static str {
        match self {
            OnUpdate::NoAction => "NO ACTION",
            OnUpdate::Restrict => "RESTRICT",
            OnUpdate::Cascade => "CASCADE",
            OnUpdate::SetNull => "SET NULL",
            OnUpdate::SetDefault => "SET DEFAULT",
        }
    }
}

/// A foreign key between two tables of a [`Catalog`] (indexes into `tables`).
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignKey {
    pub name: String,
    pub child: usize,
    pub child_columns: Vec<String>,
    pub parent: usize,
    pub parent_columns: Vec<String>,
    pub on_update: OnUpdate,
}

/// The table being anonymized (`tables[0]`), the tables that reference it (directly or through
/// other referencing tables) and those it references, with the foreign keys between them.
#[derive(Clone, Debug, PartialEq)]
pub struct Catalog {
    pub tables: Vec<Table>,
    pub foreign_keys: Vec<ForeignKey>,
}

impl Catalog {
    pub fn root(&self) -> &Table {
        &self.tables[0]
    }
}

/// `name` as a quoted SQL identifier (always quoted: correct for every name).
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `text` as a SQL string literal (an escape string, correct whatever
/// `standard_conforming_strings` says).
pub fn literal(text: &str) -> String {
    format!("E'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}

//! Profiles built by hand for the engine's tests: a column of a kind, a table of columns, a foreign key.

use super::*;

pub fn ty(kind: TypeKind) -> TypeInfo {
    TypeInfo {
        name: format!("{kind:?}").to_lowercase(),
        kind,
        max_length: None,
        precision: None,
        scale: None,
        element: None,
        enum_labels: None,
        domain: None,
        fields: None,
        spatial: None,
    }
}

pub fn col(name: &str, kind: TypeKind, not_null: bool) -> ColumnProfile {
    ColumnProfile {
        name: name.into(),
        ty: ty(kind),
        not_null,
        default: None,
        identity: None,
        generated: None,
        left_to_default: false,
        stats: None,
        categories: None,
        sensitive: None,
        content: None,
        weekly: None,
    }
}

pub fn table(name: &str, columns: Vec<ColumnProfile>) -> TableProfile {
    TableProfile {
        format_version: FORMAT_VERSION,
        table: TableInfo {
            schema: "public".into(),
            name: name.into(),
            kind: "table".into(),
            reltuples: -1.0,
            analyzed: false,
            partition_bound: None,
        },
        columns,
        primary_key: None,
        unique: vec![],
        checks: vec![],
        foreign_keys: vec![],
        exclusions: vec![],
        partitioning: None,
        dependence: None,
        new_rows: None,
    }
}

/// Foreign key `name` on `column` referencing `public.ref_table(ref_column)`, declared on the
/// table itself, not deferrable.
pub fn foreign_key(name: &str, column: &str, ref_table: &str, ref_column: &str) -> ForeignKey {
    ForeignKey {
        name: name.into(),
        columns: vec![column.into()],
        ref_schema: "public".into(),
        ref_table: ref_table.into(),
        ref_columns: vec![ref_column.into()],
        declared_on: None,
        deferrable: false,
    }
}

//! Types of SQL arguments and results that pgrx does not provide: a table as `regclass`, given
//! or returned without opening the relation, and a column's `name`.

use pgrx::callconv::{Arg, ArgAbi};
use pgrx::datum::{Datum, FromDatum, UnboxDatum};
use pgrx::pg_sys;
use pgrx::pgrx_sql_entity_graph::metadata::{
    ArgumentError, ReturnsError, ReturnsRef, SqlMappingRef, SqlTranslatable, TypeOrigin,
};

/// A table, returned to SQL as `regclass` (a `PgRelation` would open the relation).
pub struct RegClass(pub pg_sys::Oid);

impl pgrx::IntoDatum for RegClass {
    fn into_datum(self) -> Option<pg_sys::Datum> {
        Some(pg_sys::Datum::from(self.0))
    }

    fn type_oid() -> pg_sys::Oid {
        pg_sys::REGCLASSOID
    }
}

unsafe impl pgrx::callconv::BoxRet for RegClass {
    unsafe fn box_into<'fcx>(self, fcinfo: &mut pgrx::callconv::FcInfo<'fcx>) -> pgrx::datum::Datum<'fcx> {
        unsafe { fcinfo.return_raw_datum(pg_sys::Datum::from(self.0)) }
    }
}

unsafe impl pgrx::pgrx_sql_entity_graph::metadata::SqlTranslatable for RegClass {
    const TYPE_IDENT: &'static str = pgrx::pgrx_resolved_type!(RegClass);
    const TYPE_ORIGIN: pgrx::pgrx_sql_entity_graph::metadata::TypeOrigin =
        pgrx::pgrx_sql_entity_graph::metadata::TypeOrigin::External;
    const ARGUMENT_SQL: Result<
        pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef,
        pgrx::pgrx_sql_entity_graph::metadata::ArgumentError,
    > = Ok(pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef::literal("regclass"));
    const RETURN_SQL: Result<
        pgrx::pgrx_sql_entity_graph::metadata::ReturnsRef,
        pgrx::pgrx_sql_entity_graph::metadata::ReturnsError,
    > = Ok(pgrx::pgrx_sql_entity_graph::metadata::ReturnsRef::One(
        pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef::literal("regclass"),
    ));
}

/// A `name` (a column's name), returned to SQL as `name`: at most 63 bytes, cut on a character
/// boundary.
pub struct SqlName(pub String);

impl pgrx::IntoDatum for SqlName {
    fn into_datum(self) -> Option<pg_sys::Datum> {
        let max = pg_sys::NAMEDATALEN as usize - 1;
        let mut end = self.0.len().min(max);
        while !self.0.is_char_boundary(end) {
            end -= 1;
        }
        unsafe {
            let p = pg_sys::palloc0(pg_sys::NAMEDATALEN as usize) as *mut u8;
            std::ptr::copy_nonoverlapping(self.0.as_ptr(), p, end);
            Some(pg_sys::Datum::from(p))
        }
    }

    fn type_oid() -> pg_sys::Oid {
        pg_sys::NAMEOID
    }
}

unsafe impl pgrx::pgrx_sql_entity_graph::metadata::SqlTranslatable for SqlName {
    const TYPE_IDENT: &'static str = pgrx::pgrx_resolved_type!(SqlName);
    const TYPE_ORIGIN: pgrx::pgrx_sql_entity_graph::metadata::TypeOrigin =
        pgrx::pgrx_sql_entity_graph::metadata::TypeOrigin::External;
    const ARGUMENT_SQL: Result<
        pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef,
        pgrx::pgrx_sql_entity_graph::metadata::ArgumentError,
    > = Ok(pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef::literal("name"));
    const RETURN_SQL: Result<
        pgrx::pgrx_sql_entity_graph::metadata::ReturnsRef,
        pgrx::pgrx_sql_entity_graph::metadata::ReturnsError,
    > = Ok(pgrx::pgrx_sql_entity_graph::metadata::ReturnsRef::One(
        pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef::literal("name"),
    ));
}

unsafe impl pgrx::callconv::BoxRet for SqlName {
    unsafe fn box_into<'fcx>(self, fcinfo: &mut pgrx::callconv::FcInfo<'fcx>) -> pgrx::datum::Datum<'fcx> {
        let datum = pgrx::IntoDatum::into_datum(self).unwrap_or(pg_sys::Datum::from(0usize));
        unsafe { fcinfo.return_raw_datum(datum) }
    }
}

/// A `regclass` argument, without opening the relation (as `PgRelation` would).
#[derive(Clone, Copy)]
pub struct TableOid(pub pg_sys::Oid);

impl FromDatum for TableOid {
    unsafe fn from_polymorphic_datum(datum: pg_sys::Datum, is_null: bool, typoid: pg_sys::Oid) -> Option<TableOid> {
        unsafe { pg_sys::Oid::from_polymorphic_datum(datum, is_null, typoid) }.map(TableOid)
    }
}

unsafe impl UnboxDatum for TableOid {
    type As<'src> = TableOid;

    unsafe fn unbox<'src>(datum: Datum<'src>) -> TableOid
    where
        Self: 'src,
    {
        TableOid(unsafe { pg_sys::Oid::unbox(datum) })
    }
}

unsafe impl<'fcx> ArgAbi<'fcx> for TableOid {
    unsafe fn unbox_arg_unchecked(arg: Arg<'_, 'fcx>) -> TableOid {
        let index = arg.index();
        unsafe { arg.unbox_arg_using_from_datum() }.unwrap_or_else(|| panic!("argument {index} must not be null"))
    }
}

unsafe impl SqlTranslatable for TableOid {
    const TYPE_IDENT: &'static str = pgrx::pgrx_resolved_type!(TableOid);
    const TYPE_ORIGIN: TypeOrigin = TypeOrigin::External;
    const ARGUMENT_SQL: std::result::Result<SqlMappingRef, ArgumentError> = Ok(SqlMappingRef::literal("regclass"));
    const RETURN_SQL: std::result::Result<ReturnsRef, ReturnsError> =
        Ok(ReturnsRef::One(SqlMappingRef::literal("regclass")));
}

//! `jsonb` arguments read without pgrx's `JsonB`, whose conversion panics — an internal error,
//! XX000 — on a document nested deeper than serde_json parses (128 levels). A profile is the
//! user's input: one that does not parse is the user's error (22P02, with the reason), not ours.
//! The SQL type stays `jsonb`.

use std::ffi::CStr;

use pgrx::callconv::{Arg, ArgAbi};
use pgrx::nullable::Nullable;
use pgrx::pg_sys;
use pgrx::pgrx_sql_entity_graph::metadata::{ArgumentError, ReturnsError, ReturnsRef, SqlMappingRef, SqlTranslatable};
use pgrx::FromDatum;

/// A `jsonb` argument as JSON, or why it could not be read as JSON.
pub struct JsonArg(pub Result<serde_json::Value, String>);

impl JsonArg {
    /// The argument `name` as JSON, or the error (22P02, with `hint`) of a document that is not
    /// JSON serde can read (nested too deep).
    pub fn value_or_raise(self, name: &str, hint: &str) -> serde_json::Value {
        use crate::error::{Code, SynthError};
        self.0.unwrap_or_else(|e| {
            super::raise(
                SynthError::new(
                    Code::InvalidTextRepresentation,
                    format!("{name} is not a JSON document synthdata can read: {e}"),
                )
                .hint(hint),
            )
        })
    }
}

impl FromDatum for JsonArg {
    unsafe fn from_polymorphic_datum(datum: pg_sys::Datum, is_null: bool, _: pg_sys::Oid) -> Option<JsonArg> {
        if is_null {
            return None;
        }
        let detoasted = unsafe { pg_sys::pg_detoast_datum_packed(datum.cast_mut_ptr()) };
        let text =
            unsafe { pgrx::direct_function_call::<&CStr>(pg_sys::jsonb_out, &[Some(pg_sys::Datum::from(detoasted))]) }?;
        let parsed =
            text.to_str().map_err(|e| e.to_string()).and_then(|s| serde_json::from_str(s).map_err(|e| e.to_string()));
        Some(JsonArg(parsed))
    }
}

unsafe impl<'fcx> ArgAbi<'fcx> for JsonArg {
    unsafe fn unbox_arg_unchecked(arg: Arg<'_, 'fcx>) -> Self {
        let index = arg.index();
        unsafe { arg.unbox_arg_using_from_datum() }.unwrap_or_else(|| panic!("argument {index} must not be null"))
    }

    unsafe fn unbox_nullable_arg(arg: Arg<'_, 'fcx>) -> Nullable<Self> {
        unsafe { arg.unbox_arg_using_from_datum() }.into()
    }
}

unsafe impl SqlTranslatable for JsonArg {
    const TYPE_IDENT: &'static str = pgrx::pgrx_resolved_type!(JsonArg);
    const TYPE_ORIGIN: pgrx::pgrx_sql_entity_graph::metadata::TypeOrigin =
        pgrx::pgrx_sql_entity_graph::metadata::TypeOrigin::External;
    const ARGUMENT_SQL: Result<SqlMappingRef, ArgumentError> = Ok(SqlMappingRef::literal("jsonb"));
    const RETURN_SQL: Result<ReturnsRef, ReturnsError> = Ok(ReturnsRef::One(SqlMappingRef::literal("jsonb")));
}

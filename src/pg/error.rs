//! Engine errors raised as PostgreSQL errors: SQLSTATE, message, detail and hint, mapped once.

use pgrx::pg_sys::panic::ErrorReport;
use pgrx::{PgLogLevel, PgSqlErrorCode};

use crate::error::{Code, SynthError};

/// Raises an engine error as a PostgreSQL ERROR.
pub fn raise(e: SynthError) -> ! {
    let code = match e.code {
        Code::UndefinedTable => PgSqlErrorCode::ERRCODE_UNDEFINED_TABLE,
        Code::UndefinedColumn => PgSqlErrorCode::ERRCODE_UNDEFINED_COLUMN,
        Code::UndefinedObject => PgSqlErrorCode::ERRCODE_UNDEFINED_OBJECT,
        Code::UndefinedSchema => PgSqlErrorCode::ERRCODE_INVALID_SCHEMA_NAME,
        Code::DatatypeMismatch => PgSqlErrorCode::ERRCODE_DATATYPE_MISMATCH,
        Code::WrongObjectType => PgSqlErrorCode::ERRCODE_WRONG_OBJECT_TYPE,
        Code::InvalidParameterValue => PgSqlErrorCode::ERRCODE_INVALID_PARAMETER_VALUE,
        Code::FeatureNotSupported => PgSqlErrorCode::ERRCODE_FEATURE_NOT_SUPPORTED,
        Code::InsufficientPrivilege => PgSqlErrorCode::ERRCODE_INSUFFICIENT_PRIVILEGE,
        Code::CheckViolation => PgSqlErrorCode::ERRCODE_CHECK_VIOLATION,
        Code::ForeignKeyViolation => PgSqlErrorCode::ERRCODE_FOREIGN_KEY_VIOLATION,
        Code::UniqueViolation => PgSqlErrorCode::ERRCODE_UNIQUE_VIOLATION,
        Code::NumericValueOutOfRange => PgSqlErrorCode::ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
        Code::InvalidTextRepresentation => PgSqlErrorCode::ERRCODE_INVALID_TEXT_REPRESENTATION,
        Code::ObjectNotInPrerequisiteState => PgSqlErrorCode::ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
        Code::Internal => PgSqlErrorCode::ERRCODE_INTERNAL_ERROR,
    };
    let mut report = ErrorReport::new(code, e.message, "synthdata");
    if let Some(d) = e.detail {
        report = report.set_detail(d);
    }
    if let Some(h) = e.hint {
        report = report.set_hint(h);
    }
    report.report(PgLogLevel::ERROR);
    unreachable!("ERROR does not return")
}

pub trait OrRaise<T> {
    fn or_raise(self) -> T;
}

impl<T> OrRaise<T> for crate::error::Result<T> {
    fn or_raise(self) -> T {
        self.unwrap_or_else(|e| raise(e))
    }
}

/// An SPI failure as an internal error saying what was being done (`context`).
pub fn spi_err(context: &str) -> impl Fn(pgrx::spi::Error) -> SynthError + '_ {
    move |e| SynthError::new(Code::Internal, format!("{context}: {e}"))
}

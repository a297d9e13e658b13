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

/// Errors reach the client with PostgreSQL's message, detail and hint only, whatever the
/// server's environment says: pgrx appends a Rust backtrace to the DETAIL of every error it
/// re-raises (a trigger's `RAISE EXCEPTION` or a unique violation inside a fill among them) when
/// `RUST_BACKTRACE` or `RUST_LIB_BACKTRACE` is set, and servers started from a developer's shell
/// or a CI image often have it. `RUST_LIB_BACKTRACE=0` takes precedence over both for the
/// backtraces pgrx captures. A real Rust panic (a bug of ours, reported to the client as an
/// internal error) still writes its location and backtrace to the server log (stderr).
/// Called once, from `_PG_init`, before any backtrace is captured and before any thread exists.
pub fn quiet_backtraces() {
    // SAFETY: `_PG_init` runs before anything in this process reads the environment from another
    // thread (a backend is single-threaded; this library starts no thread before it).
    unsafe { std::env::set_var("RUST_LIB_BACKTRACE", "0") };
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        use pgrx::pg_sys::panic::{CaughtError, ErrorReport, ErrorReportWithLevel};
        let payload = info.payload();
        let postgres_error =
            payload.is::<CaughtError>() || payload.is::<ErrorReportWithLevel>() || payload.is::<ErrorReport>();
        if !postgres_error {
            eprintln!("synthdata: internal error: {info}\n{}", std::backtrace::Backtrace::force_capture());
        }
        previous(info)
    }));
}

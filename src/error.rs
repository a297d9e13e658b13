//! One error type for the whole engine, mapped to a SQLSTATE once, at the SQL boundary.
//!
//! The pure modules return [`SynthError`] with a [`Code`]; `api` turns it into a PostgreSQL
//! error report with SQLSTATE, message, detail and hint (see `report`).

use std::fmt;

/// What went wrong, as PostgreSQL's error classes name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// 42P01
    UndefinedTable,
    /// 42703
    UndefinedColumn,
    /// 42704
    UndefinedObject,
    /// 3F000
    UndefinedSchema,
    /// 42804: a column whose type differs from the profile's.
    DatatypeMismatch,
    /// 42809: a view, a sequence, a foreign table where a table is needed.
    WrongObjectType,
    /// 22023
    InvalidParameterValue,
    /// 0A000
    FeatureNotSupported,
    /// 42501
    InsufficientPrivilege,
    /// 23514: a CHECK constraint no generated row could satisfy.
    CheckViolation,
    /// 23503: a foreign key with no parent rows to point at.
    ForeignKeyViolation,
    /// 23505: not enough distinct values left for a unique key.
    UniqueViolation,
    /// 22003
    NumericValueOutOfRange,
    /// 22P02: a profile that does not parse.
    InvalidTextRepresentation,
    /// 55000: a replay whose database is not where the logged fill began.
    ObjectNotInPrerequisiteState,
    /// XX000
    Internal,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SynthError {
    pub code: Code,
    pub message: String,
    pub detail: Option<String>,
    pub hint: Option<String>,
}

pub type Result<T> = std::result::Result<T, SynthError>;

impl SynthError {
    pub fn new(code: Code, message: impl Into<String>) -> SynthError {
        SynthError { code, message: message.into(), detail: None, hint: None }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> SynthError {
        self.detail = Some(detail.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> SynthError {
        self.hint = Some(hint.into());
        self
    }

    pub fn invalid(message: impl Into<String>) -> SynthError {
        SynthError::new(Code::InvalidParameterValue, message)
    }
}

impl fmt::Display for SynthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(d) = &self.detail {
            write!(f, " ({d})")?;
        }
        Ok(())
    }
}

impl std::error::Error for SynthError {}

//! What rewrites rows in place: static anonymization of a table by rules ([`anonymize`]) and one
//! column's values permuted among the rows ([`shuffle`]). Both run in the caller's transaction,
//! under the caller's privileges.

pub mod anonymize;
pub mod shuffle;

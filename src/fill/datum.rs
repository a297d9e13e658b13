//! From generated [`Value`]s to PostgreSQL datums, one column type at a time.
//!
//! Fixed-width types, enum labels and numerics that fit their column are built directly; text-like
//! types become `text` varlenas; everything else PostgreSQL parses (jsonb, inet, tsvector, arrays,
//! literals of other types, numerics the column's typmod would round) goes through the type's own
//! input function with the column's typmod, so typmod rules are applied exactly as on INSERT.

use std::collections::BTreeMap;
use std::ffi::CString;

use pgrx::pg_sys;
use pgrx::{IntoDatum, Spi};

use crate::error::{Code, Result, SynthError};
use crate::profile::TypeKind;
use crate::value::Value;

/// Everything needed to turn values into datums for one column.
pub struct DatumMaker {
    kind: TypeKind,
    typmod: i32,
    input: pg_sys::FmgrInfo,
    typioparam: pg_sys::Oid,
    /// Labels to OIDs: ordered, so a row's lookup compares a few strings and hashes nothing.
    enum_oids: BTreeMap<String, pg_sys::Oid>,
    element_kind: TypeKind,
    /// `money(numeric)` (its C function is numeric_cash) for money.
    cast: pg_sys::Oid,
}

impl DatumMaker {
    /// Prepares conversion to the column type `typid` (a domain is fine: its base type's input
    /// function is used, and domain rules are the generator's business).
    pub fn new(typid: pg_sys::Oid, typmod: i32, kind: TypeKind, element_kind: Option<TypeKind>) -> Result<DatumMaker> {
        let mut input = unsafe { std::mem::zeroed::<pg_sys::FmgrInfo>() };
        let mut typioparam = pg_sys::InvalidOid;
        let mut enum_oids = BTreeMap::new();
        unsafe {
            let base = pg_sys::getBaseType(typid);
            let mut input_fn = pg_sys::InvalidOid;
            pg_sys::getTypeInputInfo(base, &mut input_fn, &mut typioparam);
            pg_sys::fmgr_info(input_fn, &mut input);
            if kind == TypeKind::Enum {
                enum_oids = enum_label_oids(base)?;
            }
        }
        let cast = match kind {
            TypeKind::Money => Spi::get_one::<pg_sys::Oid>(
                "SELECT 'pg_catalog.money(numeric)'::pg_catalog.regprocedure::pg_catalog.oid",
            )
            .map_err(|e| SynthError::new(Code::Internal, format!("finding money(numeric): {e}")))?
            .unwrap_or(pg_sys::InvalidOid),
            _ => pg_sys::InvalidOid,
        };
        Ok(DatumMaker {
            kind,
            typmod,
            input,
            typioparam,
            enum_oids,
            element_kind: element_kind.unwrap_or(TypeKind::Text),
            cast,
        })
    }

    /// The datum of `v`, or `None` for NULL. Allocates in the current memory context.
    pub fn datum(&mut self, v: &Value) -> Result<Option<pg_sys::Datum>> {
        Ok(match (self.kind, v) {
            (_, Value::Null) => None,
            (TypeKind::Oid, Value::Int(i)) => Some(pg_sys::Datum::from(*i as u32)),
            (TypeKind::PgLsn, Value::Int(i)) => Some(pg_sys::Datum::from(*i)),
            // Through numeric, so that the amount is the same whatever lc_monetary's format.
            (TypeKind::Money, Value::Numeric { .. }) => {
                let text = v.to_text(TypeKind::Numeric);
                let numeric = pgrx::AnyNumeric::try_from(text.as_str())
                    .map_err(|e| SynthError::new(Code::Internal, format!("money amount {text}: {e}")))?;
                let d = numeric.into_datum().unwrap_or(pg_sys::Datum::from(0usize));
                Some(unsafe { pg_sys::OidFunctionCall1Coll(self.cast, pg_sys::InvalidOid, d) })
            }
            (TypeKind::Smallint, Value::Int(i)) => (*i as i16).into_datum(),
            (TypeKind::Integer, Value::Int(i)) => (*i as i32).into_datum(),
            (TypeKind::Bigint, Value::Int(i)) => i.into_datum(),
            (TypeKind::Real, Value::Float(f)) => (*f as f32).into_datum(),
            (TypeKind::Double, Value::Float(f)) => f.into_datum(),
            (TypeKind::Boolean, Value::Bool(b)) => b.into_datum(),
            (TypeKind::Text | TypeKind::Varchar | TypeKind::Char, Value::Text(t)) => t.as_str().into_datum(),
            (TypeKind::Date, Value::Date(d)) => Some(pg_sys::Datum::from(*d)),
            (TypeKind::Time, Value::Time(t)) => Some(pg_sys::Datum::from(*t)),
            (TypeKind::Timestamp | TypeKind::Timestamptz, Value::Timestamp(t)) => Some(pg_sys::Datum::from(*t)),
            (TypeKind::Interval, Value::Interval { months, days, micros }) => unsafe {
                let iv = pg_sys::palloc(std::mem::size_of::<pg_sys::Interval>()) as *mut pg_sys::Interval;
                (*iv).time = *micros;
                (*iv).day = *days;
                (*iv).month = *months;
                Some(pg_sys::Datum::from(iv))
            },
            (TypeKind::Uuid, Value::Uuid(b)) => unsafe {
                let p = pg_sys::palloc(16) as *mut u8;
                std::ptr::copy_nonoverlapping(b.as_ptr(), p, 16);
                Some(pg_sys::Datum::from(p))
            },
            (TypeKind::Bytea, Value::Bytes(b)) => b.as_slice().into_datum(),
            (TypeKind::Enum, Value::Text(label)) => match self.enum_oids.get(label) {
                Some(oid) => Some(pg_sys::Datum::from(*oid)),
                None => {
                    return Err(SynthError::new(
                        Code::InvalidParameterValue,
                        format!("\"{label}\" is not a label of the enum"),
                    ))
                }
            },
            (TypeKind::Numeric, Value::Numeric { unscaled, scale }) => match numeric_typmod(self.typmod)
                .and_then(|(precision, dscale)| numeric_datum(*unscaled, *scale, precision, dscale))
            {
                Some(d) => Some(d),
                // Rounding to the typmod, or a value too large for it: numeric_in decides.
                None => Some(self.input(&v.to_text(TypeKind::Numeric))?),
            },
            (TypeKind::Array, Value::Array(_)) => {
                let text = v.to_text(self.element_kind);
                Some(self.input(&text)?)
            }
            (_, other) => {
                let text = other.to_text(self.kind);
                Some(self.input(&text)?)
            }
        })
    }

    fn input(&mut self, text: &str) -> Result<pg_sys::Datum> {
        let c = CString::new(text).map_err(|_| SynthError::new(Code::Internal, "generated text holds a NUL byte"))?;
        Ok(unsafe { pg_sys::InputFunctionCall(&mut self.input, c.as_ptr() as *mut _, self.typioparam, self.typmod) })
    }
}

/// A numeric typmod as (precision, scale): `Some((None, None))` for unconstrained `numeric`,
/// `None` for a scale below zero or above 1000 (PostgreSQL 15 allows both; numeric_in handles them).
fn numeric_typmod(typmod: i32) -> Option<(Option<u32>, Option<u32>)> {
    if typmod < pg_sys::VARHDRSZ as i32 {
        return Some((None, None));
    }
    let t = typmod - pg_sys::VARHDRSZ as i32;
    let precision = (t >> 16) & 0xffff;
    // PostgreSQL 15 stores the scale as an 11-bit signed number.
    let scale = ((t & 0x7ff) ^ 1024) - 1024;
    (0..=1000).contains(&scale).then_some((Some(precision as u32), Some(scale as u32)))
}

/// The numeric datum of `unscaled × 10^-scale` in a column of the given precision and scale,
/// built as numeric_in builds it (make_result: base-10000 digits without leading or trailing
/// zeros, the short header when display scale and weight fit), so the bytes are the same; `None`
/// when numeric_in would have to round it to the column's scale or refuse it (too many digits).
pub fn numeric_datum(
    unscaled: i128,
    scale: u32,
    precision: Option<u32>,
    column_scale: Option<u32>,
) -> Option<pg_sys::Datum> {
    const NBASE: u128 = 10_000;
    let dscale = match column_scale {
        Some(s) if scale > s => return None,
        Some(s) => s,
        None => scale,
    };
    if dscale > 0x3FFF {
        return None;
    }
    let magnitude = unscaled.unsigned_abs();
    if let (Some(p), Some(s)) = (precision, column_scale) {
        // At most p - s digits before the point: |value| < 10^(p - s).
        let limit = 10u128.checked_pow(p.checked_sub(s)? + scale);
        if limit.is_some_and(|l| magnitude >= l) {
            return None;
        }
    }
    // Align the point on a base-10000 digit boundary: N = |value| × 10^(4 × frac_digits).
    let frac_digits = scale.div_ceil(4);
    let n = magnitude.checked_mul(10u128.checked_pow(frac_digits * 4 - scale)?)?;
    let mut digits: Vec<i16> = Vec::with_capacity(10);
    let mut rest = n;
    while rest > 0 {
        digits.push((rest % NBASE) as i16);
        rest /= NBASE;
    }
    digits.reverse();
    let mut weight = digits.len() as i32 - 1 - frac_digits as i32;
    while digits.last() == Some(&0) {
        digits.pop();
    }
    let negative = unscaled < 0 && !digits.is_empty();
    if digits.is_empty() {
        weight = 0;
    }
    let short = dscale <= 63 && (-64..=63).contains(&weight);
    let header = if short { 6 } else { 8 };
    let len = header + 2 * digits.len();
    unsafe {
        let p = pg_sys::palloc(len) as *mut u8;
        pgrx::set_varsize_4b(p as *mut pg_sys::varlena, len as i32);
        let choice = p.add(4) as *mut u16;
        if short {
            let mut h: u16 = 0x8000 | ((dscale as u16) << 7) | ((weight as u16) & 0x003F);
            if negative {
                h |= 0x2000;
            }
            if weight < 0 {
                h |= 0x0040;
            }
            choice.write_unaligned(h);
        } else {
            let sign: u16 = if negative { 0x4000 } else { 0 };
            choice.write_unaligned(sign | (dscale as u16 & 0x3FFF));
            (p.add(6) as *mut i16).write_unaligned(weight as i16);
        }
        let data = p.add(header) as *mut i16;
        for (i, d) in digits.iter().enumerate() {
            data.add(i).write_unaligned(*d);
        }
        Some(pg_sys::Datum::from(p))
    }
}

fn enum_label_oids(enum_type: pg_sys::Oid) -> Result<BTreeMap<String, pg_sys::Oid>> {
    Spi::connect(|client| {
        let rows = client.select(
            "SELECT enumlabel::text, oid FROM pg_catalog.pg_enum WHERE enumtypid = $1",
            None,
            &[enum_type.into()],
        )?;
        let mut map = BTreeMap::new();
        for row in rows {
            if let (Some(label), Some(oid)) = (row.get::<String>(1)?, row.get::<pg_sys::Oid>(2)?) {
                map.insert(label, oid);
            }
        }
        Ok(map)
    })
    .map_err(|e: pgrx::spi::Error| SynthError::new(Code::Internal, format!("reading enum labels: {e}")))
}

/// How the profile's columns map onto a table's row type (which may hold dropped columns), and
/// the converters of each column.
pub struct RowLayout {
    pub tupdesc: pg_sys::TupleDesc,
    /// Per attribute of the row type: the profile column it takes, or `None` (dropped column).
    targets: Vec<Option<usize>>,
    makers: Vec<Option<DatumMaker>>,
}

impl RowLayout {
    /// `tupdesc` must stay valid as long as the layout (a copy in a long-lived context).
    pub fn new(tupdesc: pg_sys::TupleDesc, profile: &crate::profile::TableProfile) -> Result<RowLayout> {
        let desc = unsafe { pgrx::PgTupleDesc::from_pg_unchecked(tupdesc) };
        let mut targets = Vec::with_capacity(desc.len());
        let mut makers: Vec<Option<DatumMaker>> = (0..profile.columns.len()).map(|_| None).collect();
        for att in desc.iter() {
            if att.attisdropped {
                targets.push(None);
                continue;
            }
            let name = unsafe { std::ffi::CStr::from_ptr(att.attname.data.as_ptr()) }.to_string_lossy();
            let Some(i) = profile.column_index(&name) else {
                return Err(SynthError::new(
                    Code::UndefinedColumn,
                    format!("column \"{name}\" of the table is not in the profile"),
                )
                .hint("The table changed since it was profiled; profile it again."));
            };
            let ty = &profile.columns[i].ty;
            let element = ty.element.as_ref().map(|e| e.kind);
            makers[i] = Some(DatumMaker::new(att.atttypid, att.atttypmod, ty.kind, element)?);
            targets.push(Some(i));
        }
        Ok(RowLayout { tupdesc, targets, makers })
    }

    /// Per attribute of the row type: the profile column it takes (`None` for dropped columns).
    pub fn targets(&self) -> &[Option<usize>] {
        &self.targets
    }

    pub fn natts(&self) -> usize {
        self.targets.len()
    }

    /// Converts a row of values into datums and null flags, attribute by attribute.
    pub fn fill(&mut self, values: &[Value], datums: &mut [pg_sys::Datum], nulls: &mut [bool]) -> Result<()> {
        for (att, target) in self.targets.iter().enumerate() {
            let datum = match target {
                Some(i) => match &mut self.makers[*i] {
                    Some(m) => m.datum(&values[*i])?,
                    None => None,
                },
                None => None,
            };
            nulls[att] = datum.is_none();
            datums[att] = datum.unwrap_or(pg_sys::Datum::from(0));
        }
        Ok(())
    }

    /// The datum of one profile column (for domain checks).
    pub fn column_datum(&mut self, column: usize, v: &Value) -> Result<Option<pg_sys::Datum>> {
        match self.makers.get_mut(column).and_then(Option::as_mut) {
            Some(m) => m.datum(v),
            None => Ok(None),
        }
    }
}

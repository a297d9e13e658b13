//! Datums built without input functions: byte for byte what the type's input function makes.

#[pgrx::pg_schema]
mod tests {
    use pgrx::pg_sys;
    use pgrx::prelude::*;

    use crate::fill::datum::numeric_datum;
    use crate::value::format_numeric;

    /// The bytes of a varlena datum.
    fn bytes(d: pg_sys::Datum) -> Vec<u8> {
        unsafe {
            let p = pg_sys::pg_detoast_datum_packed(d.cast_mut_ptr());
            pgrx::varlena::varlena_to_byte_slice(p).to_vec()
        }
    }

    /// numeric_in of the value's text with the column's typmod.
    fn numeric_in(text: &str, typmod: i32) -> pg_sys::Datum {
        let c = std::ffi::CString::new(text).unwrap();
        unsafe {
            let (mut input, mut ioparam) = (pg_sys::InvalidOid, pg_sys::InvalidOid);
            pg_sys::getTypeInputInfo(pg_sys::NUMERICOID, &mut input, &mut ioparam);
            pg_sys::OidInputFunctionCall(input, c.as_ptr() as *mut _, ioparam, typmod)
        }
    }

    #[pg_test]
    fn datum_numerics_are_the_bytes_numeric_in_makes() {
        let mut values: Vec<(i128, u32)> = vec![
            (0, 0),
            (0, 2),
            (-0, 5),
            (1, 0),
            (-1, 0),
            (5, 4),
            (1250, 2),
            (-1250, 2),
            (9999, 0),
            (10000, 0),
            (123456789012, 2),
            (-99999999999999, 2),
            (1, 70),
            (10i128.pow(37), 0),
            (-(10i128.pow(30)) + 7, 3),
            (42, 300),
        ];
        // A reproducible spread of magnitudes and scales.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = (x % 30) as u32;
            let unscaled = (x >> 8) as i128 % 10i128.pow(digits.max(1)) * if x & 1 == 0 { 1 } else { -1 };
            values.push((unscaled, ((x >> 40) % 12) as u32));
        }
        let mut built = 0;
        for (unscaled, scale) in values {
            let text = format_numeric(unscaled, scale);
            // Unconstrained numeric, then numeric(p, s) columns it fits, is rounded by, or overflows.
            for (p, s) in [
                (None, None),
                (Some(12), Some(2)),
                (Some(38), Some(scale)),
                (Some(20), Some(scale + 1)),
                (Some(5), Some(scale)),
            ] {
                let typmod = match (p, s) {
                    (Some(p), Some(s)) => ((p << 16) | s) as i32 + 4,
                    _ => -1,
                };
                let Some(ours) = numeric_datum(unscaled, scale, p, s) else { continue };
                built += 1;
                let theirs = numeric_in(&text, typmod);
                assert_eq!(bytes(ours), bytes(theirs), "{text} as numeric({p:?}, {s:?})");
            }
        }
        assert!(built > 6000, "only {built} built directly");
    }

    #[pg_test]
    fn datum_numerics_refuse_what_the_column_would_round_or_refuse() {
        // 1.255 in numeric(12, 2) is rounded by numeric_in; 123456 in numeric(5, 2) is an error.
        assert!(numeric_datum(1255, 3, Some(12), Some(2)).is_none());
        assert!(numeric_datum(12345600, 2, Some(5), Some(2)).is_none());
        assert!(numeric_datum(99999, 2, Some(5), Some(2)).is_some());
        assert!(numeric_datum(100000, 2, Some(5), Some(2)).is_none());
    }
}

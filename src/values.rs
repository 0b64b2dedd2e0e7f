//! Parsing of front-matter values as staff write them: dates in B.E. or C.E., yes/no, numbers,
//! and enumerated choices given by English key or Thai label.

use crate::thai::{BE_OFFSET, Date, MONTHS, MONTHS_SHORT, ascii_digits};

/// One allowed value of an enumerated field: its canonical key and the Thai labels accepted.
/// The first label is the one shown on the site.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Opt {
    pub(crate) key: &'static str,
    pub(crate) labels: &'static [&'static str],
}

impl Opt {
    /// The Thai label shown to readers.
    pub(crate) fn label(&self) -> &'static str {
        self.labels.first().copied().unwrap_or(self.key)
    }
}

/// Lower-cases, converts Thai digits and collapses spaces, so `HLM`, `hlm` and ` hlm ` agree.
fn fold(text: &str) -> String {
    ascii_digits(text)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Finds the option named by `input` (key or any label). On failure returns the nearest
/// known key or label as a suggestion, if there is a plausible one.
pub(crate) fn choice(table: &'static [Opt], input: &str) -> Result<&'static Opt, Option<&'static str>> {
    let wanted = fold(input);
    table
        .iter()
        .find(|o| fold(o.key) == wanted || o.labels.iter().any(|l| fold(l) == wanted))
        .ok_or_else(|| crate::diag::nearest(input, all_names(table)))
}

/// Every name an option table accepts, keys first.
pub(crate) fn all_names(table: &'static [Opt]) -> impl Iterator<Item = &'static str> + Clone {
    table
        .iter()
        .map(|o| o.key)
        .chain(table.iter().flat_map(|o| o.labels.iter().copied()))
}

/// `key (label)` for each option: the list shown in a hint.
pub(crate) fn describe(table: &'static [Opt]) -> String {
    table
        .iter()
        .map(|o| format!("{} ({})", o.key, o.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses yes/no in English or Thai.
pub(crate) fn yes_no(input: &str) -> Option<bool> {
    match fold(input).as_str() {
        "true" | "yes" | "y" | "ใช่" | "ยินยอม" | "มี" | "ได้รับ" | "เปิดเผย" => {
            Some(true)
        }
        "false" | "no" | "n" | "ไม่ใช่" | "ไม่" | "ไม่ยินยอม" | "ไม่มี" | "ไม่ได้รับ" | "ไม่เปิดเผย" => {
            Some(false)
        }
        _ => None,
    }
}

/// Parses a non-negative decimal number (Thai digits and thousands separators allowed).
pub(crate) fn number(input: &str) -> Option<f64> {
    let cleaned: String = ascii_digits(input)
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite() && *n >= 0.0)
}

/// Parses a whole non-negative number.
pub(crate) fn whole(input: &str) -> Option<u32> {
    let cleaned: String = ascii_digits(input)
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    cleaned.parse::<u32>().ok()
}

/// Why a date could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DateError {
    /// Not in any accepted format.
    Format,
    /// The format is right but the day does not exist (31 April).
    NoSuchDay,
    /// The year is neither a plausible B.E. nor C.E. year; carries the year as written.
    Year(i32),
}

/// Parses `2566-11-15`, `2023-11-15`, `15/11/2566`, `15 พ.ย. 2566`, `๑๕ พฤศจิกายน ๒๕๖๖`.
/// Years of 2400 and more are B.E.; the result is always a C.E. date.
pub(crate) fn date(input: &str) -> Result<Date, DateError> {
    let text = ascii_digits(input).replace("พ.ศ.", " ").replace("ค.ศ.", " ");
    let text = text.trim();
    let (y, m, d) = iso_like(text)
        .or_else(|| slashed(text))
        .or_else(|| spelled(text))
        .ok_or(DateError::Format)?;
    let year = match y {
        2400..=2700 => y - BE_OFFSET,
        1900..=2199 => y,
        _ => return Err(DateError::Year(y)),
    };
    Date::new(year, m, d).ok_or(DateError::NoSuchDay)
}

/// `YYYY-MM-DD`.
fn iso_like(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

/// `DD/MM/YYYY`.
fn slashed(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

/// `15 พ.ย. 2566` or `15 พฤศจิกายน 2566` (spaces optional around the month).
fn spelled(text: &str) -> Option<(i32, u32, u32)> {
    let day_end = text.find(|c: char| !c.is_ascii_digit())?;
    let day: u32 = text[..day_end].parse().ok()?;
    let rest = text[day_end..].trim_start();
    // Where the trailing digits start (a byte index on a character boundary: the month may
    // end in a Thai letter with no space before the year).
    let year_start = rest
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_ascii_digit())
        .map(|(i, c)| i + c.len_utf8())?;
    let year: i32 = rest[year_start..].parse().ok()?;
    let month_text: String = rest[..year_start].chars().filter(|c| !c.is_whitespace()).collect();
    let strip = |s: &str| s.replace('.', "");
    let month = MONTHS
        .iter()
        .position(|m| *m == month_text)
        .or_else(|| MONTHS_SHORT.iter().position(|m| strip(m) == strip(&month_text)))?;
    Some((year, month as u32 + 1, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    static KINDS: &[Opt] = &[
        Opt {
            key: "ao-mue",
            labels: &["เอามื้อสามัคคี"],
        },
        Opt {
            key: "training",
            labels: &["อบรม"],
        },
    ];

    #[test]
    fn every_documented_date_format_gives_the_same_day() {
        let want = Date::new(2023, 11, 15).unwrap();
        for text in [
            "2566-11-15",
            "2023-11-15",
            "15/11/2566",
            "15 พ.ย. 2566",
            "๑๕ พฤศจิกายน ๒๕๖๖",
            "15 พย 2566",
            "15 พ.ย. พ.ศ. 2566",
        ] {
            assert_eq!(date(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn odd_dates_never_panic() {
        let want = Date::new(2023, 11, 15).unwrap();
        assert_eq!(date("15 พฤศจิกายน2566"), Ok(want));
        for text in [
            "",
            "-",
            "//",
            "15",
            "พ.ย.",
            "15 พ.ย.",
            "๑๕",
            "2566-",
            "15 ม 2566",
            "1 ก",
            "ก 2566",
            "99999999999-1-1",
        ] {
            assert!(date(text).is_err(), "{text}");
        }
    }

    #[test]
    fn bad_dates_say_why() {
        assert_eq!(date("2566-04-31"), Err(DateError::NoSuchDay));
        assert_eq!(date("3109-01-01"), Err(DateError::Year(3109)));
        assert_eq!(date("เมื่อวาน"), Err(DateError::Format));
    }

    #[test]
    fn choices_accept_key_or_label_and_suggest() {
        assert_eq!(choice(KINDS, "เอามื้อสามัคคี").unwrap().key, "ao-mue");
        assert_eq!(choice(KINDS, "Training").unwrap().key, "training");
        assert_eq!(choice(KINDS, "เอามื้อสามัคี").unwrap_err(), Some("เอามื้อสามัคคี"));
    }

    #[test]
    fn yes_no_and_numbers_in_thai() {
        assert_eq!(yes_no("ยินยอม"), Some(true));
        assert_eq!(yes_no("ไม่ยินยอม"), Some(false));
        assert_eq!(yes_no("perhaps"), None);
        assert_eq!(number("๑๕"), Some(15.0));
        assert_eq!(whole("1,200"), Some(1200));
        assert_eq!(number("-3"), None);
    }
}

//! The value grammar of the content format, defined once as data: the yes/no words, the date
//! forms and year ranges, the numeric kinds with their bounds, and the choice tables (in
//! `options.rs`). The parsers here read values with it; `values/pattern.rs` turns the same
//! definitions into the regular expressions of the JSON Schemas (`schema.rs`), so an editor,
//! a web form and `knn check` accept exactly the same values.

pub(crate) mod pattern;

use crate::thai::{BE_OFFSET, Date, MONTHS, MONTHS_SHORT, ascii_digits};
use regex::Regex;
use std::ops::RangeInclusive;
use std::sync::OnceLock;

/// What one front-matter scalar may hold. Every key of `raw.rs` has one kind; `validate`
/// parses by it and `schema.rs` describes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ValueKind {
    /// Free text (a required one must not be blank).
    Text,
    /// Digits as written, kept as text: a phone or house number (quoting is advised).
    Digits,
    /// An absolute `http://` or `https://` link whose host has a dot.
    Url,
    /// A calendar date in one of `DATE_FORMS`, B.E. or C.E.
    Date,
    /// One of `YES_WORDS` or `NO_WORDS` (any case), or a YAML boolean.
    YesNo,
    /// A number within bounds.
    Number(Numeric),
    /// One option of a table, by key or label (any case, Thai or ASCII digits).
    Choice(&'static [Opt]),
}

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

/// Words read as yes. YAML's own true words (`true`, `yes`, `y`, `on`) are among them, so a
/// value an editor shows as a boolean is one knn accepts.
pub(crate) static YES_WORDS: &[&str] = &["ใช่", "ยินยอม", "มี", "ได้รับ", "เปิดเผย", "true", "yes", "y", "on"];

/// Words read as no.
pub(crate) static NO_WORDS: &[&str] = &[
    "ไม่ใช่",
    "ไม่",
    "ไม่ยินยอม",
    "ไม่มี",
    "ไม่ได้รับ",
    "ไม่เปิดเผย",
    "false",
    "no",
    "n",
    "off",
];

/// A numeric kind: bounds (inclusive, at most one decimal place, so a pattern can state them
/// exactly) and whether decimals are allowed. Digits may be Thai; thousands may be grouped
/// with commas (`1,200`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Numeric {
    pub(crate) min: f64,
    /// `None`: no upper bound.
    pub(crate) max: Option<f64>,
    pub(crate) whole: bool,
}

/// Sizes and prices: any non-negative number.
pub(crate) const AMOUNT: Numeric = Numeric {
    min: 0.0,
    max: None,
    whole: false,
};
/// Counts (participants, village number, minimum photos): whole, up to nine digits.
pub(crate) const COUNT: Numeric = Numeric {
    min: 0.0,
    max: Some(999_999_999.0),
    whole: true,
};
/// The report's due day: a day every month has.
pub(crate) const DUE_DAY: Numeric = Numeric {
    min: 1.0,
    max: Some(28.0),
    whole: true,
};
/// Latitude of Chachoengsao, with a margin.
pub(crate) const LATITUDE: Numeric = Numeric {
    min: 12.9,
    max: Some(14.1),
    whole: false,
};
/// Longitude of Chachoengsao, with a margin.
pub(crate) const LONGITUDE: Numeric = Numeric {
    min: 100.8,
    max: Some(102.0),
    whole: false,
};

/// One part of a date form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DatePart {
    /// Four digits, a year of `BE_YEARS` or `CE_YEARS`.
    Year,
    /// The month as one or two digits.
    Month,
    /// The month by name: a full name of `MONTHS` or an abbreviation of `MONTHS_SHORT`
    /// (dots optional), optionally followed by an era (`พ.ศ.`, `ค.ศ.`).
    MonthName,
    /// The day as one or two digits.
    Day,
    /// Literal text between parts (`-`, `/`), or spaces when empty.
    Sep(&'static str),
}

/// One way of writing a date.
#[derive(Debug)]
pub(crate) struct DateForm {
    pub(crate) parts: &'static [DatePart],
    pub(crate) example: &'static str,
}

/// Every date form knn reads, in the order they are tried.
pub(crate) static DATE_FORMS: &[DateForm] = &[
    DateForm {
        parts: &[
            DatePart::Year,
            DatePart::Sep("-"),
            DatePart::Month,
            DatePart::Sep("-"),
            DatePart::Day,
        ],
        example: "2566-11-15",
    },
    DateForm {
        parts: &[
            DatePart::Day,
            DatePart::Sep("/"),
            DatePart::Month,
            DatePart::Sep("/"),
            DatePart::Year,
        ],
        example: "15/11/2566",
    },
    DateForm {
        parts: &[
            DatePart::Day,
            DatePart::Sep(""),
            DatePart::MonthName,
            DatePart::Sep(""),
            DatePart::Year,
        ],
        example: "15 พ.ย. 2566",
    },
];

/// Years read as Buddhist Era.
pub(crate) const BE_YEARS: RangeInclusive<i32> = 2400..=2700;
/// Years read as Common Era.
pub(crate) const CE_YEARS: RangeInclusive<i32> = 1900..=2199;
/// Era words that may stand before the year of a spelled date.
pub(crate) static ERAS: &[&str] = &["พ.ศ.", "ค.ศ."];

/// Lower-cases, converts Thai digits and collapses spaces, so `HLM`, `hlm` and ` hlm ` agree.
pub(crate) fn fold(text: &str) -> String {
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
        .find(|o| all_names_of(o).any(|n| fold(n) == wanted))
        .ok_or_else(|| crate::diag::nearest(input, all_names(table)))
}

/// The key and labels of one option.
fn all_names_of(o: &'static Opt) -> impl Iterator<Item = &'static str> {
    std::iter::once(o.key).chain(o.labels.iter().copied())
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
    let wanted = fold(input);
    let is = |words: &[&str]| words.iter().any(|w| fold(w) == wanted);
    if is(YES_WORDS) {
        Some(true)
    } else if is(NO_WORDS) {
        Some(false)
    } else {
        None
    }
}

/// Why a number could not be read.
#[derive(Debug, PartialEq)]
pub(crate) enum NumberError {
    /// Not written as a number.
    Format,
    /// Has decimals where a whole number is needed.
    NotWhole,
    /// A number outside the kind's bounds (the value read).
    OutOfRange(f64),
}

/// Parses a number written as text: digits (ASCII or Thai), thousands optionally grouped by
/// commas, decimals after a dot; then checks it against `kind`.
pub(crate) fn number(input: &str, kind: &Numeric) -> Result<f64, NumberError> {
    static FORM: OnceLock<Regex> = OnceLock::new();
    let form = FORM.get_or_init(|| Regex::new(&pattern::number_form()).expect("number form"));
    let text = ascii_digits(input);
    let caps = form.captures(&text).ok_or(NumberError::Format)?;
    if kind.whole && caps.name("fraction").is_some() {
        return Err(NumberError::NotWhole);
    }
    let digits: String = text.trim().chars().filter(|c| *c != ',').collect();
    let value: f64 = digits.parse().map_err(|_| NumberError::Format)?;
    within(value, kind)
}

/// Checks a number already read (from text, or a YAML number) against `kind`.
pub(crate) fn within(value: f64, kind: &Numeric) -> Result<f64, NumberError> {
    if !value.is_finite() {
        return Err(NumberError::Format);
    }
    if kind.whole && value.fract() != 0.0 {
        return Err(NumberError::NotWhole);
    }
    if value < kind.min || kind.max.is_some_and(|m| value > m) {
        return Err(NumberError::OutOfRange(value));
    }
    Ok(value)
}

/// The number a plain (unquoted) YAML scalar stands for, as YAML readers resolve it
/// (`1e3`, `0x10`, `.5`): the value an editor validates against the schema.
pub(crate) fn yaml_number(plain: &str) -> Option<f64> {
    match serde_saphyr::from_str::<serde_json::Value>(plain).ok()? {
        serde_json::Value::Number(n) => n.as_f64(),
        _ => None,
    }
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

/// Parses a date in any of `DATE_FORMS` (`2566-11-15`, `2023-11-15`, `15/11/2566`,
/// `15 พ.ย. 2566`, `๑๕ พฤศจิกายน พ.ศ. ๒๕๖๖`). Years of `BE_YEARS` are B.E.; the result is
/// always a C.E. date.
pub(crate) fn date(input: &str) -> Result<Date, DateError> {
    static FORMS: OnceLock<Vec<Regex>> = OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        DATE_FORMS
            .iter()
            .map(|f| Regex::new(&pattern::date_form(f)).expect("date form"))
            .collect()
    });
    let text = ascii_digits(input);
    let caps = forms.iter().find_map(|r| r.captures(&text)).ok_or(DateError::Format)?;
    let number = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let month = match caps.name("name") {
        Some(name) => month_by_name(name.as_str()).ok_or(DateError::Format)?,
        None => number("m").ok_or(DateError::Format)?,
    };
    let (Some(y), Some(d)) = (number("y"), number("d")) else {
        return Err(DateError::Format);
    };
    let y = y as i32;
    let year = if BE_YEARS.contains(&y) {
        y - BE_OFFSET
    } else if CE_YEARS.contains(&y) {
        y
    } else {
        return Err(DateError::Year(y));
    };
    Date::new(year, month, d).ok_or(DateError::NoSuchDay)
}

/// The month (1-12) of a full or abbreviated Thai name, dots optional.
fn month_by_name(name: &str) -> Option<u32> {
    let strip = |s: &str| s.replace('.', "");
    MONTHS
        .iter()
        .position(|m| *m == name)
        .or_else(|| MONTHS_SHORT.iter().position(|m| strip(m) == strip(name)))
        .map(|i| i as u32 + 1)
}

/// A folder name's leading date (`2023-11-15-ao-mue` -> the date and `-ao-mue`), read on
/// characters, so a Thai or emoji name is never cut inside a letter.
pub(crate) fn leading_date(name: &str) -> Option<(Result<Date, DateError>, &str)> {
    let end = name.char_indices().nth(10).map_or(name.len(), |(i, _)| i);
    let (head, rest) = name.split_at(end);
    let looks_like_date = head.len() == 10
        && head.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    looks_like_date.then(|| (date(head), rest))
}

#[cfg(test)]
mod tests;

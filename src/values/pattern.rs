//! Regular expressions made from the value grammar of `values.rs`. Two sorts come from the
//! same definitions: the forms the parsers match (ASCII digits, since Thai digits are
//! converted first; named groups for the parts), and the patterns of the JSON Schemas,
//! which must say everything the parser checks: Thai or ASCII digits, letters in either
//! case, the days each month has, the year ranges, numeric bounds. Schema patterns are
//! ECMA-262, so they use only classes, groups, alternation and quantifiers.

use super::{BE_YEARS, CE_YEARS, DATE_FORMS, DateForm, DatePart, ERAS, NO_WORDS, Numeric, Opt, YES_WORDS};
use crate::thai::{MONTHS, MONTHS_SHORT};

/// The most days each month can have (February's 29 in a leap year: only knn knows which
/// years are leap years, a pattern does not).
const MONTH_DAYS: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// The Thai digit for an ASCII one.
fn thai(d: char) -> char {
    char::from_u32('๐' as u32 + (d as u32 - '0' as u32)).unwrap_or(d)
}

/// The ASCII digit for an ASCII or Thai one.
fn ascii(d: char) -> Option<char> {
    match d {
        '0'..='9' => Some(d),
        '๐'..='๙' => char::from_u32('0' as u32 + (d as u32 - '๐' as u32)),
        _ => None,
    }
}

/// A class of digits written ASCII or Thai: `"13578"` -> `[13578๑๓๕๗๘]`, `"0-9"` -> `[0-9๐-๙]`.
fn digits(set: &str) -> String {
    let thai_set: String = set
        .chars()
        .map(|c| if c.is_ascii_digit() { thai(c) } else { c })
        .collect();
    format!("[{set}{thai_set}]")
}

/// Any one digit, ASCII or Thai.
fn digit() -> String {
    digits("0-9")
}

/// Text matched as written, except that digits may be ASCII or Thai and, when `caseless`,
/// ASCII letters in either case and any run of spaces for a space.
fn literal(text: &str, caseless: bool) -> String {
    let mut out = String::new();
    let mut in_space = false;
    for c in text.chars() {
        if caseless && c.is_whitespace() {
            if !in_space {
                out.push_str("\\s+");
            }
            in_space = true;
            continue;
        }
        in_space = false;
        match ascii(c) {
            Some(d) => out.push_str(&digits(&d.to_string())),
            None if caseless && c.is_ascii_alphabetic() => {
                out.push_str(&format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase()));
            }
            None => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out
}

/// `^\s*(?:...)\s*$`: a whole value, spaces around it allowed (YAML trims plain values; a
/// quoted one keeps them and knn trims them).
fn whole_value(alternatives: &[String]) -> String {
    format!("^\\s*(?:{})\\s*$", alternatives.join("|"))
}

/// The schema pattern of yes/no words (as strings; YAML booleans are allowed beside it).
pub(crate) fn yes_no() -> String {
    let words: Vec<String> = YES_WORDS.iter().chain(NO_WORDS).map(|w| literal(w, true)).collect();
    whole_value(&words)
}

/// The schema pattern of a choice table: every key and label, in any case and spacing.
pub(crate) fn choice(table: &[Opt]) -> String {
    let names: Vec<String> = table
        .iter()
        .flat_map(|o| std::iter::once(o.key).chain(o.labels.iter().copied()))
        .map(|n| literal(n, true))
        .collect();
    whole_value(&names)
}

/// The schema pattern of a link (the parser also checks it as browsers would).
pub(crate) fn url() -> String {
    format!(
        "^\\s*{}://[^\\s/?#]*\\.[^\\s/?#]*(?:[/?#]\\S*)?\\s*$",
        literal("http", true) + "[sS]?"
    )
}

/// The form numbers are read in by the parser (ASCII digits): an integer part, plain or
/// grouped by thousands, and decimals; either part may be missing (`.5`), not both.
pub(crate) fn number_form() -> String {
    r"^\s*(?P<int>\d+|[1-9]\d{0,2}(?:,\d{3})+)?(?P<fraction>\.\d+)?\s*$".to_string()
}

/// The schema pattern of a number written as text, stating the kind's bounds exactly.
pub(crate) fn number(kind: &Numeric) -> String {
    let d = digit();
    let int = format!("{d}+|[1-9๑-๙]{d}{{0,2}}(?:,{d}{{3}})+");
    match kind.max {
        None => {
            assert!(kind.min == 0.0, "an unbounded number starts at 0");
            let mut alternatives = vec![format!("(?:{int})")];
            if !kind.whole {
                alternatives = vec![format!("(?:{int})(?:\\.{d}+)?"), format!("\\.{d}+")];
            }
            whole_value(&alternatives)
        }
        Some(max) if kind.whole && kind.min == 0.0 && (max + 1.0).log10().fract() == 0.0 => {
            let places = (max + 1.0).log10() as usize;
            assert!(places.is_multiple_of(3), "digit-count bounds come in groups of three");
            whole_value(&[
                format!("0*(?:[1-9๑-๙]{d}{{0,{}}}|[0๐])", places - 1),
                format!("[1-9๑-๙]{d}{{0,2}}(?:,{d}{{3}}){{1,{}}}", places / 3 - 1),
            ])
        }
        Some(max) => whole_value(&[bounded(tenths(kind.min), tenths(max), kind.whole)]),
    }
}

/// A bound in tenths; bounds have at most one decimal place, so this is exact.
fn tenths(value: f64) -> i64 {
    let t = (value * 10.0).round();
    assert!(
        (value * 10.0 - t).abs() < 1e-9,
        "{value} has more than one decimal place"
    );
    t as i64
}

/// Every number from `low` to `high` tenths (a small range: coordinates, a day of the month),
/// integer part by integer part, leading zeros allowed.
fn bounded(low: i64, high: i64, whole: bool) -> String {
    assert!(high - low <= 2000, "bounded ranges are small");
    let d = digit();
    let mut alternatives = Vec::new();
    for n in low.div_euclid(10)..=high.div_euclid(10) {
        let base = n * 10;
        let bare = (low..=high).contains(&base);
        let int = if n == 0 {
            "0*".to_string()
        } else {
            format!("0*{}", literal(&n.to_string(), false))
        };
        if whole {
            if bare {
                alternatives.push(if n == 0 { "0+".to_string() } else { int });
            }
            continue;
        }
        let full: String = (0..=9)
            .filter(|k| low <= base + k && base + k < high)
            .map(|k| k.to_string())
            .collect();
        let mut tails = Vec::new();
        if !full.is_empty() {
            tails.push(format!("{}{d}*", digits(&full)));
        }
        if (0..=9).contains(&(high - base)) && low <= high {
            tails.push(format!("{}[0๐]*", literal(&(high - base).to_string(), false)));
        }
        let fraction = format!("\\.(?:{})", tails.join("|"));
        match (bare, tails.is_empty()) {
            (true, true) if n == 0 => alternatives.push("0+".to_string()),
            (true, true) => alternatives.push(int),
            (true, false) if n == 0 => alternatives.push(format!("0+(?:{fraction})?|0*{fraction}")),
            (true, false) => alternatives.push(format!("{int}(?:{fraction})?")),
            (false, false) => alternatives.push(format!("{int}{fraction}")),
            (false, true) => {}
        }
    }
    alternatives.join("|")
}

/// A year of `BE_YEARS` or `CE_YEARS`, century by century.
fn year() -> String {
    let mut alternatives = Vec::new();
    for range in [CE_YEARS, BE_YEARS] {
        for century in range.start() / 100..=range.end() / 100 {
            let (first, last) = (century * 100, century * 100 + 99);
            if range.contains(&first) && range.contains(&last) {
                alternatives.push(format!(
                    "{}{}{}",
                    literal(&century.to_string(), false),
                    digit(),
                    digit()
                ));
            } else {
                alternatives.extend(
                    (first..=last)
                        .filter(|y| range.contains(y))
                        .map(|y| literal(&y.to_string(), false)),
                );
            }
        }
    }
    format!("(?:{})", alternatives.join("|"))
}

/// A day of the month, 1 to `most` (`0` before one digit allowed).
fn day(most: u32) -> String {
    let (tens, units) = (most / 10, most % 10);
    let mut alternatives = vec![format!("[0๐]?{}", digits("1-9"))];
    if tens > 1 {
        alternatives.push(format!("{}{}", digits(&format!("1-{}", tens - 1)), digit()));
    }
    alternatives.push(format!(
        "{}{}",
        literal(&tens.to_string(), false),
        digits(&format!("0-{units}"))
    ));
    format!("(?:{})", alternatives.join("|"))
}

/// Month numbers (1-12) as one or two digits.
fn month_numbers(months: &[u32]) -> String {
    let mut alternatives = Vec::new();
    let low: String = months.iter().filter(|m| **m < 10).map(|m| m.to_string()).collect();
    let high: String = months
        .iter()
        .filter(|m| **m >= 10)
        .map(|m| (m - 10).to_string())
        .collect();
    if !low.is_empty() {
        alternatives.push(format!("[0๐]?{}", digits(&low)));
    }
    if !high.is_empty() {
        alternatives.push(format!("{}{}", digits("1"), digits(&high)));
    }
    format!("(?:{})", alternatives.join("|"))
}

/// Month names: full, or abbreviated with the dots optional (`พ.ย.`, `พย`).
fn month_names(months: &[u32]) -> String {
    let full = months.iter().map(|m| regex::escape(MONTHS[*m as usize - 1]));
    let short = months.iter().map(|m| {
        MONTHS_SHORT[*m as usize - 1]
            .split('.')
            .filter(|s| !s.is_empty())
            .map(|s| format!("{}\\.?", regex::escape(s)))
            .collect::<String>()
    });
    format!("(?:{})", full.chain(short).collect::<Vec<_>>().join("|"))
}

/// An optional era word after a month name (`15 พ.ย. พ.ศ. 2566`).
fn era() -> String {
    let eras: Vec<String> = ERAS.iter().map(|e| regex::escape(e)).collect();
    format!("\\s*(?:(?:{})\\s*)?", eras.join("|"))
}

/// A separator between parts: literal text, or optional spaces when empty.
fn separator(text: &str) -> String {
    if text.is_empty() {
        "\\s*".to_string()
    } else {
        literal(text, false)
    }
}

/// The parser's regular expression for one date form (ASCII digits, any month number and
/// day, any four-digit year: the parser says which part is wrong).
pub(crate) fn date_form(form: &DateForm) -> String {
    let all: Vec<u32> = (1..=12).collect();
    let parts: String = form
        .parts
        .iter()
        .map(|p| match p {
            DatePart::Year => r"(?P<y>\d{4})".to_string(),
            DatePart::Month => r"(?P<m>\d{1,2})".to_string(),
            DatePart::Day => r"(?P<d>\d{1,2})".to_string(),
            DatePart::MonthName => format!("(?P<name>{}){}", month_names(&all), era()),
            DatePart::Sep(s) => separator(s),
        })
        .collect();
    format!("^\\s*{parts}\\s*$")
}

/// The schema pattern of a date: every form, each with the days its month can have and the
/// years knn reads.
pub(crate) fn date() -> String {
    let mut alternatives = Vec::new();
    for form in DATE_FORMS {
        for most in [31, 30, 29] {
            let months: Vec<u32> = (1..=12).filter(|m| MONTH_DAYS[*m as usize - 1] == most).collect();
            let parts: String = form
                .parts
                .iter()
                .map(|p| match p {
                    DatePart::Year => year(),
                    DatePart::Month => month_numbers(&months),
                    DatePart::Day => day(most),
                    DatePart::MonthName => month_names(&months) + &era(),
                    DatePart::Sep(s) => separator(s),
                })
                .collect();
            alternatives.push(parts);
        }
    }
    whole_value(&alternatives)
}

//! Thai-language helpers: dates with the Buddhist Era, Thai digits, and sorting Thai text.

use serde::Serialize;
use std::sync::OnceLock;

/// Full Thai month names, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// Abbreviated Thai month names, January first.
pub(crate) const MONTHS_SHORT: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];

/// The difference between Buddhist Era and Common Era years.
pub(crate) const BE_OFFSET: i32 = 543;

/// A calendar date, stored with its Common Era year; sorts chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub(crate) struct Date {
    pub(crate) year: i32,
    pub(crate) month: u32,
    pub(crate) day: u32,
}

impl Date {
    /// A date if the day exists in the month (leap years included).
    pub(crate) fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&day).then_some(Date { year, month, day })
    }

    /// Today in Thailand (UTC+7 all year), from the system clock.
    pub(crate) fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_unix_days(((secs + 7 * 3600) / 86_400) as i64)
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    pub(crate) fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// `2023-11-03`: ISO 8601, for machines (feeds, sitemaps, `<time datetime>`).
    pub(crate) fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `3 พฤศจิกายน 2566` (or with Thai digits).
    pub(crate) fn thai_long(&self, thai_digits: bool) -> String {
        let text = format!(
            "{} {} {}",
            self.day,
            MONTHS[self.month as usize - 1],
            self.year + BE_OFFSET
        );
        digits(&text, thai_digits)
    }

    /// `3 พ.ย. 2566` (or with Thai digits).
    pub(crate) fn thai_short(&self, thai_digits: bool) -> String {
        let text = format!(
            "{} {} {}",
            self.day,
            MONTHS_SHORT[self.month as usize - 1],
            self.year + BE_OFFSET
        );
        digits(&text, thai_digits)
    }

    /// `พฤศจิกายน 2566`: the month heading used to group activities.
    pub(crate) fn thai_month(&self, thai_digits: bool) -> String {
        digits(
            &format!("{} {}", MONTHS[self.month as usize - 1], self.year + BE_OFFSET),
            thai_digits,
        )
    }

    /// `พ.ย. 2566`: a month in a line of figures.
    pub(crate) fn thai_month_short(&self, thai_digits: bool) -> String {
        digits(
            &format!("{} {}", MONTHS_SHORT[self.month as usize - 1], self.year + BE_OFFSET),
            thai_digits,
        )
    }

    /// `2023-11`, the key of the month.
    pub(crate) fn month_key(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// Replaces ASCII digits by Thai digits when `thai` is set.
pub(crate) fn digits(text: &str, thai: bool) -> String {
    if !thai {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32('๐' as u32 + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Replaces Thai digits by ASCII digits, so input may use either.
pub(crate) fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '๐'..='๙' => char::from_u32('0' as u32 + (c as u32 - '๐' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Writes every digit of the text of an HTML fragment in the site's one style (Thai digits
/// when `thai`, else ASCII), whichever way staff typed it. Tags, character references and the
/// contents of links, `code` and `pre` are left as they are: an address must not change.
pub(crate) fn digits_in_html(html: &str, thai: bool) -> String {
    // In ASCII style, a text with no Thai digit (`E0 B9 90`-`99`) stays as it is.
    if !thai
        && !html
            .as_bytes()
            .windows(3)
            .any(|w| w[0] == 0xe0 && w[1] == 0xb9 && (0x90..=0x99).contains(&w[2]))
    {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let (mut in_tag, mut in_ref, mut keep) = (false, false, 0usize);
    let mut tag = String::new();
    for c in html.chars() {
        if in_tag {
            tag.push(c);
            if c == '>' {
                in_tag = false;
                keep = keep_depth(&tag, keep);
            }
            out.push(c);
            continue;
        }
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
                tag.push(c);
                out.push(c);
            }
            '&' => {
                in_ref = true;
                out.push(c);
            }
            ';' if in_ref => {
                in_ref = false;
                out.push(c);
            }
            _ if in_ref || keep > 0 => out.push(c),
            _ => out.push(one_digit(c, thai)),
        }
    }
    out
}

/// The depth of elements whose text is kept as typed, after the tag `tag` (`<a ...>`, `</code>`).
fn keep_depth(tag: &str, depth: usize) -> usize {
    let name: String = tag
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    if !matches!(name.as_str(), "a" | "code" | "pre") {
        return depth;
    }
    if tag.starts_with("</") {
        depth.saturating_sub(1)
    } else {
        depth + 1
    }
}

/// One character with its digit, if it is one, in the chosen style.
fn one_digit(c: char, thai: bool) -> char {
    match (c, thai) {
        ('0'..='9', true) => char::from_u32('๐' as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
        ('๐'..='๙', false) => char::from_u32('0' as u32 + (c as u32 - '๐' as u32)).unwrap_or(c),
        _ => c,
    }
}

/// Formats a whole number with thousands separators: `5,280`.
pub(crate) fn grouped(n: usize, thai: bool) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    digits(&out, thai)
}

/// The Thai collator (ICU4X's compiled CLDR data), created once per process.
fn collator() -> &'static icu_collator::CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<icu_collator::CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        let prefs = icu_collator::CollatorPreferences::from(&icu_locale_core::locale!("th"));
        icu_collator::Collator::try_new(prefs, Default::default()).expect("compiled Thai collation data")
    })
}

/// Compares Thai text as a Thai dictionary does (leading vowels such as เ แ โ are skipped
/// in the first pass), not by code point.
pub(crate) fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    collator().compare(a, b)
}

#[cfg(test)]
mod tests {
    #[test]
    fn digits_in_html_follow_the_site_and_leave_markup_alone() {
        let html = r#"<p>ขนาด ๓ ไร่ 15 คน &#39;x&#39; <a href="/a-2566/">ลิงก์ 12</a> <code>v1</code></p>"#;
        assert_eq!(
            super::digits_in_html(html, false),
            r#"<p>ขนาด 3 ไร่ 15 คน &#39;x&#39; <a href="/a-2566/">ลิงก์ 12</a> <code>v1</code></p>"#
        );
        assert_eq!(
            super::digits_in_html(html, true),
            r#"<p>ขนาด ๓ ไร่ ๑๕ คน &#39;x&#39; <a href="/a-2566/">ลิงก์ 12</a> <code>v1</code></p>"#
        );
    }

    #[test]
    fn civil_dates_from_unix_days() {
        assert_eq!(Date::from_unix_days(0), Date::new(1970, 1, 1).unwrap());
        assert_eq!(Date::from_unix_days(20_782), Date::new(2026, 11, 25).unwrap());
        assert_eq!(Date::from_unix_days(11_016), Date::new(2000, 2, 29).unwrap());
        assert_eq!(Date::from_unix_days(-1), Date::new(1969, 12, 31).unwrap());
    }

    use super::*;

    #[test]
    fn formats_be_years_and_thai_digits() {
        let d = Date::new(2023, 11, 3).unwrap();
        assert_eq!(d.thai_long(false), "3 พฤศจิกายน 2566");
        assert_eq!(d.thai_long(true), "๓ พฤศจิกายน ๒๕๖๖");
        assert_eq!(d.thai_short(false), "3 พ.ย. 2566");
        assert_eq!(d.iso(), "2023-11-03");
    }

    #[test]
    fn rejects_impossible_days() {
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 13, 1).is_none());
    }

    #[test]
    fn thai_sorts_by_dictionary_order_not_code_point() {
        // Code-point order puts เ (U+0E40) after ข; a Thai dictionary puts เก before ข.
        let mut words = vec!["ข้าว", "เกษตร", "กล้วย"];
        words.sort_by(|a, b| compare(a, b));
        assert_eq!(words, ["กล้วย", "เกษตร", "ข้าว"]);
    }

    #[test]
    fn digit_conversion_round_trips() {
        assert_eq!(ascii_digits("๒๕๖๖-๑๑-๑๕"), "2566-11-15");
        assert_eq!(grouped(5280, false), "5,280");
        assert_eq!(grouped(5280, true), "๕,๒๘๐");
    }
}

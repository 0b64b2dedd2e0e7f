//! Folder names that become parts of web addresses: plots, activities (which start with
//! their date), lessons and products. Names are read on characters, never cut at a byte, so a
//! Thai or emoji name is an error that names the folder and suggests one that works.

use crate::diag::Diagnostic;
use crate::thai::Date;
use crate::values::{self, DateError};

/// A folder name usable in a URL: lower-case ASCII letters, digits and hyphens.
pub(crate) fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A URL-safe version of `name` (ASCII letters and digits kept, the rest turned to hyphens),
/// or `None` when nothing of it is ASCII.
pub(crate) fn ascii_slug(name: &str) -> Option<String> {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    (!out.is_empty()).then(|| out.to_string())
}

/// A URL-safe version of `name` for a hint, with an example when nothing of it is ASCII.
pub(crate) fn suggest_slug(name: &str) -> String {
    ascii_slug(name).unwrap_or_else(|| "ชื่อภาษาอังกฤษ-เช่น-ao-mue".to_string())
}

/// What the front matter of a badly named activity says, to suggest a folder name from.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Known<'a> {
    pub(crate) date: Option<Date>,
    pub(crate) kind: Option<&'a str>,
}

/// Checks a bundle folder name (activities start with their date); an error naming the
/// folder when it cannot be used.
pub(crate) fn check_bundle<'a>(
    section: &str,
    slug: &str,
    path: &str,
    known: impl FnOnce() -> Known<'a>,
) -> Option<Diagnostic> {
    let problem = if section == "activities" {
        activity_problem(slug)
    } else if is_slug(slug) {
        None
    } else {
        Some("ใช้ได้เฉพาะตัวอักษรอังกฤษตัวเล็ก ตัวเลข และขีด - (only a-z, 0-9 and -)".to_string())
    }?;
    let suggestion = if section == "activities" {
        activity_suggestion(slug, known())
    } else {
        suggest_slug(slug)
    };
    let shown: String = slug.chars().take(80).collect();
    let shown = if shown.len() < slug.len() {
        format!("{shown}…")
    } else {
        shown
    };
    Some(
        Diagnostic::error(path, 1, 1, format!("ชื่อโฟลเดอร์ `{shown}` ใช้ไม่ได้: {problem}")).with_hint(format!(
            "เปลี่ยนชื่อโฟลเดอร์เป็น `{suggestion}`: ชื่อโฟลเดอร์เป็นส่วนหนึ่งของที่อยู่เว็บ ใช้ตัวอักษรอังกฤษตัวเล็ก ตัวเลข และขีด - เท่านั้น{}",
            if section == "activities" {
                " และขึ้นต้นด้วยวันที่จัดกิจกรรม ปี ค.ศ.-เดือน-วัน แล้วตามด้วยขีด -"
            } else {
                ""
            }
        )),
    )
}

/// Why an activity folder name cannot be used, if it cannot.
fn activity_problem(slug: &str) -> Option<String> {
    let Some((date, rest)) = values::leading_date(slug) else {
        return Some("ไม่ได้ขึ้นต้นด้วยวันที่ ปี-เดือน-วัน (activity folder must start with its date)".into());
    };
    let head: String = slug.chars().take(10).collect();
    match date {
        Err(DateError::Year(y)) => {
            return Some(format!(
                "ปี {y} ในชื่อโฟลเดอร์ไม่ใช่ทั้ง ค.ศ. และ พ.ศ. (invalid year in folder name)"
            ));
        }
        Err(_) => return Some(format!("ไม่มีวันที่ `{head}` ในปฏิทิน (no such day in folder name)")),
        Ok(_) => {}
    }
    let Some(name) = rest.strip_prefix('-').filter(|n| !n.is_empty()) else {
        return Some(format!(
            "หลังวันที่ `{head}` ต้องมีขีด - แล้วตามด้วยชื่อย่อ (missing `-name` after the date)"
        ));
    };
    (!is_slug(name)).then(|| "ใช้ได้เฉพาะตัวอักษรอังกฤษตัวเล็ก ตัวเลข และขีด - (only a-z, 0-9 and -)".to_string())
}

/// A valid name for an activity folder: its date (from the name, else from the front matter)
/// and an ASCII name (from the folder, else the activity's kind).
fn activity_suggestion(slug: &str, known: Known) -> String {
    let (date, rest) = match values::leading_date(slug) {
        Some((Ok(d), rest)) => (Some(d), rest),
        Some((Err(_), rest)) => (known.date, rest),
        None => (known.date, slug),
    };
    let date = date.map_or("2023-11-15".to_string(), |d| d.iso());
    // A name of digits only (`ปลูกป่า-2023-11-20` -> `2023-11-20`) says nothing: use the kind.
    let named = ascii_slug(rest).filter(|n| n.bytes().any(|b| b.is_ascii_lowercase()));
    let name = named.or(known.kind.map(str::to_string)).unwrap_or("ao-mue".into());
    let name: String = name.chars().take(60).collect();
    format!("{date}-{}", name.trim_end_matches('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint_of(slug: &str, known: Known) -> String {
        let d = check_bundle("activities", slug, "a/index.md", || known).expect("an error");
        assert_eq!((d.line, d.column), (1, 1));
        assert!(d.message.contains("ใช้ไม่ได้"), "{}", d.message);
        d.hint
    }

    #[test]
    fn regression_thai_activity_folder_name_does_not_panic() {
        let known = Known {
            date: Date::new(2023, 11, 15),
            kind: Some("ao-mue"),
        };
        assert!(hint_of("ปลูกป่า", known).contains("`2023-11-15-ao-mue`"));
        assert!(hint_of("ปลูกป่า", Known::default()).contains("`2023-11-15-ao-mue`"));
        assert!(hint_of("🌱🌱", known).contains("`2023-11-15-ao-mue`"));
    }

    #[test]
    fn regression_thai_folder_without_hyphen_does_not_panic() {
        let hint = hint_of("2023-11-15ปลูกป่า", Known::default());
        assert!(hint.contains("`2023-11-15-ao-mue`"), "{hint}");
        assert!(hint_of("2023-11-15plook-pa", Known::default()).contains("`2023-11-15-plook-pa`"));
    }

    #[test]
    fn odd_folder_names_are_errors_with_a_valid_suggestion() {
        let known = Known {
            date: Date::new(2023, 11, 15),
            kind: Some("training"),
        };
        assert!(hint_of("2023-13-45-x", known).contains("`2023-11-15-x`"));
        let long = "ก".repeat(300);
        assert!(hint_of(&long, known).contains("`2023-11-15-training`"));
        let d = check_bundle("activities", &long, "a/index.md", || known).unwrap();
        assert!(d.message.chars().count() < 200, "a long name is shortened");
        for bad in [
            "2023-11-15-",
            "2023-11-15",
            "2023-11-15-Ao-Mue",
            "3109-01-01-x",
            "2023-11-1",
            "2023-11-15-ปลูก",
        ] {
            let hint = hint_of(bad, known);
            assert!(is_slug(hint.split('`').nth(1).unwrap()), "{bad}: {hint}");
        }
        assert!(check_bundle("activities", "2023-11-15-ao-mue", "a", || known).is_none());
        assert!(
            check_bundle("activities", "2566-11-15-ao-mue", "a", || known).is_none(),
            "B.E. is accepted"
        );
        assert!(check_bundle("lessons", "kep-nam", "a", || known).is_none());
        assert!(
            check_bundle("products", "กล้วยตาก", "a", || known)
                .unwrap()
                .hint
                .contains("ชื่อภาษาอังกฤษ")
        );
    }
}

//! The privacy guard: after rendering, no public page may contain an owner's phone number,
//! house number, or (without consent) name. Staff may paste them into a body by mistake;
//! the build then fails instead of publishing personal data.

use crate::diag::Diagnostic;
use crate::model::Site;
use crate::output::OutputFile;
use aho_corasick::AhoCorasick;
use std::collections::{BTreeMap, BTreeSet};

/// What a pattern would reveal, and which plot's file it belongs to.
struct Secret {
    what: &'static str,
    file: String,
}

/// Every piece of personal data that reached a rendered page gets an error. The error points
/// at the place in the sources where it was typed (`texts`: the site's text files by relative
/// path; a `plot.md`'s own front matter, where it belongs, is not searched) and names the first
/// page it reached; if it cannot be found there, at the plot's `plot.md`.
pub(crate) fn check(site: &Site, files: &[OutputFile], texts: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    let (patterns, secrets) = secrets(site);
    if patterns.is_empty() {
        return Vec::new();
    }
    let Ok(matcher) = AhoCorasick::new(&patterns) else {
        return Vec::new();
    };
    // The first page each leaked pattern reached.
    let mut leaked: BTreeMap<usize, &str> = BTreeMap::new();
    // Pages before feeds, so the page named is the one a person would look at.
    let pages = files.iter().filter(|f| f.path.ends_with(".html"));
    let feeds = files
        .iter()
        .filter(|f| f.path.ends_with(".xml") || f.path.ends_with(".json"));
    for f in pages.chain(feeds) {
        for m in matcher.find_iter(&f.bytes) {
            leaked.entry(m.pattern().as_usize()).or_insert(&f.path);
        }
    }
    let mut diags = Vec::new();
    let mut lines_reported = BTreeSet::new();
    let mut found = BTreeSet::new();
    for (file, text) in texts {
        let searched = searched_part(file, text);
        for m in matcher.find_iter(searched) {
            let pattern = m.pattern().as_usize();
            let Some(page) = leaked.get(&pattern) else {
                continue;
            };
            found.insert(pattern);
            let (line, column) = line_column(text, text.len() - searched.len() + m.start());
            if lines_reported.insert((file.as_str(), line)) {
                diags.push(leak(&secrets[pattern], file, line, column, page));
            }
        }
    }
    for (pattern, page) in leaked.iter().filter(|(p, _)| !found.contains(*p)) {
        let s = &secrets[*pattern];
        diags.push(leak(s, &s.file, 1, 1, page));
    }
    diags
}

/// The part of a source text where personal data must not be: everything, except the front
/// matter of a `plot.md`, which is where the owner's details are meant to be kept.
fn searched_part<'a>(file: &str, text: &'a str) -> &'a str {
    if file.ends_with("/plot.md") {
        return crate::frontmatter::split(file, text).map_or("", |s| s.body);
    }
    text
}

/// The 1-based line and character column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// The error for one piece of personal data found at `file:line:column`.
fn leak(s: &Secret, file: &str, line: usize, column: usize, page: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        line,
        column,
        format!(
            "{} ของเจ้าของแปลงจะปรากฏในหน้าเว็บ {page} (personal data on a public page)",
            s.what
        ),
    )
    .with_hint(format!(
        "ลบข้อมูลนี้ออก: บ้านเลขที่และเบอร์โทรเก็บไว้ใน {} สำหรับรายงานเท่านั้น ชื่อเจ้าของแปลงแสดงได้เมื่อ owner_consent: ใช่",
        s.file
    ))
}

/// The patterns to look for, in the forms staff are likely to write them.
fn secrets(site: &Site) -> (Vec<String>, Vec<Secret>) {
    let mut patterns = Vec::new();
    let mut secrets = Vec::new();
    for d in &site.districts {
        for p in &d.plots {
            let file = format!("districts/{}/{}/plot.md", d.slug, p.slug);
            let mut add = |pattern: String, what: &'static str| {
                if !pattern.trim().is_empty() && !patterns.contains(&pattern) {
                    patterns.push(pattern);
                    secrets.push(Secret {
                        what,
                        file: file.clone(),
                    });
                }
            };
            for form in phone_forms(&p.private.phone) {
                add(form, "เบอร์โทร (phone number)");
            }
            let house = p.private.house_no.trim();
            if !house.is_empty() {
                add(format!("บ้านเลขที่ {house}"), "บ้านเลขที่ (house number)");
                add(format!("บ้านเลขที่{house}"), "บ้านเลขที่ (house number)");
                add(format!("เลขที่ {house} "), "บ้านเลขที่ (house number)");
            }
            if p.public_owner.is_none() {
                add(
                    p.private.owner.trim().to_string(),
                    "ชื่อเจ้าของแปลงที่ไม่ได้ยินยอมให้เปิดเผย (owner's name without consent)",
                );
            }
        }
    }
    (patterns, secrets)
}

/// A phone number as written, as bare digits, and in the usual Thai groupings.
fn phone_forms(phone: &str) -> Vec<String> {
    let digits: String = crate::thai::ascii_digits(phone)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if digits.len() < 9 {
        return Vec::new();
    }
    let mut forms = vec![phone.trim().to_string(), digits.clone()];
    if digits.len() == 10 {
        for sep in ["-", " ", "."] {
            forms.push(format!("{}{sep}{}{sep}{}", &digits[..3], &digits[3..6], &digits[6..]));
        }
    }
    forms.push(crate::thai::digits(&digits, true));
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_matched_in_common_forms() {
        let forms = phone_forms("081-234-5678");
        for f in ["0812345678", "081 234 5678", "081.234.5678", "๐๘๑๒๓๔๕๖๗๘"] {
            assert!(forms.contains(&f.to_string()), "{f}");
        }
        assert!(phone_forms("1234").is_empty());
    }

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "---\nชื่อ: ก\n---\nโทร 081\n";
        let offset = text.find("081").unwrap();
        assert_eq!(line_column(text, offset), (4, 5));
        assert_eq!(line_column(text, 0), (1, 1));
    }

    #[test]
    fn a_plot_md_is_searched_only_below_its_front_matter() {
        let text = "---\nphone: 0811112222\n---\nbody\n";
        assert_eq!(searched_part("districts/a/b/plot.md", text), "body\n");
        assert_eq!(searched_part("districts/a/b/activities/x/index.md", text), text);
    }
}

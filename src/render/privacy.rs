//! The privacy guard: after rendering, no public page may contain an owner's phone number,
//! house number, or (without consent) name. Staff may paste them into a body by mistake;
//! the build then fails instead of publishing personal data.

use crate::diag::Diagnostic;
use crate::model::Site;
use crate::write::OutputFile;
use aho_corasick::AhoCorasick;

/// What a pattern would reveal, and which plot's file it belongs to.
struct Secret {
    what: &'static str,
    file: String,
}

/// Every rendered text file that contains personal data gets an error naming the page, the
/// kind of data and the plot it belongs to.
pub(crate) fn check(site: &Site, files: &[OutputFile]) -> Vec<Diagnostic> {
    let (patterns, secrets) = secrets(site);
    if patterns.is_empty() {
        return Vec::new();
    }
    let Ok(matcher) = AhoCorasick::new(&patterns) else {
        return Vec::new();
    };
    let mut diags = Vec::new();
    for f in files
        .iter()
        .filter(|f| f.path.ends_with(".html") || f.path.ends_with(".xml"))
    {
        if let Some(m) = matcher.find(&f.bytes) {
            let s = &secrets[m.pattern().as_usize()];
            diags.push(
                Diagnostic::error(&s.file, 1, 1, format!("{} ของเจ้าของแปลงปรากฏในหน้าเว็บ {} (personal data on a public page)", s.what, f.path))
                    .with_hint("ลบข้อมูลนี้ออกจากเนื้อหาหรือคำบรรยายภาพ: บ้านเลขที่และเบอร์โทรใช้เฉพาะในรายงาน ชื่อเจ้าของแปลงแสดงได้เมื่อ owner_consent: ใช่"),
            );
        }
    }
    diags
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
}

//! Splitting a Markdown file into YAML front matter and body, and reading YAML into the raw
//! types with true file line numbers and Thai diagnostics for every YAML or key mistake.

mod lines;
mod quote;

pub(crate) use quote::scalar;

use crate::diag::{Diagnostic, nearest};
use serde::de::DeserializeOwned;
use serde_saphyr::Error as YamlError;

/// A Markdown file split at its front matter.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    /// The YAML between the `---` lines.
    pub(crate) yaml: &'a str,
    /// How many lines come before the YAML (1: the opening `---`).
    pub(crate) line_offset: usize,
    /// The Markdown after the closing `---`.
    pub(crate) body: &'a str,
}

/// Splits `text` at `---` lines. A file without front matter is an error at line 1.
pub(crate) fn split<'a>(file: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let missing = || {
        Diagnostic::error(file, 1, 1, "ไม่พบส่วนหัวของไฟล์ (front matter)")
            .with_hint("บรรทัดแรกของไฟล์ต้องเป็น --- ตามด้วยหัวข้อ เช่น title: ... แล้วปิดด้วย --- อีกบรรทัดหนึ่ง")
    };
    let first_end = text.find('\n').ok_or_else(missing)?;
    if text[..first_end].trim_end() != "---" {
        return Err(missing());
    }
    let rest = &text[first_end + 1..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: &rest[..offset],
                line_offset: 1,
                body: &rest[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    let lines = text.lines().count();
    Err(
        Diagnostic::error(file, lines, 1, "ส่วนหัวของไฟล์ไม่มีบรรทัดปิด --- (unterminated front matter)")
            .with_hint("เพิ่มบรรทัด --- หลังหัวข้อสุดท้าย ก่อนเริ่มเนื้อหา"),
    )
}

/// The line (1-based, in `yaml`) of a top-level key written as any of `names`.
pub(crate) fn key_line(yaml: &str, names: &[&str]) -> Option<usize> {
    yaml.lines()
        .position(|l| {
            names
                .iter()
                .any(|n| l.strip_prefix(n).is_some_and(|rest| rest.trim_start().starts_with(':')))
        })
        .map(|i| i + 1)
}

/// The words `knn new` leaves in a new page's body for the author to replace.
pub(crate) const PLACEHOLDER: &str = "เขียนแทนข้อความนี้";

/// A warning at the first line that still holds `knn new`'s placeholder text.
pub(crate) fn placeholder(file: &str, text: &str) -> Option<Diagnostic> {
    let (index, line) = text.lines().enumerate().find(|(_, l)| l.contains(PLACEHOLDER))?;
    Some(
        Diagnostic::warning(
            file,
            index + 1,
            1,
            "ยังไม่ได้เขียนเนื้อหา: ยังมีข้อความตัวอย่างจาก knn new (placeholder text)",
        )
        .with_hint(format!("ลบบรรทัด \"{}\" แล้วเขียนรายละเอียดจริงแทน", line.trim())),
    )
}

/// Reads YAML into `T`. `line_offset` lines precede the YAML in its file.
pub(crate) fn parse<T: DeserializeOwned>(file: &str, yaml: &str, line_offset: usize) -> Result<T, Diagnostic> {
    if let Some((line, column)) = find_tab(yaml) {
        return Err(Diagnostic::error(
            file,
            line + line_offset,
            column,
            "มีอักขระแท็บในการเยื้องบรรทัด (tab in YAML indentation)",
        )
        .with_hint("YAML ใช้การเว้นวรรคเท่านั้น: ลบแท็บแล้วเว้นวรรคด้วยปุ่ม space แทน (เช่น 2 ช่อง)"));
    }
    let options = crate::load::limits::yaml_options();
    serde_saphyr::from_str_with_options(yaml, options).map_err(|e| to_diagnostic(file, yaml, line_offset, &e))
}

/// The first tab used for indentation (before any other character on its line): YAML forbids it.
fn find_tab(yaml: &str) -> Option<(usize, usize)> {
    yaml.lines().enumerate().find_map(|(i, line)| {
        let lead: String = line.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        lead.find('\t').map(|col| (i + 1, col + 1))
    })
}

/// Turns a YAML or serde error into a Thai diagnostic at the right place in the file.
fn to_diagnostic(file: &str, yaml: &str, line_offset: usize, err: &YamlError) -> Diagnostic {
    let (line, column) = err
        .location()
        .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
    let at = |msg: String| Diagnostic::error(file, line + line_offset, column, msg);
    match err.without_snippet() {
        YamlError::SerdeUnknownField { field, expected, .. } => {
            let d = at(format!("ไม่รู้จักหัวข้อ `{field}` (unknown key)"));
            match nearest(field, expected.iter().copied()) {
                Some(k) => d.with_hint(format!("หมายถึง `{k}` หรือไม่? (did you mean `{k}`?)")),
                None => d.with_hint(format!(
                    "หัวข้อที่ใช้ได้: {}\nถ้าบรรทัดนี้เป็นข้อความที่ต่อจากบรรทัดก่อนหน้า (กด Enter กลางข้อความ) ให้ย้ายไปต่อท้ายบรรทัดก่อนหน้าในบรรทัดเดียวกัน",
                    expected.join(", ")
                )),
            }
        }
        YamlError::DuplicateMappingKey { key, .. } => {
            let key = key.clone().unwrap_or_default();
            at(format!("หัวข้อ `{key}` ซ้ำกัน (duplicate key)")).with_hint("ลบหัวข้อที่ซ้ำออกให้เหลือเพียงหัวข้อเดียว")
        }
        YamlError::SerdeInvalidType {
            unexpected, expected, ..
        } => at(format!(
            "ชนิดข้อมูลไม่ถูกต้อง (invalid type): ได้ {} แต่ต้องการ {}",
            thai_kind(unexpected),
            thai_kind(expected)
        ))
        .with_hint(type_hint(expected)),
        YamlError::SerdeMissingField { field, .. } => {
            at(format!("ขาดหัวข้อ `{field}` (missing key)")).with_hint(format!("เพิ่มบรรทัด `{field}: ...`"))
        }
        other => {
            let text = other.to_string();
            let text = text.split(" at line ").next().unwrap_or(&text);
            if let Some(d) = lines::diagnostic(file, yaml, line_offset, text, (line, column)) {
                return d;
            }
            if text.contains("expected sequence") {
                return at("ต้องเขียนเป็นรายการ (expected a list)".into()).with_hint(type_hint("a sequence"));
            }
            if text.contains("expected mapping") {
                return at("ต้องเขียนเป็นหัวข้อแบบ `หัวข้อ: ค่า` (expected a mapping of keys)".into())
                    .with_hint("แต่ละบรรทัดขึ้นต้นด้วยชื่อหัวข้อ ตามด้วย : และค่า เช่น title: เอามื้อสามัคคี");
            }
            if text.contains("expected string scalar") {
                return at("ต้องเป็นข้อความบรรทัดเดียว (expected a single value)".into())
                    .with_hint("ถ้าข้อความมีเครื่องหมาย : [ ] { } # ให้ครอบด้วยเครื่องหมายคำพูด \"...\"");
            }
            at(format!("รูปแบบ YAML ไม่ถูกต้อง (invalid YAML): {text}"))
                .with_hint("ตรวจการเว้นวรรคหน้าบรรทัด เครื่องหมาย : หลังหัวข้อ และเครื่องหมายคำพูดที่เปิดแล้วต้องปิด")
        }
    }
}

/// Thai names for serde's descriptions of kinds of value.
fn thai_kind(kind: &str) -> String {
    let th = if kind.contains("sequence") {
        "รายการ (list)"
    } else if kind.contains("map") || kind.starts_with("struct") {
        "กลุ่มหัวข้อย่อย (mapping)"
    } else if kind.contains("string") {
        "ข้อความ (text)"
    } else {
        return kind.to_string();
    };
    th.to_string()
}

/// How to write a value of the expected kind.
fn type_hint(expected: &str) -> String {
    if expected.contains("sequence") {
        "เขียนแต่ละรายการขึ้นบรรทัดใหม่ โดยขึ้นต้นด้วย \"- \" เช่น\n  - รายการที่หนึ่ง\n  - รายการที่สอง".into()
    } else if expected.contains("map") || expected.starts_with("struct") {
        "เขียนหัวข้อย่อยในบรรทัดถัดไป โดยเว้นวรรคหน้าบรรทัด 2 ช่อง".into()
    } else {
        "เขียนค่าเป็นข้อความหลังเครื่องหมาย : ในบรรทัดเดียวกัน".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_text_left_by_knn_new_is_a_warning_at_its_line() {
        let text = format!("---\ntitle: x\n---\n\nรายละเอียด: {PLACEHOLDER}ว่า...\n");
        let d = placeholder("a/index.md", &text).expect("found");
        assert_eq!((d.line, d.severity), (5, crate::diag::Severity::Warning));
        assert!(placeholder("a/index.md", "---\ntitle: x\n---\nเนื้อหาจริง\n").is_none());
    }
    use crate::raw::RawLesson;

    #[test]
    fn split_finds_yaml_and_body() {
        let s = split("a.md", "---\ntitle: x\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "# Body\n");
    }

    #[test]
    fn missing_front_matter_is_an_error_at_line_one() {
        let d = split("a.md", "# Just markdown\n").unwrap_err();
        assert_eq!((d.line, d.column), (1, 1));
        assert!(d.message.contains("front matter"));
    }

    #[test]
    fn unknown_key_points_at_file_line_and_suggests() {
        let d = parse::<RawLesson>("a.md", "title: x\ntopik: y\n", 1).unwrap_err();
        assert_eq!((d.line, d.column), (3, 1));
        assert!(d.hint.contains("`topic`"), "{}", d.hint);
    }

    #[test]
    fn thai_alias_keys_are_accepted() {
        let raw: RawLesson = parse("a.md", "ชื่อเรื่อง: การทำปุ๋ย\nประเด็น: ดิน\n", 1).unwrap();
        assert_eq!(raw.title.unwrap().value, "การทำปุ๋ย");
    }

    #[test]
    fn tabs_and_duplicates_are_reported() {
        let d = parse::<RawLesson>("a.md", "title: x\n\ttopic: y\n", 1).unwrap_err();
        assert_eq!((d.line, d.column), (3, 1));
        let d = parse::<RawLesson>("a.md", "title: x\ntitle: y\n", 1).unwrap_err();
        assert!(d.message.contains("duplicate key"), "{}", d.message);
    }
}

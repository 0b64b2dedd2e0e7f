//! Field-level checks shared by every kind of content: required keys, text, numbers, dates,
//! yes/no and enumerated values, each failure recorded as a located Thai diagnostic.

use crate::diag::Diagnostic;
use crate::raw::S;
use crate::thai::Date;
use crate::values::{self, DateError, Opt};

/// Where diagnostics for one file go, and how far its YAML is from the top of the file.
pub(crate) struct Ctx<'a> {
    pub(crate) file: &'a str,
    pub(crate) offset: usize,
    pub(crate) diags: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// File line and column of a value.
    pub(crate) fn at(&self, s: &S) -> (usize, usize) {
        (
            s.referenced.line() as usize + self.offset,
            s.referenced.column() as usize,
        )
    }

    /// Records an error at a value.
    pub(crate) fn error(&mut self, s: &S, message: impl Into<String>, hint: impl Into<String>) {
        let (line, column) = self.at(s);
        self.diags
            .push(Diagnostic::error(self.file, line, column, message).with_hint(hint));
    }

    /// Records a warning at a value.
    pub(crate) fn warning(&mut self, s: &S, message: impl Into<String>, hint: impl Into<String>) {
        let (line, column) = self.at(s);
        self.diags
            .push(Diagnostic::warning(self.file, line, column, message).with_hint(hint));
    }

    /// A required key; records an error at the top of the front matter when it is missing or empty.
    pub(crate) fn required<'s>(&mut self, value: &'s Option<S>, key: &str, thai: &str) -> Option<&'s S> {
        match value {
            Some(s) if !s.value.trim().is_empty() => Some(s),
            Some(s) => {
                self.error(
                    s,
                    format!("ยังไม่ได้กรอก `{key}` ({thai}) (empty value)"),
                    format!("กรอกค่าต่อจาก `{}:` ในบรรทัดนี้", key.rsplit('.').next().unwrap_or(key)),
                );
                None
            }
            None => {
                let line = self.offset.max(1);
                self.diags.push(
                    Diagnostic::error(
                        self.file,
                        line,
                        1,
                        format!("ขาดหัวข้อที่ต้องมี `{key}` ({thai}) (missing required key)"),
                    )
                    .with_hint(format!("เพิ่มบรรทัด `{key}: ...` (หรือ `{thai}: ...`) ในส่วนหัวของไฟล์")),
                );
                None
            }
        }
    }

    /// Required text.
    pub(crate) fn text(&mut self, value: &Option<S>, key: &str, thai: &str) -> Option<String> {
        self.required(value, key, thai).map(|s| s.value.trim().to_string())
    }

    /// A required enumerated value.
    pub(crate) fn choice(
        &mut self,
        value: &Option<S>,
        key: &str,
        thai: &str,
        table: &'static [Opt],
    ) -> Option<&'static Opt> {
        let s = self.required(value, key, thai)?;
        self.choice_of(s, thai, table)
    }

    /// One enumerated value; records an error with the nearest name when unknown.
    pub(crate) fn choice_of(&mut self, s: &S, thai: &str, table: &'static [Opt]) -> Option<&'static Opt> {
        match values::choice(table, &s.value) {
            Ok(opt) => Some(opt),
            Err(suggestion) => {
                let hint = match suggestion {
                    Some(n) => format!("หมายถึง `{n}` หรือไม่? ค่าที่ใช้ได้: {}", values::describe(table)),
                    None => format!("ค่าที่ใช้ได้: {}", values::describe(table)),
                };
                self.error(s, format!("ไม่รู้จัก{thai} `{}` (unknown value)", s.value.trim()), hint);
                None
            }
        }
    }

    /// A list of enumerated values; unknown ones are reported and dropped.
    pub(crate) fn choices(&mut self, values: &Option<Vec<S>>, thai: &str, table: &'static [Opt]) -> Vec<&'static Opt> {
        let mut out: Vec<&'static Opt> = Vec::new();
        for s in values.iter().flatten() {
            if let Some(opt) = self.choice_of(s, thai, table).filter(|o| !out.contains(o)) {
                out.push(opt);
            }
        }
        out
    }

    /// A required date in B.E. or C.E.
    pub(crate) fn date(&mut self, value: &Option<S>, key: &str, thai: &str) -> Option<Date> {
        let s = self.required(value, key, thai)?;
        self.date_of(s)
    }

    /// One date; records why it cannot be read.
    pub(crate) fn date_of(&mut self, s: &S) -> Option<Date> {
        match values::date(&s.value) {
            Ok(d) => Some(d),
            Err(DateError::Format) => {
                self.error(s, format!("อ่านวันที่ `{}` ไม่ได้ (invalid date)", s.value.trim()), DATE_HINT);
                None
            }
            Err(DateError::NoSuchDay) => {
                self.error(
                    s,
                    format!("ไม่มีวันที่ `{}` ในปฏิทิน (no such day)", s.value.trim()),
                    "ตรวจวันที่และเดือนอีกครั้ง",
                );
                None
            }
            Err(DateError::Year(y)) => {
                let hint = year_hint(y);
                self.error(
                    s,
                    format!("ปี {y} ไม่ถูกต้อง: ไม่ใช่ทั้ง พ.ศ. และ ค.ศ. (invalid year, B.E./C.E. mix-up?)"),
                    hint,
                );
                None
            }
        }
    }

    /// Optional yes/no with a default.
    pub(crate) fn yes_no(&mut self, value: &Option<S>, default: bool) -> bool {
        let Some(s) = value else { return default };
        values::yes_no(&s.value).unwrap_or_else(|| {
            self.error(
                s,
                format!("ค่า `{}` ต้องเป็น ใช่ หรือ ไม่ใช่ (expected yes/no)", s.value.trim()),
                "ใช้ ใช่/ไม่ใช่ หรือ yes/no",
            );
            default
        })
    }

    /// Optional non-negative number.
    pub(crate) fn number(&mut self, value: &Option<S>) -> Option<f64> {
        let s = value.as_ref()?;
        let n = values::number(&s.value);
        if n.is_none() {
            self.error(
                s,
                format!("`{}` ไม่ใช่ตัวเลข (not a number)", s.value.trim()),
                "เขียนเป็นตัวเลขเท่านั้น เช่น 3 หรือ 1.5",
            );
        }
        n
    }

    /// Optional whole number.
    pub(crate) fn whole(&mut self, value: &Option<S>) -> Option<u32> {
        let s = value.as_ref()?;
        let n = values::whole(&s.value);
        if n.is_none() {
            self.error(
                s,
                format!("`{}` ไม่ใช่จำนวนเต็ม (not a whole number)", s.value.trim()),
                "เขียนเป็นตัวเลขจำนวนเต็ม เช่น 25",
            );
        }
        n
    }
}

/// Optional trimmed text.
pub(crate) fn opt_text(value: &Option<S>) -> String {
    value.as_ref().map(|s| s.value.trim().to_string()).unwrap_or_default()
}

/// A list of non-empty trimmed texts.
pub(crate) fn texts(values: &Option<Vec<S>>) -> Vec<String> {
    values
        .iter()
        .flatten()
        .map(|s| s.value.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The accepted date formats, for hints.
const DATE_HINT: &str = "เขียนวันที่แบบใดแบบหนึ่ง: 2566-11-15, 2023-11-15, 15/11/2566, 15 พ.ย. 2566";

/// Explains the likely B.E./C.E. mistake behind an implausible year.
fn year_hint(year: i32) -> String {
    if year > 2700 {
        format!(
            "ดูเหมือนบวก 543 ซ้ำสองครั้ง: ถ้าเป็น พ.ศ. ควรเป็น {} (B.E. = C.E. + 543)",
            year - 543
        )
    } else if (1400..1900).contains(&year) {
        format!(
            "ดูเหมือนลบ 543 ออกจากปี ค.ศ.: ถ้าเป็น ค.ศ. ควรเป็น {} หรือ พ.ศ. {}",
            year + 543,
            year + 1086
        )
    } else {
        "ใช้ปี พ.ศ. (เช่น 2566) หรือ ค.ศ. (เช่น 2023)".to_string()
    }
}

//! Field-level checks shared by every kind of content: required keys, text, numbers, dates,
//! yes/no and enumerated values, each read by its kind of the value grammar (`values.rs`) and
//! each failure recorded as a located Thai diagnostic. An optional value left blank is absent.

use crate::diag::Diagnostic;
use crate::raw::S;
use crate::thai::Date;
use crate::values::{self, DateError, NumberError, Numeric, Opt};

/// Where diagnostics for one file go, the YAML they are about, and how far that YAML is from
/// the top of the file.
pub(crate) struct Ctx<'a> {
    pub(crate) file: &'a str,
    /// The YAML text the values were read from (to tell a quoted value from a plain one).
    pub(crate) yaml: &'a str,
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

    /// Whether a value was written without quotes, so YAML (and an editor) may read it as a
    /// number or a boolean.
    fn plain(&self, s: &S) -> bool {
        let at = s.referenced.span().byte_offset().and_then(|b| usize::try_from(b).ok());
        let first = at.and_then(|b| self.yaml.get(b..)).and_then(|t| t.chars().next());
        !matches!(first, Some('"' | '\''))
    }

    /// A required key: an error where it was left empty, or at the top of the front matter
    /// (where the key belongs) when it is missing.
    pub(crate) fn required<'s>(&mut self, value: &'s Option<S>, key: &str, thai: &str) -> Option<&'s S> {
        let top = self.offset.max(1);
        self.required_at(value, key, thai, top)
    }

    /// A required key of a block (`reporter.name`): missing is reported at the block's `line`.
    pub(crate) fn required_at<'s>(
        &mut self,
        value: &'s Option<S>,
        key: &str,
        thai: &str,
        line: usize,
    ) -> Option<&'s S> {
        match value {
            Some(s) if !s.value.trim().is_empty() => Some(s),
            Some(s) => {
                let short = key.rsplit('.').next().unwrap_or(key);
                self.error(
                    s,
                    format!("ยังไม่ได้กรอก `{key}` ({thai}) (empty value)"),
                    format!("กรอกค่าต่อจาก `{short}:` ในบรรทัดนี้ (เว้นวรรค 1 ช่องหลังเครื่องหมาย :)"),
                );
                None
            }
            None => {
                self.missing(line, key, thai);
                None
            }
        }
    }

    /// A required key that is not in the file at all, reported at `line`.
    pub(crate) fn missing(&mut self, line: usize, key: &str, thai: &str) {
        self.diags.push(
            Diagnostic::error(
                self.file,
                line,
                1,
                format!("ขาดหัวข้อที่ต้องมี `{key}` ({thai}) (missing required key)"),
            )
            .with_hint(format!("เพิ่มบรรทัด `{key}: ...` (หรือ `{thai}: ...`) ในส่วนหัวของไฟล์")),
        );
    }

    /// Required text.
    pub(crate) fn text(&mut self, value: &Option<S>, key: &str, thai: &str) -> Option<String> {
        let s = self.required(value, key, thai)?;
        self.hashtag_comment(s, key);
        Some(s.value.trim().to_string())
    }

    /// A warning when a plain value is followed by ` #word` on its line: YAML reads that as a
    /// comment, so hashtags typed after a title silently vanish.
    fn hashtag_comment(&mut self, s: &S, key: &str) {
        let Some(start) = s.referenced.span().byte_offset().and_then(|b| usize::try_from(b).ok()) else {
            return;
        };
        let Some(rest) = self.yaml.get(start..).filter(|_| self.plain(s)) else {
            return;
        };
        let line = rest.lines().next().unwrap_or_default();
        let Some(at) = line.find(" #").filter(|i| {
            line[i + 2..]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace() && c != '#')
        }) else {
            return;
        };
        let (row, column) = self.at(s);
        let column = column + line[..at].chars().count() + 1;
        let whole = line.trim_end().replace('"', "'");
        self.diags.push(
            Diagnostic::warning(
                self.file,
                row,
                column,
                "ข้อความตั้งแต่ # ถูกตัดออก เพราะ YAML ถือว่าเป็นคำอธิบาย (hashtag read as a comment)",
            )
            .with_hint(format!(
                "ครอบทั้งข้อความด้วยเครื่องหมายคำพูด เช่น\n  {key}: \"{whole}\"",
                key = key.rsplit('.').next().unwrap_or(key)
            )),
        );
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

    /// An optional date (blank is absent).
    pub(crate) fn optional_date(&mut self, value: &Option<S>) -> Option<Date> {
        let s = written(value)?;
        self.date_of(s)
    }

    /// One date; records why it cannot be read.
    pub(crate) fn date_of(&mut self, s: &S) -> Option<Date> {
        match values::date(&s.value) {
            Ok(d) => Some(d),
            Err(DateError::Format) => {
                self.error(
                    s,
                    format!("อ่านวันที่ `{}` ไม่ได้ (invalid date)", s.value.trim()),
                    date_hint(),
                );
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
        let Some(s) = written(value) else { return default };
        values::yes_no(&s.value).unwrap_or_else(|| {
            self.error(
                s,
                format!("ค่า `{}` ต้องเป็น ใช่ หรือ ไม่ใช่ (expected yes/no)", s.value.trim()),
                format!(
                    "ใช้คำใดคำหนึ่ง: {} หรือ {}",
                    values::YES_WORDS.join(", "),
                    values::NO_WORDS.join(", ")
                ),
            );
            default
        })
    }

    /// The number a value holds, as the value grammar reads it: a plain YAML number as YAML
    /// reads it (what an editor checks), anything else as text. Records why it cannot be read.
    pub(crate) fn number_of(&mut self, s: &S, kind: &Numeric) -> Option<f64> {
        let as_yaml = self.plain(s).then(|| values::yaml_number(s.value.trim())).flatten();
        let read = match as_yaml {
            Some(n) => values::within(n, kind),
            None => values::number(&s.value, kind),
        };
        let written = s.value.trim();
        let (message, hint) = match read {
            Ok(n) => return Some(n),
            Err(NumberError::Format) => (
                format!("`{written}` ไม่ใช่ตัวเลข (not a number)"),
                "เขียนเป็นตัวเลขเท่านั้น เช่น 3, 1.5 หรือ 1,200 (ไม่มีหน่วยหรือข้อความต่อท้าย)".to_string(),
            ),
            Err(NumberError::NotWhole) => (
                format!("`{written}` ไม่ใช่จำนวนเต็ม (not a whole number)"),
                "เขียนเป็นตัวเลขจำนวนเต็ม ไม่มีทศนิยม เช่น 25".to_string(),
            ),
            Err(NumberError::OutOfRange(n)) => (format!("ค่า {n} อยู่นอกช่วงที่ใช้ได้ (out of range)"), range_hint(kind)),
        };
        self.error(s, message, hint);
        None
    }

    /// An optional number of the kind (blank is absent).
    pub(crate) fn number(&mut self, value: &Option<S>, kind: &Numeric) -> Option<f64> {
        let s = written(value)?;
        self.number_of(s, kind)
    }

    /// An optional whole number of the kind (blank is absent).
    pub(crate) fn whole(&mut self, value: &Option<S>, kind: &Numeric) -> Option<u32> {
        self.number(value, kind).map(|n| n as u32)
    }
}

/// A value that was written: present and not blank (an optional key left empty is absent).
pub(crate) fn written(value: &Option<S>) -> Option<&S> {
    value.as_ref().filter(|s| !s.value.trim().is_empty())
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
fn date_hint() -> String {
    let examples: Vec<&str> = values::DATE_FORMS.iter().map(|f| f.example).collect();
    format!(
        "เขียนวันที่แบบใดแบบหนึ่ง: {}, 2023-11-15 (ปี พ.ศ. หรือ ค.ศ.)",
        examples.join(", ")
    )
}

/// What values a numeric kind allows.
fn range_hint(kind: &Numeric) -> String {
    match kind.max {
        Some(max) => format!("ใช้ค่าตั้งแต่ {} ถึง {max}", kind.min),
        None => format!("ใช้ค่าตั้งแต่ {} ขึ้นไป", kind.min),
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::RawProduct;

    /// Reads `yaml` as a product and runs `f` on it with a context.
    fn with<T>(yaml: &str, f: impl FnOnce(&mut Ctx, RawProduct) -> T) -> (T, Vec<Diagnostic>) {
        let raw: RawProduct = crate::frontmatter::parse("p.md", yaml, 1).unwrap();
        let mut diags = Vec::new();
        let mut ctx = Ctx {
            file: "p.md",
            yaml,
            offset: 1,
            diags: &mut diags,
        };
        let out = f(&mut ctx, raw);
        (out, diags)
    }

    #[test]
    fn an_empty_required_value_is_reported_at_its_line_as_empty() {
        for yaml in [
            "category: x\nname:\n",
            "category: x\nname: \"\"\n",
            "category: x\nname:   \n",
            "category: x\nname: ~\n",
        ] {
            let (name, diags) = with(yaml, |ctx, raw| ctx.text(&raw.name, "name", "ชื่อผลิตภัณฑ์"));
            assert_eq!(name, None);
            assert_eq!(diags.len(), 1, "{yaml:?}");
            assert_eq!(diags[0].line, 3, "{yaml:?}: {:?}", diags[0]);
            assert!(diags[0].message.contains("empty value"), "{}", diags[0].message);
        }
        let (_, diags) = with("category: x\n", |ctx, raw| ctx.text(&raw.name, "name", "ชื่อผลิตภัณฑ์"));
        assert_eq!(diags[0].line, 1);
        assert!(
            diags[0].message.contains("missing required key"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn numbers_are_read_as_yaml_reads_plain_ones_and_as_text_quoted_ones() {
        let (n, d) = with("price: 1e3\n", |ctx, raw| ctx.number(&raw.price, &values::AMOUNT));
        assert_eq!((n, d.len()), (Some(1000.0), 0));
        let (n, d) = with("price: \"1e3\"\n", |ctx, raw| ctx.number(&raw.price, &values::AMOUNT));
        assert_eq!((n, d.len()), (None, 1));
        let (n, d) = with("price: ๑,๒๐๐\n", |ctx, raw| {
            ctx.number(&raw.price, &values::AMOUNT)
        });
        assert_eq!((n, d.len()), (Some(1200.0), 0));
        let (n, d) = with("price:\n", |ctx, raw| ctx.number(&raw.price, &values::AMOUNT));
        assert_eq!((n, d.len()), (None, 0), "an optional value left empty is absent");
    }

    #[test]
    fn hashtags_read_as_a_comment_are_a_warning_saying_to_quote() {
        let (name, d) = with(
            "name: กล้วยตาก #โคกหนองนา\n",
            |ctx, raw| ctx.text(&raw.name, "name", "ชื่อ"),
        );
        assert_eq!(name.as_deref(), Some("กล้วยตาก"));
        assert_eq!((d.len(), d[0].line, d[0].column), (1, 2, 16), "{d:?}");
        assert!(d[0].hint.contains("name: \"กล้วยตาก #โคกหนองนา\""), "{}", d[0].hint);
        for quiet in [
            "name: \"กล้วยตาก #โคกหนองนา\"\n",
            "name: กล้วยตาก # ชื่อสินค้า\n",
            "name: C#\n",
        ] {
            let (_, d) = with(quiet, |ctx, raw| ctx.text(&raw.name, "name", "ชื่อ"));
            assert!(d.is_empty(), "{quiet}: {d:?}");
        }
    }
}

//! Thai explanations for the YAML errors staff make line by line: pressing Enter inside a
//! value, pasting two lines of text after a key, a stray line without `key:` in the middle
//! of the front matter, a value holding `: `, a key indented under a value. YAML only says
//! "simple key expected" or "mapping values are not allowed"; these say what to do.

use crate::diag::Diagnostic;

/// What an error line of the YAML is, judged from the text around it.
pub(super) fn explain(yaml: &str, message: &str, line: usize, column: usize) -> Option<(usize, usize, String, String)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let here = *lines.get(line.checked_sub(1)?)?;
    let previous = lines[..line - 1]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .copied();
    let start = here.chars().take_while(|c| *c == ' ').count() + 1;
    if message.contains("simple key expected") || message.contains("could not find expected ':'") {
        return Some((line, start, no_key(previous), continuation_hint(previous, here)));
    }
    if !message.contains("mapping values are not allowed") {
        return None;
    }
    let (key, _) = key_value(here)?;
    let key_end = here.find(':').map_or(0, |i| here[..i].chars().count() + 1);
    if column > key_end + 1 {
        // A second `: ` on the line: it belongs to the value.
        let message = format!("ข้อความของ `{key}` มีเครื่องหมาย `: ` ซึ่ง YAML ใช้แยกหัวข้อกับค่า (colon in a value)");
        let value = here.split_once(':').map_or("", |(_, v)| v.trim());
        let hint = format!(
            "ครอบข้อความทั้งหมดด้วยเครื่องหมายคำพูด เช่น\n  {key}: \"{}\"",
            value.replace('"', "'")
        );
        return Some((line, column, message, hint));
    }
    let message = "บรรทัดนี้เว้นวรรคหน้าบรรทัดมากเกินไป หรือเป็นข้อความต่อจากบรรทัดก่อน (unexpected indentation)".to_string();
    Some((line, start, message, continuation_hint(previous, here)))
}

/// The message for a line that has no `key:`.
fn no_key(previous: Option<&str>) -> String {
    match previous.and_then(key_value) {
        Some((key, value)) if !value.is_empty() => {
            format!("บรรทัดนี้ไม่มีชื่อหัวข้อ: ดูเหมือนข้อความของ `{key}` ขึ้นบรรทัดใหม่ (value runs onto a second line)")
        }
        _ => "บรรทัดนี้ไม่มีชื่อหัวข้อ `หัวข้อ:` (line without a key)".to_string(),
    }
}

/// How to write a value that ran onto `here` from the line before, with the file's own text.
fn continuation_hint(previous: Option<&str>, here: &str) -> String {
    let Some((key, value)) = previous.and_then(key_value).filter(|(_, v)| !v.is_empty()) else {
        return "ทุกบรรทัดในส่วนหัวต้องขึ้นต้นด้วยชื่อหัวข้อ ตามด้วย : และค่า (เช่น title: เอามื้อสามัคคี) หรือ - สำหรับรายการ หรือ # สำหรับคำอธิบาย: ลบบรรทัดที่เกินมา หรือใส่ # หน้าบรรทัด".to_string();
    };
    let more = short(here.trim());
    let value = short(value);
    format!(
        "เขียนข้อความของ `{key}` ให้อยู่ในบรรทัดเดียวกัน เช่น\n  {key}: {value} {more}\nถ้าต้องการหลายบรรทัดจริง ๆ ให้เขียน | หลัง {key}: แล้วเว้นวรรค 2 ช่องหน้าทุกบรรทัดของข้อความ เช่น\n  {key}: |\n    {value}\n    {more}\nถ้าบรรทัดนี้เกินมา ให้ลบออก หรือใส่ # หน้าบรรทัดให้เป็นคำอธิบาย"
    )
}

/// `key: value` of a line (`key` without indentation or list dash), if it is one.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let text = line.trim_start().trim_start_matches("- ");
    let (key, value) = text.split_once(':')?;
    let key = key.trim();
    let plain = !key.is_empty() && !key.contains(char::is_whitespace) && !key.starts_with(['"', '\'', '#']);
    plain.then(|| (key, value.trim()))
}

/// At most 40 characters of a line, for an example.
fn short(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// The diagnostic for a YAML error at `line`/`column` of the YAML, explained when it is one
/// of the line mistakes above.
pub(super) fn diagnostic(
    file: &str,
    yaml: &str,
    line_offset: usize,
    message: &str,
    at: (usize, usize),
) -> Option<Diagnostic> {
    let (line, column, message, hint) = explain(yaml, message, at.0, at.1)?;
    Some(Diagnostic::error(file, line + line_offset, column, message).with_hint(hint))
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use crate::raw::RawActivity;

    fn error(yaml: &str) -> crate::diag::Diagnostic {
        parse::<RawActivity>("a.md", yaml, 1).unwrap_err()
    }

    #[test]
    fn a_title_that_runs_onto_a_second_line_says_to_keep_it_on_one_line() {
        let d = error("title: เอามื้อสามัคคี\nปลูกป่าชายเลน\ndate: 2566-11-15\n");
        assert_eq!((d.line, d.column), (3, 1), "{d:?}");
        assert!(
            d.message.contains("`title`") && d.message.contains("second line"),
            "{}",
            d.message
        );
        assert!(d.hint.contains("title: เอามื้อสามัคคี ปลูกป่าชายเลน"), "{}", d.hint);
        assert!(d.hint.contains("title: |"), "{}", d.hint);
    }

    #[test]
    fn a_stray_line_and_a_pasted_second_line_are_explained_at_their_line() {
        let d = error("title: x\ndate: 2566-11-15\nหมายเหตุ ส่งภาพเพิ่มพรุ่งนี้\nkind: ao-mue\n");
        assert_eq!(d.line, 4, "{d:?}");
        assert!(
            d.message.contains("second line") || d.message.contains("without a key"),
            "{}",
            d.message
        );
        let d = error("kind: ao-mue\ntitle: เอามื้อ\n  วันที่: ปลูก\n");
        assert_eq!(d.line, 4, "{d:?}");
        assert!(d.message.contains("indentation"), "{}", d.message);
    }

    #[test]
    fn a_colon_inside_a_value_says_to_quote_it() {
        let d = error("title: อบรม: การทำปุ๋ยหมัก\n");
        assert_eq!(d.line, 2, "{d:?}");
        assert!(d.message.contains("colon in a value"), "{}", d.message);
        assert!(d.hint.contains("title: \"อบรม: การทำปุ๋ยหมัก\""), "{}", d.hint);
    }
}

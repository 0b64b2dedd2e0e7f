//! Owners' names: the honorifics and kinship words written before a name, how an owner's name
//! splits into given name and surname, and when a given name alone is the owner.
//!
//! A full name (given name and surname, any spacing between) is looked for everywhere. A given
//! name alone is ordinary Thai (สมบัติ, ทองดี, บุญมี are words, and many people share one), so
//! it counts only right after a title (ลุงสมชาย, คุณป้าสมศรี), as a word of its own, and only in
//! the owner's own plot folder (`privacy::check` scopes it).

use super::normalise::{Text, normalise};
use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;

/// Titles of legal names. Stripped from an owner's name; a word right after one is a given
/// name, not a title (in "นางครู ทดสอบ", ครู is her name).
pub(crate) const FORMAL: &[&str] = &[
    "นาย",
    "นาง",
    "นางสาว",
    "น.ส.",
    "นส.",
    "ด.ช.",
    "ด.ญ.",
    "ดช.",
    "ดญ.",
    "เด็กชาย",
    "เด็กหญิง",
    "ว่าที่ร้อยตรี",
    "ว่าที่ร.ต.",
    "ร.ต.",
    "ร.ท.",
    "ร.อ.",
    "จ.ส.อ.",
    "จ.ส.ต.",
    "ส.อ.",
    "ส.ต.",
    "ด.ต.",
    "พ.ต.ท.",
    "พ.ต.อ.",
    "นพ.",
    "พญ.",
    "ดร.",
    "mr.",
    "mrs.",
    "ms.",
    "mr",
    "mrs",
    "ms",
    "miss",
];

/// Words said before a given name: courtesy, kinship, village roles.
pub(crate) const SPOKEN: &[&str] = &[
    "คุณ",
    "ท่าน",
    "ลุง",
    "ป้า",
    "น้า",
    "อา",
    "ตา",
    "ยาย",
    "ปู่",
    "ย่า",
    "พี่",
    "น้อง",
    "พ่อ",
    "แม่",
    "พ่อใหญ่",
    "แม่ใหญ่",
    "เฮีย",
    "เจ๊",
    "ผู้ใหญ่",
    "ผู้ใหญ่บ้าน",
    "ผญบ.",
    "ผญ.",
    "กำนัน",
    "ครู",
    "อาจารย์",
    "อ.",
    "หมอ",
    "ปราชญ์",
    "ปราชญ์ชาวบ้าน",
    "อสม.",
];

/// Roles stripped from an owner's name as well as the formal titles.
const ROLES: &[&str] = &["ผู้ใหญ่บ้าน", "ผู้ใหญ่", "ผญบ.", "กำนัน", "อาจารย์"];

/// An owner's name as the guard looks for it (normalised, without spaces).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Name {
    pub(crate) given: String,
    /// Given name and surname run together; `None` when the name has one word.
    pub(crate) full: Option<String>,
}

/// Splits an owner's name after its titles are stripped. `None` when too little is left to
/// look for (one letter, or nothing but a title).
pub(crate) fn parse(owner: &str) -> Option<Name> {
    // In a name field a zero-width space is where a word ends (some Thai keyboards and sites
    // put one between words); elsewhere it is dropped.
    let mut rest = normalise(&owner.replace('\u{200b}', " "));
    while let Some(stripped) = strip_title(&rest) {
        rest = stripped;
    }
    let mut words = rest.split(' ').filter(|w| !w.is_empty());
    let given = words.next()?.to_string();
    if given.chars().count() < 2 {
        return None;
    }
    let surname: String = words.collect();
    let full = (!surname.is_empty()).then(|| format!("{given}{surname}"));
    Some(Name { given, full })
}

/// `name` without the longest title it starts with.
fn strip_title(name: &str) -> Option<String> {
    let mut titles: Vec<&str> = FORMAL.iter().chain(ROLES).copied().collect();
    titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
    titles.into_iter().find_map(|t| {
        let rest = name.strip_prefix(t)?;
        // A Latin title is a word of its own: "miss" does not start "missy".
        if t.ends_with(|c: char| c.is_ascii_alphabetic()) && !rest.starts_with(' ') {
            return None;
        }
        Some(rest.trim_start().to_string())
    })
}

/// The titles as the guard matches them (normalised, no spaces), longest first.
pub(crate) fn titles() -> Vec<String> {
    let mut all: Vec<String> = FORMAL
        .iter()
        .chain(SPOKEN)
        .map(|t| normalise(t).replace(' ', ""))
        .collect();
    all.sort_by_key(|t| std::cmp::Reverse(t.len()));
    all.dedup();
    all
}

/// How far around a candidate the word segmenter looks, in characters.
const CONTEXT: usize = 100;

/// Whether a title and given name found at `title..given..end` (byte offsets in `text.s`) stand
/// as words: the title is not itself a name after a formal title, a word boundary sits between
/// title and given name and after the given name (ICU4X's dictionary segmenter, so คุณสมบัติ
/// "quality" is not คุณ + สมบัติ, while ลุงสมบัติมาช่วย is).
pub(crate) fn stands_alone(text: &Text, title: usize, given: usize, end: usize) -> bool {
    let before_title = &text.s[..title];
    if FORMAL
        .iter()
        .any(|f| before_title.ends_with(&normalise(f).replace(' ', "")))
    {
        return false;
    }
    let n = &text.n;
    let start = text.n_of_s(title);
    let junction = text.n_of_s(given);
    let last = text.n_of_s(end - 1);
    let end = last + n[last..].chars().next().map_or(0, char::len_utf8);
    let junction_ok = n[..junction].ends_with(' ');
    let end_ok = n[end..].chars().next().is_none_or(|c| !is_letter(c));
    if junction_ok && end_ok {
        return true;
    }
    let from = n[..start]
        .char_indices()
        .rev()
        .take(CONTEXT)
        .take_while(|(_, c)| *c != ' ')
        .last()
        .map_or(start, |(i, _)| i);
    let to = end
        + n[end..]
            .char_indices()
            .take(CONTEXT)
            .take_while(|(_, c)| *c != ' ')
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
    let words = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let bounds: Vec<usize> = words.segment_str(&n[from..to]).map(|b| b + from).collect();
    (junction_ok || bounds.contains(&junction)) && (end_ok || bounds.contains(&end))
}

/// A letter or a Thai vowel or mark: what continues a word.
fn is_letter(c: char) -> bool {
    c.is_alphabetic() || ('\u{e01}'..='\u{e4e}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(given: &str, full: Option<&str>) -> Option<Name> {
        Some(Name {
            given: given.into(),
            full: full.map(str::to_string),
        })
    }

    #[test]
    fn owners_names_lose_their_titles() {
        assert_eq!(parse("นายทดสอบ ไม่เปิดเผย"), name("ทดสอบ", Some("ทดสอบไม่เปิดเผย")));
        assert_eq!(parse("นางสาว  สมศรี\u{200b}ใจดี"), name("สมศรี", Some("สมศรีใจดี")));
        assert_eq!(parse("น.ส. สมศรี ใจดี"), name("สมศรี", Some("สมศรีใจดี")));
        assert_eq!(parse("ผู้ใหญ่บ้าน นายสมชาย ใจดี"), name("สมชาย", Some("สมชายใจดี")));
        assert_eq!(parse("Mr. Somchai Jaidee"), name("somchai", Some("somchaijaidee")));
        assert_eq!(parse("Missy Smith"), name("missy", Some("missysmith")));
        assert_eq!(parse("นายแท็บ"), name("แท็บ", None));
        assert_eq!(parse("นาย"), None);
        assert_eq!(parse("นาย ก"), None);
    }

    /// Whether "title + given" at the start of `text` stands alone.
    fn alone(text: &str, title: &str, given: &str) -> bool {
        let t = Text::new(text);
        let pattern = format!("{title}{given}");
        let at = t.s.find(&pattern).expect("pattern in text");
        stands_alone(&t, at, at + title.len(), at + pattern.len())
    }

    #[test]
    fn a_given_name_after_a_title_is_the_name() {
        assert!(alone("ลุงสมบัติมาช่วยขุดคลอง", "ลุง", "สมบัติ"));
        assert!(alone("ขอบคุณ ป้า สมศรี ที่มาช่วย", "ป้า", "สมศรี"));
        assert!(alone("ลุงสม มาช่วย", "ลุง", "สม"));
        assert!(alone("คุณป้าทดสอบ", "ป้า", "ทดสอบ"));
    }

    #[test]
    fn a_common_word_is_not_a_given_name() {
        assert!(!alone("คุณสมบัติของดินดี", "คุณ", "สมบัติ"));
        assert!(!alone("ลุงสมบูรณ์มาช่วย", "ลุง", "สม"));
        assert!(!alone("นางครู ทดสอบ", "ครู", "ทดสอบ"), "ครู is her given name");
    }
}

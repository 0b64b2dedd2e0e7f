//! The markup guard: whatever the renderer did, no output may carry a live script. Every URL
//! attribute of every HTML file must be http(s), mailto, tel or a link inside the site (the one
//! allow-list of `crate::urls`, after decoding entities as a browser does); no event-handler
//! attribute but the theme's print buttons; every JSON-LD block valid JSON; every feed and
//! sitemap well-formed XML.

use super::Locator;
use crate::diag::Diagnostic;
use crate::output::{Kind, OutputFile};

/// Attributes whose value a browser follows as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "cite",
    "background",
    "data",
    "xlink:href",
    "ping",
];
/// The only event-handler values the theme uses.
const HANDLERS: &[&str] = &["window.print()"];

/// Every markup problem in `files` (already limited to the kinds that carry content).
#[cfg(test)]
pub(crate) fn check(files: &[OutputFile], at: &Locator) -> Vec<Diagnostic> {
    files.iter().flat_map(|f| check_file(f, None, at)).collect()
}

/// Every markup problem in one file of a kind that carries content; `valid` is its bytes as
/// text when the caller already found them valid UTF-8.
pub(crate) fn check_file(f: &OutputFile, valid: Option<&str>, at: &Locator) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let text = valid.map_or_else(|| String::from_utf8_lossy(&f.bytes), std::borrow::Cow::Borrowed);
    if f.kind.is_html() {
        diags.extend(
            attributes(&text)
                .into_iter()
                .map(|(n, v)| unsafe_attribute(f, &n, &v, at)),
        );
        diags.extend(json_ld(&text).into_iter().map(|e| broken(f, "JSON-LD", &e)));
    }
    if matches!(f.kind, Kind::Feed | Kind::Sitemap)
        && f.path.ends_with(".xml")
        && let Err(e) = roxmltree::Document::parse(&text)
    {
        diags.push(broken(f, "XML", &e.to_string()));
    }
    diags
}

/// The error for an attribute that would run a script.
fn unsafe_attribute(f: &OutputFile, name: &str, value: &str, at: &Locator) -> Diagnostic {
    let shown: String = value.chars().take(80).collect();
    let needle = value.trim().split(':').next().unwrap_or(value);
    let (file, line, column) = at.find(needle, f);
    Diagnostic::error(
        &file,
        line,
        column,
        format!(
            "หน้า {} จะมีลิงก์หรือคำสั่งที่ไม่ปลอดภัย `{name}=\"{shown}\"` (unsafe URL or script in output)",
            f.path
        ),
    )
    .with_hint("ลิงก์ในเนื้อหาใช้ได้เฉพาะ https://, http://, mailto:, tel: หรือหน้าในเว็บไซต์นี้: ลบหรือแก้ลิงก์นี้")
}

/// The error for an output file that is not valid in its own format.
fn broken(f: &OutputFile, what: &str, why: &str) -> Diagnostic {
    let file = f.source.clone().unwrap_or_else(|| "site.yaml".into());
    Diagnostic::error(
        &file,
        1,
        1,
        format!("ไฟล์ {} จะไม่ใช่ {what} ที่ถูกต้อง (invalid {what} in output): {why}", f.path),
    )
    .with_hint("มีอักขระพิเศษหรืออักขระควบคุมในข้อความ (เช่น คัดลอกมาจาก Word): พิมพ์ข้อความนั้นใหม่")
}

/// The attributes of `html` that would run a script: (name, value).
fn attributes(html: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (name, value) in tags(html).flat_map(attribute_pairs) {
        let decoded = decode(value);
        let bad = if name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("on")) {
            !HANDLERS.contains(&decoded.trim())
        } else if name.eq_ignore_ascii_case("srcset") {
            decoded
                .split(',')
                .filter_map(|c| c.split_whitespace().next())
                .any(|u| !crate::urls::allowed(u))
        } else {
            URL_ATTRIBUTES.iter().any(|a| a.eq_ignore_ascii_case(name)) && !crate::urls::allowed(&decoded)
        };
        if bad {
            found.push((name.to_string(), value.to_string()));
        }
    }
    found
}

/// The insides of the start tags of `html` (`a href="..."`), skipping comments and the
/// contents of `script` and `style` elements.
fn tags(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let i = rest.find('<')?;
            rest = &rest[i + 1..];
            if let Some(after) = rest.strip_prefix("!--") {
                rest = after.find("-->").map_or("", |e| &after[e + 3..]);
                continue;
            }
            if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let end = tag_end(rest);
            let tag = &rest[..end];
            rest = &rest[end..];
            let name = &tag[..tag.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(tag.len())];
            if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
                let close = format!("</{}", name.to_ascii_lowercase());
                rest = rest.find(&close).map_or("", |e| &rest[e..]);
            }
            return Some(tag);
        }
    })
}

/// Where a start tag ends: the first `>` outside a quoted value.
fn tag_end(tag: &str) -> usize {
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    tag.len()
}

/// The `name=value` pairs of a start tag's inside (values unquoted, not yet decoded).
fn attribute_pairs(tag: &str) -> Vec<(&str, &str)> {
    let mut pairs = Vec::new();
    let mut chars = tag.char_indices().peekable();
    // Skip the element name.
    while chars.next_if(|(_, c)| !c.is_whitespace() && *c != '/').is_some() {}
    loop {
        while chars.next_if(|(_, c)| c.is_whitespace() || *c == '/').is_some() {}
        let Some(&(start, _)) = chars.peek() else { break };
        while chars
            .next_if(|(_, c)| !c.is_whitespace() && *c != '=' && *c != '/')
            .is_some()
        {}
        let end = chars.peek().map_or(tag.len(), |(i, _)| *i);
        let name = &tag[start..end];
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        if chars.next_if(|(_, c)| *c == '=').is_none() {
            continue;
        }
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let value = match chars.peek().copied() {
            Some((i, q @ ('"' | '\''))) => {
                chars.next();
                let close = tag[i + 1..].find(q).map_or(tag.len(), |e| i + 1 + e);
                while chars.next_if(|(j, _)| *j <= close).is_some() {}
                &tag[i + 1..close.min(tag.len())]
            }
            Some((i, _)) => {
                while chars.next_if(|(_, c)| !c.is_whitespace()).is_some() {}
                let end = chars.peek().map_or(tag.len(), |(j, _)| *j);
                &tag[i..end]
            }
            None => "",
        };
        if !name.is_empty() {
            pairs.push((name, value));
        }
    }
    pairs
}

/// Character references decoded as a browser decodes an attribute value (the numeric ones and
/// the named ones that can spell a scheme).
fn decode(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains('&') {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "colon" => Some(':'),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            "sol" => Some('/'),
            _ => numeric(name),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// `#106` or `#x6A` as a character.
fn numeric(name: &str) -> Option<char> {
    let n = name.strip_prefix('#')?;
    let code = match n.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => n.parse().ok()?,
    };
    char::from_u32(code)
}

/// Why each JSON-LD block of a page is not valid JSON (none when all are).
fn json_ld(html: &str) -> Vec<String> {
    let open = "<script type=\"application/ld+json\">";
    let mut errors = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        rest = &rest[i + open.len()..];
        let end = rest.find("</script").unwrap_or(rest.len());
        // Read to the end, every token checked, without building the values.
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&rest[..end]) {
            errors.push(e.to_string());
        }
        rest = &rest[end..];
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_as_a_browser_reads_them() {
        for ok in [
            "https://x.org/",
            "/knn/a/",
            "a/b.webp",
            "#top",
            "mailto:a@b.c",
            "tel:+6681",
            "?q=1",
            "",
        ] {
            assert!(crate::urls::allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:x",
            "\u{1}javascript:x",
            "vbscript:x",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "//evil.example/",
            "\\\\evil",
        ] {
            assert!(!crate::urls::allowed(bad), "{bad:?}");
        }
    }

    #[test]
    fn entity_encoded_schemes_are_decoded_first() {
        assert_eq!(decode("&#106;avascript&colon;x"), "javascript:x");
        assert_eq!(decode("&#x6A;ava&Tab;script:x"), "java\tscript:x");
        assert_eq!(decode("a&amp;b &unknown; &"), "a&b &unknown; &");
        let found = attributes(r#"<a href="&#106;avascript&colon;alert(1)">x</a><a href="/ok/">y</a>"#);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn every_url_attribute_and_handler_is_checked_but_script_bodies_are_not_tags() {
        let html = r#"<img src="x.webp" srcset="a.webp 480w, javascript:x 960w"><form action='vbscript:x'>
<button onclick="window.print()">p</button><div onmouseover="alert(1)">d</div>
<script>var s = "<a href='javascript:x'>";</script><!-- <a href="javascript:y"> -->
<a href=javascript:z>u</a>"#;
        let names: Vec<String> = attributes(html).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["srcset", "action", "onmouseover", "href"]);
    }

    #[test]
    fn json_ld_and_xml_must_parse() {
        assert!(json_ld(r#"<script type="application/ld+json">{"a":"b"}</script>"#).is_empty());
        assert_eq!(
            json_ld(r#"<script type="application/ld+json">{"a":"</script>"}</script>"#).len(),
            1
        );
        let texts = Default::default();
        let at = Locator::new(&texts);
        let feed = OutputFile::new("feed.xml", "<feed><title>\u{b}</title></feed>".into(), Kind::Feed);
        let diags = check(&[feed], &at);
        assert_eq!(diags.len(), 1, "a vertical tab is not XML");
        assert!(diags[0].message.contains("feed.xml"));
    }
}

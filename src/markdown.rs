//! Markdown to HTML (CommonMark with tables, footnotes and strikethrough), and plain-text
//! excerpts for descriptions and feeds.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// The Markdown extensions staff may use.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Renders Markdown to HTML. Raw HTML in the source is escaped, not passed through: content
/// comes from many hands and must not inject scripts into the site.
pub(crate) fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

/// The first `max` characters of the text of `markdown`, cut at a space when possible.
pub(crate) fn excerpt(markdown: &str, max: usize) -> String {
    let mut text = String::new();
    let mut in_heading = false;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if !in_heading => text.push_str(&t),
            // Words in separate blocks, list items and table cells must not run together.
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock) => text.push(' '),
            _ => {}
        }
        if text.chars().count() > max {
            break;
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).to_string();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_tables_and_escapes_raw_html() {
        let html = to_html("| ก | ข |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n");
        assert!(html.contains("<table>"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn excerpt_skips_headings_and_cuts_at_a_space() {
        let e = excerpt("# หัวเรื่อง\n\nปลูกป่า สามอย่าง ประโยชน์ สี่อย่าง\n", 20);
        assert!(!e.contains("หัวเรื่อง"));
        assert!(e.ends_with('…'), "{e}");
        assert!(e.chars().count() <= 21);
    }

    #[test]
    fn excerpt_keeps_table_cells_and_list_items_apart() {
        let e = excerpt(
            "ขุดคลอง\n\n| รายการ | จำนวน |\n|---|---|\n| ผู้เข้าร่วม | 25 |\n\n- ไก่\n- ปลา\n",
            160,
        );
        assert_eq!(e, "ขุดคลอง รายการ จำนวน ผู้เข้าร่วม 25 ไก่ ปลา");
    }
}

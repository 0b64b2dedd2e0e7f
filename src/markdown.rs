//! Markdown to HTML (CommonMark with tables, footnotes and strikethrough) shaped for posts
//! copied from Facebook and LINE: line breaks kept, bare URLs linked, a video link alone in
//! its paragraph shown as a plain link card; only link targets the allow-list (`urls`)
//! accepts are ever emitted. Also plain-text excerpts for descriptions and feeds.

use crate::render::escape;
use crate::urls;
use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream, html};

/// The Markdown extensions staff may use.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Renders Markdown to HTML. Raw HTML in the source is escaped, not passed through: content
/// comes from many hands and must not inject scripts into the site. A link or image whose
/// target the allow-list refuses becomes its plain text (validation has already refused it at
/// its line; this is the second line of defence).
pub(crate) fn to_html(markdown: &str) -> String {
    let parsed = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    // Merged, so that a URL the parser split (at `_`, `*`, an entity) is found whole.
    let events = shape(safe_links(TextMergeStream::new(parsed).collect()));
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// The URL a link event will publish (an e-mail autolink gets its `mailto:`).
fn target(link_type: LinkType, dest: &str) -> String {
    match link_type {
        LinkType::Email => format!("mailto:{dest}"),
        _ => dest.to_string(),
    }
}

/// Drops the start and end of every link and image whose target is not allowed; their text
/// (an image's alt text) stays as plain text.
fn safe_links(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut dropped: Vec<bool> = Vec::new();
    events
        .into_iter()
        .filter(|event| match event {
            Event::Start(
                Tag::Link {
                    link_type, dest_url, ..
                }
                | Tag::Image {
                    link_type, dest_url, ..
                },
            ) => {
                let ok = urls::allowed(&target(*link_type, dest_url));
                dropped.push(!ok);
                ok
            }
            Event::End(TagEnd::Link | TagEnd::Image) => !dropped.pop().unwrap_or(false),
            _ => true,
        })
        .collect()
}

/// Line breaks, bare links and link cards, paragraph by paragraph.
fn shape(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut inline = Inline::default();
    let mut iter = events.into_iter();
    while let Some(event) = iter.next() {
        if !matches!(event, Event::Start(Tag::Paragraph)) {
            inline.push(event, &mut out);
            continue;
        }
        let inner: Vec<Event> = iter
            .by_ref()
            .take_while(|e| !matches!(e, Event::End(TagEnd::Paragraph)))
            .collect();
        if let Some(card) = card(&inner) {
            out.push(Event::Html(card.into()));
            continue;
        }
        out.push(Event::Start(Tag::Paragraph));
        for e in inner {
            inline.push(e, &mut out);
        }
        out.push(Event::End(TagEnd::Paragraph));
    }
    out
}

/// Where inline events are: inside a code block, a link, an image.
#[derive(Default)]
struct Inline {
    code: usize,
    link: usize,
    image: usize,
}

impl Inline {
    /// Passes one event on, shaped: a line break inside a paragraph becomes `<br>` (a
    /// Facebook post is written line by line), and a bare URL in text becomes a link.
    fn push<'a>(&mut self, event: Event<'a>, out: &mut Vec<Event<'a>>) {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => self.code += 1,
            Event::End(TagEnd::CodeBlock) => self.code = self.code.saturating_sub(1),
            Event::Start(Tag::Link { .. }) => self.link += 1,
            Event::End(TagEnd::Link) => self.link = self.link.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => self.image += 1,
            Event::End(TagEnd::Image) => self.image = self.image.saturating_sub(1),
            // In an image's alt text markup would be escaped: a space is what it needs.
            Event::SoftBreak | Event::HardBreak if self.image == 0 => {
                out.push(Event::Html("<br>\n".into()));
                return;
            }
            Event::Text(text) if self.code == 0 && self.link == 0 && self.image == 0 => {
                linkify(text.clone(), out);
                return;
            }
            _ => {}
        }
        out.push(event);
    }
}

/// The finder of bare URLs: only ones with a scheme (`https://...`), never e-mail addresses
/// or `example.org` alone, which Thai text about files and places would turn into links.
fn finder() -> LinkFinder {
    let mut f = LinkFinder::new();
    f.kinds(&[LinkKind::Url]);
    f
}

/// Text with every allowed bare URL in it turned into a link (others stay text).
fn linkify<'a>(text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
    let mut last = 0;
    for link in finder().links(&text) {
        if !urls::allowed(link.as_str()) {
            continue;
        }
        if link.start() > last {
            out.push(Event::Text(text[last..link.start()].to_string().into()));
        }
        out.push(Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: link.as_str().to_string().into(),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }));
        out.push(Event::Text(link.as_str().to_string().into()));
        out.push(Event::End(TagEnd::Link));
        last = link.end();
    }
    match last {
        0 => out.push(Event::Text(text)),
        n if n < text.len() => out.push(Event::Text(text[n..].to_string().into())),
        _ => {}
    }
}

/// A paragraph that is only a YouTube or Facebook video link (bare, `<...>` or `[text](...)`)
/// as a plain link card: its text (or a Thai label) and the platform. No embed, no script,
/// no image from the platform.
fn card(inner: &[Event]) -> Option<String> {
    let parts: Vec<&Event> = inner
        .iter()
        .filter(|e| !matches!(e, Event::SoftBreak | Event::HardBreak))
        .filter(|e| !matches!(e, Event::Text(t) if t.trim().is_empty()))
        .collect();
    let (url, text) = match parts.as_slice() {
        [Event::Text(t)] => {
            let t = t.trim();
            let mut links = finder().links(t);
            let whole = links.next().filter(|l| l.start() == 0 && l.end() == t.len())?;
            links.next().is_none().then_some(())?;
            (whole.as_str().to_string(), String::new())
        }
        [
            Event::Start(Tag::Link { dest_url, .. }),
            middle @ ..,
            Event::End(TagEnd::Link),
        ] => (dest_url.to_string(), plain(middle)),
        _ => return None,
    };
    let platform = urls::video(&url)?;
    let text = text.trim();
    let title = if text.is_empty() || text == url.trim() {
        format!("วิดีโอบน {platform}")
    } else {
        text.to_string()
    };
    Some(format!(
        "<p class=\"link-card\"><a href=\"{}\" rel=\"noopener\"><span class=\"link-card-title\">{}</span> <span class=\"link-card-platform\">{platform}</span></a></p>\n",
        escape::html(url.trim()),
        escape::html(&title)
    ))
}

/// The plain text of inline events.
fn plain(events: &[&Event]) -> String {
    let mut out = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

/// The first `max` characters of the text of `markdown`, cut at a space when possible: one
/// line, whatever line breaks the body has.
pub(crate) fn excerpt(markdown: &str, max: usize) -> String {
    let mut text = String::new();
    let mut in_heading = false;
    // Characters so far, counted as they come (counting the whole text at each event made a
    // long body quadratic).
    let mut chars = 0;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if !in_heading => {
                text.push_str(&t);
                chars += t.chars().count();
            }
            // Words in separate blocks, list items and table cells must not run together.
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock) => {
                text.push(' ');
                chars += 1;
            }
            _ => {}
        }
        if chars > max {
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
    fn refused_links_and_images_become_their_text() {
        let md = "[กดที่นี่](javascript:alert(1)) ![ภาพ](data:image/png;base64,AAAA) <javascript:alert(2)>\n\n\
                  [อ้างอิง][x] [ปลอม](JaVa&#x09;Script:alert(3)) [ไป](//evil.example)\n\n[x]: vbscript:msgbox(1)\n";
        let html = to_html(md);
        for bad in [
            "href=\"javascript",
            "JaVa",
            "data:",
            "vbscript",
            "evil.example",
            "<a ",
            "<img",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        for kept in ["กดที่นี่", "ภาพ", "javascript:alert(2)", "อ้างอิง", "ปลอม", "ไป"]
        {
            assert!(html.contains(kept), "{kept} lost: {html}");
        }
    }

    #[test]
    fn allowed_links_stay() {
        let html =
            to_html("[ก](https://cdd.go.th/) [โทร](tel:038511111) [เมล](mailto:a@b.org) [ฐาน](#ฐาน-1) ![](photo.jpg)");
        for href in [
            "href=\"https://cdd.go.th/\"",
            "href=\"tel:038511111\"",
            "href=\"mailto:a@b.org\"",
            "src=\"photo.jpg\"",
        ] {
            assert!(html.contains(href), "{href}: {html}");
        }
    }

    #[test]
    fn facebook_post_lines_stay_lines() {
        let post = "🟡 กิจกรรมเอามื้อ\n✅ จุดที่ 1-4 ขุดคลองไส้ไก่\nผักบุ้ง 20 บาท\nมะนาว 5 บาท\n#โคกหนองนา #พัฒนาชุมชน\n";
        let html = to_html(post);
        assert_eq!(
            html,
            "<p>🟡 กิจกรรมเอามื้อ<br>\n✅ จุดที่ 1-4 ขุดคลองไส้ไก่<br>\nผักบุ้ง 20 บาท<br>\nมะนาว 5 บาท<br>\n#โคกหนองนา #พัฒนาชุมชน</p>\n"
        );
        assert_eq!(
            excerpt(post, 200),
            "🟡 กิจกรรมเอามื้อ ✅ จุดที่ 1-4 ขุดคลองไส้ไก่ ผักบุ้ง 20 บาท มะนาว 5 บาท #โคกหนองนา #พัฒนาชุมชน"
        );
    }

    #[test]
    fn bare_urls_become_links_but_not_in_code() {
        let html = to_html(
            "ดูที่ https://cdd.go.th/news_2566_x และ file:///etc/passwd\n\n`https://a.org/x`\n\n```\nhttps://b.org/y\n```\n\n[ลิงก์ https://c.org/](https://d.org/)\n",
        );
        assert!(
            html.contains("<a href=\"https://cdd.go.th/news_2566_x\">https://cdd.go.th/news_2566_x</a>"),
            "{html}"
        );
        assert!(!html.contains("href=\"file:"), "{html}");
        assert!(
            !html.contains("href=\"https://a.org") && !html.contains("href=\"https://b.org"),
            "{html}"
        );
        assert!(!html.contains("href=\"https://c.org"), "no link inside a link: {html}");
    }

    #[test]
    fn a_lone_video_link_is_a_plain_card() {
        let html =
            to_html("ชมคลิป\n\nhttps://youtu.be/abc123\n\n[เอามื้อขุดหนอง](https://www.facebook.com/cdd/videos/123/)\n");
        assert!(html.contains("<p class=\"link-card\"><a href=\"https://youtu.be/abc123\" rel=\"noopener\"><span class=\"link-card-title\">วิดีโอบน YouTube</span> <span class=\"link-card-platform\">YouTube</span></a></p>"), "{html}");
        assert!(
            html.contains(
                "<span class=\"link-card-title\">เอามื้อขุดหนอง</span> <span class=\"link-card-platform\">Facebook</span>"
            ),
            "{html}"
        );
        assert!(
            !html.contains("<iframe") && !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        let inline = to_html("ชมคลิปที่ https://youtu.be/abc123 นะครับ");
        assert!(
            !inline.contains("link-card") && inline.contains("<a href=\"https://youtu.be/abc123\">"),
            "{inline}"
        );
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

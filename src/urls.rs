//! The one allow-list of link targets content may publish (http, https, mailto, tel, and
//! relative links inside the site), read as a browser reads a URL, and which links are
//! YouTube or Facebook videos. Validation refuses what this refuses; render never emits it.

/// What kind of target an allowed URL is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// `http://` or `https://` with a host.
    Web,
    /// `mailto:`.
    Mail,
    /// `tel:` (the privacy guard checks the number like any text).
    Tel,
    /// A path, query or anchor on this site (no scheme, no host).
    Relative,
}

/// Why a URL is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// A scheme not on the list (`javascript`, `data`, `file`, ...), lower-cased as browsers do.
    Scheme(String),
    /// `//host/...`: another site, written as if it were a path.
    ProtocolRelative,
    /// A control character (tab, line break, ...) inside: browsers drop some of them, which
    /// is how `java\tscript:` hides a scheme.
    Hidden,
    /// A backslash: browsers read it as `/`, so `/\evil.example` is another site.
    Backslash,
    /// `http(s)` without a usable host, or not a URL at all.
    BadWeb,
}

/// Checks a URL as written in content (entities already decoded by the Markdown parser).
pub(crate) fn check(url: &str) -> Result<Target, Refusal> {
    // Browsers strip leading and trailing C0 controls and spaces before reading a URL.
    let url = url.trim_matches(|c: char| c <= ' ');
    if url.chars().any(char::is_control) {
        return Err(Refusal::Hidden);
    }
    if url.contains('\\') {
        return Err(Refusal::Backslash);
    }
    match scheme(url) {
        Some(s) if s == "http" || s == "https" => web(url),
        Some(s) if s == "mailto" => Ok(Target::Mail),
        Some(s) if s == "tel" => Ok(Target::Tel),
        Some(s) => Err(Refusal::Scheme(s)),
        None if url.starts_with("//") => Err(Refusal::ProtocolRelative),
        None => Ok(Target::Relative),
    }
}

/// Whether `url` may be published as a link or image source.
pub(crate) fn allowed(url: &str) -> bool {
    check(url).is_ok()
}

/// The text before the first `:` when it comes before any `/`, `?` or `#`, lower-cased:
/// what a browser would take for a scheme. Text that is not a valid scheme (`ดู:`,
/// `java\u{200b}script:`) is still returned, and refused: a colon there is never a path.
/// An `&` before the colon is an entity-encoded scheme (`&#106;avascript:`) a page would
/// decode if it were ever written unescaped: refused as well.
fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let head = &url[..colon];
    if head.contains(['/', '?']) || (head.contains('#') && !head.contains('&')) {
        return None;
    }
    Some(head.to_lowercase())
}

/// An `http(s)` URL must parse as browsers parse it and name a host.
fn web(url: &str) -> Result<Target, Refusal> {
    if url.contains(char::is_whitespace) {
        return Err(Refusal::BadWeb);
    }
    match url::Url::parse(url) {
        Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => Ok(Target::Web),
        _ => Err(Refusal::BadWeb),
    }
}

impl Refusal {
    /// What is wrong, in Thai with the English term, for a link written as `shown`.
    pub(crate) fn message(&self, what: &str, shown: &str) -> String {
        let shown = display(shown);
        match self {
            Refusal::Scheme(s) => format!(
                "{what} `{shown}` ใช้ไม่ได้: ขึ้นต้นด้วย `{}:` ซึ่งอาจสั่งให้เบราว์เซอร์ทำงานแทนการเปิดหน้าเว็บ (unsafe link scheme)",
                display(s)
            ),
            Refusal::ProtocolRelative => {
                format!("{what} `{shown}` ใช้ไม่ได้: ขึ้นต้นด้วย // โดยไม่มี https: (protocol-relative link)")
            }
            Refusal::Hidden => {
                format!("{what} `{shown}` มีอักขระที่มองไม่เห็น เช่น แท็บหรือขึ้นบรรทัด อยู่ข้างใน (control character in link)")
            }
            Refusal::Backslash => format!("{what} `{shown}` มีเครื่องหมาย \\ ซึ่งใช้ในลิงก์ไม่ได้ (backslash in link)"),
            Refusal::BadWeb => format!("{what} `{shown}` ไม่ใช่ที่อยู่เว็บที่ถูกต้อง (invalid URL)"),
        }
    }

    /// How to fix it.
    pub(crate) fn hint(&self) -> &'static str {
        match self {
            Refusal::Hidden | Refusal::BadWeb => {
                "คัดลอกลิงก์ใหม่จากแถบที่อยู่ของเบราว์เซอร์ แล้ววางทับลิงก์เดิม ลิงก์ต้องขึ้นต้นด้วย https:// และไม่มีช่องว่าง"
            }
            _ => {
                "ใช้ได้เฉพาะลิงก์ที่ขึ้นต้นด้วย https:// http:// mailto: หรือ tel: หรือลิงก์ไปยังหน้าในเว็บไซต์นี้ ถ้าไม่ได้ตั้งใจใส่ลิงก์นี้ ให้ลบออก"
            }
        }
    }
}

/// A URL for a message: invisible characters shown as `\u{..}`, at most 80 characters.
fn display(url: &str) -> String {
    let mut out = String::new();
    for c in url.chars().take(80) {
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    if url.chars().count() > 80 {
        out.push('…');
    }
    out
}

/// The platform of a YouTube or Facebook video link (`youtube.com/watch?v=`, `youtu.be/`,
/// `youtube.com/shorts/`, `facebook.com/.../videos/...`, `fb.watch/`), or `None`.
pub(crate) fn video(url: &str) -> Option<&'static str> {
    if check(url) != Ok(Target::Web) {
        return None;
    }
    let u = url::Url::parse(url.trim()).ok()?;
    let host = u.host_str()?.to_lowercase();
    let is = |d: &str| host == d || host.ends_with(&format!(".{d}"));
    let path = u.path();
    let segment = |i: usize| path.split('/').filter(|s| !s.is_empty()).nth(i);
    if is("youtu.be") && segment(0).is_some() {
        return Some("YouTube");
    }
    if is("youtube.com") {
        let watch = path == "/watch" && u.query_pairs().any(|(k, v)| k == "v" && !v.is_empty());
        let short = segment(0) == Some("shorts") && segment(1).is_some();
        return (watch || short).then_some("YouTube");
    }
    if is("fb.watch") && segment(0).is_some() {
        return Some("Facebook");
    }
    if is("facebook.com") {
        let videos = path.split('/').any(|s| s == "videos") || path == "/watch/" || path == "/watch";
        return videos.then_some("Facebook");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allowed_kinds_pass() {
        for (url, target) in [
            ("https://www.facebook.com/ศูนย์เรียนรู้/posts/1", Target::Web),
            ("HTTP://cdd.go.th/news", Target::Web),
            ("mailto:cdd@example.org", Target::Mail),
            ("tel:038-511-111", Target::Tel),
            ("../lessons/", Target::Relative),
            ("/knn/districts/", Target::Relative),
            ("#ฐาน-1", Target::Relative),
            ("photo.jpg", Target::Relative),
            ("?q=a:b", Target::Relative),
            ("docs/a:b.pdf", Target::Relative),
            ("", Target::Relative),
        ] {
            assert_eq!(check(url), Ok(target), "{url}");
        }
    }

    #[test]
    fn every_disguise_of_a_script_is_refused() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "java\u{200b}script:alert(1)",
            "&#106;avascript:alert(1)",
        ] {
            assert!(matches!(check(url), Err(Refusal::Scheme(_))), "{url}");
        }
        for url in ["java\tscript:alert(1)", "java\nscript:alert(1)", "https://a.org/\u{b}x"] {
            assert_eq!(check(url), Err(Refusal::Hidden), "{url:?}");
        }
        assert_eq!(check("//evil.example/x"), Err(Refusal::ProtocolRelative));
        assert_eq!(check("/\\evil.example/x"), Err(Refusal::Backslash));
        assert_eq!(check("https://"), Err(Refusal::BadWeb));
        assert_eq!(check("https://exa mple.org/"), Err(Refusal::BadWeb));
    }

    #[test]
    fn messages_show_invisible_characters() {
        let m = Refusal::Hidden.message("ลิงก์", "java\tscript:x");
        assert!(m.contains("java\\u{9}script:x"), "{m}");
        assert!(
            Refusal::Scheme("javascript".into())
                .message("ลิงก์", "javascript:x")
                .contains("`javascript:`")
        );
    }

    #[test]
    fn videos_are_recognised_by_host_and_path() {
        for (url, platform) in [
            ("https://www.youtube.com/watch?v=abc123", Some("YouTube")),
            ("https://youtu.be/abc123", Some("YouTube")),
            ("https://youtube.com/shorts/abc123", Some("YouTube")),
            ("https://m.youtube.com/watch?v=abc&t=3", Some("YouTube")),
            (
                "https://www.facebook.com/cdd.chachoengsao/videos/123456/",
                Some("Facebook"),
            ),
            ("https://fb.watch/abcDEF/", Some("Facebook")),
            ("https://www.youtube.com/@cdd", None),
            ("https://www.facebook.com/cdd/posts/1", None),
            ("https://notyoutube.com/watch?v=1", None),
            ("javascript:alert('youtu.be/x')", None),
        ] {
            assert_eq!(video(url), platform, "{url}");
        }
    }
}

//! Tracking parameters removed from the links staff paste from Facebook, YouTube, TikTok,
//! Instagram, LINE and shops (`fbclid`, `mibextid`, `__cft__[0]`, `utm_*`, `si`,
//! `is_from_webapp`, ...). The cleaned link is what the model holds, so it is what the site
//! publishes and the form prints. Only the query and a tracking fragment change; the rest is
//! kept exactly as written (a Thai path stays readable, never percent-encoded).

/// Parameters that only track, on any site.
const EVERYWHERE: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "ttclid",
    "twclid",
    "igshid",
    "igsh",
    "mibextid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "si_source",
];

/// Parameter name prefixes that only track, on any site (`utm_source`, `__cft__[0]`).
const PREFIXES: &[&str] = &["utm_", "__cft__", "__tn__", "__xts__", "__eep__"];

/// Parameters that track on one platform (and may mean something elsewhere).
const BY_PLATFORM: &[(&[&str], &[&str])] = &[
    (
        &["facebook.com", "fb.com", "fb.watch", "fb.me"],
        &[
            "rdid",
            "share_url",
            "sfnsn",
            "ref",
            "refsrc",
            "hc_ref",
            "hc_location",
            "comment_tracking",
            "paipv",
            "eav",
            "extid",
            "_rdr",
            "_rdc",
            "notif_id",
            "notif_t",
            "app",
            "acontext",
            "locale",
        ],
    ),
    (
        &["youtube.com", "youtu.be"],
        &["si", "feature", "pp", "ab_channel", "embeds_referring_euri"],
    ),
    (
        &["tiktok.com"],
        &[
            "is_from_webapp",
            "sender_device",
            "_r",
            "_t",
            "share_app_id",
            "share_link_id",
            "share_item_id",
            "tt_from",
            "u_code",
            "timestamp",
            "user_id",
            "sec_user_id",
            "sec_uid",
            "social_share_type",
            "source",
            "refer",
            "referer_url",
            "enter_from",
            "checksum",
            "is_copy_url",
            "web_id",
            "share_region",
            "sharer_language",
            "embed_source",
            "lang",
        ],
    ),
    (&["instagram.com"], &["img_index"]),
    (&["x.com", "twitter.com"], &["s", "t", "ref_src", "ref_url"]),
    (&["line.me"], &["openExternalBrowser"]),
    (
        &["shopee.co.th", "shp.ee"],
        &[
            "sp_atk",
            "xptdk",
            "smtt",
            "share_channel_code",
            "uls_trackid",
            "mmp_pid",
        ],
    ),
    (
        &["lazada.co.th", "s.lazada.co.th"],
        &[
            "spm",
            "scm",
            "trafficFrom",
            "laz_trackid",
            "mkttid",
            "clickTrackInfo",
            "dsource",
            "exlaz",
            "laz_share_info",
            "laz_token",
        ],
    ),
];

/// Whether `host` is `domain` or one of its sub-domains.
fn on(host: &str, domain: &str) -> bool {
    host == domain || host.strip_suffix(domain).is_some_and(|rest| rest.ends_with('.'))
}

/// Whether a query parameter named `name` (decoded) only tracks on `host`.
fn tracks(host: &str, name: &str) -> bool {
    EVERYWHERE.contains(&name)
        || PREFIXES.iter().any(|p| name.starts_with(p))
        || BY_PLATFORM
            .iter()
            .any(|(domains, names)| domains.iter().any(|d| on(host, d)) && names.contains(&name))
}

/// The link without its tracking parameters (`host` is its lower-case host). A link with
/// none is returned exactly as written.
pub(crate) fn clean(url: &str, host: &str) -> String {
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (url, None),
    };
    let (base, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let pairs: Vec<&str> = query.map(|q| q.split('&').collect()).unwrap_or_default();
    let kept: Vec<&str> = pairs
        .iter()
        .copied()
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            !tracks(host, &percent_encoding::percent_decode_str(name).decode_utf8_lossy())
        })
        .collect();
    // Facebook's `#_=_` marks a login redirect; a fragment of tracking parameters only tracks.
    let drop_fragment = fragment.is_some_and(|f| f == "_=_" || PREFIXES.iter().any(|p| f.starts_with(p)));
    if kept.len() == pairs.len() && !drop_fragment {
        return url.to_string();
    }
    let kept: Vec<&str> = kept.into_iter().filter(|pair| !pair.is_empty()).collect();
    let mut out = base.to_string();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    if let Some(f) = fragment.filter(|_| !drop_fragment) {
        out.push('#');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(url: &str) -> String {
        let host = super::super::bundles::url_host(url).expect("a link");
        clean(url, &host)
    }

    #[test]
    fn regression_facebook_tracking_parameters_are_not_published() {
        assert_eq!(
            cleaned("https://www.facebook.com/share/p/1AbCd/?mibextid=WC7FNe"),
            "https://www.facebook.com/share/p/1AbCd/"
        );
        assert_eq!(
            cleaned(
                "https://www.facebook.com/cdd.bangkhla/posts/pfbid02x?__cft__[0]=AZV9x&__tn__=%2CO%2CP-R&fbclid=IwAR3"
            ),
            "https://www.facebook.com/cdd.bangkhla/posts/pfbid02x"
        );
        assert_eq!(
            cleaned("https://m.facebook.com/permalink.php?story_fbid=123&id=456&ref=sharing&__cft__%5B0%5D=x"),
            "https://m.facebook.com/permalink.php?story_fbid=123&id=456"
        );
        assert_eq!(
            cleaned("https://www.facebook.com/x/posts/1#_=_"),
            "https://www.facebook.com/x/posts/1"
        );
    }

    #[test]
    fn tracking_is_removed_from_every_platform_and_the_rest_is_kept() {
        for (dirty, clean) in [
            ("https://youtu.be/abcdEFGhijk?si=Xy12", "https://youtu.be/abcdEFGhijk"),
            (
                "https://www.youtube.com/watch?v=abcdEFGhijk&t=42&si=Xy&feature=shared",
                "https://www.youtube.com/watch?v=abcdEFGhijk&t=42",
            ),
            (
                "https://www.tiktok.com/@knn.cco/video/7301?is_from_webapp=1&sender_device=pc&_r=1&_t=8hX",
                "https://www.tiktok.com/@knn.cco/video/7301",
            ),
            (
                "https://cdd.go.th/ข่าว/ศูนย์เรียนรู้?id=5&utm_source=line&utm_medium=social",
                "https://cdd.go.th/ข่าว/ศูนย์เรียนรู้?id=5",
            ),
            (
                "https://www.instagram.com/p/Cx1/?igshid=MzRl",
                "https://www.instagram.com/p/Cx1/",
            ),
            (
                "https://shopee.co.th/product/1/2?sp_atk=ab&xptdk=cd",
                "https://shopee.co.th/product/1/2",
            ),
            (
                "https://example.com/page?si=keep&ref=keep",
                "https://example.com/page?si=keep&ref=keep",
            ),
            ("https://example.com/a#section-2", "https://example.com/a#section-2"),
        ] {
            assert_eq!(cleaned(dirty), clean, "{dirty}");
        }
        let untouched = "https://www.facebook.com/ศูนย์เรียนรู้/posts/1?story_fbid=9";
        assert_eq!(cleaned(untouched), untouched, "a clean link is kept byte for byte");
    }
}

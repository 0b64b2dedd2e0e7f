//! The head of every HTML page: title, description, canonical URL, share card and the
//! breadcrumb trail (shown, and as schema.org JSON-LD).

use crate::render::views::{Ctx, LinkView, ShareImage};
use serde::Serialize;

/// What every HTML page knows about itself.
#[derive(Serialize)]
pub(crate) struct Meta {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) canonical: String,
    pub(crate) crumbs: Vec<LinkView>,
    pub(crate) feed: Option<String>,
    /// The share card (`og:image`).
    pub(crate) image: Option<ShareImage>,
    /// schema.org JSON-LD blocks: the breadcrumb trail, and the page's own thing. Each reaches
    /// the template as a string escaped for a `<script>` element (`escape::json_script`).
    #[serde(serialize_with = "crate::render::escape::json_scripts")]
    pub(crate) ld: Vec<serde_json::Value>,
}

/// Builds the meta block of a page.
pub(crate) fn meta(ctx: &Ctx, title: &str, description: &str, dir: &str, crumbs: Vec<LinkView>) -> Meta {
    let canonical = ctx.abs(dir);
    let ld = if crumbs.is_empty() {
        Vec::new()
    } else {
        vec![breadcrumbs(ctx, &crumbs, title, &canonical)]
    };
    Meta {
        title: title.to_string(),
        description: description.to_string(),
        canonical,
        crumbs,
        feed: None,
        image: None,
        ld,
    }
}

/// A schema.org `BreadcrumbList`: home, the crumbs, the page itself.
fn breadcrumbs(ctx: &Ctx, crumbs: &[LinkView], title: &str, canonical: &str) -> serde_json::Value {
    let base_len = ctx.base_path.len();
    let home = LinkView {
        name: "หน้าแรก".into(),
        url: ctx.base_path.to_string(),
    };
    let items: Vec<serde_json::Value> = std::iter::once(&home)
        .chain(crumbs)
        .map(|c| (c.name.as_str(), ctx.abs(&c.url[base_len.min(c.url.len())..])))
        .chain(std::iter::once((title, canonical.to_string())))
        .enumerate()
        .map(|(i, (name, url))| serde_json::json!({"@type": "ListItem", "position": i + 1, "name": name, "item": url}))
        .collect();
    serde_json::json!({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})
}

/// A breadcrumb link.
pub(crate) fn crumb(ctx: &Ctx, name: &str, dir: &str) -> LinkView {
    LinkView {
        name: name.to_string(),
        url: ctx.url(dir),
    }
}

//! The machine-read pages: the sitemap and the Atom feeds of activities.

use super::{Page, jobs, page_dir};
use crate::markdown;
use crate::model::{District, Site};
use crate::render::views::Ctx;
use minijinja::Value;
use serde::Serialize;

/// The sitemap: every public HTML page (not the signs, nor the web form).
pub(super) fn sitemap(ctx: &Ctx, site: &Site) -> Value {
    let urls: Vec<String> = jobs(site, ctx.plan)
        .into_iter()
        .filter(|j| !matches!(j, Page::Sign(..) | Page::Admin | Page::AdminDistrict(_)))
        .filter_map(page_dir)
        .map(|dir| ctx.abs(&dir))
        .collect();
    view! { urls }
}

/// Entries in a feed.
const FEED_LIMIT: usize = 50;

/// One Atom entry.
#[derive(Serialize)]
struct FeedEntry {
    title: String,
    url: String,
    updated: String,
    summary: String,
    content: String,
    district: String,
}

/// The Atom feed of activities: the whole site or one district.
pub(super) fn feed(ctx: &Ctx, site: &Site, district: Option<&District>) -> (String, &'static str, Value) {
    let ds: Vec<&District> = match district {
        Some(d) => vec![d],
        None => site.districts.iter().collect(),
    };
    let mut acts: Vec<_> = ds
        .iter()
        .flat_map(|d| {
            d.plots
                .iter()
                .flat_map(move |p| p.activities.iter().map(move |a| (*d, p, a)))
        })
        .collect();
    acts.sort_by(|a, b| b.2.date.cmp(&a.2.date).then_with(|| a.2.slug.cmp(&b.2.slug)));
    let entries: Vec<FeedEntry> = acts
        .iter()
        .take(FEED_LIMIT)
        .map(|(d, p, a)| {
            let body = ctx.body(&a.body);
            FeedEntry {
                title: a.title.clone(),
                url: ctx.abs(&format!("{}/", crate::paths::activity(d, p, a))),
                updated: format!("{}T00:00:00+07:00", a.date.iso()),
                summary: markdown::excerpt(&body, 200),
                content: markdown::to_html(&body),
                district: d.name_th.clone(),
            }
        })
        .collect();
    let updated = entries
        .first()
        .map_or("2023-01-01T00:00:00+07:00".to_string(), |e| e.updated.clone());
    let (path, title, home) = match district {
        Some(d) => (
            format!("{}/feed.xml", crate::paths::district(d)),
            format!("{} อำเภอ{}", site.config.title, d.name_th),
            format!("{}/", crate::paths::district(d)),
        ),
        None => ("feed.xml".into(), site.config.title.clone(), String::new()),
    };
    let value =
        view! { title, id => ctx.abs(&path), self_url => ctx.abs(&path), home => ctx.abs(&home), updated, entries };
    (path, "atom.xml", value)
}

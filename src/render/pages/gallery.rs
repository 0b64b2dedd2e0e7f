//! The photo galleries: a district's activity photos (paginated, newest first, each photo
//! linking to its activity) and a plot's photos (activities, lessons and products).

use super::{crumb, meta};
use crate::images::ImagePlan;
use crate::model::{District, Plot};
use crate::render::views::{Ctx, GalleryItem, LinkView};
use minijinja::Value;
use serde::Serialize;

/// Photos per district gallery page.
pub(crate) const PER_PAGE: usize = 48;
/// Photos previewed on a district or plot page above the link to the whole gallery: with the
/// lead photo taking four cells (two on a phone), nine fill whole rows at 2, 3 and 4 across.
pub(crate) const PREVIEW: usize = 9;

/// The folder of page `n` (0-based) of a district's gallery.
pub(crate) fn district_dir(d: &District, n: usize) -> String {
    match n {
        0 => format!("{}/photos/", crate::paths::district(d)),
        _ => format!("{}/photos/{}/", crate::paths::district(d), n + 1),
    }
}

/// The folder of a plot's gallery.
pub(crate) fn plot_gallery_dir(d: &District, p: &Plot) -> String {
    format!("{}/photos/", crate::paths::plot(d, p))
}

/// How many gallery pages a district has (0 when it has no photos to show).
pub(crate) fn district_pages(plan: &ImagePlan, d: &District) -> usize {
    let shown = d
        .plots
        .iter()
        .flat_map(|p| &p.activities)
        .flat_map(|a| &a.photos)
        .filter(|ph| plan.photos.contains_key(&ph.source))
        .count();
    shown.div_ceil(PER_PAGE)
}

/// Whether a plot has any photo to show.
pub(crate) fn plot_has_photos(plan: &ImagePlan, p: &Plot) -> bool {
    let a = p.activities.iter().flat_map(|a| &a.photos);
    let l = p.lessons.iter().flat_map(|l| &l.photos);
    let x = p.products.iter().flat_map(|x| &x.photos);
    a.chain(l).chain(x).any(|ph| plan.photos.contains_key(&ph.source))
}

/// Every activity photo of a district, newest activity first.
pub(crate) fn district_items(ctx: &Ctx, d: &District) -> Vec<GalleryItem> {
    let mut acts: Vec<_> = d
        .plots
        .iter()
        .flat_map(|p| p.activities.iter().map(move |a| (p, a)))
        .collect();
    acts.sort_by(|x, y| y.1.date.cmp(&x.1.date).then_with(|| x.1.slug.cmp(&y.1.slug)));
    acts.iter()
        .flat_map(|(p, a)| {
            let url = ctx.url(&format!("{}/", crate::paths::activity(d, p, a)));
            GalleryItem::linked(ctx, &a.photos, &a.title, &url, &a.date.thai_short(ctx.thai))
        })
        .collect()
}

/// Every photo of a plot: activities newest first, then lessons, then products.
pub(crate) fn plot_items(ctx: &Ctx, d: &District, p: &Plot) -> Vec<GalleryItem> {
    let mut acts: Vec<_> = p.activities.iter().collect();
    acts.sort_by(|x, y| y.date.cmp(&x.date).then_with(|| x.slug.cmp(&y.slug)));
    let mut items: Vec<GalleryItem> = acts
        .iter()
        .flat_map(|a| {
            let url = ctx.url(&format!("{}/", crate::paths::activity(d, p, a)));
            GalleryItem::linked(ctx, &a.photos, &a.title, &url, &a.date.thai_short(ctx.thai))
        })
        .collect();
    for l in &p.lessons {
        let url = ctx.url(&format!("{}/", crate::paths::lesson(d, p, l)));
        items.extend(GalleryItem::linked(ctx, &l.photos, &l.title, &url, "ถอดบทเรียน"));
    }
    for x in &p.products {
        let url = ctx.url(&format!("{}/", crate::paths::product(d, p, x)));
        items.extend(GalleryItem::linked(ctx, &x.photos, &x.name, &url, "ผลิตภัณฑ์"));
    }
    items
}

/// Links between the pages of a gallery.
#[derive(Serialize)]
struct Pager {
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    label: String,
    url: String,
    current: bool,
}

/// Page `n` (0-based) of a district's gallery.
pub(crate) fn district_gallery(ctx: &Ctx, d: &District, n: usize, dir: &str) -> Value {
    let all = ctx.shared.photos(&d.slug);
    let total = all.len();
    let count = total.div_ceil(PER_PAGE).max(1);
    let first = (n * PER_PAGE).min(total);
    let items: &[GalleryItem] = &all[first..(first + PER_PAGE).min(total)];
    let url = |i: usize| ctx.url(&district_dir(d, i));
    let pager = Pager {
        prev: n.checked_sub(1).map(url),
        next: (n + 1 < count).then(|| url(n + 1)),
        pages: (0..count)
            .map(|i| PageLink {
                label: ctx.n(i + 1),
                url: url(i),
                current: i == n,
            })
            .collect(),
    };
    let heading = format!("ภาพกิจกรรม อำเภอ{}", d.name_th);
    let title = if n == 0 {
        heading.clone()
    } else {
        format!("{heading} หน้า {}", ctx.n(n + 1))
    };
    let summary = format!(
        "ภาพที่ {}-{} จาก {} ภาพ เรียงจากกิจกรรมล่าสุด กดที่ภาพเพื่อดูภาพขยาย",
        ctx.n(first + 1),
        ctx.n(first + items.len()),
        ctx.n(total)
    );
    let crumbs = vec![
        crumb(ctx, "อำเภอ", "districts/"),
        crumb(
            ctx,
            &format!("อำเภอ{}", d.name_th),
            &format!("{}/", crate::paths::district(d)),
        ),
    ];
    let mut page = meta(ctx, &title, &summary, dir, crumbs);
    page.image = ctx.shared.card(&d.slug);
    view! { page, heading, summary, items, pager }
}

/// A plot's gallery.
pub(crate) fn plot_gallery(ctx: &Ctx, d: &District, p: &Plot, dir: &str) -> Value {
    let items = plot_items(ctx, d, p);
    let heading = format!("ภาพทั้งหมดของ{}", p.name);
    let summary = format!(
        "{} ภาพ จากกิจกรรม ถอดบทเรียน และผลิตภัณฑ์ของแปลง กดที่ภาพเพื่อดูภาพขยาย",
        ctx.n(items.len())
    );
    let crumbs: Vec<LinkView> = vec![
        crumb(ctx, "อำเภอ", "districts/"),
        crumb(
            ctx,
            &format!("อำเภอ{}", d.name_th),
            &format!("{}/", crate::paths::district(d)),
        ),
        crumb(ctx, &p.name, &format!("{}/", crate::paths::plot(d, p))),
    ];
    let mut page = meta(ctx, &heading, &summary, dir, crumbs);
    page.image = latest_share(ctx, p.activities.iter());
    view! { page, heading, summary, items, pager => Option::<()>::None }
}

/// The share card of the newest activity that has one.
pub(crate) fn latest_share<'a>(
    ctx: &Ctx,
    activities: impl Iterator<Item = &'a crate::model::Activity>,
) -> Option<crate::render::views::ShareImage> {
    let mut acts: Vec<_> = activities.collect();
    acts.sort_by(|x, y| y.date.cmp(&x.date).then_with(|| x.slug.cmp(&y.slug)));
    acts.iter().find_map(|a| ctx.share(&a.photos))
}

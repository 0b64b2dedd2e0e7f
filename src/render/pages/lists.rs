//! The site's list pages: home (counts, newest activities, honoured lessons, the map), the
//! districts, a district (plots, activities by month, lessons, photos), all lessons, products
//! by category and markets by level.

use super::gallery;
use super::{crumb, meta};
use crate::model::{District, Plot, Site};
use crate::options::{MARKET_LEVELS, PRODUCT_CATEGORIES};
use crate::render::views::{
    ActivityCard, Ctx, GalleryItem, LessonCard, MarketView, MonthGroup, PlotCard, ProductCard, ShareImage,
};
use minijinja::Value;
use serde::Serialize;

/// The share card of the newest activity with one, for pages that have none of their own.
pub(crate) fn site_card(ctx: &Ctx, site: &Site) -> Option<ShareImage> {
    gallery::latest_share(ctx, all_plots(site).flat_map(|(_, p)| &p.activities))
}

/// Every plot with its district.
fn all_plots(site: &Site) -> impl Iterator<Item = (&District, &Plot)> {
    site.districts.iter().flat_map(|d| d.plots.iter().map(move |p| (d, p)))
}

/// Site-wide counts shown on the home page.
#[derive(Serialize)]
struct Stats {
    districts: String,
    plots: String,
    activities: String,
    lessons: String,
    products: String,
    photos: String,
}

/// The home page.
pub(super) fn home(ctx: &Ctx, site: &Site) -> Value {
    let plots: Vec<_> = all_plots(site).collect();
    let count = |f: &dyn Fn(&Plot) -> usize| ctx.n(plots.iter().map(|(_, p)| f(p)).sum());
    let stats = Stats {
        districts: ctx.n(site.districts.iter().filter(|d| !d.plots.is_empty()).count()),
        plots: ctx.n(plots.len()),
        activities: count(&|p| p.activities.len()),
        lessons: count(&|p| p.lessons.len()),
        products: count(&|p| p.products.len()),
        photos: count(&|p| p.activities.iter().map(|a| a.photos.len()).sum()),
    };
    let mut latest: Vec<_> = plots
        .iter()
        .flat_map(|(d, p)| p.activities.iter().map(move |a| (a.date, *d, *p, a)))
        .collect();
    latest.sort_by_key(|a| std::cmp::Reverse(a.0));
    // Seven: the newest is the hero, the other six fill whole rows of 1, 2 or 3 cards.
    let latest: Vec<ActivityCard> = latest
        .iter()
        .take(7)
        .map(|(_, d, p, a)| ActivityCard::new(ctx, d, p, a))
        .collect();
    let mut lessons: Vec<_> = plots
        .iter()
        .flat_map(|(d, p)| p.lessons.iter().map(move |l| (*d, *p, l)))
        .collect();
    lessons.sort_by_key(|l| std::cmp::Reverse((l.2.honoured, l.2.date)));
    let lessons: Vec<LessonCard> = lessons
        .iter()
        .take(3)
        .map(|(d, p, l)| LessonCard::new(ctx, d, p, l))
        .collect();
    let districts = district_rows(ctx, site);
    let mut page = meta(ctx, "", &site.config.description, "", vec![]);
    page.feed = Some(ctx.url("feed.xml"));
    page.image = site_card(ctx, site);
    view! { page, stats, latest, lessons, districts, map => Value::from_safe_string(ctx.map.clone()) }
}

/// One row per district: name, link, counts.
#[derive(Serialize)]
struct DistrictRow {
    name: String,
    name_en: String,
    url: String,
    plots: String,
    activities: String,
}

fn district_rows(ctx: &Ctx, site: &Site) -> Vec<DistrictRow> {
    site.districts
        .iter()
        .map(|d| DistrictRow {
            name: d.name_th.clone(),
            name_en: d.name_en.clone(),
            url: ctx.url(&format!("{}/", crate::paths::district(d))),
            plots: ctx.n(d.plots.len()),
            activities: ctx.n(d.plots.iter().map(|p| p.activities.len()).sum()),
        })
        .collect()
}

/// The list of districts.
pub(super) fn districts(ctx: &Ctx, site: &Site, dir: &str) -> Value {
    let page = meta(ctx, "อำเภอ", "พื้นที่ต้นแบบโคก หนอง นา แยกตามอำเภอ", dir, vec![]);
    view! { page, districts => district_rows(ctx, site), map => Value::from_safe_string(ctx.map.clone()) }
}

/// A district page: plots, activities by month, lessons and a photo gallery.
pub(super) fn district(ctx: &Ctx, d: &District, dir: &str) -> Value {
    let plots: Vec<PlotCard> = d.plots.iter().map(|p| PlotCard::new(ctx, d, p)).collect();
    let mut acts: Vec<_> = d
        .plots
        .iter()
        .flat_map(|p| p.activities.iter().map(move |a| (p, a)))
        .collect();
    acts.sort_by_key(|a| std::cmp::Reverse(a.1.date));
    let mut months: Vec<MonthGroup> = Vec::new();
    for (p, a) in &acts {
        let key = a.date.month_key();
        if months.last().is_none_or(|m| m.key != key) {
            months.push(MonthGroup {
                label: a.date.thai_month(ctx.thai),
                key,
                activities: Vec::new(),
            });
        }
        if let Some(m) = months.last_mut() {
            m.activities.push(ActivityCard::new(ctx, d, p, a));
        }
    }
    let all_photos = ctx.shared.photos(&d.slug);
    let photo_count = ctx.n(all_photos.len());
    let gallery: &[GalleryItem] = &all_photos[..all_photos.len().min(gallery::PREVIEW)];
    let gallery_url = ctx.url(&gallery::district_dir(d, 0));
    let lessons: Vec<LessonCard> = d
        .plots
        .iter()
        .flat_map(|p| p.lessons.iter().map(move |l| LessonCard::new(ctx, d, p, l)))
        .collect();
    let mut page = meta(
        ctx,
        &format!("อำเภอ{}", d.name_th),
        &format!("พื้นที่ต้นแบบโคก หนอง นา อำเภอ{} {} แปลง", d.name_th, ctx.n(d.plots.len())),
        dir,
        vec![crumb(ctx, "อำเภอ", "districts/")],
    );
    page.feed = Some(ctx.url(&format!("{dir}feed.xml")));
    page.image = ctx.shared.card(&d.slug);
    let month_base = ctx.url(&format!("{dir}months/"));
    view! { page, name => &d.name_th, name_en => &d.name_en, plots, months, month_base, lessons, gallery, gallery_url, photo_count }
}

/// All lessons, newest first.
pub(super) fn lessons(ctx: &Ctx, site: &Site, dir: &str) -> Value {
    let mut all: Vec<_> = all_plots(site)
        .flat_map(|(d, p)| p.lessons.iter().map(move |l| (d, p, l)))
        .collect();
    all.sort_by_key(|l| std::cmp::Reverse(l.2.date));
    let lessons: Vec<LessonCard> = all.iter().map(|(d, p, l)| LessonCard::new(ctx, d, p, l)).collect();
    view! { page => meta(ctx, "ถอดบทเรียน (Best Practice)", "บทเรียนความสำเร็จจากพื้นที่ต้นแบบโคก หนอง นา", dir, vec![]), lessons }
}

/// Products grouped by category.
#[derive(Serialize)]
struct Group<T> {
    key: &'static str,
    label: &'static str,
    items: Vec<T>,
}

pub(super) fn products(ctx: &Ctx, site: &Site, dir: &str) -> Value {
    let groups: Vec<Group<ProductCard>> = PRODUCT_CATEGORIES
        .iter()
        .map(|c| Group {
            key: c.key,
            label: c.label(),
            items: all_plots(site)
                .flat_map(|(d, p)| {
                    p.products
                        .iter()
                        .filter(|x| x.category.key == c.key)
                        .map(move |x| ProductCard::new(ctx, d, p, x))
                })
                .collect(),
        })
        .collect();
    view! { page => meta(ctx, "ผลิตภัณฑ์", "ผลผลิตและผลิตภัณฑ์จากพื้นที่ต้นแบบโคก หนอง นา", dir, vec![]), groups }
}

pub(super) fn markets(ctx: &Ctx, site: &Site, dir: &str) -> Value {
    let groups: Vec<Group<MarketView>> = MARKET_LEVELS
        .iter()
        .map(|l| Group {
            key: l.key,
            label: l.label(),
            items: all_plots(site)
                .flat_map(|(d, p)| MarketView::all(ctx, d, p))
                .filter(|m| m.level == l.key)
                .collect(),
        })
        .collect();
    view! { page => meta(ctx, "ตลาด", "ช่องทางจำหน่ายผลผลิต ๓ ระดับ: ชุมชน จังหวัด ประเทศ", dir, vec![]), groups }
}

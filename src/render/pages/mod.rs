//! The list of pages of a site and how each is rendered: which template, which view.

use super::views::{
    ActivityCard, Ctx, GalleryItem, LessonCard, MarketView, MonthGroup, PlotCard, ProductCard, ShareImage,
};
use crate::images::ImagePlan;
use crate::markdown;
use crate::model::{District, Plot, Site};
use crate::options::{MARKET_LEVELS, PRODUCT_CATEGORIES};
use crate::report::Month;
use minijinja::Value;
use serde::Serialize;

pub(crate) mod admin;
mod detail;
mod feeds;
pub(crate) mod form;
pub(crate) mod gallery;
mod head;
pub(crate) mod months;
pub(crate) mod sign;

use feeds::{feed, sitemap};
pub(crate) use head::{crumb, meta};
use sign::Paper;

/// One output page. Indices point into `site.districts[d].plots[p]...`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Page {
    Home,
    Districts,
    District(usize),
    Plot(usize, usize),
    /// Page `n` (0-based) of a district's photo gallery.
    DistrictGallery(usize, usize),
    PlotGallery(usize, usize),
    Activity(usize, usize, usize),
    Lesson(usize, usize, usize),
    Product(usize, usize, usize),
    Lessons,
    Products,
    Markets,
    /// The list of months, a month province-wide, a district's month.
    Months,
    /// The search page (the client fills it in).
    Search,
    Month(Month),
    DistrictMonth(usize, Month),
    /// The public copy of an activity's report form (only with `publish_forms`).
    Form(usize, usize, usize),
    /// A printable QR sign: for a plot, or for one of its learning stations.
    Sign(usize, usize, Option<usize>, Paper),
    /// The list of every sign.
    Signs,
    About,
    NotFound,
    Sitemap,
    Robots,
    Feed(Option<usize>),
    /// The web form: the list of districts, a district's CMS page and its configuration.
    Admin,
    AdminDistrict(usize),
    AdminConfig(usize),
}

/// Every page of the site (gallery pages only where there are photos to show).
pub(crate) fn jobs(site: &Site, plan: &ImagePlan) -> Vec<Page> {
    let mut jobs = vec![
        Page::Home,
        Page::Districts,
        Page::Lessons,
        Page::Products,
        Page::Markets,
        Page::About,
        Page::NotFound,
        Page::Sitemap,
        Page::Robots,
        Page::Feed(None),
        Page::Months,
        Page::Search,
        Page::Signs,
        Page::Admin,
    ];
    for (di, _) in admin::districts(site) {
        jobs.extend([Page::AdminDistrict(di), Page::AdminConfig(di)]);
    }
    let months = crate::report::months(site);
    jobs.extend(months.iter().copied().map(Page::Month));
    for (di, d) in site.districts.iter().enumerate() {
        jobs.push(Page::District(di));
        jobs.extend(months.iter().map(|m| Page::DistrictMonth(di, *m)));
        jobs.push(Page::Feed(Some(di)));
        jobs.extend((0..gallery::district_pages(plan, d)).map(|n| Page::DistrictGallery(di, n)));
        for (pi, p) in d.plots.iter().enumerate() {
            jobs.push(Page::Plot(di, pi));
            if gallery::plot_has_photos(plan, p) {
                jobs.push(Page::PlotGallery(di, pi));
            }
            jobs.extend((0..p.activities.len()).map(|i| Page::Activity(di, pi, i)));
            if site.config.publish_forms {
                jobs.extend((0..p.activities.len()).map(|i| Page::Form(di, pi, i)));
            }
            for station in std::iter::once(None).chain((0..p.stations.len()).map(Some)) {
                jobs.extend([Paper::A4, Paper::A5].map(|paper| Page::Sign(di, pi, station, paper)));
            }
            jobs.extend((0..p.lessons.len()).map(|i| Page::Lesson(di, pi, i)));
            jobs.extend((0..p.products.len()).map(|i| Page::Product(di, pi, i)));
        }
    }
    jobs
}

/// The folder of an HTML page relative to the output root (`""` for home), if it is one.
pub(crate) fn page_dir(site: &Site, page: Page) -> Option<String> {
    let plot = |d: usize, p: usize| super::views::plot_dir(&site.districts[d], &site.districts[d].plots[p]);
    Some(match page {
        Page::Home => String::new(),
        Page::Districts => "districts/".into(),
        Page::District(d) => format!("districts/{}/", site.districts[d].slug),
        Page::Plot(d, p) => format!("{}/", plot(d, p)),
        Page::DistrictGallery(d, n) => gallery::district_dir(&site.districts[d], n),
        Page::PlotGallery(d, p) => gallery::plot_gallery_dir(&site.districts[d], &site.districts[d].plots[p]),
        Page::Activity(d, p, i) => format!(
            "{}/activities/{}/",
            plot(d, p),
            site.districts[d].plots[p].activities[i].slug
        ),
        Page::Lesson(d, p, i) => format!("{}/lessons/{}/", plot(d, p), site.districts[d].plots[p].lessons[i].slug),
        Page::Product(d, p, i) => format!(
            "{}/products/{}/",
            plot(d, p),
            site.districts[d].plots[p].products[i].slug
        ),
        Page::Months => "months/".into(),
        Page::Search => "search/".into(),
        Page::Month(m) => months::month_dir(m),
        Page::DistrictMonth(d, m) => months::district_month_dir(&site.districts[d], m),
        Page::Form(d, p, i) => format!(
            "{}/activities/{}/form/",
            plot(d, p),
            site.districts[d].plots[p].activities[i].slug
        ),
        Page::Sign(d, p, s, paper) => sign::sign_dir(&site.districts[d], &site.districts[d].plots[p], s, paper),
        Page::Signs => "signs/".into(),
        Page::Admin => "admin/".into(),
        Page::AdminDistrict(d) => admin::district_dir(&site.districts[d]),
        Page::Lessons => "lessons/".into(),
        Page::Products => "products/".into(),
        Page::Markets => "markets/".into(),
        Page::About => "about/".into(),
        Page::NotFound | Page::Sitemap | Page::Robots | Page::Feed(_) | Page::AdminConfig(_) => return None,
    })
}

/// The content file (relative to the site folder) whose data a page shows, where there is one
/// such file: guards point their errors at it.
pub(crate) fn page_source(site: &Site, page: Page) -> Option<String> {
    let plot = |d: usize, p: usize| super::views::plot_dir(&site.districts[d], &site.districts[d].plots[p]);
    let bundle = |d: usize, p: usize, section: &str, slug: &str| format!("{}/{section}/{slug}/index.md", plot(d, p));
    let plots = |d: usize| &site.districts[d].plots;
    Some(match page {
        Page::Plot(d, p) | Page::PlotGallery(d, p) | Page::Sign(d, p, _, _) => format!("{}/plot.md", plot(d, p)),
        Page::Activity(d, p, i) | Page::Form(d, p, i) => bundle(d, p, "activities", &plots(d)[p].activities[i].slug),
        Page::Lesson(d, p, i) => bundle(d, p, "lessons", &plots(d)[p].lessons[i].slug),
        Page::Product(d, p, i) => bundle(d, p, "products", &plots(d)[p].products[i].slug),
        Page::About => "about.md".into(),
        _ => return None,
    })
}

/// A page's output path, template and view.
pub(crate) fn page_input(ctx: &Ctx, site: &Site, page: Page) -> (String, &'static str, Value) {
    match page {
        Page::Sitemap => ("sitemap.xml".to_string(), "sitemap.xml", sitemap(ctx, site)),
        Page::Robots => (
            "robots.txt".to_string(),
            "robots.txt",
            view! { sitemap => ctx.abs("sitemap.xml") },
        ),
        Page::Feed(d) => feed(ctx, site, d),
        Page::AdminConfig(d) => (
            format!("{}config.json", admin::district_dir(&site.districts[d])),
            "admin_config.json",
            admin::config(site, &site.districts[d]),
        ),
        Page::NotFound => (
            "404.html".to_string(),
            "404.html",
            view! { page => meta(ctx, "ไม่พบหน้านี้", "", "404.html", vec![]) },
        ),
        _ => {
            let dir = page_dir(site, page).unwrap_or_default();
            let (template, value) = html_page(ctx, site, page, &dir);
            (format!("{dir}index.html"), template, value)
        }
    }
}

/// Template and context of an HTML page.
fn html_page(ctx: &Ctx, site: &Site, page: Page, dir: &str) -> (&'static str, Value) {
    match page {
        Page::Home => ("home.html", home(ctx, site)),
        Page::Districts => ("districts.html", districts(ctx, site, dir)),
        Page::District(d) => ("district.html", district(ctx, &site.districts[d], dir)),
        Page::Plot(d, p) => (
            "plot.html",
            detail::plot(ctx, &site.districts[d], &site.districts[d].plots[p], dir),
        ),
        Page::DistrictGallery(d, n) => (
            "gallery.html",
            gallery::district_gallery(ctx, &site.districts[d], n, dir),
        ),
        Page::PlotGallery(d, p) => (
            "gallery.html",
            gallery::plot_gallery(ctx, &site.districts[d], &site.districts[d].plots[p], dir),
        ),
        Page::Activity(d, p, i) => (
            "activity.html",
            detail::activity(ctx, &site.districts[d], &site.districts[d].plots[p], i, dir),
        ),
        Page::Lesson(d, p, i) => (
            "lesson.html",
            detail::lesson(ctx, &site.districts[d], &site.districts[d].plots[p], i, dir),
        ),
        Page::Product(d, p, i) => (
            "product.html",
            detail::product(ctx, &site.districts[d], &site.districts[d].plots[p], i, dir),
        ),
        Page::Months => ("months.html", months::months(ctx, site, dir)),
        Page::Search => ("search.html", search_page(ctx, dir)),
        Page::Month(m) => ("month.html", months::month(ctx, site, m, dir)),
        Page::DistrictMonth(d, m) => ("district_month.html", months::district_month(ctx, site, d, m, dir)),
        Page::Form(d, p, i) => ("form.html", form::public_form(ctx, site, d, p, i)),
        Page::Sign(d, p, s, paper) => (
            "sign.html",
            sign::sign(ctx, &site.districts[d], &site.districts[d].plots[p], s, paper),
        ),
        Page::Signs => ("signs.html", sign::signs(ctx, site, dir)),
        Page::Admin => ("admin.html", admin::index(ctx, site)),
        Page::AdminDistrict(d) => ("admin_district.html", admin::district(ctx, &site.districts[d])),
        Page::Lessons => ("lessons.html", lessons(ctx, site, dir)),
        Page::Products => ("products.html", products(ctx, site, dir)),
        Page::Markets => ("markets.html", markets(ctx, site, dir)),
        _ => (
            "about.html",
            view! { page => meta(ctx, "เกี่ยวกับ", "", dir, vec![]), about => markdown::to_html(&site.about) },
        ),
    }
}

/// A kind of page the search can be limited to.
#[derive(Serialize)]
struct KindOption {
    key: &'static str,
    name: &'static str,
}

/// The search page: the form, the kinds to filter by; results come from `assets/search.js`.
fn search_page(ctx: &Ctx, dir: &str) -> Value {
    let kinds = [
        ("activity", "กิจกรรม"),
        ("plot", "แปลง"),
        ("lesson", "ถอดบทเรียน"),
        ("product", "ผลิตภัณฑ์"),
        ("market", "ตลาด"),
    ]
    .map(|(key, name)| KindOption { key, name });
    let page = meta(ctx, "ค้นหา", "ค้นหากิจกรรม แปลง ถอดบทเรียน ผลิตภัณฑ์ และตลาด", dir, vec![]);
    view! { page, kinds }
}

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
fn home(ctx: &Ctx, site: &Site) -> Value {
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
    let latest: Vec<ActivityCard> = latest
        .iter()
        .take(8)
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
            url: ctx.url(&format!("districts/{}/", d.slug)),
            plots: ctx.n(d.plots.len()),
            activities: ctx.n(d.plots.iter().map(|p| p.activities.len()).sum()),
        })
        .collect()
}

/// The list of districts.
fn districts(ctx: &Ctx, site: &Site, dir: &str) -> Value {
    let page = meta(ctx, "อำเภอ", "พื้นที่ต้นแบบโคก หนอง นา แยกตามอำเภอ", dir, vec![]);
    view! { page, districts => district_rows(ctx, site), map => Value::from_safe_string(ctx.map.clone()) }
}

/// A district page: plots, activities by month, lessons and a photo gallery.
fn district(ctx: &Ctx, d: &District, dir: &str) -> Value {
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
fn lessons(ctx: &Ctx, site: &Site, dir: &str) -> Value {
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

fn products(ctx: &Ctx, site: &Site, dir: &str) -> Value {
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

fn markets(ctx: &Ctx, site: &Site, dir: &str) -> Value {
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

//! The list of pages of a site and how each is rendered: which template, which view.

use super::views::Ctx;
use crate::images::ImagePlan;
use crate::model::Site;
use crate::report::Month;
use crate::{markdown, paths};
use minijinja::Value;
use serde::Serialize;

pub(crate) mod admin;
mod detail;
mod feeds;
pub(crate) mod form;
pub(crate) mod gallery;
mod head;
mod lists;
pub(crate) mod months;
pub(crate) mod sign;

use feeds::{feed, sitemap};
pub(crate) use head::{crumb, meta};
pub(crate) use lists::site_card;
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
    let dist = |d: usize| &site.districts[d];
    let plot = |d: usize, p: usize| &site.districts[d].plots[p];
    Some(match page {
        Page::Home => String::new(),
        Page::Districts => "districts/".into(),
        Page::District(d) => format!("{}/", paths::district(dist(d))),
        Page::Plot(d, p) => format!("{}/", paths::plot(dist(d), plot(d, p))),
        Page::DistrictGallery(d, n) => gallery::district_dir(&site.districts[d], n),
        Page::PlotGallery(d, p) => gallery::plot_gallery_dir(&site.districts[d], &site.districts[d].plots[p]),
        Page::Activity(d, p, i) => format!("{}/", paths::activity(dist(d), plot(d, p), &plot(d, p).activities[i])),
        Page::Lesson(d, p, i) => format!("{}/", paths::lesson(dist(d), plot(d, p), &plot(d, p).lessons[i])),
        Page::Product(d, p, i) => format!("{}/", paths::product(dist(d), plot(d, p), &plot(d, p).products[i])),
        Page::Months => "months/".into(),
        Page::Search => "search/".into(),
        Page::Month(m) => months::month_dir(m),
        Page::DistrictMonth(d, m) => months::district_month_dir(&site.districts[d], m),
        Page::Form(d, p, i) => format!(
            "{}/form/",
            paths::activity(dist(d), plot(d, p), &plot(d, p).activities[i])
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
    let dist = |d: usize| &site.districts[d];
    let plot = |d: usize, p: usize| &site.districts[d].plots[p];
    Some(match page {
        Page::Plot(d, p) | Page::PlotGallery(d, p) | Page::Sign(d, p, _, _) => paths::plot_source(dist(d), plot(d, p)),
        Page::Activity(d, p, i) | Page::Form(d, p, i) => {
            paths::bundle_source(&paths::activity(dist(d), plot(d, p), &plot(d, p).activities[i]))
        }
        Page::Lesson(d, p, i) => paths::bundle_source(&paths::lesson(dist(d), plot(d, p), &plot(d, p).lessons[i])),
        Page::Product(d, p, i) => paths::bundle_source(&paths::product(dist(d), plot(d, p), &plot(d, p).products[i])),
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
        Page::Home => ("home.html", lists::home(ctx, site)),
        Page::Districts => ("districts.html", lists::districts(ctx, site, dir)),
        Page::District(d) => ("district.html", lists::district(ctx, &site.districts[d], dir)),
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
        Page::Lessons => ("lessons.html", lists::lessons(ctx, site, dir)),
        Page::Products => ("products.html", lists::products(ctx, site, dir)),
        Page::Markets => ("markets.html", lists::markets(ctx, site, dir)),
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

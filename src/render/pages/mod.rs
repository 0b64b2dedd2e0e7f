//! The list of pages of a site and how each is rendered: which template, which view.

use super::views::Ctx;
use crate::images::ImagePlan;
use crate::model::{Activity, District, Lesson, Plot, Product, Site};
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

/// One output page, holding the parts of the model it shows.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Page<'a> {
    Home,
    Districts,
    District(&'a District),
    Plot(&'a District, &'a Plot),
    /// Page `n` (0-based) of a district's photo gallery.
    DistrictGallery(&'a District, usize),
    PlotGallery(&'a District, &'a Plot),
    Activity(&'a District, &'a Plot, &'a Activity),
    Lesson(&'a District, &'a Plot, &'a Lesson),
    Product(&'a District, &'a Plot, &'a Product),
    Lessons,
    Products,
    Markets,
    /// The list of months, a month province-wide, a district's month.
    Months,
    /// The search page (the client fills it in).
    Search,
    Month(Month),
    DistrictMonth(&'a District, Month),
    /// The public copy of an activity's report form (only with `publish_forms`).
    Form(&'a District, &'a Plot, &'a Activity),
    /// A printable QR sign: for a plot, or for its learning station number `n` (0-based), whose
    /// number is part of the sign's URL.
    Sign(&'a District, &'a Plot, Option<usize>, Paper),
    /// The list of every sign.
    Signs,
    About,
    NotFound,
    Sitemap,
    Robots,
    Feed(Option<&'a District>),
    /// The web form: the list of districts, a district's CMS page and its configuration.
    Admin,
    AdminDistrict(&'a District),
    AdminConfig(&'a District),
}

/// Every page of the site (gallery pages only where there are photos to show).
pub(crate) fn jobs<'a>(site: &'a Site, plan: &ImagePlan) -> Vec<Page<'a>> {
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
    for d in admin::districts(site) {
        jobs.extend([Page::AdminDistrict(d), Page::AdminConfig(d)]);
    }
    let months = crate::report::months(site);
    jobs.extend(months.iter().copied().map(Page::Month));
    for d in &site.districts {
        jobs.push(Page::District(d));
        jobs.extend(months.iter().map(|m| Page::DistrictMonth(d, *m)));
        jobs.push(Page::Feed(Some(d)));
        jobs.extend((0..gallery::district_pages(plan, d)).map(|n| Page::DistrictGallery(d, n)));
        for p in &d.plots {
            plot_jobs(site, plan, d, p, &mut jobs);
        }
    }
    jobs
}

/// A plot's pages: its own, its gallery, its activities (and their forms), signs, lessons and
/// products.
fn plot_jobs<'a>(site: &Site, plan: &ImagePlan, d: &'a District, p: &'a Plot, jobs: &mut Vec<Page<'a>>) {
    jobs.push(Page::Plot(d, p));
    if gallery::plot_has_photos(plan, p) {
        jobs.push(Page::PlotGallery(d, p));
    }
    jobs.extend(p.activities.iter().map(|a| Page::Activity(d, p, a)));
    if site.config.publish_forms {
        jobs.extend(p.activities.iter().map(|a| Page::Form(d, p, a)));
    }
    for station in std::iter::once(None).chain((0..p.stations.len()).map(Some)) {
        jobs.extend([Paper::A4, Paper::A5].map(|paper| Page::Sign(d, p, station, paper)));
    }
    jobs.extend(p.lessons.iter().map(|l| Page::Lesson(d, p, l)));
    jobs.extend(p.products.iter().map(|x| Page::Product(d, p, x)));
}

/// The folder of an HTML page relative to the output root (`""` for home), if it is one.
pub(crate) fn page_dir(page: Page) -> Option<String> {
    Some(match page {
        Page::Home => String::new(),
        Page::Districts => "districts/".into(),
        Page::District(d) => format!("{}/", paths::district(d)),
        Page::Plot(d, p) => format!("{}/", paths::plot(d, p)),
        Page::DistrictGallery(d, n) => gallery::district_dir(d, n),
        Page::PlotGallery(d, p) => gallery::plot_gallery_dir(d, p),
        Page::Activity(d, p, a) => format!("{}/", paths::activity(d, p, a)),
        Page::Lesson(d, p, l) => format!("{}/", paths::lesson(d, p, l)),
        Page::Product(d, p, x) => format!("{}/", paths::product(d, p, x)),
        Page::Months => "months/".into(),
        Page::Search => "search/".into(),
        Page::Month(m) => months::month_dir(m),
        Page::DistrictMonth(d, m) => months::district_month_dir(d, m),
        Page::Form(d, p, a) => format!("{}/form/", paths::activity(d, p, a)),
        Page::Sign(d, p, s, paper) => sign::sign_dir(d, p, s, paper),
        Page::Signs => "signs/".into(),
        Page::Admin => "admin/".into(),
        Page::AdminDistrict(d) => admin::district_dir(d),
        Page::Lessons => "lessons/".into(),
        Page::Products => "products/".into(),
        Page::Markets => "markets/".into(),
        Page::About => "about/".into(),
        Page::NotFound | Page::Sitemap | Page::Robots | Page::Feed(_) | Page::AdminConfig(_) => return None,
    })
}

/// The content file (relative to the site folder) whose data a page shows, where there is one
/// such file: guards point their errors at it.
pub(crate) fn page_source(page: Page) -> Option<String> {
    Some(match page {
        Page::Plot(d, p) | Page::PlotGallery(d, p) | Page::Sign(d, p, _, _) => paths::plot_source(d, p),
        Page::Activity(d, p, a) | Page::Form(d, p, a) => paths::bundle_source(&paths::activity(d, p, a)),
        Page::Lesson(d, p, l) => paths::bundle_source(&paths::lesson(d, p, l)),
        Page::Product(d, p, x) => paths::bundle_source(&paths::product(d, p, x)),
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
            format!("{}config.json", admin::district_dir(d)),
            "admin_config.json",
            admin::config(site, d),
        ),
        Page::NotFound => (
            "404.html".to_string(),
            "404.html",
            view! { page => meta(ctx, "ไม่พบหน้านี้", "", "404.html", vec![]) },
        ),
        _ => {
            let dir = page_dir(page).unwrap_or_default();
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
        Page::District(d) => ("district.html", lists::district(ctx, d, dir)),
        Page::Plot(d, p) => ("plot.html", detail::plot(ctx, d, p, dir)),
        Page::DistrictGallery(d, n) => ("gallery.html", gallery::district_gallery(ctx, d, n, dir)),
        Page::PlotGallery(d, p) => ("gallery.html", gallery::plot_gallery(ctx, d, p, dir)),
        Page::Activity(d, p, a) => ("activity.html", detail::activity(ctx, d, p, a, dir)),
        Page::Lesson(d, p, l) => ("lesson.html", detail::lesson(ctx, d, p, l, dir)),
        Page::Product(d, p, x) => ("product.html", detail::product(ctx, d, p, x, dir)),
        Page::Months => ("months.html", months::months(ctx, site, dir)),
        Page::Search => ("search.html", search_page(ctx, dir)),
        Page::Month(m) => ("month.html", months::month(ctx, site, m, dir)),
        Page::DistrictMonth(d, m) => ("district_month.html", months::district_month(ctx, site, d, m, dir)),
        Page::Form(d, p, a) => ("form.html", form::public_form(ctx, site, (d, p, a))),
        Page::Sign(d, p, s, paper) => ("sign.html", sign::sign(ctx, d, p, s, paper)),
        Page::Signs => ("signs.html", sign::signs(ctx, site, dir)),
        Page::Admin => ("admin.html", admin::index(ctx, site)),
        Page::AdminDistrict(d) => ("admin_district.html", admin::district(ctx, d)),
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

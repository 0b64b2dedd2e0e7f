//! The detail pages: a plot, an activity, a lesson, a product.

use super::sign::{self, Paper};
use super::{crumb, meta};
use crate::markdown;
use crate::model::{Activity, District, Lesson, Plot, Product};
use crate::render::views::{ActivityCard, Ctx, GalleryItem, LessonCard, LinkView, MarketView, ProductCard};
use minijinja::Value;
use serde::Serialize;

/// A plot as a schema.org `Place` (district and province only: no house number).
fn place(d: &District, p: &Plot, url: &str) -> serde_json::Value {
    serde_json::json!({
        "@context": "https://schema.org", "@type": "Place", "name": p.name, "url": url,
        "address": {"@type": "PostalAddress", "addressLocality": format!("ตำบล{} อำเภอ{}", p.subdistrict_th, d.name_th),
                    "addressRegion": "ฉะเชิงเทรา", "addressCountry": "TH"},
        "geo": p.location.map(|(lat, lon)| serde_json::json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon})),
    })
}

/// Breadcrumbs down to a plot.
fn crumbs_to_plot(ctx: &Ctx, d: &District, p: Option<&Plot>) -> Vec<LinkView> {
    let mut crumbs = vec![
        crumb(ctx, "อำเภอ", "districts/"),
        crumb(
            ctx,
            &format!("อำเภอ{}", d.name_th),
            &format!("{}/", crate::paths::district(d)),
        ),
    ];
    if let Some(p) = p {
        crumbs.push(crumb(ctx, &p.name, &format!("{}/", crate::paths::plot(d, p))));
    }
    crumbs
}

/// Facts about a plot, display-ready. The owner appears only with consent; house number and
/// phone are not here at all.
#[derive(Serialize)]
struct PlotView {
    name: String,
    owner: Option<String>,
    model: &'static str,
    model_label: &'static str,
    programme: &'static str,
    size: String,
    moo: Option<String>,
    subdistrict: String,
    district: String,
    district_url: String,
    rating: &'static str,
    rating_label: &'static str,
    parts: Vec<&'static str>,
    teachers: Vec<String>,
    clusters: Vec<String>,
    map_url: Option<String>,
    /// Learning stations, each with its anchor on this page and its sign.
    stations: Vec<StationView>,
    sign_a4: String,
    sign_a5: String,
}

/// A learning station on a plot's page.
#[derive(Serialize)]
struct StationView {
    name: String,
    id: String,
    sign_a4: String,
    sign_a5: String,
}

/// A plot page.
pub(crate) fn plot(ctx: &Ctx, d: &District, p: &Plot, dir: &str) -> Value {
    let view = PlotView {
        name: p.name.clone(),
        owner: p.public_owner.clone(),
        model: p.model.key,
        model_label: p.model.label(),
        programme: p.programme.label(),
        size: ctx.num(p.size_rai),
        moo: p.moo.map(|m| ctx.n(m as usize)),
        subdistrict: p.subdistrict_th.clone(),
        district: d.name_th.clone(),
        district_url: ctx.url(&format!("{}/", crate::paths::district(d))),
        rating: p.rating.key,
        rating_label: p.rating.label(),
        parts: p.parts.iter().map(|o| o.label()).collect(),
        teachers: p.teachers.clone(),
        clusters: p.clusters.clone(),
        map_url: p
            .location
            .map(|(lat, lon)| format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}")),
        stations: p
            .stations
            .iter()
            .enumerate()
            .map(|(i, name)| StationView {
                name: name.clone(),
                id: sign::station_id(i),
                sign_a4: ctx.url(&sign::sign_dir(d, p, Some(i), Paper::A4)),
                sign_a5: ctx.url(&sign::sign_dir(d, p, Some(i), Paper::A5)),
            })
            .collect(),
        sign_a4: ctx.url(&sign::sign_dir(d, p, None, Paper::A4)),
        sign_a5: ctx.url(&sign::sign_dir(d, p, None, Paper::A5)),
    };
    let activities: Vec<ActivityCard> = p.activities.iter().map(|a| ActivityCard::new(ctx, d, p, a)).collect();
    let lessons: Vec<LessonCard> = p.lessons.iter().map(|l| LessonCard::new(ctx, d, p, l)).collect();
    let products: Vec<ProductCard> = p.products.iter().map(|x| ProductCard::new(ctx, d, p, x)).collect();
    let markets = MarketView::all(ctx, d, p);
    let description = format!(
        "{} {} ตำบล{} อำเภอ{} ขนาด {} ไร่",
        p.name,
        p.model.label(),
        p.subdistrict_th,
        d.name_th,
        view.size
    );
    let mut page = meta(ctx, &p.name, &description, dir, crumbs_to_plot(ctx, d, None));
    page.image = super::gallery::latest_share(ctx, p.activities.iter());
    page.ld.push(place(d, p, &page.canonical));
    let all_photos = super::gallery::plot_items(ctx, d, p);
    let photo_count = ctx.n(all_photos.len());
    let gallery: Vec<GalleryItem> = all_photos.into_iter().take(super::gallery::PREVIEW).collect();
    let gallery_url = ctx.url(&super::gallery::plot_gallery_dir(d, p));
    view! {
        page, plot => view, body => markdown::to_html(&ctx.body(&p.body)), activities, lessons, products, markets,
        gallery, gallery_url, photo_count,
    }
}

/// An activity as published: form items 4-6 and who reported it.
#[derive(Serialize)]
struct ActivityView {
    title: String,
    date: String,
    date_iso: String,
    kind: &'static str,
    strategies: Vec<&'static str>,
    participants: Option<String>,
    publicity: Vec<LinkView>,
    reporter: String,
    position: String,
    reported: Option<String>,
    plot: String,
    plot_url: String,
    district: String,
}

/// An activity page.
pub(crate) fn activity(ctx: &Ctx, d: &District, p: &Plot, a: &Activity, dir: &str) -> Value {
    let view = ActivityView {
        title: a.title.clone(),
        date: a.date.thai_long(ctx.thai),
        date_iso: a.date.iso(),
        kind: a.kind.label(),
        strategies: a.strategies.iter().map(|s| s.label()).collect(),
        participants: a.participants.map(|n| ctx.n(n as usize)),
        // Validation accepts only http(s) links here; the allow-list is applied again so that
        // no path can publish another kind.
        publicity: a
            .publicity
            .iter()
            .filter(|l| crate::urls::allowed(&l.url))
            .map(|l| LinkView {
                name: l.platform.to_string(),
                url: l.url.clone(),
            })
            .collect(),
        reporter: a.reporter.name.clone(),
        position: a.reporter.position.clone(),
        reported: a.reporter.date.map(|d| d.thai_long(ctx.thai)),
        plot: p.name.clone(),
        plot_url: ctx.url(&format!("{}/", crate::paths::plot(d, p))),
        district: d.name_th.clone(),
    };
    let body = ctx.body(&a.body);
    let description = markdown::excerpt(&body, 160);
    let mut page = meta(ctx, &a.title, &description, dir, crumbs_to_plot(ctx, d, Some(p)));
    page.image = ctx.share(&a.photos);
    page.ld.push(serde_json::json!({
        "@context": "https://schema.org", "@type": "Event", "name": a.title, "url": page.canonical,
        "description": description, "startDate": a.date.iso(), "image": page.image.as_ref().map(|i| &i.url),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place(d, p, &ctx.abs(&format!("{}/", crate::paths::plot(d, p)))),
    }));
    view! { page, activity => view, body => markdown::to_html(&body), photos => GalleryItem::own(ctx, &a.photos, &a.title) }
}

/// A lesson page.
pub(crate) fn lesson(ctx: &Ctx, d: &District, p: &Plot, l: &Lesson, dir: &str) -> Value {
    let card = LessonCard::new(ctx, d, p, l);
    let mut page = meta(ctx, &l.title, &card.excerpt, dir, crumbs_to_plot(ctx, d, Some(p)));
    page.image = ctx.share(&l.photos);
    page.ld.push(serde_json::json!({
        "@context": "https://schema.org", "@type": "Article", "headline": l.title, "url": page.canonical,
        "datePublished": l.date.iso(), "image": page.image.as_ref().map(|i| &i.url), "inLanguage": "th",
        "about": place(d, p, &ctx.abs(&format!("{}/", crate::paths::plot(d, p)))),
    }));
    let plot_url = ctx.url(&format!("{}/", crate::paths::plot(d, p)));
    view! {
        page, lesson => card, plot_url, factors => &l.success_factors,
        body => markdown::to_html(&ctx.body(&l.body)), photos => GalleryItem::own(ctx, &l.photos, &l.title),
    }
}

/// A product page.
pub(crate) fn product(ctx: &Ctx, d: &District, p: &Plot, x: &Product, dir: &str) -> Value {
    let card = ProductCard::new(ctx, d, p, x);
    let description = format!("{} {} จาก{} อำเภอ{}", x.name, x.category.label(), p.name, d.name_th);
    let mut page = meta(ctx, &x.name, &description, dir, crumbs_to_plot(ctx, d, Some(p)));
    page.image = ctx.share(&x.photos);
    page.ld.push(serde_json::json!({
        "@context": "https://schema.org", "@type": "Product", "name": x.name, "url": page.canonical,
        "description": description, "image": page.image.as_ref().map(|i| &i.url), "category": x.category.label(),
        "offers": x.price.map(|price| serde_json::json!({"@type": "Offer", "price": price, "priceCurrency": "THB"})),
    }));
    view! {
        page, product => card, order => &x.order, body => markdown::to_html(&ctx.body(&x.body)),
        photos => GalleryItem::own(ctx, &x.photos, &x.name),
    }
}

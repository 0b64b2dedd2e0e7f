//! Typed views handed to templates: small `Serialize` structs holding display-ready text
//! (Thai dates, digits, labels) and ready-made URLs. No personal data is ever copied here.

use crate::images::{ImagePlan, Variant};
use crate::markdown;
use crate::model::{Activity, District, Lesson, Photo, Plot, Product};
use crate::thai::{digits, grouped};
use serde::Serialize;

/// Builds URLs and formats numbers the same way everywhere.
pub(crate) struct Ctx<'a> {
    pub(crate) base_path: &'a str,
    pub(crate) base_url: &'a str,
    pub(crate) thai: bool,
    pub(crate) plan: &'a ImagePlan,
    /// The SVG district map, drawn once per build (home and district index show it).
    pub(crate) map: String,
    /// The lists many pages share, made once per render.
    pub(crate) shared: super::shared::Shared,
    /// The site's texts, to read a page's body again when it is shown.
    pub(crate) texts: &'a crate::load::Texts,
}

impl Ctx<'_> {
    /// The Markdown text of a page's body (read again from its file; see `load::Texts::read`).
    pub(crate) fn body<'b>(&'b self, body: &'b crate::load::Body) -> std::borrow::Cow<'b, str> {
        self.texts.read(body)
    }

    /// Site-absolute URL of a folder or file given relative to the output root.
    pub(crate) fn url(&self, rel: &str) -> String {
        format!("{}{rel}", self.base_path)
    }

    /// Absolute URL (with scheme and host), for feeds, sitemaps and canonical links.
    pub(crate) fn abs(&self, rel: &str) -> String {
        format!("{}{rel}", self.base_url)
    }

    /// The URL of a photo's file: in the bucket's web address when the photos are there,
    /// else beside its page (site-absolute).
    pub(crate) fn photo(&self, v: &Variant) -> String {
        match &self.plan.remote {
            Some(remote) => format!("{}{}", remote.base_url, v.path),
            None => self.url(&v.path),
        }
    }

    /// A photo file's absolute URL (with scheme and host), for share cards.
    pub(crate) fn photo_abs(&self, v: &Variant) -> String {
        match &self.plan.remote {
            Some(_) => self.photo(v),
            None => self.abs(&v.path),
        }
    }

    /// A whole number for display.
    pub(crate) fn n(&self, n: usize) -> String {
        grouped(n, self.thai)
    }

    /// A decimal number for display, without a trailing `.0`.
    pub(crate) fn num(&self, x: f64) -> String {
        let text = if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            format!("{x:.2}").trim_end_matches('0').to_string()
        };
        digits(&text, self.thai)
    }

    /// The image view of a photo, if its outputs are planned.
    pub(crate) fn img(&self, photo: &Photo, alt: &str) -> Option<ImgView> {
        let planned = self.plan.photos.get(&photo.source)?;
        let (small, large) = (planned.small(), planned.large());
        Some(ImgView {
            src: self.photo(small),
            srcset: srcset(self, &planned.variants),
            width: small.width,
            height: small.height,
            full: self.photo(large),
            full_width: large.width,
            full_height: large.height,
            placeholder: planned.placeholder.clone(),
            lead: planned.lead.first().map(|first| LeadView {
                src: self.photo(first),
                srcset: srcset(self, &planned.lead),
                width: first.width,
                height: first.height,
            }),
            alt: photo.caption.clone().unwrap_or_else(|| alt.to_string()),
            caption: photo.caption.clone().unwrap_or_default(),
        })
    }

    /// The share card (`og:image`) of a bundle: its first photo's card, if it was made.
    pub(crate) fn share(&self, photos: &[Photo]) -> Option<ShareImage> {
        let card = self.plan.photos.get(&photos.first()?.source)?.card.as_ref()?;
        Some(ShareImage {
            url: self.photo_abs(card),
            width: card.width,
            height: card.height,
        })
    }

    /// The first photo that has planned outputs, as a card's picture: its alt text is the
    /// card's own name (`alt`), not the photo's caption, since the same photo may be in a
    /// gallery on the same page and no two photos of a page may share their alt text.
    pub(crate) fn thumb(&self, photos: &[Photo], alt: &str) -> Option<ImgView> {
        let mut img = photos.iter().find_map(|p| self.img(p, alt))?;
        img.alt = alt.to_string();
        Some(img)
    }
}

/// `a-480.webp 480w, a-960.webp 960w, a-1600.webp 1600w`.
fn srcset(ctx: &Ctx, variants: &[Variant]) -> String {
    let mut parts: Vec<String> = variants
        .iter()
        .map(|v| format!("{} {}w", ctx.photo(v), v.width))
        .collect();
    parts.dedup();
    parts.join(", ")
}

/// A photo as shown: thumbnail with `srcset`, and the full-size link.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct ImgView {
    pub(crate) src: String,
    pub(crate) srcset: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) full: String,
    pub(crate) full_width: u32,
    pub(crate) full_height: u32,
    /// CSS background shown until the photo has loaded.
    pub(crate) placeholder: String,
    /// The 4:3 crops a page's lead slot shows on a phone, when the photo leads a page.
    pub(crate) lead: Option<LeadView>,
    pub(crate) alt: String,
    pub(crate) caption: String,
}

/// A photo's 4:3 crops for a lead slot: the narrowest as `src`, all of them as `srcset`.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct LeadView {
    pub(crate) src: String,
    pub(crate) srcset: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// A page's share card for Facebook and LINE (`og:image`, an absolute URL).
#[derive(Serialize, Debug, Clone)]
pub(crate) struct ShareImage {
    pub(crate) url: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// A link with a label.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct LinkView {
    pub(crate) name: String,
    pub(crate) url: String,
}

/// An activity in a list.
#[derive(Serialize, Debug)]
pub(crate) struct ActivityCard {
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) date: String,
    pub(crate) date_iso: String,
    pub(crate) kind: &'static str,
    pub(crate) plot: String,
    pub(crate) district: String,
    pub(crate) photos: String,
    pub(crate) thumb: Option<ImgView>,
}

impl ActivityCard {
    pub(crate) fn new(ctx: &Ctx, d: &District, p: &Plot, a: &Activity) -> Self {
        ActivityCard {
            url: ctx.url(&format!("{}/", crate::paths::activity(d, p, a))),
            title: a.title.clone(),
            date: a.date.thai_long(ctx.thai),
            date_iso: a.date.iso(),
            kind: a.kind.label(),
            plot: p.name.clone(),
            district: d.name_th.clone(),
            photos: ctx.n(a.photos.len()),
            thumb: ctx.thumb(&a.photos, &a.title),
        }
    }
}

/// A plot in a list.
#[derive(Serialize, Debug)]
pub(crate) struct PlotCard {
    pub(crate) url: String,
    pub(crate) name: String,
    pub(crate) district: String,
    pub(crate) model: &'static str,
    pub(crate) model_label: &'static str,
    pub(crate) rating: &'static str,
    pub(crate) rating_label: &'static str,
    pub(crate) size: String,
    pub(crate) subdistrict: String,
    pub(crate) activities: String,
    pub(crate) thumb: Option<ImgView>,
}

impl PlotCard {
    pub(crate) fn new(ctx: &Ctx, d: &District, p: &Plot) -> Self {
        let thumb = p.activities.iter().find_map(|a| ctx.thumb(&a.photos, &p.name));
        PlotCard {
            url: ctx.url(&format!("{}/", crate::paths::plot(d, p))),
            name: p.name.clone(),
            district: d.name_th.clone(),
            model: p.model.key,
            model_label: p.model.label(),
            rating: p.rating.key,
            rating_label: p.rating.label(),
            size: ctx.num(p.size_rai),
            subdistrict: p.subdistrict_th.clone(),
            activities: ctx.n(p.activities.len()),
            thumb,
        }
    }
}

/// A lesson in a list.
#[derive(Serialize, Debug)]
pub(crate) struct LessonCard {
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) date: String,
    pub(crate) topic: String,
    pub(crate) plot: String,
    pub(crate) district: String,
    pub(crate) honoured: bool,
    pub(crate) excerpt: String,
    pub(crate) thumb: Option<ImgView>,
}

impl LessonCard {
    pub(crate) fn new(ctx: &Ctx, d: &District, p: &Plot, l: &Lesson) -> Self {
        LessonCard {
            url: ctx.url(&format!("{}/", crate::paths::lesson(d, p, l))),
            title: l.title.clone(),
            date: l.date.thai_long(ctx.thai),
            topic: l.topic.clone(),
            plot: p.name.clone(),
            district: d.name_th.clone(),
            honoured: l.honoured,
            excerpt: markdown::excerpt(&ctx.body(&l.body), 140),
            thumb: ctx.thumb(&l.photos, &l.title),
        }
    }
}

/// A product in the catalogue.
#[derive(Serialize, Debug)]
pub(crate) struct ProductCard {
    pub(crate) url: String,
    pub(crate) name: String,
    pub(crate) category: &'static str,
    pub(crate) category_label: &'static str,
    pub(crate) price: String,
    pub(crate) unit: String,
    pub(crate) certifications: Vec<String>,
    pub(crate) plot: String,
    pub(crate) plot_url: String,
    pub(crate) district: String,
    pub(crate) thumb: Option<ImgView>,
}

impl ProductCard {
    pub(crate) fn new(ctx: &Ctx, d: &District, p: &Plot, x: &Product) -> Self {
        ProductCard {
            url: ctx.url(&format!("{}/", crate::paths::product(d, p, x))),
            name: x.name.clone(),
            category: x.category.key,
            category_label: x.category.label(),
            price: x.price.map(|v| ctx.num(v)).unwrap_or_default(),
            unit: x.unit.clone(),
            certifications: x.certifications.clone(),
            plot: p.name.clone(),
            plot_url: ctx.url(&format!("{}/", crate::paths::plot(d, p))),
            district: d.name_th.clone(),
            thumb: ctx.thumb(&x.photos, &x.name),
        }
    }
}

/// A market with the plot that sells there.
#[derive(Serialize, Debug)]
pub(crate) struct MarketView {
    pub(crate) name: String,
    pub(crate) level: &'static str,
    pub(crate) level_label: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) schedule: String,
    pub(crate) place: String,
    pub(crate) link: Option<String>,
    pub(crate) plot: String,
    pub(crate) plot_url: String,
    pub(crate) district: String,
}

impl MarketView {
    pub(crate) fn all(ctx: &Ctx, d: &District, p: &Plot) -> Vec<MarketView> {
        p.markets
            .iter()
            .map(|m| MarketView {
                name: m.name.clone(),
                level: m.level.key,
                level_label: m.level.label(),
                kind: m.kind.label(),
                schedule: m.schedule.clone(),
                place: m.place.clone(),
                link: m.link.clone().filter(|u| crate::urls::allowed(u)),
                plot: p.name.clone(),
                plot_url: ctx.url(&format!("{}/", crate::paths::plot(d, p))),
                district: d.name_th.clone(),
            })
            .collect()
    }
}

/// Activities grouped under a month heading.
#[derive(Serialize, Debug)]
pub(crate) struct MonthGroup {
    pub(crate) label: String,
    pub(crate) key: String,
    pub(crate) activities: Vec<ActivityCard>,
}

/// A photo in a gallery; in district and plot galleries it also links to its page.
#[derive(Serialize, Debug)]
pub(crate) struct GalleryItem {
    pub(crate) img: ImgView,
    pub(crate) page_url: Option<String>,
    pub(crate) page_title: String,
    pub(crate) date: String,
}

impl GalleryItem {
    /// The displayable photos of one bundle, without links (the bundle's own page).
    pub(crate) fn own(ctx: &Ctx, photos: &[Photo], alt: &str) -> Vec<GalleryItem> {
        bundle_imgs(ctx, photos, alt)
            .into_iter()
            .map(|img| GalleryItem {
                img,
                page_url: None,
                page_title: String::new(),
                date: String::new(),
            })
            .collect()
    }

    /// The displayable photos of one bundle, each linking to the bundle's page.
    pub(crate) fn linked(ctx: &Ctx, photos: &[Photo], title: &str, url: &str, date: &str) -> Vec<GalleryItem> {
        bundle_imgs(ctx, photos, title)
            .into_iter()
            .map(|img| GalleryItem {
                img,
                page_url: Some(url.to_string()),
                page_title: title.to_string(),
                date: date.to_string(),
            })
            .collect()
    }
}

/// A bundle's displayable photos, each with its own alt text: its caption when no other photo
/// of the bundle has the same one, else "ภาพที่ n จาก N: <caption or title>", so that a screen
/// reader (and a search engine) can tell the photos apart.
fn bundle_imgs(ctx: &Ctx, photos: &[Photo], title: &str) -> Vec<ImgView> {
    let mut imgs: Vec<ImgView> = photos.iter().filter_map(|p| ctx.img(p, title)).collect();
    let total = imgs.len();
    let captions: Vec<String> = imgs.iter().map(|i| i.caption.clone()).collect();
    for (i, img) in imgs.iter_mut().enumerate() {
        let caption = &captions[i];
        let unique = !caption.is_empty() && captions.iter().filter(|c| *c == caption).count() == 1;
        if !unique {
            let what = if caption.is_empty() { title } else { caption };
            img.alt = format!("ภาพที่ {} จาก {}: {what}", ctx.n(i + 1), ctx.n(total));
        }
    }
    imgs
}

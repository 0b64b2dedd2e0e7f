//! The printable report form (แบบรายงาน) of one activity, laid out like the official form:
//! header (district, province, month, B.E. year), items 1-6, the photos in a grid, the
//! signature block. The internal copy holds the owner's house number and phone; the public
//! copy (only when `publish_forms` is set) leaves them out and shows the owner only with
//! consent.

use crate::model::{Activity, District, Plot, Site};
use crate::options::PROGRAMMES;
use crate::render::views::Ctx;
use crate::report::Month;
use minijinja::Value;
use serde::Serialize;

/// Which copy of the form.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Copy {
    /// For the province office: every item, personal data included.
    Internal,
    /// For the public site: no house number or phone; the owner's name only with consent.
    Public,
}

/// A checkbox line of the form.
#[derive(Serialize)]
struct Choice {
    label: String,
    checked: bool,
}

/// A photo in the form's grid.
#[derive(Serialize)]
pub(crate) struct FormPhoto {
    pub(crate) src: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) caption: String,
}

/// A publicity link with the channel the form names.
#[derive(Serialize)]
struct Channel {
    platform: &'static str,
    url: String,
}

/// The form's view.
#[derive(Serialize)]
struct FormView {
    public: bool,
    province: String,
    district: String,
    month: String,
    year: String,
    programmes: Vec<Choice>,
    model: &'static str,
    sizes: Vec<Choice>,
    other_size: Option<String>,
    owner: Option<String>,
    house_no: Option<String>,
    moo: String,
    subdistrict: String,
    phone: Option<String>,
    plot: String,
    title: String,
    date: String,
    kind: &'static str,
    participants: Option<String>,
    details: String,
    photos: Vec<FormPhoto>,
    photo_count: String,
    min_photos: String,
    enough_photos: bool,
    channels: Vec<Channel>,
    page_url: String,
    reporter: String,
    position: String,
    report_date: String,
}

/// The public copy of the form of activity `i` of plot `p` of district `d`, its photos at their
/// published 960 px size.
pub(crate) fn public_form(ctx: &Ctx, site: &Site, (district, plot, activity): (&District, &Plot, &Activity)) -> Value {
    let photos = activity
        .photos
        .iter()
        .filter_map(|photo| {
            let planned = ctx.plan.photos.get(&photo.source)?;
            let v = planned.variants.get(1).unwrap_or(planned.small());
            Some(FormPhoto {
                src: ctx.photo(v),
                width: v.width,
                height: v.height,
                caption: photo.caption.clone().unwrap_or_default(),
            })
        })
        .collect();
    form(ctx, site, (district, plot, activity), photos, Copy::Public)
}

/// One activity's form; `photos` are already resolved for this copy.
pub(crate) fn form(
    ctx: &Ctx,
    site: &Site,
    (d, p, a): (&District, &Plot, &Activity),
    photos: Vec<FormPhoto>,
    copy: Copy,
) -> Value {
    let public = copy == Copy::Public;
    let m = Month::of(a.date);
    let size_is = |n: f64| (p.size_rai - n).abs() < f64::EPSILON;
    let standard = [1.0, 3.0, 15.0].iter().any(|n| size_is(*n));
    let sizes = [1.0, 3.0, 15.0]
        .iter()
        .map(|n| Choice {
            label: format!("{} ไร่", ctx.num(*n)),
            checked: size_is(*n),
        })
        .collect();
    let programmes = PROGRAMMES
        .iter()
        .map(|o| Choice {
            label: o.labels.last().copied().unwrap_or(o.key).to_string(),
            checked: o.key == p.programme.key,
        })
        .collect();
    let owner = if public {
        p.public_owner.clone()
    } else {
        Some(p.private.owner.clone())
    };
    let page = format!("{}/", crate::report::activity_dir(d, p, a));
    let view = FormView {
        public,
        province: site.config.province_th.clone(),
        district: d.name_th.clone(),
        month: crate::thai::MONTHS[m.month as usize - 1].to_string(),
        year: crate::thai::digits(&(m.year + crate::thai::BE_OFFSET).to_string(), ctx.thai),
        programmes,
        model: p.model.key,
        sizes,
        other_size: (!standard).then(|| ctx.num(p.size_rai)),
        owner,
        house_no: (!public).then(|| p.private.house_no.clone()),
        moo: p.moo.map(|n| ctx.n(n as usize)).unwrap_or_else(|| "-".into()),
        subdistrict: p.subdistrict_th.clone(),
        phone: (!public).then(|| p.private.phone.clone()),
        plot: p.name.clone(),
        title: a.title.clone(),
        date: a.date.thai_long(ctx.thai),
        kind: a.kind.label(),
        participants: a.participants.map(|n| ctx.n(n as usize)),
        details: crate::markdown::to_html(&ctx.body(&a.body)),
        photo_count: ctx.n(photos.len()),
        min_photos: ctx.n(site.config.min_photos),
        enough_photos: photos.len() >= site.config.min_photos,
        photos,
        channels: a
            .publicity
            .iter()
            .map(|l| Channel {
                platform: l.platform,
                url: l.url.clone(),
            })
            .collect(),
        page_url: ctx.abs(&page),
        reporter: a.reporter.name.clone(),
        position: a.reporter.position.clone(),
        report_date: a.reporter.date.map(|d| d.thai_long(ctx.thai)).unwrap_or_default(),
    };
    let details = Value::from_safe_string(view.details.clone());
    view! { form => view, details => details, title => format!("แบบรายงาน: {}", a.title) }
}

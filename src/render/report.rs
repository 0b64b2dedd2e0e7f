//! The internal copy of a month's report forms (`knn report`): an index page and each
//! activity's form with its photos beside it, for a folder that is kept, not published.

use super::pages::form::FormPhoto;
use super::{environment, render_template, shared, site_view, views};
use crate::images::{ImagePlan, Published};
use crate::load::Theme;
use crate::model::Site;
use crate::output::{Kind, OutputFile};
use serde::Serialize;
use std::collections::HashMap;

/// A row of the internal report's index page.
#[derive(Serialize)]
struct ReportRow {
    plot: String,
    title: String,
    date: String,
    form: Option<String>,
    photos: usize,
    few: bool,
    links: usize,
    unlinked: bool,
}

/// A district on the internal report's index page.
#[derive(Serialize)]
struct ReportDistrict {
    name: String,
    status: &'static str,
    rows: Vec<ReportRow>,
}

/// The internal copy of a month's report forms, for a folder that is not published: an
/// index page, and for each activity `forms/<district>/<plot>/<activity>/index.html` with its
/// photos (960 px WebP from the image cache) beside it, so the folder works offline and
/// prints from the browser. `workbook` is the file name of the month's Excel workbook.
pub(crate) fn report_forms(
    site: &Site,
    plan: &ImagePlan,
    theme: &Theme,
    texts: &crate::load::Texts,
    report: &crate::report::MonthReport,
    workbook: &str,
) -> Result<(Vec<OutputFile>, Vec<Published>), String> {
    let view = site_view(site, String::new(), Vec::new());
    let env = environment(theme, &view, site.config.thai_digits);
    let ctx = views::Ctx {
        base_path: &site.config.base_path,
        base_url: &site.config.base_url,
        thai: false,
        plan,
        map: String::new(),
        shared: shared::Shared::default(),
        texts,
    };
    let cached: HashMap<&str, &Published> = plan.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let (mut files, mut photos, mut districts) = (Vec::new(), Vec::new(), Vec::new());
    for d in report.districts.iter().filter(|d| !d.plots.is_empty()) {
        let mut rows = Vec::new();
        for p in &d.plots {
            if p.activities.is_empty() {
                rows.push(ReportRow {
                    plot: p.plot.name.clone(),
                    title: String::new(),
                    date: String::new(),
                    form: None,
                    photos: 0,
                    few: false,
                    links: 0,
                    unlinked: false,
                });
            }
            for a in &p.activities {
                let dir = format!("forms/{}/{}/{}/", d.district.slug, p.plot.slug, a.activity.slug);
                let shown = form_photos(plan, &cached, &a.activity.photos, &dir, &mut photos);
                let value = super::pages::form::form(
                    &ctx,
                    site,
                    (d.district, p.plot, a.activity),
                    shown,
                    super::pages::form::Copy::Internal,
                );
                let source = crate::paths::bundle_source(&crate::paths::activity(d.district, p.plot, a.activity));
                files.push(
                    OutputFile::new(
                        format!("{dir}index.html"),
                        render_template(&env, "form.html", value)?.into_bytes(),
                        Kind::Form,
                    )
                    .with_source(Some(source)),
                );
                rows.push(ReportRow {
                    plot: p.plot.name.clone(),
                    title: a.activity.title.clone(),
                    date: a.activity.date.thai_short(false),
                    form: Some(format!("{dir}index.html")),
                    photos: a.photos,
                    few: a.few_photos(report.min_photos),
                    links: a.activity.publicity.len(),
                    unlinked: a.no_publicity(),
                });
            }
        }
        districts.push(ReportDistrict {
            name: d.district.name_th.clone(),
            status: d.status().label(),
            rows,
        });
    }
    let index = view! {
        title => format!("แบบรายงานประจำเดือน{} จังหวัด{}", report.month.thai(false), site.config.province_th),
        due => report.due.thai_short(false),
        workbook,
        districts,
    };
    files.push(OutputFile::new(
        "index.html",
        render_template(&env, "report_index.html", index)?.into_bytes(),
        Kind::Form,
    ));
    Ok((files, photos))
}

/// An activity's photos as its form shows them (960 px, named as in the folder `dir`), and
/// the cached files copied beside the form into `copies`.
fn form_photos(
    plan: &ImagePlan,
    cached: &HashMap<&str, &Published>,
    photos: &[crate::model::Photo],
    dir: &str,
    copies: &mut Vec<Published>,
) -> Vec<FormPhoto> {
    let mut shown = Vec::new();
    for photo in photos {
        let Some(planned) = plan.photos.get(&photo.source) else {
            continue;
        };
        let v = planned.variants.get(1).unwrap_or(planned.small());
        let name = v.path.rsplit('/').next().unwrap_or(&v.path).to_string();
        if let Some(published) = cached.get(v.path.as_str()) {
            copies.push(Published {
                cached: published.cached.clone(),
                path: format!("{dir}{name}"),
                bytes: published.bytes,
            });
        }
        shown.push(FormPhoto {
            src: name,
            width: v.width,
            height: v.height,
            caption: photo.caption.clone().unwrap_or_default(),
        });
    }
    shown
}

//! The web form's pages under `admin/`: the list of districts, and for each district the page
//! that starts the CMS with its configuration (`cms::config`). None of them is in the sitemap,
//! the search or any public page's links, and each carries `noindex`.

use super::meta;
use crate::cms::{self, Place};
use crate::model::{District, Site};
use crate::render::views::Ctx;
use minijinja::Value;
use serde::Serialize;

/// The districts that have plots: the form adds pages to existing plots only.
pub(crate) fn districts(site: &Site) -> impl Iterator<Item = &District> {
    site.districts.iter().filter(|d| !d.plots.is_empty())
}

/// The folder of the form of district `d`.
pub(crate) fn district_dir(district: &District) -> String {
    format!("admin/{}/", district.slug)
}

/// One district in the list.
#[derive(Serialize)]
struct DistrictLink {
    name: String,
    url: String,
    plots: String,
}

/// `admin/`: choose your district.
pub(crate) fn index(ctx: &Ctx, site: &Site) -> Value {
    let districts: Vec<DistrictLink> = districts(site)
        .map(|d| DistrictLink {
            name: d.name_th.clone(),
            url: ctx.url(&district_dir(d)),
            plots: ctx.n(d.plots.len()),
        })
        .collect();
    let page = meta(ctx, "ฟอร์มบันทึกข้อมูลบนเว็บ", "", "admin/", vec![]);
    let repository = site.config.repository.is_some();
    view! { page, districts, repository }
}

/// `admin/<district>/`: the page that starts the CMS.
pub(crate) fn district(ctx: &Ctx, district: &District) -> Value {
    let title = format!("ฟอร์มบันทึก อำเภอ{}", district.name_th);
    let page = meta(ctx, &title, "", &district_dir(district), vec![]);
    let config = ctx.url(&format!("{}config.json", district_dir(district)));
    view! { page, config }
}

/// `admin/<district>/config.json`: the CMS's configuration for the district.
pub(crate) fn config(site: &Site, district: &District) -> Value {
    let place = Place {
        district: (&district.slug, &district.name_th),
        plots: district
            .plots
            .iter()
            .map(|p| (p.slug.as_str(), p.name.as_str()))
            .collect(),
        repository: site.config.repository.as_deref(),
        auth_url: site.config.auth_url.as_deref(),
        site_url: &site.config.base_url,
        site_title: &site.config.title,
        min_photos: site.config.min_photos,
    };
    let config = cms::config(&place);
    view! { config }
}

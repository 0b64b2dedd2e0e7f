//! The public monthly pages: the list of months, the province-wide overview of a month, and a
//! district's month (which plots were active, linking to the posts). This is the publicity
//! ("เผยแพร่") the province asks for; it shows no personal data and none of the internal
//! shortfalls (photo counts, missing links), only who was active.

use super::{crumb, meta};
use crate::model::{District, Site};
use crate::render::views::{Ctx, LinkView};
use crate::report::{self, Month, MonthReport, Status};
use minijinja::Value;
use serde::Serialize;

/// The folder of the province-wide page of a month.
pub(crate) fn month_dir(m: Month) -> String {
    format!("months/{}/", m.key())
}

/// The folder of a district's page of a month.
pub(crate) fn district_month_dir(d: &District, m: Month) -> String {
    format!("{}/months/{}/", crate::paths::district(d), m.key())
}

/// A district's standing in a month, for a table row.
#[derive(Serialize)]
struct DistrictRow {
    name: String,
    url: String,
    plots: String,
    active: String,
    activities: String,
    status: &'static str,
    status_key: &'static str,
}

/// One row per district of the month.
fn district_rows(ctx: &Ctx, report: &MonthReport) -> Vec<DistrictRow> {
    report
        .districts
        .iter()
        .map(|d| DistrictRow {
            name: d.district.name_th.clone(),
            url: ctx.url(&district_month_dir(d.district, report.month)),
            plots: ctx.n(d.plots.len()),
            active: ctx.n(d.active()),
            activities: ctx.n(d.activities().count()),
            status: status_label(d.status()),
            status_key: d.status().key(),
        })
        .collect()
}

/// The public wording of a status (Thai only, no English term on the public site).
fn status_label(s: Status) -> &'static str {
    match s {
        Status::Met => "ครบทุกแปลง",
        Status::Partial => "ยังไม่ครบทุกแปลง",
        Status::NoPost => "ไม่มีกิจกรรม",
        Status::NoPlots => "ยังไม่มีแปลง",
    }
}

/// A month in the list of months.
#[derive(Serialize)]
struct MonthRow {
    label: String,
    url: String,
    activities: String,
    met: String,
    districts: String,
}

/// The list of months, newest first.
pub(crate) fn months(ctx: &Ctx, site: &Site, dir: &str) -> Value {
    let rows: Vec<MonthRow> = ctx
        .shared
        .months
        .iter()
        .copied()
        .rev()
        .map(|m| {
            let r = report::month_report(site, m, None, Some(ctx.plan));
            let with_plots = r.districts.iter().filter(|d| d.status() != Status::NoPlots);
            MonthRow {
                label: m.thai(ctx.thai),
                url: ctx.url(&month_dir(m)),
                activities: ctx.n(r.districts.iter().map(|d| d.activities().count()).sum()),
                met: ctx.n(with_plots.clone().filter(|d| d.status() == Status::Met).count()),
                districts: ctx.n(with_plots.count()),
            }
        })
        .collect();
    let page = meta(
        ctx,
        "กิจกรรมรายเดือน",
        "กิจกรรมของพื้นที่ต้นแบบโคก หนอง นา ทุกอำเภอ แยกตามเดือน",
        dir,
        vec![],
    );
    view! { page, months => rows }
}

/// The province-wide overview of one month.
pub(crate) fn month(ctx: &Ctx, site: &Site, m: Month, dir: &str) -> Value {
    let r = report::month_report(site, m, None, Some(ctx.plan));
    let rows = district_rows(ctx, &r);
    let with_plots: Vec<&DistrictRow> = rows.iter().filter(|d| d.status_key != "no-plots").collect();
    let met = ctx.n(with_plots.iter().filter(|d| d.status_key == "met").count());
    let label = m.thai(ctx.thai);
    let page = meta(
        ctx,
        &format!("กิจกรรมเดือน{label}"),
        &format!(
            "กิจกรรมของพื้นที่ต้นแบบโคก หนอง นา จังหวัด{} เดือน{label}",
            site.config.province_th
        ),
        dir,
        vec![crumb(ctx, "กิจกรรมรายเดือน", "months/")],
    );
    let districts_with_plots = ctx.n(with_plots.len());
    view! { page, label, districts => rows, met, districts_with_plots }
}

/// A plot in a district's month: active or not, with links to its posts.
#[derive(Serialize)]
struct PlotRow {
    name: String,
    url: String,
    activities: Vec<ActivityLink>,
}

/// A post of the month.
#[derive(Serialize)]
struct ActivityLink {
    title: String,
    url: String,
    date: String,
    date_iso: String,
    kind: &'static str,
    form: Option<String>,
}

/// One district's month.
pub(crate) fn district_month(ctx: &Ctx, site: &Site, d: &District, m: Month, dir: &str) -> Value {
    let r = report::month_report(site, m, Some(&d.slug), Some(ctx.plan));
    let Some(dm) = r.districts.first() else {
        return Value::UNDEFINED;
    };
    let plots: Vec<PlotRow> = dm
        .plots
        .iter()
        .map(|p| PlotRow {
            name: p.plot.name.clone(),
            url: ctx.url(&format!("{}/", crate::paths::plot(d, p.plot))),
            activities: p
                .activities
                .iter()
                .map(|a| {
                    let page = format!("{}/", report::activity_dir(d, p.plot, a.activity));
                    ActivityLink {
                        title: a.activity.title.clone(),
                        url: ctx.url(&page),
                        date: a.activity.date.thai_short(ctx.thai),
                        date_iso: a.activity.date.iso(),
                        kind: a.activity.kind.label(),
                        form: site.config.publish_forms.then(|| ctx.url(&format!("{page}form/"))),
                    }
                })
                .collect(),
        })
        .collect();
    let label = m.thai(ctx.thai);
    let months = &ctx.shared.months;
    let nav = |other: Option<&Month>| {
        other.map(|o| LinkView {
            name: o.thai(ctx.thai),
            url: ctx.url(&district_month_dir(d, *o)),
        })
    };
    let at = months.iter().position(|x| *x == m).unwrap_or(0);
    let previous = nav(at.checked_sub(1).and_then(|i| months.get(i)));
    let next = nav(months.get(at + 1));
    let page = meta(
        ctx,
        &format!("อำเภอ{} เดือน{label}", d.name_th),
        &format!(
            "แปลงต้นแบบโคก หนอง นา อำเภอ{} ที่มีกิจกรรมในเดือน{label}: {} จาก {} แปลง",
            d.name_th,
            ctx.n(dm.active()),
            ctx.n(dm.plots.len())
        ),
        dir,
        vec![
            crumb(ctx, "อำเภอ", "districts/"),
            crumb(
                ctx,
                &format!("อำเภอ{}", d.name_th),
                &format!("{}/", crate::paths::district(d)),
            ),
            crumb(ctx, &format!("เดือน{label}"), &month_dir(m)),
        ],
    );
    view! {
        page,
        label,
        district => &d.name_th,
        plots,
        active => ctx.n(dm.active()),
        total => ctx.n(dm.plots.len()),
        status => status_label(dm.status()),
        status_key => dm.status().key(),
        previous,
        next,
    }
}

//! QR signs for the plots ("ป้ายแหล่งเรียนรู้"): a printable A4 and A5 page per plot and per
//! learning station, with the name in large Thai type, a QR code (SVG, made at build time)
//! that opens the plot's page, and the site's address in text; and the list of all signs.

use super::{crumb, meta};
use crate::model::{District, Plot, Site};
use crate::render::views::Ctx;
use minijinja::Value;
use qrcode::{Color, EcLevel, QrCode};
use serde::Serialize;

/// The paper a sign is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paper {
    A4,
    A5,
}

impl Paper {
    fn name(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::A5 => "A5",
        }
    }

    fn other(self) -> Paper {
        match self {
            Paper::A4 => Paper::A5,
            Paper::A5 => Paper::A4,
        }
    }
}

/// The folder of a sign: `<plot>/sign/`, `<plot>/sign/a5/`, `<plot>/sign/station-2/`, ...
pub(crate) fn sign_dir(d: &District, p: &Plot, station: Option<usize>, paper: Paper) -> String {
    let station = station.map(|s| format!("station-{}/", s + 1)).unwrap_or_default();
    let paper = if paper == Paper::A5 { "a5/" } else { "" };
    format!("{}/sign/{station}{paper}", crate::paths::plot(d, p))
}

/// The id of a station on its plot's page (the QR of its sign opens it there).
pub(crate) fn station_id(i: usize) -> String {
    format!("station-{}", i + 1)
}

/// A QR code for `url` as inline SVG (error correction Q: a quarter of a weathered sign may be
/// lost), or `None` if the URL is too long for a QR code.
pub(crate) fn qr_svg(url: &str) -> Option<String> {
    qr_code(url).map(|code| svg_of(&code))
}

/// The QR code that opens `url` (none when it is too long for a QR code).
pub(crate) fn qr_code(url: &str) -> Option<QrCode> {
    QrCode::with_error_correction_level(url.as_bytes(), EcLevel::Q).ok()
}

/// Modules of white around a QR code, as the standard asks.
const QUIET: usize = 4;

/// A QR code as SVG, one module per unit with the quiet zone around it: each run of dark
/// modules in a row is one rectangle (the `qrcode` crate's own SVG writes one per module,
/// about three times the bytes on every sign page).
pub(crate) fn svg_of(code: &QrCode) -> String {
    use std::fmt::Write as _;
    let width = code.width();
    let side = width + 2 * QUIET;
    let mut svg = format!(
        "<svg class=\"qr\" role=\"img\" aria-label=\"QR code\" xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" \
         width=\"{side}\" height=\"{side}\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\">\
         <rect x=\"0\" y=\"0\" width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
    );
    for (y, row) in code.to_colors().chunks(width.max(1)).enumerate() {
        let mut x = 0;
        while x < row.len() {
            let run = row[x..].iter().take_while(|c| **c == Color::Dark).count();
            if run > 0 {
                let _ = write!(svg, "M{} {}h{run}v1h-{run}z", x + QUIET, y + QUIET);
            }
            x += run.max(1);
        }
    }
    svg.push_str("\"/></svg>");
    svg
}

/// Characters (with marks) beyond which a sign's title is set smaller: about two lines of A4.
const LONG_TITLE: usize = 40;

/// What a sign shows.
#[derive(Serialize)]
struct SignView {
    /// The large name: the plot, or the station.
    title: String,
    /// The plot's name under a station's name.
    plot: Option<String>,
    /// A long title is set smaller (and the QR code a little smaller) to stay on one sheet.
    long: bool,
    place: String,
    model: &'static str,
    /// The absolute URL the QR code opens, and the same for people to type.
    target: String,
    target_text: String,
    site_address: String,
    qr: Option<Value>,
    paper: &'static str,
    other_paper: &'static str,
    other_url: String,
    plot_url: String,
}

/// A sign page: for the plot, or for one of its stations.
pub(crate) fn sign(ctx: &Ctx, d: &District, p: &Plot, station: Option<usize>, paper: Paper) -> Value {
    let plot_rel = format!("{}/", crate::paths::plot(d, p));
    let target = target(ctx, d, p, station);
    let title = station.map_or_else(|| p.name.clone(), |s| p.stations[s].clone());
    let view = SignView {
        plot: station.map(|_| p.name.clone()),
        long: title.chars().count() > LONG_TITLE,
        place: format!("ตำบล{} อำเภอ{} จังหวัดฉะเชิงเทรา", p.subdistrict_th, d.name_th),
        model: p.model.label(),
        target_text: without_scheme(&target),
        site_address: without_scheme(ctx.base_url).trim_end_matches('/').to_string(),
        qr: ctx.shared.qr(&target).map(Value::from_safe_string),
        target,
        paper: paper.name(),
        other_paper: paper.other().name(),
        other_url: ctx.url(&sign_dir(d, p, station, paper.other())),
        plot_url: ctx.url(&plot_rel),
        title,
    };
    let dir = sign_dir(d, p, station, paper);
    let page = meta(ctx, &format!("ป้าย {} ({})", view.title, paper.name()), "", &dir, vec![]);
    view! { page, sign => view }
}

/// The absolute URL a sign's QR code opens: the plot page, at the station for a station's sign.
pub(crate) fn target(ctx: &Ctx, d: &District, p: &Plot, station: Option<usize>) -> String {
    let fragment = station.map(|s| format!("#{}", station_id(s))).unwrap_or_default();
    format!("{}{}/{fragment}", ctx.abs(""), crate::paths::plot(d, p))
}

/// `https://example.org/a/` as `example.org/a/`.
fn without_scheme(url: &str) -> String {
    url.split_once("://").map_or(url, |(_, rest)| rest).to_string()
}

/// A plot's signs in the list: the plot's own and its stations'.
#[derive(Serialize)]
struct SignRow {
    name: String,
    plot_url: String,
    a4: String,
    a5: String,
    stations: Vec<SignLinks>,
}

/// The two sizes of one sign.
#[derive(Serialize)]
struct SignLinks {
    name: String,
    a4: String,
    a5: String,
}

/// A district's plots in the list.
#[derive(Serialize)]
struct SignDistrict {
    name: String,
    plots: Vec<SignRow>,
}

/// The list of every sign, by district, for the offices to print.
pub(crate) fn signs(ctx: &Ctx, site: &Site, dir: &str) -> Value {
    let districts: Vec<SignDistrict> = site
        .districts
        .iter()
        .filter(|d| !d.plots.is_empty())
        .map(|d| SignDistrict {
            name: d.name_th.clone(),
            plots: d.plots.iter().map(|p| sign_row(ctx, d, p)).collect(),
        })
        .collect();
    let page = meta(
        ctx,
        "ป้ายแหล่งเรียนรู้ (QR)",
        "ป้ายชื่อแปลงและฐานการเรียนรู้พร้อม QR code สำหรับพิมพ์ติดที่แปลง ขนาด A4 และ A5",
        dir,
        vec![crumb(ctx, "เกี่ยวกับ", "about/")],
    );
    view! { page, districts }
}

fn sign_row(ctx: &Ctx, d: &District, p: &Plot) -> SignRow {
    let links = |s: Option<usize>| {
        (
            ctx.url(&sign_dir(d, p, s, Paper::A4)),
            ctx.url(&sign_dir(d, p, s, Paper::A5)),
        )
    };
    let (a4, a5) = links(None);
    SignRow {
        name: p.name.clone(),
        plot_url: ctx.url(&format!("{}/", crate::paths::plot(d, p))),
        a4,
        a5,
        stations: p
            .stations
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let (a4, a5) = links(Some(i));
                SignLinks {
                    name: name.clone(),
                    a4,
                    a5,
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_is_inline_svg_with_a_quiet_zone() {
        let svg = qr_svg("https://example.github.io/knn-demo/districts/bang-khla/plot/").unwrap();
        assert!(svg.starts_with("<svg class=\"qr\" role=\"img\""), "{svg}");
        assert!(!svg.contains("<?xml"));
        let side: u32 = svg
            .split("width=\"")
            .nth(1)
            .and_then(|w| w.split('"').next())
            .and_then(|w| w.parse().ok())
            .unwrap();
        // 60 bytes fill version 5 at level Q (37 modules), plus 4 quiet modules on each side.
        assert_eq!(side, 37 + 8);
    }

    #[test]
    fn the_svg_draws_exactly_the_dark_modules_of_the_code() {
        let code = qr_code("https://example.github.io/knn-demo/districts/bang-khla/plot/").unwrap();
        let svg = svg_of(&code);
        let path = svg.split(" d=\"").nth(1).and_then(|p| p.split('"').next()).unwrap();
        let mut drawn = std::collections::BTreeSet::new();
        for rect in path.split('M').filter(|r| !r.is_empty()) {
            let (x, rest) = rect.split_once(' ').unwrap();
            let (y, rest) = rest.split_once('h').unwrap();
            let run: usize = rest.split('v').next().unwrap().parse().unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            assert_eq!(rest, format!("{run}v1h-{run}z"), "{rect}");
            drawn.extend((x..x + run).map(|x| (x - QUIET, y - QUIET)));
        }
        let width = code.width();
        let dark: std::collections::BTreeSet<(usize, usize)> = code
            .to_colors()
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == Color::Dark)
            .map(|(i, _)| (i % width, i / width))
            .collect();
        assert_eq!(drawn, dark);
        assert!(svg.len() < 8_000, "{} bytes", svg.len());
    }

    #[test]
    fn a_url_too_long_for_a_qr_code_gives_none() {
        assert!(qr_svg(&"a".repeat(4000)).is_none());
    }

    #[test]
    fn urls_lose_their_scheme_for_print() {
        assert_eq!(without_scheme("https://example.org/knn/"), "example.org/knn/");
        assert_eq!(without_scheme("example.org"), "example.org");
    }
}

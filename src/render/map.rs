//! The static SVG map of the districts, drawn from the shipped boundaries
//! (`data/chachoengsao_districts.geojson`, HDX COD-AB 2019, CC BY 3.0 IGO), each district a link.

use super::escape::html;
use super::views::Ctx;
use crate::model::Site;
use serde::Deserialize;
use std::fmt::Write as _;

const GEOJSON: &str = include_str!("../../data/chachoengsao_districts.geojson");
/// Width of the drawing in SVG units.
const WIDTH: f64 = 600.0;

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Props,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Props {
    code: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

impl Geometry {
    /// All rings, outer and inner.
    fn rings(&self) -> Vec<&Vec<[f64; 2]>> {
        match self {
            Geometry::Polygon(p) => p.iter().collect(),
            Geometry::MultiPolygon(m) => m.iter().flatten().collect(),
        }
    }
}

/// Longitude/latitude to SVG coordinates (equirectangular, scaled by the cosine of the
/// middle latitude so the province keeps its shape).
struct Projection {
    min_lon: f64,
    max_lat: f64,
    scale_x: f64,
    scale_y: f64,
    height: f64,
}

impl Projection {
    fn fit(features: &[Feature]) -> Projection {
        let points = features.iter().flat_map(|f| f.geometry.rings()).flatten();
        let (mut min_lon, mut max_lon, mut min_lat, mut max_lat) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for [lon, lat] in points {
            (min_lon, max_lon, min_lat, max_lat) = (
                min_lon.min(*lon),
                max_lon.max(*lon),
                min_lat.min(*lat),
                max_lat.max(*lat),
            );
        }
        let k = ((min_lat + max_lat) / 2.0).to_radians().cos();
        let scale_x = WIDTH / (max_lon - min_lon);
        let scale_y = scale_x / k;
        Projection {
            min_lon,
            max_lat,
            scale_x,
            scale_y,
            height: (max_lat - min_lat) * scale_y,
        }
    }

    fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        ((lon - self.min_lon) * self.scale_x, (self.max_lat - lat) * self.scale_y)
    }
}

/// The map as inline SVG markup: a drawing whose district shapes are links, each named for
/// screen readers by its `aria-label` (not `role="img"`, which must not hold links). The
/// painted names are hidden from them; on a phone the stylesheet hides them too (they would be
/// smaller than 12 px) and the table of districts beside the map is the list to read.
pub(crate) fn svg(site: &Site, ctx: &Ctx) -> String {
    let Ok(collection) = serde_json::from_str::<Collection>(GEOJSON) else {
        return String::new();
    };
    let proj = Projection::fit(&collection.features);
    let registry = crate::registry::Registry::shipped();
    let mut out = format!(
        r#"<svg class="map" viewBox="0 0 {WIDTH:.0} {:.0}" role="group" aria-labelledby="map-title"><title id="map-title">แผนที่อำเภอในจังหวัด{}</title>"#,
        proj.height,
        html(&site.config.province_th)
    );
    for f in &collection.features {
        let Some(d) = site.districts.iter().find(|d| d.code == f.properties.code) else {
            continue;
        };
        let class = if d.plots.is_empty() {
            "district"
        } else {
            "district active"
        };
        let _ = write!(
            out,
            r#"<a href="{}" aria-label="อำเภอ{} ({} แปลง)"><path class="{class}" d=""#,
            // The base path comes from `site.yaml` or `--base-url`: a quote in it must not end
            // the attribute.
            html(&ctx.url(&format!("{}/", crate::paths::district(d)))),
            html(&d.name_th),
            ctx.n(d.plots.len())
        );
        for ring in f.geometry.rings() {
            for (i, [lon, lat]) in ring.iter().enumerate() {
                let (x, y) = proj.xy(*lon, *lat);
                let _ = write!(out, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
            }
            out.push('Z');
        }
        let _ = write!(
            out,
            r#""><title>อำเภอ{} ({} แปลง)</title></path></a>"#,
            html(&d.name_th),
            ctx.n(d.plots.len())
        );
    }
    for d in &site.districts {
        if let Some(info) = registry.districts.iter().find(|i| i.code == d.code) {
            let (x, y) = proj.xy(info.lon, info.lat);
            let _ = write!(
                out,
                r#"<text x="{x:.0}" y="{y:.0}" aria-hidden="true">{}</text>"#,
                html(&d.name_th)
            );
        }
    }
    out.push_str("</svg>");
    out
}

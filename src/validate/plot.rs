//! Validation of one plot folder: `plot.md` against the form and the registry, then its
//! activities, lessons, products and markets.

use super::PlotFiles;
use super::bundles;
use super::fields::{Ctx, opt_text, texts, written};
use super::names;
use crate::diag::{Diagnostic, nearest};
use crate::frontmatter;
use crate::load::Sources;
use crate::model::{Plot, Private};
use crate::options::{MODELS, PARTS, PROGRAMMES, RATINGS};
use crate::raw::{RawAddress, RawPlot, S};
use crate::registry::DistrictInfo;
use crate::values::{self, AMOUNT, COUNT, LATITUDE, LONGITUDE};
use serde_saphyr::Spanned;

/// Validates a plot and everything in its folder.
pub(crate) fn validate_plot(
    sources: &Sources,
    info: &DistrictInfo,
    files: &PlotFiles,
) -> (Option<Plot>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let slug = files.dir.rsplit('/').next().unwrap_or_default().to_string();
    if !names::is_slug(&slug) {
        diags.push(
            Diagnostic::error(
                &files.dir,
                1,
                1,
                format!("ชื่อโฟลเดอร์แปลง `{slug}` ใช้ไม่ได้ในที่อยู่เว็บ (invalid folder name)"),
            )
            .with_hint(format!(
                "ใช้ตัวอักษรอังกฤษตัวเล็ก ตัวเลข และขีด - เท่านั้น เช่น {}",
                names::suggest_slug(&slug)
            )),
        );
    }
    let Some(path) = files.plot_md else {
        diags.push(
            Diagnostic::error(&files.dir, 1, 1, "ไม่พบไฟล์ plot.md ของแปลงนี้ (missing plot.md)")
                .with_hint(format!("สร้างไฟล์ {}/plot.md ที่มีข้อมูลแปลงตามแบบรายงาน", files.dir)),
        );
        return (None, diags);
    };
    let plot = match sources.texts.validated(path) {
        Ok(text) => parse_plot(sources, (path, &text), info, &slug, &mut diags),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let content = bundles::validate_contents(sources, files, &mut diags);
    let plot = plot.map(|mut p| {
        (p.activities, p.lessons, p.products, p.markets) = content;
        p
    });
    (plot, diags)
}

/// Reads `plot.md` into a plot without its contents.
fn parse_plot(
    sources: &Sources,
    (path, text): (&str, &str),
    info: &DistrictInfo,
    slug: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Plot> {
    let split = frontmatter::split(path, text).map_err(|d| diags.push(d)).ok()?;
    diags.extend(frontmatter::placeholder(path, text));
    super::links::check_split(path, &split, diags);
    let raw: RawPlot = frontmatter::parse(path, split.yaml, split.line_offset)
        .map_err(|d| diags.push(d))
        .ok()?;
    let mut ctx = Ctx {
        file: path,
        yaml: split.yaml,
        offset: split.line_offset,
        diags,
    };
    let name = ctx.text(&raw.name, "name", "ชื่อแปลง");
    let owner = ctx.text(&raw.owner, "owner", "ชื่อเจ้าของแปลง");
    let consent = ctx.yes_no(&raw.owner_consent, false);
    let model = ctx.choice(&raw.model, "model", "รูปแบบ", MODELS);
    let programme = ctx.choice(&raw.programme, "programme", "โครงการ", PROGRAMMES);
    let size = ctx
        .required(&raw.size_rai, "size_rai", "ขนาดพื้นที่")
        .and_then(|s| ctx.number_of(s, &AMOUNT));
    let rating = ctx.choice(&raw.rating, "rating", "ระดับความพร้อม", RATINGS);
    let address = address(&mut ctx, raw.address.as_ref(), info);
    let location = location(&mut ctx, &raw.lat, &raw.lon);
    let parts = ctx.choices(&raw.parts, "องค์ประกอบ", PARTS);
    if let (Some(owner), false) = (&owner, consent) {
        owner_named_elsewhere(&mut ctx, owner, &raw.teachers);
    }
    let (house_no, moo, subdistrict_th) = address?;
    let owner = owner?;
    Some(Plot {
        slug: slug.to_string(),
        name: name?,
        public_owner: consent.then(|| owner.clone()),
        model: model?,
        programme: programme?,
        size_rai: size?,
        moo,
        subdistrict_th,
        location,
        rating: rating?,
        parts,
        teachers: texts(&raw.teachers),
        clusters: texts(&raw.clusters),
        stations: texts(&raw.stations),
        body: sources.texts.body(path, text, split.body),
        activities: Vec::new(),
        lessons: Vec::new(),
        products: Vec::new(),
        markets: Vec::new(),
        private: Private {
            owner,
            house_no,
            phone: opt_text(&raw.phone),
        },
    })
}

/// A teacher entry naming an owner who did not agree to publish their name: it would put the
/// name on the site, so it is an error at that entry.
fn owner_named_elsewhere(ctx: &mut Ctx, owner: &str, teachers: &Option<Vec<S>>) {
    for t in teachers.iter().flatten().filter(|t| t.value.trim() == owner) {
        ctx.error(
            t,
            "ชื่อเจ้าของแปลงอยู่ในรายชื่อครูพาทำ แต่เจ้าของแปลงไม่ได้ยินยอมให้เปิดเผยชื่อ (owner's name without consent)",
            "ลบชื่อนี้ออกจาก teachers หรือถ้าเจ้าของแปลงยินยอมแล้ว ให้ใส่ owner_consent: ใช่",
        );
    }
}

/// The address: house number, village number and a sub-district of this district.
fn address(
    ctx: &mut Ctx,
    raw: Option<&Spanned<RawAddress>>,
    info: &DistrictInfo,
) -> Option<(String, Option<u32>, String)> {
    let Some(raw) = raw else {
        ctx.required(&None, "address", "ที่อยู่");
        return None;
    };
    let a = &raw.value;
    let moo = ctx.whole(&a.moo, &COUNT);
    let line = raw.referenced.line() as usize + ctx.offset;
    let sub = ctx.required_at(&a.subdistrict, "address.subdistrict", "ตำบล", line)?;
    let Some(found) = info.subdistrict(&sub.value) else {
        report_subdistrict(ctx, sub, info);
        return None;
    };
    Some((opt_text(&a.house_no), moo, found.name_th.clone()))
}

/// An unknown sub-district: suggest the nearest one of this district.
fn report_subdistrict(ctx: &mut Ctx, sub: &S, info: &DistrictInfo) {
    let names = info
        .subdistricts
        .iter()
        .flat_map(|s| [s.name_th.as_str(), s.name_en.as_str()]);
    let all: Vec<&str> = info.subdistricts.iter().map(|s| s.name_th.as_str()).collect();
    let hint = match nearest(&sub.value, names) {
        Some(n) => format!(
            "หมายถึงตำบล `{n}` หรือไม่? ตำบลในอำเภอ{}: {}",
            info.name_th,
            all.join(", ")
        ),
        None => format!("ตำบลในอำเภอ{}: {}", info.name_th, all.join(", ")),
    };
    ctx.error(
        sub,
        format!(
            "ไม่มีตำบล `{}` ในอำเภอ{} (unknown sub-district)",
            sub.value.trim(),
            info.name_th
        ),
        hint,
    );
}

/// Optional coordinates: both or neither (blank is absent), inside the province.
fn location(ctx: &mut Ctx, lat: &Option<S>, lon: &Option<S>) -> Option<(f64, f64)> {
    match (written(lat), written(lon)) {
        (None, None) => None,
        (Some(s), None) | (None, Some(s)) => {
            ctx.error(
                s,
                "ต้องระบุทั้งละติจูดและลองจิจูด (lat and lon go together)",
                "เพิ่มอีกค่าหนึ่ง หรือลบทั้งสองค่า",
            );
            None
        }
        (Some(la), Some(lo)) => {
            let (y, x) = (ctx.number_of(la, &AMOUNT)?, ctx.number_of(lo, &AMOUNT)?);
            if values::within(y, &LATITUDE).is_err() || values::within(x, &LONGITUDE).is_err() {
                let (min_y, max_y) = (LATITUDE.min, LATITUDE.max.unwrap_or(90.0));
                let (min_x, max_x) = (LONGITUDE.min, LONGITUDE.max.unwrap_or(180.0));
                ctx.error(
                    la,
                    format!("พิกัด {y}, {x} อยู่นอกจังหวัดฉะเชิงเทรา (coordinates outside the province)"),
                    format!(
                        "ละติจูดต้องอยู่ระหว่าง {min_y} ถึง {max_y} และลองจิจูดระหว่าง {min_x} ถึง {max_x}: ตรวจว่าไม่ได้สลับละติจูด (ประมาณ 13.x) กับลองจิจูด (ประมาณ 101.x)"
                    ),
                );
                return None;
            }
            Some((y, x))
        }
    }
}

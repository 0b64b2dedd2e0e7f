//! Stage 2, validate: turns the loaded sources into the typed `Site`, checking every value
//! against the content format and the district registry, and collecting every diagnostic.

#[cfg(test)]
pub(crate) mod agreement;
mod bundles;
mod fields;
mod links;
mod names;
mod photos;
mod plot;
mod remote;
mod repeats;
mod tracking;

pub(crate) use photos::{photo_minimum, refused};

use crate::diag::{Diagnostic, nearest};
use crate::frontmatter;
use crate::load::Sources;
use crate::model::{Config, District, Site};
use crate::raw::{RawSite, S};
use crate::registry::Registry;
use crate::values::{COUNT, DUE_DAY};
use fields::{Ctx, opt_text, written};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Settings given on the command line that override `site.yaml`.
#[derive(Debug, Default, Clone)]
pub(crate) struct Overrides {
    pub(crate) base_url: Option<String>,
    /// `--images-bucket` (`s3://bucket/prefix/`).
    pub(crate) images_bucket: Option<String>,
    /// `--images-endpoint`.
    pub(crate) images_endpoint: Option<String>,
}

/// The files of one plot folder, by role.
#[derive(Debug, Default)]
pub(crate) struct PlotFiles<'a> {
    pub(crate) dir: String,
    /// The paths of the plot's files (their texts are read when the plot is validated).
    pub(crate) plot_md: Option<&'a str>,
    pub(crate) markets: Option<&'a str>,
    /// (section, bundle slug) -> index.md path.
    pub(crate) pages: BTreeMap<(&'a str, &'a str), &'a str>,
}

/// Validates everything; returns the site (when there is no error) and all diagnostics.
pub(crate) fn validate(
    sources: &Sources,
    registry: &Registry,
    overrides: &Overrides,
) -> (Option<Site>, Vec<Diagnostic>) {
    let mut diags = sources.diagnostics.clone();
    let config = site_config(sources, registry, overrides, &mut diags);
    let (grouped, stray) = group(sources);
    for file in stray.iter().chain(&sources.others) {
        diags.push(
            Diagnostic::warning(file, 1, 1, "ไม่ได้ใช้ไฟล์นี้: อยู่ผิดที่หรือเป็นชนิดที่ไม่รู้จัก (file ignored)")
                .with_hint("ดูโครงสร้างโฟลเดอร์ใน docs/content-format.th.md"),
        );
    }
    let mut districts: Vec<District> = registry.districts.iter().map(District::from_registry).collect();
    let mut by_district: BTreeMap<usize, Vec<&PlotFiles>> = BTreeMap::new();
    for (dslug, files) in &grouped {
        match districts.iter().position(|d| d.slug == *dslug) {
            Some(i) => by_district.entry(i).or_default().extend(files.values()),
            None => diags.push(unknown_district(dslug, registry)),
        }
    }
    for (i, plots) in by_district {
        let info = &registry.districts[i];
        let results: Vec<_> = plots
            .par_iter()
            .map(|files| plot::validate_plot(sources, info, files))
            .collect();
        for (plot, mut plot_diags) in results {
            diags.append(&mut plot_diags);
            districts[i].plots.extend(plot);
        }
        districts[i]
            .plots
            .sort_by(|a, b| crate::thai::compare(&a.name, &b.name));
    }
    diags.extend(repeats::repeated(&districts, sources));
    let about = about(sources, &mut diags);
    let has_errors = diags.iter().any(|d| d.severity == crate::diag::Severity::Error);
    if has_errors {
        let min = config.as_ref().map_or(6, |c| c.min_photos);
        diags.extend(photos::minimum(&districts, min, &Default::default()));
    }
    diags.sort_by(|a, b| (a.severity, &a.file, a.line, a.column).cmp(&(b.severity, &b.file, b.line, b.column)));
    let site = config.filter(|_| !has_errors).map(|config| Site {
        config,
        districts,
        about,
    });
    (site, diags)
}

impl District {
    /// A district of the registry, before its plots are added.
    fn from_registry(info: &crate::registry::DistrictInfo) -> District {
        District {
            slug: info.slug(),
            code: info.code.clone(),
            name_th: info.name_th.clone(),
            name_en: info.name_en.clone(),
            plots: Vec::new(),
        }
    }
}

/// The error for a district folder that is not in the registry, with the nearest name.
fn unknown_district(slug: &str, registry: &Registry) -> Diagnostic {
    let slugs: Vec<String> = registry.districts.iter().map(|d| d.slug()).collect();
    let by_thai = registry.districts.iter().find(|d| d.name_th == slug).map(|d| d.slug());
    let guess = by_thai.or_else(|| nearest(slug, slugs.iter().map(String::as_str)).map(str::to_string));
    let hint = match guess {
        Some(g) => format!("หมายถึงอำเภอ `{g}` หรือไม่? เปลี่ยนชื่อโฟลเดอร์เป็น districts/{g}"),
        None => format!("ชื่อโฟลเดอร์อำเภอที่ใช้ได้: {}", slugs.join(", ")),
    };
    Diagnostic::error(
        &format!("districts/{slug}"),
        1,
        1,
        format!("ไม่รู้จักอำเภอ `{slug}` (unknown district)"),
    )
    .with_hint(hint)
}

/// Sorts the text files into districts and plots; returns files that fit nowhere.
fn group(sources: &Sources) -> (BTreeMap<&str, BTreeMap<&str, PlotFiles<'_>>>, Vec<String>) {
    let mut out: BTreeMap<&str, BTreeMap<&str, PlotFiles>> = BTreeMap::new();
    let mut stray = Vec::new();
    for path in sources.texts.names() {
        let parts: Vec<&str> = path.split('/').collect();
        if path == "site.yaml" || path == "about.md" {
            continue;
        }
        let role = match parts.as_slice() {
            ["districts", d, p, "plot.md"] => Some((*d, *p, None)),
            ["districts", d, p, "markets.yaml" | "markets.yml"] => Some((*d, *p, Some(("markets", "")))),
            [
                "districts",
                d,
                p,
                section @ ("activities" | "lessons" | "products"),
                slug,
                "index.md",
            ] => Some((*d, *p, Some((*section, *slug)))),
            _ => None,
        };
        let Some((d, p, sub)) = role else {
            stray.push(path.clone());
            continue;
        };
        let files = out.entry(d).or_default().entry(p).or_insert_with(|| PlotFiles {
            dir: format!("districts/{d}/{p}"),
            ..PlotFiles::default()
        });
        match sub {
            None => files.plot_md = Some(path),
            Some(("markets", _)) => files.markets = Some(path),
            Some(key) => {
                files.pages.insert(key, path);
            }
        }
    }
    (out, stray)
}

/// Reads `site.yaml` into the configuration.
fn site_config(
    sources: &Sources,
    registry: &Registry,
    overrides: &Overrides,
    diags: &mut Vec<Diagnostic>,
) -> Option<Config> {
    let text = sources.texts.validated("site.yaml").map_err(|d| diags.push(d)).ok()?;
    let text = text.as_ref();
    let raw: RawSite = match frontmatter::parse("site.yaml", text, 0) {
        Ok(raw) => raw,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut ctx = Ctx {
        file: "site.yaml",
        yaml: text,
        offset: 0,
        diags,
    };
    let title = ctx.text(&raw.title, "title", "ชื่อเว็บไซต์");
    let province = ctx.required(&raw.province, "province", "จังหวัด");
    if let Some(p) = province {
        let name = p.value.trim();
        if name != registry.province.name_th && !name.eq_ignore_ascii_case(&registry.province.name_en) {
            ctx.error(
                p,
                format!(
                    "knn รองรับเฉพาะจังหวัด{} (unsupported province)",
                    registry.province.name_th
                ),
                "ใช้ province: ฉะเชิงเทรา",
            );
        }
    }
    if let Some(s) = raw.base_url.as_ref().filter(|_| overrides.base_url.is_none())
        && !links::check_base_url(&mut ctx, s)
    {
        return None;
    }
    let base_url = match &overrides.base_url {
        Some(url) => Some(url.clone()),
        None => ctx
            .required(&raw.base_url, "base_url", "ที่อยู่เว็บไซต์")
            .map(|s| s.value.trim().to_string()),
    };
    let (base_url, base_path) = match base_url.as_deref().map(split_base_url) {
        Some(Some(pair)) => pair,
        Some(None) => {
            let msg = "ที่อยู่เว็บไซต์ต้องขึ้นต้นด้วย https:// หรือ http:// (invalid base URL)";
            match &raw.base_url {
                Some(s) if overrides.base_url.is_none() => ctx.error(s, msg, "เช่น https://ชื่อบัญชี.github.io/ชื่อที่เก็บ/"),
                _ => ctx
                    .diags
                    .push(Diagnostic::error("site.yaml", 1, 1, format!("--base-url: {msg}"))),
            }
            return None;
        }
        None => return None,
    };
    let min_photos = ctx.whole(&raw.min_photos, &COUNT).unwrap_or(6) as usize;
    let report_due_day = ctx.whole(&raw.report_due_day, &DUE_DAY).unwrap_or(20);
    let repository = repository(&mut ctx, &raw.repository, &base_url);
    let auth_url = auth_url(&mut ctx, &raw.auth_url);
    let images = remote::images(&mut ctx, &raw, overrides).ok()?;
    Some(Config {
        title: title?,
        description: opt_text(&raw.description),
        base_url,
        base_path,
        language: written(&raw.language).map_or("th".to_string(), |s| s.value.trim().to_string()),
        thai_digits: ctx.yes_no(&raw.thai_digits, false),
        sample: ctx.yes_no(&raw.sample, false),
        office: opt_text(&raw.office),
        min_photos,
        province_th: registry.province.name_th.clone(),
        report_due_day,
        publish_forms: ctx.yes_no(&raw.publish_forms, false),
        repository,
        auth_url,
        images,
    })
}

/// The web form's OAuth authenticator: a web link (`https://…`), as written.
fn auth_url(ctx: &mut Ctx, written: &Option<S>) -> Option<String> {
    let s = fields::written(written)?;
    let value = s.value.trim();
    if value.starts_with("https://") && bundles::url_host(value).is_some() {
        return Some(value.trim_end_matches('/').to_string());
    }
    ctx.error(
        s,
        format!("`{value}` ใช้เป็นที่อยู่เข้าสู่ระบบไม่ได้ (invalid auth_url)"),
        "ใส่ที่อยู่เต็มของตัวกลางเข้าสู่ระบบ ขึ้นต้นด้วย https:// เช่น https://sveltia-cms-auth.ชื่อ.workers.dev",
    );
    None
}

/// The repository the web form saves to: `repository:` as written (`owner/name`), else the
/// one a `https://owner.github.io/name/` base URL is published from.
fn repository(ctx: &mut Ctx, written: &Option<S>, base_url: &str) -> Option<String> {
    if let Some(s) = fields::written(written) {
        let value = s.value.trim();
        if is_repository(value) {
            return Some(value.to_string());
        }
        ctx.error(
            s,
            format!("`{value}` ไม่ใช่ชื่อที่เก็บข้อมูลบน GitHub (invalid repository)"),
            "เขียนเป็น ชื่อบัญชี/ชื่อที่เก็บ เช่น chachoengsao-cdd/knn-site ตามที่อยู่ https://github.com/ชื่อบัญชี/ชื่อที่เก็บ",
        );
        return None;
    }
    let rest = base_url.strip_prefix("https://")?;
    let (host, path) = rest.split_once('/')?;
    let owner = host.strip_suffix(".github.io")?;
    let name = path.split('/').next().filter(|n| !n.is_empty()).unwrap_or(host);
    let repo = format!("{owner}/{name}");
    is_repository(&repo).then_some(repo)
}

/// Whether `value` is an `owner/name` GitHub repository identifier.
fn is_repository(value: &str) -> bool {
    let ok = |part: &str, extra: &[u8]| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || extra.contains(&b))
    };
    matches!(value.split_once('/'), Some((owner, name)) if ok(owner, b"") && ok(name, b"._") && name != "." && name != "..")
}

/// The body of `about.md`, if there is one (its front matter, if any, is skipped).
fn about(sources: &Sources, diags: &mut Vec<Diagnostic>) -> String {
    if !sources.texts.contains("about.md") {
        return String::new();
    }
    let text = match sources.texts.validated("about.md") {
        Ok(text) => text,
        Err(d) => {
            diags.push(d);
            return String::new();
        }
    };
    let text = text.as_ref();
    if text.starts_with("---") {
        return frontmatter::split("about.md", text)
            .inspect(|s| links::check_split("about.md", s, diags))
            .map(|s| s.body.to_string())
            .map_err(|d| diags.push(d))
            .unwrap_or_default();
    }
    links::check_body("about.md", text, 0, diags);
    text.to_string()
}

/// `https://x.github.io/repo` -> (`https://x.github.io/repo/`, `/repo/`).
fn split_base_url(url: &str) -> Option<(String, String)> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host_end = rest.find('/').unwrap_or(rest.len());
    if host_end == 0 || rest[..host_end].contains(char::is_whitespace) {
        return None;
    }
    let path = rest[host_end..].trim_end_matches('/');
    let base_path = format!("{path}/");
    let scheme_len = url.len() - rest.len();
    Some((format!("{}{}", &url[..scheme_len + host_end], base_path), base_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_a_path_with_slashes() {
        assert_eq!(
            split_base_url("https://x.github.io/repo"),
            Some(("https://x.github.io/repo/".into(), "/repo/".into()))
        );
        assert_eq!(
            split_base_url("http://127.0.0.1:8000/"),
            Some(("http://127.0.0.1:8000/".into(), "/".into()))
        );
        assert_eq!(split_base_url("x.github.io"), None);
        // Cut at characters found by `find`, so a Thai host or path is never split in a letter.
        assert_eq!(
            split_base_url("https://ศูนย์เรียนรู้.example/ชุมชน"),
            Some(("https://ศูนย์เรียนรู้.example/ชุมชน/".into(), "/ชุมชน/".into()))
        );
        assert_eq!(split_base_url("https://ศูนย์ เรียนรู้/"), None);
    }

    #[test]
    fn the_web_forms_repository_is_written_or_read_from_a_github_pages_address() {
        let mut diags = Vec::new();
        let mut ctx = Ctx {
            file: "site.yaml",
            yaml: "",
            offset: 0,
            diags: &mut diags,
        };
        assert_eq!(
            repository(&mut ctx, &None, "https://cdd-ccs.github.io/knn/").as_deref(),
            Some("cdd-ccs/knn")
        );
        assert_eq!(
            repository(&mut ctx, &None, "https://cdd-ccs.github.io/").as_deref(),
            Some("cdd-ccs/cdd-ccs.github.io")
        );
        assert_eq!(repository(&mut ctx, &None, "https://knn.example.org/"), None);
        assert!(is_repository("chachoengsao-cdd/knn-site.v2"));
        for bad in ["knn-site", "a/b/c", "ชื่อ/ที่เก็บ", "a/..", "/b", "a b/c"] {
            assert!(!is_repository(bad), "{bad}");
        }
        assert!(diags.is_empty());
    }
}

//! The build, end to end: load -> validate -> plan images -> render -> write, with the
//! diagnostics and the summary printed on the way.

use crate::diag::{self, Diagnostic, Severity};
use crate::validate::Overrides;
use crate::write::OutputFile;
use crate::{images, load, registry, render, validate, write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What `knn build` was asked to do.
#[derive(Debug, Clone)]
pub(crate) struct BuildOptions {
    pub(crate) site: PathBuf,
    pub(crate) out: PathBuf,
    pub(crate) theme: Option<PathBuf>,
    pub(crate) overrides: Overrides,
    /// The image cache folder (default `<site>/.knn-cache`).
    pub(crate) cache: Option<PathBuf>,
    /// The host's size limit in MB (GitHub Pages: 1 GB); a warning is printed at 80%.
    pub(crate) size_limit_mb: u64,
}

/// How a build (or a check) ended.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Written (or, for a check, no errors).
    Built,
    /// Content errors: nothing written.
    ContentErrors,
    /// Could not run (missing folder, theme, template error, disk error).
    Failed(String),
}

/// Everything a build produced, in memory, before anything is written.
pub(crate) struct Built {
    pub(crate) files: Vec<OutputFile>,
    pub(crate) photos: Vec<images::Published>,
    /// Warnings (a build with errors is `Stopped::Content`).
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) sources: load::Sources,
    pub(crate) image_stats: images::ImageStats,
    /// Pages rendered through their template, and pages taken unchanged from the memo.
    pub(crate) rendered: usize,
    pub(crate) reused: usize,
    /// The search index: pages indexed, bytes, milliseconds.
    pub(crate) search: (usize, usize, u128),
}

/// Why a build stopped before producing a site.
pub(crate) enum Stopped {
    /// Content errors (and any warnings), with the sources to quote them from.
    Content(Box<load::Sources>, Vec<Diagnostic>),
    /// Could not run at all.
    Failed(String),
}

/// Runs the build, printing diagnostics to stderr and a summary to stdout.
pub(crate) fn build(opts: &BuildOptions) -> Outcome {
    let start = Instant::now();
    let built = match run(opts, &render::Memo::default(), true) {
        Ok((built, _)) => built,
        Err(Stopped::Content(sources, diags)) => {
            eprint!("{}", report(&opts.site, &sources, &diags));
            return Outcome::ContentErrors;
        }
        Err(Stopped::Failed(e)) => return Outcome::Failed(e),
    };
    let mut warnings = built.warnings;
    let pages = built.files.iter().filter(|f| f.path.ends_with(".html")).count();
    let total = site_bytes(&built.files, &built.image_stats);
    if let Some(d) = size_warning(total, opts.size_limit_mb) {
        warnings.push(d);
    }
    if let Err(e) = write::publish(&opts.out, &built.files, &built.photos) {
        return Outcome::Failed(e);
    }
    eprint!("{}", report(&opts.site, &built.sources, &warnings));
    println!("{}", image_summary(&built.image_stats));
    let (docs, bytes, ms) = built.search;
    println!(
        "ดัชนีค้นหา (search index): {docs} หน้า, {:.1} KB, {ms} ms ({:.0}% ของเวลาทั้งหมด)",
        bytes as f64 / 1e3,
        ms as f64 * 100.0 / start.elapsed().as_millis().max(1) as f64
    );
    println!(
        "สร้างเว็บไซต์เสร็จ (built): {pages} หน้า, ขนาดรวม {} ({:.0}% ของ {} MB ที่ GitHub Pages รับได้), {:.2} วินาที -> {}",
        mb(total),
        total as f64 * 100.0 / (opts.size_limit_mb as f64 * 1e6),
        opts.size_limit_mb,
        start.elapsed().as_secs_f64(),
        opts.out.display()
    );
    Outcome::Built
}

/// load -> validate -> images -> render -> privacy guard and link check, in memory. `memo` holds the pages of
/// an earlier run (empty for `knn build`); the new memo comes back with the result.
pub(crate) fn run(opts: &BuildOptions, memo: &render::Memo, progress: bool) -> Result<(Built, render::Memo), Stopped> {
    let (sources, theme) = load_inputs(opts).map_err(Stopped::Failed)?;
    let (site, mut diags) = validate::validate(&sources, &registry::Registry::shipped(), &opts.overrides);
    let Some(site) = site else {
        return Err(Stopped::Content(Box::new(sources), diags));
    };
    let image_opts = images::ImageOptions {
        cache: cache_dir(opts),
        progress,
    };
    let (plan, image_stats, mut image_diags) = images::process(&site, &image_opts);
    diags.extend(validate::photo_minimum(&site, &validate::refused(&image_diags)));
    diags.append(&mut image_diags);
    let rendered = render::render(&site, &plan, &theme, memo).map_err(Stopped::Failed)?;
    let mut stops = render::privacy::check(&site, &rendered.files, &sources.texts);
    let photos: Vec<&str> = plan.files.iter().map(|p| p.path.as_str()).collect();
    stops.extend(render::links::check(&rendered.files, &photos, &site.config.base_path));
    if !stops.is_empty() {
        diags.extend(stops);
        return Err(Stopped::Content(Box::new(sources), diags));
    }
    let built = Built {
        files: rendered.files,
        photos: plan.files,
        warnings: diags,
        sources,
        image_stats,
        rendered: rendered.rendered,
        reused: rendered.reused,
        search: rendered.search,
    };
    Ok((built, rendered.memo))
}

/// How `knn check` prints what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Messages with the quoted source line, for people.
    Text,
    /// One JSON document, for programs.
    Json,
}

/// Checks the site as a build would, writing nothing: load, validate, probe every photo,
/// render in memory and run the privacy guard. Inside GitHub Actions every problem is also
/// printed as a workflow annotation, so it shows on the file in a pull request.
pub(crate) fn check(opts: &BuildOptions, format: Format) -> Outcome {
    let (sources, theme) = match load_inputs(opts) {
        Ok(inputs) => inputs,
        Err(e) => return Outcome::Failed(e),
    };
    let (site, mut diags) = validate::validate(&sources, &registry::Registry::shipped(), &opts.overrides);
    if let Some(site) = site {
        let image_diags = images::check(&site, &cache_dir(opts));
        diags.extend(validate::photo_minimum(&site, &validate::refused(&image_diags)));
        diags.extend(image_diags);
        match render::render(&site, &images::ImagePlan::default(), &theme, &render::Memo::default()) {
            Ok(r) => diags.extend(render::privacy::check(&site, &r.files, &sources.texts)),
            Err(e) => return Outcome::Failed(e),
        }
    }
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        for d in &diags {
            println!("{}", diag::github_annotation(d, &shown_path(&opts.site, &d.file)));
        }
    }
    match format {
        Format::Json => println!("{}", diag::to_json(&diags, |f| shown_path(&opts.site, f))),
        Format::Text => {
            eprint!("{}", report(&opts.site, &sources, &diags));
            if errors == 0 {
                println!(
                    "ตรวจแล้ว ไม่พบข้อผิดพลาด (check passed): {} ไฟล์, คำเตือน {} รายการ",
                    sources.texts.len() + sources.photos.len(),
                    diags.len()
                );
            }
        }
    }
    if errors == 0 {
        Outcome::Built
    } else {
        Outcome::ContentErrors
    }
}

/// What `knn report` was asked for.
#[derive(Debug, Clone)]
pub(crate) struct ReportOptions {
    /// The month as typed (B.E. or C.E.); default: this month.
    pub(crate) month: Option<String>,
    /// A district folder name or Thai name; default: all.
    pub(crate) district: Option<String>,
    /// The folder the month's workbook and forms go to (`<out>/<B.E. year-month>/`).
    pub(crate) out: PathBuf,
    /// The date to count the days to the due date from; default: today.
    pub(crate) today: Option<String>,
}

/// `knn report`: load -> validate -> images (for the forms' photos) -> the month's view, then
/// prints the compliance text and writes the internal workbook and printable forms to a
/// folder that is not published.
pub(crate) fn monthly_report(opts: &BuildOptions, ro: &ReportOptions) -> Outcome {
    let today = match ro.today.as_deref().map(crate::values::date) {
        Some(Ok(d)) => d,
        Some(Err(_)) => {
            return Outcome::Failed(format!(
                "อ่านวันที่ --today ไม่ได้ (invalid date): {}",
                ro.today.as_deref().unwrap_or("")
            ));
        }
        None => crate::thai::Date::today(),
    };
    let month = match ro.month.as_deref().map(crate::report::Month::parse) {
        Some(Ok(m)) => m,
        Some(Err(e)) => return Outcome::Failed(e),
        None => crate::report::Month::of(today),
    };
    let registry = registry::Registry::shipped();
    let district = match ro.district.as_deref().map(|d| registry.find_district(d)) {
        Some(Ok(d)) => Some(d.slug()),
        Some(Err(e)) => return Outcome::Failed(e),
        None => None,
    };
    let (sources, theme) = match load_inputs(opts) {
        Ok(inputs) => inputs,
        Err(e) => return Outcome::Failed(e),
    };
    let (site, diags) = validate::validate(&sources, &registry, &opts.overrides);
    let Some(site) = site else {
        eprint!("{}", report(&opts.site, &sources, &diags));
        return Outcome::ContentErrors;
    };
    let image_opts = images::ImageOptions {
        cache: cache_dir(opts),
        progress: true,
    };
    let (plan, _, image_diags) = images::process(&site, &image_opts);
    let minimum = validate::photo_minimum(&site, &validate::refused(&image_diags));
    let warnings: Vec<Diagnostic> = diags.into_iter().chain(minimum).chain(image_diags).collect();
    eprint!("{}", report(&opts.site, &sources, &warnings));
    let month_report = crate::report::month_report(&site, month, district.as_deref(), Some(&plan));
    print!("{}", crate::report::text::render(&month_report, today));
    let workbook_name = format!("knn-{}.xlsx", month.key_be());
    let workbook = match crate::report::xlsx::workbook(&site, &month_report) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Failed(e),
    };
    let (mut files, photos) = match render::report_forms(&site, &plan, &theme, &month_report, &workbook_name) {
        Ok(done) => done,
        Err(e) => return Outcome::Failed(e),
    };
    let forms = files.len() - 1;
    files.push(OutputFile {
        path: workbook_name.clone(),
        bytes: workbook,
    });
    let dir = ro.out.join(month.key_be());
    if let Err(e) = write::publish(&dir, &files, &photos) {
        return Outcome::Failed(e);
    }
    println!(
        "เขียนรายงานแล้ว (written): {} และแบบรายงานพิมพ์ได้ {forms} ฉบับ ใน {} (ข้อมูลภายใน มีข้อมูลส่วนบุคคล: ไม่ต้องเผยแพร่หรือ commit)",
        dir.join(&workbook_name).display(),
        dir.join("index.html").display()
    );
    Outcome::Built
}

/// The site's sources and the theme: what every command reads first.
fn load_inputs(opts: &BuildOptions) -> Result<(load::Sources, load::Theme), String> {
    Ok((load::load_site(&opts.site)?, load::load_theme(&theme_dir(opts))?))
}

/// The theme folder the options ask for.
pub(crate) fn theme_dir(opts: &BuildOptions) -> PathBuf {
    opts.theme.clone().unwrap_or_else(|| find_theme(&opts.site))
}

/// The image cache folder the options ask for.
pub(crate) fn cache_dir(opts: &BuildOptions) -> PathBuf {
    opts.cache.clone().unwrap_or_else(|| images::default_cache(&opts.site))
}

/// A path inside the site folder as the user would type it (`content/districts/...`).
fn shown_path(site: &Path, file: &str) -> String {
    let joined = site.join(file).display().to_string();
    let workspace = std::env::var("GITHUB_WORKSPACE").unwrap_or_default();
    match joined.strip_prefix(&workspace) {
        Some(rest) if !workspace.is_empty() => rest.trim_start_matches('/').to_string(),
        _ => joined,
    }
}

/// The size of the published site: pages and assets, plus the photos.
pub(crate) fn site_bytes(files: &[OutputFile], images: &images::ImageStats) -> u64 {
    files.iter().map(|f| f.bytes.len() as u64).sum::<u64>() + images.bytes_out
}

/// `12.3 MB`.
fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The photo line of the summary.
fn image_summary(s: &images::ImageStats) -> String {
    format!(
        "ภาพถ่าย (photos): {} ภาพ, แปลงใหม่ {} (processed), ใช้จากแคช {} (reused), {} -> {}, {:.2} วินาที",
        s.photos,
        s.processed,
        s.reused,
        mb(s.bytes_in),
        mb(s.bytes_out),
        s.seconds
    )
}

/// A warning when the published site reaches 80% of the host's size limit.
fn size_warning(total: u64, limit_mb: u64) -> Option<Diagnostic> {
    let limit = limit_mb.saturating_mul(1_000_000);
    if total.saturating_mul(5) < limit.saturating_mul(4) {
        return None;
    }
    Some(
        Diagnostic::warning(
            "site.yaml",
            1,
            1,
            format!(
                "เว็บไซต์มีขนาด {} เกิน 80% ของขีดจำกัด {limit_mb} MB ของ GitHub Pages (site size near the hosting limit)",
                mb(total)
            ),
        )
        .with_hint(
            "ลดจำนวนภาพต่อกิจกรรมที่เผยแพร่ (ไม่ต้องเกิน 12 ภาพ) หรือย้ายกิจกรรมปีเก่าไปเก็บในคลัง; เปลี่ยนขีดจำกัดได้ด้วย --size-limit-mb",
        ),
    )
}

/// The theme folder: `<site>/themes/default`, then `themes/default` beside the site folder,
/// then the one in knn's own source tree.
fn find_theme(site: &Path) -> PathBuf {
    let candidates = [
        site.join("themes/default"),
        site.parent().unwrap_or(Path::new(".")).join("themes/default"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
    ];
    candidates
        .iter()
        .find(|c| c.join("templates").is_dir())
        .cloned()
        .unwrap_or_else(|| candidates[2].clone())
}

/// Diagnostics with paths as the user gave them and the quoted source lines, then a count.
pub(crate) fn report(site: &Path, sources: &load::Sources, diags: &[Diagnostic]) -> String {
    if diags.is_empty() {
        return String::new();
    }
    let mut out: String = diags
        .iter()
        .map(|d| {
            let shown = Diagnostic {
                file: site.join(&d.file).display().to_string(),
                ..d.clone()
            };
            diag::render_all(std::slice::from_ref(&shown), |_| {
                sources.texts.get(&d.file).map(String::as_str)
            })
        })
        .collect();
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    if errors > 0 {
        out.push_str(&format!(
            "พบข้อผิดพลาด {errors} รายการ คำเตือน {warnings} รายการ: ไม่ได้เขียนเว็บไซต์ใหม่ ผลลัพธ์เดิมยังอยู่ครบ ({errors} errors, {warnings} warnings; previous output left untouched)\n"
        ));
    } else {
        out.push_str(&format!("คำเตือน {warnings} รายการ ({warnings} warnings)\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_at_80_percent_of_the_size_limit() {
        assert!(size_warning(799_000_000, 1000).is_none());
        let d = size_warning(800_000_000, 1000).expect("warning at 80%");
        assert!(d.message.contains("800.0 MB"), "{}", d.message);
        assert!(size_warning(90_000_000, 100).is_some(), "the limit is configurable");
    }
}

//! The build, end to end: load -> validate -> plan images -> render -> write, with the
//! diagnostics and the summary printed on the way.

use crate::diag::{self, Diagnostic, Severity};
use crate::validate::Overrides;
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

/// How a build ended.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Written.
    Built,
    /// Content errors: nothing written.
    ContentErrors,
    /// Could not run (missing folder, theme, template error, disk error).
    Failed(String),
}

/// Runs a build and prints diagnostics to stderr and a summary to stdout.
pub(crate) fn build(opts: &BuildOptions) -> Outcome {
    let start = Instant::now();
    let sources = match load::load_site(&opts.site) {
        Ok(s) => s,
        Err(e) => return Outcome::Failed(e),
    };
    let theme_dir = opts.theme.clone().unwrap_or_else(|| find_theme(&opts.site));
    let theme = match load::load_theme(&theme_dir) {
        Ok(t) => t,
        Err(e) => return Outcome::Failed(e),
    };
    let registry = registry::Registry::shipped();
    let (site, mut diags) = validate::validate(&sources, &registry, &opts.overrides);
    let Some(site) = site else {
        report(&opts.site, &sources, &diags);
        return Outcome::ContentErrors;
    };
    let image_opts = images::ImageOptions {
        cache: opts.cache.clone().unwrap_or_else(|| images::default_cache(&opts.site)),
        progress: true,
    };
    let (plan, image_stats, mut image_diags) = images::process(&site, &image_opts);
    diags.append(&mut image_diags);
    let files = match render::render(&site, &plan, &theme) {
        Ok(f) => f,
        Err(e) => return Outcome::Failed(e),
    };
    let leaks = render::privacy::check(&site, &files);
    if !leaks.is_empty() {
        diags.extend(leaks);
        report(&opts.site, &sources, &diags);
        return Outcome::ContentErrors;
    }
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    let total: u64 = files.iter().map(|f| f.bytes.len() as u64).sum::<u64>() + image_stats.bytes_out;
    if let Some(d) = size_warning(total, opts.size_limit_mb) {
        diags.push(d);
    }
    if let Err(e) = write::publish(&opts.out, &files, &plan.files) {
        return Outcome::Failed(e);
    }
    report(&opts.site, &sources, &diags);
    println!("{}", image_summary(&image_stats));
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

/// Prints diagnostics with paths as the user gave them, then a count.
fn report(site: &Path, sources: &load::Sources, diags: &[Diagnostic]) {
    if diags.is_empty() {
        return;
    }
    let shown: Vec<Diagnostic> = diags
        .iter()
        .map(|d| Diagnostic {
            file: site.join(&d.file).display().to_string(),
            ..d.clone()
        })
        .collect();
    let with_source: String = shown
        .iter()
        .zip(diags)
        .map(|(s, d)| {
            diag::render_all(std::slice::from_ref(s), |_| {
                sources.texts.get(&d.file).map(String::as_str)
            })
        })
        .collect();
    eprint!("{with_source}");
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    if errors > 0 {
        eprintln!(
            "พบข้อผิดพลาด {errors} รายการ คำเตือน {warnings} รายการ: ไม่ได้เขียนเว็บไซต์ใหม่ ผลลัพธ์เดิมยังอยู่ครบ ({errors} errors, {warnings} warnings; previous output left untouched)"
        );
    } else {
        eprintln!("คำเตือน {warnings} รายการ ({warnings} warnings)");
    }
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

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
    let (plan, mut image_diags) = images::plan(&site);
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
    let result = write::publish(&opts.out, &files, |staging| Ok(images::execute(&plan, staging)));
    match result {
        Ok((stats, mut late)) => {
            diags.append(&mut late);
            report(&opts.site, &sources, &diags);
            let bytes: u64 = files.iter().map(|f| f.bytes.len() as u64).sum::<u64>() + stats.bytes_out;
            println!(
                "สร้างเว็บไซต์เสร็จ (built): {pages} หน้า, ภาพ {} ไฟล์ ({:.1} MB -> {:.1} MB), ขนาดรวม {:.1} MB, {:.2} วินาที -> {}",
                stats.photos,
                stats.bytes_in as f64 / 1e6,
                stats.bytes_out as f64 / 1e6,
                bytes as f64 / 1e6,
                start.elapsed().as_secs_f64(),
                opts.out.display()
            );
            Outcome::Built
        }
        Err(e) => Outcome::Failed(e),
    }
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

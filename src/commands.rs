//! What `build`, `check` and `report` do with the one pipeline's result: write it, print what
//! was found, or make the month's report from it. Printing of diagnostics lives here too, so
//! every command shows a problem the same way.

use crate::diag::{self, Diagnostic, Severity};
use crate::last_build::{LastBuild, Printed};
use crate::output::{Discard, Kind, OutputFile};
use crate::pipeline::{self, Built, Inputs, Mode, Photos, Stopped};
use crate::{images, load, render, write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How a command ended.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Done (for a check: no errors).
    Built,
    /// Content errors: nothing written.
    ContentErrors,
    /// Could not run (missing folder, theme, template error, disk error, refused --out).
    Failed(String),
}

/// How `check` and `build` print what they found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Messages with the quoted source line, for people.
    Text,
    /// One JSON document on standard output, for programs.
    Json,
}

/// `knn build`: the pipeline writing into a staging folder beside `out` as it renders, swapped
/// in for `out` only when the run passed every guard (refused before anything is written if
/// `out` is a folder knn must not replace). When neither the inputs nor the output changed
/// since the last build into `out`, nothing is done: that build's messages are printed again.
pub(crate) fn build(inputs: &Inputs, out: &Path, format: Format) -> Outcome {
    let start = Instant::now();
    let target = match write::Target::site(&inputs.site, out) {
        Ok(target) => target,
        Err(e) => return Outcome::Failed(e),
    };
    let (stamp, last) = rayon::join(
        || load::stamp::inputs(&inputs.site, &inputs.theme, &inputs.settings()),
        || load::stamp::last_build(&inputs.cache, out).map(|last| (last, load::stamp::output(out))),
    );
    if let Some((last, output)) = last
        && last.still_holds(&stamp, output.as_deref())
    {
        print_announcement(&last.printed, format);
        if format == Format::Text {
            print_unchanged(&last, out, inputs.size_limit_mb, start);
        }
        return Outcome::Built;
    }
    let mode = Mode {
        photos: Photos::Convert,
        progress: format == Format::Text,
        bucket: true,
    };
    let staging = match write::Staging::open(&target) {
        Ok(staging) => staging,
        Err(e) => return Outcome::Failed(e),
    };
    write::forget_last_build(&inputs.cache, out);
    let built = match pipeline::run(inputs, None, mode, &staging) {
        Ok((built, _)) => built,
        Err(stopped) => return stopped_outcome(inputs, &stopped, format),
    };
    let uploaded = match upload_photos(&built, inputs, format) {
        Ok(uploaded) => uploaded,
        Err(e) => return Outcome::Failed(e),
    };
    if let Err(e) = staging.finish(&built.plan.files) {
        return Outcome::Failed(e);
    }
    let printed = announcement(inputs, &built.sources, &built.warnings);
    print_announcement(&printed, format);
    if format == Format::Text {
        print_summary(&built, out, inputs.size_limit_mb, start);
        if let Some(up) = uploaded {
            println!("{}", upload_summary(&up));
        }
    }
    if let Some(output) = load::stamp::output(out) {
        let last = LastBuild::new(stamp, output, printed, built.totals.pages, built.bytes);
        write::save_last_build(&inputs.cache, out, &last);
    }
    Outcome::Built
}

/// Puts the photos the site's bucket lacks into it, before the pages naming them are
/// published (nothing to do without a bucket).
fn upload_photos(built: &Built, inputs: &Inputs, format: Format) -> Result<Option<images::Uploaded>, String> {
    let Some(remote) = &built.plan.remote else {
        return Ok(None);
    };
    images::upload(&built.plan.objects, remote, &inputs.bucket_keys, format == Format::Text).map(Some)
}

/// `knn check`: the same pipeline as a build, with photos probed instead of converted, and
/// nothing written. Inside GitHub Actions every problem is also printed as a workflow
/// annotation, so it shows on the file in a pull request.
pub(crate) fn check(inputs: &Inputs, format: Format) -> Outcome {
    let mode = Mode {
        photos: Photos::Probe,
        progress: false,
        bucket: false,
    };
    match pipeline::run(inputs, None, mode, &Discard) {
        Ok((built, _)) => {
            announce(inputs, &built.sources, &built.warnings, format);
            if format == Format::Text {
                println!(
                    "ตรวจแล้ว ไม่พบข้อผิดพลาด (check passed): {} ไฟล์, คำเตือน {} รายการ",
                    built.sources.texts.len() + built.sources.photos.len(),
                    built.warnings.len()
                );
            }
            Outcome::Built
        }
        Err(stopped) => stopped_outcome(inputs, &stopped, format),
    }
}

/// Prints a stopped run and maps it to an outcome.
fn stopped_outcome(inputs: &Inputs, stopped: &Stopped, format: Format) -> Outcome {
    match stopped {
        Stopped::Content(sources, diags) => {
            announce(inputs, sources, diags, format);
            Outcome::ContentErrors
        }
        Stopped::Failed(e) => Outcome::Failed(e.clone()),
    }
}

/// Prints diagnostics: as text on standard error, or as one JSON document on standard output;
/// and as GitHub annotations when running in GitHub Actions.
fn announce(inputs: &Inputs, sources: &load::Sources, diags: &[Diagnostic], format: Format) {
    print_announcement(&announcement(inputs, sources, diags), format);
}

/// Diagnostics in every form a run may print them.
fn announcement(inputs: &Inputs, sources: &load::Sources, diags: &[Diagnostic]) -> Printed {
    let shown = |f: &str| shown_path(&inputs.site, f);
    Printed {
        text: report(&inputs.site, sources, diags),
        json: diag::to_json(diags, shown),
        annotations: diags
            .iter()
            .map(|d| diag::github_annotation(d, &shown(&d.file)))
            .collect(),
    }
}

/// Prints diagnostics in the asked-for form (and as annotations inside GitHub Actions).
fn print_announcement(printed: &Printed, format: Format) {
    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        for line in &printed.annotations {
            println!("{line}");
        }
    }
    match format {
        Format::Json => println!("{}", printed.json),
        Format::Text => eprint!("{}", printed.text),
    }
}

/// The summary line of a build that found nothing changed.
fn print_unchanged(last: &LastBuild, out: &Path, limit_mb: u64, start: Instant) {
    println!(
        "ไม่มีอะไรเปลี่ยนตั้งแต่สร้างครั้งก่อน (nothing changed): {} หน้า, ขนาดรวม {} ({:.0}% ของ {limit_mb} MB ที่ GitHub Pages รับได้), {:.2} วินาที -> {}",
        last.pages,
        pipeline::mb(last.bytes),
        last.bytes as f64 * 100.0 / (limit_mb as f64 * 1e6),
        start.elapsed().as_secs_f64(),
        out.display()
    );
}

/// `ที่เก็บภาพ (bucket): อัปโหลด 12 ไฟล์…`.
fn upload_summary(up: &images::Uploaded) -> String {
    format!(
        "ที่เก็บภาพ (bucket): อัปโหลด {} ไฟล์ (uploaded), {}, มีอยู่แล้ว {} ไฟล์ (already there), {:.2} วินาที",
        up.sent,
        pipeline::mb(up.bytes),
        up.present,
        up.seconds
    )
}

/// The summary lines of a build.
fn print_summary(built: &Built, out: &Path, limit_mb: u64, start: Instant) {
    let pages = built.totals.pages;
    println!("{}", image_summary(&built.image_stats));
    let (docs, bytes, ms) = built.search;
    println!(
        "ดัชนีค้นหา (search index): {docs} หน้า, {:.1} KB, {ms} ms ({:.0}% ของเวลาทั้งหมด)",
        bytes as f64 / 1e3,
        ms as f64 * 100.0 / start.elapsed().as_millis().max(1) as f64
    );
    let forecast = crate::forecast::forecast(&built.site, &built.plan, &built.totals, limit_mb);
    for line in crate::forecast::lines(&forecast, limit_mb, false) {
        println!("{line}");
    }
    println!(
        "สร้างเว็บไซต์เสร็จ (built): {pages} หน้า, ขนาดรวม {} ({:.0}% ของ {limit_mb} MB ที่ GitHub Pages รับได้), {:.2} วินาที -> {}",
        pipeline::mb(built.bytes),
        built.bytes as f64 * 100.0 / (limit_mb as f64 * 1e6),
        start.elapsed().as_secs_f64(),
        out.display()
    );
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

/// The month, district and "today" of a report, read from what was typed.
fn report_scope(ro: &ReportOptions) -> Result<(crate::report::Month, Option<String>, crate::thai::Date), String> {
    let today = match ro.today.as_deref().map(crate::values::date) {
        Some(Ok(d)) => d,
        Some(Err(_)) => {
            return Err(format!(
                "อ่านวันที่ --today ไม่ได้ (invalid date): {}",
                ro.today.as_deref().unwrap_or("")
            ));
        }
        None => crate::thai::Date::today(),
    };
    let month = match ro.month.as_deref().map(crate::report::Month::parse) {
        Some(m) => m?,
        None => crate::report::Month::of(today),
    };
    let registry = crate::registry::Registry::shipped();
    let district = match ro.district.as_deref().map(|d| registry.find_district(d)) {
        Some(d) => Some(d?.slug()),
        None => None,
    };
    Ok((month, district, today))
}

/// `knn report`: the pipeline (so a site the build refuses is refused here too), then the
/// month's compliance text, and the internal workbook and printable forms written to a
/// folder that is not published.
pub(crate) fn monthly_report(inputs: &Inputs, ro: &ReportOptions) -> Outcome {
    let (month, district, today) = match report_scope(ro) {
        Ok(scope) => scope,
        Err(e) => return Outcome::Failed(e),
    };
    let dir = ro.out.join(month.key_be());
    let target = match write::Target::report(&inputs.site, &dir) {
        Ok(target) => target,
        Err(e) => return Outcome::Failed(e),
    };
    let mode = Mode {
        photos: Photos::Convert,
        progress: true,
        bucket: false,
    };
    let built = match pipeline::run(inputs, None, mode, &Discard) {
        Ok((built, _)) => built,
        Err(stopped) => return stopped_outcome(inputs, &stopped, Format::Text),
    };
    eprint!("{}", report(&inputs.site, &built.sources, &built.warnings));
    let month_report = crate::report::month_report(&built.site, month, district.as_deref(), Some(&built.plan));
    print!("{}", crate::report::text::render(&month_report, today));
    let workbook_name = format!("knn-{}.xlsx", month.key_be());
    let workbook = match crate::report::xlsx::workbook(&built.site, &built.sources.texts, &month_report) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Failed(e),
    };
    let texts = &built.sources.texts;
    let forms = render::report_forms(
        &built.site,
        &built.plan,
        &built.theme,
        texts,
        &month_report,
        &workbook_name,
    );
    let (mut files, photos) = match forms {
        Ok(done) => done,
        Err(e) => return Outcome::Failed(e),
    };
    let count = files.len() - 1;
    files.push(OutputFile::new(workbook_name.clone(), workbook, Kind::Workbook));
    if let Err(e) = write::publish(&target, &files, &photos) {
        return Outcome::Failed(e);
    }
    println!(
        "เขียนรายงานแล้ว (written): {} และแบบรายงานพิมพ์ได้ {count} ฉบับ ใน {} (ข้อมูลภายใน มีข้อมูลส่วนบุคคล: ไม่ต้องเผยแพร่หรือ commit)",
        dir.join(&workbook_name).display(),
        dir.join("index.html").display()
    );
    Outcome::Built
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

/// The photo line of the summary.
fn image_summary(s: &crate::images::ImageStats) -> String {
    format!(
        "ภาพถ่าย (photos): {} ภาพ, แปลงใหม่ {} (processed), ใช้จากแคช {} (reused), {} -> {}, {:.2} วินาที",
        s.photos,
        s.processed,
        s.reused,
        pipeline::mb(s.bytes_in),
        pipeline::mb(s.bytes_out),
        s.seconds
    )
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
            let text = sources.texts.get(&d.file);
            diag::render_all(std::slice::from_ref(&shown), |_| text.as_deref())
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

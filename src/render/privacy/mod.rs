//! The privacy guard: no file the site publishes may contain an owner's phone number or house
//! number, or the name of an owner who did not agree to publish it. Staff paste these into a
//! body, a caption or a market by mistake; the build then stops at the line where they typed it.
//!
//! Deny by default: every output file that holds text is scanned, whatever its kind (only
//! images and fonts are skipped), after both sides are normalised (`normalise`); a value the
//! guard cannot read, or a matcher it cannot build, is an error, never a pass.

mod decode;
mod locate;
mod matcher;
mod names;
mod normalise;
mod numbers;
mod secrets;
#[cfg(test)]
mod tests;

use crate::diag::Diagnostic;
use crate::guard::line_column;
use crate::model::Site;
use crate::output::OutputFile;
use matcher::Matcher;
use normalise::Text;
use rayon::prelude::*;
use secrets::{Form, Secret};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Every piece of personal data that reached an output file gets an error. The error points
/// at the place in the sources where it was typed (`texts`: the site's text files by relative
/// path; a `plot.md`'s own front matter, where it belongs, is not searched) and names the first
/// output file it reached (a page if it reached one); if it cannot be found in the sources, at
/// the plot's `plot.md`.
pub(crate) fn check(site: &Site, files: &[OutputFile], texts: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    check_with(site, files, texts, Matcher::build)
}

/// `check` with the matcher built by `build`, so a test can make building fail.
fn check_with(
    site: &Site,
    files: &[OutputFile],
    texts: &BTreeMap<String, String>,
    build: impl FnOnce(&[Secret], &[String]) -> anyhow::Result<Matcher>,
) -> Vec<Diagnostic> {
    let (secrets, mut diags) = secrets::collect(site, texts);
    if secrets.is_empty() {
        return diags;
    }
    let matcher = match build(&secrets, &secrets::public_names(site)) {
        Ok(m) => m,
        Err(e) => {
            diags.push(cannot_run(&e));
            return diags;
        }
    };
    let leaked = leaks(&matcher, files);
    if !leaked.is_empty() {
        diags.extend(locate::locate(&matcher, &secrets, &leaked, texts));
    }
    diags
}

/// The error when the guard itself cannot run: the build stops rather than publish unchecked.
fn cannot_run(e: &anyhow::Error) -> Diagnostic {
    Diagnostic::error(
        "site.yaml",
        1,
        1,
        format!("ตรวจข้อมูลส่วนบุคคลในหน้าเว็บไม่ได้ จึงไม่สร้างเว็บไซต์ (privacy check could not run: {e:#})"),
    )
    .with_hint("แจ้งผู้ดูแลระบบพร้อมข้อความนี้ เว็บไซต์จะไม่ถูกเผยแพร่จนกว่าจะตรวจได้")
}

/// The text of an output file, or `None` for a binary file (an image, a font, an archive),
/// which holds none. Judged by content: a file that is valid UTF-8 is text whatever its name,
/// and one that is not is skipped only when its extension says it is binary (otherwise it is
/// read lossily and scanned all the same).
fn text_of(f: &OutputFile) -> Option<Cow<'_, str>> {
    const BINARY: &[&str] = &[
        "png", "jpg", "jpeg", "webp", "gif", "ico", "avif", "heic", "woff", "woff2", "ttf", "otf", "eot", "pdf", "zip",
        "gz", "br", "xlsx",
    ];
    if let Ok(text) = std::str::from_utf8(&f.bytes) {
        return Some(Cow::Borrowed(text));
    }
    let ext = f.path.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    (!BINARY.contains(&ext.as_str())).then(|| String::from_utf8_lossy(&f.bytes))
}

/// For each secret found in an output file, every file it reached: pages first, then the
/// other files, each group in output order.
fn leaks<'f>(matcher: &Matcher, files: &'f [OutputFile]) -> BTreeMap<usize, Vec<&'f OutputFile>> {
    let found: Vec<(bool, usize, BTreeSet<usize>)> = files
        .par_iter()
        .enumerate()
        .filter_map(|(i, f)| Some((i, f, text_of(f)?)))
        .map(|(i, f, text)| {
            let text = Text::scanned(&text);
            let secrets = matcher.find(&text).into_iter().map(|h| h.secret).collect();
            (!f.path.ends_with(".html"), i, secrets)
        })
        .collect();
    let mut reached: BTreeMap<usize, BTreeSet<(bool, usize)>> = BTreeMap::new();
    for (not_page, i, secrets) in found {
        for s in secrets {
            reached.entry(s).or_default().insert((not_page, i));
        }
    }
    reached
        .into_iter()
        .map(|(s, outputs)| (s, outputs.into_iter().map(|(_, i)| &files[i]).collect()))
        .collect()
}

/// The error for one piece of personal data found at `file:line:column`.
fn leak(s: &Secret, file: &str, line: usize, column: usize, output: &str) -> Diagnostic {
    let place = if output.ends_with(".html") {
        format!("หน้าเว็บ {output}")
    } else {
        format!("ไฟล์ {output} ของเว็บไซต์")
    };
    let mut hint = format!(
        "ลบข้อมูลนี้ออก: บ้านเลขที่และเบอร์โทรเก็บไว้ใน {} สำหรับรายงานเท่านั้น ชื่อเจ้าของแปลงแสดงได้เมื่อ owner_consent: ใช่",
        s.plot_file
    );
    if matches!(s.form, Form::Given(_)) {
        hint.push_str("\nถ้าหมายถึงคนอื่นที่ชื่อเหมือนเจ้าของแปลง ให้เขียนชื่อและนามสกุลของคนนั้นโดยไม่มีคำนำหน้า เช่น สมชาย รักดี");
    }
    Diagnostic::error(
        file,
        line,
        column,
        format!(
            "{} ของเจ้าของแปลงจะปรากฏใน{place} (personal data on a public page)",
            s.what.label()
        ),
    )
    .with_hint(hint)
}

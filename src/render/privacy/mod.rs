//! The privacy guard: no file the site publishes may contain an owner's phone number or house
//! number, or the name of an owner who did not agree to publish it. Staff paste these into a
//! body, a caption or a market by mistake; the build then stops at the line where they typed it.
//!
//! Deny by default: every output file that holds text is scanned, whatever its kind (only
//! images and fonts are skipped), after both sides are normalised (`normalise`); a value the
//! guard cannot read, or a matcher it cannot build, is an error, never a pass.

mod decode;
mod matcher;
mod names;
mod normalise;
mod numbers;
mod secrets;
#[cfg(test)]
mod tests;

use crate::diag::Diagnostic;
use crate::model::Site;
use crate::output::OutputFile;
use matcher::{Hit, Matcher};
use normalise::Text;
use rayon::prelude::*;
use secrets::{Form, Secret};
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
        diags.extend(locate(&matcher, &secrets, &leaked, texts));
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

/// Whether a file is binary (an image, a font, an archive), which holds no text to scan.
/// Judged by content: a file that is valid UTF-8 is scanned whatever its name, and one that is
/// not is skipped only when its extension says it is binary (otherwise it is scanned lossily).
fn is_binary(f: &OutputFile) -> bool {
    const BINARY: &[&str] = &[
        "png", "jpg", "jpeg", "webp", "gif", "ico", "avif", "heic", "woff", "woff2", "ttf", "otf", "eot", "pdf", "zip",
        "gz", "br", "xlsx",
    ];
    let ext = f.path.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    std::str::from_utf8(&f.bytes).is_err() && BINARY.contains(&ext.as_str())
}

/// For each secret found in an output file, the file it is reported at: the first page (in
/// output order) if it reached one, else the first other file.
fn leaks(matcher: &Matcher, files: &[OutputFile]) -> BTreeMap<usize, String> {
    let found: Vec<(bool, usize, BTreeSet<usize>)> = files
        .par_iter()
        .enumerate()
        .filter(|(_, f)| !is_binary(f))
        .map(|(i, f)| {
            let text = Text::new(&String::from_utf8_lossy(&f.bytes));
            let secrets = matcher.find(&text).into_iter().map(|h| h.secret).collect();
            (!f.path.ends_with(".html"), i, secrets)
        })
        .collect();
    let mut first: BTreeMap<usize, (bool, usize)> = BTreeMap::new();
    for (not_page, i, secrets) in found {
        for s in secrets {
            let e = first.entry(s).or_insert((not_page, i));
            *e = (*e).min((not_page, i));
        }
    }
    first
        .into_iter()
        .map(|(s, (_, i))| (s, files[i].path.clone()))
        .collect()
}

/// A source file's path and text, and each secret found in it with its byte offset in the text.
type SourceHits<'a> = (&'a str, &'a str, Vec<(usize, usize)>);

/// The errors for the leaked secrets, at the places in `texts` where they were typed.
fn locate(
    matcher: &Matcher,
    secrets: &[Secret],
    leaked: &BTreeMap<usize, String>,
    texts: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    let hits: Vec<SourceHits> = texts
        .par_iter()
        .map(|(file, text)| {
            let searched = searched_part(file, text);
            let skipped = text.len() - searched.len();
            let normalised = Text::new(searched);
            let mut hits: Vec<(usize, usize)> = matcher
                .find(&normalised)
                .into_iter()
                .map(|Hit { secret, at }| (secret, skipped + normalised.origin(at)))
                .collect();
            hits.sort_by_key(|(_, at)| *at);
            (file.as_str(), text.as_str(), hits)
        })
        .collect();
    let mut diags = Vec::new();
    let mut reported = BTreeSet::new();
    let mut found = BTreeSet::new();
    for (file, text, hits) in hits {
        for (id, at) in hits {
            let s = &secrets[id];
            let Some(output) = leaked.get(&id) else {
                continue;
            };
            if s.scope.as_ref().is_some_and(|dir| !file.starts_with(dir.as_str())) {
                continue;
            }
            found.insert(id);
            let (line, column) = line_column(text, at);
            if reported.insert((file, line, s.what)) {
                diags.push(leak(s, file, line, column, output));
            }
        }
    }
    for (id, output) in leaked {
        let s = &secrets[*id];
        if !found.contains(id) && s.scope.is_none() && reported.insert((s.plot_file.as_str(), 1, s.what)) {
            diags.push(leak(s, &s.plot_file, 1, 1, output));
        }
    }
    diags
}

/// The part of a source text where personal data must not be: everything, except the front
/// matter of a `plot.md`, which is where the owner's details are meant to be kept.
fn searched_part<'a>(file: &str, text: &'a str) -> &'a str {
    if file.ends_with("/plot.md") {
        return crate::frontmatter::split(file, text).map_or("", |s| s.body);
    }
    text
}

/// The 1-based line and character column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
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

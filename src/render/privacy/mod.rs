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
use crate::load::Texts;
use crate::model::Site;
use crate::output::OutputFile;
use matcher::Matcher;
use normalise::Text;
use secrets::{Form, Secret};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Every piece of personal data that reached an output file gets an error. The error points
/// at the place in the sources where it was typed (`texts`: the site's text files by relative
/// path; a `plot.md`'s own front matter, where it belongs, is not searched) and names the first
/// output file it reached (a page if it reached one); if it cannot be found in the sources, at
/// the plot's `plot.md`.
#[cfg(test)]
pub(crate) fn check(site: &Site, files: &[OutputFile], texts: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    check_with(site, files, texts, Matcher::build)
}

/// `check` with the matcher built by `build`, so a test can make building fail: the scanner
/// over every file in order, then the leaks located, as a build does it file by file.
#[cfg(test)]
fn check_with(
    site: &Site,
    files: &[OutputFile],
    texts: &BTreeMap<String, String>,
    build: impl FnOnce(&[Secret], &[String]) -> anyhow::Result<Matcher>,
) -> Vec<Diagnostic> {
    let texts = &Texts::from(texts.clone());
    let (scanner, mut diags) = Scanner::with(site, texts, build);
    let Some(scanner) = scanner else {
        return diags;
    };
    let mut leaked = Leaks::default();
    for (order, f) in files.iter().enumerate() {
        leaked.add(order, f, scanner.secrets_in(f, std::str::from_utf8(&f.bytes).ok()));
    }
    diags.extend(scanner.locate(leaked, texts));
    diags
}

/// The guard's matcher over the site's secrets, built once and run on each output file as
/// it is produced (`secrets_in`); what it found is located in the sources at the end.
pub(crate) struct Scanner {
    matcher: Matcher,
    secrets: Vec<Secret>,
    /// A hash of what the matcher looks for (`fingerprint`).
    fingerprint: blake3::Hash,
}

impl Scanner {
    /// The scanner, or none when there is nothing to protect or the guard cannot run (then
    /// the diagnostics say so and the build stops); also the errors of values it cannot read.
    pub(crate) fn new(site: &Site, texts: &Texts) -> (Option<Scanner>, Vec<Diagnostic>) {
        Scanner::with(site, texts, Matcher::build)
    }

    fn with(
        site: &Site,
        texts: &Texts,
        build: impl FnOnce(&[Secret], &[String]) -> anyhow::Result<Matcher>,
    ) -> (Option<Scanner>, Vec<Diagnostic>) {
        let (secrets, mut diags) = secrets::collect(site, texts);
        if secrets.is_empty() {
            return (None, diags);
        }
        let public = secrets::public_names(site);
        let fingerprint = blake3::hash(format!("{secrets:?}{public:?}").as_bytes());
        match build(&secrets, &public) {
            Ok(matcher) => (
                Some(Scanner {
                    matcher,
                    secrets,
                    fingerprint,
                }),
                diags,
            ),
            Err(e) => {
                diags.push(cannot_run(&e));
                (None, diags)
            }
        }
    }

    /// A hash of everything the scanner looks for: a file found clean by a scanner with the
    /// same fingerprint is clean for this one.
    pub(crate) fn fingerprint(&self) -> blake3::Hash {
        self.fingerprint
    }

    /// The secrets found in one output file (none in a binary file); `valid` is its bytes as
    /// text when the caller already found them valid UTF-8.
    pub(crate) fn secrets_in(&self, f: &OutputFile, valid: Option<&str>) -> BTreeSet<usize> {
        let Some(text) = valid.map(Cow::Borrowed).or_else(|| text_of(f)) else {
            return BTreeSet::new();
        };
        let text = Text::scanned(&text);
        self.matcher.find(&text).into_iter().map(|h| h.secret).collect()
    }

    /// The errors for what `leaked` holds, at the places in the sources where it was typed.
    pub(crate) fn locate(&self, leaked: Leaks, texts: &Texts) -> Vec<Diagnostic> {
        if leaked.reached.is_empty() {
            return Vec::new();
        }
        let by_secret: BTreeMap<usize, Vec<&OutputFile>> = leaked
            .reached
            .iter()
            .map(|(s, outputs)| (*s, outputs.iter().filter_map(|o| leaked.files.get(&o.1)).collect()))
            .collect();
        locate::locate(&self.matcher, &self.secrets, &by_secret, texts)
    }
}

/// For each secret found in an output file, every file it reached: pages first, then the
/// other files, each group in output order (the files kept by name only, without their bytes).
#[derive(Default)]
pub(crate) struct Leaks {
    reached: BTreeMap<usize, BTreeSet<(bool, usize)>>,
    files: BTreeMap<usize, OutputFile>,
}

impl Leaks {
    /// Records that the file at `order` holds `secrets`.
    pub(crate) fn add(&mut self, order: usize, f: &OutputFile, secrets: BTreeSet<usize>) {
        if secrets.is_empty() {
            return;
        }
        let not_page = !f.path.ends_with(".html");
        for s in secrets {
            self.reached.entry(s).or_default().insert((not_page, order));
        }
        let header = OutputFile::new(f.path.clone(), Vec::new(), f.kind).with_source(f.source.clone());
        self.files.insert(order, header);
    }
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

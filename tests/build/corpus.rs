//! The hostile-input corpus (`tests/corpus/<category>/<case>.yaml`, format in its README): each
//! case changes a fixture site in one hostile or broken way and states what knn must do. Every
//! case also checks what holds for all of them: `knn check` and `knn build` agree, knn never
//! panics, no file of the site changes, and a refused build leaves the previous output as it was.

use super::{copy_site, copy_tree, files, fixture, root};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

/// One case, as written in its file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    #[serde(default)]
    regression: Option<String>,
    #[serde(default = "minimal")]
    base: String,
    #[serde(default)]
    write: BTreeMap<String, String>,
    #[serde(default)]
    bytes: BTreeMap<String, String>,
    #[serde(default)]
    generate: Vec<Generate>,
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    symlink: BTreeMap<String, String>,
    #[serde(default)]
    out: Option<String>,
    #[serde(default)]
    args: Vec<String>,
    expect: Expect,
}

/// A big file made at run time.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Generate {
    path: String,
    #[serde(default)]
    head: String,
    #[serde(default)]
    repeat: String,
    #[serde(default)]
    times: usize,
    #[serde(default)]
    sparse: u64,
}

/// What must happen.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    outcome: Outcome,
    #[serde(default)]
    errors: Vec<Located>,
    #[serde(default)]
    warnings: Vec<Located>,
    #[serde(default)]
    says: Option<String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    present: Vec<Present>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Outcome {
    Built,
    Refused,
    Failed,
}

impl Outcome {
    fn code(self) -> i32 {
        match self {
            Outcome::Built => 0,
            Outcome::Refused => 1,
            Outcome::Failed => 2,
        }
    }
}

/// A diagnostic that must be reported: `file` or `file:line`, and a substring.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Located {
    at: String,
    #[serde(default)]
    says: String,
}

/// An output file that must hold a text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Present {
    file: String,
    has: String,
}

fn minimal() -> String {
    "minimal".into()
}

/// A diagnostic as `--format json` prints it.
#[derive(Debug, Deserialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Diag {
    severity: String,
    file: String,
    line: usize,
    column: usize,
    message: String,
    #[serde(default)]
    hint: String,
}

/// What one command printed and how it exited.
struct Ran {
    code: Option<i32>,
    diags: Vec<Diag>,
    stderr: String,
}

/// Every case file of the corpus, sorted.
fn case_files() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root().join("tests/corpus"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    out.sort();
    out
}

/// A good build of a fixture, made once per test run, to stand for "the previous output".
fn previous_output(base: &str) -> PathBuf {
    static BUILT: OnceLock<Mutex<BTreeMap<String, PathBuf>>> = OnceLock::new();
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    let mut built = BUILT.get_or_init(Default::default).lock().unwrap();
    built
        .entry(base.to_string())
        .or_insert_with(|| {
            let out = dir.path().join(base).join("public");
            let ran = super::build(&fixture(base), &out, &[]);
            assert!(ran.status.success(), "the base fixture {base} builds");
            out
        })
        .clone()
}

/// `{tmp}` and `{site}` in a case's text.
fn expand(text: &str, tmp: &Path) -> String {
    text.replace("{site}", &tmp.join("site").display().to_string())
        .replace("{tmp}", &tmp.display().to_string())
}

/// Applies a case's changes to the copied site.
fn prepare(case: &Case, tmp: &Path) {
    let site = tmp.join("site");
    let target = |rel: &str| {
        let p = site.join(rel);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        p
    };
    for (rel, text) in &case.write {
        std::fs::write(target(rel), text).unwrap();
    }
    for (rel, hex) in &case.bytes {
        let digits: String = hex.chars().filter(|c| !c.is_whitespace()).collect();
        let bytes: Vec<u8> = (0..digits.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).expect("hex bytes"))
            .collect();
        std::fs::write(target(rel), bytes).unwrap();
    }
    for g in &case.generate {
        generate(g, &target(&g.path));
    }
    for rel in &case.remove {
        let p = site.join(rel);
        if p.is_dir() {
            std::fs::remove_dir_all(p).unwrap();
        } else {
            std::fs::remove_file(p).unwrap();
        }
    }
    for (rel, to) in &case.symlink {
        let link = target(rel);
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(expand(to, tmp), link).unwrap();
    }
}

/// Writes a generated file: its head, then `repeat` `times` times, or a sparse tail.
fn generate(g: &Generate, path: &Path) {
    use std::io::Write as _;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    f.write_all(g.head.as_bytes()).unwrap();
    for _ in 0..g.times {
        f.write_all(g.repeat.as_bytes()).unwrap();
    }
    let f = f.into_inner().unwrap();
    if g.sparse > 0 {
        f.set_len(g.head.len() as u64 + g.sparse).unwrap();
    }
}

/// The site's files: small ones by content, big ones by size and modification time.
fn fingerprint(site: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".knn-cache")
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(site).unwrap().display().to_string();
            let meta = std::fs::symlink_metadata(e.path()).unwrap();
            let print = if e.file_type().is_symlink() {
                format!("link {}", std::fs::read_link(e.path()).unwrap().display())
            } else if meta.len() > 4_000_000 {
                format!("{} bytes, {:?}", meta.len(), meta.modified().ok())
            } else {
                format!("{:?}", blake3_like(&std::fs::read(e.path()).unwrap()))
            };
            (rel, print)
        })
        .collect()
}

/// A cheap content fingerprint (FNV-1a), enough to see a file change.
fn blake3_like(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
    })
}

/// Runs `knn <args>` in `tmp`, reading `--format json` output.
fn knn(tmp: &Path, args: &[String]) -> Ran {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_knn"))
        .current_dir(tmp)
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("knn runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let diags = stdout
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .and_then(|v| serde_json::from_value::<Vec<Diag>>(v["diagnostics"].clone()).ok())
        .unwrap_or_default();
    Ran {
        code: out.status.code(),
        diags,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The diagnostics with the temporary site path taken off their file names.
fn relative(diags: &[Diag], site: &Path) -> Vec<Diag> {
    let prefix = format!("{}/", site.display());
    let mut out: Vec<Diag> = diags
        .iter()
        .map(|d| Diag {
            file: d.file.strip_prefix(&prefix).unwrap_or(&d.file).to_string(),
            ..d.clone()
        })
        .collect();
    out.sort();
    out
}

/// Whether `d` matches an expected `file[:line]` and text.
fn matches(d: &Diag, want: &Located) -> bool {
    let (file, line) = match want.at.rsplit_once(':') {
        Some((f, l)) if l.parse::<usize>().is_ok() => (f, l.parse::<usize>().ok()),
        _ => (want.at.as_str(), None),
    };
    let text = format!("{} {}", d.message, d.hint).to_lowercase();
    d.file == file && line.is_none_or(|l| l == d.line) && text.contains(&want.says.to_lowercase())
}

/// Runs one case; returns what went wrong (empty when it passed).
fn run_case(path: &Path) -> Vec<String> {
    let name = path
        .strip_prefix(root().join("tests/corpus"))
        .unwrap()
        .display()
        .to_string();
    let case: Case = match serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()) {
        Ok(c) => c,
        Err(e) => return vec![format!("{name}: the case file does not parse: {e}")],
    };
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site(&case.base, &tmp.path().join("site"));
    prepare(&case, tmp.path());
    let default_out = case.out.is_none();
    let out = case
        .out
        .as_deref()
        .map_or_else(|| tmp.path().join("public"), |o| PathBuf::from(expand(o, tmp.path())));
    if default_out {
        copy_tree(&previous_output(&case.base), &out);
    }
    let before_site = fingerprint(&site);
    let before_out = default_out.then(|| files(&out));
    let cache = tmp.path().join("cache").display().to_string();
    let site_arg = site.display().to_string();
    let mut build_args: Vec<String> = ["build", &site_arg, "--format", "json", "--cache", &cache, "--out"]
        .map(String::from)
        .to_vec();
    build_args.push(out.display().to_string());
    build_args.extend(case.args.iter().map(|a| expand(a, tmp.path())));
    let build = knn(tmp.path(), &build_args);
    let check = default_out.then(|| {
        knn(
            tmp.path(),
            &["check", &site_arg, "--format", "json", "--cache", &cache].map(String::from),
        )
    });
    let mut problems = Vec::new();
    let mut fail = |what: String| problems.push(format!("{name} ({}): {what}", case.about));
    for (cmd, ran) in [("build", Some(&build)), ("check", check.as_ref())] {
        let Some(ran) = ran else { continue };
        if ran.stderr.contains("panicked at") || !matches!(ran.code, Some(0..=2)) {
            fail(format!("{cmd} panicked or crashed ({:?}): {}", ran.code, ran.stderr));
        }
    }
    if build.code != Some(case.expect.outcome.code()) {
        fail(format!(
            "build exited {:?}, expected {:?}; stderr: {}; diagnostics: {:#?}",
            build.code, case.expect.outcome, build.stderr, build.diags
        ));
    }
    let build_diags = relative(&build.diags, &site);
    if let Some(check) = &check {
        let check_diags = relative(&check.diags, &site);
        if check.code != build.code || check_diags != build_diags {
            fail(format!(
                "check and build disagree: check {:?} {check_diags:#?}, build {:?} {build_diags:#?}",
                check.code, build.code
            ));
        }
    }
    for (want, severity) in case
        .expect
        .errors
        .iter()
        .map(|w| (w, "error"))
        .chain(case.expect.warnings.iter().map(|w| (w, "warning")))
    {
        if !build_diags.iter().any(|d| d.severity == severity && matches(d, want)) {
            fail(format!(
                "no {severity} at {} saying {:?}; got {build_diags:#?}",
                want.at, want.says
            ));
        }
    }
    if let Some(says) = &case.expect.says
        && !build.stderr.contains(says.as_str())
    {
        fail(format!("standard error does not say {says:?}: {}", build.stderr));
    }
    if fingerprint(&site) != before_site {
        fail("a file of the site changed".into());
    }
    match case.expect.outcome {
        Outcome::Built => {
            let written = files(&out);
            for bad in &case.expect.absent {
                let needle = bad.to_lowercase();
                for (file, bytes) in written.iter().filter(|(f, _)| can_hold_content(f)) {
                    if String::from_utf8_lossy(bytes).to_lowercase().contains(&needle) {
                        fail(format!("{file} holds {bad:?}"));
                    }
                }
            }
            for p in &case.expect.present {
                let text = written.get(&p.file).map(|b| String::from_utf8_lossy(b).into_owned());
                if !text.is_some_and(|t| t.contains(&p.has)) {
                    fail(format!("{} does not hold {:?}", p.file, p.has));
                }
            }
        }
        _ => {
            if let Some(before) = before_out
                && files(&out) != before
            {
                fail("the previous output changed".into());
            }
        }
    }
    problems
}

/// Whether an output file can hold what content says: all but the web form's vendored files
/// (the CMS and its modules, copied from the theme; its pages and configuration are scanned).
fn can_hold_content(path: &str) -> bool {
    !path.starts_with("admin/") || path.ends_with("index.html") || path.ends_with("config.json")
}

#[test]
fn every_corpus_case_is_refused_at_its_place_or_built_with_nothing_unsafe() {
    let cases = case_files();
    assert!(!cases.is_empty(), "the corpus has cases");
    let next = Mutex::new(cases.iter());
    let problems = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                while let Some(path) = { next.lock().unwrap().next() } {
                    let found = run_case(path);
                    problems.lock().unwrap().extend(found);
                }
            });
        }
    });
    let problems = problems.into_inner().unwrap();
    assert!(
        problems.is_empty(),
        "{} of {} cases failed:\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n\n")
    );
}

#[test]
fn corpus_cases_name_what_they_try() {
    for path in case_files() {
        let case: Case = serde_saphyr::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!case.about.trim().is_empty(), "{}", path.display());
        let e = &case.expect;
        let asserts = !e.errors.is_empty()
            || !e.warnings.is_empty()
            || e.says.is_some()
            || !e.absent.is_empty()
            || !e.present.is_empty();
        assert!(asserts, "{}: a case must expect something specific", path.display());
        if e.outcome == Outcome::Refused {
            assert!(!e.errors.is_empty(), "{}: a refusal names its file", path.display());
        }
        let _ = case.regression;
    }
}

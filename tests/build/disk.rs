//! Nothing of the user's is deleted and nothing outside the site is read, with the real binary:
//! `--out` targets that must be refused (the site, its parent, a file, a folder of other files),
//! what `knn report --out` may replace, symlinks out of the site, two builds at once into one
//! folder, a build killed while writing, and a damaged or tampered image cache. The refusal of
//! `/`, the home folder and system folders is tested on the deciding function alone
//! (`write::target`), never by a build, since the tests run as root.

use super::{build, copy_site, files, fixture, photo_counts};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The folder of the fixture's one activity.
const ACTIVITY: &str = "districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale";

/// Standard error as text.
fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Whether any file under `dir` holds `needle`.
fn any_file_holds(dir: &Path, needle: &str) -> bool {
    files(dir)
        .values()
        .any(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
}

/// Names in `dir` that a build leaves only while writing (staging and old folders).
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".staging-") || n.contains(".old-"))
        .collect()
}

/// A refused `--out`: exit 2, a Thai message naming the folder and saying what to do.
fn assert_refused(output: &Output, folder: &Path, why: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("ไม่เขียนลงในโฟลเดอร์"), "{err}");
    let shown = folder.canonicalize().unwrap_or_else(|_| folder.to_path_buf());
    assert!(
        err.contains(&shown.display().to_string()),
        "names {}: {err}",
        shown.display()
    );
    assert!(err.contains(why) && err.contains("วิธีแก้ (hint)"), "{err}");
}

#[test]
fn regression_out_deletes_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    let before = files(&site);
    let result = build(&site, &site, &[]);
    assert_refused(&result, &site, "site folder");
    assert_eq!(files(&site), before, "the site's Markdown and photos are all there");
    let inside = build(&site, &site.join("public"), &[]);
    assert_refused(&inside, &site.join("public"), "inside the site folder");
    assert!(!site.join("public").exists());
    assert_eq!(files(&site), before);
}

#[test]
fn regression_out_deletes_parent() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("work/site"));
    let documents = tmp.path().join("work/Documents");
    std::fs::create_dir_all(&documents).unwrap();
    std::fs::write(documents.join("งบประมาณ 2567.xlsx"), "budget").unwrap();
    let parent = tmp.path().join("work");
    let before = files(&parent);
    let result = build(&site, &parent, &[]);
    assert_refused(&result, &parent, "contains the site folder");
    let result = build(&site, &documents, &[]);
    assert_refused(&result, &documents, "not a knn output");
    assert!(stderr(&result).contains("งบประมาณ 2567.xlsx"), "names what is there");
    assert_eq!(files(&parent), before, "nothing was deleted or written");
}

#[test]
fn regression_out_file_becomes_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("report.pdf");
    std::fs::write(&report, "%PDF-1.7 the office's report").unwrap();
    let result = build(&fixture("minimal"), &report, &[]);
    assert_refused(&result, &report, "is a file");
    assert_eq!(std::fs::read(&report).unwrap(), b"%PDF-1.7 the office's report");
}

#[test]
fn knn_replaces_its_own_output_an_older_one_and_an_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    std::fs::create_dir(&out).unwrap();
    assert!(
        build(&fixture("minimal"), &out, &[]).status.success(),
        "an empty folder"
    );
    assert!(out.join(".knn-output").is_file(), "the output is marked");
    assert!(build(&fixture("minimal"), &out, &[]).status.success(), "its own output");
    std::fs::remove_file(out.join(".knn-output")).unwrap();
    let result = build(&fixture("minimal"), &out, &[]);
    assert!(
        result.status.success(),
        "an output of knn before the marker: {}",
        stderr(&result)
    );
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    std::fs::remove_file(out.join(".knn-output")).unwrap();
    assert_refused(&build(&fixture("minimal"), &out, &[]), &out, "not a knn output");
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
}

/// Runs `knn report <site> --month 2569-11 --out <out>`.
fn report(site: &Path, out: &Path, cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_knn"))
        .arg("report")
        .arg(site)
        .args(["--month", "2569-11", "--today", "2569-11-15", "--out"])
        .arg(out)
        .arg("--cache")
        .arg(cache)
        .output()
        .expect("knn runs")
}

#[test]
fn report_out_never_replaces_the_site_and_never_lands_in_the_website() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("monthly", &tmp.path().join("site"));
    let cache = tmp.path().join("cache");
    let before = files(&site);
    let result = report(&site, &site, &cache);
    assert_refused(&result, &site.join("2569-11"), "inside the site folder");
    assert_eq!(files(&site), before);
    let public = tmp.path().join("public");
    assert!(build(&site, &public, &[]).status.success());
    let result = report(&site, &public, &cache);
    assert_refused(&result, &public.join("2569-11"), "inside another knn output");
    assert!(
        !public.join("2569-11").exists(),
        "personal data never reaches the website"
    );
    let reports = tmp.path().join("reports");
    assert!(report(&site, &reports, &cache).status.success());
    assert!(
        report(&site, &reports, &cache).status.success(),
        "a report replaces its own month"
    );
    let month = reports.join("2569-11");
    let result = build(&site, &month, &[]);
    assert_refused(&result, &month, "reports folder");
    assert!(month.join("knn-2569-11.xlsx").is_file());
}

/// Makes `link` a symbolic link to `target`.
fn symlink(target: &Path, link: &Path) {
    let _ = std::fs::remove_file(link);
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn regression_symlink_about_md_publishes_machine_file() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    std::fs::write(tmp.path().join("machine.txt"), "MACHINE-SECRET-7731 root:x:0:0").unwrap();
    symlink(&tmp.path().join("machine.txt"), &site.join("about.md"));
    let out = tmp.path().join("public");
    let result = build(&site, &out, &[]);
    let err = stderr(&result);
    assert!(result.status.success(), "{err}");
    assert!(
        err.contains("about.md") && err.contains("symlink leaves the site folder"),
        "{err}"
    );
    assert!(
        !any_file_holds(&out, "MACHINE-SECRET-7731"),
        "the machine's file is not published"
    );
}

#[test]
fn regression_symlink_site_yaml_publishes_machine_file() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    let outside = tmp.path().join("other-site.yaml");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(&outside, yaml.replace("เว็บไซต์ทดสอบ", "MACHINE-TITLE-7731")).unwrap();
    symlink(&outside, &site.join("site.yaml"));
    let out = tmp.path().join("public");
    let result = build(&site, &out, &[]);
    let err = stderr(&result);
    assert_eq!(result.status.code(), Some(1), "{err}");
    assert!(
        err.contains("site.yaml") && err.contains("symlink leaves the site folder"),
        "{err}"
    );
    assert!(!err.contains("MACHINE-TITLE-7731") && !out.exists());
}

#[test]
fn symlinks_out_of_the_site_are_skipped_for_every_kind_of_file_and_links_inside_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    let elsewhere = copy_site("minimal", &tmp.path().join("elsewhere"));
    let photo = |root: &Path, name: &str| root.join(ACTIVITY).join(name);
    symlink(&photo(&elsewhere, "turned.jpg"), &photo(&site, "outside.jpg"));
    symlink(Path::new("turned.jpg"), &photo(&site, "inside.jpg"));
    let lesson = site.join("districts/bang-khla/ban-rai-plot/lessons/compost");
    std::fs::create_dir_all(&lesson).unwrap();
    std::fs::write(elsewhere.join("lesson.md"), "---\ntitle: MACHINE-LESSON-7731\n---\nx\n").unwrap();
    symlink(&elsewhere.join("lesson.md"), &lesson.join("index.md"));
    symlink(&elsewhere.join("districts/bang-khla"), &site.join("districts/ban-pho"));
    std::fs::write(elsewhere.join("markets.yaml"), "markets: []\n").unwrap();
    symlink(
        &elsewhere.join("markets.yaml"),
        &site.join("districts/bang-khla/ban-rai-plot/markets.yaml"),
    );
    let out = tmp.path().join("public");
    let result = build(&site, &out, &[]);
    let err = stderr(&result);
    assert!(result.status.success(), "{err}");
    for skipped in [
        format!("{ACTIVITY}/outside.jpg"),
        "districts/bang-khla/ban-rai-plot/lessons/compost/index.md".into(),
        "districts/ban-pho".into(),
        "districts/bang-khla/ban-rai-plot/markets.yaml".into(),
    ] {
        let line = err.lines().find(|l| l.contains(&skipped) && l.contains("symlink"));
        assert!(line.is_some(), "a warning names {skipped}: {err}");
    }
    let published: BTreeSet<String> = files(&out).into_keys().collect();
    assert!(
        published.iter().any(|p| p.contains("/inside-480.webp")),
        "a link inside the site is read"
    );
    assert!(!published.iter().any(|p| p.contains("/outside-")), "{published:?}");
    assert!(!any_file_holds(&out, "MACHINE-LESSON-7731"));
}

/// A copy of the `minimal` fixture with `n` more activities, each with a long Thai body, so
/// writing its output takes long enough to be caught in the act.
fn big_site(dir: &Path, n: usize) -> PathBuf {
    let site = copy_site("minimal", dir);
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(site.join("site.yaml"), yaml + "min_photos: 0\n").unwrap();
    let body = "ชาวบ้านร่วมกันขุดคลองไส้ไก่และปลูกหญ้าแฝกรอบหนองน้ำ ".repeat(200);
    let plot = site.join("districts/bang-khla/ban-rai-plot/activities");
    for i in 0..n {
        let (month, day) = (i / 28 % 12 + 1, i % 28 + 1);
        let year = 2020 + i / (28 * 12);
        let folder = plot.join(format!("{year}-{month:02}-{day:02}-work-{i}"));
        std::fs::create_dir_all(&folder).unwrap();
        let text = format!(
            "---\ntitle: กิจกรรมที่ {i}\ndate: {year}-{month:02}-{day:02}\nkind: เอามื้อสามัคคี\nstrategies: [place]\nparticipants: 12\npublicity:\n  - https://www.facebook.com/example/posts/{i}\nreporter:\n  name: นางสาวรายงาน ทดสอบ\n  position: นักวิชาการพัฒนาชุมชน\n  date: {year}-{month:02}-{day:02}\n---\n{body}\n"
        );
        std::fs::write(folder.join("index.md"), text).unwrap();
    }
    site
}

#[test]
fn regression_concurrent_builds_os_error_and_leftover_staging() {
    let tmp = tempfile::tempdir().unwrap();
    let site = big_site(&tmp.path().join("site"), 60);
    let reference = tmp.path().join("reference/public");
    let first = build(&site, &reference, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let expected: BTreeSet<String> = files(&reference).into_keys().collect();
    let out = tmp.path().join("public");
    for round in 0..2 {
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_knn"))
                .arg("build")
                .arg(&site)
                .arg("--out")
                .arg(&out)
                .arg("--cache")
                .arg(tmp.path().join("reference/cache"))
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("knn runs")
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let result = child.wait_with_output().unwrap();
            let err = stderr(&result);
            assert!(result.status.success(), "round {round}: {err}");
            assert!(
                !err.contains("os error") && !err.contains("No such file"),
                "round {round}: {err}"
            );
        }
        let built: BTreeSet<String> = files(&out).into_keys().collect();
        assert_eq!(built, expected, "round {round}: the output is complete");
        assert_eq!(leftovers(tmp.path()), Vec::<String>::new(), "round {round}");
    }
}

#[test]
fn regression_killed_build_leftover_staging() {
    let tmp = tempfile::tempdir().unwrap();
    let site = big_site(&tmp.path().join("site"), 400);
    let out = tmp.path().join("public");
    assert!(build(&site, &out, &[]).status.success());
    let previous = files(&out);
    std::fs::write(
        site.join(ACTIVITY).join("index.md"),
        std::fs::read_to_string(site.join(ACTIVITY).join("index.md")).unwrap() + "\nแก้ไขใหม่\n",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_knn"))
        .arg("build")
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .arg("--cache")
        .arg(tmp.path().join("cache"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("knn runs");
    loop {
        if !leftovers(tmp.path()).is_empty() {
            child.kill().unwrap(); // SIGKILL: no clean-up code runs
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it was caught writing"
        );
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
    child.wait().unwrap();
    assert!(
        !leftovers(tmp.path()).is_empty(),
        "the killed build left its staging folder"
    );
    assert_eq!(files(&out), previous, "the previous output is intact");
    let next = build(&site, &out, &[]);
    assert!(next.status.success(), "{}", stderr(&next));
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new(), "the next build cleaned up");
    let page = std::fs::read_to_string(out.join(ACTIVITY).join("index.html")).unwrap();
    assert!(page.contains("แก้ไขใหม่"), "the next build is complete");
}

#[test]
fn regression_damaged_cache_manifest_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    assert!(build(&fixture("minimal"), &out, &[]).status.success());
    let manifest = tmp.path().join("cache/manifest.json");
    let good = std::fs::read_to_string(&manifest).unwrap();
    let damages = [
        good[..good.len() / 3].to_string(),
        "\u{0}garbage".into(),
        good.replace("\"size\":", "\"size\":\"x\",\"_\":"),
    ];
    for (i, damaged) in damages.iter().enumerate() {
        std::fs::write(&manifest, damaged).unwrap();
        // A new folder each time: into the same one, nothing changed and nothing is built.
        let result = build(&fixture("minimal"), &tmp.path().join(format!("public-{i}")), &[]);
        assert!(result.status.success(), "{}", stderr(&result));
        assert!(photo_counts(&result).0 > 0, "a damaged manifest is a cache miss");
    }
}

#[test]
fn regression_tampered_cache_manifest_read_outside() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    assert!(build(&fixture("minimal"), &out, &[]).status.success());
    let cache = tmp.path().join("cache");
    std::fs::write(tmp.path().join("secret.webp"), "MACHINE-SECRET-7731").unwrap();
    let manifest = cache.join("manifest.json");
    let mut json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let entries = json["entries"].as_object_mut().unwrap();
    for (key, entry) in entries.iter_mut() {
        // files/<ab>/<key>-x/../../../../secret.webp is tmp/secret.webp.
        std::fs::create_dir_all(cache.join("files").join(&key[..2]).join(format!("{key}-x"))).unwrap();
        for output in entry["outputs"].as_array_mut().unwrap() {
            output["name"] = "x/../../../../secret".into();
        }
    }
    std::fs::write(&manifest, json.to_string()).unwrap();
    let result = build(&fixture("minimal"), &out, &[]);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(
        !any_file_holds(&out, "MACHINE-SECRET-7731"),
        "nothing from outside the cache is published"
    );
    // A stored output replaced by a link out of the cache.
    let stored: Vec<PathBuf> = walkdir::WalkDir::new(cache.join("files"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    assert!(!stored.is_empty());
    for path in &stored {
        symlink(&tmp.path().join("secret.webp"), path);
    }
    let result = build(&fixture("minimal"), &out, &[]);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(
        !any_file_holds(&out, "MACHINE-SECRET-7731"),
        "a linked cache file is not published"
    );
    assert_eq!(
        std::fs::read(tmp.path().join("secret.webp")).unwrap(),
        b"MACHINE-SECRET-7731"
    );
}

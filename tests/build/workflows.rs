//! Release binaries: `release.yml` (a version tag builds knn for three targets, checksums and
//! attaches them to the release), the way `pages.yml` gets knn (the release binary, checked,
//! or a build from source when none matches) and `scripts/fetch-knn.sh` run for real on a
//! release folder made here. The rest of `pages.yml` is `publish.rs`'s.

use super::root;
use serde_json::{Value, json};
#[cfg(unix)]
use std::{
    path::Path,
    process::{Command, Output},
};

/// The three targets a release is built for, with the runner and the archive of each.
const TARGETS: [(&str, &str, &str); 3] = [
    ("aarch64-apple-darwin", "macos", "tar.gz"),
    ("x86_64-pc-windows-msvc", "windows", "zip"),
    ("x86_64-unknown-linux-gnu", "ubuntu", "tar.gz"),
];
/// The target the Pages workflow runs on.
#[cfg(unix)]
const LINUX: &str = "x86_64-unknown-linux-gnu";

/// A workflow of `.github/workflows`, parsed.
fn workflow(name: &str) -> Value {
    let text = std::fs::read_to_string(root().join(".github/workflows").join(name)).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name} is valid YAML: {e}"))
}

/// The steps of a job.
fn steps(job: &Value) -> &Vec<Value> {
    job["steps"].as_array().expect("the job has steps")
}

/// The index and the step of a job whose `run:` contains `text` (the first one).
fn run_step<'a>(job: &'a Value, text: &str) -> (usize, &'a Value) {
    steps(job)
        .iter()
        .enumerate()
        .find(|(_, s)| s["run"].as_str().is_some_and(|r| r.contains(text)))
        .unwrap_or_else(|| panic!("a step running `{text}`"))
}

/// The `run:` text of a step.
fn run(step: &Value) -> &str {
    step["run"].as_str().unwrap_or_default()
}

/// Every named step is named in Thai with the English in parentheses, like the rest.
fn assert_thai_names(job: &Value) {
    for s in steps(job) {
        if let Some(name) = s["name"].as_str() {
            let thai = name.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c));
            assert!(thai && name.contains(" (") && name.ends_with(')'), "step name: {name}");
        }
    }
}

/// The name release.yml gives the archive of `target` for `tag`, from its packaging step.
fn release_archive(tag: &str, target: &str, kind: &str) -> String {
    let wf = workflow("release.yml");
    let (_, package) = run_step(&wf["jobs"]["build"], "archive=\"");
    let line = run(package)
        .lines()
        .find_map(|l| l.trim().strip_prefix("archive=\""))
        .unwrap();
    line.trim_end_matches('"')
        .replace("$GITHUB_REF_NAME", tag)
        .replace("${{ matrix.target }}", target)
        .replace("${{ matrix.archive }}", kind)
}

#[test]
fn a_version_tag_builds_three_targets_checksums_them_and_attaches_them_to_the_release() {
    let wf = workflow("release.yml");
    assert_eq!(
        wf["on"],
        json!({"push": {"tags": ["v*"]}}),
        "only a version tag starts it"
    );
    assert_eq!(wf["permissions"]["contents"], "write", "it writes the release");

    // The tag is checked against Cargo.toml before anything is built.
    let draft = &wf["jobs"]["draft"];
    let (check, step) = run_step(draft, "scripts/knn-version.sh");
    assert!(
        run(step).contains("\"$GITHUB_REF_NAME\" != \"v$version\"") && run(step).contains("exit 1"),
        "a tag that is not v<version> fails: {}",
        run(step)
    );
    let (create, step) = run_step(draft, "gh release create");
    assert!(check < create, "checked before the release is made");
    assert!(run(step).contains("--draft"), "hidden until every archive is attached");

    let build = &wf["jobs"]["build"];
    assert_eq!(build["needs"], "draft");
    assert_eq!(build["runs-on"], "${{ matrix.os }}");
    let mut matrix: Vec<(String, String, String)> = build["strategy"]["matrix"]["include"]
        .as_array()
        .expect("a matrix of targets")
        .iter()
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap_or_default().to_string();
            (s("target"), s("os"), s("archive"))
        })
        .collect();
    matrix.sort();
    assert_eq!(matrix.len(), 3, "{matrix:?}");
    for ((target, os, archive), (want_target, want_os, want_archive)) in matrix.iter().zip(TARGETS) {
        assert_eq!(target, want_target);
        assert!(os.starts_with(want_os), "{target} runs on {os}");
        assert_eq!(archive, want_archive, "{target}");
    }

    for system in ["Linux", "Windows", "macOS"] {
        assert!(
            steps(build).iter().any(|s| {
                s["if"].as_str().is_some_and(|c| c.contains(&format!("'{system}'")))
                    && run(s).contains("install")
                    && run(s).contains("nasm")
            }),
            "nasm is installed on {system} (mozjpeg)"
        );
    }
    let (compile, step) = run_step(build, "cargo build");
    assert!(
        run(step).contains("cargo build --release --locked --target ${{ matrix.target }}"),
        "{}",
        run(step)
    );
    let (package, step) = run_step(build, "sha256");
    assert!(compile < package);
    let script = run(step);
    assert!(script.contains("tar -czf") && script.contains("knn.exe"), "{script}");
    assert!(
        script.contains("printf '%s  %s\\n' \"$hash\" \"$archive\" > \"$archive.sha256\""),
        "one `<hex>  <file>` checksum file per archive: {script}"
    );
    let (upload, step) = run_step(build, "gh release upload");
    assert!(package < upload, "uploaded after the checksum is written");
    assert!(
        run(step).contains("\"$GITHUB_REF_NAME\" dist/*"),
        "the archives and the .sha256 files go to the tag's release: {}",
        run(step)
    );
    assert_eq!(
        release_archive("v0.1.0", "x86_64-pc-windows-msvc", "zip"),
        "knn-v0.1.0-x86_64-pc-windows-msvc.zip"
    );

    let publish = &wf["jobs"]["publish"];
    assert_eq!(publish["needs"], "build", "published only when all three are attached");
    assert!(run(run_step(publish, "gh release edit").1).contains("--draft=false"));

    for job in [draft, build, publish] {
        assert_thai_names(job);
        for s in steps(job).iter().filter(|s| run(s).contains("gh release")) {
            assert_eq!(s["env"]["GH_TOKEN"], "${{ github.token }}", "{}", run(s));
        }
    }
}

#[test]
fn pages_uses_the_checked_release_binary_and_builds_knn_only_without_one() {
    let wf = workflow("pages.yml");
    let build = &wf["jobs"]["build"];
    assert_thai_names(build);

    let (source_at, source) = run_step(
        build,
        "git diff --quiet \"v$version\" HEAD -- src Cargo.toml Cargo.lock",
    );
    assert_eq!(source["id"], "source");
    assert!(run(source).contains("changed=true"), "{}", run(source));
    let (fetch, download) = run_step(build, "scripts/fetch-knn.sh");
    assert!(source_at < fetch, "the source is compared before downloading");
    assert_eq!(
        download["if"], "steps.source.outputs.changed != 'true'",
        "a release is not used for a source that changed since its tag"
    );
    assert_eq!(download["id"], "knn");
    assert_eq!(download["env"]["GH_TOKEN"], "${{ github.token }}");
    assert_eq!(
        download["env"]["RELEASE_REPO"], "${{ vars.KNN_RELEASE_REPO || github.repository }}",
        "this repository's releases unless KNN_RELEASE_REPO names another"
    );
    let script = run(download);
    assert!(
        script.contains(
            "if scripts/fetch-knn.sh \"$(scripts/knn-version.sh)\" \"$RELEASE_REPO\" target/release/knn; then"
        ),
        "the version in Cargo.toml, put where a build from source puts it: {script}"
    );
    let success = script.find("fetched=true").expect("fetched=true");
    let failure = script.find("fetched=false").expect("fetched=false");
    assert!(
        success < script.find("else").unwrap() && script.find("else").unwrap() < failure,
        "fetched=true only when the script succeeded: {script}"
    );
    assert!(
        std::fs::read_to_string(root().join("scripts/fetch-knn.sh"))
            .unwrap()
            .contains("sha256sum -c --strict \"$sums\""),
        "the download is checked against its checksum file"
    );

    // Only the fallback compiles, and only it needs nasm and cargo's cache.
    let fallback = "steps.knn.outputs.fetched != 'true'";
    let (compile, cargo) = run_step(build, "cargo build");
    assert_eq!(run(cargo).trim(), "cargo build --release --locked");
    assert_eq!(cargo["if"], fallback, "built from source only without a release");
    assert!(fetch < compile);
    assert_eq!(run_step(build, "nasm").1["if"], fallback);
    let cargo_cache = steps(build)
        .iter()
        .find(|s| s["with"]["path"].as_str().is_some_and(|p| p.contains("~/.cargo")))
        .expect("cargo's cache");
    assert_eq!(cargo_cache["if"], fallback);
    let images = steps(build)
        .iter()
        .find(|s| s["with"]["path"] == "content/.knn-cache")
        .expect("the image cache");
    assert!(images.get("if").is_none(), "the image cache is used either way");

    // Either way the same binary runs the site.
    for command in ["knn check content", "knn build content"] {
        let (at, step) = run_step(build, command);
        assert!(compile < at, "{command} after knn is there");
        assert!(run(step).starts_with("./target/release/knn "), "{}", run(step));
        assert!(step.get("if").is_none(), "{command} runs either way");
    }
    let (_, site) = run_step(build, "knn build content");
    assert_eq!(
        site["env"],
        json!({
            "AWS_ACCESS_KEY_ID": "${{ secrets.AWS_ACCESS_KEY_ID }}",
            "AWS_SECRET_ACCESS_KEY": "${{ secrets.AWS_SECRET_ACCESS_KEY }}",
            "AWS_REGION": "${{ vars.AWS_REGION }}",
        }),
        "the object-storage credentials knn reads"
    );
}

/// Runs `scripts/fetch-knn.sh <version> example/knn <dest>` on the release folder `release`.
#[cfg(unix)]
fn fetch(release: &Path, version: &str, dest: &Path) -> Output {
    Command::new("bash")
        .arg(root().join("scripts/fetch-knn.sh"))
        .args([version, "example/knn"])
        .arg(dest)
        .env("KNN_RELEASE_DIR", release)
        .output()
        .expect("bash runs")
}

/// Packs a stand-in `knn` (a script that prints `said` for --version) into `archive` in the
/// folder `release`, as the release packs the real one; its bytes.
#[cfg(unix)]
fn pack(release: &Path, archive: &str, said: &str) -> Vec<u8> {
    let stage = release.with_file_name("stage");
    std::fs::create_dir_all(&stage).unwrap();
    let knn = format!("#!/bin/sh\necho '{said}'\n").into_bytes();
    std::fs::write(stage.join("knn"), &knn).unwrap();
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(release.join(archive))
        .arg("-C")
        .arg(&stage)
        .arg("knn")
        .status()
        .unwrap();
    assert!(tar.success());
    knn
}

/// Writes `<archive>.sha256` in `release` with `sha256sum`.
#[cfg(unix)]
fn checksum(release: &Path, archive: &str) {
    let sums = Command::new("sha256sum")
        .arg(archive)
        .current_dir(release)
        .output()
        .unwrap();
    assert!(sums.status.success());
    std::fs::write(release.join(format!("{archive}.sha256")), &sums.stdout).unwrap();
}

/// What a run printed, both streams.
#[cfg(unix)]
fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[cfg(unix)]
#[test]
fn fetch_knn_puts_the_checked_binary_in_place_and_nothing_otherwise() {
    let tmp = tempfile::tempdir().unwrap();
    let release = tmp.path().join("release");
    std::fs::create_dir_all(&release).unwrap();
    let archive = release_archive("v0.1.0", LINUX, "tar.gz");
    assert_eq!(archive, "knn-v0.1.0-x86_64-unknown-linux-gnu.tar.gz");
    let knn = pack(&release, &archive, "knn 0.1.0");
    checksum(&release, &archive);

    let dest = tmp.path().join("target/release/knn");
    let good = fetch(&release, "0.1.0", &dest);
    assert!(good.status.success(), "{}", said(&good));
    assert_eq!(std::fs::read(&dest).unwrap(), knn, "the binary from the archive");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&dest).unwrap().permissions().mode() & 0o111, 0o111);
    assert!(said(&good).contains("SHA-256 OK"), "{}", said(&good));
    assert_eq!(
        std::fs::read_dir(dest.parent().unwrap()).unwrap().count(),
        1,
        "only knn"
    );

    // The same name, a valid archive, a different binary: the checksum no longer matches.
    pack(&release, &archive, "knn 0.1.0 # changed");
    let dest = tmp.path().join("tampered/knn");
    let tampered = fetch(&release, "0.1.0", &dest);
    assert!(!tampered.status.success(), "{}", said(&tampered));
    assert!(said(&tampered).contains("(checksum mismatch)"), "{}", said(&tampered));
    assert!(
        !dest.exists() && !dest.parent().unwrap().exists(),
        "nothing is put in place"
    );

    let dest = tmp.path().join("missing/knn");
    let missing = fetch(&release, "0.2.0", &dest);
    assert!(!missing.status.success(), "{}", said(&missing));
    assert!(
        said(&missing).contains("knn-v0.2.0-x86_64-unknown-linux-gnu.tar.gz"),
        "{}",
        said(&missing)
    );
    assert!(!dest.exists());

    // A release whose checksum matches but whose binary is another version is not used.
    let other = release_archive("v0.3.0", LINUX, "tar.gz");
    pack(&release, &other, "knn 0.2.9");
    checksum(&release, &other);
    let dest = tmp.path().join("other/knn");
    let wrong = fetch(&release, "0.3.0", &dest);
    assert!(!wrong.status.success(), "{}", said(&wrong));
    assert!(said(&wrong).contains("(wrong version)"), "{}", said(&wrong));
    assert!(!dest.exists());

    let mut left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    left.sort();
    assert_eq!(left, ["release", "stage", "target"], "nothing else is written");
}

#[cfg(unix)]
#[test]
fn the_version_script_reads_cargo_toml_as_cargo_does() {
    let out = Command::new("bash")
        .arg(root().join("scripts/knn-version.sh"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{}\n", env!("CARGO_PKG_VERSION"))
    );
}

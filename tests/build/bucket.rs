//! Photos in S3-compatible object storage, against a real S3 server (`s3s-fs`, installed by
//! `scripts/setup.sh`) that the test starts on loopback and stops: the first build uploads
//! every photo file and its pages point at `images_base_url`, a second build uploads nothing,
//! a new photo uploads only its own files, and wrong credentials fail the build in Thai with
//! the previous site untouched.

use super::{counts, files, fixture, links, stderr_of};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const ACCESS: &str = "knn-test-access";
const SECRET: &str = "knn-test-secret-key";
const BUCKET: &str = "knn-photos";

/// An `s3s-fs` server on 127.0.0.1, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    root: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts the server over `root` (holding one folder per bucket) on a free port.
    fn start(root: &Path) -> Server {
        std::fs::create_dir_all(root.join(BUCKET)).unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("s3s-fs")
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--access-key", ACCESS, "--secret-key", SECRET])
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("s3s-fs is installed: run scripts/setup.sh (cargo install s3s-fs)");
        let server = Server {
            child,
            port,
            root: root.to_path_buf(),
        };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(start.elapsed() < Duration::from_secs(20), "s3s-fs did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The objects under the bucket's `knn/` folder, by name (s3s-fs keeps each as a file).
    fn objects(&self) -> Vec<String> {
        let dir = self.root.join(BUCKET).join("knn");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// The metadata s3s-fs stored with an object (its content type and cache control).
    fn metadata(&self) -> Vec<String> {
        std::fs::read_dir(&self.root)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".metadata.json"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect()
    }
}

/// The phone-photo fixture with a bucket in its `site.yaml`.
fn site_with_bucket(tmp: &Path, server: &Server) -> PathBuf {
    let site = tmp.join("site");
    for (rel, bytes) in files(&fixture("phone-photos")) {
        let path = site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let mut yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    yaml.push_str(&format!(
        "images_base_url: https://photos.example.org/knn/\nimages_bucket: s3://{BUCKET}/knn/\nimages_endpoint: {}\n",
        server.endpoint()
    ));
    std::fs::write(site.join("site.yaml"), yaml).unwrap();
    site
}

/// `knn build` with the given secret key (the access key is always the right one), or with
/// no credentials at all.
fn build_with(site: &Path, out: &Path, secret: Option<&str>) -> Output {
    let mut knn = Command::new(env!("CARGO_BIN_EXE_knn"));
    knn.arg("build")
        .arg(site)
        .arg("--out")
        .arg(out)
        .arg("--cache")
        .arg(site.parent().unwrap().join("cache"))
        .env_remove("AWS_SESSION_TOKEN");
    match secret {
        Some(secret) => knn
            .env("AWS_ACCESS_KEY_ID", ACCESS)
            .env("AWS_SECRET_ACCESS_KEY", secret)
            .env("AWS_REGION", "us-east-1"),
        None => knn.env_remove("AWS_ACCESS_KEY_ID").env_remove("AWS_SECRET_ACCESS_KEY"),
    };
    knn.output().expect("knn runs")
}

/// (uploaded, already there) from the build's bucket line.
fn upload_counts(output: &Output) -> (usize, usize) {
    let [sent, present] = counts(
        output,
        "ที่เก็บภาพ (bucket): อัปโหลด",
        [" ไฟล์ (uploaded)", " ไฟล์ (already there)"],
    );
    (sent, present)
}

/// A server, the fixture site with a bucket on it, and its first build into `public/`.
struct Built {
    tmp: tempfile::TempDir,
    server: Server,
    site: PathBuf,
    out: PathBuf,
    first: Output,
}

/// Starts a server and builds the site once with the right credentials.
fn first_build() -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&tmp.path().join("s3"));
    let site = site_with_bucket(tmp.path(), &server);
    let out = tmp.path().join("public");
    let first = build_with(&site, &out, Some(SECRET));
    assert!(first.status.success(), "{}", stderr_of(&first));
    Built {
        tmp,
        server,
        site,
        out,
        first,
    }
}

#[test]
fn photos_go_to_the_bucket_once_and_pages_point_at_them() {
    // First build: every photo file is uploaded, none is in the site.
    let Built {
        tmp,
        server,
        site,
        out,
        first,
    } = first_build();
    let objects = server.objects();
    let (sent, present) = upload_counts(&first);
    assert_eq!((sent, present), (objects.len(), 0), "{objects:?}");
    assert!(
        objects.len() >= 12 * 3,
        "three widths of 12 photos at least: {objects:?}"
    );
    let site_files = files(&out);
    assert!(
        !site_files.keys().any(|p| p.ends_with(".webp") || p.ends_with(".jpg")),
        "no photo file on the site"
    );
    let photo_urls: Vec<String> = site_files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .flat_map(|(_, b)| links(&String::from_utf8_lossy(b)))
        .filter(|u| u.ends_with(".webp") || u.ends_with(".jpg"))
        .collect();
    assert!(!photo_urls.is_empty());
    for url in &photo_urls {
        let name = url
            .strip_prefix("https://photos.example.org/knn/")
            .unwrap_or_else(|| panic!("{url} is not in the bucket's address"));
        assert!(objects.iter().any(|o| o == name), "{name} was uploaded");
    }
    let metadata = server.metadata();
    assert_eq!(metadata.len(), objects.len());
    for m in &metadata {
        assert!(m.contains("public, max-age=31536000, immutable"), "{m}");
        assert!(m.contains("image/webp") || m.contains("image/jpeg"), "{m}");
    }
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(stdout.contains("ภาพอยู่ในที่เก็บภาพ (bucket)"), "{stdout}");

    // A second build (into a new folder, so it is not skipped as unchanged) sends nothing.
    let again = build_with(&site, &tmp.path().join("public-2"), Some(SECRET));
    assert!(again.status.success(), "{}", stderr_of(&again));
    assert_eq!(upload_counts(&again), (0, objects.len()));
    assert_eq!(server.objects(), objects);

    // A new photo (new bytes: a copy with a byte after its end) sends only its own files.
    let activity = walkdir::WalkDir::new(site.join("districts"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name() == "index.md" && e.path().to_string_lossy().contains("activities"))
        .unwrap()
        .into_path();
    let folder = activity.parent().unwrap();
    let existing = std::fs::read_dir(folder)
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "jpg"))
        .unwrap()
        .path();
    let mut bytes = std::fs::read(&existing).unwrap();
    bytes.push(0);
    std::fs::write(folder.join("zz-new.jpg"), bytes).unwrap();
    let third = build_with(&site, &out, Some(SECRET));
    assert!(third.status.success(), "{}", stderr_of(&third));
    let after = server.objects();
    let new: Vec<&String> = after.iter().filter(|o| !objects.contains(o)).collect();
    let (sent, present) = upload_counts(&third);
    assert_eq!(sent, new.len(), "{new:?}");
    assert_eq!(present, objects.len());
    assert!((1..=3).contains(&sent), "only the new photo's widths: {new:?}");
    assert!(new.iter().all(|n| n.ends_with(".webp")), "{new:?}");
}

#[test]
fn wrong_credentials_fail_in_thai_and_leave_the_site_untouched() {
    let built = first_build();
    let (site, out) = (&built.site, &built.out);
    let before = files(out);

    // An edit, so the build does run, then the wrong secret.
    let yaml = site.join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, text.replace("title: ", "title: ใหม่ ")).unwrap();
    let refused = build_with(site, out, Some("not-the-secret"));
    assert!(!refused.status.success());
    let stderr = stderr_of(&refused);
    assert!(stderr.contains("ที่เก็บภาพไม่ยอมรับรหัสเข้าใช้ (access denied)"), "{stderr}");
    assert!(stderr.contains("AWS_SECRET_ACCESS_KEY"), "{stderr}");
    assert!(stderr.contains("s3://knn-photos/knn/"), "{stderr}");
    assert_eq!(files(out), before, "the previous site is untouched");

    // Without credentials at all: a Thai error naming the variables; nothing published.
    let none = build_with(site, out, None);
    assert!(!none.status.success());
    assert!(stderr_of(&none).contains("AWS_ACCESS_KEY_ID"), "{}", stderr_of(&none));
    assert_eq!(files(out), before);
}

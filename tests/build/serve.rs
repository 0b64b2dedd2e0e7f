//! `knn serve` for real, over HTTP on loopback: a change on disk appears in the next response
//! (re-rendering only the pages it touches), a broken file shows the error overlay while the
//! last good pages stay served, and every attempt to leave the output gets the site's 404 page.

use super::copy_site;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `knn serve`, stopped when dropped (also when an assertion fails).
struct Server {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `knn serve <site> --port 0` and waits for the address it prints.
    fn start(site: &Path, cache: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_knn"))
            .args([
                "serve",
                site.to_str().unwrap(),
                "--port",
                "0",
                "--cache",
                cache.to_str().unwrap(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("knn serve starts");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let stdout = child.stdout.take().unwrap();
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let mut server = Server {
            child,
            lines,
            addr: String::new(),
        };
        let url = server.wait_for_line("(serving at)");
        server.addr = url.split("http://").nth(1).unwrap().trim_end_matches('/').to_string();
        server
    }

    /// The first printed line containing `needle` after `skip` lines, waiting up to 60 s.
    fn wait_for_line_after(&self, skip: usize, needle: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(l) = self
                .lines
                .lock()
                .unwrap()
                .iter()
                .skip(skip)
                .find(|l| l.contains(needle))
            {
                return l.clone();
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no `{needle}` line from knn serve"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_for_line(&self, needle: &str) -> String {
        self.wait_for_line_after(0, needle)
    }

    fn printed(&self) -> usize {
        self.lines.lock().unwrap().len()
    }

    /// A raw HTTP/1.1 GET of `target` exactly as given (no client-side normalisation).
    fn get(&self, target: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text[9..12].parse().unwrap();
        let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_string();
        (status, body)
    }

    /// GETs `target` until `pred` holds for the body (a rebuild is asynchronous), up to 30 s.
    fn get_until(&self, target: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (_, body) = self.get(target);
            if pred(&body) {
                return body;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "{target} never showed {what}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Every page chunk of the served search index, one after another.
fn search_chunks(server: &Server) -> String {
    let (_, meta) = server.get("/search/index.json");
    let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
    let (docs, chunk) = (meta["docs"].as_u64().unwrap(), meta["chunk"].as_u64().unwrap());
    (0..docs.div_ceil(chunk))
        .map(|n| server.get(&format!("/search/p-{n}.json")).1)
        .collect()
}

/// `เรนเดอร์ N หน้า ใช้ของเดิม M หน้า` of a build line: (N, M).
fn page_counts(line: &str) -> (usize, usize) {
    let number_after = |tag: &str| -> usize {
        let rest = &line[line.find(tag).unwrap() + tag.len()..];
        rest.split_whitespace().next().unwrap().parse().unwrap()
    };
    (number_after("เรนเดอร์ "), number_after("ใช้ของเดิม "))
}

#[test]
fn serve_rebuilds_changes_shows_errors_over_the_last_good_pages_and_stays_inside() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    std::fs::write(tmp.path().join("secret.txt"), "TOPSECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        tmp.path().join("secret.txt"),
        site.join("districts/bang-khla/secret.txt"),
    )
    .unwrap();
    let server = Server::start(&site, &tmp.path().join("cache"));
    let page = "/districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale/";

    let (status, body) = server.get(page);
    assert_eq!(status, 200);
    assert!(
        body.contains("เอามื้อสามัคคีขุดคลองไส้ไก่") && body.contains("/__knn/wait"),
        "{body}"
    );

    for attempt in [
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/districts/%2E%2E/%2E%2E/secret.txt",
        "/..%2f..%2fsecret.txt",
        "/..%5c..%5csecret.txt",
        "/districts/bang-khla/secret.txt",
        "/site.yaml",
        "/districts/bang-khla/ban-rai-plot/plot.md",
        "/no-such-page/",
    ] {
        let (status, body) = server.get(attempt);
        assert_eq!(status, 404, "{attempt}");
        assert!(body.contains("ไม่พบหน้านี้"), "{attempt} gets the site's 404 page");
        assert!(!body.contains("TOPSECRET") && !body.contains("[package]"), "{attempt}");
    }

    let index = site.join("districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale/index.md");
    let original = std::fs::read_to_string(&index).unwrap();
    let before = server.printed();
    std::fs::write(&index, original.replace("ขุดคลองไส้ไก่", "ขุดหนองน้ำ")).unwrap();
    server.get_until(page, "the new title", |b| b.contains("เอามื้อสามัคคีขุดหนองน้ำ"));
    let rebuilt = server.wait_for_line_after(before, "(built)");
    let (rendered, reused) = page_counts(&rebuilt);
    assert!(
        rendered >= 1 && reused > rendered,
        "one changed activity re-renders few pages: {rebuilt}"
    );
    assert!(
        rebuilt.contains("ภาพแปลงใหม่ 0"),
        "no photo is processed again: {rebuilt}"
    );
    let chunks = search_chunks(&server);
    assert!(
        chunks.contains("เอามื้อสามัคคีขุดหนองน้ำ") && !chunks.contains("เอามื้อสามัคคีขุดคลองไส้ไก่"),
        "the search index has the new title, not the old one"
    );

    std::fs::write(&index, original.replace("ประเภท: เอามื้อสามัคคี", "ประเภท: เอามื้อสามัคี")).unwrap();
    let broken = server.get_until(page, "the error overlay", |b| b.contains("knn-build-error"));
    assert!(
        broken.contains("เอามื้อสามัคคีขุดหนองน้ำ"),
        "the last good page is still served"
    );
    assert!(
        broken.contains("index.md:4:"),
        "the overlay names the file and line: {broken}"
    );
    assert!(broken.contains("(unknown value)"));
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("knn-build-error"), "every page shows the error");

    std::fs::write(&index, &original).unwrap();
    let fixed = server.get_until(page, "the fixed page", |b| !b.contains("knn-build-error"));
    assert!(fixed.contains("เอามื้อสามัคคีขุดคลองไส้ไก่"), "{}", stderr_of_lines(&server));
}

/// What the server printed, for failure messages.
fn stderr_of_lines(server: &Server) -> String {
    server.lines.lock().unwrap().join("\n")
}

#[test]
fn the_reload_long_poll_answers_when_the_site_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    let server = Server::start(&site, &tmp.path().join("cache"));
    let (_, home) = server.get("/");
    let version: u64 = home
        .split("var v=")
        .nth(1)
        .and_then(|r| r.split(';').next())
        .and_then(|v| v.parse().ok())
        .expect("the page carries its build version");
    let plot = site.join("districts/bang-khla/ban-rai-plot/plot.md");
    let writer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        let text = std::fs::read_to_string(&plot).unwrap();
        std::fs::write(&plot, text + "\nอีกหนึ่งย่อหน้า\n").unwrap();
    });
    let start = Instant::now();
    let (status, body) = server.get(&format!("/__knn/wait?v={version}"));
    writer.join().unwrap();
    assert_eq!(status, 200);
    assert!(body.trim().parse::<u64>().unwrap() > version, "a newer version: {body}");
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "answered on the change, not on the timeout"
    );
}

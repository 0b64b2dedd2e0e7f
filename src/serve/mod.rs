//! `knn serve`: builds the site into memory, serves it on loopback (or on purpose, on the
//! network), watches the site folder and the theme, rebuilds on every change (only pages whose
//! inputs changed are rendered again, only new photos are processed) and tells open pages to
//! reload. A failed rebuild keeps the last good pages and shows the error over them; so does a
//! rebuild that panicked (a bug in knn), and the next change is rebuilt as usual.

mod http;
mod watch;

use crate::commands::{Outcome, report};
use crate::pipeline::Memo;
use crate::pipeline::{self, Built, Inputs, Mode, Photos, Stopped};
use axum::body::Bytes;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

/// One state of the served site: what the last good build produced, and the error of the
/// last build if it failed.
#[derive(Default)]
pub(crate) struct Snapshot {
    /// Rendered files by output path (`districts/bang-khla/index.html`).
    pub(crate) pages: HashMap<String, Bytes>,
    /// Photos by output path, as files in the image cache.
    pub(crate) photos: HashMap<String, PathBuf>,
    /// The diagnostics of the last build, when it failed.
    pub(crate) error: Option<String>,
    /// Changes with every build; open pages wait for it to change, then reload.
    pub(crate) version: u64,
}

/// What the server and the rebuild thread share.
pub(crate) struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    version: tokio::sync::watch::Sender<u64>,
}

impl Shared {
    /// The snapshot being served now.
    pub(crate) fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .map_or_else(|e| e.into_inner().clone(), |s| s.clone())
    }

    /// Serves `next` from now on and wakes the pages waiting to reload.
    fn publish(&self, next: Snapshot) {
        let version = next.version;
        match self.snapshot.write() {
            Ok(mut s) => *s = Arc::new(next),
            Err(e) => *e.into_inner() = Arc::new(next),
        }
        self.version.send_replace(version);
    }

    /// A receiver of build versions.
    pub(crate) fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.version.subscribe()
    }
}

/// Runs `knn serve` until interrupted.
pub(crate) fn run(mut opts: Inputs, bind: IpAddr, port: u16) -> Outcome {
    let listener = match std::net::TcpListener::bind(SocketAddr::new(bind, port)) {
        Ok(l) => l,
        Err(e) => {
            return Outcome::Failed(format!(
                "เปิดพอร์ต {port} ไม่ได้ (cannot listen on {bind}:{port}): {e}\n  = วิธีแก้ (hint): ใช้พอร์ตอื่น เช่น --port 8001"
            ));
        }
    };
    let addr = listener.local_addr().unwrap_or(SocketAddr::new(bind, port));
    let shown = if bind.is_unspecified() {
        SocketAddr::new(IpAddr::from([127, 0, 0, 1]), addr.port())
    } else {
        addr
    };
    opts.overrides.base_url = Some(format!("http://{shown}/"));
    let start_version = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_millis() as u64);
    let (version, _) = tokio::sync::watch::channel(start_version);
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot::default())),
        version,
    });
    let mut memo = Memo::default();
    rebuild(&opts, &shared, &mut memo, start_version, true);
    let watched = watched_folders(&opts);
    let ignored = vec![opts.cache.clone()];
    let (_watcher, changes) = match watch::start(&watched, ignored) {
        Ok(w) => w,
        Err(e) => return Outcome::Failed(e),
    };
    let rebuilder = {
        let shared = shared.clone();
        std::thread::spawn(move || {
            let mut version = start_version;
            for changed in changes {
                version += 1;
                println!("เปลี่ยนแปลง (changed): {}", changed.join(", "));
                rebuild(&opts, &shared, &mut memo, version, false);
            }
        })
    };
    println!("เปิดดูเว็บไซต์ได้ที่ (serving at) http://{shown}/");
    if bind.is_unspecified() {
        println!("อุปกรณ์อื่นในเครือข่ายเดียวกันเปิดได้ที่ http://<IP ของเครื่องนี้>:{}/", addr.port());
    }
    println!("กด Ctrl+C เพื่อหยุด (press Ctrl+C to stop)");
    let served = http::serve(listener, shared);
    drop(rebuilder);
    match served {
        Ok(()) => Outcome::Built,
        Err(e) => Outcome::Failed(e),
    }
}

/// The site folder and the theme folder.
fn watched_folders(opts: &Inputs) -> Vec<PathBuf> {
    let mut folders = vec![opts.site.clone()];
    if !opts.theme.starts_with(&opts.site) {
        folders.push(opts.theme.clone());
    }
    folders
}

/// Builds once and serves the result; a failed build keeps the previous pages and shows its
/// error over them.
fn rebuild(opts: &Inputs, shared: &Shared, memo: &mut Memo, version: u64, first: bool) {
    let start = Instant::now();
    let previous = shared.current();
    let kept = crate::output::Keep::default();
    let next = match guarded_run(opts, memo, first, &kept) {
        Ok((built, next_memo)) => {
            *memo = next_memo;
            eprint!("{}", report(&opts.site, &built.sources, &built.warnings));
            println!(
                "สร้างแล้ว (built) {} ms: เรนเดอร์ {} หน้า ใช้ของเดิม {} หน้า (pages rendered/reused), ภาพแปลงใหม่ {} ใช้จากแคช {} (photos processed/reused)",
                start.elapsed().as_millis(),
                built.rendered,
                built.reused,
                built.image_stats.processed,
                built.image_stats.reused
            );
            snapshot_of(built, kept.into_files(), version)
        }
        Err(stopped) => {
            let text = match stopped {
                Stopped::Content(sources, diags) => report(&opts.site, &sources, &diags),
                Stopped::Failed(e) => format!("error: {e}\n"),
            };
            eprint!("{text}");
            println!("สร้างไม่สำเร็จ (build failed): หน้าเดิมยังเปิดดูได้ แก้ไฟล์แล้วบันทึกอีกครั้ง");
            Snapshot {
                pages: previous.pages.clone(),
                photos: previous.photos.clone(),
                error: Some(text),
                version,
            }
        }
    };
    shared.publish(next);
}

/// One run of the pipeline, with a panic (a bug in knn, never the content's fault) turned
/// into a failure shown on the overlay, so the rebuild loop lives on.
fn guarded_run(opts: &Inputs, memo: &Memo, first: bool, kept: &crate::output::Keep) -> Result<(Built, Memo), Stopped> {
    let mode = Mode {
        photos: Photos::Convert,
        progress: first,
        bucket: false,
    };
    guarded(|| pipeline::run(opts, Some(memo), mode, kept))
}

/// Runs `f`, turning a panic into a `Stopped::Failed` with a Thai message.
fn guarded<T>(f: impl FnOnce() -> Result<T, Stopped>) -> Result<T, Stopped> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Err(Stopped::Failed(format!(
            "knn ขัดข้องระหว่างสร้างเว็บไซต์ (internal error: {why}): หน้าเดิมยังเปิดดูได้ แก้ไฟล์ล่าสุดแล้วบันทึกอีกครั้ง และแจ้งผู้ดูแล knn พร้อมไฟล์นั้น"
        )))
    })
}

/// The snapshot of a good build.
fn snapshot_of(built: Built, files: Vec<crate::output::OutputFile>, version: u64) -> Snapshot {
    Snapshot {
        pages: files.into_iter().map(|f| (f.path, Bytes::from(f.bytes))).collect(),
        photos: built.plan.files.into_iter().map(|p| (p.path, p.cached)).collect(),
        error: None,
        version,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regression_serve_panic_kills_the_rebuild_thread() {
        let panicked = guarded::<()>(|| panic!("byte index 3 is not a char boundary"));
        match panicked {
            Err(Stopped::Failed(text)) => {
                assert!(text.contains("internal error: byte index 3"), "{text}");
                assert!(text.contains("หน้าเดิมยังเปิดดูได้"), "{text}");
            }
            _ => panic!("a panic must become a failed build"),
        }
        assert!(
            guarded(|| Ok::<_, Stopped>(7)).is_ok_and(|n| n == 7),
            "a good run passes through"
        );
    }
}

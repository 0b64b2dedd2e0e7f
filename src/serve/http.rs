//! The HTTP side of `knn serve` (axum on tokio): every response comes from the in-memory
//! snapshot (pages) or from the image cache (photos) by exact output path, so nothing outside
//! the built site is reachable; `..`, encoded dots and backslashes are refused with the site's
//! 404 page. HTML pages get a small script that waits for the next build and reloads, and,
//! after a failed build, the error drawn over the last good page.

use super::{Shared, Snapshot};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::sync::Arc;
use std::time::Duration;

/// Serves until the process ends.
pub(crate) fn serve(listener: std::net::TcpListener, shared: Arc<Shared>) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
        let app = axum::Router::new()
            .route("/__knn/wait", get(wait))
            .fallback(get(file))
            .with_state(shared);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| e.to_string())
    })
}

/// Long poll: answers with the build version once it differs from `?v=` (or after 25 s).
async fn wait(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let seen: Option<u64> = uri
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("v=")))
        .and_then(|v| v.parse().ok());
    let mut rx = shared.subscribe();
    let changed = async {
        loop {
            if Some(*rx.borrow_and_update()) != seen {
                return;
            }
            if rx.changed().await.is_err() {
                return;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(25), changed).await;
    let version = *rx.borrow();
    no_store(version.to_string().into_response())
}

/// A file of the site, or the site's 404 page.
async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let snap = shared.current();
    let Some(path) = resolve(uri.path()) else {
        return not_found(&snap);
    };
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if let Some(bytes) = snap.pages.get(&key) {
        return respond(&snap, &key, bytes.clone());
    }
    if let Some(cached) = snap.photos.get(&key) {
        return match tokio::fs::read(cached).await {
            Ok(bytes) => respond(&snap, &key, Bytes::from(bytes)),
            Err(_) => not_found(&snap),
        };
    }
    if snap.pages.contains_key(&format!("{key}/index.html")) {
        let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
        if let Ok(to) = HeaderValue::from_str(&format!("/{key}/")) {
            r.headers_mut().insert(header::LOCATION, to);
        }
        return r;
    }
    not_found(&snap)
}

/// The output path asked for (without the leading `/`), or `None` when the request tries to
/// leave the site: `..` or `.` segments (also percent-encoded), backslashes, NUL, empty
/// segments, or bytes that are not UTF-8.
pub(crate) fn resolve(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8().ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let rest = decoded.strip_prefix('/')?;
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == ".." || *s == "." || (s.is_empty() && i != last) {
            return None;
        }
    }
    Some(rest.to_string())
}

/// A 200 response with the right type; HTML gets the reload script (and any build error).
fn respond(snap: &Snapshot, path: &str, bytes: Bytes) -> Response {
    let body = if path.ends_with(".html") {
        Bytes::from(decorate(snap, &bytes))
    } else {
        bytes
    };
    typed(StatusCode::OK, path, body)
}

/// The site's 404 page (or a plain one before the first good build), with status 404.
fn not_found(snap: &Snapshot) -> Response {
    let page = snap
        .pages
        .get("404.html")
        .cloned()
        .unwrap_or_else(|| Bytes::from_static("<!doctype html><html lang=\"th\"><meta charset=\"utf-8\"><title>ไม่พบหน้านี้</title><body><h1>ไม่พบหน้านี้ (404)</h1></body></html>".as_bytes()));
    typed(StatusCode::NOT_FOUND, "404.html", Bytes::from(decorate(snap, &page)))
}

/// A response with a content type from the file name, never cached by the browser.
fn typed(status: StatusCode, path: &str, body: Bytes) -> Response {
    let mut r = (status, Body::from(body)).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(path)));
    no_store(r)
}

/// Adds `Cache-Control: no-store`: a preview must always show the latest build.
fn no_store(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The media type of an output file.
fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Puts the reload script, and the error of a failed build, before `</body>`.
fn decorate(snap: &Snapshot, html: &[u8]) -> Vec<u8> {
    let mut extra = String::new();
    if let Some(error) = &snap.error {
        extra.push_str(&overlay(error));
    }
    extra.push_str(&format!(
        "<script>(function(){{var v={};function poll(){{fetch('/__knn/wait?v='+v,{{cache:'no-store'}}).then(function(r){{return r.text()}}).then(function(t){{if(+t!==v){{location.reload()}}else{{poll()}}}},function(){{setTimeout(poll,1000)}})}}poll()}})();</script>",
        snap.version
    ));
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

/// The build error, drawn over the page.
fn overlay(error: &str) -> String {
    let escaped = error.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    format!(
        "<div id=\"knn-build-error\" role=\"alert\" style=\"position:fixed;left:0;right:0;top:0;max-height:80vh;overflow:auto;z-index:2147483647;background:#fff4f4;color:#222;border-bottom:4px solid #c62828;padding:12px 16px;font:15px/1.5 sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.3)\"><strong style=\"color:#c62828\">สร้างเว็บไซต์ไม่สำเร็จ (build error)</strong> แก้ไฟล์แล้วบันทึก หน้านี้จะโหลดใหม่เอง หน้าที่เห็นด้านล่างคือฉบับล่าสุดที่สร้างสำเร็จ<pre style=\"white-space:pre-wrap;font:13px/1.45 monospace;margin:8px 0 0\">{escaped}</pre></div>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        assert_eq!(resolve("/").as_deref(), Some(""));
        assert_eq!(
            resolve("/districts/bang-khla/").as_deref(),
            Some("districts/bang-khla/")
        );
        assert_eq!(resolve("/a%20b.webp").as_deref(), Some("a b.webp"));
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/a/%2e/b",
            "/..%5c..%5cwindows",
            "/a//b",
            "/%00",
            "/%ff",
            "relative",
        ] {
            assert_eq!(resolve(bad), None, "{bad}");
        }
    }

    #[test]
    fn pages_get_the_reload_script_and_the_error_before_body_end() {
        let snap = Snapshot {
            error: Some("x.md:1:1: error: <ผิด>".into()),
            version: 7,
            ..Snapshot::default()
        };
        let out = String::from_utf8(decorate(&snap, b"<html><body><p>a</p></body></html>")).unwrap();
        assert!(out.ends_with("</body></html>"), "{out}");
        assert!(out.contains("var v=7;"));
        assert!(out.contains("&lt;ผิด&gt;"), "the error is escaped: {out}");
    }
}

//! The photos' bucket: objects named by the photo's content and the outputs' parameters (so
//! an object never changes once written), and the upload of those the bucket lacks, through
//! the `object_store` crate (any S3-compatible service), with the credentials of the standard
//! `AWS_*` environment variables only. A failed upload fails the build before its pages are
//! swapped in, so no published page names an object the bucket does not hold.

use super::{Published, cache};
use crate::model::RemoteImages;
use futures_util::StreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjectPath;
use object_store::{Attribute, Attributes, ClientOptions, ObjectStore, PutOptions, RetryConfig};
use std::collections::HashSet;
use std::time::{Duration, Instant};

/// Objects never change (their names are their content), so browsers and CDNs keep them.
pub(crate) const CACHE_CONTROL: &str = "public, max-age=31536000, immutable";
/// Uploads in flight at once.
const PARALLEL: usize = 8;

/// The credentials, from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_REGION` only
/// (an empty variable counts as unset, as a missing GitHub secret gives one).
#[derive(Clone, Default)]
pub(crate) struct BucketKeys {
    pub(crate) access_key: Option<String>,
    pub(crate) secret: Option<String>,
    pub(crate) region: Option<String>,
}

impl std::fmt::Debug for BucketKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BucketKeys")
            .field("access_key", &self.access_key.as_ref().map(|_| "(set)"))
            .field("secret", &self.secret.as_ref().map(|_| "(set)"))
            .field("region", &self.region)
            .finish()
    }
}

impl BucketKeys {
    /// Reads the three standard variables.
    pub(crate) fn from_env() -> BucketKeys {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        BucketKeys {
            access_key: var("AWS_ACCESS_KEY_ID"),
            secret: var("AWS_SECRET_ACCESS_KEY"),
            region: var("AWS_REGION"),
        }
    }
}

/// What an upload did.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(crate) struct Uploaded {
    /// Objects sent, and their bytes.
    pub(crate) sent: usize,
    pub(crate) bytes: u64,
    /// Objects the bucket already held.
    pub(crate) present: usize,
    pub(crate) seconds: f64,
}

/// An output's object name: `<first 32 hex digits of the photo's hash>-<parameters>-<output>.<ext>`
/// from its cache key (`<hash>-<parameters>`) and output name (`480`, `card`, `lead720`).
pub(crate) fn object_name(key: &str, name: &str) -> String {
    let (hash, params) = key.split_once('-').unwrap_or((key, ""));
    let hash = hash.get(..32).unwrap_or(hash);
    format!("{hash}-{params}-{name}.{}", cache::ext(name))
}

/// The `Content-Type` of an object, by its extension.
fn content_type(name: &str) -> &'static str {
    if name.ends_with(".jpg") {
        "image/jpeg"
    } else {
        "image/webp"
    }
}

/// Uploads the objects the bucket lacks; every failure is an error in Thai with its cause.
pub(crate) fn upload(
    objects: &[Published],
    remote: &RemoteImages,
    keys: &BucketKeys,
    progress: bool,
) -> Result<Uploaded, String> {
    let start = Instant::now();
    let store = store(remote, keys)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("เริ่มการอัปโหลดไม่ได้ (could not start the upload): {e}"))?;
    let mut done = runtime.block_on(send_missing(&store, remote, objects, progress))?;
    done.seconds = start.elapsed().as_secs_f64();
    Ok(done)
}

/// The bucket as `object_store` sees it, or why it cannot be used.
fn store(remote: &RemoteImages, keys: &BucketKeys) -> Result<AmazonS3, String> {
    let (Some(access), Some(secret)) = (&keys.access_key, &keys.secret) else {
        return Err(format!(
            "site.yaml ใช้ที่เก็บภาพ s3://{}/{} แต่ไม่มีรหัสเข้าใช้ (bucket credentials missing)\n  = วิธีแก้ (hint): ตั้งตัวแปร AWS_ACCESS_KEY_ID และ AWS_SECRET_ACCESS_KEY (บน GitHub: Settings > Secrets and variables > Actions); ดูตัวอย่างบนเครื่องตัวเองได้ด้วย knn serve โดยไม่ต้องใช้รหัส",
            remote.bucket, remote.prefix
        ));
    };
    let region = keys
        .region
        .clone()
        .unwrap_or_else(|| if remote.endpoint.is_some() { "auto" } else { "us-east-1" }.to_string());
    let retry = RetryConfig {
        max_retries: 3,
        retry_timeout: Duration::from_secs(60),
        ..RetryConfig::default()
    };
    let options = ClientOptions::new().with_connect_timeout(Duration::from_secs(10));
    let mut builder = AmazonS3Builder::new()
        .with_bucket_name(&remote.bucket)
        .with_region(region)
        .with_access_key_id(access)
        .with_secret_access_key(secret)
        .with_retry(retry)
        .with_client_options(options);
    if let Some(endpoint) = &remote.endpoint {
        builder = builder
            .with_endpoint(endpoint)
            .with_allow_http(endpoint.starts_with("http://"));
    }
    builder
        .build()
        .map_err(|e| format!("ตั้งค่าที่เก็บภาพไม่ได้ (bucket settings refused): {e}"))
}

/// Lists what the bucket holds under the prefix, then sends what is missing, a few at a time.
async fn send_missing(
    store: &AmazonS3,
    remote: &RemoteImages,
    objects: &[Published],
    progress: bool,
) -> Result<Uploaded, String> {
    let held = held(store, remote).await?;
    let missing: Vec<&Published> = objects.iter().filter(|o| !held.contains(&o.path)).collect();
    let bar = super::progress_bar(missing.len() as u64, progress, "อัปโหลดภาพ (upload)");
    let mut sends =
        futures_util::stream::iter(missing.iter().map(|o| send(store, remote, o))).buffer_unordered(PARALLEL);
    let mut done = Uploaded {
        present: objects.len() - missing.len(),
        ..Uploaded::default()
    };
    while let Some(result) = sends.next().await {
        done.bytes += result?;
        done.sent += 1;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(done)
}

/// The names of the objects under the prefix.
async fn held(store: &AmazonS3, remote: &RemoteImages) -> Result<HashSet<String>, String> {
    let prefix = ObjectPath::from(remote.prefix.trim_end_matches('/'));
    let mut list = store.list((!remote.prefix.is_empty()).then_some(&prefix));
    let mut names = HashSet::new();
    while let Some(meta) = list.next().await {
        let meta = meta.map_err(|e| refused(remote, "อ่านรายการไฟล์ในที่เก็บภาพไม่ได้ (could not list the bucket)", &e))?;
        if let Some(name) = meta.location.as_ref().strip_prefix(&remote.prefix) {
            names.insert(name.to_string());
        }
    }
    Ok(names)
}

/// Sends one object; its bytes.
async fn send(store: &AmazonS3, remote: &RemoteImages, object: &Published) -> Result<u64, String> {
    let bytes = tokio::fs::read(&object.cached).await.map_err(|e| {
        format!(
            "อ่านภาพจากแคชไม่ได้ (could not read the cached photo) {}: {e}\n  = วิธีแก้ (hint): ลบโฟลเดอร์ .knn-cache แล้วสร้างใหม่",
            object.cached.display()
        )
    })?;
    let size = bytes.len() as u64;
    let mut attributes = Attributes::new();
    attributes.insert(Attribute::CacheControl, CACHE_CONTROL.into());
    attributes.insert(Attribute::ContentType, content_type(&object.path).into());
    let location = ObjectPath::from(format!("{}{}", remote.prefix, object.path));
    store
        .put_opts(&location, bytes.into(), PutOptions::from(attributes))
        .await
        .map_err(|e| refused(remote, &format!("อัปโหลด {} ไม่สำเร็จ (upload failed)", object.path), &e))?;
    Ok(size)
}

/// A bucket's refusal in Thai: wrong credentials said plainly, anything else with its cause.
fn refused(remote: &RemoteImages, what: &str, e: &object_store::Error) -> String {
    let place = format!("s3://{}/{}", remote.bucket, remote.prefix);
    let hint = if denied(e) {
        "ที่เก็บภาพไม่ยอมรับรหัสเข้าใช้ (access denied): ตรวจ AWS_ACCESS_KEY_ID และ AWS_SECRET_ACCESS_KEY ว่าตรงกับที่เก็บนี้และมีสิทธิ์อ่านและเขียน"
    } else {
        "ตรวจ images_bucket และ images_endpoint ใน site.yaml และการเชื่อมต่ออินเทอร์เน็ต แล้วสร้างใหม่ (ภาพที่อัปโหลดแล้วจะไม่ส่งซ้ำ)"
    };
    format!(
        "{what} {place}: {e}\n  = วิธีแก้ (hint): {hint}\n  เว็บไซต์เดิมยังอยู่ครบ ไม่มีหน้าใดถูกเปลี่ยน (the previous site is untouched)"
    )
}

/// Whether the service refused the credentials: `object_store` reports S3's 401 and 403
/// as generic errors whose status type is private, so their text is read.
fn denied(e: &object_store::Error) -> bool {
    if matches!(
        e,
        object_store::Error::PermissionDenied { .. } | object_store::Error::Unauthenticated { .. }
    ) {
        return true;
    }
    let text = e.to_string();
    [
        "403 Forbidden",
        "401 Unauthorized",
        "SignatureDoesNotMatch",
        "InvalidAccessKeyId",
        "AccessDenied",
    ]
    .iter()
    .any(|sign| text.contains(sign))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_names_come_from_the_cache_key() {
        let key = format!("{}-1a2b3c4d", "f".repeat(64));
        assert_eq!(
            object_name(&key, "480"),
            format!("{}-1a2b3c4d-480.webp", "f".repeat(32))
        );
        assert_eq!(
            object_name(&key, "card"),
            format!("{}-1a2b3c4d-card.jpg", "f".repeat(32))
        );
        assert_eq!(content_type(&object_name(&key, "card")), "image/jpeg");
        assert_eq!(content_type(&object_name(&key, "lead720")), "image/webp");
    }

    #[test]
    fn keys_never_show_in_debug_output() {
        let keys = BucketKeys {
            access_key: Some("AKIDEXAMPLE".into()),
            secret: Some("wJalrXUtnFEMI".into()),
            region: Some("auto".into()),
        };
        let shown = format!("{keys:?}");
        assert!(
            !shown.contains("AKIDEXAMPLE") && !shown.contains("wJalrXUtnFEMI"),
            "{shown}"
        );
        assert!(shown.contains("auto"));
    }

    #[test]
    fn missing_credentials_are_a_thai_error_naming_the_variables() {
        let remote = RemoteImages {
            base_url: "https://photos.example.org/".into(),
            bucket: "knn-photos".into(),
            prefix: "knn/".into(),
            endpoint: None,
        };
        let e = upload(&[], &remote, &BucketKeys::default(), false).unwrap_err();
        assert!(
            e.contains("AWS_ACCESS_KEY_ID") && e.contains("s3://knn-photos/knn/"),
            "{e}"
        );
    }
}

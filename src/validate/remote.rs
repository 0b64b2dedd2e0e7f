//! The photos' bucket settings of `site.yaml` (`images_base_url`, `images_bucket`,
//! `images_endpoint`) and their command-line overrides, checked and resolved into
//! `RemoteImages`: all or nothing, every address a web address, the bucket a valid S3 name.

use super::Overrides;
use super::fields::{Ctx, written};
use crate::diag::Diagnostic;
use crate::model::RemoteImages;
use crate::raw::{RawSite, S};
use crate::urls::{self, Target};

const BUCKET_HINT: &str = "เขียนแบบ s3://ชื่อที่เก็บ/โฟลเดอร์/ เช่น s3://knn-photos/knn/ (ชื่อที่เก็บใช้ a-z 0-9 . - ยาว 3-63 ตัว)";
const URL_HINT: &str = "ใช้ที่อยู่เต็มที่ขึ้นต้นด้วย https:// เช่น https://photos.example.org/knn/";

/// A value as given: on the command line (no place in the file) or in `site.yaml`.
enum Given<'a> {
    Flag(&'static str, &'a str),
    Yaml(&'a S),
}

impl Given<'_> {
    fn value(&self) -> &str {
        match self {
            Given::Flag(_, v) => v.trim(),
            Given::Yaml(s) => s.value.trim(),
        }
    }

    fn error(&self, ctx: &mut Ctx, message: String, hint: &str) {
        match self {
            Given::Flag(flag, _) => ctx
                .diags
                .push(Diagnostic::error("site.yaml", 1, 1, format!("{flag}: {message}")).with_hint(hint)),
            Given::Yaml(s) => ctx.error(s, message, hint),
        }
    }
}

/// The command line's value if given, else `site.yaml`'s.
fn given<'a>(flag: &'static str, over: &'a Option<String>, yaml: &'a Option<S>) -> Option<Given<'a>> {
    match over {
        Some(v) => Some(Given::Flag(flag, v)),
        None => written(yaml).map(Given::Yaml),
    }
}

/// The bucket settings, `Ok(None)` when none is given, `Err` after recording every mistake.
pub(crate) fn images(ctx: &mut Ctx, raw: &RawSite, over: &Overrides) -> Result<Option<RemoteImages>, ()> {
    let bucket = given("--images-bucket", &over.images_bucket, &raw.images_bucket);
    let endpoint = given("--images-endpoint", &over.images_endpoint, &raw.images_endpoint);
    let base = written(&raw.images_base_url).map(Given::Yaml);
    let Some(bucket) = bucket else {
        if let Some(g) = base.as_ref().or(endpoint.as_ref()) {
            let message = "ใส่ที่อยู่ภาพหรือบริการที่เก็บภาพแล้ว แต่ไม่ได้ใส่ที่เก็บภาพ (images_bucket missing)".to_string();
            g.error(
                ctx,
                message,
                "ใส่ images_bucket: s3://ชื่อที่เก็บ/โฟลเดอร์/ หรือลบบรรทัดนี้ถ้าจะเก็บภาพไว้บน GitHub Pages",
            );
            return Err(());
        }
        return Ok(None);
    };
    let split = split_bucket(&bucket);
    if split.is_none() {
        let message = format!("`{}` ใช้เป็นที่เก็บภาพไม่ได้ (invalid images_bucket)", bucket.value());
        bucket.error(ctx, message, BUCKET_HINT);
    }
    let Some(base) = base else {
        let message = "ใส่ที่เก็บภาพแล้ว แต่ไม่ได้ใส่ที่อยู่เว็บของภาพ (images_base_url missing)".to_string();
        bucket.error(
            ctx,
            message,
            "ใส่ images_base_url: ที่อยู่ที่เปิดดูไฟล์ในที่เก็บภาพได้ เช่น https://photos.example.org/knn/",
        );
        return Err(());
    };
    let base_url = web_address(ctx, &base, "ที่อยู่ภาพ (images_base_url)");
    let endpoint = match endpoint {
        Some(e) => Some(web_address(ctx, &e, "บริการที่เก็บภาพ (images_endpoint)").ok_or(())?),
        None => None,
    };
    let ((bucket, prefix), base_url) = (split.ok_or(())?, base_url.ok_or(())?);
    Ok(Some(RemoteImages {
        base_url: format!("{}/", base_url.trim_end_matches('/')),
        bucket,
        prefix,
        endpoint: endpoint.map(|e| e.trim_end_matches('/').to_string()),
    }))
}

/// A web address (`https://` or `http://`), or an error naming `what`.
fn web_address(ctx: &mut Ctx, g: &Given, what: &str) -> Option<String> {
    let url = g.value();
    match urls::check(url) {
        Ok(Target::Web) if !url.contains(['?', '#', '"', '\'', '<', '>']) => Some(url.to_string()),
        Ok(_) => {
            g.error(ctx, urls::Refusal::BadWeb.message(what, url), URL_HINT);
            None
        }
        Err(r) => {
            g.error(ctx, r.message(what, url), URL_HINT);
            None
        }
    }
}

/// `s3://bucket/some/prefix` -> (`bucket`, `some/prefix/`).
fn split_bucket(g: &Given) -> Option<(String, String)> {
    let rest = g.value().strip_prefix("s3://")?;
    let (name, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let name_ok = (3..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && !name.starts_with(['.', '-'])
        && !name.ends_with(['.', '-']);
    let prefix = prefix.trim_matches('/');
    let part_ok = |part: &str| {
        !part.is_empty()
            && part != "."
            && part != ".."
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    let prefix_ok = prefix.is_empty() || prefix.split('/').all(part_ok);
    if !name_ok || !prefix_ok {
        return None;
    }
    let prefix = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}/")
    };
    Some((name.to_string(), prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(v: &str) -> Option<(String, String)> {
        split_bucket(&Given::Flag("--images-bucket", v))
    }

    #[test]
    fn buckets_are_split_into_name_and_folder() {
        assert_eq!(
            split("s3://knn-photos/knn/"),
            Some(("knn-photos".into(), "knn/".into()))
        );
        assert_eq!(split("s3://knn-photos/a/b"), Some(("knn-photos".into(), "a/b/".into())));
        assert_eq!(split("s3://knn-photos"), Some(("knn-photos".into(), String::new())));
        assert_eq!(split("s3://knn-photos/"), Some(("knn-photos".into(), String::new())));
    }

    #[test]
    fn odd_buckets_are_refused() {
        for bad in [
            "knn-photos",
            "https://knn-photos/",
            "s3://KNN/",
            "s3://ab/",
            "s3://-knn/",
            "s3://knn/../x/",
            "s3://knn/a//b/",
            "s3://knn/ภาพ/",
            "s3://knn/a b/",
        ] {
            assert_eq!(split(bad), None, "{bad}");
        }
    }
}

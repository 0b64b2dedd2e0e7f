//! Validation of a plot's page bundles (activities, lessons, products with their photos) and
//! of its `markets.yaml`.

use super::PlotFiles;
use super::fields::{Ctx, opt_text, texts};
use crate::diag::{Diagnostic, nearest};
use crate::frontmatter;
use crate::load::Sources;
use crate::model::{Activity, Lesson, Link, Market, Photo, Product, Reporter};
use crate::options::{ACTIVITY_KINDS, MARKET_KINDS, MARKET_LEVELS, PRODUCT_CATEGORIES, STRATEGIES};
use crate::raw::{RawActivity, RawLesson, RawMarket, RawPhoto, RawProduct, S};
use crate::values;

/// What a plot folder holds besides `plot.md`.
pub(crate) type Contents = (Vec<Activity>, Vec<Lesson>, Vec<Product>, Vec<Market>);

/// Validates every bundle and the markets of a plot.
pub(crate) fn validate_contents(
    sources: &Sources,
    files: &PlotFiles,
    min_photos: usize,
    diags: &mut Vec<Diagnostic>,
) -> Contents {
    let (mut activities, mut lessons, mut products) = (Vec::new(), Vec::new(), Vec::new());
    for (&(section, slug), &(path, text)) in &files.pages {
        let dir = format!("{}/{section}/{slug}", files.dir);
        if !valid_bundle_name(section, slug, path, diags) {
            continue;
        }
        let Ok(split) = frontmatter::split(path, text).map_err(|d| diags.push(d)) else {
            continue;
        };
        diags.extend(frontmatter::placeholder(path, text));
        super::links::check_split(path, &split, diags);
        let at = Bundle {
            path,
            dir: &dir,
            split: &split,
        };
        match section {
            "activities" => activities.extend(bundle::<RawActivity, _>(sources, &at, diags, |ctx, raw, photos| {
                activity(ctx, slug, raw, photos, split.body, min_photos)
            })),
            "lessons" => lessons.extend(bundle::<RawLesson, _>(sources, &at, diags, |ctx, raw, photos| {
                lesson(ctx, slug, raw, photos, split.body)
            })),
            _ => products.extend(bundle::<RawProduct, _>(sources, &at, diags, |ctx, raw, photos| {
                product(ctx, slug, raw, photos, split.body)
            })),
        }
    }
    activities.sort_by(|a: &Activity, b: &Activity| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    lessons.sort_by_key(|l: &Lesson| std::cmp::Reverse(l.date));
    products.sort_by(|a: &Product, b: &Product| crate::thai::compare(&a.name, &b.name));
    let markets = files
        .markets
        .map(|(path, text)| markets(path, text, diags))
        .unwrap_or_default();
    (activities, lessons, products, markets)
}

/// One page bundle being validated.
struct Bundle<'a> {
    path: &'a str,
    dir: &'a str,
    split: &'a frontmatter::Split<'a>,
}

/// Front matter that may order and caption its bundle's photos.
trait HasPhotos {
    fn photos(&self) -> &Option<Vec<RawPhoto>>;
}

macro_rules! has_photos {
    ($($t:ty),*) => { $(impl HasPhotos for $t { fn photos(&self) -> &Option<Vec<RawPhoto>> { &self.photos } })* };
}
has_photos!(RawActivity, RawLesson, RawProduct);

/// Reads a bundle's front matter as `R`, gathers its photos, and builds it with `make`.
fn bundle<R: serde::de::DeserializeOwned + HasPhotos, T>(
    sources: &Sources,
    b: &Bundle,
    diags: &mut Vec<Diagnostic>,
    make: impl FnOnce(&mut Ctx, R, Vec<Photo>) -> Option<T>,
) -> Option<T> {
    let raw: R = frontmatter::parse(b.path, b.split.yaml, b.split.line_offset)
        .map_err(|d| diags.push(d))
        .ok()?;
    let mut ctx = Ctx {
        file: b.path,
        offset: b.split.line_offset,
        diags,
    };
    let photos = photos(sources, b.dir, raw.photos(), &mut ctx);
    make(&mut ctx, raw, photos)
}

/// A folder name usable in a URL: lower-case ASCII letters, digits and hyphens.
pub(crate) fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A URL-safe version of `name` (ASCII letters and digits kept, the rest turned to hyphens).
pub(crate) fn suggest_slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "ชื่อภาษาอังกฤษ-เช่น-ao-mue".to_string()
    } else {
        out
    }
}

/// Checks a bundle folder name; activities start with their C.E. date.
fn valid_bundle_name(section: &str, slug: &str, path: &str, diags: &mut Vec<Diagnostic>) -> bool {
    let dated =
        section != "activities" || (slug.len() > 11 && values::date(&slug[..10]).is_ok() && &slug[10..11] == "-");
    if is_slug(slug) && dated {
        return true;
    }
    let example = if section == "activities" {
        "2023-11-15-ao-mue-plant-trees"
    } else {
        "banana-chips"
    };
    diags.push(
        Diagnostic::error(path, 1, 1, format!("ชื่อโฟลเดอร์ `{slug}` ใช้ไม่ได้ (invalid folder name)")).with_hint(format!(
            "ใช้ตัวอักษรอังกฤษตัวเล็ก ตัวเลข และขีด - เท่านั้น{} เช่น {example}",
            if section == "activities" {
                " และขึ้นต้นด้วยวันที่ ปี ค.ศ.-เดือน-วัน"
            } else {
                ""
            }
        )),
    );
    false
}

/// Builds an activity.
fn activity(
    ctx: &mut Ctx,
    slug: &str,
    raw: RawActivity,
    photos: Vec<Photo>,
    body: &str,
    min_photos: usize,
) -> Option<Activity> {
    let title = ctx.text(&raw.title, "title", "ชื่อกิจกรรม");
    let date = ctx.date(&raw.date, "date", "วันที่");
    let kind = ctx.choice(&raw.kind, "kind", "ประเภท", ACTIVITY_KINDS);
    let strategies = ctx.choices(&raw.strategies, "ยุทธศาสตร์", STRATEGIES);
    let participants = ctx.whole(&raw.participants);
    let publicity = links(ctx, &raw.publicity);
    let reporter = reporter(ctx, &raw);
    let folder_date = values::date(&slug[..10]).ok();
    if let (Some(d), Some(s), Some(folder)) = (date, &raw.date, folder_date)
        && folder != d
    {
        let message = format!("วันที่ไม่ตรงกับชื่อโฟลเดอร์ `{}` (date differs from folder name)", &slug[..10]);
        let hint = format!(
            "แก้ให้ตรงกัน: ถ้าจัดกิจกรรมวันที่ {} ให้เปลี่ยนชื่อโฟลเดอร์เป็น `{}{}` (ชื่อโฟลเดอร์ใช้ปี ค.ศ.); ถ้าจัดวันที่ {} ให้แก้เป็น `{}`",
            d.thai_short(false),
            d.iso(),
            &slug[10..],
            folder.thai_short(false),
            folder.thai_short(false),
        );
        ctx.warning(s, message, hint);
    }
    if photos.len() < min_photos {
        let line = ctx.offset.max(1);
        ctx.diags.push(
            Diagnostic::warning(
                ctx.file,
                line,
                1,
                format!(
                    "มีภาพ {} ภาพ น้อยกว่า {min_photos} ภาพตามแบบรายงาน (fewer than {min_photos} photos)",
                    photos.len()
                ),
            )
            .with_hint("เพิ่มไฟล์ภาพ .jpg ในโฟลเดอร์เดียวกับไฟล์นี้"),
        );
    }
    Some(Activity {
        slug: slug.to_string(),
        title: title?,
        date: date?,
        kind: kind?,
        strategies,
        participants,
        publicity,
        reporter: reporter?,
        photos,
        body: body.to_string(),
    })
}

/// The reporter block (name and position required).
fn reporter(ctx: &mut Ctx, raw: &RawActivity) -> Option<Reporter> {
    let Some(r) = &raw.reporter else {
        ctx.required(&None, "reporter", "ผู้รายงาน");
        return None;
    };
    let name = ctx.text(&r.value.name, "reporter.name", "ชื่อผู้รายงาน");
    let position = ctx.text(&r.value.position, "reporter.position", "ตำแหน่ง");
    let date = r.value.date.as_ref().and_then(|s| ctx.date_of(s));
    Some(Reporter {
        name: name?,
        position: position?,
        date,
    })
}

/// Publicity links: absolute http(s) URLs, platform recognised from the host.
fn links(ctx: &mut Ctx, raw: &Option<Vec<S>>) -> Vec<Link> {
    raw.iter()
        .flatten()
        .filter_map(|s| match url_host(s.value.trim()) {
            Some(host) => Some(Link {
                url: s.value.trim().to_string(),
                platform: platform(&host),
            }),
            None => {
                ctx.error(
                    s,
                    format!("`{}` ไม่ใช่ลิงก์ที่ถูกต้อง (invalid URL)", s.value.trim()),
                    "คัดลอกลิงก์เต็มจากแถบที่อยู่ของเบราว์เซอร์ ขึ้นต้นด้วย https:// ไม่มีช่องว่าง และใส่บรรทัดละ 1 ลิงก์ (full http(s) URL, no spaces)",
                );
                None
            }
        })
        .collect()
}

/// The host of a well-formed absolute http(s) URL (parsed as browsers do, WHATWG), or `None`.
/// Whitespace is refused: in a pasted link it means text or a second link ran into it.
pub(crate) fn url_host(url: &str) -> Option<String> {
    if url.contains(char::is_whitespace) {
        return None;
    }
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") || !url.contains("://") {
        return None;
    }
    let host = parsed.host_str()?.to_lowercase();
    host.contains('.').then_some(host)
}

/// The platform of a publicity link, named as the form names it.
fn platform(host: &str) -> &'static str {
    let is = |d: &str| host == d || host.ends_with(&format!(".{d}"));
    if is("facebook.com") || is("fb.watch") || is("fb.com") {
        "Facebook"
    } else if is("youtube.com") || is("youtu.be") {
        "YouTube"
    } else if is("tiktok.com") {
        "TikTok"
    } else if is("line.me") {
        "LINE"
    } else {
        "เว็บไซต์"
    }
}

/// Builds a lesson.
fn lesson(ctx: &mut Ctx, slug: &str, raw: RawLesson, photos: Vec<Photo>, body: &str) -> Option<Lesson> {
    let title = ctx.text(&raw.title, "title", "ชื่อเรื่อง");
    let date = ctx.date(&raw.date, "date", "วันที่");
    let topic = ctx.text(&raw.topic, "topic", "ประเด็น");
    let honoured = ctx.yes_no(&raw.honoured, false);
    Some(Lesson {
        slug: slug.to_string(),
        title: title?,
        date: date?,
        topic: topic?,
        success_factors: texts(&raw.success_factors),
        honoured,
        photos,
        body: body.to_string(),
    })
}

/// Builds a product.
fn product(ctx: &mut Ctx, slug: &str, raw: RawProduct, photos: Vec<Photo>, body: &str) -> Option<Product> {
    let name = ctx.text(&raw.name, "name", "ชื่อผลิตภัณฑ์");
    let category = ctx.choice(&raw.category, "category", "ประเภท", PRODUCT_CATEGORIES);
    let price = ctx.number(&raw.price);
    Some(Product {
        slug: slug.to_string(),
        name: name?,
        category: category?,
        certifications: texts(&raw.certifications),
        price,
        unit: opt_text(&raw.unit),
        order: opt_text(&raw.order),
        photos,
        body: body.to_string(),
    })
}

/// Reads `markets.yaml`: a list of markets.
fn markets(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Market> {
    let Ok(raw) = frontmatter::parse::<Vec<RawMarket>>(path, text, 0).map_err(|d| diags.push(d)) else {
        return Vec::new();
    };
    let mut ctx = Ctx {
        file: path,
        offset: 0,
        diags,
    };
    raw.into_iter().filter_map(|m| market(&mut ctx, m)).collect()
}

/// One market.
fn market(ctx: &mut Ctx, m: RawMarket) -> Option<Market> {
    let name = ctx.text(&m.name, "name", "ชื่อตลาด");
    let level = ctx.choice(&m.level, "level", "ระดับ", MARKET_LEVELS);
    let kind = ctx.choice(&m.kind, "kind", "ประเภท", MARKET_KINDS);
    let link = m.link.as_ref().and_then(|s| match url_host(s.value.trim()) {
        Some(_) => Some(s.value.trim().to_string()),
        None => {
            ctx.error(
                s,
                format!("`{}` ไม่ใช่ลิงก์ที่ถูกต้อง (invalid URL)", s.value.trim()),
                "ลิงก์ต้องขึ้นต้นด้วย https:// และไม่มีช่องว่าง (full http(s) URL, no spaces)",
            );
            None
        }
    });
    Some(Market {
        name: name?,
        level: level?,
        kind: kind?,
        schedule: opt_text(&m.schedule),
        place: opt_text(&m.place),
        link,
    })
}

/// The photos of a bundle: those listed in `photos:` first (with captions), then the others
/// by file name. A listed file that does not exist is an error naming the nearest file.
fn photos(sources: &Sources, dir: &str, listed: &Option<Vec<RawPhoto>>, ctx: &mut Ctx) -> Vec<Photo> {
    let prefix = format!("{dir}/");
    let files: Vec<(&str, &String)> = sources
        .photos
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .filter(|(k, _)| !k[prefix.len()..].contains('/'))
        .map(|(k, _)| (&k[prefix.len()..], k))
        .collect();
    let mut order: Vec<(&str, Option<String>)> = Vec::new();
    for p in listed.iter().flatten() {
        let name = p.file.value.trim();
        if files.iter().any(|(f, _)| *f == name) {
            order.push((
                files.iter().find(|(f, _)| *f == name).map(|(f, _)| *f).unwrap_or(name),
                p.caption.as_ref().map(|c| c.value.trim().to_string()),
            ));
        } else {
            let hint = match nearest(name, files.iter().map(|(f, _)| *f)) {
                Some(n) => format!("หมายถึง `{n}` หรือไม่? ชื่อไฟล์ต้องตรงทุกตัวอักษร รวมทั้งตัวพิมพ์ใหญ่เล็ก"),
                None => "วางไฟล์ภาพไว้ในโฟลเดอร์เดียวกับไฟล์ index.md".into(),
            };
            ctx.error(&p.file, format!("ไม่พบไฟล์ภาพ `{name}` (photo not found)"), hint);
        }
    }
    for (f, _) in &files {
        if !order.iter().any(|(o, _)| o == f) {
            order.push((f, None));
        }
    }
    let mut stems: Vec<String> = Vec::new();
    order
        .into_iter()
        .map(|(file, caption)| {
            let source = format!("{prefix}{file}");
            let stem = unique_stem(file, &mut stems);
            Photo {
                path: sources.photos[&source].clone(),
                source,
                stem,
                caption,
            }
        })
        .collect()
}

/// A URL-safe, bundle-unique output name for a photo file name.
fn unique_stem(file: &str, taken: &mut Vec<String>) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let mut base = suggest_slug(stem);
    if !is_slug(&base) {
        base = format!("photo-{}", taken.len() + 1);
    }
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_names_become_url_safe_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(unique_stem("IMG_0001.JPG", &mut taken), "img-0001");
        assert_eq!(unique_stem("img 0001.jpg", &mut taken), "img-0001-2");
        assert_eq!(unique_stem("ภาพกิจกรรม.jpg", &mut taken), "photo-3");
    }

    #[test]
    fn platforms_are_recognised_from_hosts() {
        assert_eq!(
            platform(&url_host("https://www.facebook.com/x/posts/1").unwrap()),
            "Facebook"
        );
        assert_eq!(platform(&url_host("https://youtu.be/abc").unwrap()), "YouTube");
        assert_eq!(platform(&url_host("https://cdd.go.th/news").unwrap()), "เว็บไซต์");
        assert_eq!(url_host("facebook.com/x"), None);
        for bad in [
            "https://www.facebook.com/x ดูได้ที่เพจ",
            "https://www.facebook.com/xhttps://youtu.be/y z",
            "ftp://cdd.go.th/file",
            "javascript:alert(1)",
            "https://",
            "https:/cdd.go.th/news",
            "https://localhost/x",
            "https://exa mple.com/",
            "https://[::1/",
        ] {
            assert_eq!(url_host(bad), None, "{bad}");
        }
        assert_eq!(
            url_host("https://www.facebook.com/ศูนย์เรียนรู้/posts/1?ref=x#c").as_deref(),
            Some("www.facebook.com")
        );
    }
}

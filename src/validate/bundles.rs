//! Validation of a plot's page bundles (activities, lessons, products with their photos) and
//! of its `markets.yaml`, with the warnings about what the monthly form asks of an activity
//! (a publicity link, a report dated after the activity).

use super::PlotFiles;
use super::fields::{Ctx, opt_text, texts, written};
use super::names::{self, Known};
use super::photos::photos;
use super::tracking;
use crate::diag::Diagnostic;
use crate::frontmatter;
use crate::load::Body;
use crate::load::Sources;
use crate::model::{Activity, Lesson, Link, Market, Photo, Product, Reporter};
use crate::options::{ACTIVITY_KINDS, MARKET_KINDS, MARKET_LEVELS, PRODUCT_CATEGORIES, STRATEGIES};
use crate::raw::{RawActivity, RawLesson, RawMarket, RawPhoto, RawProduct, S};
use crate::values::{self, AMOUNT, COUNT};

/// What a plot folder holds besides `plot.md`.
pub(crate) type Contents = (Vec<Activity>, Vec<Lesson>, Vec<Product>, Vec<Market>);

/// Validates every bundle and the markets of a plot.
pub(crate) fn validate_contents(sources: &Sources, files: &PlotFiles, diags: &mut Vec<Diagnostic>) -> Contents {
    let (mut activities, mut lessons, mut products) = (Vec::new(), Vec::new(), Vec::new());
    for (&(section, slug), &path) in &files.pages {
        let text = match sources.texts.validated(path) {
            Ok(text) => text,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let text = text.as_ref();
        let dir = format!("{}/{section}/{slug}", files.dir);
        if let Some(d) = names::check_bundle(section, slug, path, || known(text)) {
            diags.push(d);
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
        let body = || sources.texts.body(path, text, split.body);
        match section {
            "activities" => activities.extend(bundle::<RawActivity, _>(sources, &at, diags, |ctx, raw, photos| {
                activity(ctx, slug, raw, photos, body())
            })),
            "lessons" => lessons.extend(bundle::<RawLesson, _>(sources, &at, diags, |ctx, raw, photos| {
                lesson(ctx, slug, raw, photos, body())
            })),
            _ => products.extend(bundle::<RawProduct, _>(sources, &at, diags, |ctx, raw, photos| {
                product(ctx, slug, raw, photos, body())
            })),
        }
    }
    activities.sort_by(|a: &Activity, b: &Activity| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    lessons.sort_by_key(|l: &Lesson| std::cmp::Reverse(l.date));
    products.sort_by(|a: &Product, b: &Product| crate::thai::compare(&a.name, &b.name));
    let markets = match files.markets.map(|path| (path, sources.texts.validated(path))) {
        Some((path, Ok(text))) => markets(path, &text, diags),
        Some((_, Err(d))) => {
            diags.push(d);
            Vec::new()
        }
        None => Vec::new(),
    };
    (activities, lessons, products, markets)
}

/// One page bundle being validated.
struct Bundle<'a> {
    path: &'a str,
    dir: &'a str,
    split: &'a frontmatter::Split<'a>,
}

/// Front matter of a page bundle: it may order and caption its photos, and may name its plot
/// folder (the web form writes it).
trait HasPhotos {
    fn photos(&self) -> &Option<Vec<RawPhoto>>;
    fn plot(&self) -> &Option<S>;
}

macro_rules! has_photos {
    ($($t:ty),*) => { $(impl HasPhotos for $t {
        fn photos(&self) -> &Option<Vec<RawPhoto>> { &self.photos }
        fn plot(&self) -> &Option<S> { &self.plot }
    })* };
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
        yaml: b.split.yaml,
        offset: b.split.line_offset,
        diags,
    };
    plot_named(&mut ctx, b.dir, raw.plot());
    let photos = photos(sources, b.dir, raw.photos(), &mut ctx);
    make(&mut ctx, raw, photos)
}

/// `plot:` (written by the web form, which saves a page under the plot it names) must be the
/// folder of the plot the page is in: a page saved under another plot is an error at that line.
fn plot_named(ctx: &mut Ctx, dir: &str, plot: &Option<S>) {
    let Some(named) = plot else {
        return;
    };
    let folder = dir.split('/').nth(2).unwrap_or_default();
    let value = named.value.trim();
    if value.is_empty() || value == folder {
        return;
    }
    ctx.error(
        named,
        format!("`plot: {value}` ไม่ตรงกับโฟลเดอร์แปลง `{folder}` ที่ไฟล์นี้อยู่ (plot differs from folder)"),
        format!("ย้ายโฟลเดอร์ของหน้านี้ไปไว้ใต้แปลง `{value}` หรือแก้เป็น `plot: {folder}` หรือลบบรรทัดนี้"),
    );
}

/// What a badly named activity's front matter says (its date and kind), to suggest a folder
/// name from; nothing when it cannot be read.
fn known(text: &str) -> Known<'static> {
    let raw = frontmatter::split("", text)
        .ok()
        .and_then(|split| frontmatter::parse::<RawActivity>("", split.yaml, 0).ok());
    let Some(raw) = raw else {
        return Known::default();
    };
    Known {
        date: raw.date.and_then(|d| values::date(&d.value).ok()),
        kind: raw
            .kind
            .and_then(|k| values::choice(ACTIVITY_KINDS, &k.value).ok())
            .map(|o| o.key),
    }
}

/// Builds an activity.
fn activity(ctx: &mut Ctx, slug: &str, raw: RawActivity, photos: Vec<Photo>, body: Body) -> Option<Activity> {
    let title = ctx.text(&raw.title, "title", "ชื่อกิจกรรม");
    let date = ctx.date(&raw.date, "date", "วันที่");
    let kind = ctx.choice(&raw.kind, "kind", "ประเภท", ACTIVITY_KINDS);
    let strategies = ctx.choices(&raw.strategies, "ยุทธศาสตร์", STRATEGIES);
    let participants = ctx.whole(&raw.participants, &COUNT);
    let publicity = links(ctx, &raw.publicity);
    let reporter = reporter(ctx, &raw);
    if let (Some(d), Some(s)) = (date, &raw.date) {
        folder_date_differs(ctx, slug, d, s);
    }
    if publicity.is_empty() && raw.publicity.iter().flatten().next().is_none() {
        no_publicity(ctx);
    }
    if let (Some(d), Some(Some(reported)), Some(r)) = (date, reporter.as_ref().map(|r| r.date), &raw.reporter)
        && reported < d
        && let Some(s) = written(&r.value.date)
    {
        ctx.warning(
            s,
            format!(
                "วันที่รายงาน {} อยู่ก่อนวันที่จัดกิจกรรม {} (report dated before the activity)",
                reported.thai_short(false),
                d.thai_short(false)
            ),
            "รายงานได้หลังจัดกิจกรรมแล้วเท่านั้น: ตรวจวันที่รายงาน วันที่จัดกิจกรรม และปี พ.ศ./ค.ศ. อีกครั้ง",
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
        body,
    })
}

/// A warning when `date:` is not the date the folder name starts with.
fn folder_date_differs(ctx: &mut Ctx, slug: &str, d: crate::thai::Date, s: &S) {
    let Some((Ok(folder), rest)) = values::leading_date(slug) else {
        return;
    };
    if folder == d {
        return;
    }
    let head: String = slug.chars().take(10).collect();
    let message = format!("วันที่ไม่ตรงกับชื่อโฟลเดอร์ `{head}` (date differs from folder name)");
    let hint = format!(
        "แก้ให้ตรงกัน: ถ้าจัดกิจกรรมวันที่ {} ให้เปลี่ยนชื่อโฟลเดอร์เป็น `{}{rest}` (ชื่อโฟลเดอร์ใช้ปี ค.ศ.); ถ้าจัดวันที่ {} ให้แก้เป็น `{}`",
        d.thai_short(false),
        d.iso(),
        folder.thai_short(false),
        folder.thai_short(false),
    );
    ctx.warning(s, message, hint);
}

/// The warning for an activity without a publicity link (form item 6), at its `publicity:`
/// line when the key is there (as `knn new` leaves it), else at the top.
fn no_publicity(ctx: &mut Ctx) {
    let line = frontmatter::key_line(ctx.yaml, &["publicity", "ช่องทางประชาสัมพันธ์"])
        .map_or(ctx.offset.max(1), |l| l + ctx.offset);
    ctx.diags.push(
        Diagnostic::warning(
            ctx.file,
            line,
            1,
            "ยังไม่มีลิงก์ประชาสัมพันธ์ แบบรายงานข้อ 6 (no publicity link)",
        )
        .with_hint(
            "ใส่ลิงก์โพสต์ Facebook คลิปวิดีโอ หรือข่าวบนเว็บไซต์ บรรทัดละ 1 ลิงก์ใต้ publicity: (ช่องทางประชาสัมพันธ์:) เช่น\n  publicity:\n    - https://www.facebook.com/...\nรายงานประจำเดือนนับว่ากิจกรรมที่ไม่มีลิงก์ยังไม่ได้เผยแพร่",
        ),
    );
}

/// The reporter block (name and position required). A block left empty is an error at its
/// line; a missing key inside it is reported at the block.
fn reporter(ctx: &mut Ctx, raw: &RawActivity) -> Option<Reporter> {
    let Some(r) = &raw.reporter else {
        ctx.required(&None, "reporter", "ผู้รายงาน");
        return None;
    };
    let line = r.referenced.line() as usize + ctx.offset;
    let v = &r.value;
    if v.name.is_none() && v.position.is_none() && v.date.is_none() {
        let column = r.referenced.column() as usize;
        ctx.diags.push(
            Diagnostic::error(ctx.file, line, column, "ยังไม่ได้กรอก `reporter` (ผู้รายงาน) (empty value)").with_hint(
                "เขียนชื่อและตำแหน่งในบรรทัดถัดไป โดยเว้นวรรค 2 ช่องหน้าบรรทัด เช่น\n  reporter:\n    name: นางสาวสมใจ ตั้งใจงาน\n    position: พัฒนากรผู้ประสานงานตำบล",
            ),
        );
        return None;
    }
    let name = ctx.required_at(&v.name, "reporter.name", "ชื่อผู้รายงาน", line);
    let name = name.map(|s| s.value.trim().to_string());
    let position = ctx.required_at(&v.position, "reporter.position", "ตำแหน่ง", line);
    let position = position.map(|s| s.value.trim().to_string());
    let date = ctx.optional_date(&v.date);
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
                url: tracking::clean(s.value.trim(), &host),
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

/// The host of a well-formed absolute http(s) URL (one the allow-list of `crate::urls` takes as
/// a web link, parsed as browsers do, WHATWG), or `None`. Whitespace is refused: in a pasted
/// link it means text or a second link ran into it.
pub(crate) fn url_host(url: &str) -> Option<String> {
    if url.contains(char::is_whitespace) || crate::urls::check(url) != Ok(crate::urls::Target::Web) {
        return None;
    }
    if !url.contains("://") {
        return None;
    }
    let host = url::Url::parse(url).ok()?.host_str()?.to_lowercase();
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
fn lesson(ctx: &mut Ctx, slug: &str, raw: RawLesson, photos: Vec<Photo>, body: Body) -> Option<Lesson> {
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
        body,
    })
}

/// Builds a product.
fn product(ctx: &mut Ctx, slug: &str, raw: RawProduct, photos: Vec<Photo>, body: Body) -> Option<Product> {
    let name = ctx.text(&raw.name, "name", "ชื่อผลิตภัณฑ์");
    let category = ctx.choice(&raw.category, "category", "ประเภท", PRODUCT_CATEGORIES);
    let price = ctx.number(&raw.price, &AMOUNT);
    Some(Product {
        slug: slug.to_string(),
        name: name?,
        category: category?,
        certifications: texts(&raw.certifications),
        price,
        unit: opt_text(&raw.unit),
        order: opt_text(&raw.order),
        photos,
        body,
    })
}

/// Reads `markets.yaml`: a list of markets.
fn markets(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Market> {
    let Ok(raw) = frontmatter::parse::<Vec<RawMarket>>(path, text, 0).map_err(|d| diags.push(d)) else {
        return Vec::new();
    };
    let mut ctx = Ctx {
        file: path,
        yaml: text,
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
    let link = written(&m.link).and_then(|s| match url_host(s.value.trim()) {
        Some(host) => Some(tracking::clean(s.value.trim(), &host)),
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

#[cfg(test)]
mod tests {
    use super::*;

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

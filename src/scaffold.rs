//! `knn new`: a new activity, plot, lesson or product as a page bundle whose front matter follows
//! the official report form item by item, in Thai, with a comment per field and today's date
//! in B.E. It refuses, with the nearest name, a district or plot that does not exist.

use crate::diag::nearest;
use crate::frontmatter::{PLACEHOLDER, scalar};
use crate::options::{ACTIVITY_KINDS, MODELS, PARTS, PRODUCT_CATEGORIES, PROGRAMMES, RATINGS, STRATEGIES};
use crate::registry::Registry;
use crate::thai::Date;
use crate::values::{self, Opt};
use crate::{load, write};
use std::path::{Path, PathBuf};

/// What `knn new` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Kind {
    /// กิจกรรม: `activities/<YYYY-MM-DD-slug>/index.md`
    Activity,
    /// แปลง: `districts/<district>/<plot>/plot.md`
    Plot,
    /// ถอดบทเรียน: `lessons/<slug>/index.md`
    Lesson,
    /// ผลิตภัณฑ์: `products/<slug>/index.md`
    Product,
}

/// The arguments of `knn new`.
#[derive(Debug, Clone)]
pub(crate) struct NewOptions {
    pub(crate) site: PathBuf,
    pub(crate) kind: Kind,
    /// `<district>/<plot>`.
    pub(crate) target: String,
    pub(crate) name: String,
    /// The date as typed (B.E. or C.E.); today when absent.
    pub(crate) date: Option<String>,
    pub(crate) slug: Option<String>,
    pub(crate) activity_kind: Option<String>,
}

/// Creates the page and returns what to tell the user, or a Thai error with a way out.
pub(crate) fn run(opts: &NewOptions, today: Date) -> Result<String, String> {
    let date = match &opts.date {
        Some(text) => values::date(text).map_err(|_| {
            format!("อ่านวันที่ `{text}` ไม่ได้ (invalid date)\n  = วิธีแก้ (hint): ใช้รูปแบบ ปี-เดือน-วัน เช่น --date 2569-11-25")
        })?,
        None => today,
    };
    let activity_kind = match &opts.activity_kind {
        Some(k) => Some(values::choice(ACTIVITY_KINDS, k).map_err(|near| unknown_kind(k, near))?),
        None => None,
    };
    if opts.name.trim().is_empty() {
        return Err(
            "ต้องระบุชื่อ (name is empty)\n  = วิธีแก้ (hint): ใส่ชื่อในเครื่องหมายคำพูด เช่น \"เอามื้อสามัคคีขุดคลองไส้ไก่\"".into(),
        );
    }
    let folders = load::plot_folders(&opts.site)?;
    let (district, plot) = split_target(&opts.target)?;
    let registry = Registry::shipped();
    let district = registry.find_district(district)?;
    let (path, text) = match opts.kind {
        Kind::Plot => {
            check_slug(plot, "แปลง (plot)")?;
            if folders.iter().any(|(d, p)| *d == district.slug() && p == plot) {
                return Err(format!(
                    "แปลง `{}/{plot}` มีอยู่แล้ว (plot exists)\n  = วิธีแก้ (hint): เลือกชื่อโฟลเดอร์อื่น หรือแก้ไฟล์ plot.md ที่มีอยู่",
                    district.slug()
                ));
            }
            let dir = opts.site.join("districts").join(district.slug()).join(plot);
            (dir.join("plot.md"), plot_template(&opts.name, district))
        }
        kind => {
            let plot = find_plot(&folders, &district.slug(), plot)?;
            let base = opts.site.join("districts").join(district.slug()).join(plot);
            let slug = opts
                .slug
                .clone()
                .unwrap_or_else(|| default_slug(&opts.name, activity_kind.map(|k| k.key)));
            check_slug(&slug, "โฟลเดอร์ (folder)")?;
            let (folder, stem, text) = match kind {
                Kind::Activity => (
                    "activities",
                    format!("{}-{slug}", date.iso()),
                    activity_template(&opts.name, date, activity_kind),
                ),
                Kind::Lesson => ("lessons", slug, lesson_template(&opts.name, date)),
                _ => ("products", slug, product_template(&opts.name)),
            };
            (unused(&base.join(folder), &stem).join("index.md"), text)
        }
    };
    write::create_new(&path, &text)?;
    Ok(done_message(opts.kind, &path))
}

/// `bang-khla/my-plot` -> (`bang-khla`, `my-plot`).
fn split_target(target: &str) -> Result<(&str, &str), String> {
    let t = target.trim().trim_matches('/');
    let t = t.strip_prefix("districts/").unwrap_or(t);
    match t.split_once('/') {
        Some((d, p)) if !d.is_empty() && !p.is_empty() && !p.contains('/') => Ok((d, p)),
        _ => Err(format!(
            "`{target}` ไม่ใช่ <อำเภอ>/<แปลง> (expected <district>/<plot>)\n  = วิธีแก้ (hint): เช่น knn new activity bang-khla/sao-cha-ngok-learning-centre \"ชื่อกิจกรรม\""
        )),
    }
}

/// The plot folder `plot` of `district`, or an error naming the nearest plot.
fn find_plot<'f>(folders: &'f [(String, String)], district: &str, plot: &str) -> Result<&'f str, String> {
    let here: Vec<&str> = folders
        .iter()
        .filter(|(d, _)| d == district)
        .map(|(_, p)| p.as_str())
        .collect();
    if let Some(p) = here.iter().find(|p| **p == plot) {
        return Ok(p);
    }
    let elsewhere = folders.iter().find(|(_, p)| p == plot).map(|(d, _)| d);
    let hint = match (nearest(plot, here.iter().copied()), elsewhere) {
        (_, Some(d)) => format!("แปลงนี้อยู่ในอำเภอ `{d}`: ใช้ {d}/{plot}"),
        (Some(n), None) => format!("หมายถึง `{district}/{n}` หรือไม่?"),
        (None, None) if here.is_empty() => {
            format!("อำเภอนี้ยังไม่มีแปลง สร้างแปลงก่อนด้วย knn new plot {district}/<ชื่อโฟลเดอร์แปลง> \"ชื่อแปลง\"")
        }
        (None, None) => format!("แปลงในอำเภอนี้: {}", here.join(", ")),
    };
    Err(format!(
        "ไม่พบแปลง `{district}/{plot}` (plot not found)\n  = วิธีแก้ (hint): {hint}"
    ))
}

/// Folder names are `a-z`, `0-9` and `-` only.
fn check_slug(slug: &str, what: &str) -> Result<(), String> {
    let ok = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "ชื่อ{what} `{slug}` ใช้ได้เฉพาะ a-z, 0-9 และ - (invalid folder name)\n  = วิธีแก้ (hint): เช่น ao-mue-khut-khlong หรือใช้ --slug"
        ))
    }
}

/// The folder name when none is given: Latin words of the name, else the activity kind,
/// else `activity`.
fn default_slug(name: &str, kind: Option<&str>) -> String {
    let latin: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if !latin.is_empty() {
        return latin
            .join("-")
            .chars()
            .take(40)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string();
    }
    kind.unwrap_or("activity").to_string()
}

/// `dir/stem`, or `dir/stem-2`, `-3`... when it is taken.
fn unused(dir: &Path, stem: &str) -> PathBuf {
    let mut n = 1;
    loop {
        let name = if n == 1 {
            stem.to_string()
        } else {
            format!("{stem}-{n}")
        };
        let path = dir.join(&name);
        if !path.exists() {
            return path;
        }
        n += 1;
    }
}

/// What to tell the user after creating `path`.
fn done_message(kind: Kind, path: &Path) -> String {
    let folder = path.parent().unwrap_or(Path::new(".")).display();
    let mut out = format!("สร้างไฟล์แล้ว (created): {}\n", path.display());
    out.push_str("ขั้นต่อไป (next):\n  1. เปิดไฟล์นี้แล้วกรอกทุกหัวข้อที่ว่างอยู่ (บรรทัดที่ขึ้นต้นด้วย # คือคำอธิบาย)\n");
    match kind {
        Kind::Activity => out.push_str(&format!(
            "  2. คัดลอกภาพกิจกรรมอย่างน้อย 6 ภาพ (.jpg) ไปไว้ในโฟลเดอร์ {folder}\n"
        )),
        Kind::Plot => out.push_str("  2. ตรวจว่าชื่อตำบลตรงกับรายชื่อในคำอธิบาย\n"),
        _ => out.push_str(&format!("  2. วางภาพ (.jpg) ไว้ในโฟลเดอร์ {folder} ถ้ามี\n")),
    }
    out.push_str("  3. ตรวจด้วย knn check หรือดูหน้าเว็บด้วย knn serve\n");
    out
}

/// `key = label` for every value of a table, for a comment.
fn listed(table: &[Opt]) -> String {
    table
        .iter()
        .map(|o| format!("{} = {}", o.key, o.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `2569-11-25`: the date as staff write it, B.E.
fn be(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year + 543, date.month, date.day)
}

/// The front matter of a new activity (form items 4-6 and the signature block).
fn activity_template(name: &str, date: Date, kind: Option<&Opt>) -> String {
    format!(
        r#"---
# กิจกรรมตามแบบรายงานประจำเดือน (activity): กรอกทุกหัวข้อ บรรทัดที่ขึ้นต้นด้วย # คือคำอธิบาย
# ข้อ 1-3 (โครงการ ขนาดพื้นที่ เจ้าของแปลงและที่อยู่) อยู่ในไฟล์ plot.md ของแปลงแล้ว ไม่ต้องกรอกซ้ำ

# ข้อ 4 ชื่อกิจกรรม (title)
title: {name}
# วันที่จัดกิจกรรม ปี พ.ศ. (date) เช่น 2569-11-25 หรือ 25/11/2569
date: {date}
# ประเภทกิจกรรม (kind) เลือกหนึ่งค่า: {kinds}
kind:{kind}
# ยุทธศาสตร์ (strategies) เลือกได้หลายค่า คั่นด้วยจุลภาค เช่น [place, people]: {strategies}
strategies: []
# จำนวนผู้เข้าร่วม (participants) เป็นตัวเลข
participants:
# ข้อ 6 ช่องทางประชาสัมพันธ์ (publicity): ลิงก์เต็มขึ้นต้นด้วย https:// ทีละบรรทัด
# เช่น โพสต์ Facebook คลิปวิดีโอ หรือข่าวบนเว็บไซต์ ต้องมีอย่างน้อย 1 ลิงก์จึงนับว่าเผยแพร่แล้ว
publicity:
#  - https://www.facebook.com/...
# ผู้รายงาน (reporter): ส่วนลงนามท้ายแบบรายงาน
reporter:
  # ชื่อ-นามสกุลผู้รายงาน (name)
  name:
  # ตำแหน่ง (position) เช่น พัฒนากรผู้ประสานงานตำบล
  position:
  # วันที่รายงาน ปี พ.ศ. (report date) ส่งภายในวันที่ 20 ของเดือน
  date: {date}
# ข้อ 5 ภาพกิจกรรม (photos): วางไฟล์ภาพ .jpg อย่างน้อย 6 ภาพในโฟลเดอร์เดียวกับไฟล์นี้
# ถ้าต้องการเรียงลำดับหรือใส่คำบรรยายภาพ ให้ลบ # หน้าบรรทัดด้านล่างแล้วแก้ชื่อไฟล์
# photos:
#   - file: 01.jpg
#     caption: คำบรรยายภาพ
---

"#,
        name = scalar(name),
        date = be(date),
        kind = kind.map(|k| format!(" {}", k.key)).unwrap_or_default(),
        kinds = listed(ACTIVITY_KINDS),
        strategies = listed(STRATEGIES),
    ) + &format!("รายละเอียดกิจกรรม (ข้อ 4): {PLACEHOLDER}ว่าทำอะไร ที่ไหน กับใคร และได้ผลอย่างไร\n")
}

/// The front matter of a new plot (form items 1-3).
fn plot_template(name: &str, district: &crate::registry::DistrictInfo) -> String {
    let subdistricts: Vec<&str> = district.subdistricts.iter().map(|s| s.name_th.as_str()).collect();
    format!(
        r#"---
# แปลง โคก หนอง นา (plot): กรอกทุกหัวข้อ บรรทัดที่ขึ้นต้นด้วย # คือคำอธิบาย
# ชื่อแปลงที่แสดงบนเว็บไซต์ (name)
name: {name}
# ข้อ 3 ชื่อเจ้าของแปลง (owner): แสดงบนเว็บเฉพาะเมื่อเจ้าของยินยอม
owner:
# เจ้าของแปลงยินยอมให้เปิดเผยชื่อหรือไม่ (owner_consent): ใช่ / ไม่ใช่
owner_consent: ไม่ใช่
# ข้อ 1 รูปแบบ (model): {models}
model:
# ข้อ 1 โครงการ (programme): {programmes}
programme:
# ข้อ 2 ขนาดพื้นที่เป็นไร่ (size_rai) เช่น 1, 3 หรือ 15
size_rai:
# ข้อ 3 ที่อยู่ของแปลง (address): บ้านเลขที่ใช้ในรายงานเท่านั้น ไม่แสดงบนเว็บ
address:
  house_no: ""
  moo:
  # ตำบลในอำเภอ{district}: {subdistricts}
  subdistrict:
# ข้อ 3 เบอร์โทรเจ้าของแปลง (phone): ใช้ในรายงานเท่านั้น ไม่แสดงบนเว็บ ใส่ในเครื่องหมายคำพูด
phone: ""
# พิกัดแปลง (lat, lon) ทศนิยม ถ้าทราบ ให้ลบ # ออก
# lat: 13.69
# lon: 101.07
# ระดับความพร้อม (rating): {ratings}
rating:
# องค์ประกอบของแปลง (parts): {parts}
parts: []
# ครูพาทำ (teachers): รายชื่อ คั่นด้วยจุลภาค
teachers: []
# คลัสเตอร์ (clusters) เช่น [สมุนไพร, ไก่ไข่]
clusters: []
# ฐานการเรียนรู้ (stations) แต่ละฐานได้ป้าย QR ของตัวเอง เช่น [ฐานคนรักษ์ดิน, ฐานคนมีน้ำยา]
stations: []
---

"#,
        name = scalar(name),
        district = district.name_th,
        subdistricts = subdistricts.join(", "),
        models = listed(MODELS),
        programmes = listed(PROGRAMMES),
        ratings = listed(RATINGS),
        parts = listed(PARTS),
    ) + &format!("แนะนำแปลง: {PLACEHOLDER}ว่าแปลงมีอะไร ทำอะไร และเปิดให้เรียนรู้เรื่องใด\n")
}

/// The front matter of a new lesson (ถอดบทเรียน).
fn lesson_template(name: &str, date: Date) -> String {
    format!(
        r#"---
# ถอดบทเรียน (lesson / Best Practice): บรรทัดที่ขึ้นต้นด้วย # คือคำอธิบาย
# ชื่อเรื่อง (title)
title: {name}
# วันที่เขียน ปี พ.ศ. (date)
date: {date}
# ประเด็น (topic) เช่น การบริหารจัดการน้ำ
topic:
# ปัจจัยความสำเร็จ (success_factors): ทีละบรรทัด ขึ้นต้นด้วย -
success_factors:
#  - ...
# ได้รับการยกย่องเชิดชูเกียรติหรือไม่ (honoured): ใช่ / ไม่ใช่
honoured: ไม่ใช่
---

"#,
        name = scalar(name),
        date = be(date),
    ) + &format!("เนื้อหาบทเรียน: {PLACEHOLDER}ว่าทำอย่างไร ได้ผลอย่างไร และข้อแนะนำสำหรับแปลงอื่น\n")
}

/// The front matter of a new product.
fn product_template(name: &str) -> String {
    format!(
        r#"---
# ผลิตภัณฑ์ (product): บรรทัดที่ขึ้นต้นด้วย # คือคำอธิบาย
# ชื่อผลิตภัณฑ์ (name)
name: {name}
# ประเภท (category): {categories}
category:
# มาตรฐานที่ได้รับ (certifications) เช่น [GAP, เกษตรอินทรีย์]
certifications: []
# ราคาเป็นบาท (price) และหน่วย (unit) เช่น 50 และ กิโลกรัม
price:
unit:
# วิธีสั่งซื้อ (order): ห้ามใส่เบอร์โทรส่วนตัวถ้าเจ้าของไม่ยินยอม
order:
---

"#,
        name = scalar(name),
        categories = listed(PRODUCT_CATEGORIES),
    ) + &format!("รายละเอียดผลิตภัณฑ์: {PLACEHOLDER}ว่าทำจากอะไร ผลิตอย่างไร\n")
}

/// The error for an unknown `--kind`.
fn unknown_kind(kind: &str, near: Option<&str>) -> String {
    format!(
        "ไม่รู้จักประเภทกิจกรรม `{kind}` (unknown activity kind)\n  = วิธีแก้ (hint): {}ค่าที่ใช้ได้: {}",
        near.map(|n| format!("หมายถึง `{n}` หรือไม่? ")).unwrap_or_default(),
        values::describe(ACTIVITY_KINDS)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_come_from_latin_words_then_the_kind() {
        assert_eq!(default_slug("เอามื้อสามัคคี", Some("ao-mue")), "ao-mue");
        assert_eq!(default_slug("อบรม Start Up รุ่น 2", None), "start-up-2");
        assert_eq!(default_slug("ประชุม", None), "activity");
    }

    #[test]
    fn targets_are_district_slash_plot() {
        assert_eq!(split_target("districts/bang-khla/x/").unwrap(), ("bang-khla", "x"));
        assert!(split_target("bang-khla").is_err());
        assert!(split_target("a/b/c").is_err());
    }

    #[test]
    fn districts_are_found_by_folder_or_thai_name() {
        let r = Registry::shipped();
        assert_eq!(r.find_district("บางคล้า").unwrap().slug(), "bang-khla");
        let err = r.find_district("bang-klha").unwrap_err();
        assert!(err.contains("`bang-khla`"), "{err}");
    }

    #[test]
    fn the_activity_template_is_valid_front_matter_once_filled() {
        let text = activity_template("ทดสอบ", Date::new(2026, 11, 25).unwrap(), None);
        assert!(text.contains("date: 2569-11-25"), "{text}");
        let filled = text
            .replace("kind:\n", "kind: ao-mue\n")
            .replace("  name:\n", "  name: นายทดสอบ\n")
            .replace("  position:\n", "  position: พัฒนากร\n");
        let split = crate::frontmatter::split("x.md", &filled).unwrap();
        let raw: crate::raw::RawActivity = crate::frontmatter::parse("x.md", split.yaml, 1).unwrap();
        assert_eq!(raw.kind.unwrap().value, "ao-mue");
        assert_eq!(raw.reporter.unwrap().value.position.unwrap().value, "พัฒนากร");
    }

    /// The title the front matter of `text` holds, read by the real parser.
    fn title_of<R: serde::de::DeserializeOwned>(text: &str, title: impl Fn(R) -> Option<crate::raw::S>) -> String {
        let split = crate::frontmatter::split("x.md", text).unwrap();
        let raw: R = crate::frontmatter::parse("x.md", split.yaml, 1).unwrap_or_else(|d| panic!("{d:?}\n{text}"));
        title(raw).unwrap().value
    }

    #[test]
    fn regression_knn_new_colon_title_reads_back_exactly() {
        let date = Date::new(2026, 11, 25).unwrap();
        for name in [
            "อบรม: การทำปุ๋ยหมัก",
            "ครั้งที่ 2: เอามื้อ",
            "เวลา 09:00 น.",
            "จบ:",
            "yes",
            "2566",
            "- ปลูก",
        ] {
            let text = activity_template(name, date, None);
            assert_eq!(title_of(&text, |r: crate::raw::RawActivity| r.title), name);
            assert_eq!(
                title_of(&lesson_template(name, date), |r: crate::raw::RawLesson| r.title),
                name
            );
            assert_eq!(
                title_of(&product_template(name), |r: crate::raw::RawProduct| r.name),
                name
            );
            let district = &Registry::shipped().districts[1];
            assert_eq!(
                title_of(&plot_template(name, district), |r: crate::raw::RawPlot| r.name),
                name
            );
        }
    }

    #[test]
    fn regression_knn_new_hashtag_title_keeps_its_hashtags() {
        let date = Date::new(2026, 11, 25).unwrap();
        let name = "เอามื้อสามัคคี #โคกหนองนา #ฉะเชิงเทรา";
        let text = activity_template(name, date, None);
        assert_eq!(title_of(&text, |r: crate::raw::RawActivity| r.title), name);
    }
}

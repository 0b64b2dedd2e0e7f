//! The province's monthly view end to end, on the `monthly` fixture (month 2569-11):
//! `bang-khla` meets the rule (both plots active), `ban-pho` does not (plot-c has 5 photos,
//! plot-d no publicity link, plot-e only an October activity), `plaeng-yao` has no post that
//! month. Checked: the printed report, the workbook read back cell by cell, the printable
//! forms, the public month pages, and that no phone or house number reaches `public/`.

use super::{build, copy_site, files, fixture, stderr_of};
use calamine::{Data, Reader, Xlsx};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Photos per activity folder: the fixture holds only text; each test copies a real phone
/// JPEG in as `01.jpg`, `02.jpg`, ... so that the counts are plain to read here.
const PHOTOS: [(&str, usize); 6] = [
    ("bang-khla/plot-a/activities/2026-11-05-ao-mue", 6),
    ("bang-khla/plot-b/activities/2026-11-12-training", 7),
    ("ban-pho/plot-c/activities/2026-11-08-study-visit", 5),
    ("ban-pho/plot-d/activities/2026-11-15-market", 6),
    ("ban-pho/plot-e/activities/2026-10-20-ao-mue", 6),
    ("plaeng-yao/plot-f/activities/2026-10-25-meeting", 6),
];

/// Every owner's phone and house number in the fixture.
const PHONES: [&str; 6] = [
    "081-234-5601",
    "081-234-5602",
    "081-234-5603",
    "081-234-5604",
    "081-234-5605",
    "081-234-5606",
];
const HOUSES: [&str; 6] = ["123/45", "67/8", "301/9", "402/7", "55/66", "88/12"];

/// The fixture copied into `dir` with its photos.
pub(super) fn monthly_site(dir: &Path) -> PathBuf {
    let site = copy_site("monthly", &dir.join("site"));
    let jpeg =
        fixture("minimal").join("districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale/turned.jpg");
    for (folder, n) in PHOTOS {
        for i in 1..=n {
            let target = site.join("districts").join(folder).join(format!("{i:02}.jpg"));
            std::fs::copy(&jpeg, target).unwrap();
        }
    }
    site
}

/// Runs `knn report <site> --out <dir>/reports --cache <dir>/cache [args...]`.
fn report(dir: &Path, site: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_knn"))
        .arg("report")
        .arg(site)
        .arg("--out")
        .arg(dir.join("reports"))
        .arg("--cache")
        .arg(dir.join("cache"))
        .args(args)
        .output()
        .expect("knn runs")
}

/// The text of a cell.
fn cell(range: &calamine::Range<Data>, row: usize, col: usize) -> String {
    range
        .get_value((row as u32, col as u32))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn the_monthly_report_prints_compliance_and_writes_the_workbook_and_forms() {
    let tmp = tempfile::tempdir().unwrap();
    let site = monthly_site(tmp.path());
    let out = report(tmp.path(), &site, &["--month", "2569-11", "--today", "2569-11-15"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout).replace(&tmp.path().display().to_string(), "[TMP]");
    assert!(
        text.contains("อำเภอบางคล้า (bang-khla): ครบทุกแปลง (met), มีกิจกรรม 2 จาก 2 แปลง"),
        "{text}"
    );
    assert!(
        text.contains("อำเภอบ้านโพธิ์ (ban-pho): ยังไม่ครบทุกแปลง (not met), มีกิจกรรม 2 จาก 3 แปลง"),
        "{text}"
    );
    assert!(
        text.contains("อำเภอแปลงยาว (plaeng-yao): ไม่มีกิจกรรมในเดือนนี้ (no post this month)"),
        "{text}"
    );
    assert!(text.contains("✗ แปลงอี บ้านโพธิ์ (plot-e): ยังไม่มีกิจกรรมในเดือนนี้"), "{text}");
    assert!(text.contains("เหลืออีก 5 วัน (5 days left)"), "{text}");
    assert_eq!(text.matches("(fewer than 6 photos)").count(), 1, "only plot-c: {text}");
    assert_eq!(text.matches("(no publicity link)").count(), 1, "only plot-d: {text}");
    for phone in PHONES {
        assert!(!text.contains(phone), "the printed report holds no phone numbers");
    }
    insta::assert_snapshot!("monthly_report_text", text);

    // The workbook, read back.
    let month_dir = tmp.path().join("reports/2569-11");
    let mut book: Xlsx<_> = calamine::open_workbook(month_dir.join("knn-2569-11.xlsx")).expect("a readable .xlsx");
    assert_eq!(
        book.sheet_names(),
        ["กิจกรรม", "สรุปจังหวัด", "อ.บางคล้า", "อ.บ้านโพธิ์", "อ.แปลงยาว"],
        "the activity sheet, the province summary and one sheet per district with plots"
    );
    let acts = book.worksheet_range("กิจกรรม").unwrap();
    assert_eq!(acts.height(), 1 + 4, "a header and one row per activity of the month");
    let header: Vec<String> = (0..acts.width()).map(|c| cell(&acts, 0, c)).collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.contains(name))
            .unwrap_or_else(|| panic!("column {name}: {header:?}"))
    };
    for item in [
        "ข้อ 1",
        "ข้อ 2",
        "ข้อ 3",
        "ข้อ 4",
        "ข้อ 5",
        "ข้อ 6",
        "ผู้รายงาน",
        "ตำแหน่ง",
        "วันที่รายงาน",
    ] {
        assert!(header.iter().any(|h| h.starts_with(item)), "{item}: {header:?}");
    }
    let row_of = |title: &str| {
        (1..acts.height())
            .find(|r| cell(&acts, *r, col("ชื่อกิจกรรม")) == title)
            .unwrap_or_else(|| panic!("a row for {title}"))
    };
    let a = row_of("เอามื้อสามัคคีขุดคลองไส้ไก่");
    assert_eq!(cell(&acts, a, col("อำเภอ (district)")), "บางคล้า");
    assert_eq!(cell(&acts, a, col("ประจำเดือน")), "พฤศจิกายน 2569");
    assert_eq!(cell(&acts, a, col("บ้านเลขที่")), "123/45");
    assert_eq!(cell(&acts, a, col("เบอร์โทร")), "081-234-5601");
    assert_eq!(cell(&acts, a, col("ขนาดพื้นที่")), "3");
    assert_eq!(cell(&acts, a, col("วันที่จัดกิจกรรม")), "5 พ.ย. 2569");
    assert_eq!(cell(&acts, a, col("วันที่รายงาน")), "5 พ.ย. 2569");
    assert_eq!(cell(&acts, a, col("จำนวนภาพ")), "6");
    assert_eq!(
        cell(&acts, a, col("ช่องทางประชาสัมพันธ์")),
        "https://www.facebook.com/example/posts/2026-11-05-ao-mue"
    );
    assert!(cell(&acts, a, col("รายละเอียด")).contains("รายละเอียดของกิจกรรม"));
    let c = row_of("ศึกษาดูงานแปลงต้นแบบ");
    assert_eq!(cell(&acts, c, col("จำนวนภาพ")), "5");
    assert!(cell(&acts, c, col("หมายเหตุ")).contains("ภาพน้อยกว่า 6 ภาพ"));
    let d = row_of("ตลาดนัดหน้าแปลง");
    assert_eq!(cell(&acts, d, col("ช่องทางประชาสัมพันธ์")), "");
    assert!(cell(&acts, d, col("หมายเหตุ")).contains("ไม่มีลิงก์ประชาสัมพันธ์"));
    let ban_pho = book.worksheet_range("อ.บ้านโพธิ์").unwrap();
    assert!(
        cell(&ban_pho, 0, 0).contains("ยังไม่ครบทุกแปลง"),
        "{}",
        cell(&ban_pho, 0, 0)
    );
    let e = (3..ban_pho.height())
        .find(|r| cell(&ban_pho, *r, 0) == "แปลงอี บ้านโพธิ์")
        .expect("plot-e listed");
    assert_eq!(cell(&ban_pho, e, 2), "ไม่มี", "plot-e had no activity in the month");
    let province = book.worksheet_range("สรุปจังหวัด").unwrap();
    let plaeng_yao = (3..province.height())
        .find(|r| cell(&province, *r, 0) == "แปลงยาว")
        .expect("plaeng-yao row");
    assert_eq!(cell(&province, plaeng_yao, 2), "0");
    assert!(cell(&province, plaeng_yao, 6).contains("no post"));

    // The printable forms: one per activity of the month, all six items, the photos beside.
    let forms: Vec<PathBuf> = walkdir::WalkDir::new(month_dir.join("forms"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.ends_with("index.html"))
        .collect();
    assert_eq!(forms.len(), 4, "{forms:?}");
    let form_a = month_dir.join("forms/bang-khla/plot-a/2026-11-05-ao-mue/index.html");
    let html = std::fs::read_to_string(&form_a).unwrap();
    for item in 1..=6 {
        assert!(html.contains(&format!("data-item=\"{item}\"")), "item {item}");
    }
    for field in [
        "อำเภอ<span class=\"fill\" data-field=\"district\">บางคล้า</span>",
        "พฤศจิกายน",
        "2569",
        "นายเอ ทดสอบ",
        "123/45",
        "081-234-5601",
        "นางสาวรายงาน ทดสอบ",
        "นักวิชาการพัฒนาชุมชน",
        "@page { size: A4",
    ] {
        assert!(html.contains(field), "{field} in the form");
    }
    let imgs: Vec<&str> = html
        .split("<img src=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(imgs.len(), 6, "six photos in the grid");
    for src in imgs {
        assert!(form_a.parent().unwrap().join(src).is_file(), "{src} beside the form");
    }
    let index = std::fs::read_to_string(month_dir.join("index.html")).unwrap();
    assert!(index.contains("forms/bang-khla/plot-a/2026-11-05-ao-mue/index.html"));
    assert!(index.contains("knn-2569-11.xlsx"));
}

#[test]
fn the_report_filters_a_district_counts_overdue_days_and_refuses_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let site = monthly_site(tmp.path());
    let out = report(
        tmp.path(),
        &site,
        &["--month", "พ.ย. 2569", "--district", "บ้านโพธิ์", "--today", "2026-11-25"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("อำเภอบ้านโพธิ์"), "{text}");
    assert!(!text.contains("บางคล้า") && !text.contains("แปลงยาว"), "{text}");
    assert!(text.contains("เลยกำหนดมาแล้ว 5 วัน (5 days overdue)"), "{text}");

    let bad_month = report(tmp.path(), &site, &["--month", "2569-13"]);
    assert_eq!(bad_month.status.code(), Some(2));
    assert!(
        stderr_of(&bad_month).contains("(invalid month)"),
        "{}",
        stderr_of(&bad_month)
    );
    let bad_district = report(tmp.path(), &site, &["--month", "2569-11", "--district", "ban-phoo"]);
    assert_eq!(bad_district.status.code(), Some(2));
    assert!(
        stderr_of(&bad_district).contains("`ban-pho`"),
        "nearest: {}",
        stderr_of(&bad_district)
    );
}

#[test]
fn public_month_pages_show_who_was_active_and_no_personal_data() {
    let tmp = tempfile::tempdir().unwrap();
    let site = monthly_site(tmp.path());
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(site.join("site.yaml"), yaml + "publish_forms: ใช่\n").unwrap();
    let public = tmp.path().join("public");
    let built = build(&site, &public, &[]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr_of(&built));

    let months = std::fs::read_to_string(public.join("months/index.html")).unwrap();
    assert!(
        months.contains("พฤศจิกายน 2569") && months.contains("ตุลาคม 2569"),
        "{months}"
    );
    let nov = std::fs::read_to_string(public.join("months/2026-11/index.html")).unwrap();
    for (district, status) in [("บางคล้า", "met"), ("บ้านโพธิ์", "partial"), ("แปลงยาว", "none")]
    {
        let row = nov
            .split("<tr ")
            .find(|r| r.contains(&format!(">อำเภอ{district}</span></span></a>")))
            .unwrap_or_else(|| panic!("a row for {district}"));
        assert!(row.contains(&format!("data-status=\"{status}\"")), "{district}: {row}");
    }
    let ban_pho = std::fs::read_to_string(public.join("districts/ban-pho/months/2026-11/index.html")).unwrap();
    let plot_e = ban_pho.split("<li class=").find(|li| li.contains("แปลงอี")).unwrap();
    assert!(
        plot_e.starts_with("\"inactive\"") && plot_e.contains("ยังไม่มีกิจกรรมในเดือนนี้"),
        "{plot_e}"
    );
    assert!(
        ban_pho.contains("href=\"/knn-demo/districts/ban-pho/plot-c/activities/2026-11-08-study-visit/\""),
        "links to the post"
    );
    let form =
        std::fs::read_to_string(public.join("districts/bang-khla/plot-a/activities/2026-11-05-ao-mue/form/index.html"))
            .expect("with publish_forms the form is published");
    assert!(
        form.contains("data-item=\"6\"") && form.contains("(ไม่เปิดเผย)"),
        "owner withheld"
    );

    // Nothing personal anywhere in public/: no phone in any form people write it, no house
    // number, no name of an owner who did not consent.
    let texts: Vec<(String, String)> = files(&public)
        .into_iter()
        .filter(|(p, _)| {
            [".html", ".xml", ".txt", ".css", ".js", ".json"]
                .iter()
                .any(|e| p.ends_with(e))
        })
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect();
    assert!(texts.len() > 20, "the site was scanned: {}", texts.len());
    for (path, text) in &texts {
        for phone in PHONES {
            let digits = phone.replace('-', "");
            assert!(!text.contains(phone) && !text.contains(&digits), "{phone} in {path}");
        }
        for house in HOUSES {
            assert!(!text.contains(house), "house number {house} in {path}");
        }
        // The web form's configuration names the plot form's fields (บ้านเลขที่ among them), no values.
        if !path.starts_with("admin/") {
            assert!(!text.contains("บ้านเลขที่"), "house number field in {path}");
        }
        assert!(!text.contains("นายเอ ทดสอบ"), "owner without consent in {path}");
    }
}

#[test]
fn forms_are_not_published_unless_the_site_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let site = monthly_site(tmp.path());
    let public = tmp.path().join("public");
    let built = build(&site, &public, &[]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr_of(&built));
    assert!(
        public
            .join("districts/bang-khla/plot-a/activities/2026-11-05-ao-mue/index.html")
            .is_file()
    );
    let forms: Vec<String> = files(&public).into_keys().filter(|p| p.contains("/form/")).collect();
    assert!(forms.is_empty(), "{forms:?}");
}

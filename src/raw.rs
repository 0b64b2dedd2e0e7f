//! The front matter exactly as written: every scalar is a located string, every key has its
//! English name and the Thai label of the official form as an alias. `validate` turns these
//! into the typed model, so later stages never see unchecked input.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A scalar as written, with where it was written.
pub(crate) type S = Spanned<String>;

/// `site.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSite {
    #[serde(alias = "ชื่อเว็บไซต์")]
    pub(crate) title: Option<S>,
    #[serde(alias = "คำอธิบาย")]
    pub(crate) description: Option<S>,
    #[serde(alias = "จังหวัด")]
    pub(crate) province: Option<S>,
    #[serde(alias = "ที่อยู่เว็บไซต์")]
    pub(crate) base_url: Option<S>,
    #[serde(alias = "ภาษา")]
    pub(crate) language: Option<S>,
    #[serde(alias = "เลขไทย")]
    pub(crate) thai_digits: Option<S>,
    #[serde(alias = "ตัวอย่าง")]
    pub(crate) sample: Option<S>,
    #[serde(alias = "หน่วยงาน")]
    pub(crate) office: Option<S>,
    #[serde(alias = "จำนวนภาพขั้นต่ำ")]
    pub(crate) min_photos: Option<S>,
}

/// `plot.md` front matter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPlot {
    #[serde(alias = "ชื่อแปลง")]
    pub(crate) name: Option<S>,
    #[serde(alias = "ชื่อเจ้าของแปลง")]
    pub(crate) owner: Option<S>,
    #[serde(alias = "ยินยอมเปิดเผยชื่อ")]
    pub(crate) owner_consent: Option<S>,
    #[serde(alias = "รูปแบบ")]
    pub(crate) model: Option<S>,
    #[serde(alias = "โครงการ")]
    pub(crate) programme: Option<S>,
    #[serde(alias = "ขนาดพื้นที่")]
    pub(crate) size_rai: Option<S>,
    #[serde(alias = "ที่อยู่")]
    pub(crate) address: Option<Spanned<RawAddress>>,
    #[serde(alias = "เบอร์โทร")]
    pub(crate) phone: Option<S>,
    #[serde(alias = "ละติจูด")]
    pub(crate) lat: Option<S>,
    #[serde(alias = "ลองจิจูด")]
    pub(crate) lon: Option<S>,
    #[serde(alias = "ระดับความพร้อม")]
    pub(crate) rating: Option<S>,
    #[serde(alias = "องค์ประกอบ")]
    pub(crate) parts: Option<Vec<S>>,
    #[serde(alias = "ครูพาทำ")]
    pub(crate) teachers: Option<Vec<S>>,
    #[serde(alias = "คลัสเตอร์")]
    pub(crate) clusters: Option<Vec<S>>,
}

/// A plot's address (form item 3).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAddress {
    #[serde(alias = "บ้านเลขที่")]
    pub(crate) house_no: Option<S>,
    #[serde(alias = "หมู่ที่")]
    pub(crate) moo: Option<S>,
    #[serde(alias = "ตำบล")]
    pub(crate) subdistrict: Option<S>,
}

/// An activity's `index.md` front matter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawActivity {
    #[serde(alias = "ชื่อกิจกรรม")]
    pub(crate) title: Option<S>,
    #[serde(alias = "วันที่")]
    pub(crate) date: Option<S>,
    #[serde(alias = "ประเภท")]
    pub(crate) kind: Option<S>,
    #[serde(alias = "ยุทธศาสตร์")]
    pub(crate) strategies: Option<Vec<S>>,
    #[serde(alias = "จำนวนผู้เข้าร่วม")]
    pub(crate) participants: Option<S>,
    #[serde(alias = "ช่องทางประชาสัมพันธ์")]
    pub(crate) publicity: Option<Vec<S>>,
    #[serde(alias = "ผู้รายงาน")]
    pub(crate) reporter: Option<Spanned<RawReporter>>,
    #[serde(alias = "ภาพ")]
    pub(crate) photos: Option<Vec<RawPhoto>>,
}

/// Who reported an activity (the form's signature block).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReporter {
    #[serde(alias = "ชื่อ")]
    pub(crate) name: Option<S>,
    #[serde(alias = "ตำแหน่ง")]
    pub(crate) position: Option<S>,
    #[serde(alias = "วันที่รายงาน", alias = "วันที่")]
    pub(crate) date: Option<S>,
}

/// A photo's caption and place in the order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPhoto {
    #[serde(alias = "ไฟล์")]
    pub(crate) file: S,
    #[serde(alias = "คำบรรยาย")]
    pub(crate) caption: Option<S>,
}

/// A lesson's `index.md` front matter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLesson {
    #[serde(alias = "ชื่อเรื่อง")]
    pub(crate) title: Option<S>,
    #[serde(alias = "วันที่")]
    pub(crate) date: Option<S>,
    #[serde(alias = "ประเด็น")]
    pub(crate) topic: Option<S>,
    #[serde(alias = "ปัจจัยความสำเร็จ")]
    pub(crate) success_factors: Option<Vec<S>>,
    #[serde(alias = "ได้รับการยกย่อง")]
    pub(crate) honoured: Option<S>,
    #[serde(alias = "ภาพ")]
    pub(crate) photos: Option<Vec<RawPhoto>>,
}

/// A product's `index.md` front matter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProduct {
    #[serde(alias = "ชื่อผลิตภัณฑ์")]
    pub(crate) name: Option<S>,
    #[serde(alias = "ประเภท")]
    pub(crate) category: Option<S>,
    #[serde(alias = "มาตรฐาน")]
    pub(crate) certifications: Option<Vec<S>>,
    #[serde(alias = "ราคา")]
    pub(crate) price: Option<S>,
    #[serde(alias = "หน่วย")]
    pub(crate) unit: Option<S>,
    #[serde(alias = "วิธีสั่งซื้อ")]
    pub(crate) order: Option<S>,
    #[serde(alias = "ภาพ")]
    pub(crate) photos: Option<Vec<RawPhoto>>,
}

/// One entry of `markets.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMarket {
    #[serde(alias = "ชื่อตลาด")]
    pub(crate) name: Option<S>,
    #[serde(alias = "ระดับ")]
    pub(crate) level: Option<S>,
    #[serde(alias = "ประเภท")]
    pub(crate) kind: Option<S>,
    #[serde(alias = "วันเวลา")]
    pub(crate) schedule: Option<S>,
    #[serde(alias = "สถานที่")]
    pub(crate) place: Option<S>,
    #[serde(alias = "ลิงก์")]
    pub(crate) link: Option<S>,
}

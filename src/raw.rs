//! The front matter exactly as written: every scalar is a located string, every key has its
//! English name and the Thai label of the official form as an alias. `validate` turns these
//! into the typed model, so later stages never see unchecked input. A required key left
//! empty (`kind:`) is told apart from one that is missing: the first is an empty value at its
//! own place, the second is `None`.

use crate::schema;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

/// A scalar as written, with where it was written.
pub(crate) type S = Spanned<String>;

/// Reads a required scalar: YAML's null (a key with nothing after it, `~`, `null`) becomes an
/// empty value where it was written, so validation can say "empty" at that line instead of
/// "missing" at the top of the file.
fn empty_if_null<'de, D: Deserializer<'de>>(d: D) -> Result<Option<S>, D::Error> {
    let s = Spanned::<Option<String>>::deserialize(d)?;
    Ok(Some(Spanned::new(s.value.unwrap_or_default(), s.referenced, s.defined)))
}

/// Reads a required mapping the same way: null becomes an empty mapping where it was written.
fn empty_map_if_null<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<Option<Spanned<T>>, D::Error> {
    let s = Spanned::<Option<T>>::deserialize(d)?;
    Ok(Some(Spanned::new(s.value.unwrap_or_default(), s.referenced, s.defined)))
}

/// `site.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = schema::with_aliases::<RawSite>)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSite {
    /// ชื่อเว็บไซต์ (site title)
    #[serde(alias = "ชื่อเว็บไซต์")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Text")]
    pub(crate) title: Option<S>,
    /// คำอธิบายเว็บไซต์หนึ่งย่อหน้า แสดงที่หน้าแรกและในฟีด (description)
    #[serde(alias = "คำอธิบาย")]
    #[schemars(with = "schema::Optional<schema::Text>")]
    pub(crate) description: Option<S>,
    /// จังหวัด: ฉะเชิงเทรา หรือ Chachoengsao (province)
    #[serde(alias = "จังหวัด")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Text")]
    pub(crate) province: Option<S>,
    /// ที่อยู่เว็บไซต์เต็ม เช่น https://ชื่อผู้ใช้.github.io/ชื่อคลัง/ (base URL)
    #[serde(alias = "ที่อยู่เว็บไซต์")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Url")]
    pub(crate) base_url: Option<S>,
    /// ภาษาของเว็บไซต์: th (language)
    #[serde(alias = "ภาษา")]
    #[schemars(with = "schema::Optional<schema::Text>")]
    pub(crate) language: Option<S>,
    /// แสดงตัวเลขและวันที่เป็นเลขไทยหรือไม่ (Thai digits)
    #[serde(alias = "เลขไทย")]
    #[schemars(with = "schema::Optional<schema::YesNo>")]
    pub(crate) thai_digits: Option<S>,
    /// แสดงแถบ "เว็บไซต์ตัวอย่าง" หรือไม่ (sample site)
    #[serde(alias = "ตัวอย่าง")]
    #[schemars(with = "schema::Optional<schema::YesNo>")]
    pub(crate) sample: Option<S>,
    /// หน่วยงานที่ดูแลเว็บไซต์ (office)
    #[serde(alias = "หน่วยงาน")]
    #[schemars(with = "schema::Optional<schema::Text>")]
    pub(crate) office: Option<S>,
    /// จำนวนภาพขั้นต่ำต่อกิจกรรม ค่าเริ่มต้น 6 (minimum photos)
    #[serde(alias = "จำนวนภาพขั้นต่ำ")]
    #[schemars(with = "schema::Optional<schema::Count>")]
    pub(crate) min_photos: Option<S>,
    /// วันที่ของเดือนที่ต้องส่งรายงานให้จังหวัด ค่าเริ่มต้น 20 (report due day)
    #[serde(alias = "วันส่งรายงาน")]
    #[schemars(with = "schema::Optional<schema::DueDay>")]
    pub(crate) report_due_day: Option<S>,
    /// เผยแพร่แบบรายงานฉบับพิมพ์ (ไม่มีบ้านเลขที่และเบอร์โทร) บนเว็บไซต์หรือไม่ ค่าเริ่มต้น ไม่ใช่ (publish report forms)
    #[serde(alias = "เผยแพร่แบบรายงาน")]
    #[schemars(with = "schema::Optional<schema::YesNo>")]
    pub(crate) publish_forms: Option<S>,
    /// ที่เก็บข้อมูลบน GitHub ที่ฟอร์มบนเว็บบันทึกลง เช่น chachoengsao-cdd/knn-site ไม่ใส่ก็ได้ถ้าที่อยู่เว็บไซต์เป็น https://ชื่อบัญชี.github.io/ชื่อที่เก็บ/ (repository of the web form)
    #[serde(alias = "ที่เก็บข้อมูล")]
    #[schemars(with = "schema::Optional<schema::Text>")]
    pub(crate) repository: Option<S>,
    /// ที่อยู่ตัวกลางเข้าสู่ระบบด้วย GitHub (OAuth) ของฟอร์มบนเว็บ เช่น https://sveltia-cms-auth.ชื่อ.workers.dev ไม่ใส่ก็ได้ ถ้าไม่ใส่ เข้าสู่ระบบด้วยโทเค็นเท่านั้น (web form sign-in URL)
    #[serde(alias = "ที่อยู่เข้าสู่ระบบ")]
    #[schemars(with = "schema::Optional<schema::Url>")]
    pub(crate) auth_url: Option<S>,
    /// ที่อยู่เว็บที่หน้าเว็บใช้แสดงภาพ เมื่อเก็บภาพไว้ในที่เก็บภาพแบบ S3 แทน GitHub Pages เช่น https://photos.example.org/knn/ (images base URL)
    #[serde(alias = "ที่อยู่ภาพ")]
    #[schemars(with = "schema::Optional<schema::Url>")]
    pub(crate) images_base_url: Option<S>,
    /// ที่เก็บภาพแบบ S3 (bucket) และโฟลเดอร์ที่อัปโหลดภาพไป เช่น s3://knn-photos/knn/ รหัสเข้าใช้มาจากตัวแปร AWS_ACCESS_KEY_ID และ AWS_SECRET_ACCESS_KEY เท่านั้น (images bucket)
    #[serde(alias = "ที่เก็บภาพ")]
    #[schemars(with = "schema::Optional<schema::Text>")]
    pub(crate) images_bucket: Option<S>,
    /// ที่อยู่บริการของที่เก็บภาพ ถ้าไม่ใช่ AWS เช่น https://<id>.r2.cloudflarestorage.com (images endpoint)
    #[serde(alias = "บริการที่เก็บภาพ")]
    #[schemars(with = "schema::Optional<schema::Url>")]
    pub(crate) images_endpoint: Option<S>,
}

/// `plot.md` front matter.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = schema::with_aliases::<RawPlot>)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPlot {
    /// ชื่อแปลงที่แสดงต่อสาธารณะ (plot name)
    #[serde(alias = "ชื่อแปลง")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Text")]
    pub(crate) name: Option<S>,
    /// ชื่อเจ้าของแปลง แบบรายงานข้อ 3 แสดงบนเว็บเฉพาะเมื่อยินยอม (owner)
    #[serde(alias = "ชื่อเจ้าของแปลง")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Text")]
    pub(crate) owner: Option<S>,
    /// เจ้าของแปลงยินยอมให้เปิดเผยชื่อหรือไม่ ค่าเริ่มต้น ไม่ใช่ (owner consent)
    #[serde(alias = "ยินยอมเปิดเผยชื่อ")]
    #[schemars(with = "schema::Optional<schema::YesNo>")]
    pub(crate) owner_consent: Option<S>,
    /// รูปแบบแปลง: HLM ครัวเรือนต้นแบบ หรือ CLM พื้นที่เรียนรู้ชุมชนต้นแบบ แบบรายงานข้อ 1 (model)
    #[serde(alias = "รูปแบบ")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Model")]
    pub(crate) model: Option<S>,
    /// โครงการที่สนับสนุนแปลง แบบรายงานข้อ 1 (programme)
    #[serde(alias = "โครงการ")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Programme")]
    pub(crate) programme: Option<S>,
    /// ขนาดพื้นที่เป็นไร่ เช่น 1, 3, 15 แบบรายงานข้อ 2 (size in rai)
    #[serde(alias = "ขนาดพื้นที่")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Amount")]
    pub(crate) size_rai: Option<S>,
    /// ที่อยู่ของแปลง แบบรายงานข้อ 3 (address)
    #[serde(alias = "ที่อยู่")]
    #[serde(default, deserialize_with = "empty_map_if_null")]
    #[schemars(with = "RawAddress")]
    pub(crate) address: Option<Spanned<RawAddress>>,
    /// เบอร์โทรเจ้าของแปลง แบบรายงานข้อ 3 ใช้ในรายงานเท่านั้น ไม่แสดงบนเว็บ (phone, never published)
    #[serde(alias = "เบอร์โทร")]
    #[schemars(with = "schema::Optional<schema::Digits>")]
    pub(crate) phone: Option<S>,
    /// ละติจูดของแปลง ทศนิยม (latitude)
    #[serde(alias = "ละติจูด")]
    #[schemars(with = "schema::Optional<schema::Latitude>")]
    pub(crate) lat: Option<S>,
    /// ลองจิจูดของแปลง ทศนิยม (longitude)
    #[serde(alias = "ลองจิจูด")]
    #[schemars(with = "schema::Optional<schema::Longitude>")]
    pub(crate) lon: Option<S>,
    /// ระดับความพร้อมหลังการประเมิน: A, B หรือ C (rating)
    #[serde(alias = "ระดับความพร้อม")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Rating")]
    pub(crate) rating: Option<S>,
    /// องค์ประกอบของแปลง: โคก หนอง นา คลองไส้ไก่ คันนาทองคำ (parts)
    #[serde(alias = "องค์ประกอบ")]
    #[schemars(with = "Option<Vec<schema::Part>>")]
    pub(crate) parts: Option<Vec<S>>,
    /// รายชื่อครูพาทำ (lead-by-doing teachers)
    #[serde(alias = "ครูพาทำ")]
    #[schemars(with = "Option<Vec<schema::Text>>")]
    pub(crate) teachers: Option<Vec<S>>,
    /// คลัสเตอร์ที่แปลงร่วม เช่น สมุนไพร ไก่ไข่ (clusters)
    #[serde(alias = "คลัสเตอร์")]
    #[schemars(with = "Option<Vec<schema::Text>>")]
    pub(crate) clusters: Option<Vec<S>>,
    /// ฐานการเรียนรู้ในแปลง แต่ละฐานได้ป้าย QR ของตัวเอง เช่น [ฐานคนรักษ์ดิน, ฐานคนมีน้ำยา] (learning stations)
    #[serde(alias = "ฐานเรียนรู้")]
    #[schemars(with = "Option<Vec<schema::Text>>")]
    pub(crate) stations: Option<Vec<S>>,
}

/// A plot's address (form item 3).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(transform = schema::with_aliases::<RawAddress>)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAddress {
    /// บ้านเลขที่ ใช้ในรายงานเท่านั้น ไม่แสดงบนเว็บ (house number, never published)
    #[serde(alias = "บ้านเลขที่")]
    #[schemars(with = "schema::Optional<schema::Digits>")]
    pub(crate) house_no: Option<S>,
    /// หมู่ที่ (village number)
    #[serde(alias = "หมู่ที่")]
    #[schemars(with = "schema::Optional<schema::Count>")]
    pub(crate) moo: Option<S>,
    /// ตำบล ชื่อภาษาไทยหรืออังกฤษของตำบลในอำเภอนี้ (sub-district)
    #[serde(alias = "ตำบล")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Text")]
    pub(crate) subdistrict: Option<S>,
}

/// An activity's `index.md` front matter.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = schema::with_aliases::<RawActivity>)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawActivity {
    /// ชื่อกิจกรรม แบบรายงานข้อ 4 (activity name)
    #[serde(alias = "ชื่อกิจกรรม")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Text")]
    pub(crate) title: Option<S>,
    /// วันที่จัดกิจกรรม ปี พ.ศ. หรือ ค.ศ. (date)
    #[serde(alias = "วันที่")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Date")]
    pub(crate) date: Option<S>,
    /// ประเภทกิจกรรม (kind)
    #[serde(alias = "ประเภท")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::ActivityKind")]
    pub(crate) kind: Option<S>,
    /// ยุทธศาสตร์ที่กิจกรรมนี้ตอบ (strategies)
    #[serde(alias = "ยุทธศาสตร์")]
    #[schemars(with = "Option<Vec<schema::Strategy>>")]
    pub(crate) strategies: Option<Vec<S>>,
    /// จำนวนผู้เข้าร่วม จำนวนเต็ม (participants)
    #[serde(alias = "จำนวนผู้เข้าร่วม")]
    #[schemars(with = "schema::Optional<schema::Count>")]
    pub(crate) participants: Option<S>,
    /// ลิงก์ประชาสัมพันธ์ เว็บไซต์ Facebook คลิปวิดีโอ แบบรายงานข้อ 6 (publicity links)
    #[serde(alias = "ช่องทางประชาสัมพันธ์")]
    #[schemars(with = "Option<Vec<schema::Url>>")]
    pub(crate) publicity: Option<Vec<S>>,
    /// ผู้รายงาน ส่วนลงนามของแบบรายงาน (reporter)
    #[serde(alias = "ผู้รายงาน")]
    #[serde(default, deserialize_with = "empty_map_if_null")]
    #[schemars(with = "RawReporter")]
    pub(crate) reporter: Option<Spanned<RawReporter>>,
    /// ลำดับและคำบรรยายภาพ แบบรายงานข้อ 5 ภาพที่ไม่ได้ระบุจะเรียงตามชื่อไฟล์ (photos)
    #[serde(alias = "ภาพ")]
    #[schemars(with = "Option<Vec<schema::PhotoItem>>")]
    pub(crate) photos: Option<Vec<RawPhoto>>,
    /// ชื่อโฟลเดอร์ของแปลงที่หน้านี้อยู่ ฟอร์มบนเว็บเขียนให้ ต้องตรงกับโฟลเดอร์ (plot folder, as the web form writes it)
    #[serde(alias = "แปลง")]
    #[schemars(with = "schema::Optional<schema::Text>")]
    pub(crate) plot: Option<S>,
}

/// Who reported an activity (the form's signature block).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(transform = schema::with_aliases::<RawReporter>)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReporter {
    /// ชื่อผู้รายงาน (reporter name)
    #[serde(alias = "ชื่อ")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Text")]
    pub(crate) name: Option<S>,
    /// ตำแหน่งผู้รายงาน (position)
    #[serde(alias = "ตำแหน่ง")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Text")]
    pub(crate) position: Option<S>,
    /// วันที่รายงาน (report date)
    #[serde(alias = "วันที่รายงาน", alias = "วันที่")]
    #[schemars(with = "schema::Optional<schema::Date>")]
    pub(crate) date: Option<S>,
}

/// A photo's caption and place in the order, written either as an entry (`- file: 01.jpg`
/// with an optional `caption:`) or as the file name alone (`- 01.webp`), as the web form
/// writes its photo list. A file name alone is located at its list item, an entry's values
/// at their own places.
#[derive(Debug)]
pub(crate) struct RawPhoto {
    pub(crate) file: S,
    pub(crate) caption: Option<S>,
}

/// A photo entry written out in full: the key names, aliases and schema of `RawPhoto`.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = schema::with_aliases::<PhotoEntry>)]
#[serde(deny_unknown_fields)]
pub(crate) struct PhotoEntry {
    /// ชื่อไฟล์ภาพในโฟลเดอร์เดียวกัน เช่น 01.jpg (file)
    #[serde(alias = "ไฟล์")]
    #[schemars(with = "schema::Text")]
    file: S,
    /// คำบรรยายภาพ (caption)
    #[serde(alias = "คำบรรยาย")]
    #[schemars(with = "schema::Optional<schema::Text>")]
    caption: Option<S>,
}

/// One item of a photo list as written: a scalar is the file name; a mapping is read as a
/// `PhotoEntry` by the YAML reader itself, so its key errors are the usual located ones.
enum PhotoForm {
    Name(String),
    Entry(PhotoEntry),
}

impl<'de> Deserialize<'de> for PhotoForm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PhotoFormVisitor)
    }
}

/// Reads a `PhotoForm` from whichever YAML node the item is.
struct PhotoFormVisitor;

impl<'de> serde::de::Visitor<'de> for PhotoFormVisitor {
    type Value = PhotoForm;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a photo file name or a mapping with `file:` and `caption:`")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PhotoForm, E> {
        Ok(PhotoForm::Name(v.to_string()))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<PhotoForm, E> {
        Ok(PhotoForm::Name(v.to_string()))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<PhotoForm, E> {
        Ok(PhotoForm::Name(v.to_string()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<PhotoForm, E> {
        Ok(PhotoForm::Name(v.to_string()))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<PhotoForm, E> {
        Ok(PhotoForm::Name(v.to_string()))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<PhotoForm, A::Error> {
        PhotoEntry::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(PhotoForm::Entry)
    }
}

impl<'de> Deserialize<'de> for RawPhoto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let item = Spanned::<PhotoForm>::deserialize(d)?;
        let (referenced, defined) = (item.referenced, item.defined);
        let at = |v: String| Spanned::new(v, referenced, defined);
        Ok(match item.value {
            PhotoForm::Name(file) => RawPhoto {
                file: at(file),
                caption: None,
            },
            PhotoForm::Entry(e) => RawPhoto {
                file: e.file,
                caption: e.caption,
            },
        })
    }
}

/// A lesson's `index.md` front matter.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = schema::with_aliases::<RawLesson>)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLesson {
    /// ชื่อเรื่องถอดบทเรียน (title)
    #[serde(alias = "ชื่อเรื่อง")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Text")]
    pub(crate) title: Option<S>,
    /// วันที่เขียน (date)
    #[serde(alias = "วันที่")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Date")]
    pub(crate) date: Option<S>,
    /// ประเด็นของบทเรียน (topic)
    #[serde(alias = "ประเด็น")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Text")]
    pub(crate) topic: Option<S>,
    /// ปัจจัยความสำเร็จ (success factors)
    #[serde(alias = "ปัจจัยความสำเร็จ")]
    #[schemars(with = "Option<Vec<schema::Text>>")]
    pub(crate) success_factors: Option<Vec<S>>,
    /// ได้รับการยกย่องเชิดชูเกียรติหรือไม่ (honoured)
    #[serde(alias = "ได้รับการยกย่อง")]
    #[schemars(with = "schema::Optional<schema::YesNo>")]
    pub(crate) honoured: Option<S>,
    /// ลำดับและคำบรรยายภาพ (photos)
    #[serde(alias = "ภาพ")]
    #[schemars(with = "Option<Vec<schema::PhotoItem>>")]
    pub(crate) photos: Option<Vec<RawPhoto>>,
    /// ชื่อโฟลเดอร์ของแปลงที่หน้านี้อยู่ ฟอร์มบนเว็บเขียนให้ ต้องตรงกับโฟลเดอร์ (plot folder, as the web form writes it)
    #[serde(alias = "แปลง")]
    #[schemars(with = "schema::Optional<schema::Text>")]
    pub(crate) plot: Option<S>,
}

/// A product's `index.md` front matter.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = schema::with_aliases::<RawProduct>)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProduct {
    /// ชื่อผลิตภัณฑ์ (product name)
    #[serde(alias = "ชื่อผลิตภัณฑ์")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Text")]
    pub(crate) name: Option<S>,
    /// ประเภทผลิตภัณฑ์ (category)
    #[serde(alias = "ประเภท")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::ProductCategory")]
    pub(crate) category: Option<S>,
    /// มาตรฐานที่ได้รับ เช่น GAP เกษตรอินทรีย์ (certifications)
    #[serde(alias = "มาตรฐาน")]
    #[schemars(with = "Option<Vec<schema::Text>>")]
    pub(crate) certifications: Option<Vec<S>>,
    /// ราคาเป็นบาท (price)
    #[serde(alias = "ราคา")]
    #[schemars(with = "schema::Optional<schema::Amount>")]
    pub(crate) price: Option<S>,
    /// หน่วย เช่น กิโลกรัม ขวด แพ็ค (unit)
    #[serde(alias = "หน่วย")]
    #[schemars(with = "schema::Optional<schema::Text>")]
    pub(crate) unit: Option<S>,
    /// วิธีสั่งซื้อ ห้ามใส่เบอร์โทรส่วนตัวหากเจ้าของไม่ยินยอม (how to order)
    #[serde(alias = "วิธีสั่งซื้อ")]
    #[schemars(with = "schema::Optional<schema::Text>")]
    pub(crate) order: Option<S>,
    /// ลำดับและคำบรรยายภาพ (photos)
    #[serde(alias = "ภาพ")]
    #[schemars(with = "Option<Vec<schema::PhotoItem>>")]
    pub(crate) photos: Option<Vec<RawPhoto>>,
    /// ชื่อโฟลเดอร์ของแปลงที่หน้านี้อยู่ ฟอร์มบนเว็บเขียนให้ ต้องตรงกับโฟลเดอร์ (plot folder, as the web form writes it)
    #[serde(alias = "แปลง")]
    #[schemars(with = "schema::Optional<schema::Text>")]
    pub(crate) plot: Option<S>,
}

/// One entry of `markets.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = schema::with_aliases::<RawMarket>)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMarket {
    /// ชื่อตลาดหรือช่องทาง (market name)
    #[serde(alias = "ชื่อตลาด")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::Text")]
    pub(crate) name: Option<S>,
    /// ระดับตลาด: ชุมชน จังหวัด ประเทศ (level)
    #[serde(alias = "ระดับ")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::MarketLevel")]
    pub(crate) level: Option<S>,
    /// ประเภทตลาด (kind)
    #[serde(alias = "ประเภท")]
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "schema::MarketKind")]
    pub(crate) kind: Option<S>,
    /// วันเวลา เช่น ทุกวันเสาร์ 06:00-10:00 (schedule)
    #[serde(alias = "วันเวลา")]
    #[schemars(with = "schema::Optional<schema::Text>")]
    pub(crate) schedule: Option<S>,
    /// สถานที่ (place)
    #[serde(alias = "สถานที่")]
    #[schemars(with = "schema::Optional<schema::Text>")]
    pub(crate) place: Option<S>,
    /// ลิงก์ (URL)
    #[serde(alias = "ลิงก์")]
    #[schemars(with = "schema::Optional<schema::Url>")]
    pub(crate) link: Option<S>,
}

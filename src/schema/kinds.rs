//! The JSON Schema of each value kind, made from its one definition in `values.rs` (the words,
//! the date forms, the bounds) and `options.rs` (the choices), and the marker types `raw.rs`
//! names in `#[schemars(with = ...)]`.

use crate::options::{
    ACTIVITY_KINDS, MARKET_KINDS, MARKET_LEVELS, MODELS, PARTS, PRODUCT_CATEGORIES, PROGRAMMES, RATINGS, STRATEGIES,
};
use crate::values::{self, COUNT, DUE_DAY, LATITUDE, LONGITUDE, Numeric, ValueKind, pattern};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Value, json};
use std::borrow::Cow;
use std::marker::PhantomData;

/// The schema of one kind of value, tagged with the kind's name (`x-knn`, a keyword editors
/// ignore) so the web form's configuration (`cms.rs`) can choose each field's input from the
/// same schema. YAML may hand an editor a number or a boolean where knn reads text
/// (`title: 2566`, `name: yes`), so text kinds accept those too.
pub(crate) fn of(kind: &ValueKind) -> Value {
    let mut schema = untagged(kind);
    schema[TAG] = json!(tag(kind));
    schema
}

/// The keyword that names a value's kind in its schema.
pub(crate) const TAG: &str = "x-knn";

/// The name of a kind in the schemas' `x-knn` keyword.
fn tag(kind: &ValueKind) -> &'static str {
    match kind {
        ValueKind::Text => "text",
        ValueKind::Digits => "digits",
        ValueKind::Url => "url",
        ValueKind::Date => "date",
        ValueKind::YesNo => "yes-no",
        ValueKind::Number(_) => "number",
        ValueKind::Choice(_) => "choice",
    }
}

fn untagged(kind: &ValueKind) -> Value {
    match kind {
        ValueKind::Text => json!({ "type": ["string", "number", "boolean"], "pattern": "\\S" }),
        ValueKind::Digits => json!({
            "type": ["string", "number"],
            "description": "ใส่ในเครื่องหมายคำพูด เช่น \"081-234-5678\" หรือ \"45/2\" (quote it)"
        }),
        ValueKind::Url => json!({
            "type": "string",
            "pattern": pattern::url(),
            "description": "ลิงก์เต็ม (URL) ขึ้นต้นด้วย https://"
        }),
        ValueKind::Date => json!({
            "type": "string",
            "pattern": pattern::date(),
            "examples": values::DATE_FORMS.iter().map(|f| f.example).collect::<Vec<_>>(),
            "description": format!(
                "วันที่ (date): ปี พ.ศ. หรือ ค.ศ. เช่น {}",
                values::DATE_FORMS.iter().map(|f| f.example).collect::<Vec<_>>().join(", ")
            )
        }),
        ValueKind::YesNo => json!({
            "anyOf": [{ "type": "boolean" }, { "type": "string", "pattern": pattern::yes_no() }],
            "examples": ["ใช่", "ไม่ใช่", "yes", "no"],
            "description": format!(
                "ใช่/ไม่ใช่ (yes/no): {} หรือ {}",
                values::YES_WORDS.join(", "),
                values::NO_WORDS.join(", ")
            )
        }),
        ValueKind::Number(n) => number(n),
        ValueKind::Choice(table) => choice(table),
    }
}

/// A number: a YAML number within the bounds, or text in the form knn reads.
fn number(n: &Numeric) -> Value {
    let mut as_number = json!({ "type": if n.whole { "integer" } else { "number" }, "minimum": n.min });
    if let Some(max) = n.max {
        as_number["maximum"] = json!(max);
    }
    let range = match n.max {
        Some(max) => format!(" {} ถึง {max}", n.min),
        None => String::new(),
    };
    json!({
        "anyOf": [as_number, { "type": "string", "pattern": pattern::number(n) }],
        "description": format!(
            "{} (number){range}: เลขอารบิกหรือเลขไทย",
            if n.whole { "จำนวนเต็ม" } else { "ตัวเลข" }
        )
    })
}

/// A choice: each English key with its Thai label as the description and each label as a
/// value of its own (for completion), and the pattern that accepts every spelling knn reads
/// (any case, any spacing, Thai or ASCII digits).
fn choice(table: &[values::Opt]) -> Value {
    let keys = table
        .iter()
        .map(|o| json!({ "const": o.key, "description": o.label() }));
    let labels = table.iter().flat_map(|o| {
        o.labels
            .iter()
            .map(move |l| json!({ "const": l, "description": format!("= {}", o.key) }))
    });
    let spelled = std::iter::once(json!({ "type": "string", "pattern": pattern::choice(table) }));
    json!({ "anyOf": keys.chain(labels).chain(spelled).collect::<Vec<_>>() })
}

/// The schema of an optional value: its kind, or nothing (null or blank), which knn reads as
/// absent.
fn optional(kind: Schema) -> Schema {
    let blank = json!({ "type": "string", "pattern": "^\\s*$" });
    Schema::try_from(json!({ "anyOf": [kind, { "type": "null" }, blank] })).unwrap_or_default()
}

/// A schema value as schemars wants it.
fn schema(value: Value) -> Schema {
    Schema::try_from(value).unwrap_or_default()
}

/// An optional value of the kind `K` (`#[schemars(with = "schema::Optional<schema::Date>")]`).
pub(crate) struct Optional<K>(PhantomData<K>);

impl<K: JsonSchema> JsonSchema for Optional<K> {
    fn schema_name() -> Cow<'static, str> {
        format!("Optional{}", K::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        optional(generator.subschema_for::<K>())
    }
}

/// One item of a photo list: the file name alone (as the web form writes it) or an entry with
/// `file:` and `caption:` (`raw::RawPhoto`).
pub(crate) struct PhotoItem;

impl JsonSchema for PhotoItem {
    fn schema_name() -> Cow<'static, str> {
        "PhotoItem".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let entry = generator.subschema_for::<crate::raw::PhotoEntry>().to_value();
        let mut name = of(&ValueKind::Text);
        name["description"] = json!("ชื่อไฟล์ภาพในโฟลเดอร์เดียวกัน เช่น 01.jpg (file)");
        let mut value = json!({
            "description": "ภาพ: ชื่อไฟล์ หรือ file: กับ caption: (photo)",
            "anyOf": [name, entry]
        });
        value[TAG] = json!("photo");
        schema(value)
    }
}

/// Declares the marker type of a value kind: its schema is the kind's, inlined (scalars) or
/// as a definition of its own (choices, shared by many keys).
macro_rules! kind {
    ($name:ident, $kind:expr, $inline:expr, $about:expr) => {
        #[doc = $about]
        pub(crate) struct $name;

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn inline_schema() -> bool {
                $inline
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                let mut value = of(&$kind);
                if !$inline {
                    value["description"] = json!($about);
                }
                schema(value)
            }
        }
    };
}

kind!(Text, ValueKind::Text, true, "ข้อความ (text)");
kind!(Digits, ValueKind::Digits, true, "ตัวเลขตามที่เขียน (digits as written)");
kind!(Url, ValueKind::Url, true, "ลิงก์ (URL)");
kind!(Date, ValueKind::Date, true, "วันที่ (date)");
kind!(YesNo, ValueKind::YesNo, true, "ใช่/ไม่ใช่ (yes/no)");
kind!(Amount, ValueKind::Number(values::AMOUNT), true, "ตัวเลข (number)");
kind!(Count, ValueKind::Number(COUNT), true, "จำนวนเต็ม (whole number)");
kind!(DueDay, ValueKind::Number(DUE_DAY), true, "วันที่ 1-28 (day of the month)");
kind!(
    Latitude,
    ValueKind::Number(LATITUDE),
    true,
    "ละติจูด (ทศนิยม) ในจังหวัดฉะเชิงเทรา"
);
kind!(
    Longitude,
    ValueKind::Number(LONGITUDE),
    true,
    "ลองจิจูด (ทศนิยม) ในจังหวัดฉะเชิงเทรา"
);
kind!(Model, ValueKind::Choice(MODELS), false, "รูปแบบแปลง (model)");
kind!(Programme, ValueKind::Choice(PROGRAMMES), false, "โครงการ (programme)");
kind!(Rating, ValueKind::Choice(RATINGS), false, "ระดับความพร้อม (rating)");
kind!(Part, ValueKind::Choice(PARTS), false, "องค์ประกอบของแปลง (part)");
kind!(
    ActivityKind,
    ValueKind::Choice(ACTIVITY_KINDS),
    false,
    "ประเภทกิจกรรม (activity kind)"
);
kind!(Strategy, ValueKind::Choice(STRATEGIES), false, "ยุทธศาสตร์ (strategy)");
kind!(
    ProductCategory,
    ValueKind::Choice(PRODUCT_CATEGORIES),
    false,
    "ประเภทผลิตภัณฑ์ (product category)"
);
kind!(
    MarketLevel,
    ValueKind::Choice(MARKET_LEVELS),
    false,
    "ระดับตลาด (market level)"
);
kind!(
    MarketKind,
    ValueKind::Choice(MARKET_KINDS),
    false,
    "ประเภทตลาด (market kind)"
);

//! JSON Schemas for editors, generated from the raw front-matter types in `raw.rs` (schemars):
//! the value kinds below say what each scalar may hold, the enumerated values come from
//! `options.rs`, and the Thai key aliases are read from serde's own field list, so nothing is
//! written twice.

use crate::options::{
    ACTIVITY_KINDS, MARKET_KINDS, MARKET_LEVELS, MODELS, PARTS, PRODUCT_CATEGORIES, PROGRAMMES, RATINGS, STRATEGIES,
};
use crate::raw::{RawActivity, RawLesson, RawMarket, RawPlot, RawProduct, RawSite};
use crate::values::Opt;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::borrow::Cow;
use std::cell::Cell;

/// Every schema knn publishes: (file name, what it is for, the schema).
pub(crate) fn all() -> Vec<(&'static str, Value)> {
    vec![
        (
            "site.schema.json",
            root::<RawSite>("site.yaml", "การตั้งค่าเว็บไซต์ (site settings)"),
        ),
        ("plot.schema.json", root::<RawPlot>("plot.md", "ข้อมูลแปลง (plot)")),
        (
            "activity.schema.json",
            root::<RawActivity>("activities/*/index.md", "กิจกรรม (activity)"),
        ),
        (
            "lesson.schema.json",
            root::<RawLesson>("lessons/*/index.md", "ถอดบทเรียน (lesson)"),
        ),
        (
            "product.schema.json",
            root::<RawProduct>("products/*/index.md", "ผลิตภัณฑ์ (product)"),
        ),
        (
            "markets.schema.json",
            root::<Vec<RawMarket>>("markets.yaml", "ตลาด (markets)"),
        ),
    ]
}

/// The draft-07 schema of `T` (draft 07 is what VS Code's YAML extension knows best).
fn root<T: JsonSchema>(file: &str, title: &str) -> Value {
    let generator = SchemaGenerator::new(SchemaSettings::draft07());
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("title".into(), json!(format!("knn: {title}")));
        obj.insert(
            "description".into(),
            json!(format!(
                "ส่วนหัวของไฟล์ {file} ของ knn ดูคำอธิบายทุกหัวข้อใน docs/content-format.th.md"
            )),
        );
    }
    schema
}

/// A schema transform (`#[schemars(transform = ...)]`): every Thai alias serde accepts for a
/// key becomes a property with the same schema, and a required key may be written either way.
pub(crate) fn with_aliases<T: for<'de> Deserialize<'de>>(schema: &mut Schema) {
    let groups = alias_groups(serde_fields::<T>());
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    let Some(Value::Object(props)) = obj.get_mut("properties") else {
        return;
    };
    let mut added = Map::new();
    for (key, aliases) in &groups {
        let Some(Value::Object(prop)) = props.get(*key) else {
            continue;
        };
        for alias in aliases {
            let mut copy = prop.clone();
            let about = copy
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            copy.insert("description".into(), json!(format!("= {key}: {about}")));
            added.insert((*alias).to_string(), Value::Object(copy));
        }
    }
    props.extend(added);
    let Some(Value::Array(required)) = obj.remove("required") else {
        return;
    };
    let mut plain = Vec::new();
    let mut either = Vec::new();
    for r in required {
        let key = r.as_str().unwrap_or_default();
        match groups.iter().find(|(k, a)| *k == key && !a.is_empty()) {
            Some((k, aliases)) => {
                let options: Vec<Value> = std::iter::once(*k)
                    .chain(aliases.iter().copied())
                    .map(|name| json!({ "required": [name] }))
                    .collect();
                either.push(json!({ "anyOf": options }));
            }
            None => plain.push(r),
        }
    }
    if !plain.is_empty() {
        obj.insert("required".into(), Value::Array(plain));
    }
    if !either.is_empty() {
        obj.insert("allOf".into(), Value::Array(either));
    }
}

/// Groups serde's field list into (key, aliases). serde lists each field's names sorted, so a
/// field's English key comes before its Thai aliases (a unit test holds this to account).
fn alias_groups(fields: &[&'static str]) -> Vec<(&'static str, Vec<&'static str>)> {
    let mut groups: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    for name in fields {
        match groups.last_mut() {
            Some((_, aliases)) if !name.is_ascii() => aliases.push(name),
            _ => groups.push((name, Vec::new())),
        }
    }
    groups
}

/// The names (keys and aliases) serde's derived `Deserialize` of `T` accepts.
fn serde_fields<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let seen = Cell::new(&[][..]);
    let _ = T::deserialize(FieldNames(&seen));
    seen.get()
}

/// A deserializer that only records the field names of the struct asked for.
struct FieldNames<'a>(&'a Cell<&'static [&'static str]>);

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.set(fields);
        Err(serde::de::Error::custom("field names recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// Declares a scalar value kind: a marker type whose schema says what the YAML value may be.
macro_rules! value_kind {
    ($name:ident, $schema:expr) => {
        pub(crate) struct $name;

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn inline_schema() -> bool {
                true
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

value_kind!(Text, json_schema!({ "type": "string", "minLength": 1 }));
value_kind!(
    Number,
    json_schema!({
        "type": ["number", "string"],
        "pattern": "^[0-9๐-๙][0-9๐-๙,.]*$",
        "minimum": 0,
        "description": "ตัวเลข (number): เลขอารบิกหรือเลขไทย"
    })
);
value_kind!(
    Digits,
    json_schema!({
        "type": ["string", "number"],
        "description": "ใส่ในเครื่องหมายคำพูด เช่น \"081-234-5678\" หรือ \"45/2\" (quote it)"
    })
);
value_kind!(
    Date,
    json_schema!({
        "type": "string",
        "pattern": "^\\s*([0-9๐-๙]{4}-[0-9๐-๙]{1,2}-[0-9๐-๙]{1,2}|[0-9๐-๙]{1,2}/[0-9๐-๙]{1,2}/[0-9๐-๙]{4}|[0-9๐-๙]{1,2}\\s+\\S+\\s+[0-9๐-๙]{4})\\s*$",
        "examples": ["2569-11-25", "25/11/2569", "25 พ.ย. 2569"],
        "description": "วันที่ (date): ปี พ.ศ. หรือ ค.ศ. เช่น 2569-11-25, 25/11/2569, 25 พ.ย. 2569"
    })
);
value_kind!(
    YesNo,
    json_schema!({
        "anyOf": [
            { "type": "boolean" },
            { "enum": ["yes", "no", "ใช่", "ไม่ใช่", "ยินยอม", "ไม่ยินยอม", "มี", "ไม่มี", "ได้รับ", "ไม่ได้รับ", "เปิดเผย", "ไม่เปิดเผย"] }
        ],
        "description": "ใช่/ไม่ใช่ (yes/no)"
    })
);
value_kind!(
    Url,
    json_schema!({
        "type": "string",
        "pattern": "^https?://\\S+$",
        "description": "ลิงก์เต็ม (URL) ขึ้นต้นด้วย https://"
    })
);
value_kind!(
    Latitude,
    json_schema!({ "type": ["number", "string"], "minimum": 12.9, "maximum": 14.1, "description": "ละติจูด (ทศนิยม) ในจังหวัดฉะเชิงเทรา" })
);
value_kind!(
    Longitude,
    json_schema!({ "type": ["number", "string"], "minimum": 100.8, "maximum": 102.0, "description": "ลองจิจูด (ทศนิยม) ในจังหวัดฉะเชิงเทรา" })
);

/// The schema of one enumerated value: each English key with its Thai label as the
/// description (for completion), and every Thai label as a value of its own.
fn choice(table: &[Opt], about: &str) -> Schema {
    let keys = table
        .iter()
        .map(|o| json!({ "const": o.key, "description": o.label() }));
    let labels = table.iter().flat_map(|o| {
        o.labels
            .iter()
            .map(move |l| json!({ "const": l, "description": format!("= {}", o.key) }))
    });
    json_schema!({ "description": about, "oneOf": keys.chain(labels).collect::<Vec<_>>() })
}

/// Declares an enumerated value kind from a table of `options.rs`.
macro_rules! choice_kind {
    ($name:ident, $table:expr, $about:expr) => {
        pub(crate) struct $name;

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                choice($table, $about)
            }
        }
    };
}

choice_kind!(Model, MODELS, "รูปแบบแปลง (model)");
choice_kind!(Programme, PROGRAMMES, "โครงการ (programme)");
choice_kind!(Rating, RATINGS, "ระดับความพร้อม (rating)");
choice_kind!(Part, PARTS, "องค์ประกอบของแปลง (part)");
choice_kind!(ActivityKind, ACTIVITY_KINDS, "ประเภทกิจกรรม (activity kind)");
choice_kind!(Strategy, STRATEGIES, "ยุทธศาสตร์ (strategy)");
choice_kind!(ProductCategory, PRODUCT_CATEGORIES, "ประเภทผลิตภัณฑ์ (product category)");
choice_kind!(MarketLevel, MARKET_LEVELS, "ระดับตลาด (market level)");
choice_kind!(MarketKind, MARKET_KINDS, "ประเภทตลาด (market kind)");

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(name: &str) -> Value {
        all().into_iter().find(|(n, _)| *n == name).map(|(_, s)| s).unwrap()
    }

    #[test]
    fn thai_aliases_follow_their_key() {
        let groups = alias_groups(serde_fields::<RawActivity>());
        let title = groups.iter().find(|(k, _)| *k == "title").unwrap();
        assert_eq!(title.1, ["ชื่อกิจกรรม"]);
        assert!(groups.iter().all(|(k, _)| k.is_ascii()));
        let reporter = alias_groups(serde_fields::<crate::raw::RawReporter>());
        let date = reporter.iter().find(|(k, _)| *k == "date").unwrap();
        assert_eq!(date.1.len(), 2, "{reporter:?}");
    }

    #[test]
    fn activity_schema_has_keys_aliases_choices_and_required() {
        let s = schema("activity.schema.json");
        let props = &s["properties"];
        assert!(
            props["title"]["description"].as_str().unwrap().contains("ข้อ 4"),
            "{}",
            props["title"]
        );
        assert!(props["ชื่อกิจกรรม"].is_object(), "the Thai alias is a property");
        assert_eq!(s["additionalProperties"], json!(false));
        let text = s.to_string();
        assert!(
            text.contains("\"ao-mue\"") && text.contains("เอามื้อสามัคคี"),
            "kinds are listed"
        );
        let all_of = s["allOf"].to_string();
        assert!(all_of.contains("\"title\"") && all_of.contains("ชื่อกิจกรรม"), "{all_of}");
        assert!(!all_of.contains("participants"), "optional keys are not required");
    }

    #[test]
    fn markets_schema_is_a_list_of_markets() {
        let s = schema("markets.schema.json");
        assert_eq!(s["type"], json!("array"));
        assert!(s.to_string().contains("ชื่อตลาด"));
    }
}

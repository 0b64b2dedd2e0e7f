//! JSON Schemas for editors, generated from the raw front-matter types in `raw.rs` (schemars):
//! each scalar's kind (`kinds.rs`) is made from the value grammar of `values.rs` and the
//! choices of `options.rs`, and the Thai key aliases are read from serde's own field list, so
//! nothing is written twice.

mod kinds;

pub(crate) use kinds::*;

use crate::raw::{RawActivity, RawLesson, RawMarket, RawPlot, RawProduct, RawSite};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;
use serde_json::{Map, Value, json};
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
    // Required keys are those whose kind has no "nothing" (null) in it: schemars cannot tell,
    // since every scalar key has a serde default (to tell an empty value from a missing key).
    let required: Vec<&str> = groups
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| props.get(*k).is_some_and(|p| !nullable(p)))
        .collect();
    for prop in props.values_mut() {
        if let Some(p) = prop.as_object_mut() {
            p.remove("default");
        }
    }
    obj.remove("required");
    let mut plain = Vec::new();
    let mut either = Vec::new();
    for key in required {
        match groups.iter().find(|(k, a)| *k == key && !a.is_empty()) {
            Some((k, aliases)) => {
                let options: Vec<Value> = std::iter::once(*k)
                    .chain(aliases.iter().copied())
                    .map(|name| json!({ "required": [name] }))
                    .collect();
                either.push(json!({ "anyOf": options }));
            }
            None => plain.push(json!(key)),
        }
    }
    if !plain.is_empty() {
        obj.insert("required".into(), Value::Array(plain));
    }
    if !either.is_empty() {
        obj.insert("allOf".into(), Value::Array(either));
    }
}

/// Whether a property's schema accepts null (an optional key: `Option<...>` or `Optional<...>`).
pub(crate) fn nullable(schema: &Value) -> bool {
    let null_type = |s: &Value| match &s["type"] {
        Value::String(t) => t == "null",
        Value::Array(ts) => ts.iter().any(|t| t == "null"),
        _ => false,
    };
    null_type(schema)
        || schema["anyOf"]
            .as_array()
            .is_some_and(|branches| branches.iter().any(null_type))
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

/// The keys of `T` in the order they are declared (the form's order), each with its Thai
/// aliases.
pub(crate) fn keys<T: for<'de> Deserialize<'de>>() -> Vec<(&'static str, Vec<&'static str>)> {
    alias_groups(serde_fields::<T>())
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

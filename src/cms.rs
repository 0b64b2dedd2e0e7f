//! The web form's configuration (Sveltia CMS), generated from the JSON Schemas of `schema.rs`:
//! each field's input, Thai label (with the official form's item number), help text, choices
//! and required-ness come from the same raw types and value grammar that read the content, so
//! the form and knn cannot drift apart (`tests` feed both the same values).

use crate::raw::{RawActivity, RawAddress, RawLesson, RawMarket, RawPlot, RawProduct, RawReporter};
use crate::schema::{self, TAG};
use crate::values;
use serde::Deserialize;
use serde_json::{Value, json};

/// What one district's form needs from the site.
pub(crate) struct Place<'a> {
    /// The district's folder name and Thai name.
    pub(crate) district: (&'a str, &'a str),
    /// Its plots: folder name and Thai name, in the site's order.
    pub(crate) plots: Vec<(&'a str, &'a str)>,
    /// `owner/name` on GitHub; `None` leaves only the local-folder mode usable.
    pub(crate) repository: Option<&'a str>,
    /// The OAuth authenticator's address, if the province runs one.
    pub(crate) auth_url: Option<&'a str>,
    pub(crate) site_url: &'a str,
    pub(crate) site_title: &'a str,
    /// The photos an activity needs (`min_photos` of `site.yaml`).
    pub(crate) min_photos: usize,
}

/// The longest side of a photo after the browser resizes it, in pixels.
pub(crate) const PHOTO_SIDE: u32 = 2048;

/// The configuration of the form of one district (`admin/<district>/config.json`).
pub(crate) fn config(place: &Place) -> Value {
    let folder = format!("districts/{}", place.district.0);
    let mut collections = vec![
        activities(place, &folder),
        bundle::<RawLesson>(
            place,
            &folder,
            ("lessons", "lesson"),
            "ถอดบทเรียน",
            "title",
            "{{fields.date | date('YYYY-MM-DD')}}-{{uuid_shorter}}",
        ),
        bundle::<RawProduct>(
            place,
            &folder,
            ("products", "product"),
            "ผลิตภัณฑ์",
            "name",
            "{{fields.category}}-{{uuid_shorter}}",
        ),
        plots(&folder),
    ];
    if !place.plots.is_empty() {
        collections.push(markets(place, &folder));
    }
    let mut config = json!({
        "backend": {
            "name": "github",
            "repo": place.repository.unwrap_or("owner/repository"),
            "branch": "main",
            "commit_messages": {
                "create": "เพิ่ม {{collection}} {{slug}} (ฟอร์มบนเว็บ)",
                "update": "แก้ไข {{collection}} {{slug}} (ฟอร์มบนเว็บ)",
                "delete": "ลบ {{collection}} {{slug}} (ฟอร์มบนเว็บ)",
                "uploadMedia": "อัปโหลดภาพ {{path}} (ฟอร์มบนเว็บ)",
                "deleteMedia": "ลบภาพ {{path}} (ฟอร์มบนเว็บ)"
            }
        },
        "app_title": format!("ฟอร์มบันทึก อำเภอ{} | {}", place.district.1, place.site_title),
        "site_url": place.site_url,
        "media_folder": "",
        "public_folder": "",
        "media_libraries": {
            "default": {
                "config": {
                    "max_file_size": 30_000_000,
                    "transformations": {
                        "raster_image": { "format": "webp", "quality": 85, "width": PHOTO_SIDE, "height": PHOTO_SIDE }
                    }
                }
            }
        },
        "slug": { "encoding": "ascii", "clean_accents": true },
        "output": { "omit_empty_optional_fields": true },
        "collections": collections,
    });
    sign_in(&mut config["backend"], place.auth_url);
    config
}

/// How officers sign in: with a personal access token (no server of ours), and with GitHub's
/// OAuth through the province's authenticator when there is one (docs/web-form-admin.th.md).
fn sign_in(backend: &mut Value, auth_url: Option<&str>) {
    match auth_url {
        Some(url) => {
            backend["base_url"] = json!(url);
            backend["auth_scope"] = json!("public_repo");
            backend["auth_methods"] = json!(["oauth", "token"]);
        }
        None => backend["auth_methods"] = json!(["token"]),
    }
}

/// The activities of the district's plots, saved as `<plot>/activities/<date>-<kind>/index.md`.
fn activities(place: &Place, folder: &str) -> Value {
    let mut collection = bundle::<RawActivity>(
        place,
        folder,
        ("activities", "activity"),
        "กิจกรรม",
        "title",
        "{{fields.date | date('YYYY-MM-DD')}}-{{fields.kind}}",
    );
    let photos = collection["fields"]
        .as_array_mut()
        .and_then(|fields| fields.iter_mut().find(|f| f["name"] == "photos"));
    if let Some(photos) = photos {
        photos["required"] = json!(true);
        photos["min"] = json!(place.min_photos);
        photos["hint"] = json!(format!(
            "อย่างน้อย {} ภาพ เลือกหลายภาพพร้อมกันได้ ระบบย่อภาพให้ด้านยาวไม่เกิน {PHOTO_SIDE} จุดก่อนส่ง",
            place.min_photos
        ));
    }
    collection
}

/// A collection of page bundles under the district's plots: `<plot>/<section>/<slug>/index.md`
/// with the photos beside it, the plot picked from a list (never a typed path).
fn bundle<T: for<'de> Deserialize<'de>>(
    place: &Place,
    folder: &str,
    (section, schema): (&str, &str),
    label: &str,
    title: &str,
    slug: &str,
) -> Value {
    let schema = schema_of(schema);
    let mut fields = vec![plot_choice(place)];
    fields.extend(
        fields_of::<T>(schema, schema)
            .into_iter()
            .filter(|f| f["name"] != "plot"),
    );
    fields.push(body());
    json!({
        "name": section,
        "label": label,
        "label_singular": label,
        "folder": folder,
        // The slug is made once per new page (a template in `path` would be made again for
        // each photo, scattering them), then the page and its photos go in its folder.
        "slug": { "template": slug, "editable": false },
        "path": format!("{{{{fields.plot}}}}/{section}/{{{{slug}}}}/index"),
        "identifier_field": title,
        "summary": "{{".to_string() + title + "}}",
        "extension": "md",
        "format": "frontmatter",
        "media_folder": "",
        "public_folder": "",
        "create": true,
        "fields": fields,
    })
}

/// The district's plots (`<plot>/plot.md`), edited in place: a new plot folder is made by the
/// province's administrator, who gives it its web address.
fn plots(folder: &str) -> Value {
    let schema = schema_of("plot");
    let mut fields = fields_of::<RawPlot>(schema, schema);
    fields.push(body());
    json!({
        "name": "plots",
        "label": "แปลง",
        "label_singular": "แปลง",
        "folder": folder,
        "path": "{{slug}}/plot",
        "identifier_field": "name",
        "extension": "md",
        "format": "frontmatter",
        "create": false,
        "delete": false,
        "fields": fields,
    })
}

/// Each plot's `markets.yaml`: one file per plot, a list at the top of the file.
fn markets(place: &Place, folder: &str) -> Value {
    let schema = schema_of("markets");
    let mut market = fields_of::<RawMarket>(schema, &schema["definitions"]["RawMarket"]);
    // Radio buttons inside a list item do not set their value in this CMS version (measured
    // in the browser test): its choices are drop-down lists.
    for field in market.iter_mut().filter(|f| f["widget"] == "select") {
        field["dropdown_threshold"] = json!(0);
    }
    let files: Vec<Value> = place
        .plots
        .iter()
        .map(|(slug, name)| {
            json!({
                "name": slug,
                "label": name,
                "file": format!("{folder}/{slug}/markets.yaml"),
                "format": "yaml",
                "fields": [{
                    "name": "markets",
                    "label": "ตลาด",
                    "label_singular": "ตลาด",
                    "widget": "list",
                    "root": true,
                    "required": false,
                    "summary": "{{fields.name}}",
                    "fields": market,
                }],
            })
        })
        .collect();
    json!({ "name": "markets", "label": "ตลาด", "files": files })
}

/// The plot a page belongs to, chosen by its Thai name; saved as its folder name.
fn plot_choice(place: &Place) -> Value {
    let options: Vec<Value> = place
        .plots
        .iter()
        .map(|(slug, name)| json!({ "label": name, "value": slug }))
        .collect();
    json!({
        "name": "plot",
        "label": "แปลง",
        "widget": "select",
        "options": options,
        "dropdown_threshold": 0,
        "hint": "แปลงที่จัดกิจกรรม ระบบบันทึกลงโฟลเดอร์ของแปลงให้เอง",
    })
}

/// The Markdown below the front matter.
fn body() -> Value {
    json!({ "name": "body", "label": "รายละเอียด", "widget": "markdown", "required": false,
        "hint": "เล่าสิ่งที่ทำ ผลที่ได้ ห้ามใส่เบอร์โทรหรือบ้านเลขที่ของเจ้าของแปลงหากไม่ยินยอม" })
}

/// The generated schema `<name>.schema.json`. The schemas depend only on the types, so they
/// are generated once per process, not once per collection of every district in every build.
fn schema_of(name: &str) -> &'static Value {
    static SCHEMAS: std::sync::OnceLock<Vec<(&'static str, Value)>> = std::sync::OnceLock::new();
    static NONE: Value = Value::Null;
    let file = format!("{name}.schema.json");
    SCHEMAS
        .get_or_init(schema::all)
        .iter()
        .find(|(n, _)| *n == file)
        .map_or(&NONE, |(_, s)| s)
}

/// The fields of the struct `T` whose schema is `object`, in declaration order.
fn fields_of<T: for<'de> Deserialize<'de>>(root: &Value, object: &Value) -> Vec<Value> {
    schema::keys::<T>()
        .into_iter()
        .filter_map(|(key, aliases)| {
            let prop = &object["properties"][key];
            // The longest Thai name says most (`วันที่รายงาน` rather than `วันที่`).
            let thai = aliases.iter().copied().max_by_key(|a| a.chars().count());
            (!prop.is_null()).then(|| field(root, key, thai, prop))
        })
        .collect()
}

/// One field: its input from the kind its schema names, its label and help from the schema.
fn field(root: &Value, key: &str, thai: Option<&str>, prop: &Value) -> Value {
    let about = prop["description"].as_str().unwrap_or_default();
    let mut field = input(root, key, prop);
    field["name"] = json!(key);
    field["label"] = json!(label(key, thai, about));
    field["hint"] = json!(if field["widget"] == "datetime" {
        // The browser's date picker shows C.E. years whatever the phone's language.
        format!("{about} เลือกจากปฏิทิน ปฏิทินแสดงปี ค.ศ. (2026 = พ.ศ. 2569) หน้าเว็บแสดงเป็น พ.ศ. ให้เอง")
    } else {
        about.to_string()
    });
    field["required"] = json!(!schema::nullable(prop));
    field
}

/// The label: the official form's item number (`ข้อ ๔`) and the Thai name of the key.
fn label(key: &str, thai: Option<&str>, about: &str) -> String {
    let name = thai.unwrap_or(key);
    let item = about
        .split("ข้อ ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .filter(|n| !n.is_empty());
    match item {
        Some(n) => format!("ข้อ {} {name}", crate::thai::digits(n, true)),
        None => name.to_string(),
    }
}

/// The schema a property stands for: an optional value's kind, a `$ref`'s definition.
fn resolve<'a>(root: &'a Value, prop: &'a Value) -> &'a Value {
    if let Some(name) = prop["$ref"].as_str().and_then(|r| r.strip_prefix("#/definitions/")) {
        return resolve(root, &root["definitions"][name]);
    }
    if let Some([only]) = prop["allOf"].as_array().map(Vec::as_slice)
        && only["$ref"].is_string()
    {
        return resolve(root, only);
    }
    if prop[TAG].is_null()
        && let Some(first) = prop["anyOf"].as_array().and_then(|b| b.first())
        && schema::nullable(prop)
    {
        return resolve(root, first);
    }
    prop
}

/// The input of a property, by the kind its schema names.
fn input(root: &Value, key: &str, prop: &Value) -> Value {
    let kind = resolve(root, prop);
    if let Some(items) = list_items(kind) {
        return list(key, resolve(root, items));
    }
    if kind["type"] == "object" {
        return object(root, key, kind);
    }
    scalar(kind)
}

/// The schema of a list's items, if `kind` is a list.
fn list_items(kind: &Value) -> Option<&Value> {
    let is_array = match &kind["type"] {
        Value::String(t) => t == "array",
        Value::Array(ts) => ts.iter().any(|t| t == "array"),
        _ => false,
    };
    is_array.then(|| &kind["items"])
}

/// A list: photos (several files at once), several choices, or a list of one input each.
fn list(key: &str, item: &Value) -> Value {
    match item[TAG].as_str() {
        Some("photo") => json!({
            "widget": "image",
            "multiple": true,
            "accept": "image/jpeg,image/png,image/webp,image/heic,image/heif",
            "choose_url": false,
        }),
        Some("choice") => {
            let mut select = scalar(item);
            select["multiple"] = json!(true);
            select
        }
        _ => {
            let mut one = scalar(item);
            one["name"] = json!(key);
            one["label"] = json!(if item[TAG] == "url" {
                "ลิงก์"
            } else {
                "รายการ"
            });
            json!({ "widget": "list", "field": one, "label_singular": one["label"] })
        }
    }
}

/// An object (the reporter, an address) with its own fields.
fn object(root: &Value, key: &str, kind: &Value) -> Value {
    let fields = match key {
        "reporter" => fields_of::<RawReporter>(root, kind),
        "address" => fields_of::<RawAddress>(root, kind),
        _ => Vec::new(),
    };
    json!({ "widget": "object", "fields": fields, "collapsed": false })
}

/// The input of one value.
fn scalar(kind: &Value) -> Value {
    match kind[TAG].as_str() {
        Some("date") => json!({
            "widget": "datetime",
            "time_format": false,
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            // The picker writes C.E. years: only those knn reads as C.E.
            "min": format!("{}-01-01", values::CE_YEARS.start()),
            "max": format!("{}-12-31", values::CE_YEARS.end()),
        }),
        Some("yes-no") => json!({ "widget": "boolean" }),
        Some("number") => number(kind),
        Some("choice") => choice(kind),
        Some("url") => json!({
            "widget": "string",
            "type": "url",
            "pattern": [kind["pattern"], "ลิงก์เต็ม ขึ้นต้นด้วย https:// (URL)"],
        }),
        // Text must hold something besides spaces, as knn reads it.
        _ => json!({ "widget": "string", "pattern": ["\\S", "ต้องมีตัวอักษร ไม่ใช่ช่องว่างอย่างเดียว (text)"] }),
    }
}

/// A number input with the kind's bounds; whole numbers only where knn wants them.
fn number(kind: &Value) -> Value {
    let plain = kind["anyOf"]
        .as_array()
        .and_then(|b| b.iter().find(|s| s["type"] == "integer" || s["type"] == "number"))
        .cloned()
        .unwrap_or_default();
    let whole = plain["type"] == "integer";
    let mut input = json!({ "widget": "number", "value_type": if whole { "int" } else { "float" } });
    for (bound, option) in [("minimum", "min"), ("maximum", "max")] {
        if !plain[bound].is_null() {
            input[option] = plain[bound].clone();
        }
    }
    if !whole {
        // Coordinates (a narrow range) take six decimals, amounts and areas two.
        let narrow = plain["maximum"]
            .as_f64()
            .zip(plain["minimum"].as_f64())
            .is_some_and(|(a, b)| a - b < 10.0);
        input["step"] = json!(if narrow { 0.000_001 } else { 0.01 });
    }
    input
}

/// A list of choices: each option's Thai label, saved as its English key.
fn choice(kind: &Value) -> Value {
    let options: Vec<Value> = kind["anyOf"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| {
            let label = o["description"].as_str()?;
            (o["const"].is_string() && !label.starts_with("= ")).then(|| json!({ "label": label, "value": o["const"] }))
        })
        .collect();
    json!({ "widget": "select", "options": options })
}

#[cfg(test)]
mod tests;

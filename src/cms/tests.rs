//! The generated configuration is one the CMS accepts (its own published JSON Schema), speaks
//! Thai with the form's item numbers, and lets through only values knn reads: the form's rules
//! and knn's grammar are fed the same corpus of values.

use super::*;
use crate::options::{
    ACTIVITY_KINDS, MARKET_KINDS, MARKET_LEVELS, MODELS, PARTS, PRODUCT_CATEGORIES, PROGRAMMES, RATINGS, STRATEGIES,
};
use crate::validate::agreement::{Gen, dates, numbers, parser_accepts, words, written};
use crate::values::{AMOUNT, COUNT, DUE_DAY, LATITUDE, LONGITUDE, Numeric, Opt, ValueKind};

fn place() -> Place<'static> {
    Place {
        district: ("bang-khla", "บางคล้า"),
        plots: vec![("ban-rai-plot", "แปลงบ้านไร่"), ("suan-lung", "สวนลุง")],
        repository: Some("chachoengsao/knn-site"),
        auth_url: None,
        site_url: "https://chachoengsao.github.io/knn-site/",
        site_title: "โคก หนอง นา ฉะเชิงเทรา",
        min_photos: 6,
    }
}

/// Every field of the configuration, nested ones (an object's, a list's) included.
fn all_fields(config: &Value) -> Vec<Value> {
    fn walk(fields: &Value, out: &mut Vec<Value>) {
        for f in fields.as_array().into_iter().flatten() {
            out.push(f.clone());
            walk(&f["fields"], out);
            if f["field"].is_object() {
                out.push(f["field"].clone());
            }
        }
    }
    let mut out = Vec::new();
    for c in config["collections"].as_array().unwrap() {
        walk(&c["fields"], &mut out);
        for file in c["files"].as_array().into_iter().flatten() {
            walk(&file["fields"], &mut out);
        }
    }
    out
}

fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()
}

fn named<'a>(collection: &'a Value, name: &str) -> &'a Value {
    collection["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap()
}

#[test]
fn the_configuration_is_valid_for_the_cms_itself() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/cms/sveltia-cms.schema.json");
    let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the CMS's schema compiles");
    let config = config(&place());
    let errors: Vec<String> = validator
        .iter_errors(&config)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn activity_fields_have_thai_labels_with_the_form_item_numbers_and_pages_land_in_their_plot() {
    let config = config(&place());
    let activities = collection(&config, "activities");
    assert_eq!(activities["folder"], "districts/bang-khla");
    assert_eq!(activities["path"], "{{fields.plot}}/activities/{{slug}}/index");
    assert_eq!(
        activities["slug"]["template"],
        "{{fields.date | date('YYYY-MM-DD')}}-{{fields.kind}}"
    );
    assert_eq!(named(activities, "title")["label"], "ข้อ ๔ ชื่อกิจกรรม");
    assert_eq!(named(activities, "photos")["label"], "ข้อ ๕ ภาพ");
    assert_eq!(named(activities, "publicity")["label"], "ข้อ ๖ ช่องทางประชาสัมพันธ์");
    let photos = named(activities, "photos");
    assert_eq!(
        (photos["multiple"].clone(), photos["min"].clone()),
        (json!(true), json!(6))
    );
    let plot = named(activities, "plot");
    assert_eq!(
        plot["options"][0],
        json!({ "label": "แปลงบ้านไร่", "value": "ban-rai-plot" })
    );
    assert_eq!(activities["fields"][0]["name"], "plot", "the plot is chosen first");
    let kind = named(activities, "kind");
    assert!(
        kind["options"]
            .as_array()
            .unwrap()
            .contains(&json!({ "label": "อบรม", "value": "training" }))
    );
    assert_eq!(named(activities, "participants")["value_type"], "int");
    let reporter = named(activities, "reporter");
    let names: Vec<&str> = reporter["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["name", "position", "date"]);
    assert_eq!(named(activities, "title")["required"], true);
    assert_eq!(named(activities, "strategies")["required"], false);
    for f in all_fields(&config) {
        let label = f["label"].as_str().unwrap_or_default();
        assert!(
            label.chars().any(|c| ('\u{e01}'..='\u{e5b}').contains(&c)),
            "a Thai label: {f}"
        );
    }
}

#[test]
fn every_kind_of_page_and_each_plots_markets_file_is_a_collection() {
    let config = config(&place());
    let names: Vec<&str> = config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["activities", "lessons", "products", "plots", "markets"]);
    let markets = collection(&config, "markets");
    assert_eq!(
        markets["files"][1]["file"],
        "districts/bang-khla/suan-lung/markets.yaml"
    );
    assert_eq!(markets["files"][1]["fields"][0]["root"], true);
    assert_eq!(collection(&config, "plots")["create"], false);
    let lessons = collection(&config, "lessons");
    assert!(
        lessons["path"]
            .as_str()
            .unwrap()
            .starts_with("{{fields.plot}}/lessons/")
    );
    assert_eq!(config["backend"]["repo"], "chachoengsao/knn-site");
    assert_eq!(
        config["backend"]["auth_methods"],
        json!(["token"]),
        "no OAuth button without an authenticator"
    );
    let oauth = super::config(&Place {
        auth_url: Some("https://auth.example.workers.dev"),
        ..place()
    });
    assert_eq!(oauth["backend"]["base_url"], "https://auth.example.workers.dev");
    assert_eq!(oauth["backend"]["auth_methods"], json!(["oauth", "token"]));
}

/// A number input's bounds, as the CMS enforces them.
fn number_accepts(field: &Value, text: &str) -> bool {
    let Ok(n) = text.trim().parse::<f64>() else {
        return false;
    };
    let whole = field["value_type"] == "int";
    let above = field["min"].as_f64().is_none_or(|m| n >= m);
    let below = field["max"].as_f64().is_none_or(|m| n <= m);
    n.is_finite() && (!whole || n.fract() == 0.0) && above && below && !text.trim().is_empty()
}

/// The day a date picker can hand back (`YYYY-MM-DD` of a real day) within the field's bounds.
fn date_accepts(field: &Value, text: &str) -> bool {
    let b = text.as_bytes();
    let shaped = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    let num = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let real = shaped && (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize];
    real && field["min"].as_str().is_none_or(|min| text >= min) && field["max"].as_str().is_none_or(|max| text <= max)
}

/// The value a corpus line (`v: ...`) holds, unquoted.
fn value_of(yaml: &str) -> String {
    let v = yaml.trim_end().strip_prefix("v: ").unwrap_or_default();
    v.strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(v)
        .replace("\\\"", "\"")
}

fn numeric_of(field: &Value) -> Numeric {
    [AMOUNT, COUNT, DUE_DAY, LATITUDE, LONGITUDE]
        .into_iter()
        .find(|n| {
            field["min"].as_f64() == Some(n.min)
                && field["max"].as_f64() == n.max
                && (field["value_type"] == "int") == n.whole
        })
        .unwrap_or_else(|| panic!("a number field with the bounds of a knn number kind: {field}"))
}

fn table_of(field: &Value) -> &'static [Opt] {
    let keys: Vec<&str> = field["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].as_str().unwrap())
        .collect();
    [
        MODELS,
        PROGRAMMES,
        RATINGS,
        PARTS,
        ACTIVITY_KINDS,
        STRATEGIES,
        PRODUCT_CATEGORIES,
        MARKET_LEVELS,
        MARKET_KINDS,
    ]
    .into_iter()
    .find(|t| t.iter().map(|o| o.key).eq(keys.iter().copied()))
    .unwrap_or_else(|| panic!("a select field with the keys of a knn choice: {field}"))
}

/// What the form lets through is read by knn: every field's rule is fed the corpus, and each
/// value the form accepts, written as the CMS writes it, must pass knn's parser.
#[test]
fn values_the_form_accepts_are_values_knn_reads() {
    let config = config(&place());
    let mut g = Gen(0x5eed_c315);
    let date_corpus: Vec<String> = dates(&mut g, 6_000)
        .iter()
        .map(|y| value_of(y))
        .chain(
            [
                "1899-12-31",
                "1900-01-01",
                "2199-12-31",
                "2200-01-01",
                "2566-11-15",
                "2024-02-29",
                "2023-02-29",
            ]
            .map(String::from),
        )
        .collect();
    let number_corpus: Vec<String> = numbers(&mut g, 4_000).iter().map(|y| value_of(y)).collect();
    let mut tally = std::collections::BTreeMap::<&str, (usize, usize)>::new();
    let mut count = |widget: &'static str, ok: bool| {
        let t = tally.entry(widget).or_default();
        if ok { t.0 += 1 } else { t.1 += 1 }
    };
    for field in all_fields(&config) {
        match field["widget"].as_str().unwrap_or_default() {
            "datetime" => {
                for text in &date_corpus {
                    let form = date_accepts(&field, text);
                    count("datetime", form);
                    if form {
                        assert_eq!(
                            parser_accepts(&ValueKind::Date, &written(text, false)),
                            Some(true),
                            "date {text}"
                        );
                    }
                }
            }
            "number" => {
                let kind = ValueKind::Number(numeric_of(&field));
                for text in &number_corpus {
                    let form = number_accepts(&field, text);
                    count("number", form);
                    if form {
                        // The CMS writes the number it holds, as a YAML number.
                        let n: f64 = text.trim().parse().unwrap();
                        let shown = if field["value_type"] == "int" {
                            format!("{}", n as i64)
                        } else {
                            format!("{n}")
                        };
                        assert_eq!(
                            parser_accepts(&kind, &written(&shown, false)),
                            Some(true),
                            "{} {shown}",
                            field["name"]
                        );
                    }
                }
            }
            "select" if field["name"] != "plot" => {
                let table = table_of(&field);
                for o in field["options"].as_array().unwrap() {
                    let value = o["value"].as_str().unwrap();
                    count("select", true);
                    assert_eq!(
                        parser_accepts(&ValueKind::Choice(table), &written(value, false)),
                        Some(true),
                        "{value}"
                    );
                }
                let near: Vec<String> = words(&mut g, 300, &crate::values::all_names(table).collect::<Vec<_>>())
                    .iter()
                    .map(|y| value_of(y))
                    .collect();
                for text in near {
                    let form = field["options"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|o| o["value"] == text.as_str());
                    count("select", form);
                }
            }
            "string" => {
                let Some(pattern) = field["pattern"][0].as_str() else {
                    continue;
                };
                let re = regex::Regex::new(pattern).unwrap();
                let kind = if field["type"] == "url" {
                    ValueKind::Url
                } else {
                    ValueKind::Text
                };
                let corpus = [
                    "",
                    " ",
                    "  \t",
                    "a",
                    " ปลูกป่า ",
                    "https://www.facebook.com/x",
                    "http://a.b",
                    "https://",
                    "ftp://x.y",
                    "javascript:alert(1)",
                    "https://ex ample.com",
                    "https://youtu.be/abc?t=1",
                    "www.example.com",
                ];
                for text in corpus {
                    let form = re.is_match(text) && !(field["required"] == true && text.trim().is_empty());
                    count("string", form);
                    if form {
                        assert_eq!(
                            parser_accepts(&kind, &written(text, true)),
                            Some(true),
                            "{} {text:?}",
                            field["name"]
                        );
                    }
                }
            }
            _ => {}
        }
    }
    for (widget, (accepted, refused)) in &tally {
        assert!(
            *accepted > 5 && *refused > 5,
            "{widget}: both sides exercised ({accepted} accepted, {refused} refused)"
        );
    }
    assert_eq!(tally.len(), 4, "{tally:?}");
}

#[test]
fn the_date_pickers_bounds_are_the_years_knn_reads() {
    let config = config(&place());
    let date = named(collection(&config, "activities"), "date");
    for (text, knn) in [
        ("1900-01-01", true),
        ("2199-12-31", true),
        ("1899-12-31", false),
        ("2200-01-01", false),
    ] {
        assert_eq!(date_accepts(date, text), knn, "{text}");
        assert_eq!(
            parser_accepts(&ValueKind::Date, &written(text, false)),
            Some(knn),
            "{text}"
        );
    }
}

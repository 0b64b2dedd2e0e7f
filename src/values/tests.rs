//! Unit tests of the value parsers and of the patterns made from the same grammar.

use super::*;
use regex::Regex;

static KINDS: &[Opt] = &[
    Opt {
        key: "ao-mue",
        labels: &["เอามื้อสามัคคี"],
    },
    Opt {
        key: "training",
        labels: &["อบรม"],
    },
];

#[test]
fn every_documented_date_format_gives_the_same_day() {
    let want = Date::new(2023, 11, 15).unwrap();
    for text in [
        "2566-11-15",
        "2023-11-15",
        "15/11/2566",
        "15 พ.ย. 2566",
        "๑๕ พฤศจิกายน ๒๕๖๖",
        "15 พย 2566",
        "15 พ.ย. พ.ศ. 2566",
        "15พ.ย.2566",
        " 2566-11-15 ",
        "15 พฤศจิกายน2566",
    ] {
        assert_eq!(date(text), Ok(want), "{text}");
    }
}

#[test]
fn odd_dates_never_panic() {
    for text in [
        "",
        "-",
        "//",
        "15",
        "พ.ย.",
        "15 พ.ย.",
        "๑๕",
        "2566-",
        "15 ม 2566",
        "1 ก",
        "ก 2566",
        "99999999999-1-1",
        "2566-+1-+5",
        "2566-011-015",
        "15 พฤศ จิกายน 2566",
        "🌱 พ.ย. 2566",
        "๒๕๖๖-๑๑-๑๕ปลูกป่า",
    ] {
        assert!(date(text).is_err(), "{text}");
    }
}

#[test]
fn bad_dates_say_why() {
    assert_eq!(date("2566-04-31"), Err(DateError::NoSuchDay));
    assert_eq!(date("2566-13-01"), Err(DateError::NoSuchDay));
    assert_eq!(date("3109-01-01"), Err(DateError::Year(3109)));
    assert_eq!(date("เมื่อวาน"), Err(DateError::Format));
}

#[test]
fn folder_dates_are_read_on_characters_never_cut_inside_a_letter() {
    let (d, rest) = leading_date("2023-11-15-ao-mue").unwrap();
    assert_eq!((d, rest), (Ok(Date::new(2023, 11, 15).unwrap()), "-ao-mue"));
    let (d, rest) = leading_date("2023-11-15ปลูกป่า").unwrap();
    assert!(d.is_ok() && rest == "ปลูกป่า");
    assert_eq!(leading_date("2023-13-45-x").unwrap().0, Err(DateError::NoSuchDay));
    for name in [
        "ปลูกป่า",
        "ปลูกป่าปลูกป่าปลูกป่า",
        "🌱🌱🌱🌱🌱🌱🌱🌱🌱🌱🌱",
        "2023-1",
        "",
        "x".repeat(300).as_str(),
    ] {
        assert!(leading_date(name).is_none(), "{name}");
    }
}

#[test]
fn choices_accept_key_or_label_and_suggest() {
    assert_eq!(choice(KINDS, "เอามื้อสามัคคี").unwrap().key, "ao-mue");
    assert_eq!(choice(KINDS, "Training").unwrap().key, "training");
    assert_eq!(choice(KINDS, "เอามื้อสามัคี").unwrap_err(), Some("เอามื้อสามัคคี"));
}

#[test]
fn yes_no_and_numbers_in_thai() {
    assert_eq!(yes_no("ยินยอม"), Some(true));
    assert_eq!(yes_no("ไม่ยินยอม"), Some(false));
    assert_eq!(yes_no("On"), Some(true), "YAML's own boolean words");
    assert_eq!(yes_no("perhaps"), None);
    assert_eq!(number("๑๕", &AMOUNT), Ok(15.0));
    assert_eq!(number("1,200", &COUNT), Ok(1200.0));
    assert_eq!(number(".5", &AMOUNT), Ok(0.5));
    assert_eq!(number("-3", &AMOUNT), Err(NumberError::Format));
    assert_eq!(number("1.2.3", &AMOUNT), Err(NumberError::Format));
    assert_eq!(number("1,2", &AMOUNT), Err(NumberError::Format));
    assert_eq!(number("2.5", &COUNT), Err(NumberError::NotWhole));
    assert_eq!(number("29", &DUE_DAY), Err(NumberError::OutOfRange(29.0)));
    assert_eq!(number("15", &LATITUDE), Err(NumberError::OutOfRange(15.0)));
    assert_eq!(yaml_number("1e3"), Some(1000.0));
    assert_eq!(yaml_number("1,200"), None);
}

/// Whether `pattern` (a schema pattern) matches `text`.
fn matches(pattern: &str, text: &str) -> bool {
    Regex::new(pattern).unwrap().is_match(text)
}

#[test]
fn number_patterns_state_the_bounds_the_parser_checks() {
    for kind in [AMOUNT, COUNT, DUE_DAY, LATITUDE, LONGITUDE] {
        let pattern = pattern::number(&kind);
        let mut samples: Vec<String> = (-30..=1100).map(|t| format!("{}", f64::from(t) / 10.0)).collect();
        for base in [0.0, 1.0, 12.9, 13.0, 14.1, 100.8, 101.0, 102.0, 28.0, 999_999_999.0] {
            for delta in [-0.01, 0.0, 0.001, 0.05, 1.0] {
                samples.push(format!("{}", base + delta));
            }
        }
        samples.extend(
            [
                "012.95",
                "14.10",
                "14.100",
                "14.1001",
                "102.00",
                "102.01",
                "0",
                "00",
                "0.0",
                ".5",
                "1,200",
                "1,000,000",
                "999,999,999",
                "1,000,000,000",
                "1000000000",
                "0000000001",
                "001,000",
                "12.",
                "๑๓.๕",
                "๒๘",
                "1 000",
                "",
                " ",
            ]
            .map(str::to_string),
        );
        for s in &samples {
            assert_eq!(
                matches(&pattern, s),
                number(s, &kind).is_ok(),
                "{kind:?} `{s}`: pattern {pattern}"
            );
        }
    }
}

#[test]
fn the_date_pattern_accepts_what_the_parser_reads_and_nothing_else() {
    let pattern = pattern::date();
    let mut checked = 0;
    for year in [1899, 1900, 2023, 2024, 2199, 2200, 2399, 2400, 2566, 2567, 2700, 2701] {
        for month in 0..=13 {
            for day in [0, 1, 9, 28, 29, 30, 31, 32] {
                let forms = [
                    format!("{year}-{month:02}-{day:02}"),
                    format!("{year}-{month}-{day}"),
                    format!("{day}/{month}/{year}"),
                    crate::thai::digits(&format!("{day:02}/{month:02}/{year}"), true),
                ];
                let named = (1..=12).contains(&month).then(|| {
                    [
                        format!("{day} {} {year}", MONTHS[month - 1]),
                        format!("{day} {} พ.ศ. {year}", MONTHS_SHORT[month - 1]),
                        format!("{day}{}{year}", MONTHS_SHORT[month - 1].replace('.', "")),
                    ]
                });
                for text in forms.iter().chain(named.iter().flatten()) {
                    let parsed = date(text);
                    // February 29th is the one day a pattern cannot judge: it does not know
                    // leap years, so knn alone refuses it in a common year.
                    let leap_day = month == 2 && day == 29;
                    if !leap_day {
                        assert_eq!(matches(&pattern, text), parsed.is_ok(), "`{text}`: {parsed:?}");
                    } else {
                        let year_ok = !matches!(parsed, Err(DateError::Year(_)));
                        assert_eq!(matches(&pattern, text), year_ok, "`{text}`: {parsed:?}");
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 5000, "{checked}");
}

#[test]
fn every_parser_form_compiles_and_yes_no_patterns_cover_the_words() {
    for form in DATE_FORMS {
        assert!(date(form.example).is_ok(), "{}", form.example);
        Regex::new(&pattern::date_form(form)).unwrap();
    }
    let words = pattern::yes_no();
    for w in YES_WORDS.iter().chain(NO_WORDS) {
        assert!(matches(&words, w) && matches(&words, &w.to_uppercase()), "{w}");
    }
    for w in ["ไม่ ใช่", "yess", "จริง", ""] {
        assert!(!matches(&words, w) && yes_no(w).is_none(), "{w}");
    }
}

//! The search index, built at render time for `assets/search.js`. Thai has no spaces between
//! words, so text is segmented with ICU4X's dictionary word segmenter (the same boundaries as
//! the browser's `Intl.Segmenter` on dictionary words). Keys are NFC, lower case, Thai digits
//! as ASCII, and keep every tone mark and vowel (ข้าว is not ขาว). Two layers:
//! - words: key -> `[doc delta, score, ...]` (title words weigh more than body words);
//! - pairs of adjacent grapheme clusters: key -> `[doc delta, ...]`, so a word inside a longer run
//!   (เกษตร in การเกษตร) or a word the two segmenters split differently still matches; the
//!   client checks such candidates against the page text before showing them.
//!
//! Files (format `v` 3 in `search/index.json`):
//! - `t-N.json`: the keys, spread over shards by FNV-1a of `"w" + word` / `"p" + pair` (the
//!   client computes the same hash and fetches only the shards its query needs); postings stay
//!   JSON arrays of decimal deltas, which gzip (as the site is served) packs smaller than
//!   base64 varints or bitmaps do;
//! - `p-N.json`: the pages, `CHUNK` consecutive ones per file, each as its record (URL, title,
//!   kind, district, date, thumbnail) and its text (its first `TEXT_CHARS` characters: what is
//!   indexed, shown in snippets and used to check sub-word candidates): a result costs one
//!   file, which holds everything it shows;
//! - `f.json`: each page's kind and district as two characters, fetched only by a filtered
//!   search, so a filter never downloads the pages it turns away.

use super::views::{Ctx, plot_dir};
use crate::model::{District, Site};
use crate::output::{Kind, OutputFile};
use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{GraphemeClusterSegmenter, WordSegmenter};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::BTreeMap;

/// Pages (record and text) per chunk file: about 14 KB of JSON on a province's pages, 2-4 KB
/// gzipped.
pub(crate) const CHUNK: usize = 4;
/// Aimed-at size of a shard of the term index, in bytes of JSON (before compression).
const SHARD_BYTES: usize = 16_000;
/// The kinds of page, in the order `f.json` numbers them.
const KINDS: [&str; 5] = ["plot", "activity", "lesson", "product", "market"];
/// The digits of `f.json`: a kind's or a district's number as one character.
const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
/// How much page text a record keeps for snippets and for checking sub-word matches.
const TEXT_CHARS: usize = 1_500;

/// A page's distinct words with their weights, and its distinct grapheme pairs.
type DocKeys = (FxHashMap<String, u32>, FxHashSet<String>);

/// One searchable page.
struct Doc {
    url: String,
    title: String,
    kind: &'static str,
    district: String,
    date: String,
    thumb: String,
    /// Extra words that find the page (plot and district names, the kind).
    meta: String,
    text: String,
}

/// The index files and their total size.
pub(crate) struct SearchIndex {
    pub(crate) files: Vec<OutputFile>,
    pub(crate) docs: usize,
    pub(crate) bytes: usize,
}

/// The settings the client reads first.
#[derive(Serialize)]
struct Meta {
    v: u32,
    shards: u32,
    chunk: usize,
    docs: usize,
    kinds: [&'static str; 5],
    districts: Vec<String>,
}

/// Pages segmented in parallel before their keys are merged into the index.
const BATCH: usize = 256;

/// A page's distinct words (weighted: title 3, names 2, text 1) and grapheme pairs.
fn doc_keys(
    words: &icu_segmenter::WordSegmenterBorrowed<'static>,
    graphemes: &icu_segmenter::GraphemeClusterSegmenterBorrowed<'static>,
    doc: &Doc,
) -> DocKeys {
    let mut found: FxHashMap<String, u32> = FxHashMap::default();
    let mut found_pairs: FxHashSet<String> = FxHashSet::default();
    for (text, weight) in [(doc.title.as_str(), 3), (doc.meta.as_str(), 2), (doc.text.as_str(), 1)] {
        let text = normalize(text);
        for pair in pairs(graphemes, &text) {
            if !found_pairs.contains(pair) {
                found_pairs.insert(pair.to_string());
            }
        }
        for word in segment(words, &text) {
            match found.get_mut(word) {
                Some(score) => *score += weight,
                None => {
                    found.insert(word.to_string(), weight);
                }
            }
        }
    }
    (found, found_pairs)
}

/// Builds the index of every activity, plot, lesson, product and market.
pub(crate) fn index(ctx: &Ctx, site: &Site) -> SearchIndex {
    let docs = collect(ctx, site);
    let words = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let graphemes = GraphemeClusterSegmenter::new();
    // Segmenting is most of the work and each page is independent: in parallel (the render
    // builds the index before the pages, so the cores are its own), allocating only each
    // page's distinct keys, a batch of pages at a time, each batch merged into the index and
    // dropped (holding every page's keys until the end took most of a large build's memory).
    // Batches are merged in id order, so every posting list comes out sorted.
    let mut word_index: FxHashMap<String, Vec<(u32, u32)>> = FxHashMap::default();
    let mut pair_index: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    for (batch, chunk) in docs.chunks(BATCH).enumerate() {
        let keys: Vec<DocKeys> = chunk.par_iter().map(|doc| doc_keys(&words, &graphemes, doc)).collect();
        for (i, (found, found_pairs)) in keys.into_iter().enumerate() {
            let id = (batch * BATCH + i) as u32;
            for pair in found_pairs {
                match pair_index.get_mut(&pair) {
                    Some(list) => list.push(id),
                    None => {
                        pair_index.insert(pair, vec![id]);
                    }
                }
            }
            for (word, score) in found {
                match word_index.get_mut(&word) {
                    Some(list) => list.push((id, score)),
                    None => {
                        word_index.insert(word, vec![(id, score)]);
                    }
                }
            }
        }
    }
    let mut entries: Vec<(String, String)> = Vec::with_capacity(word_index.len() + pair_index.len());
    for (word, postings) in word_index {
        let mut flat = Vec::with_capacity(postings.len() * 2);
        let mut last = 0;
        for (d, score) in postings {
            flat.extend([d - last, score.min(99)]);
            last = d;
        }
        entries.push((format!("w{word}"), json(&flat)));
    }
    for (pair, list) in pair_index {
        let mut last = 0;
        let deltas: Vec<u32> = list
            .iter()
            .map(|d| {
                let delta = d - last;
                last = *d;
                delta
            })
            .collect();
        entries.push((format!("p{pair}"), json(&deltas)));
    }
    entries.sort_unstable();
    let total: usize = entries.iter().map(|(k, v)| k.len() + v.len() + 4).sum();
    let shards = total.div_ceil(SHARD_BYTES).max(1) as u32;
    let mut by_shard: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); shards as usize];
    for (key, value) in &entries {
        by_shard[(fnv1a(key) % shards) as usize].insert(key, value);
    }
    let mut files: Vec<OutputFile> = by_shard
        .iter()
        .enumerate()
        .map(|(n, map)| {
            OutputFile::new(
                format!("search/t-{n}.json"),
                raw_object(map).into_bytes(),
                Kind::SearchIndex,
            )
        })
        .collect();
    files.extend(pages(&docs));
    let districts: Vec<String> = site
        .districts
        .iter()
        .filter(|d| !d.plots.is_empty())
        .map(|d| d.name_th.clone())
        .collect();
    files.push(OutputFile::new(
        "search/f.json",
        filters(&docs, &districts).into_bytes(),
        Kind::SearchIndex,
    ));
    let meta = Meta {
        v: 3,
        shards,
        chunk: CHUNK,
        docs: docs.len(),
        kinds: KINDS,
        districts,
    };
    files.push(OutputFile::new(
        "search/index.json",
        serde_json::to_vec(&meta).unwrap_or_default(),
        Kind::SearchIndex,
    ));
    let bytes = files.iter().map(|f| f.bytes.len()).sum();
    SearchIndex {
        files,
        docs: docs.len(),
        bytes,
    }
}

/// The page chunks: `CHUNK` pages a file, each `[url, title, kind, district, date, thumb,
/// text]`. A page's text is read only for the results shown (and to check sub-word candidates),
/// so a query downloads the texts of the pages it returns and of their chunk-mates only.
fn pages(docs: &[Doc]) -> Vec<OutputFile> {
    docs.chunks(CHUNK)
        .enumerate()
        .map(|(n, chunk)| {
            let records: Vec<[&str; 7]> = chunk
                .iter()
                .map(|d| [&d.url, &d.title, d.kind, &d.district, &d.date, &d.thumb, &d.text])
                .collect();
            OutputFile::new(
                format!("search/p-{n}.json"),
                serde_json::to_vec(&records).unwrap_or_default(),
                Kind::SearchText,
            )
        })
        .collect()
}

/// `f.json`: a JSON string of two characters per page, its kind's number in `KINDS` and its
/// district's in `districts` (the meta's list), as `DIGITS`.
fn filters(docs: &[Doc], districts: &[String]) -> String {
    let digit = |n: Option<usize>| n.and_then(|n| DIGITS.get(n)).map_or('-', |&b| char::from(b));
    let codes: String = docs
        .iter()
        .flat_map(|d| {
            [
                digit(KINDS.iter().position(|k| *k == d.kind)),
                digit(districts.iter().position(|n| *n == d.district)),
            ]
        })
        .collect();
    serde_json::to_string(&codes).unwrap_or_default()
}

/// `[1,2,3]`.
fn json(list: &[u32]) -> String {
    serde_json::to_string(list).unwrap_or_default()
}

/// A JSON object from keys and already-serialised values.
fn raw_object(map: &BTreeMap<&str, &str>) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(k).unwrap_or_default());
        out.push(':');
        out.push_str(v);
    }
    out.push('}');
    out
}

/// Search keys are compared in this form: NFC (the loader already normalised every text),
/// lower case, Thai digits as ASCII digits. Tone marks and vowels are kept.
pub(crate) fn normalize(text: &str) -> String {
    crate::thai::ascii_digits(&text.to_lowercase())
}

/// The word-like segments of a normalised text.
fn segment<'t>(words: &icu_segmenter::WordSegmenterBorrowed<'static>, text: &'t str) -> Vec<&'t str> {
    let mut out = Vec::new();
    let mut it = words.segment_str(text);
    let mut start = 0;
    while let Some(end) = it.next() {
        if end > start && it.is_word_like() {
            out.push(&text[start..end]);
        }
        start = end;
    }
    out
}

/// The pairs of adjacent grapheme clusters of a text that are both letters or digits: across
/// word boundaries too (the segmenters may disagree on where they are), never across spaces
/// or punctuation.
fn pairs<'t>(graphemes: &icu_segmenter::GraphemeClusterSegmenterBorrowed<'static>, text: &'t str) -> Vec<&'t str> {
    let bounds: Vec<usize> = graphemes.segment_str(text).collect();
    let wordy = |from: usize| text[from..].chars().next().is_some_and(alphanumeric);
    bounds
        .windows(3)
        .filter(|w| wordy(w[0]) && wordy(w[1]))
        .map(|w| &text[w[0]..w[2]])
        .collect()
}

/// `char::is_alphanumeric`, with the Thai block read from a table made once: the standard
/// library's lookup for characters outside ASCII took an eighth of a province's build here.
fn alphanumeric(c: char) -> bool {
    static THAI: std::sync::LazyLock<[bool; 128]> = std::sync::LazyLock::new(|| {
        std::array::from_fn(|i| char::from_u32(0x0E00 + i as u32).is_some_and(char::is_alphanumeric))
    });
    match c as u32 {
        0..0x80 => c.is_ascii_alphanumeric(),
        n @ 0x0E00..0x0E80 => THAI[(n - 0x0E00) as usize],
        _ => c.is_alphanumeric(),
    }
}

/// FNV-1a (32 bit) of the UTF-8 bytes: the client hashes keys the same way.
pub(crate) fn fnv1a(key: &str) -> u32 {
    key.bytes()
        .fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// Every page worth finding, in a stable order.
fn collect(ctx: &Ctx, site: &Site) -> Vec<Doc> {
    let mut docs = Vec::new();
    for d in &site.districts {
        for p in &d.plots {
            let dir = plot_dir(d, p);
            let place = format!("{} อำเภอ{} ตำบล{}", p.name, d.name_th, p.subdistrict_th);
            docs.push(Doc {
                url: ctx.url(&format!("{dir}/")),
                title: p.name.clone(),
                kind: "plot",
                district: d.name_th.clone(),
                date: String::new(),
                thumb: thumb(ctx, p.activities.first().map(|a| a.photos.as_slice()).unwrap_or(&[])),
                meta: format!("{place} {} {}", p.model.key, p.model.label()),
                text: text(&p.body),
            });
            for a in &p.activities {
                docs.push(Doc {
                    url: ctx.url(&format!("{dir}/activities/{}/", a.slug)),
                    title: a.title.clone(),
                    kind: "activity",
                    district: d.name_th.clone(),
                    date: a.date.thai_short(ctx.thai),
                    thumb: thumb(ctx, &a.photos),
                    meta: format!("{place} {}", a.kind.label()),
                    text: text(&a.body),
                });
            }
            for l in &p.lessons {
                docs.push(Doc {
                    url: ctx.url(&format!("{dir}/lessons/{}/", l.slug)),
                    title: l.title.clone(),
                    kind: "lesson",
                    district: d.name_th.clone(),
                    date: l.date.thai_short(ctx.thai),
                    thumb: thumb(ctx, &l.photos),
                    meta: format!("{place} {} {}", l.topic, l.success_factors.join(" ")),
                    text: text(&l.body),
                });
            }
            for x in &p.products {
                docs.push(Doc {
                    url: ctx.url(&format!("{dir}/products/{}/", x.slug)),
                    title: x.name.clone(),
                    kind: "product",
                    district: d.name_th.clone(),
                    date: String::new(),
                    thumb: thumb(ctx, &x.photos),
                    meta: format!("{place} {} {}", x.category.label(), x.certifications.join(" ")),
                    text: text(&x.body),
                });
            }
            docs.extend(p.markets.iter().map(|m| market(ctx, d, &place, m)));
        }
    }
    docs
}

/// A market: found on the markets page, under its level.
fn market(ctx: &Ctx, d: &District, place: &str, m: &crate::model::Market) -> Doc {
    Doc {
        url: ctx.url(&format!("markets/#{}", m.level.key)),
        title: m.name.clone(),
        kind: "market",
        district: d.name_th.clone(),
        date: String::new(),
        thumb: String::new(),
        meta: format!("{place} {} {}", m.level.label(), m.kind.label()),
        text: format!("{} {}", m.schedule, m.place),
    }
}

/// The small thumbnail of the first usable photo.
fn thumb(ctx: &Ctx, photos: &[crate::model::Photo]) -> String {
    ctx.thumb(photos, "").map(|img| img.src).unwrap_or_default()
}

/// The plain text of a Markdown body, as long as a record keeps.
fn text(markdown: &str) -> String {
    crate::markdown::excerpt(markdown, TEXT_CHARS)
}

/// The search words of a text, for tests of the segmentation.
#[cfg(test)]
fn words_of(text: &str) -> Vec<String> {
    let words = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    segment(&words, &normalize(text))
        .into_iter()
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thai_table_agrees_with_the_standard_library() {
        for n in (0..0x80).chain(0x0E00..0x0E80).chain([0x00E9, 0x4E2D, 0x0E80, 0x0DFF]) {
            let c = char::from_u32(n).unwrap();
            assert_eq!(alphanumeric(c), c.is_alphanumeric(), "U+{n:04X}");
        }
    }

    #[test]
    fn thai_is_segmented_and_keeps_its_tone_marks() {
        let words = words_of("ปลูกข้าวหอมมะลิ 2566 ใน Khok Nong Na");
        assert!(words.contains(&"ข้าว".to_string()), "{words:?}");
        assert!(!words.iter().any(|w| w == "ขาว"), "{words:?}");
        assert!(
            words.contains(&"2566".to_string()) && words.contains(&"khok".to_string()),
            "{words:?}"
        );
        assert_eq!(words_of("๒๕๖๖"), ["2566"]);
    }

    #[test]
    fn pairs_are_grapheme_clusters_with_their_marks() {
        let g = GraphemeClusterSegmenter::new();
        assert_eq!(pairs(&g, "ข้าว"), ["ข้า", "าว"]);
        assert_eq!(pairs(&g, "ขาว"), ["ขา", "าว"]);
        assert!(pairs(&g, "ก").is_empty());
        assert_eq!(pairs(&g, "การเกษตร")[2], "รเ", "across the word boundary");
        assert_eq!(pairs(&g, "ab, c"), ["ab"], "never across spaces or punctuation");
    }

    #[test]
    fn the_hash_matches_the_clients() {
        // Values computed by the FNV-1a reference; search.js uses the same constants.
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
    }

    fn page(kind: &'static str, district: &str, text: &str) -> Doc {
        Doc {
            url: format!("/{text}/"),
            title: text.to_uppercase(),
            kind,
            district: district.to_string(),
            date: String::new(),
            thumb: String::new(),
            meta: String::new(),
            text: text.to_string(),
        }
    }

    #[test]
    fn pages_are_chunked_with_their_texts() {
        let docs: Vec<Doc> = (0..CHUNK + 1)
            .map(|i| page("activity", "ก", &format!("t{i}")))
            .collect();
        let files = pages(&docs);
        assert_eq!(files.len(), 2);
        assert_eq!(files[1].path, "search/p-1.json");
        assert_eq!(files[1].kind, Kind::SearchText);
        let first: serde_json::Value = serde_json::from_slice(&files[0].bytes).unwrap();
        assert_eq!(first.as_array().unwrap().len(), CHUNK);
        assert_eq!(
            first[1],
            serde_json::json!(["/t1/", "T1", "activity", "ก", "", "", "t1"])
        );
        let last: serde_json::Value = serde_json::from_slice(&files[1].bytes).unwrap();
        assert_eq!(last[0][6], format!("t{CHUNK}"));
    }

    #[test]
    fn filters_give_each_page_its_kind_and_district() {
        let docs = [
            page("plot", "ข", "a"),
            page("market", "ก", "b"),
            page("lesson", "ค", "c"),
        ];
        let districts = ["ก".to_string(), "ข".to_string()];
        let codes: String = serde_json::from_str(&filters(&docs, &districts)).unwrap();
        assert_eq!(codes, "01402-", "kind, then district; one not in the list is '-'");
    }

    #[test]
    fn objects_are_written_from_serialised_values() {
        let mut map = BTreeMap::new();
        map.insert("wข้าว", "[0,3]");
        map.insert("p\"", "[1]");
        let v: serde_json::Value = serde_json::from_str(&raw_object(&map)).unwrap();
        assert_eq!(v["wข้าว"][1], 3);
        assert_eq!(v["p\""][0], 1);
    }
}

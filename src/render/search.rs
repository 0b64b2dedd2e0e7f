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

use super::Emit;
use super::views::Ctx;
use crate::model::{District, Plot, Site};
use crate::output::{Kind, OutputFile};
use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{GraphemeClusterSegmenter, WordSegmenter};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::sync::Arc;

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

/// What building the index produced (its files went to `emit` as they were made).
pub(crate) struct SearchIndex {
    /// Pages indexed.
    pub(crate) docs: usize,
    /// Bytes of the index files.
    pub(crate) bytes: usize,
    /// Files made.
    pub(crate) files: usize,
    /// Milliseconds it took (set by the caller, who times it).
    pub(crate) ms: u128,
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

/// Pages indexed together, as one small index merged into the whole (a multiple of `CHUNK`,
/// so a batch makes whole page chunks); also what `knn serve` indexes again after an edit.
const BATCH: usize = 256;

/// Adds a page's distinct words (weighted: title 3, names 2, text 1) and grapheme pairs to
/// `keys`. The page's keys are collected as slices of its normalised texts; only a key new to
/// `keys` is allocated.
fn add_doc(
    keys: &mut Keys,
    id: u32,
    words: &icu_segmenter::WordSegmenterBorrowed<'static>,
    graphemes: &icu_segmenter::GraphemeClusterSegmenterBorrowed<'static>,
    doc: &Doc,
) {
    let texts = [
        (normalize(&doc.title), 3),
        (normalize(&doc.meta), 2),
        (normalize(&doc.text), 1),
    ];
    let mut found: FxHashMap<&str, u32> = FxHashMap::default();
    let mut found_pairs: FxHashSet<&str> = FxHashSet::default();
    for (text, weight) in &texts {
        found_pairs.extend(pairs(graphemes, text));
        for word in segment(words, text) {
            *found.entry(word).or_insert(0) += weight;
        }
    }
    keys.add(id, found, found_pairs);
}

/// One key's posting list as it grows, compact: the JSON numbers it will be written as
/// (`[doc delta, score, ...]` for a word, `[doc delta, ...]` for a pair), LEB128-encoded, with
/// the length of that JSON kept as it grows (the shards are sized before any is written).
#[derive(Default, Clone)]
struct Postings {
    numbers: Vec<u8>,
    last: u32,
    json: usize,
}

impl Postings {
    /// Appends a page (ids come in increasing order) and, for a word, its score.
    fn push(&mut self, doc: u32, score: Option<u32>) {
        self.put(doc - self.last);
        self.last = doc;
        if let Some(score) = score {
            self.put(score.min(99));
        }
    }

    fn put(&mut self, mut n: u32) {
        self.json += if self.json == 0 { 2 } else { 1 } + digits(n);
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.numbers.push(byte);
                break;
            }
            self.numbers.push(byte | 0x80);
        }
    }

    /// The numbers, decoded.
    fn numbers(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.numbers.iter();
        std::iter::from_fn(move || {
            let (mut n, mut shift) = (0u32, 0);
            for &b in bytes.by_ref() {
                n |= u32::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    return Some(n);
                }
            }
            None
        })
    }

    /// The JSON array, `[3,1,0,2]`.
    fn write_json(&self, out: &mut String) {
        use std::fmt::Write as _;
        out.push('[');
        for (i, n) in self.numbers().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{n}");
        }
        out.push(']');
    }

    /// Appends the pages of `later` (a list of pages all after this one's), each with its score
    /// when `scored`.
    fn append(&mut self, later: &Postings, scored: bool) {
        let mut numbers = later.numbers();
        let mut id = 0;
        while let Some(delta) = numbers.next() {
            id += delta;
            let score = if scored { numbers.next() } else { None };
            self.push(id, score);
        }
    }
}

/// The decimal digits of `n`.
fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// The postings of `key`, made empty if it is new.
fn posting<'m>(map: &'m mut FxHashMap<Box<str>, Postings>, key: &str) -> &'m mut Postings {
    if !map.contains_key(key) {
        map.insert(key.into(), Postings::default());
    }
    map.get_mut(key).expect("inserted above")
}

/// Every key of the index, by layer: `w` words, `p` pairs (the prefix of its JSON key).
#[derive(Default)]
struct Keys {
    words: FxHashMap<Box<str>, Postings>,
    pairs: FxHashMap<Box<str>, Postings>,
}

impl Keys {
    /// Adds one page's keys: its words with their scores, its pairs.
    fn add(&mut self, id: u32, found: FxHashMap<&str, u32>, found_pairs: FxHashSet<&str>) {
        for pair in found_pairs {
            posting(&mut self.pairs, pair).push(id, None);
        }
        for (word, score) in found {
            posting(&mut self.words, word).push(id, Some(score));
        }
    }

    /// Appends the keys of `later`, whose pages all come after this one's.
    fn absorb(&mut self, later: &Keys) {
        for (word, postings) in &later.words {
            match self.words.get_mut(word) {
                Some(mine) => mine.append(postings, true),
                None => {
                    self.words.insert(word.clone(), postings.clone());
                }
            }
        }
        for (pair, postings) in &later.pairs {
            match self.pairs.get_mut(pair) {
                Some(mine) => mine.append(postings, false),
                None => {
                    self.pairs.insert(pair.clone(), postings.clone());
                }
            }
        }
    }

    /// Every key with its layer's prefix and postings.
    fn all(&self) -> impl Iterator<Item = (char, &str, &Postings)> {
        let words = self.words.iter().map(|(k, p)| ('w', &**k, p));
        words.chain(self.pairs.iter().map(|(k, p)| ('p', &**k, p)))
    }
}

/// A batch of pages indexed: their chunk files and their keys (page ids counted from the
/// first page of the site).
struct Batch {
    chunks: Vec<Vec<u8>>,
    keys: Keys,
}

impl Batch {
    /// Indexes `docs`, the pages from id `first` on.
    fn new(
        first: usize,
        docs: &[Doc],
        words: &icu_segmenter::WordSegmenterBorrowed<'static>,
        graphemes: &icu_segmenter::GraphemeClusterSegmenterBorrowed<'static>,
    ) -> Batch {
        let mut keys = Keys::default();
        for (i, doc) in docs.iter().enumerate() {
            add_doc(&mut keys, (first + i) as u32, words, graphemes, doc);
        }
        Batch {
            chunks: docs.chunks(CHUNK).map(chunk_json).collect(),
            keys,
        }
    }
}

/// What the index keeps between renders (only `knn serve` keeps one): each batch of pages
/// with a hash of everything it was made from, so an edit indexes only the batch it is in.
#[derive(Default)]
pub(crate) struct Memo {
    batches: Vec<(blake3::Hash, Arc<Batch>)>,
}

/// A hash of the pages' records and texts.
fn docs_hash(docs: &[Doc]) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    for d in docs {
        for field in [
            &d.url,
            &d.title,
            d.kind,
            &d.district,
            &d.date,
            &d.thumb,
            &d.meta,
            &d.text,
        ] {
            h.update(field.as_bytes()).update(&[0]);
        }
    }
    h.finalize()
}

/// Builds the index of every activity, plot, lesson, product and market, handing each file to
/// `emit` as soon as it is made, with its place in the output's order from `first`: the page
/// chunks, then the shards, `f.json` and `index.json`. Pages are made and segmented a batch at
/// a time and only their keys are kept, so the index holds its postings (compact), never
/// every page's text.
pub(crate) fn index(
    ctx: &Ctx,
    site: &Site,
    first: usize,
    memo: Option<&Memo>,
    emit: &Emit,
) -> Result<(SearchIndex, Option<Memo>), String> {
    let found = found(site);
    let words = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let graphemes = GraphemeClusterSegmenter::new();
    let bytes = std::sync::atomic::AtomicUsize::new(0);
    let put = |order: usize, path: String, contents: Vec<u8>, kind: Kind| {
        bytes.fetch_add(contents.len(), std::sync::atomic::Ordering::Relaxed);
        emit(order, OutputFile::new(path, contents, kind))
    };
    // Segmenting is most of the work and each batch of pages is independent: batches in
    // parallel, a few per core at a time (so only their keys are held), each making its own
    // small index, merged in id order so that every posting list comes out sorted.
    let batch = |b: usize, pages: &[Found]| -> Result<(blake3::Hash, Arc<Batch>), String> {
        let docs: Vec<Doc> = pages.iter().map(|f| f.doc(ctx)).collect();
        let hash = memo
            .map(|_| docs_hash(&docs))
            .unwrap_or(blake3::Hash::from_bytes([0; 32]));
        let known = memo.and_then(|m| m.batches.get(b)).filter(|(h, _)| *h == hash);
        let mut made = match known {
            Some((_, made)) => made.clone(),
            None => Arc::new(Batch::new(b * BATCH, &docs, &words, &graphemes)),
        };
        // Without a memo the chunks are not kept: moved to `emit`, not copied.
        let chunks = match (memo, Arc::get_mut(&mut made)) {
            (None, Some(batch)) => std::mem::take(&mut batch.chunks),
            _ => made.chunks.clone(),
        };
        for (i, chunk) in chunks.into_iter().enumerate() {
            let n = b * (BATCH / CHUNK) + i;
            put(first + n, format!("search/p-{n}.json"), chunk, Kind::SearchText)?;
        }
        Ok((hash, made))
    };
    let batches: Vec<&[Found]> = found.chunks(BATCH).collect();
    let mut keys = Keys::default();
    let mut next = Memo::default();
    let group = rayon::current_num_threads().max(1) * 2;
    for (g, pages) in batches.chunks(group).enumerate() {
        let made: Vec<(blake3::Hash, Arc<Batch>)> = pages
            .par_iter()
            .enumerate()
            .map(|(i, pages)| batch(g * group + i, pages))
            .collect::<Result<_, String>>()?;
        for (hash, made) in made {
            keys.absorb(&made.keys);
            if memo.is_some() {
                next.batches.push((hash, made));
            }
        }
    }
    let first = first + found.len().div_ceil(CHUNK);
    let total: usize = keys.all().map(|(_, k, p)| k.len() + 1 + p.json + 4).sum();
    let shards = total.div_ceil(SHARD_BYTES).max(1) as u32;
    let mut by_shard: Vec<Vec<(char, &str, &Postings)>> = vec![Vec::new(); shards as usize];
    for key in keys.all() {
        by_shard[(prefixed_hash(key.0, key.1) % shards) as usize].push(key);
    }
    by_shard.into_par_iter().enumerate().try_for_each(|(n, mut keys)| {
        keys.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        put(
            first + n,
            format!("search/t-{n}.json"),
            shard_json(&keys).into_bytes(),
            Kind::SearchIndex,
        )
    })?;
    let districts: Vec<String> = site
        .districts
        .iter()
        .filter(|d| !d.plots.is_empty())
        .map(|d| d.name_th.clone())
        .collect();
    let first = first + shards as usize;
    put(
        first,
        "search/f.json".into(),
        filters(
            found.iter().map(|f| (f.kind(), f.district.name_th.as_str())),
            &districts,
        )
        .into_bytes(),
        Kind::SearchIndex,
    )?;
    let meta = Meta {
        v: 3,
        shards,
        chunk: CHUNK,
        docs: found.len(),
        kinds: KINDS,
        districts,
    };
    let meta = serde_json::to_vec(&meta).unwrap_or_default();
    put(first + 1, "search/index.json".into(), meta, Kind::SearchIndex)?;
    let index = SearchIndex {
        docs: found.len(),
        bytes: bytes.into_inner(),
        files: found.len().div_ceil(CHUNK) + shards as usize + 2,
        ms: 0,
    };
    Ok((index, memo.map(|_| next)))
}

/// FNV-1a of `prefix` followed by `key`, as `fnv1a` of the JSON key.
fn prefixed_hash(prefix: char, key: &str) -> u32 {
    let mut buf = [0u8; 4];
    fnv1a_from(
        fnv1a_from(FNV_OFFSET, prefix.encode_utf8(&mut buf).as_bytes()),
        key.as_bytes(),
    )
}

/// A shard: a JSON object from each key (with its prefix) to its postings, in key order.
fn shard_json(keys: &[(char, &str, &Postings)]) -> String {
    let mut out = String::from("{");
    let mut key = String::new();
    for (i, (prefix, k, postings)) in keys.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        key.clear();
        key.push(*prefix);
        key.push_str(k);
        out.push_str(&serde_json::to_string(&key).unwrap_or_default());
        out.push(':');
        postings.write_json(&mut out);
    }
    out.push('}');
    out
}

/// A page chunk: `CHUNK` pages, each `[url, title, kind, district, date, thumb, text]`. A
/// page's text is read only for the results shown (and to check sub-word candidates), so a
/// query downloads the texts of the pages it returns and of their chunk-mates only.
fn chunk_json(docs: &[Doc]) -> Vec<u8> {
    let records: Vec<[&str; 7]> = docs
        .iter()
        .map(|d| [&d.url, &d.title, d.kind, &d.district, &d.date, &d.thumb, &d.text])
        .collect();
    serde_json::to_vec(&records).unwrap_or_default()
}

/// `f.json`: a JSON string of two characters per page, its kind's number in `KINDS` and its
/// district's in `districts` (the meta's list), as `DIGITS`.
fn filters<'a>(pages: impl Iterator<Item = (&'static str, &'a str)>, districts: &[String]) -> String {
    let digit = |n: Option<usize>| n.and_then(|n| DIGITS.get(n)).map_or('-', |&b| char::from(b));
    let codes: String = pages
        .flat_map(|(kind, district)| {
            [
                digit(KINDS.iter().position(|k| *k == kind)),
                digit(districts.iter().position(|n| *n == district)),
            ]
        })
        .collect();
    serde_json::to_string(&codes).unwrap_or_default()
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

/// FNV-1a's starting value.
const FNV_OFFSET: u32 = 0x811c_9dc5;

/// FNV-1a (32 bit) of the UTF-8 bytes: the client hashes keys the same way.
#[cfg(test)]
fn fnv1a(key: &str) -> u32 {
    fnv1a_from(FNV_OFFSET, key.as_bytes())
}

/// FNV-1a continued from `h` over `bytes`.
fn fnv1a_from(h: u32, bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// A page worth finding, by reference into the model: its record and text are made only when
/// its batch is indexed.
#[derive(Clone, Copy)]
struct Found<'a> {
    district: &'a District,
    plot: &'a Plot,
    page: Item<'a>,
}

/// Which page of a plot.
#[derive(Clone, Copy)]
enum Item<'a> {
    Plot,
    Activity(&'a crate::model::Activity),
    Lesson(&'a crate::model::Lesson),
    Product(&'a crate::model::Product),
    Market(&'a crate::model::Market),
}

/// Every page worth finding, in a stable order.
fn found(site: &Site) -> Vec<Found<'_>> {
    let mut found = Vec::new();
    for district in &site.districts {
        for plot in &district.plots {
            let mut add = |page| found.push(Found { district, plot, page });
            add(Item::Plot);
            plot.activities.iter().for_each(|a| add(Item::Activity(a)));
            plot.lessons.iter().for_each(|l| add(Item::Lesson(l)));
            plot.products.iter().for_each(|x| add(Item::Product(x)));
            plot.markets.iter().for_each(|m| add(Item::Market(m)));
        }
    }
    found
}

impl Found<'_> {
    /// The kind, as `KINDS` names it.
    fn kind(&self) -> &'static str {
        match self.page {
            Item::Plot => "plot",
            Item::Activity(_) => "activity",
            Item::Lesson(_) => "lesson",
            Item::Product(_) => "product",
            Item::Market(_) => "market",
        }
    }

    /// The page's record and text.
    fn doc(&self, ctx: &Ctx) -> Doc {
        let (d, p) = (self.district, self.plot);
        let dir = crate::paths::plot(d, p);
        let place = format!("{} อำเภอ{} ตำบล{}", p.name, d.name_th, p.subdistrict_th);
        let doc = |url: String, title: &str, date: String, photos: &[crate::model::Photo], meta, text| Doc {
            url: ctx.url(&url),
            title: title.to_string(),
            kind: self.kind(),
            district: d.name_th.clone(),
            date,
            thumb: thumb(ctx, photos),
            meta,
            text,
        };
        match self.page {
            Item::Plot => doc(
                format!("{dir}/"),
                &p.name,
                String::new(),
                p.activities.first().map(|a| a.photos.as_slice()).unwrap_or(&[]),
                format!("{place} {} {}", p.model.key, p.model.label()),
                text(&ctx.body(&p.body)),
            ),
            Item::Activity(a) => doc(
                format!("{}/", crate::paths::activity(d, p, a)),
                &a.title,
                a.date.thai_short(ctx.thai),
                &a.photos,
                format!("{place} {}", a.kind.label()),
                text(&ctx.body(&a.body)),
            ),
            Item::Lesson(l) => doc(
                format!("{}/", crate::paths::lesson(d, p, l)),
                &l.title,
                l.date.thai_short(ctx.thai),
                &l.photos,
                format!("{place} {} {}", l.topic, l.success_factors.join(" ")),
                text(&ctx.body(&l.body)),
            ),
            Item::Product(x) => doc(
                format!("{}/", crate::paths::product(d, p, x)),
                &x.name,
                String::new(),
                &x.photos,
                format!("{place} {} {}", x.category.label(), x.certifications.join(" ")),
                text(&ctx.body(&x.body)),
            ),
            Item::Market(m) => doc(
                format!("markets/#{}", m.level.key),
                &m.name,
                String::new(),
                &[],
                format!("{place} {} {}", m.level.label(), m.kind.label()),
                format!("{} {}", m.schedule, m.place),
            ),
        }
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

    fn page(text: &str) -> Doc {
        Doc {
            url: format!("/{text}/"),
            title: text.to_uppercase(),
            kind: "activity",
            district: "ก".to_string(),
            date: String::new(),
            thumb: String::new(),
            meta: String::new(),
            text: text.to_string(),
        }
    }

    #[test]
    fn a_chunk_holds_its_pages_records_and_texts() {
        let docs: Vec<Doc> = (0..CHUNK).map(|i| page(&format!("t{i}"))).collect();
        let chunk: serde_json::Value = serde_json::from_slice(&chunk_json(&docs)).unwrap();
        assert_eq!(chunk.as_array().unwrap().len(), CHUNK);
        assert_eq!(
            chunk[1],
            serde_json::json!(["/t1/", "T1", "activity", "ก", "", "", "t1"])
        );
    }

    #[test]
    fn filters_give_each_page_its_kind_and_district() {
        let pages = [("plot", "ข"), ("market", "ก"), ("lesson", "ค")];
        let districts = ["ก".to_string(), "ข".to_string()];
        let codes: String = serde_json::from_str(&filters(pages.into_iter(), &districts)).unwrap();
        assert_eq!(codes, "01402-", "kind, then district; one not in the list is '-'");
    }

    #[test]
    fn postings_are_written_as_json_deltas_and_sized_before() {
        let mut word = Postings::default();
        for (doc, score) in [(0, 3), (5, 1), (300, 250), (70_000, 2)] {
            word.push(doc, Some(score));
        }
        let mut pair = Postings::default();
        pair.push(7, None);
        let keys = [('w', "ข้าว", &word), ('p', "\"", &pair)];
        let json = shard_json(&keys);
        assert_eq!(json, r#"{"wข้าว":[0,3,5,1,295,99,69700,2],"p\"":[7]}"#);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["wข้าว"][6], 69700);
        let mut one = String::new();
        word.write_json(&mut one);
        assert_eq!(word.json, one.len(), "the length counted as it grew");
        assert_eq!(prefixed_hash('w', "ข้าว"), fnv1a("wข้าว"));
    }
}

//! Thai search end to end: the `search` fixture is built under a sub-path and the real client
//! answers the query set of `tests/browser/search-queries.json` in Debian's Chromium
//! (tone-mark and vowel minimal pairs, words inside longer runs, compounds, loanwords,
//! numbers, words on no page, filters), then the search page is used as a person would.

use super::{browser_test, build, fixture, stderr_of};

#[test]
fn thai_search_finds_the_right_pages_in_a_real_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let built = build(&fixture("search"), &out, &["--base-url", "http://127.0.0.1/knn-demo/"]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr_of(&built));
    let summary = String::from_utf8_lossy(&built.stdout);
    let line = summary
        .lines()
        .find(|l| l.starts_with("ดัชนีค้นหา (search index):"))
        .unwrap_or_else(|| panic!("the build reports the index: {summary}"));
    assert!(
        line.contains(" 39 หน้า"),
        "3 plots, 33 activities, a lesson, a product, a market: {line}"
    );
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("search/index.json")).unwrap()).unwrap();
    assert_eq!(meta["docs"], 39);
    let shards = meta["shards"].as_u64().unwrap();
    assert!((0..shards).all(|n| out.join(format!("search/t-{n}.json")).is_file()));
    assert_eq!(meta["v"], 3, "page texts are packed into page chunks");
    let chunk = meta["chunk"].as_u64().unwrap();
    let chunks = 39_u64.div_ceil(chunk);
    assert!((0..chunks).all(|n| out.join(format!("search/p-{n}.json")).is_file()));
    assert!(!out.join(format!("search/p-{chunks}.json")).exists());
    assert!(out.join("search/f.json").is_file() && !out.join("search/x").exists());

    let report = browser_test("search.mjs", &[out.as_os_str(), "/knn-demo/".as_ref()]);
    let score = report
        .lines()
        .find(|l| l.starts_with("search: knn"))
        .expect("a score line");
    let (right, total) = score["search: knn ".len()..]
        .split_once(' ')
        .and_then(|(frac, _)| frac.split_once('/'))
        .map(|(r, t)| (r.parse::<usize>().unwrap(), t.parse::<usize>().unwrap()))
        .expect("right/total");
    assert!(total >= 30, "at least 30 queries: {score}");
    assert!(right * 100 >= total * 95, "at least 95% exactly right:\n{report}");
    assert!(report.contains("search page: 14 passed, 0 failed"), "{report}");
}

//! Finding the secrets in a normalised text: one Aho-Corasick automaton for names (on the text
//! without spaces), one for phone numbers (on each run of digits), and a table of house numbers.
//! The names automaton holds full names and given names only, never title + given name (sixty
//! titles would make it sixty times larger and too large for a DFA); a given name found counts
//! only after a title, which is checked where it was found.

use super::names;
use super::normalise::Text;
use super::numbers;
use super::secrets::{Form, Secret};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use anyhow::Context as _;
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};

/// One secret found: which, and the byte offset in `Text::n` where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) secret: usize,
    pub(crate) at: usize,
}

/// A name pattern's meaning: the secret, and whether the pattern is a given name alone (which
/// counts only right after a title).
#[derive(Debug, Clone, Copy)]
struct NamePattern {
    secret: usize,
    given: bool,
}

/// Everything needed to look for every secret at once.
pub(crate) struct Matcher {
    names: AhoCorasick,
    /// The titles said before a given name (normalised, no spaces), longest first.
    titles: Vec<String>,
    name_patterns: Vec<Vec<NamePattern>>,
    phones: AhoCorasick,
    phone_patterns: Vec<Vec<usize>>,
    /// Looked up for every number in every file: a fast hash.
    houses: FxHashMap<String, Vec<usize>>,
    /// For a given-name secret, the public full names that begin with that given name.
    masks: HashMap<usize, Vec<String>>,
}

/// Up to this many patterns an automaton is a DFA (a few MB); beyond, the library chooses.
const DFA_PATTERNS: usize = 20_000;

/// Patterns with what each one means, the same pattern once.
struct Patterns<T> {
    texts: Vec<String>,
    meaning: Vec<Vec<T>>,
    index: HashMap<String, usize>,
}

impl<T> Patterns<T> {
    fn new() -> Self {
        Patterns {
            texts: Vec::new(),
            meaning: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn add(&mut self, text: String, meaning: T) {
        let i = *self.index.entry(text.clone()).or_insert_with(|| {
            self.texts.push(text);
            self.meaning.push(Vec::new());
            self.texts.len() - 1
        });
        self.meaning[i].push(meaning);
    }

    /// The automaton; overlapping matches, so a full name and a given name inside it are both
    /// found. A DFA (the fastest search) unless there are very many patterns.
    fn automaton(&self, what: &str) -> anyhow::Result<AhoCorasick> {
        let kind = (self.texts.len() <= DFA_PATTERNS).then_some(AhoCorasickKind::DFA);
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(kind)
            .build(&self.texts)
            .with_context(|| format!("{what}: {} patterns", self.texts.len()))
    }
}

impl Matcher {
    /// Builds the matcher for `secrets`; `public` are the full names the site may show.
    pub(crate) fn build(secrets: &[Secret], public: &[String]) -> anyhow::Result<Matcher> {
        let titles = names::titles();
        let mut name_patterns = Patterns::new();
        let mut phone_patterns = Patterns::new();
        let mut houses: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut masks = HashMap::new();
        let fulls: HashSet<&str> = secrets
            .iter()
            .filter_map(|s| match &s.form {
                Form::Full(f) => Some(f.as_str()),
                _ => None,
            })
            .collect();
        for (id, s) in secrets.iter().enumerate() {
            match &s.form {
                Form::Phone(forms) => forms.iter().for_each(|f| phone_patterns.add(f.clone(), id)),
                Form::House(h) => houses.entry(h.clone()).or_default().push(id),
                Form::Full(f) => name_patterns.add(
                    f.clone(),
                    NamePattern {
                        secret: id,
                        given: false,
                    },
                ),
                Form::Given(g) => {
                    name_patterns.add(
                        g.clone(),
                        NamePattern {
                            secret: id,
                            given: true,
                        },
                    );
                    let own: Vec<String> = public
                        .iter()
                        .filter(|p| p.starts_with(g.as_str()) && !fulls.contains(p.as_str()))
                        .cloned()
                        .collect();
                    masks.insert(id, own);
                }
            }
        }
        Ok(Matcher {
            names: name_patterns.automaton("names")?,
            titles,
            name_patterns: name_patterns.meaning,
            phones: phone_patterns.automaton("phone numbers")?,
            phone_patterns: phone_patterns.meaning,
            houses,
            masks,
        })
    }

    /// Every secret in `text`, in no particular order.
    pub(crate) fn find(&self, text: &Text) -> Vec<Hit> {
        let mut hits = self.find_names(text);
        self.find_phones(text, &mut hits);
        self.find_houses(text, &mut hits);
        hits
    }

    /// Full names anywhere; given names where they stand alone after a title.
    fn find_names(&self, text: &Text) -> Vec<Hit> {
        let mut hits = Vec::new();
        for m in self.names.find_overlapping_iter(&text.s) {
            for p in &self.name_patterns[m.pattern().as_usize()] {
                if !p.given {
                    hits.push(Hit {
                        secret: p.secret,
                        at: text.n_of_s(m.start()),
                    });
                    continue;
                }
                let given = m.start();
                if self.masked(p.secret, &text.s[given..]) {
                    continue;
                }
                for title in self.titles_before(&text.s[..given]) {
                    if names::stands_alone(text, given - title, given, m.end()) {
                        hits.push(Hit {
                            secret: p.secret,
                            at: text.n_of_s(given - title),
                        });
                    }
                }
            }
        }
        hits
    }

    /// The lengths in bytes of the titles `before` ends with.
    fn titles_before<'t>(&'t self, before: &'t str) -> impl Iterator<Item = usize> + 't {
        self.titles
            .iter()
            .filter(|t| before.ends_with(t.as_str()))
            .map(String::len)
    }

    /// Whether the text from a given name on is a public person's full name.
    fn masked(&self, secret: usize, from_given: &str) -> bool {
        self.masks
            .get(&secret)
            .is_some_and(|m| m.iter().any(|p| from_given.starts_with(p.as_str())))
    }

    /// Phone numbers in any grouping, at digit boundaries.
    fn find_phones(&self, text: &Text, hits: &mut Vec<Hit>) {
        numbers::each_run(&text.n, numbers::SHORTEST_PHONE, |run| {
            for m in self.phones.find_overlapping_iter(&run.digits) {
                if run.at_boundary(&text.n, m.start(), m.end()) {
                    let at = run.at[m.start()];
                    let ids = &self.phone_patterns[m.pattern().as_usize()];
                    hits.extend(ids.iter().map(|&secret| Hit { secret, at }));
                }
            }
        });
    }

    /// House numbers next to a house word.
    fn find_houses(&self, text: &Text, hits: &mut Vec<Hit>) {
        if self.houses.is_empty() {
            return;
        }
        numbers::each_token(&text.n, |t| {
            if let Some(ids) = self.houses.get(t.value.as_str())
                && numbers::is_house_number(&text.n, t)
            {
                hits.extend(ids.iter().map(|&secret| Hit { secret, at: t.start }));
            }
        });
    }
}

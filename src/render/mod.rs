//! Stage 4, render: the validated site and the image plan become output files, through the
//! theme's minijinja templates, rendered in parallel. Reads nothing from disk.

/// `minijinja::context!` with every value passed through serde (views are `Serialize`).
macro_rules! view {
    ($($key:ident $(=> $value:expr)?),* $(,)?) => {
        minijinja::context! { $($key => minijinja::value::Serde(view!(@value $key $(=> $value)?))),* }
    };
    (@value $key:ident) => { $key };
    (@value $key:ident => $value:expr) => { $value };
}

mod assets;
pub(crate) mod escape;
mod map;
mod pages;
pub(crate) mod privacy;
mod report;
pub(crate) mod search;
mod shared;
mod views;

use crate::images::ImagePlan;
use crate::load::Theme;
use crate::model::Site;
use crate::output::{Kind, OutputFile};
use minijinja::{AutoEscape, Environment, Value};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

pub(crate) use report::report_forms;

/// Site-wide values every template sees as `site`.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base: &'a str,
    base_url: &'a str,
    lang: &'a str,
    sample: bool,
    office: &'a str,
    province: &'a str,
    css: String,
    fonts: Vec<String>,
    /// Whether digits are Thai (`thai_digits`): the `digits` filter follows it, and it is
    /// part of the hash every page's memo key starts from.
    thai_digits: bool,
    nav: Vec<views::LinkView>,
    /// The share card of pages without one of their own: the newest activity's.
    card: Option<views::ShareImage>,
}

/// Pages and assets of an earlier render, keyed by output path: a hash of everything that went
/// into each and the bytes that came out. `knn serve` keeps it between builds, so that an edit
/// re-renders only the pages whose inputs changed; `knn build` starts from an empty one.
#[derive(Default)]
pub(crate) struct Memo {
    assets: Option<(blake3::Hash, Vec<OutputFile>)>,
    pages: HashMap<String, (blake3::Hash, Vec<u8>)>,
    /// The signs' QR codes by URL (a URL's code never changes).
    qr: HashMap<String, qrcode::QrCode>,
    /// The search index's batches of pages.
    search: search::Memo,
}

/// What a render produced besides its files (which went to `emit` as they were made).
pub(crate) struct Rendered {
    /// The memo for the next render.
    pub(crate) memo: Memo,
    /// Pages rendered through their template this time.
    pub(crate) rendered: usize,
    /// Pages whose inputs had not changed since the memo's render, taken from it.
    pub(crate) reused: usize,
    /// The search index: pages indexed, bytes, milliseconds it took.
    pub(crate) search: (usize, usize, u128),
}

/// Where each rendered file goes as soon as it is made, with its place in the output's order
/// (theme assets, then the pages in the order of `pages::jobs`, then the search index). Called
/// from many threads; an error stops the render.
pub(crate) type Emit<'e> = dyn Fn(usize, OutputFile) -> Result<(), String> + Sync + 'e;

/// Renders every page and asset, handing each file to `emit` as soon as it is made, so no
/// render holds the whole site; a page whose inputs hash as in `memo` is taken from it.
/// Without a memo (`knn build`, `check`), nothing is hashed or kept for a next render. The
/// search index is built first, with every core, then the pages.
pub(crate) fn render(
    site: &Site,
    plan: &ImagePlan,
    theme: &Theme,
    texts: &crate::load::Texts,
    memo: Option<&Memo>,
    emit: &Emit,
) -> Result<Rendered, String> {
    let theme_hash = theme_hash(theme);
    let files = match memo.and_then(|m| m.assets.as_ref()) {
        Some((h, files)) if *h == theme_hash => files.clone(),
        _ => assets::theme_assets(theme)?,
    };
    let css_path = files
        .iter()
        .find(|f| f.path.ends_with(".css"))
        .map(|f| f.path.clone())
        .unwrap_or_default();
    let fonts = first_screen_fonts(&files, &site.config.base_path);
    let mut ctx = views::Ctx {
        base_path: &site.config.base_path,
        base_url: &site.config.base_url,
        thai: site.config.thai_digits,
        plan,
        map: String::new(),
        shared: shared::Shared::default(),
        texts,
    };
    let mut view = site_view(site, css_path, fonts);
    view.card = pages::site_card(&ctx, site);
    let global = {
        let mut h = blake3::Hasher::new();
        h.update(theme_hash.as_bytes());
        h.update(&serde_json::to_vec(&view).map_err(|e| e.to_string())?);
        h.finalize()
    };
    let env = environment(theme, &view, site.config.thai_digits);
    ctx.map = map::svg(site, &ctx);
    ctx.shared = shared::Shared::new(&ctx, site, memo.map(|m| &m.qr));
    let first_page = files.len();
    let assets = memo.map(|_| (theme_hash, files.clone()));
    for (order, f) in files.into_iter().enumerate() {
        emit(order, f)?;
    }
    let jobs = pages::jobs(site, plan);
    let after_pages = first_page + jobs.len();
    // The index first, with every core (its pages are segmented in parallel, and its files
    // are guarded and written as they are made), then the pages: built beside them it shared
    // the cores with the render for three times as long.
    let (search, search_memo) = timed_index(&ctx, site, after_pages, memo.map(|m| &m.search), emit)?;
    let done = jobs
        .par_iter()
        .enumerate()
        .map(|(i, job)| {
            let (file, key, fresh) = render_page(&ctx, site, &env, memo.map(|m| (m, &global)), *job)?;
            let kept = key.map(|key| (file.path.clone(), key, file.bytes.clone()));
            emit(first_page + i, file)?;
            Ok((kept, fresh))
        })
        .collect::<Result<Vec<_>, String>>();
    let mut next = Memo {
        assets,
        pages: HashMap::new(),
        qr: memo.map(|_| ctx.shared.qr_codes().clone()).unwrap_or_default(),
        search: search_memo.unwrap_or_default(),
    };
    let (mut rendered, mut reused) = (0, 0);
    for (kept, fresh) in done? {
        if fresh {
            rendered += 1;
        } else {
            reused += 1;
        }
        if let Some((path, key, bytes)) = kept {
            next.pages.insert(path, (key, bytes));
        }
    }
    emit(
        after_pages + search.files,
        OutputFile::new(".nojekyll", Vec::new(), Kind::Marker),
    )?;
    Ok(Rendered {
        memo: next,
        rendered,
        reused,
        search: (search.docs, search.bytes, search.ms),
    })
}

/// The search index with the time it took, less the time its files spent in `emit` (the
/// guards and the writer, which every file passes through) shared over the threads.
fn timed_index(
    ctx: &views::Ctx,
    site: &Site,
    first: usize,
    memo: Option<&search::Memo>,
    emit: &Emit,
) -> Result<(search::SearchIndex, Option<search::Memo>), String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    let started = std::time::Instant::now();
    let in_emit = AtomicU64::new(0);
    let timed_emit = |order: usize, file: OutputFile| {
        let at = std::time::Instant::now();
        let done = emit(order, file);
        in_emit.fetch_add(at.elapsed().as_micros() as u64, Ordering::Relaxed);
        done
    };
    let (mut index, next) = search::index(ctx, site, first, memo, &timed_emit)?;
    let emitting = u128::from(in_emit.into_inner()) / rayon::current_num_threads().max(1) as u128;
    index.ms = started.elapsed().as_micros().saturating_sub(emitting) / 1000;
    Ok((index, next))
}

/// One page: from the memo when its inputs hash as there, else through its template; with its
/// hash (only when there is a memo, with the hash of the site-wide inputs) and whether it was
/// rendered now.
fn render_page(
    ctx: &views::Ctx,
    site: &Site,
    env: &Environment,
    memo: Option<(&Memo, &blake3::Hash)>,
    job: pages::Page,
) -> Result<(OutputFile, Option<blake3::Hash>, bool), String> {
    let (path, template, value) = pages::page_input(ctx, site, job);
    let key = memo.map(|(_, global)| page_key(global, template, &value)).transpose()?;
    let kind = crate::output::kind_of_rendered(&path);
    let source = pages::page_source(job);
    let kept = memo
        .and_then(|(m, _)| m.pages.get(&path))
        .filter(|(h, _)| Some(*h) == key);
    if let Some((_, bytes)) = kept {
        return Ok((
            OutputFile::new(path, bytes.clone(), kind).with_source(source),
            key,
            false,
        ));
    }
    let text = render_template(env, template, value)?;
    Ok((
        OutputFile::new(path, text.into_bytes(), kind).with_source(source),
        key,
        true,
    ))
}

/// A hash of the whole theme: templates, styles and static files.
fn theme_hash(theme: &Theme) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    for (name, text) in theme.templates.iter().chain(&theme.css) {
        h.update(name.as_bytes())
            .update(&[0])
            .update(text.as_bytes())
            .update(&[0]);
    }
    for (name, bytes) in theme.assets.iter().chain(&theme.admin) {
        h.update(name.as_bytes()).update(&[0]).update(bytes).update(&[0]);
    }
    h.finalize()
}

/// A hash of one page's inputs: the site-wide values and theme, its template, its view.
fn page_key(global: &blake3::Hash, template: &str, value: &Value) -> Result<blake3::Hash, String> {
    let mut h = blake3::Hasher::new();
    h.update(global.as_bytes()).update(template.as_bytes()).update(&[0]);
    serde_json::to_writer(&mut h, value).map_err(|e| format!("{template}: {e}"))?;
    Ok(h.finalize())
}

/// The fonts every first screen uses, preloaded so the browser need not wait for the CSS to
/// find them: Thai regular (text) and bold (the header and headings), Latin regular (the
/// digits of dates and figures). Latin bold is rare above the fold and is left to the CSS.
fn first_screen_fonts(files: &[OutputFile], base_path: &str) -> Vec<String> {
    const FIRST_SCREEN: [&str; 3] = ["thai-400-normal", "thai-700-normal", "latin-400-normal"];
    files
        .iter()
        .filter(|f| f.path.starts_with("assets/fonts/sarabun-") && f.path.ends_with(".woff2"))
        .filter(|f| FIRST_SCREEN.iter().any(|n| f.path.contains(n)))
        .map(|f| format!("{base_path}{}", f.path))
        .collect()
}

/// The site-wide values every template sees as `site`.
fn site_view(site: &Site, css: String, fonts: Vec<String>) -> SiteView<'_> {
    let c = &site.config;
    let nav = site
        .districts
        .iter()
        .map(|d| views::LinkView {
            name: d.name_th.clone(),
            url: format!("{}districts/{}/", c.base_path, d.slug),
        })
        .collect();
    SiteView {
        title: &c.title,
        description: &c.description,
        base: &c.base_path,
        base_url: &c.base_url,
        lang: &c.language,
        sample: c.sample,
        office: &c.office,
        province: &c.province_th,
        css: format!("{}{css}", c.base_path),
        fonts,
        thai_digits: c.thai_digits,
        nav,
        card: None,
    }
}

/// The template environment: templates from the theme, HTML auto-escaping for `.html` and
/// `.xml`, debug info kept so template errors show their source line.
fn environment<'a>(theme: &Theme, view: &SiteView, thai: bool) -> Environment<'a> {
    let mut env = Environment::new();
    let templates = Arc::new(theme.templates.clone());
    env.set_loader(move |name| Ok(templates.get(name).cloned()));
    env.set_debug(true);
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".xml") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(html_formatter);
    env.add_global("site", Value::from(minijinja::value::Serde(view)));
    env.add_filter("digits", move |v: Value| digits_filter(&v, thai));
    env
}

/// The `digits` filter: the digits of a text or HTML value in the site's one style
/// (`thai_digits`); a safe (HTML) value stays safe.
fn digits_filter(value: &Value, thai: bool) -> Value {
    let text = value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string());
    let out = crate::thai::digits_in_html(&text, thai);
    if value.is_safe() {
        Value::from_safe_string(out)
    } else {
        Value::from(out)
    }
}

/// Escapes only the five characters HTML needs (`& < > " '`); minijinja's default also
/// escapes `/`, which would triple the size of every URL in the output.
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    match (state.auto_escape(), value.as_str()) {
        (AutoEscape::Html, Some(text)) if !value.is_safe() => {
            escape::html_write(text, out).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Renders one template with its context; errors name the template and line. Every rendered
/// file leaves here cleaned of the characters XML forbids (`escape::clean`).
pub(crate) fn render_template(env: &Environment, name: &str, ctx: Value) -> Result<String, String> {
    env.get_template(name)
        .and_then(|t| t.render(ctx))
        .map(escape::clean)
        .map_err(|e| format!("ข้อผิดพลาดในแม่แบบ (template error) {name}: {e:#}"))
}

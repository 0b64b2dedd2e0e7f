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
mod map;
mod pages;
pub(crate) mod privacy;
mod views;

use crate::images::ImagePlan;
use crate::load::Theme;
use crate::model::Site;
use crate::write::OutputFile;
use minijinja::{AutoEscape, Environment, Value};
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;

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
    nav: Vec<views::LinkView>,
}

/// Renders every page and asset.
pub(crate) fn render(site: &Site, plan: &ImagePlan, theme: &Theme) -> Result<Vec<OutputFile>, String> {
    let mut files = assets::theme_assets(theme)?;
    let css_path = files
        .iter()
        .find(|f| f.path.ends_with(".css"))
        .map(|f| f.path.clone())
        .unwrap_or_default();
    let fonts = files
        .iter()
        .filter(|f| f.path.ends_with("-normal.woff2") && f.path.contains("thai-400"))
        .map(|f| format!("{}{}", site.config.base_path, f.path))
        .collect();
    let env = environment(site, theme, css_path, fonts);
    let mut ctx = views::Ctx {
        base_path: &site.config.base_path,
        base_url: &site.config.base_url,
        thai: site.config.thai_digits,
        plan,
        map: String::new(),
    };
    ctx.map = map::svg(site, &ctx);
    let jobs = pages::jobs(site, plan);
    let rendered: Vec<Result<OutputFile, String>> = jobs
        .par_iter()
        .map(|job| pages::render_page(&env, &ctx, site, *job))
        .collect();
    for r in rendered {
        files.push(r?);
    }
    files.push(OutputFile {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
    });
    Ok(files)
}

/// The template environment: templates from the theme, HTML auto-escaping for `.html` and
/// `.xml`, debug info kept so template errors show their source line.
fn environment<'a>(site: &Site, theme: &Theme, css: String, fonts: Vec<String>) -> Environment<'a> {
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
    let c = &site.config;
    let nav = site
        .districts
        .iter()
        .map(|d| views::LinkView {
            name: d.name_th.clone(),
            url: format!("{}districts/{}/", c.base_path, d.slug),
        })
        .collect();
    let view = SiteView {
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
        nav,
    };
    env.add_global("site", Value::from(minijinja::value::Serde(&view)));
    env
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
            let mut escaped = String::with_capacity(text.len() + 8);
            for c in text.chars() {
                match c {
                    '&' => escaped.push_str("&amp;"),
                    '<' => escaped.push_str("&lt;"),
                    '>' => escaped.push_str("&gt;"),
                    '"' => escaped.push_str("&quot;"),
                    '\'' => escaped.push_str("&#39;"),
                    c => escaped.push(c),
                }
            }
            out.write_str(&escaped).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Renders one template with its context; errors name the template and line.
pub(crate) fn render_template(env: &Environment, name: &str, ctx: Value) -> Result<String, String> {
    env.get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| format!("ข้อผิดพลาดในแม่แบบ (template error) {name}: {e:#}"))
}

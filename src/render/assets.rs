//! Theme assets: the stylesheet bundled and minified with lightningcss under a content-hashed
//! name, static files (fonts and their licence) copied to `assets/`, and the web form's files
//! (the vendored CMS) copied to `admin/`.

use crate::load::Theme;
use crate::output::{Kind, OutputFile};
use lightningcss::bundler::{Bundler, ResolveResult, SourceProvider};
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions};
use lightningcss::targets::{Browsers, Targets};
use std::path::Path;

/// Serves the theme's stylesheets from memory to the bundler (render reads no files).
struct MemoryProvider<'a>(&'a Theme);

impl SourceProvider for MemoryProvider<'_> {
    type Error = std::io::Error;

    fn read<'a>(&'a self, file: &Path) -> Result<&'a str, Self::Error> {
        let name = file.to_string_lossy();
        self.0
            .css
            .get(name.as_ref())
            .map(String::as_str)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, name.to_string()))
    }

    fn resolve(&self, specifier: &str, originating_file: &Path) -> Result<ResolveResult, Self::Error> {
        Ok(originating_file.with_file_name(specifier).into())
    }
}

/// The bundled stylesheet and the static files.
pub(crate) fn theme_assets(theme: &Theme) -> Result<Vec<OutputFile>, String> {
    let mut files = Vec::new();
    if theme.css.contains_key("main.css") {
        let css = bundle_css(theme)?;
        files.push(OutputFile::new(
            format!("assets/site.{:016x}.css", fnv1a(css.as_bytes())),
            css.into_bytes(),
            Kind::Asset,
        ));
    }
    files.extend(
        theme
            .assets
            .iter()
            .map(|(name, bytes)| OutputFile::new(format!("assets/{name}"), bytes.clone(), Kind::Asset)),
    );
    files.extend(
        theme
            .admin
            .iter()
            .map(|(name, bytes)| OutputFile::new(format!("admin/{name}"), bytes.clone(), Kind::Asset)),
    );
    Ok(files)
}

/// Bundles `main.css` with its `@import`s and minifies it.
fn bundle_css(theme: &Theme) -> Result<String, String> {
    let provider = MemoryProvider(theme);
    let mut bundler = Bundler::new(&provider, None, ParserOptions::default());
    let mut sheet = bundler.bundle(Path::new("main.css")).map_err(|e| format!("CSS: {e}"))?;
    let targets = Targets::from(browsers());
    sheet
        .minify(MinifyOptions {
            targets,
            ..MinifyOptions::default()
        })
        .map_err(|e| format!("CSS: {e}"))?;
    let out = sheet
        .to_css(PrinterOptions {
            minify: true,
            targets,
            ..PrinterOptions::default()
        })
        .map_err(|e| format!("CSS: {e}"))?;
    Ok(out.code)
}

/// The oldest browsers the site supports: the phones district staff and the public still
/// carry (iOS 12, Android Chrome 70, Samsung Internet 10). Without targets lightningcss
/// writes media-query ranges (`width>=40rem`) that Safari before 16.4 ignores.
fn browsers() -> Browsers {
    let v = |major: u32| Some(major << 16);
    Browsers {
        safari: v(12),
        ios_saf: v(12),
        chrome: v(70),
        android: v(70),
        samsung: v(10),
        firefox: v(68),
        edge: v(79),
        ..Browsers::default()
    }
}

/// FNV-1a, 64 bits: a stable content hash for cache-busting file names.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundles_imports_and_minifies() {
        let mut theme = Theme::default();
        theme.css.insert(
            "main.css".into(),
            "@import \"base.css\";\n.a {  color: #ff0000; }\n".into(),
        );
        theme.css.insert("base.css".into(), "body { margin: 0px; }\n".into());
        let css = bundle_css(&theme).unwrap();
        assert!(css.contains("body{margin:0}"), "{css}");
        assert!(css.contains(".a{color:red}"), "{css}");
    }

    #[test]
    fn media_queries_stay_readable_by_old_safari() {
        let mut theme = Theme::default();
        theme.css.insert(
            "main.css".into(),
            "@media (min-width: 40rem) { .a { color: red } }\n".into(),
        );
        let css = bundle_css(&theme).unwrap();
        assert!(css.contains("min-width:40rem"), "{css}");
    }
}

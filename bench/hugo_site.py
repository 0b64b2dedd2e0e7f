#!/usr/bin/env python3
"""Turn a site made by bench/gen_site.py into the equivalent Hugo site, for bench/build.sh.

The same pages with the same text: every plot becomes a section (its plot.md body as the
section's page), every activity, lesson and product a leaf bundle with its title, date and
Markdown body; every district and the home page a list. The theme is minimal but does what
knn's pages do at the least: a head with title and description, the district menu, the page's
content, and lists of the pages below with their summaries; Hugo adds its default RSS feeds and
sitemap (knn writes feeds and a sitemap too). Standard library only.

    python3 bench/hugo_site.py SITE OUT     # SITE: a gen_site.py folder; OUT is replaced
"""

import os
import re
import shutil
import sys

STAMP = "# hugo site made by bench/hugo_site.py"
TITLE_KEYS = ("title", "ชื่อกิจกรรม", "ชื่อ", "name", "ชื่อแปลง", "ชื่อผลิตภัณฑ์", "ชื่อเรื่อง")

CONFIG = STAMP + """
baseURL = "https://example.org/knn-bench/"
locale = "th"
title = "ศูนย์เรียนรู้ โคก หนอง นา"
disableKinds = ["taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = false
"""

BASEOF = """<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 160 }}">
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
{{ partialCached "nav.html" . }}
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

SINGLE = """{{ define "main" }}
<nav>{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> / {{ end }}</nav>
<h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ .Content }}
{{ end }}
"""

NAV = """<nav>{{ with site.GetPage "/districts" }}{{ range .Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}{{ end }}</nav>
"""

LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary | plainify | truncate 200 }}</li>{{ end }}</ul>
{{ end }}
"""


def split(text):
    """Front matter lines and body of a knn Markdown file."""
    parts = text.split("\n---\n", 1)
    if not text.startswith("---\n") or len(parts) < 2:
        return [], text
    return parts[0][4:].splitlines(), parts[1]


def title_of(lines, fallback):
    for line in lines:
        key, sep, value = line.partition(":")
        if sep and key.strip() in TITLE_KEYS and not line.startswith(" ") and value.strip():
            return value.strip().strip('"')
    return fallback


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page(path, title, body, date=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    front = [f"title: {quote(title)}"]
    if date:
        front.append(f"date: {date}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("---\n" + "\n".join(front) + "\n---\n" + body)


def convert(site, out):
    content = os.path.join(out, "content")
    page(os.path.join(content, "_index.md"), "หน้าแรก", "")
    page(os.path.join(content, "districts", "_index.md"), "อำเภอ", "")
    districts = os.path.join(site, "districts")
    for d in sorted(os.listdir(districts)):
        page(os.path.join(content, "districts", d, "_index.md"), d, "")
        for p in sorted(os.listdir(os.path.join(districts, d))):
            src = os.path.join(districts, d, p)
            dst = os.path.join(content, "districts", d, p)
            with open(os.path.join(src, "plot.md"), encoding="utf-8") as f:
                lines, body = split(f.read())
            page(os.path.join(dst, "_index.md"), title_of(lines, p), body)
            for section in ("activities", "lessons", "products"):
                folder = os.path.join(src, section)
                if not os.path.isdir(folder):
                    continue
                page(os.path.join(dst, section, "_index.md"), section, "")
                for b in sorted(os.listdir(folder)):
                    with open(os.path.join(folder, b, "index.md"), encoding="utf-8") as f:
                        lines, body = split(f.read())
                    m = re.match(r"(\d{4}-\d{2}-\d{2})", b)
                    page(os.path.join(dst, section, b, "index.md"), title_of(lines, b), body, m and m.group(1))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    site, out = sys.argv[1], sys.argv[2]
    config = os.path.join(out, "hugo.toml")
    if os.path.exists(out):
        made_here = os.path.exists(config) and open(config, encoding="utf-8").readline().strip() == STAMP
        if os.listdir(out) and not made_here:
            sys.exit(f"hugo_site.py: {out} is not empty and was not made by this script")
        shutil.rmtree(out)
    layouts = os.path.join(out, "layouts", "_default")
    os.makedirs(layouts)
    os.makedirs(os.path.join(out, "layouts", "partials"))
    files = (("_default/baseof.html", BASEOF), ("_default/single.html", SINGLE), ("_default/list.html", LIST),
             ("partials/nav.html", NAV))
    for name, text in files:
        with open(os.path.join(out, "layouts", name), "w", encoding="utf-8") as f:
            f.write(text)
    with open(config, "w", encoding="utf-8") as f:
        f.write(CONFIG)
    convert(site, out)


if __name__ == "__main__":
    main()

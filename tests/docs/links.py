#!/usr/bin/env python3
"""Checks the links of the built manual and of README.md; prints each broken one, exits 1 if any.

    links.py BOOK_DIR REPO_DIR

BOOK_DIR is the HTML that `mdbook build docs` wrote (docs/book). In every .html file there, every
relative href/src must name a file that exists, and every #anchor an id (or <a name>) of the page
it points at. In REPO_DIR/README.md, every relative link must name a file or directory of the
repository; an #anchor into a page of the book's sources (docs/src/x.md#y) must be an id of its
built page (docs/book/x.html), one into README.md itself a heading of README.md (GitHub's ids).
Links with a scheme (https:, mailto: ...) are not followed. Python 3 standard library only.
"""
import html.parser
import os
import re
import sys
import urllib.parse

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
LINK_ATTRS = {"a": "href", "link": "href", "area": "href", "script": "src", "img": "src",
              "iframe": "src", "source": "src", "embed": "src"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.base = set(), [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "base" and attrs.get("href") is not None:
            self.base = attrs["href"]
        attr = LINK_ATTRS.get(tag)
        if attr and attrs.get(attr) is not None:
            self.links.append(attrs[attr])

    handle_startendtag = handle_starttag


_pages = {}


def page(path):
    """The parsed HTML file at path (cached)."""
    path = os.path.realpath(path)
    if path not in _pages:
        p = Page()
        with open(path, encoding="utf-8") as f:
            p.feed(f.read())
        p.close()
        _pages[path] = p
    return _pages[path]


def split(link):
    """(path, fragment) of a relative link, both percent-decoded; None for links not to check."""
    if SCHEME.match(link) or link.startswith("//"):
        return None
    path, _, fragment = link.partition("#")
    path = path.split("?", 1)[0]
    return urllib.parse.unquote(path), urllib.parse.unquote(fragment)


def check_book(book):
    broken = []
    for dirpath, _, files in os.walk(book):
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            src = os.path.join(dirpath, name)
            p = page(src)
            if p.base is not None and p.base.startswith("/"):
                here = os.path.join(book, p.base.lstrip("/"))  # 404.html: <base href="/">
            else:
                here = dirpath
            for link in p.links:
                parts = split(link)
                if parts is None:
                    continue
                path, fragment = parts
                if path.startswith("/"):
                    target = os.path.join(book, path.lstrip("/"))
                elif path:
                    target = os.path.join(here, path)
                else:
                    target = src
                problem = missing(target, fragment)
                if problem:
                    broken.append(f"{os.path.relpath(src)}{source_of(book, src)}: broken link {link!r}: {problem}")
    return broken


def source_of(book, html_file):
    """' (from docs/src/x.md)' for a chapter of the book, '' for mdbook's own pages."""
    md = os.path.join(os.path.dirname(book), "src", os.path.relpath(html_file, book)[:-5] + ".md")
    return f" (from {os.path.relpath(md)})" if os.path.isfile(md) else ""


def missing(target, fragment):
    """Why target#fragment does not exist, or None."""
    if not os.path.exists(target):
        return f"no file {os.path.relpath(target)}"
    if not fragment:
        return None
    if os.path.isdir(target):
        target = os.path.join(target, "index.html")
    if not target.endswith(".html") or not os.path.isfile(target):
        return f"#{fragment} into {os.path.relpath(target)}, which is not an HTML page of the book"
    if fragment not in page(target).ids:
        return f'no id "{fragment}" in {os.path.relpath(target)}'
    return None


def markdown_text(md, code_spans=False):
    """The text of a markdown file without fenced code blocks, and without inline code spans
    unless code_spans."""
    out, fence = [], None
    for line in md.split("\n"):
        m = re.match(r"^\s*(```+|~~~+)", line)
        if m:
            if fence is None:
                fence = m.group(1)[:3]
            elif m.group(1).startswith(fence):
                fence = None
            out.append("")
            continue
        if fence:
            out.append("")
        else:
            out.append(line if code_spans else re.sub(r"(`+)(?:(?!\1).)+?\1", "", line))
    return "\n".join(out)


def github_ids(md):
    """The ids GitHub gives the headings of a markdown file."""
    ids, seen = set(), {}
    for line in markdown_text(md, code_spans=True).split("\n"):
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", m.group(1)).replace("`", "")
        slug = "".join(c for c in text.lower() if c.isalnum() or c in " -_").replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        ids.add(slug if n == 0 else f"{slug}-{n}")
    return ids


def check_readme(repo, book):
    readme = os.path.join(repo, "README.md")
    with open(readme, encoding="utf-8") as f:
        md = f.read()
    own_ids = github_ids(md)
    text = markdown_text(md)
    links = re.findall(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", text)
    links += re.findall(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", text, re.M)
    links += re.findall(r"<(?:a|img)\s[^>]*?(?:href|src)=\"([^\"]*)\"", text)
    src_dir = os.path.join(repo, "docs", "src")
    broken = []
    for link in links:
        parts = split(link)
        if parts is None:
            continue
        path, fragment = parts
        if not path:
            if fragment and fragment not in own_ids:
                broken.append(f"README.md: broken link {link!r}: no heading with id \"{fragment}\" in README.md")
            continue
        target = os.path.normpath(os.path.join(repo, path))
        if not os.path.exists(target):
            broken.append(f"README.md: broken link {link!r}: no file {os.path.relpath(target, repo)} in the repository")
            continue
        if not fragment:
            continue
        if target.endswith(".md") and os.path.commonpath([target, src_dir]) == src_dir:
            built = os.path.join(book, os.path.relpath(target, src_dir)[:-3] + ".html")
            problem = missing(built, fragment)
        elif os.path.realpath(target) == os.path.realpath(readme):
            problem = None if fragment in own_ids else f'no heading with id "{fragment}" in README.md'
        elif target.endswith(".md"):
            with open(target, encoding="utf-8") as f:
                problem = None if fragment in github_ids(f.read()) else f'no heading with id "{fragment}" in {path}'
        else:
            problem = f"#{fragment} into {path}, which has no headings to point at"
        if problem:
            broken.append(f"README.md: broken link {link!r}: {problem}")
    return broken


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    book, repo = (os.path.abspath(a) for a in sys.argv[1:])
    os.chdir(repo)  # paths in messages are relative to the repository
    if not os.path.isfile(os.path.join(book, "index.html")):
        sys.exit(f"{book} has no index.html: build the book first (mdbook build docs)")
    broken = check_book(book) + check_readme(repo, book)
    for line in broken:
        print(line, file=sys.stderr)
    if broken:
        print(f"{len(broken)} broken link(s)", file=sys.stderr)
        sys.exit(1)
    print(f"links ok: {len(_pages)} HTML pages of the book and README.md")


if __name__ == "__main__":
    main()

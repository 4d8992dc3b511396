"""The one way the reports make HTML: jinja2 templates with autoescape, and escaped tables.

Private to the package. Every text that comes from data (quotes, notes, source
titles, catalog names, parameters) reaches a report through these functions:

- :func:`tag` and the small helpers (:func:`heading`, :func:`para`, :func:`items`,
  :func:`link`, ...) render fixed templates whose variables are escaped by jinja2's
  autoescape; what they return is :class:`markupsafe.Markup`, so joining it with
  plain text (:func:`fragment`) escapes the text and keeps the markup;
- :func:`block` turns such a fragment into something a notebook displays;
- :func:`table` shows a DataFrame through pandas' ``Styler`` with ``escape="html"``
  for cells and column labels.

No template is ever made from data: data is only ever a variable, so a ``{{7*7}}``
in a quote stays ``{{7*7}}``. Links are made only for ``http(s)`` addresses.

Examples
--------
>>> str(fragment(heading("<b>x</b>", 2), para("a & b")))
'<h2>&lt;b&gt;x&lt;/b&gt;</h2><p>a &amp; b</p>'
>>> str(link("javascript:alert(1)", "x")), str(link("https://a.vn/?q=1&r=2", "x"))
('x', '<a href="https://a.vn/?q=1&amp;r=2" rel="noopener noreferrer">x</a>')
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import jinja2
import pandas as pd
from markupsafe import Markup

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)

_TEMPLATES = {
    "heading": '<h{{ level }}{% if anchor %} id="{{ anchor }}"{% endif %}>{{ text }}</h{{ level }}>',
    "para": "<p{% if cls %} class=\"{{ cls }}\"{% endif %}>{{ text }}</p>",
    "items": "<ul{% if cls %} class=\"{{ cls }}\"{% endif %}>{% for i in items %}<li>{{ i }}</li>{% endfor %}</ul>",
    "link": '<a href="{{ url }}"{% if external %} rel="noopener noreferrer"{% endif %}>{{ text }}</a>',
    "strong": "<strong>{{ text }}</strong>",
    "em": "<em>{{ text }}</em>",
    "code": "<code>{{ text }}</code>",
    "span": '<span class="{{ cls }}">{{ text }}</span>',
    "div": '<div class="{{ cls }}">{{ body }}</div>',
    "nav": '<nav class="{{ cls }}">{{ body }}</nav>',
    "details": '<details{% if open %} open{% endif %}><summary>{{ summary }}</summary>{{ body }}</details>',
    "image": ('<div class="cchc-figure"><img alt="{{ alt }}" src="data:image/png;base64,{{ data }}"'
              '{% if width %} width="{{ width }}"{% endif %} style="max-width:100%; height:auto"></div>'),
    "scroll": '<div class="cchc-scroll">{{ body }}</div>',
}
_COMPILED = {name: _ENV.from_string(src) for name, src in _TEMPLATES.items()}
_BASE64 = re.compile(r"^[A-Za-z0-9+/=]*$")


def tag(name: str, **values) -> Markup:
    """Return the fixed template ``name`` rendered with ``values`` escaped.

    Examples
    --------
    >>> str(tag("strong", text="<i>"))
    '<strong>&lt;i&gt;</strong>'
    """
    return Markup(_COMPILED[name].render(**values))


def fragment(*parts) -> Markup:
    """Return ``parts`` joined: markup kept, plain text escaped.

    Examples
    --------
    >>> str(fragment("<x>", strong("y")))
    '&lt;x&gt;<strong>y</strong>'
    """
    return Markup("").join(p for p in parts if p is not None)


def heading(text, level: int = 2, anchor: str | None = None) -> Markup:
    """Return a heading of ``level`` (1–6), with an ``id`` for the table of contents.

    Examples
    --------
    >>> str(heading("Nguồn", 2, anchor="sources"))
    '<h2 id="sources">Nguồn</h2>'
    """
    level = int(level)
    if not 1 <= level <= 6:
        raise ValueError(f"heading level {level} is not 1–6")
    return tag("heading", level=level, text=text, anchor=anchor)


def para(*parts, cls: str | None = None) -> Markup:
    """Return a paragraph of ``parts`` (text escaped, markup kept).

    Examples
    --------
    >>> str(para("1 < 2"))
    '<p>1 &lt; 2</p>'
    """
    return tag("para", text=fragment(*parts), cls=cls)


def items(values, cls: str | None = None) -> Markup:
    """Return a bulleted list of ``values``.

    Examples
    --------
    >>> str(items(["a", "<b>"]))
    '<ul><li>a</li><li>&lt;b&gt;</li></ul>'
    """
    return tag("items", items=list(values), cls=cls)


def strong(text) -> Markup:
    """Return ``text`` in bold.

    Examples
    --------
    >>> str(strong("Vĩnh Long"))
    '<strong>Vĩnh Long</strong>'
    """
    return tag("strong", text=text)


def em(text) -> Markup:
    """Return ``text`` in italics.

    Examples
    --------
    >>> str(em("Kế hoạch"))
    '<em>Kế hoạch</em>'
    """
    return tag("em", text=text)


def safe_url(url) -> str | None:
    """Return ``url`` when it is an ``http(s)`` address with a host, else None.

    Examples
    --------
    >>> safe_url("https://thanhhoa.gov.vn/a"), safe_url("javascript:alert(1)"), safe_url(" JAVASCRIPT:x")
    ('https://thanhhoa.gov.vn/a', None, None)
    """
    if not isinstance(url, str) or not url.strip():
        return None
    url = url.strip()
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def link(url, text=None) -> Markup:
    """Return a link to ``url`` when it is ``http(s)``, an in-page ``#anchor`` or a page of the
    same site (``index.html``), else ``text`` alone.

    Examples
    --------
    >>> str(link("#sources", "Nguồn")), str(link("data:text/html,x", "y")), str(link("index.html", "i"))
    ('<a href="#sources">Nguồn</a>', 'y', '<a href="index.html">i</a>')
    """
    text = url if text is None else text
    if isinstance(url, str) and re.fullmatch(r"(#[A-Za-z0-9_-]+|[A-Za-z0-9_-][A-Za-z0-9_.-]*\.html(#[A-Za-z0-9_-]+)?)", url):
        return tag("link", url=url, text=text, external=False)
    good = safe_url(url)
    if good is None:
        return fragment(text)
    return tag("link", url=good, text=text, external=True)


def image(data: str, alt: str, width: int | None = None) -> Markup:
    """Return an ``<img>`` of base64 PNG ``data`` with ``alt`` text, shown ``width`` CSS pixels wide.

    Examples
    --------
    >>> str(image("iVBO", 'a "b"', 640))
    '<div class="cchc-figure"><img alt="a &#34;b&#34;" src="data:image/png;base64,iVBO" width="640" style="max-width:100%; height:auto"></div>'
    """
    if not _BASE64.match(data):
        raise ValueError("image data is not base64")
    return tag("image", data=data, alt=alt, width=int(width) if width else None)


def details(summary, *body, open: bool = False) -> Markup:
    """Return a folded section: ``summary`` always shown, ``body`` on demand.

    Examples
    --------
    >>> str(details("Phụ lục", para("x")))
    '<details><summary>Phụ lục</summary><p>x</p></details>'
    """
    return tag("details", summary=summary, body=fragment(*body), open=open)


class Block:
    """Something a notebook displays as HTML (escaped already), with a plain-text form.

    Examples
    --------
    >>> b = block(heading("A", 1), para("b"))
    >>> b.data, b._repr_html_() == b.data
    ('<h1>A</h1><p>b</p>', True)
    """

    def __init__(self, html: Markup, text: str = ""):
        self.data = str(html)
        self.text = text

    def _repr_html_(self) -> str:
        return self.data

    def __repr__(self) -> str:
        return self.text or re.sub(r"<[^>]+>", "", self.data)


def block(*parts) -> Block:
    """Return ``parts`` (see :func:`fragment`) as a displayable :class:`Block`.

    Examples
    --------
    >>> block(para("<script>")).data
    '<p>&lt;script&gt;</p>'
    """
    html = fragment(*parts)
    import html as _h

    return Block(html, _h.unescape(re.sub(r"<[^>]+>", " ", str(html))).strip())


def table(df: pd.DataFrame, *, na_rep: str = "–", formatter=None, caption: str | None = None,
          counts: bool = False) -> Block:
    """Return ``df`` as a table for display: cells and column labels escaped, no index.

    ``formatter`` (a function or a dict by column, as for ``Styler.format``) writes
    numbers; its output is escaped too. ``caption`` (escaped) names what the table
    holds; ``counts=True`` marks a table of counts whose unit the caption names. The
    table scrolls sideways in its own box
    on a narrow screen. The DataFrame stays available as ``.frame``.

    Examples
    --------
    >>> html = table(pd.DataFrame({"<a>": ["<script>x</script>"]})).data
    >>> "<script>" in html, "&lt;script&gt;x&lt;/script&gt;" in html, "&lt;a&gt;" in html
    (False, True, True)
    """
    df = df.copy()
    if df.columns.nlevels == 1:
        df.columns = [str(c) for c in df.columns]  # one kind of label: escaped the same way
    df.columns.name = None
    style = (df.style.format(formatter, na_rep=na_rep, escape="html")
             .format_index(escape="html", axis=1)
             .hide(axis="index")
             .set_table_attributes('class="cchc-table cchc-counts"' if counts else 'class="cchc-table"')
             .set_table_styles([{"selector": "td, th", "props": "text-align: left; vertical-align: top;"}]))
    if caption:
        from markupsafe import escape

        style = style.set_caption(str(escape(caption)))
    out = Block(tag("scroll", body=Markup(style.to_html())), df.to_string(index=False))
    out.frame = df
    return out

"""Figures of one category over publication date: one point per article, labelled with its source.

Conflicting tolls for the same event then sit side by side. Built from the ``timeline`` named query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.queries import named_queries
from kg.rdf.namespaces import NKG
from kg.store.base import Row, TripleStore
from kg.viz.deps import require

CATEGORIES = ("Killed", "Injured", "Displaced", "Returned", "Refugees", "Missing", "Arrested", "Troops", "People",
              "Visits", "Money", "Percent", "Other")
IMAGE_SUFFIXES = (".png", ".svg")


def category_iri(name: str) -> URIRef:
    """``killed`` -> ``nkg:Killed``; any case, or a full category IRI.

    >>> category_iri("killed") == NKG.Killed
    True
    """
    wanted = name.rsplit("#", 1)[-1].strip().lower()
    for category in CATEGORIES:
        if category.lower() == wanted:
            return URIRef(NKG[category])
    raise ValueError(f"unknown figure category {name!r}; use one of: {', '.join(c.lower() for c in CATEGORIES)}")


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """The figure of one article: its largest value of the category (and range), where it appeared."""

    published: dt.date
    source: str
    value: float
    max_value: float | None
    value_text: str
    approximate: bool
    about: str | None
    article: str
    figures: int  # how many figures of this category the article gives


@dataclass(frozen=True, slots=True)
class Timeline:
    category: str
    about: str | None
    points: tuple[TimelinePoint, ...]
    undated: tuple[str, ...]  # sources of articles with figures but no publication date (not plotted)


def source_name(url: str | None, headline: str | None, file: str | None, article: str) -> str:
    """A short name for where a figure appeared: the site, else the headline, else the file.

    >>> source_name("https://www.bbc.co.uk/news/1", "Title", "a.txt", "x")
    'bbc.co.uk'
    """
    if url:
        host = urlsplit(url).netloc
        if host:
            return host.removeprefix("www.")
    if headline:
        return headline if len(headline) <= 48 else headline[:47].rstrip() + "…"
    return file or article


def _number(node: Node | None) -> float | None:
    if node is None:
        return None
    try:
        return float(node)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _date(node: Node | None) -> dt.date | None:
    if node is None:
        return None
    value = node.toPython() if isinstance(node, Literal) else None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(node)[:10])
    except ValueError:
        return None


def _text(row: Row, name: str) -> str | None:
    value = row.get(name)
    return None if value is None else str(value)


def timeline_from_rows(rows: list[Row], *, category: str, about: str | None = None) -> Timeline:
    """One point per article: the largest value it gives; articles without a date are listed, not plotted."""
    best: dict[str, tuple[Row, float]] = {}
    figures: dict[str, set[str]] = {}
    for row in rows:
        article, value = _text(row, "article") or "", _number(row.get("value"))
        if value is None:
            continue
        figures.setdefault(article, set()).add(_text(row, "figure") or "")
        if article not in best or value > best[article][1]:
            best[article] = (row, value)
    points, undated = [], []
    for article, (row, value) in best.items():
        source = source_name(_text(row, "url"), _text(row, "headline"), _text(row, "file"), article)
        published = _date(row.get("published"))
        if published is None:
            undated.append(source)
            continue
        points.append(TimelinePoint(
            published=published, source=source, value=value, max_value=_number(row.get("maxValue")),
            value_text=_text(row, "valueText") or "", approximate=(_text(row, "approximate") or "") == "true",
            about=_text(row, "aboutLabel"), article=article, figures=len(figures[article])))
    points.sort(key=lambda p: (p.published, p.source, p.article))
    return Timeline(category=category, about=about, points=tuple(points), undated=tuple(sorted(undated)))


def figure_timeline(store: TripleStore, *, category: str, about: str | None = None) -> Timeline:
    """The figures of ``category`` (e.g. ``killed``) in ``store``, optionally only those ``about`` some text."""
    iri = category_iri(category)
    bindings: dict[str, Node] = {"category": iri}
    if about:
        bindings["about"] = Literal(about)
    _, rows = store.select(named_queries()["timeline"].text, bindings)
    return timeline_from_rows(rows, category=iri.rsplit("#", 1)[-1], about=about)


def _compact(value: float) -> str:
    """``380000`` -> ``380,000``; decimals kept."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def write_timeline(timeline: Timeline, out: Path, *, width: int = 1200, height: int = 700, dpi: int = 100) -> Path:
    """Plot to ``out`` (.png or .svg) at ``width`` x ``height`` pixels: value over date, a range as a bar,
    hollow markers for approximate figures, each point labelled with its source."""
    suffix = out.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise ValueError(f"{out}: unknown picture format; use .png or .svg")
    mdates = require("matplotlib.dates")
    FigureCanvasAgg = require("matplotlib.backends.backend_agg").FigureCanvasAgg  # noqa: N806
    Figure = require("matplotlib.figure").Figure  # noqa: N806

    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.1, 0.14, 0.85, 0.76))
    title = f"Figures: {timeline.category.lower()}" + (f" ({timeline.about})" if timeline.about else "")
    ax.set_title(title, fontsize=14)
    ax.set_xlabel("publication date")
    ax.set_ylabel(timeline.category.lower())
    ax.grid(True, alpha=0.3)
    if not timeline.points:
        ax.text(0.5, 0.5, "No dated figures found", ha="center", va="center", transform=ax.transAxes,
                fontsize=14, color="#666666")
    dates = [mdates.date2num(p.published) for p in timeline.points]
    middle = (min(dates) + max(dates)) / 2 if dates else 0.0
    for point, x in zip(timeline.points, dates, strict=True):
        if point.max_value is not None and point.max_value > point.value:
            ax.vlines(x, point.value, point.max_value, color="#3b6fb6", linewidth=3, alpha=0.5)
        ax.plot([x], [point.value], marker="o", markersize=9, color="#3b6fb6",
                markerfacecolor="white" if point.approximate else "#3b6fb6")
        shown = point.value_text or _compact(point.value)
        right_half = len(dates) > 1 and x > middle
        ax.annotate(f"{point.source}\n{shown}", (x, point.value), textcoords="offset points",
                    xytext=(-8, 6) if right_half else (8, 6), ha="right" if right_half else "left", fontsize=8)
    if timeline.points:
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
        ax.margins(x=0.15, y=0.2)
        values = [v for p in timeline.points for v in (p.value, p.max_value) if v is not None and v > 0]
        if values and max(values) / min(values) > 100:  # tolls orders of magnitude apart: a log scale shows both
            ax.set_yscale("log")
            ax.set_ylabel(f"{timeline.category.lower()} (log scale)")
        else:
            ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(lambda v, _pos: _compact(v))
    if timeline.undated:
        fig.text(0.01, 0.01, f"not plotted (no publication date): {', '.join(timeline.undated)}"[:200], fontsize=8)
    fig.autofmt_xdate()
    fig.savefig(out, dpi=dpi, format=suffix.lstrip("."))
    return out

"""The meeting network: people and countries as nodes, meetings as edges, sized by how often they occur.

Built from the ``network`` named query, so it works on any store (embedded, in memory or remote endpoint).
Written as a self-contained interactive HTML page (inline SVG and script, no network access) or as a
PNG/SVG picture drawn with networkx and matplotlib (Agg, no display needed).
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.queries import named_queries
from kg.store.base import Row, TripleStore
from kg.viz.deps import require

PAGE_TEMPLATE = Path(__file__).with_name("network_page.html")
IMAGE_SUFFIXES = (".png", ".svg")
HTML_SUFFIXES = (".html", ".htm")
KIND_COLOURS = {"Person": "#3b6fb6", "Country": "#e08a2c"}


@dataclass(frozen=True, slots=True)
class Meeting:
    """One meeting as the network shows it."""

    iri: str
    kind: str
    actors: tuple[str, ...]
    place: str | None
    when: str | None
    status: str | None
    article: str
    source: str

    def describe(self, labels: dict[str, str]) -> str:
        """``2018-05-17 Visit in Bergen: Varga, Solberg (source)``."""
        parts = [self.when or "undated", self.kind.lower() if self.kind != "Meeting" else "meeting"]
        if self.status:
            parts.append(f"({self.status.lower()})")
        if self.place:
            parts.append(f"in {self.place}")
        names = ", ".join(labels.get(a, a) for a in self.actors)
        return f"{' '.join(parts)}: {names} [{self.source}]"


@dataclass(frozen=True, slots=True)
class NetworkNode:
    iri: str
    label: str
    kind: str
    meetings: int


@dataclass(frozen=True, slots=True)
class NetworkEdge:
    source: str
    target: str
    meetings: tuple[int, ...]  # indexes into MeetingNetwork.meetings

    @property
    def weight(self) -> int:
        return len(self.meetings)


@dataclass(frozen=True, slots=True)
class MeetingNetwork:
    """Nodes, edges and the meetings behind them; edges join every pair of participants of a meeting."""

    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]
    meetings: tuple[Meeting, ...]

    @property
    def labels(self) -> dict[str, str]:
        return {n.iri: n.label for n in self.nodes}


def _text(row: Row, name: str) -> str | None:
    value = row.get(name)
    return None if value is None else str(value)


def network_from_rows(rows: list[Row]) -> MeetingNetwork:
    """Group query rows (one per meeting and participant) into nodes, weighted edges and meetings."""
    actors: dict[str, list[str]] = {}
    first: dict[str, Row] = {}
    names: dict[str, dict[str, set[str]]] = {}  # actor -> label -> articles using it
    kinds: dict[str, str] = {}
    for row in rows:
        meeting, actor = _text(row, "meeting"), _text(row, "actor")
        if meeting is None or actor is None:
            continue
        first.setdefault(meeting, row)
        if actor not in actors.setdefault(meeting, []):
            actors[meeting].append(actor)
        label = _text(row, "actorLabel") or actor
        names.setdefault(actor, {}).setdefault(label, set()).add(_text(row, "article") or "")
        kinds.setdefault(actor, _text(row, "actorType") or "Person")
    meetings = tuple(
        Meeting(iri=iri, kind=_text(row, "kind") or "Meeting", actors=tuple(sorted(actors[iri])),
                place=_text(row, "place"), when=_text(row, "when"), status=_text(row, "status"),
                article=_text(row, "article") or "", source=_text(row, "source") or "")
        for iri, row in sorted(first.items(), key=lambda item: ((_text(item[1], "when") or "9999"), item[0]))
    )
    per_actor = Counter(a for m in meetings for a in m.actors)
    pairs: dict[tuple[str, str], list[int]] = {}
    for index, m in enumerate(meetings):
        for pair in itertools.combinations(m.actors, 2):
            pairs.setdefault(pair, []).append(index)
    nodes = tuple(
        NetworkNode(iri=a, label=_best_label(names[a]), kind=kinds[a], meetings=per_actor[a])
        for a in sorted(per_actor, key=lambda a: (-per_actor[a], _best_label(names[a])))
    )
    edges = tuple(NetworkEdge(s, t, tuple(ix)) for (s, t), ix in sorted(pairs.items()))
    return MeetingNetwork(nodes, edges, meetings)


def _best_label(labels: dict[str, set[str]]) -> str:
    """The label most articles use for a node; the longest (fullest) on a tie."""
    return max(labels, key=lambda name: (len(labels[name]), len(name), name))


def meeting_network(store: TripleStore, *, entity: str | None = None,
                    since: dt.date | None = None) -> MeetingNetwork:
    """The meeting network in ``store``, optionally only around one ``entity`` (name or alias) or ``since`` a date."""
    query = named_queries()["network"]
    bindings: dict[str, Node] = {}
    if entity:
        bindings["entity"] = Literal(entity)
    if since is not None:
        bindings["since"] = Literal(since.isoformat(), datatype=XSD.date)
    _, rows = store.select(query.text, bindings)
    return network_from_rows(rows)


def layout(network: MeetingNetwork, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions in [0, 1] x [0, 1], the same for the same network (fixed seed).

    Each connected group is laid out on its own (spring layout) and the groups are packed in a grid,
    largest first, so that separate groups neither fly apart to the corners nor overlap.
    """
    import math

    nx = require("networkx")

    graph = _nx_graph(network)
    groups = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    if not groups:
        return {}
    columns = math.ceil(math.sqrt(len(groups)))
    rows = math.ceil(len(groups) / columns)
    positions: dict[str, tuple[float, float]] = {}
    for index, group in enumerate(groups):
        row, column = divmod(index, columns)
        local = _group_layout(graph.subgraph(group), seed=seed)
        for node, (x, y) in local.items():
            positions[node] = ((column + 0.1 + 0.8 * x) / columns, (row + 0.1 + 0.8 * y) / rows)
    return positions


def _group_layout(graph: Any, *, seed: int) -> dict[str, tuple[float, float]]:
    """One connected group in [0, 1] x [0, 1]; a pair or a single node sits in the middle."""
    nx = require("networkx")

    nodes = sorted(graph)
    if len(nodes) == 1:
        return {nodes[0]: (0.5, 0.5)}
    if len(nodes) == 2:
        return {nodes[0]: (0.2, 0.5), nodes[1]: (0.8, 0.5)}
    raw = nx.spring_layout(graph, seed=seed, weight="weight", iterations=200)
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    off_x = (1 - (max(xs) - min(xs)) / span) / 2
    off_y = (1 - (max(ys) - min(ys)) / span) / 2
    return {n: (off_x + (float(p[0]) - min(xs)) / span, off_y + (float(p[1]) - min(ys)) / span)
            for n, p in raw.items()}


def _nx_graph(network: MeetingNetwork) -> Any:
    nx = require("networkx")

    graph = nx.Graph()
    for node in network.nodes:
        graph.add_node(node.iri, label=node.label, kind=node.kind, meetings=node.meetings)
    for edge in network.edges:
        graph.add_edge(edge.source, edge.target, weight=edge.weight)
    return graph


# -- HTML ----------------------------------------------------------------------------------------------------------

def page_data(network: MeetingNetwork, *, title: str) -> dict[str, Any]:
    """What the page script draws: nodes with positions, edges with the meetings behind them."""
    positions = layout(network)
    labels = network.labels
    return {
        "title": title,
        "colours": KIND_COLOURS,
        "nodes": [{"id": n.iri, "label": n.label, "kind": n.kind, "meetings": n.meetings,
                   "x": round(positions[n.iri][0], 4), "y": round(positions[n.iri][1], 4)} for n in network.nodes],
        "edges": [{"source": e.source, "target": e.target, "weight": e.weight,
                   "meetings": list(e.meetings)} for e in network.edges],
        "meetings": [{"text": m.describe(labels), "actors": list(m.actors), "article": m.article}
                     for m in network.meetings],
    }


def _script_json(data: dict[str, Any]) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` can end it early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html(network: MeetingNetwork, *, title: str = "Meeting network") -> str:
    """A self-contained page: the data, the styles and the script are inline; it loads nothing."""
    values = {"TITLE": html.escape(title), "DATA": _script_json(page_data(network, title=title))}
    template = PAGE_TEMPLATE.read_text(encoding="utf-8")
    return re.sub(r"\{\{(TITLE|DATA)\}\}", lambda m: values[m[1]], template)  # one pass: no re-expansion


# -- PNG / SVG -----------------------------------------------------------------------------------------------------

def draw_image(network: MeetingNetwork, out: Path, *, width: int = 1200, height: int = 900, dpi: int = 100,
               title: str = "Meeting network") -> None:
    """Draw to ``out`` (.png or .svg) at exactly ``width`` x ``height`` pixels (points for SVG at ``dpi``)."""
    nx = require("networkx")
    FigureCanvasAgg = require("matplotlib.backends.backend_agg").FigureCanvasAgg  # noqa: N806
    Figure = require("matplotlib.figure").Figure  # noqa: N806

    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.02, 0.02, 0.96, 0.9))
    ax.set_axis_off()
    fig.suptitle(title, fontsize=14)
    if not network.nodes:
        ax.text(0.5, 0.5, "No meetings found", ha="center", va="center", fontsize=14, color="#666666")
    else:
        graph = _nx_graph(network)
        pos = layout(network)
        order = list(graph.nodes)
        sizes = [300 + 500 * graph.nodes[n]["meetings"] for n in order]
        colours = [KIND_COLOURS.get(graph.nodes[n]["kind"], "#777777") for n in order]
        widths = [1.0 + 1.5 * graph.edges[e]["weight"] for e in graph.edges]
        nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, edge_color="#9a9a9a", alpha=0.8)
        nx.draw_networkx_nodes(graph, pos, ax=ax, nodelist=order, node_size=sizes, node_color=colours,
                               edgecolors="white", linewidths=1.5)
        below = {n: (x, y - 0.035) for n, (x, y) in pos.items()}
        nx.draw_networkx_labels(graph, below, ax=ax, labels={n: graph.nodes[n]["label"] for n in order},
                                font_size=10, verticalalignment="top")
        counts = {e: graph.edges[e]["weight"] for e in graph.edges if graph.edges[e]["weight"] > 1}
        if counts:
            nx.draw_networkx_edge_labels(graph, pos, ax=ax, edge_labels=counts, font_size=9)
        ax.set_xlim(-0.06, 1.06)
        ax.set_ylim(-0.1, 1.06)
        for kind, colour in KIND_COLOURS.items():
            ax.scatter([], [], s=80, color=colour, label=kind)
        ax.legend(loc="lower right", frameon=False)
    fig.savefig(out, dpi=dpi, format=out.suffix.lower().lstrip("."))


def write_network(network: MeetingNetwork, out: Path, *, title: str = "Meeting network",
                  width: int = 1200, height: int = 900) -> Path:
    """Write the network to ``out``: .html (interactive page), .png or .svg."""
    suffix = out.suffix.lower()
    if suffix in HTML_SUFFIXES:
        out.write_text(render_html(network, title=title), encoding="utf-8")
    elif suffix in IMAGE_SUFFIXES:
        draw_image(network, out, width=width, height=height, title=title)
    else:
        raise ValueError(f"{out}: unknown picture format; use .html, .png or .svg")
    return out

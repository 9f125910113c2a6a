"""The meeting network and figure timeline, from small graphs built here and from the bundled sample."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from rdflib import Literal, URIRef, namespace
from rdflib.namespace import RDF, RDFS, SKOS

from kg.rdf.namespaces import NKG, PROV, SCHEMA, SEM
from kg.viz.network import MeetingNetwork, meeting_network, network_from_rows, render_html, write_network
from kg.viz.timeline import category_iri, figure_timeline, write_timeline

pytest.importorskip("matplotlib")
pytest.importorskip("networkx")

ID = "https://w3id.org/newskg/id/"
PUTIN, ASSAD, ERDOGAN = URIRef(ID + "person/putin"), URIRef(ID + "person/assad"), URIRef(ID + "person/erdogan")
RUSSIA, SYRIA, SOCHI = URIRef(ID + "country/russia"), URIRef(ID + "country/syria"), URIRef(ID + "city/sochi")
A1, A2, A3 = URIRef(ID + "article/a1"), URIRef(ID + "article/a2"), URIRef(ID + "article/a3")


def _article(g: URIRef, *, published: str | None, url: str | None, headline: str) -> list[tuple]:
    quads = [(g, RDF.type, SCHEMA.NewsArticle), (g, SCHEMA.headline, Literal(headline)),
             (g, NKG.sourceFile, Literal(g.rsplit("/", 1)[-1] + ".txt"))]
    if published:
        quads.append((g, SCHEMA.datePublished, Literal(published, datatype=namespace.XSD.date)))
    if url:
        quads.append((g, SCHEMA.url, Literal(url)))
    return quads


def _entity(node: URIRef, kind: URIRef, label: str, *aliases: str) -> list[tuple]:
    return [(node, RDF.type, kind), (node, RDFS.label, Literal(label, lang="en"))] + [
        (node, SKOS.altLabel, Literal(a, lang="en")) for a in aliases]


def _meeting(g: URIRef, n: int, actors: list[URIRef], *, kind: URIRef | None = None, place: URIRef | None = None,
             stamp: Literal | None = None, planned: bool = False) -> list[tuple]:
    m = URIRef(f"{g}#meeting-{n}")
    quads = [(m, RDF.type, NKG.Meeting), (m, PROV.wasDerivedFrom, g)] + [(m, SEM.hasActor, a) for a in actors]
    if kind is not None:
        quads.append((m, RDF.type, kind))
    if place is not None:
        quads.append((m, SEM.hasPlace, place))
    if stamp is not None:
        quads.append((m, SEM.hasTimeStamp, stamp))
    if planned:
        quads.append((m, NKG.status, NKG.Planned))
    return quads


def _figure(g: URIRef, n: int, value: int, text: str, *, category: URIRef = NKG.Killed, top: int | None = None,
            about: URIRef | None = None, approximate: bool = False) -> list[tuple]:
    f = URIRef(f"{g}#figure-{n}")
    quads = [(f, RDF.type, NKG.Figure), (f, NKG.counts, category), (f, SCHEMA.value, Literal(value)),
             (f, NKG.valueText, Literal(text)), (f, NKG.approximate, Literal(approximate)),
             (f, PROV.wasDerivedFrom, g)]
    if top is not None:
        quads.append((f, SCHEMA.maxValue, Literal(top)))
    if about is not None:
        quads.append((f, NKG.about, about))
    return quads


def small_graph() -> dict[URIRef, list[tuple]]:
    """Three articles: Varga and Solberg meet twice, Solberg calls Mensah, Russia and Norway meet; tolls disagree."""
    war = URIRef(f"{A1}#event-syrian-war")
    a1 = (_article(A1, published="2018-05-17", url="https://www.bbc.co.uk/news/a1", headline="Varga in Bergen")
          + _entity(PUTIN, SCHEMA.Person, "Ingrid Solberg", "Solberg")
          + _entity(ASSAD, SCHEMA.Person, "Tomas Varga", "Varga", "Mr Varga")
          + _entity(SOCHI, SCHEMA.City, "Bergen")
          + [(war, RDF.type, NKG.Event), (war, RDFS.label, Literal("border war"))]
          + _meeting(A1, 1, [ASSAD, PUTIN, SOCHI], kind=NKG.Visit, place=SOCHI,
                     stamp=Literal("2018-05-17", datatype=namespace.XSD.date))
          + _figure(A1, 1, 380000, "380,000", about=war, approximate=True)
          + _figure(A1, 2, 12, "12", category=NKG.Injured))
    a2 = (_article(A2, published="2018-06-02", url=None, headline="Solberg calls Mensah about Norway")
          + _entity(PUTIN, SCHEMA.Person, "Solberg") + _entity(ASSAD, SCHEMA.Person, "Varga")
          + _entity(ERDOGAN, SCHEMA.Person, "Kwame Mensah", "Mensah")
          + _entity(RUSSIA, SCHEMA.Country, "Russia") + _entity(SYRIA, SCHEMA.Country, "Norway")
          + _meeting(A2, 1, [PUTIN, ASSAD], stamp=Literal("2017-11", datatype=namespace.XSD.gYearMonth))
          + _meeting(A2, 2, [PUTIN, ERDOGAN], kind=NKG.PhoneCall, planned=True)
          + _meeting(A2, 3, [RUSSIA, SYRIA], kind=NKG.Summit, stamp=Literal("2018-06-01", datatype=namespace.XSD.date))
          + _figure(A2, 1, 3000, "between 3,000 and 5,000", top=5000)
          + _figure(A2, 2, 20, "20"))
    a3 = (_article(A3, published=None, url=None, headline="An undated report")
          + _figure(A3, 1, 500000, "half a million"))
    return {g: [(*t, g) for t in triples] for g, triples in ((A1, a1), (A2, a2), (A3, a3))}


@pytest.fixture
def store(memory_store):
    memory_store.replace_graphs(small_graph())
    return memory_store


def _by_label(network: MeetingNetwork) -> dict[str, object]:
    return {n.label: n for n in network.nodes}


# -- the network from queries ---------------------------------------------------------------------------------------

def test_network_nodes_are_people_and_countries_sized_by_meetings(store) -> None:
    network = meeting_network(store)
    nodes = _by_label(network)
    assert set(nodes) == {"Ingrid Solberg", "Tomas Varga", "Kwame Mensah", "Russia", "Norway"}
    assert "Bergen" not in nodes  # a city actor is not a node
    assert nodes["Ingrid Solberg"].meetings == 3 and nodes["Ingrid Solberg"].kind == "Person"
    assert nodes["Russia"].kind == "Country"
    weights = {frozenset((network.labels[e.source], network.labels[e.target])): e.weight for e in network.edges}
    assert weights == {frozenset({"Ingrid Solberg", "Tomas Varga"}): 2,
                       frozenset({"Ingrid Solberg", "Kwame Mensah"}): 1,
                       frozenset({"Russia", "Norway"}): 1}
    assert len(network.meetings) == 4


def test_network_keeps_the_name_used_most_and_describes_meetings(store) -> None:
    network = meeting_network(store)
    visit = next(m for m in network.meetings if m.kind == "Visit")
    assert visit.place == "Bergen" and visit.when == "2018-05-17" and visit.source == "Varga in Bergen"
    call = next(m for m in network.meetings if m.kind == "PhoneCall")
    assert call.status == "Planned" and call.when == "2018-06-02"  # undated: the article's date
    assert "Tomas Varga" in visit.describe(network.labels)


def test_network_around_one_entity_by_alias_any_case(store) -> None:
    network = meeting_network(store, entity="mr varga")
    assert set(_by_label(network)) == {"Ingrid Solberg", "Tomas Varga"}
    assert meeting_network(store, entity="Nobody").nodes == ()


def test_network_since_compares_at_the_precision_of_the_date(store) -> None:
    labels = {n.label for n in meeting_network(store, since=dt.date(2018, 6, 1)).nodes}
    assert labels == {"Solberg", "Kwame Mensah", "Russia", "Norway"}  # as named in the articles kept
    # "2017-11" overlaps November 2017, so it is kept from 2017-11-20 on
    since_nov = meeting_network(store, since=dt.date(2017, 11, 20))
    assert len(since_nov.meetings) == 4
    assert len(meeting_network(store, since=dt.date(2017, 12, 1)).meetings) == 3


def test_empty_store_gives_an_empty_network(memory_store, tmp_path) -> None:
    network = meeting_network(memory_store)
    assert network.nodes == () and network.edges == ()
    page = write_network(network, tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "No meetings found" in page
    assert _png_size(write_network(network, tmp_path / "empty.png")) == (1200, 900)


# -- HTML ------------------------------------------------------------------------------------------------------------

def _page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match[1])


def test_html_is_self_contained_and_carries_the_network(store, tmp_path) -> None:
    page = write_network(meeting_network(store), tmp_path / "n.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing loaded from elsewhere
    assert "default-src 'none'" in page
    data = _page_data(page)
    assert {n["label"] for n in data["nodes"]} >= {"Ingrid Solberg", "Russia"}
    assert all(0 <= n["x"] <= 1 and 0 <= n["y"] <= 1 for n in data["nodes"])
    assert max(e["weight"] for e in data["edges"]) == 2


def test_html_cannot_be_broken_by_names(tmp_path) -> None:
    evil = "</script><script>alert(1)</script> & {{DATA}}"
    rows = [{"meeting": URIRef("urn:m1"), "actor": URIRef("urn:a"), "actorLabel": Literal(evil),
             "actorType": Literal("Person"), "kind": Literal("Meeting"), "article": URIRef("urn:g"),
             "source": Literal("s")},
            {"meeting": URIRef("urn:m1"), "actor": URIRef("urn:b"), "actorLabel": Literal("B"),
             "actorType": Literal("Country"), "kind": Literal("Meeting"), "article": URIRef("urn:g"),
             "source": Literal("s")}]
    page = render_html(network_from_rows(rows), title="<b>{{TITLE}}</b>")
    assert page.count("</script>") == 2  # the data block and the page script, nothing injected
    assert "<title>&lt;b&gt;{{TITLE}}&lt;/b&gt;</title>" in page
    assert {n["label"] for n in _page_data(page)["nodes"]} == {evil, "B"}


CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (CI installs it with .ci/setup.d/chromium.sh)")


def open_in_chromium(page: Path, profile: Path) -> tuple[str, list[str]]:
    """Load ``page`` in headless Chromium: the DOM after its scripts ran, and every console message."""
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
               "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
               "--virtual-time-budget=2000", "--window-size=1280,900", "--dump-dom", page.resolve().as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "HOME": str(profile)})
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return done.stdout, console


def _shown_nodes(dom: str) -> list[str]:
    """Labels of the drawn nodes: ``<g class="node" ...><circle/><text>label</text>``."""
    import html

    return [html.unescape(m) for m in re.findall(r'<g class="node[^"]*"[^>]*>\s*<circle[^>]*>(?:</circle>)?\s*'
                                                  r"<text[^>]*>(.*?)</text>", dom, re.S)]


@needs_chromium
def test_html_page_runs_in_chromium_without_errors_and_shows_the_nodes(store, tmp_path) -> None:
    network = meeting_network(store)
    page = write_network(network, tmp_path / "network.html")
    dom, console = open_in_chromium(page, tmp_path / "profile")
    assert console == []
    assert 'data-ready="true"' in dom and "data-error" not in dom
    assert sorted(_shown_nodes(dom)) == sorted(n.label for n in network.nodes)
    assert dom.count('class="edge"') == len(network.edges)


@needs_chromium
def test_html_page_of_the_bundled_article_in_chromium(extractor, memory_store, tmp_path) -> None:
    from conftest import SAMPLE

    from kg.rdf.mapping import extraction_quads
    from kg.read import read_paths
    from kg.settings import Settings
    from kg.store.base import quads_by_graph

    articles = list(read_paths([SAMPLE]))
    quads = [q for x in extractor.extract_many(articles) for q in extraction_quads(x, Settings().base_iri)]
    memory_store.replace_graphs(quads_by_graph(quads))
    network = meeting_network(memory_store)
    page = write_network(network, tmp_path / "network.html")
    dom, console = open_in_chromium(page, tmp_path / "profile")
    assert console == []
    assert 'data-ready="true"' in dom
    shown = _shown_nodes(dom)
    assert sorted(shown) == sorted(n.label for n in network.nodes)
    # the sample reports Assad's visit to Putin in Sochi
    assert any("Assad" in label for label in shown) and any("Putin" in label for label in shown)


# -- PNG / SVG -------------------------------------------------------------------------------------------------------

def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_is_a_valid_image_of_the_requested_size(store, tmp_path) -> None:
    network = meeting_network(store)
    assert _png_size(write_network(network, tmp_path / "n.png")) == (1200, 900)
    assert _png_size(write_network(network, tmp_path / "small.png", width=640, height=480)) == (640, 480)


def test_svg_names_the_nodes(store, tmp_path) -> None:
    svg = write_network(meeting_network(store), tmp_path / "n.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg


def test_unknown_extension_is_refused(store, tmp_path) -> None:
    with pytest.raises(ValueError, match=r"\.html, \.png or \.svg"):
        write_network(meeting_network(store), tmp_path / "n.gif")


# -- timeline --------------------------------------------------------------------------------------------------------

def test_timeline_one_point_per_dated_article_with_its_source(store) -> None:
    timeline = figure_timeline(store, category="killed")
    assert [(p.published, p.source, p.value) for p in timeline.points] == [
        (dt.date(2018, 5, 17), "bbc.co.uk", 380000.0),
        (dt.date(2018, 6, 2), "Solberg calls Mensah about Norway", 3000.0)]
    second = timeline.points[1]
    assert second.max_value == 5000.0 and second.figures == 2 and not second.approximate
    assert timeline.points[0].approximate and timeline.points[0].about == "border war"
    assert timeline.undated == ("An undated report",)


def test_timeline_about_and_other_categories(store) -> None:
    assert [p.value for p in figure_timeline(store, category="killed", about="border").points] == [380000.0]
    assert [p.value for p in figure_timeline(store, category="Injured").points] == [12.0]
    with pytest.raises(ValueError, match="unknown figure category"):
        category_iri("casualties")


def test_timeline_png_size(store, tmp_path) -> None:
    out = write_timeline(figure_timeline(store, category="killed"), tmp_path / "t.png", width=900, height=500)
    assert _png_size(out) == (900, 500)
    empty = write_timeline(figure_timeline(store, category="missing"), tmp_path / "e.png")
    assert _png_size(empty) == (1200, 700)


# -- the CLI ---------------------------------------------------------------------------------------------------------

def test_cli_graph_and_timeline_on_a_store_directory(tmp_path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.store import open_store

    directory = tmp_path / "store"
    disk = open_store(directory)
    disk.replace_graphs(small_graph())
    disk.close()
    runner = CliRunner()
    result = runner.invoke(app, ["graph", "--store", str(directory), "--entity", "Solberg",
                                 "-o", str(tmp_path / "p.png")])
    assert result.exit_code == 0, result.output
    assert _png_size(tmp_path / "p.png") == (1200, 900)
    result = runner.invoke(app, ["graph", "--store", str(directory), "--since", "yesterday", "-o", "x.html"])
    assert result.exit_code == 1 and "not a date" in result.output
    result = runner.invoke(app, ["timeline", "--store", str(directory), "--category", "killed",
                                 "-o", str(tmp_path / "t.png")])
    assert result.exit_code == 0, result.output
    assert "1 undated" in result.output


# -- JSON-LD @context ------------------------------------------------------------------------------------------------

def test_json_ld_uses_readable_keys_and_round_trips(tmp_path) -> None:
    import io

    from rdflib import Dataset
    from rdflib.compare import isomorphic

    from kg.rdf.serialize import write_quads

    quads = [q for graph in small_graph().values() for q in graph]
    buffer = io.StringIO()
    write_quads(quads, buffer, "json-ld")
    doc = json.loads(buffer.getvalue())
    assert doc["@context"]["label"]["@id"] == str(RDFS.label)
    text = buffer.getvalue()
    for key in ('"hasActor"', '"counts": "Killed"', '"datePublished": "2018-05-17"', '"type": "Meeting"',
                '"label": "Ingrid Solberg"', '"value": 380000', '"status": "Planned"'):
        assert key in text, key
    parsed = Dataset()
    parsed.parse(data=text, format="json-ld")
    expected = Dataset()
    for s, p, o, g in quads:
        expected.add((s, p, o, g))
    for graph in (A1, A2, A3):
        assert isomorphic(parsed.graph(graph), expected.graph(graph)), graph


def test_missing_drawing_library_says_how_to_install() -> None:
    from kg.viz.deps import require

    with pytest.raises(ImportError, match=r"pip install 'newskg\[viz\]'"):
        require("no_such_drawing_library")


@needs_chromium
def test_the_chromium_check_does_catch_script_errors(tmp_path) -> None:
    """The harness itself: a page that throws is reported, so a clean result above means something."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>",
                    encoding="utf-8")
    _, console = open_in_chromium(page, tmp_path / "profile")
    assert any("undefinedFunction" in line for line in console)


@needs_chromium
def test_clicking_a_name_and_a_line_lists_their_meetings(store, tmp_path) -> None:
    page = write_network(meeting_network(store), tmp_path / "network.html")
    clicks = """<script>
      var putin = document.querySelector('g.node[data-id="PUTIN_IRI"]');
      var box = putin.getBoundingClientRect(), at = {bubbles: true, pointerId: 1,
        clientX: box.left + 5, clientY: box.top + 5};
      putin.dispatchEvent(new PointerEvent("pointerdown", at));
      document.getElementById("chart").dispatchEvent(new PointerEvent("pointerup", at));
      document.body.dataset.nodeDetails = document.getElementById("details").textContent;
      document.querySelector("line.edge").dispatchEvent(new MouseEvent("click", {bubbles: true}));
      document.body.dataset.edgeDetails = document.getElementById("details").textContent;
    </script></body>""".replace("PUTIN_IRI", str(PUTIN))
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", clicks), encoding="utf-8")
    dom, console = open_in_chromium(page, tmp_path / "profile")
    assert console == []
    node_details = re.search(r'data-node-details="([^"]*)"', dom)
    edge_details = re.search(r'data-edge-details="([^"]*)"', dom)
    assert node_details and edge_details, dom[:500]
    assert node_details[1].startswith("Ingrid Solberg") and "visit in Bergen" in node_details[1]
    assert node_details[1].count("[") == 3  # Solberg's three meetings, each with its source
    assert " and " in edge_details[1]

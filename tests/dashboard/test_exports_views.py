"""Exports analysts open without fixes (XLSX, GraphML, file names) and views that read well: types
as words, bar charts as tall as their bars, tables that lead with the sentence and hide ids."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import date

import pandas as pd
import pytest
from app_runner import open_app

import data_access
from components import export, table
from components.plain import bar_height, type_label, type_labels
from data_access import Filters

SHEET_NS = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
ROW = f"{{{SHEET_NS['s']}}}row"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
HOSTILE_FORMULA = '=HYPERLINK("http://evil.example","click")'  # the title of d4 in conftest


def read_xlsx(payload: bytes) -> dict[str, list[list[str | None]]]:
    """Sheet name -> rows of cell texts, read from the workbook's XML (openpyxl is not installed);
    fails if any cell holds a formula."""
    with zipfile.ZipFile(io.BytesIO(payload)) as book:
        strings = [
            "".join(t.text or "" for t in si.iter(f"{{{SHEET_NS['s']}}}t"))
            for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall("s:si", SHEET_NS)
        ]
        names = [s.get("name") for s in ET.fromstring(book.read("xl/workbook.xml")).iter(f"{{{SHEET_NS['s']}}}sheet")]
        sheets = {}
        for n, name in enumerate(names, start=1):
            root = ET.fromstring(book.read(f"xl/worksheets/sheet{n}.xml"))
            assert root.find(".//s:f", SHEET_NS) is None, f"a formula in sheet {name}"
            sheets[name] = [[_cell(c, strings) for c in row.findall("s:c", SHEET_NS)] for row in root.iter(ROW)]
    return sheets


def _cell(cell: ET.Element, strings: list[str]) -> str | None:
    value = cell.find("s:v", SHEET_NS)
    if value is None:
        return None
    return strings[int(value.text)] if cell.get("t") == "s" else value.text


def sheet_table(rows: list[list[str | None]]) -> list[dict[str, str | None]]:
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


@pytest.mark.parametrize(
    ("table_name", "view", "filters", "expected"),
    [
        (
            "mentions",
            "overview",
            Filters(actor_types=("armed_group",), date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)),
            "mentions_overview_2024-01-01_2024-12-31_armed-group.csv",
        ),
        ("quotes", "quotes", Filters(), "quotes.csv"),
        ("filtered_tables", None, Filters(outlets=("Gamma Wire",)), "filtered_tables_gamma-wire.csv"),
        ("event_places", "map", Filters(event_types=("air_drone_strike",)), "event_places_map_air-drone-strike.csv"),
        ("events", "events", Filters(date_from=date(2019, 3, 1)), "events_2019-03-01_end.csv"),
        (
            "mentions",
            "overview",
            Filters(
                actors=("kataib-hezbollah",),
                outlets=("Al Jazeera — English",),
                text="Kata’ib OR =cmd",
                one_per_story=True,
            ),
            "mentions_overview_kataib-hezbollah_al-jazeera-english_q-kataib-or-cmd_once.csv",
        ),
    ],
)
def test_exports_file_name_carries_view_and_filters(table_name, view, filters, expected) -> None:
    assert export.file_name(table_name, view=view, filters=filters, extension="csv") == expected


def test_exports_file_name_names_a_non_latin_value_by_its_hash() -> None:
    first = export.file_name("quotes", view="quotes", filters=Filters(outlets=("الجزيرة",)), extension="csv")
    second = export.file_name("quotes", view="quotes", filters=Filters(outlets=("العربية",)), extension="csv")
    assert re.fullmatch(r"quotes_[0-9a-f]{8}\.csv", first) and first != second


def test_exports_file_name_is_cut_with_a_hash() -> None:
    many = Filters(outlets=tuple(f"Outlet number {n} of the wire" for n in range(20)))
    fewer = Filters(outlets=tuple(f"Outlet number {n} of the wire" for n in range(19)))
    name = export.file_name("mentions", view="overview", filters=many, extension="csv")
    assert len(name) <= export.FILE_STEM_CHARS + len(".csv")
    assert re.fullmatch(r"mentions_overview_[a-z0-9_-]+-[0-9a-f]{8}\.csv", name)
    assert name != export.file_name("mentions", view="overview", filters=fewer, extension="csv")


def test_exports_sheet_names_fit_excel() -> None:
    names = export.sheet_names(["a" * 40, "a" * 41, "about", "x[1]:y/z?"])
    assert all(len(name) <= 31 for name in names.values())
    assert len({name.lower() for name in names.values()} | {"about"}) == 5
    assert names["x[1]:y/z?"] == "x_1__y_z_"


def test_exports_xlsx_holds_every_filtered_table_with_inert_cells(tables) -> None:
    view = data_access.select_view(tables, Filters(outlets=("Gamma Wire",)))
    frames = data_access.select_export_tables(view)
    sheets = read_xlsx(export.to_xlsx_bytes(frames))
    assert list(sheets) == ["about", *frames]
    mentions = sheet_table(sheets["mentions"])
    assert [row["mention_id"] for row in mentions] == view.mentions["mention_id"].tolist()  # ids in the export
    assert {row["title"] for row in mentions} == {"'" + HOSTILE_FORMULA + " militia posts"}
    quotes = sheet_table(read_xlsx(export.to_xlsx_bytes({"quotes": tables.quotes}))["quotes"])
    assert "'=cmd|' /C calc'!A0 aggression" in {row["quote"] for row in quotes}
    about = sheet_table(sheets["about"])
    assert {row["table"]: int(row["rows"]) for row in about}["mentions"] == len(view.mentions)


def test_exports_xlsx_keeps_numbers_and_neutralises_every_trigger() -> None:
    frame = pd.DataFrame(
        {
            "text": pd.Series(["=1+1", "+1", "-1", "@SUM(A1)", "plain"], dtype="string"),
            "lon": [-97.0, 41.1, -1.5, 0.0, 2.0],
            "aliases": [["=evil"], [], None, ["a"], ["b"]],
        }
    )
    rows = sheet_table(read_xlsx(export.to_xlsx_bytes({"cells": frame}))["cells"])
    assert [row["text"] for row in rows] == ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "plain"]
    assert [float(row["lon"]) for row in rows] == [-97.0, 41.1, -1.5, 0.0, 2.0]
    assert rows[0]["aliases"] == "'=evil"


def test_exports_xlsx_stays_within_excel_limits(monkeypatch) -> None:
    monkeypatch.setattr(export, "SHEET_ROWS", 2)
    frame = pd.DataFrame({"text": pd.Series(["x" * 40_000, "b", "c"], dtype="string")})
    sheets = read_xlsx(export.to_xlsx_bytes({"a_table_name_longer_than_excel_allows": frame}))
    name = "a_table_name_longer_than_excel_"
    assert list(sheets) == ["about", name]
    rows = sheet_table(sheets[name])
    assert len(rows) == 2 and len(rows[0]["text"]) == export.CELL_CHARS and rows[0]["text"].endswith(export.CUT_MARK)
    assert sheet_table(sheets["about"])[0]["note"] == "first 2 rows"


def test_exports_graphml_round_trips_nodes_and_weights(tables) -> None:
    view = data_access.select_view(tables, Filters())
    edges, actors = view.edges(), tables.catalogue.actors
    root = ET.fromstring(export.to_graphml_bytes(edges, actors))
    keys = {key.get("id"): key.get("attr.name") for key in root.iter(f"{GRAPHML}key")}
    assert set(keys.values()) == {"name", "type", "mentions", "weight"}
    nodes = {
        node.get("id"): {data.get("key"): data.text for data in node.iter(f"{GRAPHML}data")}
        for node in root.iter(f"{GRAPHML}node")
    }
    assert set(nodes) == set(edges["source"]) | set(edges["target"])
    assert nodes["kataib-hezbollah"] == {"name": "Kata'ib Hezbollah", "type": "armed_group", "mentions": "4"}
    weights = {
        (edge.get("source"), edge.get("target")): int(edge.find(f"{GRAPHML}data").text)
        for edge in root.iter(f"{GRAPHML}edge")
    }
    assert weights == {(s, t): w for s, t, w in edges[["source", "target", "weight"]].itertuples(index=False)}


def test_exports_graphml_escapes_hostile_names() -> None:
    edges = pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [2]})
    actors = pd.DataFrame(
        {
            "actor_id": ["a", "b"],
            "name": ['<img src=x onerror=alert(1)> & "co"\x01', "]]> <!-- -->"],
            "type": ["armed_group", None],
            "n_mentions": [3, 1],
        }
    )
    payload = export.to_graphml_bytes(edges, actors)
    assert b"<img" not in payload
    names = [d.text for d in ET.fromstring(payload).iter(f"{GRAPHML}data") if d.get("key") == "name"]
    assert names == ['<img src=x onerror=alert(1)> & "co"', "]]> <!-- -->"]


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("armed_group", "armed group"),
        ("security_force", "security force"),
        ("international_org", "international organisation"),
        ("state", "state"),
        ("explosion_remote_violence", "explosion remote violence"),
    ],
)
def test_plain_type_label_reads_as_words(code: str, label: str) -> None:
    assert type_label(code) == label


def test_plain_type_labels_keep_nulls() -> None:
    labels = type_labels(pd.Series(["armed_group", None, "armed_group"], dtype="string"))
    assert labels.iloc[0] == labels.iloc[2] == "armed group" and pd.isna(labels.iloc[1])


@pytest.mark.parametrize(("bars", "height"), [(0, 300), (1, 300), (15, 580), (1_000, 900)])
def test_plain_bar_height_grows_with_bars_within_bounds(bars: int, height: int) -> None:
    assert bar_height(bars) == height


def test_table_visible_columns_lead_with_the_sentence_and_hide_ids() -> None:
    columns = list(data_access.MENTION_COLUMNS)
    shown = table.visible_columns(columns)
    assert shown[:4] == ["sentence", "name", "outlet", "published"]
    assert not {"mention_id", "doc_id", "actor_id", "sent_id", "start", "end"} & set(shown)
    assert set(table.visible_columns(columns, show_ids=True)) == set(columns)


def chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_app_overview_chart_of_one_actor_keeps_its_height(data_dir) -> None:
    at = open_app(actor="pmf")
    top = chart_specs(at)[0]
    assert top["layout"]["height"] >= 300
    assert [trace["y"] for trace in top["data"]] == [["Popular Mobilization Forces"]] * len(top["data"])


def test_app_types_read_as_words_in_charts_and_filters(data_dir) -> None:
    at = open_app()
    assert "armed group" in chart_specs(at)[1]["data"][0]["x"]
    assert "security force" in at.sidebar.multiselect(key="filters_types").options
    assert any("· armed group ·" in option for option in at.sidebar.multiselect(key="filters_actors").options)
    at.sidebar.multiselect(key="filters_types").set_value(["armed_group"]).run()
    assert at.query_params["type"] == "armed_group"  # the link keeps the code
    network = open_app("network")
    assert "armed group" in {trace.get("name") for trace in chart_specs(network)[0]["data"]}


def test_app_mentions_table_leads_with_sentence_and_hides_ids(data_dir) -> None:
    at = open_app()
    frame = at.dataframe[0]
    order = list(frame.proto.column_order)
    assert order[:4] == ["sentence", "name", "outlet", "published"]
    assert "mention_id" not in order and "doc_id" not in order
    assert "armed group" in set(frame.value["type"])
    at.toggle(key="overview_mentions_ids").set_value(True).run()
    assert {"mention_id", "doc_id"} <= set(at.dataframe[0].proto.column_order)


def test_app_sidebar_offers_zip_and_excel_and_network_graphml(data_dir) -> None:
    labels = [button.proto.label for button in open_app().get("download_button")]
    assert {"Download all filtered tables (ZIP)", "Download all filtered tables (Excel)"} <= set(labels)
    network = open_app("network")
    assert "Download network (GraphML)" in [button.proto.label for button in network.get("download_button")]


def test_app_charts_keep_plotlys_download_button(data_dir) -> None:
    for page in ("overview", "network", "events", "timeline"):
        for chart in open_app(page).get("plotly_chart"):
            config = json.loads(chart.proto.config or "{}")
            assert config.get("displayModeBar", True) is not False
            assert "toImage" not in config.get("modeBarButtonsToRemove", [])

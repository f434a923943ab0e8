"""Downloads of exactly the rows a view shows, safe to open in a spreadsheet: CSV, a ZIP of CSVs, one
XLSX workbook of every filtered table, and the network as GraphML; file names say the view and filters."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from data_access import Filters

# OWASP "CSV Injection": a cell starting with one of these is read as a formula by spreadsheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_MIME = "text/csv"
ZIP_MIME = "application/zip"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GRAPHML_MIME = "application/graphml+xml"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# Excel's limits: sheet names of 31 characters without []:*?/\, 1,048,576 rows, 32,767 characters a cell.
SHEET_NAME_CHARS = 31
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_ROWS = 1_048_575  # one row is the header
CELL_CHARS = 32_767
CUT_MARK = " [cut at Excel's cell limit; the CSV holds it whole]"
# XML 1.0 forbids most control characters even escaped; ElementTree would write them and break the file.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FILE_STEM_CHARS = 120  # a file name of the view and its filters stays short enough for every file system
HASH_CHARS = 8


def neutralise_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix a single quote to every text cell a spreadsheet would run as a formula.

    Numeric, boolean and date columns are left alone (a negative longitude is a number, not a
    formula); list cells are joined with "; " first so they are neutralised too.
    """
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        out[column] = _neutralise_text(series)
    return out


def _neutralise_text(series: pd.Series) -> pd.Series:
    """Text cells of one column made inert; non-text cells (dates, None) pass through.

    String columns take the vectorised path; only object columns (lists, mixed cells) are mapped.
    """
    if not isinstance(series.dtype, pd.StringDtype):
        series = series.map(_cell_text).astype("string")
    risky = series.str.startswith(FORMULA_TRIGGERS).fillna(False).astype(bool)
    return series.where(~risky, "'" + series)


def _cell_text(cell: object) -> object:
    if isinstance(cell, (list, tuple)):
        return "; ".join(map(str, cell))
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return None
    return str(cell)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of `frame` with formula cells neutralised and no index column, opened by a byte
    order mark: without it Excel reads the file as the local code page ("Kata’ib" garbled)."""
    return neutralise_cells(frame).to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8-sig")


def to_zip_bytes(frames: Mapping[str, pd.DataFrame]) -> bytes:
    """One ZIP holding `<name>.csv` for every frame, each made by `to_csv_bytes`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(f"{name}.csv", to_csv_bytes(frame))
    return buffer.getvalue()


def to_xlsx_bytes(frames: Mapping[str, pd.DataFrame]) -> bytes:
    """One XLSX workbook with a sheet per frame (name cut to Excel's 31 characters), its cells made
    inert by `neutralise_cells` as in the CSV; xlsxwriter is also told never to turn a string into a
    formula or a link. Excel's limits are kept: a table of more rows than a sheet holds is cut (the
    first sheet, "about", says which), a cell of more than 32,767 characters is cut and says so."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with pd.ExcelWriter(
        buffer,
        engine="xlsxwriter",
        date_format="yyyy-mm-dd",
        datetime_format="yyyy-mm-dd hh:mm:ss",
        engine_kwargs={"options": options},
    ) as writer:
        names = sheet_names(list(frames))
        about = pd.DataFrame({"sheet": list(names.values()), "table": list(names)})
        about["rows"] = [len(frame) for frame in frames.values()]
        about["note"] = ["" if len(frame) <= SHEET_ROWS else f"first {SHEET_ROWS:,} rows" for frame in frames.values()]
        about.to_excel(writer, sheet_name="about", index=False)
        for name, frame in frames.items():
            _sheet_frame(frame).to_excel(writer, sheet_name=names[name], index=False)
    return buffer.getvalue()


def sheet_names(tables: list[str]) -> dict[str, str]:
    """table name -> a distinct sheet name Excel accepts (31 characters, none of []:*?/\\, not 'about')."""
    names: dict[str, str] = {}
    taken = {"about"}
    for table in tables:
        base = SHEET_NAME_FORBIDDEN.sub("_", table).strip("'")[:SHEET_NAME_CHARS] or "table"
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base[: SHEET_NAME_CHARS - len(str(n)) - 1]}~{n}"
        taken.add(name.lower())
        names[table] = name
    return names


def _sheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` as a sheet holds it: rows and cells within Excel's limits, cells inert, times without zone."""
    out = neutralise_cells(frame.head(SHEET_ROWS))
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            out[column] = series.dt.tz_localize(None)
        elif isinstance(series.dtype, pd.StringDtype):
            long = series.str.len().fillna(0) > CELL_CHARS
            if long.any():
                out[column] = series.where(~long, series.str.slice(0, CELL_CHARS - len(CUT_MARK)) + CUT_MARK)
    return out


def to_graphml_bytes(edges: pd.DataFrame, actors: pd.DataFrame) -> bytes:
    """The co-mention network as GraphML (undirected), for Gephi, yEd or networkx.

    edges (DataFrame): source, target (actor ids), weight (sentences shared).
    actors (DataFrame): actor_id, name, type, n_mentions; the actors of the edges become the nodes,
        with their name, type and mentions. Text is escaped by ElementTree; characters XML forbids
        (control characters) are dropped.
    """
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    keys = (("name", "node", "string"), ("type", "node", "string"), ("mentions", "node", "long"))
    for name, kind, typ in (*keys, ("weight", "edge", "long")):
        ET.SubElement(root, f"{{{GRAPHML_NS}}}key", {"id": name, "for": kind, "attr.name": name, "attr.type": typ})
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", {"id": "co_mentions", "edgedefault": "undirected"})
    ids = set(edges["source"]) | set(edges["target"])
    nodes = actors[actors["actor_id"].isin(ids)].sort_values("actor_id")
    for actor_id, name, kind, mentions in nodes[["actor_id", "name", "type", "n_mentions"]].itertuples(index=False):
        node = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": _xml_text(actor_id)})
        _data(node, "name", name)
        _data(node, "type", kind)
        _data(node, "mentions", mentions)
    for source, target, weight in edges[["source", "target", "weight"]].itertuples(index=False):
        edge = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", {"source": _xml_text(source), "target": _xml_text(target)})
        _data(edge, "weight", weight)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _data(parent: ET.Element, key: str, value: object) -> None:
    """A <data key=...> child holding `value` (nothing for a null, so readers see it missing)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return
    ET.SubElement(parent, f"{{{GRAPHML_NS}}}data", {"key": key}).text = _xml_text(value)


def _xml_text(value: object) -> str:
    return XML_FORBIDDEN.sub("", str(value))


def file_name(table: str, *, view: str | None, filters: Filters, extension: str) -> str:
    """A download's file name saying what it holds: the table, the view (unless None or the table's
    own name), then the filters, each slugged ("mentions_overview_2024-01-01_2024-12-31_armed-group.csv");
    a name over FILE_STEM_CHARS is cut and ends in a hash of the whole, so two selections never share one."""
    parts = [piece for name in dict.fromkeys([table, view or table]) for piece in name.split("_")]
    if filters.date_from or filters.date_to:
        parts += [f"{filters.date_from or 'start'}", f"{filters.date_to or 'end'}"]
    parts += [*filters.actors, *filters.actor_types, *filters.outlets, *filters.event_types]
    parts += [f"q-{filters.text}"] * bool(filters.text) + ["once"] * filters.one_per_story
    parts += ["no-media"] * filters.hide_media
    # A value with no ASCII letter (an outlet written in Arabic) is named by its hash, so it still counts.
    stem = "_".join(slugify(part) or _digest(part) for part in parts if str(part).strip())
    if len(stem) > FILE_STEM_CHARS:
        stem = stem[: FILE_STEM_CHARS - HASH_CHARS - 1].rstrip("-_") + "-" + _digest(stem)
    return f"{stem}.{extension}"


def _digest(text: object) -> str:
    return hashlib.sha1(str(text).encode("utf-8"), usedforsecurity=False).hexdigest()[:HASH_CHARS]


def slugify(text: object) -> str:
    """Lower-case ASCII letters, digits and single hyphens: 'Kata’ib Hezbollah' -> 'kataib-hezbollah'."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.replace("'", "")).strip("-")


def render(
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    *,
    key_prefix: str,
    filename: str,
    label: str = "Download CSV",
    n_rows: int | None = None,
) -> None:
    """A download button for the CSV of `frame`, labelled with its row count.

    The bytes are made only on click (deferred `data`), so large views do not pay on every rerun;
    `frame` may itself be a function making the frame then, with `n_rows` saying how long it is.
    """
    rows = len(frame) if n_rows is None else n_rows
    st.download_button(
        f"{label} ({rows:,} rows)",
        data=lambda: to_csv_bytes(frame() if callable(frame) else frame),
        file_name=filename,
        mime=CSV_MIME,
        on_click="ignore",
        key=f"{key_prefix}_csv",
        disabled=not rows,
    )


def render_tables(frames: Callable[[], Mapping[str, pd.DataFrame]], *, key_prefix: str, filters: Filters) -> None:
    """Download buttons for all filtered tables, a ZIP of CSVs and one XLSX workbook, each made (by
    `frames()`) only on click and named after the filters."""
    st.download_button(
        "Download all filtered tables (ZIP)",
        data=lambda: to_zip_bytes(frames()),
        file_name=file_name("filtered_tables", view=None, filters=filters, extension="zip"),
        mime=ZIP_MIME,
        on_click="ignore",
        key=f"{key_prefix}_zip",
    )
    st.download_button(
        "Download all filtered tables (Excel)",
        data=lambda: to_xlsx_bytes(frames()),
        file_name=file_name("filtered_tables", view=None, filters=filters, extension="xlsx"),
        mime=XLSX_MIME,
        on_click="ignore",
        key=f"{key_prefix}_xlsx",
    )


def render_graphml(edges: pd.DataFrame, actors: pd.DataFrame, *, key_prefix: str, filename: str) -> None:
    """A download button for the GraphML of the network shown (`to_graphml_bytes`), made on click."""
    st.download_button(
        "Download network (GraphML)",
        data=lambda: to_graphml_bytes(edges, actors),
        file_name=filename,
        mime=GRAPHML_MIME,
        on_click="ignore",
        key=f"{key_prefix}_graphml",
        disabled=edges.empty,
    )

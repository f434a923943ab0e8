"""Guard: no text from data reaches a Streamlit element that renders Markdown without being escaped.

st.info, st.caption, st.subheader, widget labels, help tooltips, metric values, status and progress
texts all read Markdown, where `[sign in](http://…)` is a live link and `![x](http://…)` an image
the browser fetches. The scan reads the source of the dashboard and its components and checks each
such argument: it must be built from literals, numbers formatted as numbers, module constants,
`plain(...)` / `code(...)` (components/plain.py), or helpers whose every return value passes the same
check. A few builders that escape inside (tested by their own tests) and values known to be
literals are listed below with the reason. Anything else (an f-string holding `{outlet}`, a bare
`str(error)`) fails with the file, line and source of the argument.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = sorted([ROOT / "dashboard.py", *(ROOT / "components").glob("*.py"), *(ROOT / "data_access").glob("*.py")])

# Elements whose first argument is Markdown.
BODY = {"markdown", "write", "caption", "info", "warning", "error", "success", "subheader", "header", "title", "toast"}
# Elements and widgets whose label (first argument) is Markdown.
LABELLED = {
    "expander", "status", "popover", "metric", "button", "download_button", "link_button", "checkbox", "toggle",
    "radio", "selectbox", "multiselect", "slider", "select_slider", "text_input", "text_area", "number_input",
    "date_input", "time_input", "file_uploader", "color_picker", "page_link", "pills", "segmented_control",
}  # fmt: skip
# Keyword arguments read as Markdown on those calls (st.Page's title is its navigation label).
KEYWORDS = {"body", "label", "title"}
# Widgets whose options are shown as Markdown (selectbox and multiselect options are plain text).
MARKDOWN_OPTIONS = {"radio", "pills", "segmented_control"}
# Functions that escape their arguments, or return nothing taken from data.
ESCAPERS = {"plain", "code", "len", "int", "float"}
# Builders that escape inside; each one's escaping is tested where it is defined.
BUILDERS = {
    "describe_filters": "components/empty.py: each outlet, type and search is plain() (test_markdown_escaping)",
    "skipped_files_message": "components/problems.py: file names and reasons as code spans",
    "summarise_problems": "components/problems.py: severities are plain()",
    "summarise": "components/overview.py: numbers and dates formatted as such",
}
# (file, name) of parameters and loop variables that hold only literals.
LITERAL_NAMES = {
    ("empty.py", "what"): "callers pass a literal: 'events', 'quotes', 'articles', ...",
    ("export.py", "label"): "callers pass a literal button label",
    ("overview.py", "label"): "a key of summarise(): 'Documents', 'Actors', ...",
    ("overview.py", "value"): "a value of summarise(): counts and dates",
    ("curation.py", "label"): "_pick_actor and _pick_type are called with a literal label",
    ("timeline.py", "resolution"): "a key of RESOLUTIONS, picked by a radio",
    ("dashboard.py", "title"): "a title of the VIEWS constant",
}


class _Module:
    """One source file: its module-level literal constants and its function definitions."""

    def __init__(self, name: str, source: str) -> None:
        self.name = name
        self.tree = ast.parse(source, filename=name)
        self.constants = {
            target.id
            for node in self.tree.body
            if isinstance(node, ast.Assign) and _literal(node.value)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        self.functions = {
            node.name: node for node in ast.walk(self.tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        self.parents = {child: node for node in ast.walk(self.tree) for child in ast.iter_child_nodes(node)}

    def enclosing(self, node: ast.AST) -> ast.AST | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                return node
        return None


def _literal(node: ast.AST) -> bool:
    """A literal made of literals: 'a', 3, ("a", "b"), {"k": "v"}, ..."""
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


class _Checker:
    def __init__(self, module: _Module) -> None:
        self.module = module
        self.seen: set[int] = set()

    def safe(self, node: ast.AST, where: ast.AST) -> bool:
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self._safe_part(part, where) for part in node.values)
        if isinstance(node, ast.BinOp):
            return self.safe(node.left, where) and self.safe(node.right, where)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body, where) and self.safe(node.orelse, where)
        if isinstance(node, ast.BoolOp):
            return all(self.safe(value, where) for value in node.values)
        if isinstance(node, ast.List | ast.Tuple):
            return all(self.safe(element, where) for element in node.elts)
        if isinstance(node, ast.Subscript):  # CONSTANT[key]
            return isinstance(node.value, ast.Name) and node.value.id in self.module.constants
        if isinstance(node, ast.Name):
            return self._safe_name(node, where)
        if isinstance(node, ast.Call):
            return self._safe_call(node, where)
        return False

    def _safe_part(self, part: ast.AST, where: ast.AST) -> bool:
        if not isinstance(part, ast.FormattedValue):
            return True
        spec = ast.unparse(part.format_spec) if part.format_spec else ""
        return any(mark in spec for mark in (",", "%", "d", "f")) or self.safe(part.value, where)

    def _safe_name(self, node: ast.Name, where: ast.AST) -> bool:
        if node.id in self.module.constants or (self.module.name, node.id) in LITERAL_NAMES:
            return True
        function = self.module.enclosing(where)
        if function is None:
            return False
        values = [
            assign.value
            for assign in ast.walk(function)
            if isinstance(assign, ast.Assign | ast.AnnAssign | ast.NamedExpr)
            and any(isinstance(t, ast.Name) and t.id == node.id for t in _targets(assign))
        ]
        return bool(values) and all(self.safe(value, where) for value in values if value is not None)

    def _safe_call(self, node: ast.Call, where: ast.AST) -> bool:
        func = node.func
        if isinstance(func, ast.Name):
            if func.id in ESCAPERS or func.id in BUILDERS:
                return True
            if func.id in ("map", "list", "sorted", "tuple") and node.args:  # map(plain, ...), list(CONSTANT)
                first = node.args[0]
                return (isinstance(first, ast.Name) and first.id in ESCAPERS) or self.safe(first, where)
            return self._safe_function(func.id)
        if isinstance(func, ast.Attribute):
            if func.attr == "get" and isinstance(func.value, ast.Name) and func.value.id in self.module.constants:
                return True
            if func.attr in ("join", "format") and self.safe(func.value, where):
                return all(self._safe_iterable(arg, where) for arg in node.args) and all(
                    self.safe(keyword.value, where) for keyword in node.keywords
                )
            if func.attr in ("upper", "lower", "strip", "capitalize"):
                return self.safe(func.value, where)
        return False

    def _safe_iterable(self, node: ast.AST, where: ast.AST) -> bool:
        if isinstance(node, ast.GeneratorExp | ast.ListComp):
            return self.safe(node.elt, node.elt)
        return self.safe(node, where)

    def _safe_function(self, name: str) -> bool:
        """A helper of this module whose every return value is safe."""
        function = self.module.functions.get(name)
        if function is None or id(function) in self.seen:
            return function is not None  # a recursive helper is judged by its other returns
        self.seen.add(id(function))
        returns = [node.value for node in ast.walk(function) if isinstance(node, ast.Return) and node.value]
        return bool(returns) and all(self.safe(value, value) for value in returns)


def _targets(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Assign):
        return [n for target in node.targets for n in ast.walk(target)]
    return [node.target]


def _markdown_arguments(call: ast.Call) -> list[ast.AST]:
    """The arguments of `call` that Streamlit renders as Markdown."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    found = [keyword.value for keyword in call.keywords if keyword.arg == "help"]
    if name in BODY | LABELLED:
        found += call.args[:1] + [keyword.value for keyword in call.keywords if keyword.arg in KEYWORDS]
    if name == "Page":
        found += [keyword.value for keyword in call.keywords if keyword.arg == "title"]
    if name == "metric":
        found += call.args[1:3] + [keyword.value for keyword in call.keywords if keyword.arg in ("value", "delta")]
    if name == "tabs":
        found += call.args[:1]
    if name in MARKDOWN_OPTIONS:
        formatter = next((k.value for k in call.keywords if k.arg == "format_func"), None)
        found += [formatter] if formatter is not None else call.args[1:2]
    if name == "progress":
        found += [keyword.value for keyword in call.keywords if keyword.arg == "text"]
    if name == "update":  # a status box's label
        found += [keyword.value for keyword in call.keywords if keyword.arg == "label"]
    return found


def _formatter_safe(checker: _Checker, node: ast.AST) -> bool:
    """format_func of a Markdown-option widget: CONSTANT.get, or a lambda returning safe text."""
    if isinstance(node, ast.Lambda):
        return checker.safe(node.body, node.body)
    return checker.safe(ast.Call(func=node, args=[], keywords=[]), node)


def unescaped_arguments(name: str, source: str) -> list[str]:
    """'file:line: source' of every Markdown argument in `source` that may carry unescaped data."""
    module = _Module(Path(name).name, source)
    checker = _Checker(module)
    found = []
    for call in (node for node in ast.walk(module.tree) if isinstance(node, ast.Call)):
        for argument in _markdown_arguments(call):
            is_formatter = any(k.arg == "format_func" and k.value is argument for k in call.keywords)
            ok = _formatter_safe(checker, argument) if is_formatter else checker.safe(argument, call)
            if not ok:
                found.append(f"{name}:{argument.lineno}: {ast.unparse(argument)}")
    return found


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: str(p.relative_to(ROOT)))
def test_markdown_guard_no_data_reaches_markdown_unescaped(path: Path) -> None:
    assert unescaped_arguments(str(path.relative_to(ROOT)), path.read_text()) == []


@pytest.mark.parametrize(
    "line",
    [
        "st.warning(f'No outlet {outlet}')",
        "st.error(str(error))",
        "st.subheader(counts.outlet)",
        "st.caption('Terms: ' + ', '.join(terms))",
        "column.metric('Mentions', '3', help=f'in {outlet}')",
        "st.expander(f'Mentions of {outlet}')",
        "st.radio('Outlet', terms)",
        "bar.progress(0.5, text=error)",
        "st.tabs([outlet, 'History'])",
        "st.info(hint)",  # a local assigned from data
    ],
)
def test_markdown_guard_catches_data_in_markdown(line: str) -> None:
    source = f"def render(outlet, error, counts, terms):\n    hint = f'see {{outlet}}'\n    {line}\n"
    assert unescaped_arguments("probe.py", source) != []


@pytest.mark.parametrize(
    "line",
    [
        "st.warning(f'No outlet {plain(outlet)}')",
        "st.caption(f'{n:,} rows')",
        "st.caption('Terms: ' + ', '.join(map(plain, terms)))",
        "st.error(f'Failed: {code(error)}')",
        "st.info(hint)",  # a local assigned from escaped text
        "st.radio('Per', list(KINDS), format_func=KINDS.get)",
    ],
)
def test_markdown_guard_accepts_escaped_text(line: str) -> None:
    source = f"KINDS = {{'a': 'A'}}\n\n\ndef render(outlet, error, terms, n):\n    hint = plain(outlet)\n    {line}\n"
    assert unescaped_arguments("probe.py", source) == []

"""The code runs one way: each layer imports only from the layers below it.

The layers, lowest first, are the packages of ``generator/`` named in ``LAYERS``
(``docs/architecture.md`` explains them); this test reads every import of every module
(function-level and ``TYPE_CHECKING`` imports included) and fails on one that reaches up.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

GENERATOR = ROOT / "generator"
#: lowest first; a module may import from its own layer and the layers before it
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("source", ("generator.source", "generator.i18n", "generator.defaults")),
    ("rules", ("generator.rules",)),
    ("quiz", ("generator.quiz",)),
    ("changes", ("generator.changes",)),
    ("render", ("generator.render",)),
    ("output", ("generator.output",)),
    ("pipeline", ("generator.pipeline",)),
    ("cli", ("generator.cli",)),
)


def layer_of(module: str) -> int | None:
    """Index of the layer holding ``module`` (None: not a module of ours)."""
    for index, (_name, packages) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in packages):
            return index
    return None


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of ours in a file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path.parent)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                )
            # ``from generator.render import flowchart`` imports generator.render.flowchart
            found += [(node.lineno, f"{base}.{a.name}") for a in node.names]
    return [(line, name) for line, name in found if name.startswith("generator")]


def violations(edges: dict[str, list[tuple[int, str]]]) -> list[str]:
    """Every import that reaches a layer above its module's, as a message."""
    problems = []
    for module, targets in sorted(edges.items()):
        own = layer_of(module)
        for line, target in targets:
            up = (
                layer_of(target)
                if layer_of(target) is not None
                else layer_of(target.rpartition(".")[0])
            )
            if module == "generator":
                problems.append(
                    f"generator/__init__.py:{line}: imports {target} at import time: "
                    "the package's entry points are lazy (importlib), so one layer "
                    "can be imported without the others"
                )
            elif own is None:
                problems.append(f"{module} is in no layer: add its package to LAYERS")
            elif up is not None and up > own:
                problems.append(
                    f"{module}:{line} imports {target}: layer '{LAYERS[own][0]}' may import only "
                    f"from {', '.join(name for name, _p in LAYERS[: own + 1])}, not from "
                    f"'{LAYERS[up][0]}'"
                )
    return problems


def tree_edges() -> dict[str, list[tuple[int, str]]]:
    return {module_name(p): imports(p) for p in sorted(GENERATOR.rglob("*.py"))}


def test_every_import_runs_down_the_layers() -> None:
    problems = violations(tree_edges())
    assert problems == [], "\n".join(problems)


def test_every_module_is_in_a_layer() -> None:
    lost = [m for m in tree_edges() if m != "generator" and layer_of(m) is None]
    assert lost == []


def test_a_planted_back_import_is_named_with_the_layer_rule() -> None:
    edges = tree_edges()
    edges["generator.source.manual"] = [
        *edges["generator.source.manual"],
        (7, "generator.render.views.Views"),
    ]
    edges["generator.quiz.bank"] = [(3, "generator.changes.diff")]
    assert violations(edges) == [
        "generator.quiz.bank:3 imports generator.changes.diff: layer 'quiz' may import only "
        "from source, rules, quiz, not from 'changes'",
        "generator.source.manual:7 imports generator.render.views.Views: layer 'source' may "
        "import only from source, not from 'render'",
    ]


@pytest.mark.parametrize(
    ("layer", "absent"),
    [
        ("generator.rules", ("generator.render", "generator.quiz", "mkdocs", "generator.output")),
        ("generator.source.loader", ("generator.rules", "generator.render", "mkdocs", "jinja2")),
        ("generator.quiz.bank", ("generator.render", "generator.changes", "mkdocs")),
        ("generator.render", ("generator.output", "generator.pipeline", "mkdocs")),
    ],
)
def test_importing_a_layer_alone_imports_nothing_above_it(
    layer: str, absent: tuple[str, ...]
) -> None:
    code = (
        f"import sys, {layer}\n"
        f"print('\\n'.join(m for m in sys.modules if m.startswith({absent!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.split() == [], f"importing {layer} imported {done.stdout.split()}"


def test_the_architecture_page_names_only_what_exists() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1:-1] for line in text.splitlines() if line.startswith("| ")]
    checked = 0
    for _layer, packages, holds, _imports in rows[1:]:
        folders = [ROOT / p for p in re.findall(r"`(generator/[\w/]+/)`", packages)]
        assert folders and all(f.is_dir() for f in folders), packages
        for name in re.findall(r"`([\w]+(?:\.py|/))`", holds):
            assert any((f / name).exists() for f in folders), f"{name} is not in {packages}"
            checked += 1
    assert checked >= 30
    named = set(re.findall(r"`(generator/[\w/.]+)`", text))
    assert [n for n in sorted(named) if not (ROOT / n).exists()] == []
    layers = set(re.findall(r"`generator/(\w+)/`", text))
    ours = {p.split(".")[1] for _n, packages in LAYERS for p in packages} - {"i18n", "defaults"}
    assert ours <= layers

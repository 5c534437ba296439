"""The house as a ladder: apps import each other in one direction only, ground floor first.

Read from the code's own imports (ast over `coopdec/`, every import, at the top of a module or
inside a function; migrations aside). A lower app that must reach a higher one sends a signal or
an event, or takes a function as an argument; a foreign key that points upward names its model as
a string. The README's « Architecture » section draws the same ladder.
"""
import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "coopdec"

# Floor by floor, ground first. An app may import its own floor and the floors below, never above;
# and no loop, even within a floor.
FLOORS = [
    ("ground", {"french", "dataversion", "readers", "writers", "territories"}),
    ("rules and people", {"calls", "accounts"}),
    ("messenger", {"notifications"}),
    ("records", {"applications"}),
    ("work", {"instruction", "grants", "apd", "atlas", "exchange"}),
    ("in", {"ingest"}),
    ("publication", {"publication"}),
    ("outputs", {"api", "opendata", "observatory", "search", "directory", "exports"}),
    ("roof", {"demo"}),
]
FLOOR_OF = {app: level for level, (_, apps) in enumerate(FLOORS) for app in apps}

# Arrows that must never be, whatever the floors (the design guide's « The ladder », summed up in the README).
FORBIDDEN = {
    "territories": ({"*"}, "the ground floor knows no project, page or user"),
    "french": ({"*"}, "French text is plain functions on plain values"),
    "readers": ({"*"}, "reading a file knows no record"),
    "writers": ({"*"}, "writing a file knows no record"),
    "dataversion": ({"*"}, "the data version knows no record"),
    "calls": ({"applications", "instruction", "grants", "publication"},
              "rules know no dossier, committee, tranche or page"),
    "accounts": ({"applications", "instruction"}, "a user knows no dossier"),
    "applications": ({"instruction", "grants", "publication", "ingest"},
                     "a dossier knows no committee, tranche, page or file format"),
    "instruction": ({"publication"}, "decisions know no page: they send the data version signal"),
    "grants": ({"publication", "instruction"},
               "payments know no page, and follow a decision, not a committee's internals"),
    "notifications": ({"applications", "instruction", "grants", "calls"},
                      "the messenger renders the plain values an event carries"),
    "publication": ({"ingest"}, "pages never parse files: provenance lives on the record"),
}
# What the ground floor may import of itself (French text is the lowest).
GROUND_ALLOWED = {"territories": {"french"}, "readers": {"french"}, "writers": {"french"}, "dataversion": set(),
                  "french": set()}


def _modules(root: Path) -> dict[str, Path]:
    found = {}
    for path in root.rglob("*.py"):
        relative = path.relative_to(root)
        if "migrations" in relative.parts:
            continue
        name = ".".join(("coopdec", *relative.with_suffix("").parts))
        found[name.removesuffix(".__init__")] = path
    return found


def _imports(name: str, path: Path) -> list[tuple[str, int]]:
    """Every module of coopdec that `name` imports, with the line."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            found.append((base, node.lineno))
            # `from . import rules` names a module too
            found += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return [(module, line) for module, line in found if module.startswith("coopdec.")]


def _graph(root: Path):
    apps = {p.name for p in root.iterdir() if (p / "__init__.py").exists()}

    def app(module):
        parts = module.split(".")
        return parts[1] if len(parts) > 1 and parts[1] in apps else None

    modules = _modules(root)
    arrows = defaultdict(dict)  # (from app, to app) -> {"file:line": None, …} (ordered, once each)
    module_arrows = defaultdict(set)
    for name, path in modules.items():
        source = app(name)
        for target, line in _imports(name, path):
            if target in modules and target != name:
                module_arrows[name].add(target)
            destination = app(target)
            if source and destination and source != destination:
                arrows[(source, destination)][f"{path.relative_to(root.parent)}:{line}"] = None
    return apps, {pair: list(places) for pair, places in arrows.items()}, module_arrows


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in list(edges):
        if node not in index:
            visit(node)
    return found


def ladder_report(root: Path = ROOT) -> list[str]:
    """Every breach of the ladder, one line each, naming the file and line that draws the arrow."""
    apps, arrows, module_arrows = _graph(root)
    problems = []
    problems += [f"{app}: not on the ladder (add it to a floor of tests/test_ladder.py and the README)"
                 for app in sorted(apps - set(FLOOR_OF))]
    for (source, target), places in sorted(arrows.items()):
        if source not in FLOOR_OF or target not in FLOOR_OF:
            continue
        never, why = FORBIDDEN.get(source, (set(), ""))
        ground_ok = source in GROUND_ALLOWED and target in GROUND_ALLOWED[source]
        if ("*" in never and not ground_ok) or target in never:
            problems.append(f"forbidden {source} → {target} ({why}): {', '.join(places)}")
        elif FLOOR_OF[target] > FLOOR_OF[source]:
            problems.append(f"upward {source} ({FLOORS[FLOOR_OF[source]][0]}) → {target} "
                            f"({FLOORS[FLOOR_OF[target]][0]}): {', '.join(places)}")
    app_edges = defaultdict(set)
    for source, target in arrows:
        app_edges[source].add(target)
    for loop in _cycles(app_edges):
        inside = [f"{s} → {t} ({arrows[(s, t)][0]})" for s in loop for t in loop if (s, t) in arrows]
        problems.append(f"loop between apps {', '.join(loop)}: {'; '.join(inside)}")
    for loop in _cycles(module_arrows):
        problems.append(f"loop between modules {', '.join(loop)}")
    return problems


def test_the_apps_form_a_ladder():
    problems = ladder_report()
    assert not problems, "\n" + "\n".join(problems)


def test_the_check_sees_an_arrow_drawn_inside_a_function_and_a_newcomer(tmp_path):
    """The reader is real: an upward import hidden in a function is found with its file and line,
    the loop it closes too, and an app placed on no floor."""
    fake = tmp_path / "coopdec"
    for app, module, body in (("calls", "rules.py", "def f():\n    from coopdec.applications import models\n"),
                              ("applications", "models.py", "from coopdec.calls import rules\n"),
                              ("atlantis", "models.py", "")):
        (fake / app).mkdir(parents=True)
        (fake / app / "__init__.py").write_text("")
        (fake / app / module).write_text(body)
    problems = ladder_report(fake)
    assert any(p.startswith("forbidden calls → applications") and "coopdec/calls/rules.py:2" in p for p in problems)
    assert any(p.startswith("loop between apps applications, calls") for p in problems)
    assert "atlantis: not on the ladder" in problems[0]


if __name__ == "__main__":  # pragma: no cover - `python tests/test_ladder.py` prints the report
    print("\n".join(ladder_report()) or "the apps form a ladder")
    pytest.main([__file__])


def test_only_the_floors_above_read_the_apd_declaration():
    """apd shares the work floor with instruction and grants, which never import it: the
    declaration reaches the eligibility check through applications' status, and only publication,
    the outputs and the roof read apd."""
    _apps, arrows, _modules = _graph(ROOT)
    readers = {source: places for (source, target), places in arrows.items() if target == "apd"}
    assert {source for source in readers if FLOOR_OF.get(source, 0) <= FLOOR_OF["apd"]} == set(), readers

"""The code's own bounds (docs/architecture.md): modules of one idea, functions that fit a screen.

No linter counts lines, so this does: a module over 250 lines has grown a second idea to
move out, a function over 50 a step to name.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = sorted(
    path
    for folder in ("src", "tests", "benchmarks")
    for path in (ROOT / folder).rglob("*.py")
    if ".venv" not in path.parts
)
MODULE_LINES = 250
FUNCTION_LINES = 50


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_no_module_has_more_than_250_lines() -> None:
    long = []
    for path in CODE:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MODULE_LINES:
            long.append(f"{_name(path)} ({lines} lines)")
    assert long == []


def test_no_function_has_more_than_50_lines() -> None:
    long = []
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > FUNCTION_LINES:
                    long.append(f"{_name(path)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []

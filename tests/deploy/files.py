"""The deploy files as the tools that run them read them: the Dockerfile's instructions."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str


def instructions(dockerfile: Path) -> list[Instruction]:
    """Each instruction, continuation lines joined and comment lines dropped, as Docker does."""
    logical: list[str] = []
    pending = ""
    for line in dockerfile.read_text().splitlines():
        if line.lstrip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    found = []
    for line in logical:
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            found.append(Instruction(keyword.upper(), arguments.strip()))
    return found


def stages(dockerfile: Path) -> list[list[Instruction]]:
    """The build stages, each from its FROM on."""
    result: list[list[Instruction]] = []
    for instruction in instructions(dockerfile):
        if instruction.keyword == "FROM":
            result.append([])
        if result:
            result[-1].append(instruction)
    return result


def image_env(dockerfile: Path) -> dict[str, str]:
    """The final stage's ENV, as the container starts with it."""
    env: dict[str, str] = {}
    for instruction in stages(dockerfile)[-1]:
        if instruction.keyword == "ENV":
            for pair in shlex.split(instruction.arguments):
                name, _, value = pair.partition("=")
                env[name] = value
    return env


def exec_form(dockerfile: Path, keyword: str) -> list[str]:
    """The final stage's CMD, or the HEALTHCHECK's command, in exec (JSON) form."""
    (instruction,) = [i for i in stages(dockerfile)[-1] if i.keyword == keyword]
    arguments = instruction.arguments
    if keyword == "HEALTHCHECK":
        arguments = re.sub(r"^(--\S+\s+)*CMD\s+", "", arguments)
    command = json.loads(arguments)
    assert isinstance(command, list)
    return [str(part) for part in command]

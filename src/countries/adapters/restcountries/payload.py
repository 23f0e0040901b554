"""The bases of the upstream payload models: strict types, and no control character in any text.

A text we keep must be storable and servable alike on SQLite and PostgreSQL (which cannot
store U+0000), and must not break a log line or a CSV row. The real data holds no C0 or
C1 control character, noncharacter or line separator anywhere, so refusing them refuses
nothing real; format characters (the zero-width joiners and direction marks of Arabic and
Persian names) are text and stay, and so does the tab, white space like a space.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Self

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

# C0 controls but the tab (newlines too: they forge log lines), DEL, C1 controls, lone
# surrogates (no UTF-8 database stores one), the line and paragraph separators, and the
# 66 noncharacters.
NOT_TEXT = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufdd0-\ufdef"
    + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)

KINDS = {
    "Cc": "a control character",
    "Cs": "a lone surrogate",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}


class Payload(BaseModel):
    """Ignores fields we do not use; strict (no type coercion) on those we do."""

    model_config = ConfigDict(extra="ignore", strict=True)


class Record(Payload):
    """One country's record: besides the types of its fields, every text in it is checked."""

    @property
    def alpha3(self) -> str:
        """The record's alpha-3 code, to name the country in a refusal."""
        raise NotImplementedError

    # One walk a record, not a validator a field: a field validator on every model took
    # the snapshot's parse from ~100 ms to ~190 ms, this ~+20 ms.
    @model_validator(mode="after")
    def _only_text(self) -> Self:
        collected: list[str] = []
        collect_texts(self, collected)
        joined = " ".join(collected)
        # isprintable() is ~20 times as fast as the search, and true for nearly every record.
        if joined.isprintable() or NOT_TEXT.search(joined) is None:
            return self
        found = non_text(self)  # walks the texts `joined` holds, to say where the first one is
        if found is None:  # not reached, as it reads the same texts
            return self
        path, char = found
        kind = KINDS.get(unicodedata.category(char), "a noncharacter")
        raise PydanticCustomError(
            "not_text",
            "the {field} of {country} holds {code} ({kind}), which has no place in country data",
            {"field": path, "country": self.alpha3, "code": f"U+{ord(char):04X}", "kind": kind},
        )


def collect_texts(value: object, into: list[str]) -> None:
    """Every text in a model, dict or list (keys too) appended to `into`."""
    if isinstance(value, str):
        into.append(value)
    elif isinstance(value, BaseModel):
        for item in value.__dict__.values():
            collect_texts(item, into)
    elif isinstance(value, dict):
        into.extend(value)
        for item in value.values():
            collect_texts(item, into)
    elif isinstance(value, list | tuple):
        for item in value:
            collect_texts(item, into)


def non_text(value: object) -> tuple[str, str] | None:
    """Where in `value` (a dotted path) a text first holds a character NOT_TEXT matches, and which."""
    if isinstance(value, str):
        found = NOT_TEXT.search(value)
        return None if found is None else ("", found.group())
    for name, item in parts(value):
        hit = non_text(item)
        if hit is not None:
            inner, char = hit
            return (f"{name}.{inner}" if inner else name), char
    return None


def parts(value: object) -> Iterator[tuple[str, object]]:
    """The named parts of a model, dict or list (as upstream names them); none of anything else."""
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        for name, item in value.__dict__.items():
            yield fields[name].alias or name, item
    elif isinstance(value, dict):
        for key, item in value.items():
            yield "(a key)", key
            # The key is text by now (checked just before), and short in any real data.
            yield str(key)[:20], item
    elif isinstance(value, list | tuple):
        for position, item in enumerate(value):
            yield str(position), item

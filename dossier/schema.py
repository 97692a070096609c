"""A JSON Schema for config.yaml, generated from the declarations in config.py.

Editors with a YAML language server (VS Code, JetBrains, Neovim) use it for completion,
hover documentation and validation when config.yaml starts with

    # yaml-language-server: $schema=config.schema.json

The shipped config.schema.json is this module's output; a test keeps it up to date:

    python -m dossier.schema > config.schema.json
"""
from __future__ import annotations

import datetime as dt
import json
import sys
import types
import typing
from dataclasses import MISSING, fields, is_dataclass

from .config import Config, _resolve

SCHEMA_ID = "https://dossier.invalid/config.schema.json"  # a name, never fetched


def json_schema() -> dict:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
              "title": "dossier config.yaml"}
    schema.update(_object(Config))
    return schema


def _object(cls) -> dict:
    properties, required = {}, []
    for f in fields(cls):
        if f.metadata.get("internal"):
            continue
        prop = _type(_resolve(f.type))
        if f.metadata.get("choices"):
            prop = {"enum": list(f.metadata["choices"])}
        prop.update(f.metadata.get("schema", {}))
        doc = f.metadata.get("doc", "")
        if doc:
            prop = {"description": doc, "markdownDescription": doc, **prop}
        if f.default is not MISSING and f.default is not None:
            prop["default"] = f.default
        elif f.default is MISSING and f.default_factory is MISSING:
            required.append(f.name)
        properties[f.name] = prop
    out = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        out["required"] = required
    return out


def _type(tp) -> dict:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [_type(a) for a in args if a is not type(None)]
        return {"anyOf": inner + [{"type": "null"}]} if type(None) in args else {"anyOf": inner}
    if is_dataclass(tp):
        return _object(tp)
    if origin is list:
        return {"type": "array", "items": _type(args[0])}
    if origin is dict:
        # keywords: a list of words (weight 1 each) or a mapping of word to weight.
        return {"anyOf": [{"type": "array", "items": {"type": ["string", "number"]}},
                          {"type": "object", "additionalProperties": _type(args[1])}]}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    return {"type": "string"}


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(schema_text())

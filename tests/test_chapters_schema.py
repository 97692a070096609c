"""config.schema.json: generated from config.py, shipped up to date, and in agreement
with the loader about what a valid config.yaml is."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from dossier.config import config_from_data, describe_options
from dossier.errors import ConfigError
from dossier.schema import json_schema, schema_text
from dossier.yamlsafe import load_yaml_file

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "config.schema.json"
CONFIGS = [ROOT / "config.yaml", *sorted((ROOT / "tests" / "eval" / "topics").glob("*/config.yaml"))]


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SHIPPED.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_shipped_schema_is_up_to_date():
    assert SHIPPED.read_text("utf-8") == schema_text(), \
        "config.schema.json is stale: run `python -m dossier.schema > config.schema.json`"


def test_schema_covers_every_option():
    def keys(node, prefix=""):
        for name, prop in node.get("properties", {}).items():
            yield prefix + name
            if prop.get("type") == "object":
                yield from keys(prop, f"{prefix}{name}.")
            elif prop.get("type") == "array" and prop["items"].get("type") == "object":
                yield from keys(prop["items"], f"{prefix}{name}[].")

    assert set(keys(json_schema())) == {key for key, *_ in describe_options()}


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.parent.name)
def test_shipped_configs_are_valid(validator, path):
    data = load_yaml_file(path)
    assert [e.message for e in validator.iter_errors(data)] == []
    config_from_data(data, str(path))


@pytest.mark.parametrize("bad", [
    {"chapters": [{"id": "a", "title": "A", "keywrds": ["x"]}]},  # unknown key
    {"chapters": [{"id": "a b", "title": "A"}]},  # id with a space
    {"chapters": [{"id": "a"}]},  # no title
    {"chapters": [{"id": "a", "title": "A", "order": "alphabetical"}]},
    {"chapters": [{"id": "a", "title": "A", "min_score": 2}]},
    {"chapters": [{"id": "a", "title": "A", "keywords": {"cable": "high"}}]},
    {"unplaced": "drop"},
])
def test_schema_and_loader_reject_the_same_mistakes(validator, bad):
    assert list(validator.iter_errors(bad)), bad
    with pytest.raises(ConfigError):
        config_from_data(bad, "config.yaml")


def test_keywords_may_be_a_list_or_weighted(validator):
    for keywords in (["cable", "leaked"], {"cable": 2, "foreign ministry": 1.5}):
        data = {"chapters": [{"id": "a", "title": "A", "keywords": keywords, "intro": "**Why** this matters."}]}
        assert list(validator.iter_errors(data)) == []
        assert config_from_data(data, "config.yaml").chapters[0].keywords

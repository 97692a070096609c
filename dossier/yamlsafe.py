"""YAML reading that is safe for files from anywhere.

`safe_load` semantics (no Python tags), plus: a size limit, a limit on alias
expansion (so "billion laughs" documents are refused), duplicate keys reported as
errors, and the line of every mapping key remembered for error messages.
"""
from __future__ import annotations

import os

import yaml

from .errors import ConfigError

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_ALIASES = 100
# Aliases share one node, so a few of them can stand for billions of values
# ("billion laughs"): whoever walks the result would expand them. The document is
# measured as if every alias were copied out, and refused past these limits.
MAX_YAML_VALUES = 100_000
MAX_YAML_DEPTH = 64


class LineDict(dict):
    """A dict that remembers the line (1-based) where each key was written."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict = {}
        self.line: int | None = None


class _Loader(yaml.SafeLoader):
    def __init__(self, stream, source):
        super().__init__(stream)
        self._source = source
        self._aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise ConfigError(f"too many YAML aliases (more than {MAX_ALIASES})",
                                  path=self._source, line=mark.line + 1)
        return super().compose_node(parent, index)

    def get_single_node(self):
        node = super().get_single_node()
        if node is not None:
            self._measure(node, 1, {}, set())
        return node

    def _measure(self, node, depth: int, sizes: dict, open_nodes: set) -> int:
        """How many values `node` stands for once aliases are expanded."""
        key = id(node)
        if key in sizes:
            return sizes[key]
        line = node.start_mark.line + 1
        if key in open_nodes:
            raise ConfigError("YAML alias refers to itself (a recursive structure)", path=self._source, line=line)
        if depth > MAX_YAML_DEPTH:
            raise ConfigError(f"YAML nested more than {MAX_YAML_DEPTH} levels deep", path=self._source, line=line)
        total = 1
        if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
            open_nodes.add(key)
            children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
            for child in children:
                total += self._measure(child, depth + 1, sizes, open_nodes)
                if total > MAX_YAML_VALUES:
                    raise ConfigError(f"YAML stands for more than {MAX_YAML_VALUES} values once its aliases "
                                      "are expanded (an alias bomb?)", path=self._source, line=line)
            open_nodes.discard(key)
        sizes[key] = total
        return total

    def construct_mapping(self, node, deep=False):
        result = LineDict()
        result.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise ConfigError("mapping keys must be plain values", path=self._source,
                                  line=key_node.start_mark.line + 1)
            if key in result:
                raise ConfigError(f"duplicate key '{key}'", path=self._source,
                                  line=key_node.start_mark.line + 1, key=str(key))
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                        lambda loader, node: loader.construct_mapping(node))


def load_yaml_text(text: str, source: str, line_offset: int = 0):
    """Parse YAML text; every problem becomes a one-line ConfigError."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        raise ConfigError(f"YAML larger than {MAX_YAML_BYTES // 1024 // 1024} MB", path=source)
    loader = _Loader(text, source)
    try:
        return loader.get_single_data()
    except ConfigError as err:
        if err.line is not None:
            err.line += line_offset
        raise
    except yaml.MarkedYAMLError as err:
        message, mark = yaml_problem(err)
        line = mark.line + 1 + line_offset if mark else None
        raise ConfigError(f"invalid YAML: {message}", path=source, line=line) from None
    except yaml.YAMLError as err:
        raise ConfigError(f"invalid YAML: {err}", path=source) from None
    except RecursionError:
        raise ConfigError("YAML nested too deeply", path=source) from None
    finally:
        loader.dispose()


# PyYAML's words for the usual slips, and what an editor should look at instead.
_YAML_HINTS = (
    ("expected <block end>", "a line does not line up with the ones above it, or a value needs quotes"),
    ("mapping values are not allowed", "a value contains ': ' (put it in quotes), or a line is indented under a value"),
    ("could not find expected ':'", "a line is missing the ':' after its key, or a quote is not closed"),
    ("found character '\\t'", "tabs cannot indent YAML; use spaces"),
    ("found unexpected end of stream", "a quote or bracket opened here is never closed"),
    ("found unknown escape character", "a backslash in double quotes; use single quotes, or write \\\\"),
    ("expected ',' or ']'", "a list in [brackets] is not closed, or an item needs quotes"),
    ("expected ',' or '}'", "a mapping in {braces} is not closed, or a value needs quotes"),
)


def yaml_problem(err: "yaml.MarkedYAMLError"):
    """(message, mark) for a YAML error: PyYAML's problem, said plainly where it is one
    of the usual slips, and the line where the trouble starts (an unclosed quote is
    reported at the end of the file, but it was opened at the context mark)."""
    problem = err.problem or err.context or "not valid YAML"
    mark = err.problem_mark or err.context_mark
    if "end of stream" in problem and err.context_mark is not None:
        mark = err.context_mark
    hint = next((plain for words, plain in _YAML_HINTS if words in problem), None)
    return (f"{hint} (YAML: {problem})" if hint else problem), mark


def load_yaml_file(path: str | os.PathLike):
    path = os.fspath(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_YAML_BYTES:
            raise ConfigError(f"YAML larger than {MAX_YAML_BYTES // 1024 // 1024} MB", path=path)
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as err:
        raise ConfigError(f"cannot read: {err.strerror}", path=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ConfigError(f"not UTF-8 text (byte {err.start})", path=path) from None
    return load_yaml_text(text, path)

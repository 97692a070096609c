"""A content-hash cache of the work that depends only on the article files.

Editors rebuild after every config change; reading, cleaning, describing and
deduplicating the articles do not depend on the chapters, the title or the glossary,
so a config-only rebuild takes them from here instead of redoing them.

What is cached, and on what it is keyed (every key also holds the code fingerprint
below, so another dossier version, or an edited module, never reuses an entry):
  * ingest   (files skipped, cleaned documents): the content hash of every input file
             and the `clean` config. Cleaning one file depends on the lines repeated
             across the whole corpus, so this entry is per corpus, not per file: one
             changed file redoes the stage, never reuses a result computed against
             other neighbours.
  * describe (articles): the ingest key plus the whole of sources.yaml, so that an edit
             to what a person wrote down always takes effect.
  * dedup    (articles and the dedup result, fingerprints included): the describe key
             plus the `dedup` config.
  * glossary (what the glossary reads in the kept articles: names, titles, acronyms and
             the sentences they are in): the dedup key, since the kept articles are
             all it depends on. The glossary's terms depend on the config and are
             built from it every time.
  * pdf-parts (each part of the PDF as laid out and drawn, page numbers not yet
             stamped in, with what render/stamp.py needs to stamp them): the part's
             HTML (the book's style sheets included), the placeholder's length and the
             WeasyPrint version. A chapter renamed or moved changes only its own part
             and the front and back matter that cite it; the other parts are drawn
             once. Kept: the parts of the last build (`keep_only`).
Chapters, the glossary's terms and sources depend on the config and are always recomputed.

An entry is a pickle holding its own full key; one that cannot be read, holds another
key or contains anything but the plain data of dossier.model is ignored, recomputed
and overwritten: a cache is never trusted, only checked.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import pickle
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Callable

from . import __version__

log = logging.getLogger("dossier")

FORMAT = 1  # bump when the layout of an entry changes
KEEP_PER_KIND = 4  # older entries of a kind are pruned: edits would otherwise pile up
FOLDER_NAME = ".cache"
PACKAGE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The version plus a hash of the package's own code and rules: an entry written by
    other code (an upgrade, or a module edited in a checkout) is never reused."""
    digest = hashlib.sha256(f"dossier {__version__} cache {FORMAT}".encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in (".py", ".yaml", ".j2") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def corpus_digest(paths: list[Path], root: Path, skipped: list) -> str:
    """Content hash of every input file (name and bytes) and of the files passed over."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        try:
            with open(path, "rb") as fh:
                digest.update(hashlib.file_digest(fh, "sha256").digest())
        except OSError as err:  # the reader will skip it and say why; the key just has to differ
            digest.update(f"unreadable {err.errno}".encode())
    for s in skipped:
        digest.update(f"skipped {s.path} {s.reason}\0".encode())
    return digest.hexdigest()


def make_key(*parts) -> str:
    """A stable digest of JSON-able parts (dataclasses and dates by their repr)."""
    text = json.dumps(parts, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


# Everything an entry may contain: the dataclasses of dossier.model, the glossary's
# reading, and the plain values inside them (dates, containers). Anything else marks
# the entry as not ours.
_ALLOWED = {
    "dossier.glossary": {"Reading", "Found"},
    "builtins": {"set", "frozenset", "dict", "list", "tuple", "str", "int", "float", "bool", "bytes"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
    "collections": {"Counter", "OrderedDict", "defaultdict"},
    "dossier.yamlsafe": {"LineDict"},
    "dossier.render.parts": {"LaidOut"},
    "dossier.render.stamp": {"Plan", "Slot"},
    "dossier.render.pagemap": {"PageMap"},
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module == "dossier.model" or name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"unexpected {module}.{name} in a cache entry")


class Cache:
    """Entries in `folder/<kind>/<key>.pickle`. `folder=None` is a cache that is always
    empty (--no-cache): the code path is the same, only nothing is kept."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder else None
        self.hits: list[str] = []
        self.misses: list[str] = []

    def key(self, *parts) -> str:
        return make_key(code_fingerprint(), *parts)

    def get(self, kind: str, key: str):
        """The stored value, or None when absent, unreadable, foreign or stale."""
        if self.folder is None:
            return None
        path = self.folder / kind / f"{key}.pickle"
        try:
            with open(path, "rb") as fh:
                stored_key, value = _Unpickler(io.BufferedReader(fh)).load()
            if stored_key != key:
                raise ValueError("entry holds another key")
        except FileNotFoundError:
            self.misses.append(kind)
            return None
        except Exception as err:  # corrupt, truncated, foreign: never trusted
            log.info("cache: ignoring %s: %s", path, err)
            self.misses.append(kind)
            return None
        self.hits.append(kind)
        return value

    def put(self, kind: str, key: str, value, prune: bool = True) -> None:
        """Store atomically (a crash leaves no half-written entry). A cache that cannot
        be written only costs time, so failures are logged, never raised."""
        if self.folder is None:
            return
        folder = self.folder / kind
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".entry.", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{key}.pickle")
            if prune:
                self._prune(folder)
        except (OSError, pickle.PicklingError, RecursionError) as err:
            log.info("cache: cannot write %s entry: %s", kind, err)

    def memo(self, kind: str, key: str, compute: Callable[[], object]):
        value = self.get(kind, key)
        if value is None:
            value = compute()
            self.put(kind, key, value)
        return value

    def get_file(self, kind: str, key: str) -> tuple[object, Path] | None:
        """(value, path of its file) of an entry stored with `put_file`, if the file
        is the one stored (its SHA-256 checked)."""
        entry = self.get(kind, key)
        if entry is None:
            return None
        digest, value = entry
        path = self.folder / kind / f"{key}.data"
        try:
            with open(path, "rb") as fh:
                if hashlib.file_digest(fh, "sha256").hexdigest() != digest:
                    raise ValueError("file changed")
        except (OSError, ValueError) as err:
            log.info("cache: ignoring %s: %s", path, err)
            self.hits.pop()
            self.misses.append(kind)
            return None
        return value, path

    def put_file(self, kind: str, key: str, value, source: Path) -> None:
        """Store `value` with the file `source`, which is moved into the cache (same
        file system: the build's output folder). Failures are logged, never raised."""
        if self.folder is None:
            return
        folder = self.folder / kind
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(source, "rb") as fh:
                digest = hashlib.file_digest(fh, "sha256").hexdigest()
            os.replace(source, folder / f"{key}.data")
        except OSError as err:
            log.info("cache: cannot keep %s entry: %s", kind, err)
            return
        self.put(kind, key, (digest, value), prune=False)

    def keep_only(self, kind: str, keys: set[str]) -> None:
        """Remove the entries of `kind` other than `keys` (with their files)."""
        if self.folder is None or not (self.folder / kind).is_dir():
            return
        for path in (self.folder / kind).iterdir():
            if path.suffix in (".pickle", ".data") and path.stem not in keys:
                path.unlink(missing_ok=True)

    @staticmethod
    def _prune(folder: Path) -> None:
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP_PER_KIND:]:
            old.unlink(missing_ok=True)
        for stray in folder.glob(".entry.*.tmp"):  # left by a killed build, not a running one
            if time.time() - stray.stat().st_mtime > 3600:
                stray.unlink(missing_ok=True)


def open_cache(out_dir: Path, enabled: bool = True) -> Cache:
    """The cache of a build writing into `out_dir`: `out_dir/.cache`, or none."""
    return Cache(Path(out_dir) / FOLDER_NAME if enabled else None)

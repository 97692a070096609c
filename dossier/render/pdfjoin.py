"""Join PDFs that WeasyPrint wrote for consecutive parts of one book into one PDF.

The book is laid out in parts, each its own complete HTML document and PDF, so that the
parts can be laid out in parallel. `join` makes of them the PDF WeasyPrint would have
written for the whole book in one go:

* the pages in order;
* one outline: the parts' outlines one after the other;
* one set of named destinations (WeasyPrint's internal links are /Dest name strings
  looked up in the catalog's /Names /Dests tree, its outline items explicit /Dest
  arrays); a link to an anchor in another part was written as an external URI link
  `dossier-xref:NAME` (see `xref_href`) and becomes an internal link to NAME, written
  as WeasyPrint writes its own: /Dest (NAME), /Contents (NAME);
* one PDF/UA structure tree: the parts' elements under one Document element, the
  ParentTree keys of each part moved past those of the parts before it;
* the first part's catalog entries (Lang, MarkInfo, ViewerPreferences, XMP metadata,
  OutputIntents) and document info;
* the same bytes for the same parts: no clock, no random /ID (it is a digest of the
  content).

Font subsets are not merged: each part embeds its own subsets of the fonts it uses.
"""
from __future__ import annotations

import hashlib
from collections import deque
import logging
import re
from pathlib import Path
from urllib.parse import quote, unquote

import pikepdf
from pikepdf import Array, Dictionary, Name, String

XREF_SCHEME = "dossier-xref"
"""URI scheme of a link to an anchor in another part. WeasyPrint keeps such a URI as it
is (an absolute URL, only characters outside ASCII's URL set percent-encoded) and writes
it as a /URI link annotation with a PDF/UA Link structure element, like any external
link."""

_XREF_PREFIX = XREF_SCHEME + ":"
# Catalog entries `join` builds itself rather than taking from the first part.
_BUILT = {"/Type", "/Pages", "/Outlines", "/StructTreeRoot", "/Names", "/Dests", "/PageLabels"}
log = logging.getLogger("dossier")


def xref_href(name: str) -> str:
    """The href of a link to anchor `name` that lives in another part.

    The name is percent-encoded whole, so that no character of it (a '%', a '#', a
    non-ASCII letter) is changed by WeasyPrint's URL handling; `join` decodes it."""
    return _XREF_PREFIX + quote(name, safe="")


def join(parts: list[Path], target: Path, edit=None) -> int:
    """Join the part PDFs, in order, into `target`. Returns the number of pages.
    `edit(index, pdf)`, if given, changes each part as it is opened. The parts are
    opened one at a time: each is copied and closed before the next is opened (the
    joined PDF's objects and one part's are all that is held)."""
    if not parts:
        raise ValueError("join needs at least one part")
    out = pikepdf.new()
    copied, next_key, version = [], 0, "1.3"
    for index, path in enumerate(parts):
        with pikepdf.open(path) as source:
            if edit:
                edit(index, source)
            before = len(out.objects)
            part = _copy_part(out, source, next_key)
            _own_stream_data(out, before)
            version = max(version, source.pdf_version, key=_version_key)
        copied.append(part)
        next_key = part.next_key
    dests = _merged_dests(copied)
    _set_catalog(out, copied)
    _set_outline(out, copied)
    tree = _merged_structure(out, copied)
    _resolve_xrefs(out, dests, tree)
    _retag_font_subsets(out.pages)
    if tree is not None:
        out.Root.StructTreeRoot = _structure_root(out, tree)
    if dests:
        out.Root.Names.Dests = Dictionary(Names=Array(
            item for key in sorted(dests, key=lambda k: bytes(dests[k][0]))
            for item in dests[key]))
    if not len(out.Root.Names):
        del out.Root["/Names"]
    # fix_metadata_version off: the first part's XMP is kept byte for byte.
    out.save(target, deterministic_id=True, min_version=version, fix_metadata_version=False,
             object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return len(out.pages)


def _own_stream_data(out: pikepdf.Pdf, first: int) -> None:
    """Streams copied from another PDF read their data from it when `out` is saved;
    give the streams numbered after `first` their own copy (as stored, compressed), so
    that their source can be closed."""
    for number in range(first + 1, len(out.objects) + 1):
        obj = out.get_object((number, 0))
        if isinstance(obj, pikepdf.Stream):
            obj.write(obj.read_raw_bytes(), filter=obj.get("/Filter"), decode_parms=obj.get("/DecodeParms"))


class _Part:
    """One part as copied into the joined PDF: its pages, and its catalog (everything
    but the page tree) with its references to pages pointing at the copied pages."""

    def __init__(self, first_page: int, pages: list[pikepdf.Page], catalog: Dictionary,
                 key_offset: int):
        self.first_page = first_page  # index of its first page in the joined PDF
        self.pages = pages
        self.catalog = catalog
        self.key_offset = key_offset  # added to the part's ParentTree keys
        self.next_key = key_offset    # the first key after the part's (moved) keys


def _copy_part(out: pikepdf.Pdf, source: pikepdf.Pdf, key_offset: int) -> _Part:
    first = len(out.pages)
    for page in source.pages:
        # append, not extend: extend warns that named destinations are not carried,
        # which `join` does itself.
        out.pages.append(page)
    # Pages first: copying the catalog afterwards maps its page references (outline,
    # destinations, structure elements) to the pages already copied.
    bundle = source.make_indirect(Dictionary({key: value for key, value in source.Root.items()
                                              if key != "/Pages"}))
    if "/Info" in source.trailer:
        bundle.Info = source.trailer.Info
    part = _Part(first, list(out.pages)[first:], out.copy_foreign(bundle), key_offset)
    tree_root = part.catalog.get("/StructTreeRoot")
    if tree_root is not None:
        keys = [key for key, _ in _tree_items(tree_root.get("/ParentTree"), "/Nums")]
        part.next_key = key_offset + max([int(tree_root.get("/ParentTreeNextKey", 0))]
                                         + [key + 1 for key in keys])
        _renumber_struct_parents(part)
    return part


def _renumber_struct_parents(part: _Part) -> None:
    """Move the part's /StructParents and /StructParent keys by its offset: on pages,
    on their annotations and on the form XObjects their content uses."""
    if not part.key_offset:
        return
    holders = [page.obj for page in part.pages]
    holders += [annotation for page in part.pages for annotation in page.obj.get("/Annots") or []]
    holders += [xobject for resources in _resources(part.pages)
                for xobject in (resources.get("/XObject") or {}).values()]
    seen: set[tuple[int, int]] = set()
    for holder in holders:
        if holder.is_indirect:
            if holder.objgen in seen:
                continue
            seen.add(holder.objgen)
        for key in ("/StructParents", "/StructParent"):
            if key in holder:
                holder[key] = int(holder[key]) + part.key_offset


def _resources(pages):
    """Every resource dictionary the pages' content uses, once each: the pages' own and
    those of the form XObjects and patterns they draw, at any depth."""
    seen: set[tuple[int, int]] = set()
    pending = deque(page.obj.get("/Resources") for page in pages)
    while pending:
        resources = pending.popleft()
        if not isinstance(resources, Dictionary):
            continue
        if resources.is_indirect:  # WeasyPrint shares one among all pages
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        yield resources
        for category in ("/XObject", "/Pattern"):
            for item in (resources.get(category) or {}).values():
                if isinstance(item, (Dictionary, pikepdf.Stream)):
                    if item.is_indirect:
                        if item.objgen in seen:
                            continue
                        seen.add(item.objgen)
                    pending.append(item.get("/Resources"))


_SUBSET_TAG = re.compile(r"^/([A-Z]{6})\+(.+)$")


def _retag_font_subsets(pages) -> None:
    """Give each font subset its own tag. WeasyPrint derives a subset's tag from the font's
    description, so every part names its own subset of a font alike; ISO 32000 wants
    different subsets in one file to have different tags. The first keeps its name; the
    others get a tag made from their embedded font file, so the bytes stay the same."""
    owners: dict[str, tuple[int, int]] = {}
    tags = set()
    fonts = [font for resources in _resources(pages) for font in (resources.get("/Font") or {}).values()
             if isinstance(font, Dictionary) and font.is_indirect]
    for font in fonts:
        match = _SUBSET_TAG.match(str(font.get("/BaseFont", "")))
        if match:
            tags.add(match[1])
    for font in fonts:
        name = str(font.get("/BaseFont", ""))
        match = _SUBSET_TAG.match(name)
        if not match or owners.setdefault(name, font.objgen) == font.objgen:
            continue
        descendants = list(font.get("/DescendantFonts") or [])
        descriptors = [d.FontDescriptor for d in [font] + descendants if "/FontDescriptor" in d]
        files = b"".join(d[key].read_raw_bytes() for d in descriptors
                         for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in d)
        digest = hashlib.md5(files + name.encode(), usedforsecurity=False).digest()
        tag = "".join(chr(65 + byte % 26) for byte in digest[:6])
        while tag in tags:  # never another subset's tag
            digest = hashlib.md5(digest, usedforsecurity=False).digest()
            tag = "".join(chr(65 + byte % 26) for byte in digest[:6])
        tags.add(tag)
        renamed = Name(f"/{tag}+{match[2]}")
        owners[str(renamed)] = font.objgen
        for holder in [font] + descendants:
            if "/BaseFont" in holder:
                holder.BaseFont = renamed
        for descriptor in descriptors:
            if "/FontName" in descriptor:
                descriptor.FontName = renamed


# --- Name and number trees --------------------------------------------------------------

def _tree_items(node, kind: str, depth: int = 0):
    """(key, value) pairs of a name tree (kind "/Names") or number tree ("/Nums"), in
    the tree's order, keys as written (String or int)."""
    if node is None or depth > 64:
        return
    pairs = node.get(kind)
    if pairs is not None:
        for i in range(0, len(pairs) - 1, 2):
            key = pairs[i]
            yield (int(key) if kind == "/Nums" else key), pairs[i + 1]
    for kid in node.get("/Kids") or []:
        yield from _tree_items(kid, kind, depth + 1)


def _merged_names(trees) -> dict[str, tuple[String, object]]:
    """Names of several name trees by decoded name: the key as written (so that links
    naming it by the same bytes still match) and its value; the first tree wins."""
    merged: dict[str, tuple[String, object]] = {}
    for tree in trees:
        for key, value in _tree_items(tree, "/Names"):
            merged.setdefault(str(key), (key, value))
    return merged


def _merged_dests(parts: list[_Part]) -> dict[str, tuple[String, object]]:
    """Every part's named destinations; a name two parts have goes to the first, as
    WeasyPrint sends a name two elements have to the first."""
    trees = []
    for part in parts:
        names = part.catalog.get("/Names")
        trees.append(names.get("/Dests") if names is not None else None)
        old_style = part.catalog.get("/Dests")  # PDF 1.1 dictionary of names
        if old_style is not None:
            trees.append(Dictionary(Names=Array(
                item for key, value in old_style.items() for item in (String(key[1:]), value))))
    return _merged_names(trees)


# --- Catalog and outline -----------------------------------------------------------------

def _set_catalog(out: pikepdf.Pdf, parts: list[_Part]) -> None:
    """The first part's catalog entries and document info; an entry the first part
    lacks is taken from the first part that has it."""
    for part in parts:
        for key, value in part.catalog.items():
            if key in _BUILT or key == "/Info" or key in out.Root:
                continue
            out.Root[key] = value
    names = parts[0].catalog.get("/Names")
    out.Root.Names = Dictionary({key: value for key, value in (names or {}).items() if key != "/Dests"})
    if "/Info" in parts[0].catalog:
        info = parts[0].catalog.Info
        out.trailer.Info = info if info.is_indirect else out.make_indirect(info)
    if any("/PageLabels" in part.catalog for part in parts):
        out.Root.PageLabels = _merged_page_labels(parts)


def _merged_page_labels(parts: list[_Part]) -> Dictionary:
    """The parts' page label ranges, moved to where their pages are; a part without
    labels is numbered as viewers number unlabelled pages, by physical page."""
    nums = Array()
    for part in parts:
        ranges = list(_tree_items(part.catalog.get("/PageLabels"), "/Nums"))
        if not ranges or ranges[0][0] != 0:
            ranges.insert(0, (0, Dictionary(S=Name.D, St=part.first_page + 1)))
        for key, value in ranges:
            nums.extend([part.first_page + key, value])
    return Dictionary(Nums=nums)


def _set_outline(out: pikepdf.Pdf, parts: list[_Part]) -> None:
    """The parts' top-level outline items chained under one outline root."""
    items, count = [], 0
    for part in parts:
        root = part.catalog.get("/Outlines")
        if root is None or "/First" not in root:
            continue
        count += int(root.get("/Count", 0))
        item = root.First
        while item is not None:
            items.append(item)
            item = item.get("/Next")
    if not items:
        return
    outlines = out.make_indirect(Dictionary(Type=Name.Outlines, First=items[0], Last=items[-1],
                                            Count=count))
    for i, item in enumerate(items):
        item.Parent = outlines
        for key, other in (("/Prev", i - 1), ("/Next", i + 1)):
            if 0 <= other < len(items):
                item[key] = items[other]
            elif key in item:
                del item[key]
    out.Root.Outlines = outlines


# --- Structure tree ------------------------------------------------------------------------

class _Tree:
    """The joined structure tree while it is built."""

    def __init__(self):
        self.top: list[Dictionary] = []           # the root's kids
        self.parent_tree: dict[int, object] = {}  # key → element or array of elements
        self.next_key = 0
        self.role_map = Dictionary()
        self.class_map = Dictionary()
        self.id_trees: list = []
        self.namespaces = Array()


def _merged_structure(out: pikepdf.Pdf, parts: list[_Part]) -> _Tree | None:
    tree = _Tree()
    found = False
    for part in parts:
        root = part.catalog.get("/StructTreeRoot")
        if root is None:
            continue
        found = True
        kids = _kids(root)
        replaced: dict[tuple[int, int], Dictionary] = {}
        if (len(kids) == 1 and len(tree.top) == 1 and isinstance(kids[0], Dictionary)
                and kids[0].get("/S") == tree.top[0].get("/S")):
            # The same document element (WeasyPrint's /Document) in both: its kids join
            # the first one's, and what pointed at it points at the first one.
            _adopt(tree.top[0], kids[0])
            replaced[kids[0].objgen] = tree.top[0]
        else:
            tree.top.extend(kids)  # their /P is set to the joined root
        for key, value in _tree_items(root.get("/ParentTree"), "/Nums"):
            if replaced:
                value = _replace(value, replaced)
            new_key = key + part.key_offset
            if new_key in tree.parent_tree:
                raise ValueError(f"structure key {new_key} twice in the joined parts")
            tree.parent_tree[new_key] = value
            tree.next_key = max(tree.next_key, new_key + 1)
        tree.next_key = max(tree.next_key, part.next_key)
        for key, value in (root.get("/RoleMap") or {}).items():
            _set_default(tree.role_map, key, value)
        for key, value in (root.get("/ClassMap") or {}).items():
            _set_default(tree.class_map, key, value)
        if "/IDTree" in root:
            tree.id_trees.append(root.IDTree)
        for namespace in root.get("/Namespaces") or []:
            tree.namespaces.append(namespace)
    return tree if found else None


def _set_default(dictionary: Dictionary, key: str, value) -> None:
    if key not in dictionary:
        dictionary[key] = value


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _adopt(element: Dictionary, other: Dictionary) -> None:
    """Move the kids of `other` to the end of `element`'s kids."""
    kids = _kids(element)
    page = other.get("/Pg")
    for kid in _kids(other):
        if isinstance(kid, int):
            # A marked-content id on the other element's page: say which page.
            kid = Dictionary(Type=Name.MCR, Pg=page, MCID=kid)
        elif isinstance(kid, Dictionary):
            if kid.get("/Type") in (Name.MCR, Name.OBJR):
                if "/Pg" not in kid and page is not None:
                    kid.Pg = page
            else:
                kid.P = element
        kids.append(kid)
    element.K = Array(kids)


def _replace(value, replaced: dict[tuple[int, int], Dictionary]):
    if isinstance(value, Array):
        return Array(_replace(item, replaced) for item in value)
    if isinstance(value, Dictionary) and value.is_indirect and value.objgen in replaced:
        return replaced[value.objgen]
    return value


def _structure_root(out: pikepdf.Pdf, tree: _Tree) -> Dictionary:
    parent_tree = out.make_indirect(Dictionary(Nums=Array(
        item for key in sorted(tree.parent_tree) for item in (key, tree.parent_tree[key]))))
    root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array(tree.top),
                                        ParentTree=parent_tree, ParentTreeNextKey=tree.next_key))
    for kid in tree.top:
        if isinstance(kid, Dictionary) and kid.get("/Type") not in (Name.MCR, Name.OBJR):
            kid.P = root
    if len(tree.role_map):
        root.RoleMap = tree.role_map
    if len(tree.class_map):
        root.ClassMap = tree.class_map
    if tree.id_trees:
        ids = _merged_names(tree.id_trees)
        root.IDTree = Dictionary(Names=Array(
            item for key in sorted(ids, key=lambda k: bytes(ids[k][0])) for item in ids[key]))
    if len(tree.namespaces):
        root.Namespaces = tree.namespaces
    return root


# --- Cross-part links ----------------------------------------------------------------------

def _resolve_xrefs(out: pikepdf.Pdf, dests: dict[str, tuple[String, object]],
                   tree: _Tree | None) -> None:
    """Each `dossier-xref:NAME` link becomes an internal link to NAME; a link to a name
    no part has is left out (annotation, its structure reference and its key), as
    WeasyPrint leaves out a link to a missing anchor."""
    missing: dict[str, int] = {}
    for page in out.pages:
        annotations = page.obj.get("/Annots")
        if annotations is None:
            continue
        kept = []
        for annotation in annotations:
            name = _xref_name(annotation)
            if name is None:
                kept.append(annotation)
            elif name in dests:
                key = dests[name][0]
                del annotation["/A"]
                annotation.Dest = key
                annotation.Contents = key  # WeasyPrint's alt text of an internal link: the anchor name
                kept.append(annotation)
            else:
                missing[name] = missing.get(name, 0) + 1
                _drop_from_structure(annotation, tree)
        if len(kept) != len(annotations):
            if kept:
                page.obj.Annots = Array(kept)
            else:
                del page.obj["/Annots"]
    if missing:
        names = sorted(missing)
        shown = ", ".join("#" + name for name in names[:10])
        more = f" and {len(names) - 10} more" if len(names) > 10 else ""
        links = sum(missing.values())
        log.warning("warning: PDF: %d link%s to an anchor no part of the book has, left out: %s%s",
                    links, "s" if links != 1 else "", shown, more)


def _xref_name(annotation) -> str | None:
    action = annotation.get("/A")
    if annotation.get("/Subtype") != Name.Link or action is None or action.get("/S") != Name.URI:
        return None
    uri = str(action.get("/URI", ""))
    return unquote(uri[len(_XREF_PREFIX):]) if uri.startswith(_XREF_PREFIX) else None


def _drop_from_structure(annotation, tree: _Tree | None) -> None:
    if tree is None or "/StructParent" not in annotation:
        return
    element = tree.parent_tree.pop(int(annotation.StructParent), None)
    if not isinstance(element, Dictionary):
        return
    kids = [kid for kid in _kids(element)
            if not (isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR
                    and kid.get("/Obj") is not None and kid.Obj.objgen == annotation.objgen)]
    element.K = Array(kids)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in version.split(".") if n.isdigit())

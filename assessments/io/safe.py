"""Reading untrusted zip packages and XML safely.

* zip: at most :data:`MAX_FILES` entries and :data:`MAX_TOTAL_BYTES` uncompressed in total (checked on the
  declared sizes *and* while reading, so a lying header does not help); no absolute paths, no ``..``.
* XML: lxml with ``resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False``; documents
  with a ``<!DOCTYPE`` or ``<!ENTITY`` are refused before parsing (XXE, billion laughs).
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from ..problems import Place, Problem, place
from . import LineError

MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_FILES = 5000


class PackageError(Exception):
    """The package as a whole cannot be read; ``errors`` says why."""

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def _in_package(name: str, path: str) -> Place:
    """"package.zip: items/x.xml"."""
    return Place(("file", {"file": name}), ("file", {"file": path}))


def read_zip(data: bytes, name: str, *, max_total: int = MAX_TOTAL_BYTES, max_files: int = MAX_FILES
             ) -> dict[str, bytes]:
    """All files of a zip (path → bytes), or PackageError listing every problem found."""
    if not isinstance(data, bytes | bytearray) or not zipfile.is_zipfile(io.BytesIO(data)):
        raise PackageError([LineError(place("file", file=name), Problem("zip.not_zip"))])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except Exception as exc:  # zipfile raises many types (IndexError, NotImplementedError, …) for damaged files
        raise PackageError([LineError(place("file", file=name), Problem("zip.damaged", error=exc))]) from None
    errors: list[LineError] = []
    if len(infos) > max_files:
        errors.append(LineError(place("file", file=name), Problem("zip.too_many_files", files=len(infos),
                                                                  max=max_files)))
    declared = sum(i.file_size for i in infos)
    if declared > max_total:
        errors.append(LineError(place("file", file=name), Problem("zip.too_large", mb=declared // (1024 * 1024),
                                                                  max=max_total // (1024 * 1024))))
    for info in infos:
        path = info.filename
        parts = re.split(r"[/\\]", path)
        if path.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", path):
            errors.append(LineError(_in_package(name, path), Problem("zip.outside")))
    if errors:
        raise PackageError(errors)
    files: dict[str, bytes] = {}
    total = 0
    for info in infos:
        try:
            with archive.open(info) as fh:
                content = fh.read(max_total - total + 1)
        except Exception as exc:  # damaged entries: BadZipFile, zlib.error, EOFError, NotImplementedError, …
            raise PackageError([LineError(_in_package(name, info.filename), Problem("zip.entry", error=exc))]) from None
        total += len(content)
        if total > max_total:
            raise PackageError([LineError(place("file", file=name), Problem("zip.too_large_unpacked",
                                                                            max=max_total // (1024 * 1024)))])
        files[info.filename] = content
    return files


_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "dtd_validation": False,
    "remove_comments": False,
}


def parse_xml(data: bytes, where: str) -> tuple[etree._Element | None, list[LineError]]:
    """The root element, or None with the errors (with line numbers) that explain why."""
    match = re.search(rb"<!\s*(DOCTYPE|ENTITY)", data)
    if match:
        line = data.count(b"\n", 0, match.start()) + 1
        return None, [LineError(place("file_line", file=where, line=line), Problem("xml.doctype"))]
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)  # hardened parser: no entities, DTD or network
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        message = exc.msg.split(", line")[0] if exc.msg else "syntax error"
        return None, [LineError(place("file_line", file=where, line=line), Problem("xml.not_well_formed",
                                                                                   error=message))]
    return root, []

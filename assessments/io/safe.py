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

from . import LineError

MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_FILES = 5000


class PackageError(Exception):
    """The package as a whole cannot be read; ``errors`` says why."""

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def read_zip(data: bytes, name: str, *, max_total: int = MAX_TOTAL_BYTES, max_files: int = MAX_FILES
             ) -> dict[str, bytes]:
    """All files of a zip (path → bytes), or PackageError listing every problem found."""
    if not isinstance(data, bytes | bytearray) or not zipfile.is_zipfile(io.BytesIO(data)):
        raise PackageError([LineError(name, "this is not a zip file; export the package again as a .zip")])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except Exception as exc:  # zipfile raises many types (IndexError, NotImplementedError, …) for damaged files
        raise PackageError([LineError(name, f"the zip file is damaged and cannot be opened ({exc})")]) from None
    errors: list[LineError] = []
    if len(infos) > max_files:
        errors.append(LineError(name, f"the package holds {len(infos)} files; at most {max_files} are allowed"))
    declared = sum(i.file_size for i in infos)
    if declared > max_total:
        errors.append(LineError(name, f"the package unpacks to {declared // (1024 * 1024)} MB; "
                                      f"at most {max_total // (1024 * 1024)} MB is allowed"))
    for info in infos:
        path = info.filename
        parts = re.split(r"[/\\]", path)
        if path.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", path):
            errors.append(LineError(f"{name}: {path}", "this file path points outside the package "
                                                       "(it contains '..' or is absolute); the package is refused"))
    if errors:
        raise PackageError(errors)
    files: dict[str, bytes] = {}
    total = 0
    for info in infos:
        try:
            with archive.open(info) as fh:
                content = fh.read(max_total - total + 1)
        except Exception as exc:  # damaged entries: BadZipFile, zlib.error, EOFError, NotImplementedError, …
            raise PackageError([LineError(f"{name}: {info.filename}", f"cannot be unpacked ({exc})")]) from None
        total += len(content)
        if total > max_total:
            raise PackageError([LineError(name, f"the package unpacks to more than "
                                                f"{max_total // (1024 * 1024)} MB; it is refused")])
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
        return None, [LineError(f"{where} line {line}", "the file declares a DOCTYPE or entities; that is not "
                                                        "allowed in QTI files (it can be used to read files from "
                                                        "the server), so the file is refused")]
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)  # hardened parser: no entities, DTD or network
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        message = exc.msg.split(", line")[0] if exc.msg else "syntax error"
        return None, [LineError(f"{where} line {line}", f"the file is not well-formed XML: {message}")]
    return root, []

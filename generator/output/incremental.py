"""Incremental MkDocs builds that equal a clean build, byte for byte.

Layer: output (used by ``output.mkdocs`` and its hooks). MkDocs' own ``--dirty`` build
trusts file times and keeps a stale navigation, so it is wrong whenever more than one
page changed. Here a build starts from a hard-linked copy of the last site and MkDocs
runs in dirty mode, but what counts as changed is decided by content:

- every built page carries ``<meta name="opsmanual-page" content="KEY:HASH">``: the key of
  everything that is the same for all pages (``mkdocs.yml``, the navigation, the theme,
  the hooks, the tool's version) and the hash of the page's own Markdown. A page is built
  again only when its meta differs from what it would be now; so a change of navigation
  rebuilds every page, and a step renamed rebuilds the pages that show it;
- a static file is not copied at all: public/ links to the file of site/, so an
  unchanged one is known by its inode and costs nothing;
- the search index is the pages' entries in page order: entries of a page not built
  again come from a cache keyed by page and hash, so Chinese text is segmented once per
  page content, not once per build;
- what a clean build would not write (a removed page) is deleted.

Anything MkDocs writes in place is unlinked first, so the live site the copy was linked
from never changes. Other plugins than search may need every page read: with one, every
build is clean.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGE_META = "opsmanual-page"
_META = re.compile(rb'<meta name="opsmanual-page" content="([^"]*)">')
#: what MkDocs writes into site_dir besides pages and files: always rewritten in place
ALWAYS_WRITTEN = ("search/search_index.json", "sitemap.xml.gz")


@dataclass
class Session:
    """What one build knows and learns about incrementality."""

    key: str
    #: whether the site folder holds a previous build to start from
    dirty: bool
    #: url → {"hash", "entries"}: search entries of the last build
    cached: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: url → {"hash", "entries"}: search entries of this build, fresh or reused
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: src_uri → hash of the page's Markdown
    hashes: dict[str, str] = field(default_factory=dict)
    rebuilt: list[str] = field(default_factory=list)
    mark: int = 0
    files: Any = None

    def meta(self, src_uri: str) -> str:
        """The meta tag a page built now carries."""
        return f'<meta name="{PAGE_META}" content="{self.key}:{self.hashes[src_uri]}">'


#: the session of the build in progress (MkDocs' hooks find it here)
ACTIVE: Session | None = None


def digest(data: bytes) -> str:
    """A short content hash."""
    return hashlib.sha256(data).hexdigest()[:20]


def page_url(file: Any) -> str:
    """The URL of a page as its ``Page`` has it (the home page's is ``""``)."""
    url = str(file.url)
    return "" if url in (".", "./") else url


def page_meta(html_path: Path) -> bytes | None:
    """The ``opsmanual-page`` meta value of a built page (read from its head only)."""
    try:
        with html_path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    found = _META.search(head)
    return found.group(1) if found else None


def decide(session: Session, files: Any, config: Any) -> None:
    """Mark each of MkDocs' files modified or not, and free what will be written."""
    session.files = files
    site_dir = Path(config["site_dir"])
    for name in (*config.theme.static_templates, *config.extra_templates, *ALWAYS_WRITTEN):
        (site_dir / name).unlink(missing_ok=True)  # written on every build, in place
    for file in files:
        dest = Path(file.abs_dest_path)
        source = Path(file.abs_src_path) if file.abs_src_path else None
        if file.is_documentation_page():
            data = source.read_bytes() if source else b""
            session.hashes[file.src_uri] = digest(data)
            cached = session.cached.get(page_url(file), {})
            expected = f"{session.key}:{session.hashes[file.src_uri]}".encode()
            modified = (
                not session.dirty
                or page_meta(dest) != expected
                or cached.get("hash") != session.hashes[file.src_uri]
            )
        else:
            modified = not _linked(source, dest)
        if modified:
            dest.unlink(missing_ok=True)  # a hard link to the live site: never write into it
        file.is_modified = _constant(modified)


def _constant(value: bool) -> Any:
    return lambda: value


def _linked(source: Path | None, dest: Path) -> bool:
    """Make ``dest`` the very file ``source`` is (a hard link), or at least the same bytes.

    A static file of the site is then never copied: the staged site/ and public/ share it,
    and since no build ever edits a file (each write replaces it), sharing is safe. An
    unchanged download is the same file as last time, found by its inode, not read.
    Returns False where MkDocs must copy it (another file system, and the bytes differ).
    """
    if source is None or not source.is_file():
        return False
    if dest.is_file() and dest.samefile(source):
        return True
    try:
        dest.unlink(missing_ok=True)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.hardlink_to(source)
        return True
    except OSError:  # another file system (the theme's files): compare, copy if needed
        return False


def ordered_entries(session: Session) -> Iterator[dict[str, Any]]:
    """Every page's search entries, in page order (fresh where built, else cached)."""
    for file in session.files.documentation_pages():
        url = page_url(file)
        found = session.entries.get(url)
        if found is None:
            found = session.cached[url]
            session.entries[url] = found
        yield from found["entries"]


def load_cache(path: Path) -> dict[str, dict[str, Any]]:
    """The search entries saved by the last build ({} when there are none or they are bad)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def expected_outputs(session: Session, config: Any, site_dir: Path) -> set[Path]:
    """Every path a clean build writes into ``site_dir``."""
    found = {Path(f.abs_dest_path) for f in session.files}
    for name in (*config.theme.static_templates, *config.extra_templates):
        found.add(site_dir / name)
    found |= {site_dir / name for name in ALWAYS_WRITTEN}
    return found


def remove_stale(site_dir: Path, expected: set[Path]) -> list[str]:
    """Delete what a clean build would not have written (pages and files now gone)."""
    removed = []
    for path in sorted(site_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in expected:
            path.unlink()
            removed.append(path.relative_to(site_dir).as_posix())
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed

"""The site builds on ProperDocs too, and is as safe there (issue 14 §6).

ProperDocs is the maintained fork of MkDocs 1.x: the way off MkDocs 1.6 when its
maintenance ends (``docs/site-engines.md``). It is run here as a manual's deployment
would run it — its own command on the generated ``site/`` folder, the manual's
``mkdocs.yml`` inherited, without the generator's hooks — over the hostile manual, whose
every text field holds script. Its output goes through our own safety step
(``pipeline.build.secure_site``) and is compared with what MkDocs built: the same pages,
the same article of every page, and no author markup left raw in either.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.pipeline.build import secure_site

from .hostile_manual import hostile_manual
from .sites import build_ok

pytestmark = pytest.mark.requires_dot

#: what an attack becomes when it is left raw in a page: markup that would run
RAW = ("<script>window.__pwned", "<img src=x onerror", "<svg onload", '<i id="pwned')
#: a role name that closes the page's <title> and opens a script
TITLE = "</title><script>window.__pwned=7</script>Teller"
ARTICLE = re.compile(r"<article[^>]*>(.*?)</article>", re.S)


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}


def raw_markup(site: dict[str, str]) -> list[str]:
    return sorted(f"{name}: {bad}" for name, text in site.items() for bad in RAW if bad in text)


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str], list[str]]:
    """(MkDocs' public/, ProperDocs' site, its raw findings before, the pages secured)."""
    root = hostile_manual(tmp_path_factory.mktemp("engines") / "manual")
    role = root / "roles/teller.yml"
    data = yaml.safe_load(role.read_text("utf-8"))
    role.write_text(yaml.safe_dump({**data, "name": TITLE}, allow_unicode=True), "utf-8")
    result = build_ok(root)
    assert result.generated is not None
    config = root / "properdocs.yml"
    config.write_text(
        yaml.safe_dump(
            {"INHERIT": "mkdocs.yml", "nav": result.generated.nav, "site_dir": "properdocs"},
            allow_unicode=True,
        ),
        "utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config)],
        cwd=root, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    before = raw_markup(pages(root / "properdocs"))
    secured = secure_site(root / "properdocs", result.generated)
    return root / "public", root / "properdocs", before, secured


def test_properdocs_builds_the_same_pages(engines: tuple[Path, Path, list[str], list[str]]) -> None:
    mkdocs_site, properdocs_site, _before, _secured = engines
    ours, theirs = pages(mkdocs_site), pages(properdocs_site)
    assert len(ours) > 20
    assert sorted(ours) == sorted(theirs)
    different = [
        name for name in ours
        if ARTICLE.findall(ours[name]) != ARTICLE.findall(theirs[name])
    ]  # fmt: skip
    assert not different, different[:5]


def test_our_safety_step_is_what_makes_properdocs_safe(
    engines: tuple[Path, Path, list[str], list[str]],
) -> None:
    mkdocs_site, properdocs_site, before, secured = engines
    # the engine alone leaves the titles' script raw (Material's striptags), the step
    # escapes every one of them: that is why the step is ours and not a hook
    assert before, "ProperDocs escaped the titles by itself: the step may be redundant"
    assert secured
    assert raw_markup(pages(properdocs_site)) == []
    assert raw_markup(pages(mkdocs_site)) == []
    escaped = "<title>&lt;/title&gt;&lt;script&gt;window.__pwned=7&lt;/script&gt;Teller"
    for site in (pages(mkdocs_site), pages(properdocs_site)):
        assert escaped in site["roles/teller/index.html"]

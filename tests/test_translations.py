"""French is the default language: every string of the site must be translated,
none fuzzy, and the compiled catalogue must match its source."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")


def problems_in(po: polib.POFile) -> list[str]:
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif not entry.translated():
            problems.append(f"untranslated: {entry.msgid!r}")
    return problems


def test_french_catalogue_is_complete_and_has_nothing_fuzzy():
    assert problems_in(polib.pofile(str(CATALOGUE))) == []


def test_compiled_french_catalogue_matches_its_source():
    po = polib.pofile(str(CATALOGUE))
    mo = polib.mofile(str(COMPILED))

    def entries(catalogue):
        return {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalogue
            if not e.obsolete and e.msgid
        }

    assert entries(mo) == entries(po), "run `make catalogues` to recompile"


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext is not installed (apt-get install gettext)",
)
def test_every_string_in_the_code_and_templates_is_in_the_catalogue(tmp_path):
    """Extract the strings again from a copy of the sources and check that the
    catalogue already has a French translation for each one."""
    source = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(
        source,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "staticfiles", "test-artifacts", "*.pyc", ".*cache"
        ),
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "fr",
            "--ignore",
            "tests/*",
            "--no-obsolete",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    refreshed = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    assert problems_in(refreshed) == [], "run `make messages` and translate"

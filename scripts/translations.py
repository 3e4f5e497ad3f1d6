"""Keep the gettext catalogs in step with the code: extract, update, compile and check them.

    python scripts/translations.py update    # new strings into every .po, stale ones dropped
    python scripts/translations.py compile   # .po -> .mo (the files the package reads)
    python scripts/translations.py check     # exit 1 on any missing, untranslated or stale entry
    python scripts/translations.py fill es FILE.json   # take translations from {msgid: msgstr}

Babel does the work (it ships with JupyterLab); the package itself reads the ``.mo`` files with
the standard library only.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "medlab_teach"
LOCALE_DIR = PACKAGE / "locale"
DATAPACKAGE: Path | None = None  # None: the package's own datasets/datapackage.json
DOMAIN = "medlab_teach"
TRANSLATED = ("es",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def po_path(language: str) -> Path:
    """Where translators edit one language."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def template() -> Catalog:
    """Every string the package marks for translation, with where it is used."""
    catalog = Catalog(project="medlab-teach", domain=DOMAIN, charset="utf-8")
    found = extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("i18n:",)
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(message, locations=[(f"medlab_teach/{filename}", lineno)],
                    auto_comments=comments, context=context)
    datapackage = DATAPACKAGE or PACKAGE / "datasets" / "datapackage.json"
    if datapackage.exists():
        for text, where in datapackage_texts(datapackage):
            catalog.add(text, locations=[("medlab_teach/datasets/datapackage.json", None)],
                        auto_comments=[where])
    return catalog


def datapackage_texts(path: Path) -> list[tuple[str, str]]:
    """What ``data.describe`` and the website show a learner from the data package, with where
    each text sits: titles, descriptions, caveats, licence titles and column descriptions.
    Source titles and links are citations and stay as their authors wrote them."""
    package = json.loads(path.read_text(encoding="utf-8"))
    texts: list[tuple[str, str]] = []
    for resource in package.get("resources", []):
        name = resource.get("name", "?")
        texts += [(resource.get(key, ""), f"{name}: {key}") for key in ("title", "description")]
        texts += [(lic.get("title", ""), f"{name}: licence")
                  for lic in resource.get("licenses", [])]
        texts += [(caveat, f"{name}: caveat") for caveat in resource.get("caveats", [])]
        texts += [(field.get("description", ""), f"{name}.{field.get('name')}: column")
                  for field in resource.get("schema", {}).get("fields", [])]
    return [(text, where) for text, where in texts if isinstance(text, str) and text]


def read_catalog(language: str) -> Catalog:
    """One language's catalog as translators left it (empty if there is none yet)."""
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, project="medlab-teach", domain=DOMAIN, charset="utf-8")
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    """The ``.mo`` bytes of a catalog, without fuzzy entries (they are not translations yet)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update(language: str) -> Catalog:
    """Bring one .po in step with the code: new strings added empty, strings gone removed."""
    catalog = read_catalog(language)
    created = catalog.creation_date
    catalog.update(template(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.creation_date = created  # stable header: a diff shows only what translators changed
    catalog.fuzzy = False
    catalog.header_comment = (
        f"# {language} catalog of medlab-teach: every string the package shows a learner.\n"
        "# Distributed under the same licence as medlab-teach (MIT)."
    )
    catalog.version = "1"
    catalog.copyright_holder = catalog.last_translator = "medlab-teach contributors"
    catalog.language_team = {"es": "Spanish"}.get(language, language)
    catalog.msgid_bugs_address = ""
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, include_lineno=False)
    return catalog


def compile_catalog(language: str) -> Path:
    """Write the .mo the package reads."""
    mo = po_path(language).with_suffix(".mo")
    mo.write_bytes(compiled(read_catalog(language)))
    return mo


def fill(language: str, translated: dict[str, str]) -> int:
    """Write translations given as ``{English: translation}`` into a .po (and compile it)."""
    catalog = read_catalog(language)
    filled = 0
    for message in catalog:
        if isinstance(message.id, str) and message.id in translated:
            message.string = translated[message.id]
            message.flags.discard("fuzzy")
            filled += 1
    with po_path(language).open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, include_lineno=False)
    compile_catalog(language)
    return filled


def problems(language: str) -> list[str]:
    """Everything that would show a learner English in ``language``, or a stale translation."""
    wanted = {message.id for message in template() if message.id}
    catalog = read_catalog(language)
    have = {message.id: message for message in catalog if message.id}
    found = [f"missing from {language}.po: {_show(mid)}" for mid in sorted(wanted - set(have),
                                                                          key=str)]
    found += [f"stale in {language}.po (no longer in the code): {_show(mid)}"
              for mid in sorted(set(have) - wanted, key=str)]
    for mid in sorted(wanted & set(have), key=str):
        message = have[mid]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            found.append(f"untranslated in {language}.po: {_show(mid)}")
    mo = po_path(language).with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != compiled(catalog):
        found.append(f"{mo.relative_to(ROOT)} is stale: run python scripts/translations.py compile")
    return found


def _show(message_id: str | tuple[str, ...]) -> str:
    return repr(message_id[0] if isinstance(message_id, tuple) else message_id)


def main(argv: list[str]) -> int:
    """The command line: update, compile or check every translated language."""
    command = argv[0] if argv else "check"
    if command == "fill" and len(argv) == 3:
        translated = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        print(f"{fill(argv[1], translated)} translations written")
        return 0
    if command not in {"update", "compile", "check"}:
        print(__doc__)
        return 2
    failures: list[str] = []
    for language in TRANSLATED:
        if command == "update":
            update(language)
        if command in {"update", "compile"}:
            compile_catalog(language)
        failures += problems(language)
    print("\n".join(failures) or "catalogs complete and compiled")
    return 1 if failures and command == "check" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

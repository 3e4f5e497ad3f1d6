"""Build the course website: every lesson executed, both editions, a language switch, a zip.

    python scripts/build_book.py                 # both editions into build/book/site
    python scripts/build_book.py --languages es  # one edition (a quick look while writing)

The sources are staged per edition under ``build/book/src/<lang>`` (lessons, guides, one page per
data table written from ``datapackage.json``); only files whose bytes changed are rewritten, and
executed notebooks are cached by their code, so a rebuild after one change takes seconds. Sphinx
runs with ``-W``: a notebook error, a broken link or a figure without alternative text fails it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "docs" / "book"
LANGUAGES = ("es", "en")  # Spanish first: the kit's readers are Spanish-first
ZIP_NAME = "medlab-teach-site.zip"


def lesson_folder(language: str) -> Path:
    """Where one edition's lessons are (``lessons/<lang>``; the English edition may be flat)."""
    edition = ROOT / "lessons" / language
    if edition.is_dir():
        return edition
    if language == "en":
        return ROOT / "lessons"
    raise FileNotFoundError(f"No lessons for the '{language}' edition in {edition}.")


def write_if_changed(path: Path, content: bytes) -> None:
    """Keep a staged file's date when its bytes are the same: Sphinx then skips it."""
    if path.exists() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def guide_source(language: str, name: str) -> Path | None:
    """A guide in the edition's language if it exists, else the English one."""
    for candidate in (ROOT / "docs" / language / name, ROOT / "docs" / name):
        if candidate.exists():
            return candidate
    return None


def stage(language: str, stage_root: Path) -> Path:
    """Lay out one edition's sources for Sphinx; remove what no longer exists."""
    from book_data_pages import data_pages

    srcdir = stage_root / language
    wanted: dict[Path, bytes] = {srcdir / "index.md": (BOOK / language / "index.md").read_bytes()}
    for notebook in sorted(lesson_folder(language).glob("*.ipynb")):
        wanted[srcdir / "lessons" / notebook.name] = notebook.read_bytes()
    for name in sorted(p.name for p in (ROOT / "docs").glob("*.md")):
        source = guide_source(language, name)
        if source is not None:
            wanted[srcdir / "docs" / name] = source.read_bytes()
    for relative, text in data_pages(language).items():
        wanted[srcdir / relative] = text.encode("utf-8")
    for path, content in wanted.items():
        write_if_changed(path, content)
    for path in list(srcdir.rglob("*")):
        if path.is_file() and path not in wanted and "jupyter_execute" not in path.parts:
            path.unlink()
    return srcdir


def sphinx(language: str, build: Path) -> None:
    """Run Sphinx on one staged edition; any warning is an error."""
    env = dict(os.environ, MEDLAB_BOOK_LANG=language, MEDLAB_LANG=language,
               MEDLAB_BOOK_STAGE=str(build / "src"), MEDLAB_BOOK_CACHE=str(build / "cache"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"),
                                                        os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(BOOK), "-W",
               "--keep-going", "-q", "-d", str(build / "doctrees" / language),
               str(build / "src" / language), str(build / "site" / language)]
    subprocess.run(command, check=True, env=env, cwd=ROOT)


def write_front_page(site: Path, languages: list[str]) -> None:
    """The site's root: goes to the Spanish edition, offers both and the offline copy."""
    links = "\n".join(
        f'<li><a href="{code}/index.html" hreflang="{code}" lang="{code}">{name}</a></li>'
        for code, name in (("es", "Edición en español"), ("en", "English edition"))
        if code in languages)
    html = f"""<!DOCTYPE html>
<html lang="es">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="3; url={languages[0]}/index.html">
<title>medlab-teach</title></head>
<body><main>
<h1>Gestión local integral de la seguridad · Integral local security management</h1>
<ul>
{links}
</ul>
<p><a href="{ZIP_NAME}" download>Descargar el sitio para usarlo sin conexión
(Download the site for offline use)</a></p>
</main></body></html>
"""
    (site / "index.html").write_text(html, encoding="utf-8")


def write_offline_copy(site: Path) -> Path:
    """The whole site in one zip, for workshops without internet."""
    target = site / ZIP_NAME
    tmp = site.parent / (ZIP_NAME + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file() and path != target:
                archive.write(path, Path("medlab-teach-site") / path.relative_to(site))
    tmp.replace(target)
    return target


def package_fingerprint() -> str:
    """A hash of the kit's code and data and of the website's own code: executed lessons depend on
    them, not only on their own code (which is all the notebook cache looks at)."""
    digest = hashlib.sha256()
    for folder in (ROOT / "src" / "medlab_teach", BOOK / "_ext", BOOK / "_templates"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    digest.update((BOOK / "conf.py").read_bytes())
    return digest.hexdigest()


def forget_stale_results(build_dir: Path) -> None:
    """Drop cached executions and pages when the kit itself changed since the last build."""
    stamp = build_dir / "package.sha256"
    fingerprint = package_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    for folder in ("cache", "doctrees", "site", "jupyter_execute"):
        shutil.rmtree(build_dir / folder, ignore_errors=True)
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint)


def build(languages: list[str], build_dir: Path) -> Path:
    """Stage and build each edition, then the front page and the offline zip."""
    sys.path.insert(0, str(ROOT / "scripts"))
    forget_stale_results(build_dir)
    for language in languages:
        stage(language, build_dir / "src")
    for language in languages:
        sphinx(language, build_dir)
    site = build_dir / "site"
    for stale in site.iterdir() if site.exists() else []:
        if stale.is_dir() and stale.name not in languages:
            shutil.rmtree(stale)
    write_front_page(site, languages)
    write_offline_copy(site)
    return site


def main(argv: list[str] | None = None) -> int:
    """The command line (``make book``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", nargs="+", choices=LANGUAGES, default=list(LANGUAGES))
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "book")
    args = parser.parse_args(argv)
    try:
        site = build(args.languages, args.out.resolve())
    except subprocess.CalledProcessError:
        print("The website did not build: see the errors above.", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Website: {site / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The course website: full and incremental build times, and what each lesson page weighs.

    python benchmarks/bench_book.py

Builds into a temporary folder (the checkout's build/ is left alone): once from nothing, then again
after a one-word change to one lesson's prose (the executed notebooks come from the cache), then
reports each lesson page's weight: its HTML plus the images it shows, and the shared theme files a
first visit downloads once.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _builder():
    spec = importlib.util.spec_from_file_location("build_book", ROOT / "scripts" / "build_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_weight(page: Path) -> tuple[int, int]:
    """Bytes of a page's HTML and of the images it shows."""
    html = page.read_text(encoding="utf-8")
    images = {m for m in re.findall(r'<img[^>]+src="([^"]+)"', html)}
    image_bytes = sum((page.parent / src).resolve().stat().st_size for src in images)
    return len(html.encode("utf-8")), image_bytes


def shared_assets(site: Path, page: Path) -> int:
    """Bytes of the CSS and scripts a first visit to ``page`` loads (cached for later pages)."""
    html = page.read_text(encoding="utf-8")
    refs = re.findall(r'(?:href|src)="([^"]+\.(?:css|js))(?:\?[^"]*)?"', html)
    return sum((page.parent / ref).resolve().stat().st_size for ref in set(refs)
               if (page.parent / ref).resolve().exists())


def main() -> None:
    """Build twice and print the figures."""
    builder = _builder()
    languages = [lang for lang in builder.LANGUAGES
                 if (ROOT / "lessons" / lang).is_dir() or lang == "en"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "book"
        start = time.perf_counter()
        site = builder.build(languages, out)
        full = time.perf_counter() - start

        lesson = sorted(builder.lesson_folder(languages[-1]).glob("*.ipynb"))[2]
        original = lesson.read_bytes()
        notebook = json.loads(original)
        first_text = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
        first_text["source"] = [*first_text["source"], " "]
        try:
            lesson.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n",
                              encoding="utf-8")
            start = time.perf_counter()
            builder.build(languages, out)
            incremental = time.perf_counter() - start
        finally:
            lesson.write_bytes(original)

        print(f"editions: {', '.join(languages)}")
        print(f"full build from nothing: {full:.1f} s")
        print(f"rebuild after one prose change: {incremental:.1f} s "
              f"({incremental / full:.2f} of the full build)")
        for language in languages:
            pages = sorted((site / language / "lessons").rglob("*.html"))
            print(f"\n{language}: lesson page weight (HTML + its images), KiB")
            for page in pages:
                html, images = page_weight(page)
                print(f"  {page.stem[:40]:40s} {html / 1024:7.1f} + {images / 1024:7.1f}"
                      f" = {(html + images) / 1024:7.1f}")
            if pages:
                print(f"  theme CSS+JS on a first visit, then cached: "
                      f"{shared_assets(site / language, pages[0]) / 1024:.0f} KiB")
        zipped = site / builder.ZIP_NAME
        print(f"\noffline copy: {zipped.stat().st_size / 1024 / 1024:.1f} MiB")
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

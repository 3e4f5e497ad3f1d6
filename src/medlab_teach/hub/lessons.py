"""The lessons, delivered to every student's home with nbgitpuller.

The hub keeps a git repository of the lessons (``lessons_repo``, a bare repository on the
server, or any public git URL). A student who opens the nbgitpuller link gets a copy in
``~/<lessons_folder>/``; opening it again brings the instructor's updates and never overwrites
what the student changed: nbgitpuller merges, keeps the student's version of a file both sides
changed, and restores a file the student deleted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from medlab_teach.hub.settings import HubSettings

COMMITTER = {"GIT_AUTHOR_NAME": "medlab-teach", "GIT_AUTHOR_EMAIL": "medlab-teach@localhost",
             "GIT_COMMITTER_NAME": "medlab-teach",
             "GIT_COMMITTER_EMAIL": "medlab-teach@localhost"}
#: What students get: the lessons (they read the kit's data through the installed package).
LESSON_PARTS = ("lessons",)


def repo_url(settings: HubSettings) -> str:
    """The URL nbgitpuller clones: a local bare repository as a file:// URL."""
    repo = settings.lessons_repo
    return repo if "://" in repo else f"file://{repo}"


def _git(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False,
                          env={**os.environ, **COMMITTER})
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def publish_lessons(settings: HubSettings, kit: Path | None = None,
                    message: str = "Lessons of the kit") -> bool:
    """Commit the kit's lessons to the hub's lessons repository (created the first time);
    returns False when nothing changed. Students get the commit at their next link click."""
    bare = Path(settings.lessons_repo)
    if "://" in settings.lessons_repo:
        raise ValueError(f"lessons_repo {settings.lessons_repo!r} is a remote repository: "
                         "publish to it with git, not with this command.")
    kit = Path(kit or settings.kit_dir)
    branch = settings.lessons_branch
    if not bare.exists():
        bare.parent.mkdir(parents=True, exist_ok=True)
        _git("init", "--bare", "--initial-branch", branch, str(bare))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "lessons"
        _git("clone", "--quiet", str(bare), str(work))
        _git("checkout", "-B", branch, cwd=work)
        for part in LESSON_PARTS:
            shutil.rmtree(work / part, ignore_errors=True)
            shutil.copytree(kit / part, work / part,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        _git("add", "--all", cwd=work)
        if not _git("status", "--porcelain", cwd=work).strip():
            return False
        _git("commit", "--quiet", "-m", message, cwd=work)
        _git("push", "--quiet", "origin", f"HEAD:{branch}", cwd=work)
    subprocess.run(["chmod", "-R", "a+rX", str(bare)], check=True)
    return True


def first_lesson(kit: Path, language: str = "es") -> str:
    """The first lesson of an edition (``es/00_...``), where the link opens JupyterLab."""
    found = sorted((kit / "lessons" / language).glob("00_*.ipynb"))
    return f"{language}/{found[0].name}" if found else ""


def pull_link(settings: HubSettings, public_url: str) -> str:
    """The nbgitpuller link to give students (by e-mail, in the LMS): it logs them in, pulls
    the lessons into ~/<lessons_folder>/ and opens the first one in JupyterLab."""
    lesson = first_lesson(Path(settings.kit_dir), settings.language)
    target = f"lab/tree/{settings.lessons_folder}/lessons/{lesson}".rstrip("/")
    query = urlencode({"repo": repo_url(settings), "branch": settings.lessons_branch,
                       "targetpath": settings.lessons_folder, "urlpath": target})
    return f"{public_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"

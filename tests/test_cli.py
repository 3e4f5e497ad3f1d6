"""The `medlab-teach` command: a real --help, and `lab` serves on loopback then stops."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from medlab_teach.cli import find_root, lab_command, main

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_help_lists_every_command(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("lab", "update", "progress", "check", "grade"):
        assert command in out


def test_console_script_help() -> None:
    script = Path(sys.executable).with_name("medlab-teach")
    result = subprocess.run([str(script), "check", "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    assert "grade_ids are unique" in result.stdout


def test_find_root_from_a_subfolder() -> None:
    assert find_root(ROOT / "lessons") == ROOT


def test_lab_command_opens_lesson_00_in_the_kit() -> None:
    cmd = lab_command(ROOT, port=8899, no_browser=True, ip="127.0.0.1", extra=[])
    assert f"--ServerApp.root_dir={ROOT}" in cmd
    assert any(a.startswith("--LabApp.default_url=/lab/tree/lessons/en/00_") for a in cmd)


def test_lab_command_opens_the_spanish_edition_with_spanish_menus() -> None:
    from medlab_teach.lab_keyboard import settings_dir

    cmd = lab_command(ROOT, port=8899, no_browser=True, ip="127.0.0.1", extra=[], language="es")
    assert any(a.startswith("--LabApp.default_url=/lab/tree/lessons/es/00_") for a in cmd)
    assert f"--LabApp.app_settings_dir={settings_dir('es')}" in cmd
    overrides = (settings_dir("es") / "overrides.json").read_text(encoding="utf-8")
    assert '"locale": "es_ES"' in overrides


@pytest.mark.slow
def test_lab_serves_on_loopback_and_stops(jupyter_env: dict[str, str], tmp_path: Path) -> None:
    port = _free_port()
    token = "medlab-test-token"
    proc = subprocess.Popen(
        [sys.executable, "-m", "medlab_teach", "lab", "--no-browser", "--port", str(port),
         "--root", str(ROOT), "--workspace", str(tmp_path / "my-work"),
         "--", f"--IdentityProvider.token={token}"],
        env=jupyter_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/api/status?token={token}"
                with urllib.request.urlopen(url, timeout=5) as response:
                    status = response.status
                    break
            except OSError:
                time.sleep(0.5)
        assert status == 200, "JupyterLab did not answer on loopback within 90 s"
        url = f"http://127.0.0.1:{port}/api/contents/en?token={token}"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert b"00_medellin_lab" in response.read()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    assert proc.returncode is not None
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0, "the server still listens after stop"

"""The policy-mix simulator in its lesson, in JupyterLab: it renders, and moving a slider with the
keyboard changes the readout, the numbers and the figure, with no error in the browser console."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lab_driver import NOTEBOOK, wait_changed

from medlab_teach import model

ROOT = Path(__file__).resolve().parents[2]
SIMULATOR_LESSONS = sorted(
    p.name for p in (ROOT / "lessons" / "en").glob("[0-9][0-9]_*.ipynb")
    if "PolicyMixSimulator(" in p.read_text(encoding="utf-8")
)
#: One slider per line of the model plus one for participation, for each of scenarios A and B.
EXPECTED_SLIDERS = 2 * (len(model.LINES) + 1)


def _slider(output, line):
    """Scenario A's slider for ``line`` (scenario A's box comes first in the widget)."""
    label = re.compile(rf"^{line.order}\. {re.escape(line.name_es)}$")
    return output.locator(".widget-slider").filter(
        has=output.page.locator("label.widget-label", has_text=label)).first


def test_a_lesson_uses_the_simulator() -> None:
    assert SIMULATOR_LESSONS, "no lesson builds a PolicyMixSimulator"


@pytest.mark.timeout(240)
@pytest.mark.parametrize("lesson", SIMULATOR_LESSONS[:1])
def test_policy_mix_simulator_moves_with_the_keyboard(jlab, lesson: str) -> None:
    page = jlab.page
    jlab.open_notebook(f"lessons/en/{lesson}")
    jlab.run_all()
    assert not jlab.error_outputs(), "\n".join(jlab.error_outputs())

    cell = page.locator(f"{NOTEBOOK} .jp-CodeCell", has_text="PolicyMixSimulator(").first
    output = cell.locator(".jp-OutputArea-output").first
    output.locator(".jupyter-widgets.widget-slider").first.wait_for(timeout=60_000)
    jlab.scroll_to(output)
    jlab.shot("rendered")
    problems: list[str] = []
    # ipywidgets shows a view it could not build as "Click to show javascript error".
    if output.locator("pre", has_text="Click to show javascript error").count():
        problems.append("a part of the simulator failed to render (ipywidgets error view)")
    assert output.locator(".widget-slider").count() == EXPECTED_SLIDERS
    image = output.locator("img.widget-image")
    digest_before = jlab.image_digest(image.first) if image.count() else None

    # Move effort from one line to another with the keyboard (ArrowRight on one handle, then
    # ArrowLeft on another, the same number of steps), so the shares still total 100%: control
    # (fast effect on violence) up, the line with the largest share down.
    readouts = {line.id: _slider(output, line).locator(".widget-readout")
                for line in model.LINES}
    values = {lid: int(r.inner_text()) for lid, r in readouts.items()}
    up = model.get("reaccion_control")
    down = max((line for line in model.LINES if line.id != up.id), key=lambda x: values[x.id])
    steps = min(10, 100 - values[up.id], values[down.id])
    assert steps > 0, f"cannot move effort from {down.id} to {up.id}: {values}"
    summary = output.locator("table", has_text="Synthetic results")
    summary_before = summary.inner_text()
    total_a = output.locator(".widget-html", has_text="Total:").first
    assert "Total: 100%" in total_a.inner_text()

    _slider(output, up).locator(".noUi-handle").focus()
    for _ in range(steps):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, want]) => el.textContent.trim() === want",
                           arg=[readouts[up.id].element_handle(), str(values[up.id] + steps)],
                           timeout=60_000)
    # The shares now total more than 100%: the widget says so.
    page.wait_for_function("([el, want]) => el.textContent.includes(want)",
                           arg=[total_a.element_handle(), f"Total: {100 + steps}%"],
                           timeout=60_000)
    jlab.scroll_to(total_a, "center")
    jlab.shot(f"right-{steps}-steps-total-{100 + steps}")

    _slider(output, down).locator(".noUi-handle").focus()
    for _ in range(steps):
        page.keyboard.press("ArrowLeft")
    page.wait_for_function("([el, want]) => el.textContent.trim() === want",
                           arg=[readouts[down.id].element_handle(),
                                str(values[down.id] - steps)],
                           timeout=60_000)
    page.wait_for_function("(el) => el.textContent.includes('Total: 100%')",
                           arg=total_a.element_handle(), timeout=60_000)
    # A different valid mix: the results table and the figure change.
    wait_changed(summary.inner_text, summary_before, "the results table")
    if digest_before is None:
        problems.append("the simulator shows no figure (no img.widget-image)")
    else:
        wait_changed(lambda: jlab.image_digest(image.first), digest_before, "the figure")
    jlab.scroll_to(output)
    jlab.shot("after-keyboard")
    if image.count():
        jlab.scroll_to(image.first, "center")
        jlab.shot("figure-after-keyboard")
    problems.extend(f"browser console: {entry}" for entry in jlab.console_errors())
    assert not problems, "\n".join(problems)

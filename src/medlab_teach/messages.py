"""Every learner-facing sentence of the self-checks, the solution blocks, the workspace and the
progress record, in one place.

Why one module: the Spanish edition translates these strings with gettext, and a translator
needs them together, whole, with named placeholders (``{name}``), never assembled from pieces
spread through the code. Code formats them with ``str.format(**fields)`` at the point of use.
"""

from __future__ import annotations

# Feedback on an answer ----------------------------------------------------------------------

MARK_CORRECT = "Correct"
MARK_TRY_AGAIN = "Try again"
MARK_NOT_ANSWERED = "Not answered yet"

NOT_ANSWERED = (
    "Not answered yet: replace the `...` with your answer, run the cell, then run the check again."
)
WELL_DONE = "Well done."
DEFAULT_FALLBACK_HINT = "Not quite. Re-read the question and check each step."
UNEXPECTED_FORM = "Your answer has an unexpected form ({error}). {hint}"

# Hints for common numeric slips, generated from the expected value --------------------------

SLIP_SIGN = (
    "Check the sign: your number has the right size but the opposite sign. A change is "
    "after minus before; a fall is negative."
)
SLIP_FRACTION_FOR_PERCENT = (
    "You gave a fraction (like 0.25); the question asks for a percentage (like 25): "
    "multiply by 100."
)
SLIP_PERCENT_FOR_FRACTION = (
    "You gave a percentage (like 25); the question asks for a fraction (like 0.25): "
    "divide by 100."
)
SLIP_COUNT_FOR_RATE = (
    "That is the count (the number of cases); the question asks for a rate: divide by the "
    "population and multiply by 100,000."
)
SLIP_RATE_SCALE = (
    "The rate is on the wrong scale (per {scale}); the kit gives rates per 100,000 people."
)
SLIP_TEXT_FOR_NUMBER = (
    "Your answer is text (it is in quotes); the question asks for a number: remove the quotes."
)
SLIP_OFF_BY_A_YEAR = (
    "Off by one year: check which year the question asks for (a range such as 2003-2008 "
    "includes both ends, and an event's year is the year it happened, not the year after)."
)

# Friendly explanations of common errors in an answer cell -----------------------------------

ERROR_INTRO = "What went wrong, in plain words"
ERROR_TRACEBACK_NOTE = "The full error message (the traceback) follows, for reference."
ERROR_WHERE = "Look at line {line} of this cell."
ERROR_NAME = (
    "Python does not know the name `{name}`. Either it is misspelt (names are case-sensitive) "
    "or the cell that defines it has not been run yet in this session (after a restart, run "
    "the cells above again: Run > Run All Above Selected Cell)."
)
ERROR_NAME_SUGGEST = "Did you mean `{suggestion}`?"
ERROR_KEY = (
    "There is no `{key}` here. With a table this usually means a misspelt column name or "
    "code: names must match exactly, including capitals, accents and quotes ('04' is not 4)."
)
ERROR_KEY_COLUMNS = "This table's columns are: {columns}."
ERROR_KEY_SUGGEST = "Did you mean `{suggestion}`?"
ERROR_TYPE = (
    "Python was given the wrong kind of value: {detail}. Often a number was typed as text "
    "('80' in quotes is text, 80 is a number), or a whole table was given where one number "
    "was expected."
)

# Solution blocks in the lessons -------------------------------------------------------------

SOLUTION_SUMMARY = "Solution (open after trying)"
SOLUTION_HOW = "Run `solution(\"{exercise_id}\")` in a new cell, or read it here:"
SOLUTION_TITLE = "Solution to `{exercise_id}`"

# The learner's workspace --------------------------------------------------------------------

WORKSPACE_CREATED = "Created your workspace {path} with {count} lessons: your own copies to edit."
WORKSPACE_ADDED = "New lesson added to your workspace: {name}"
WORKSPACE_UPDATED = "Updated (you had not edited it): {name}"
WORKSPACE_KEPT = (
    "Left alone, because you have edited it: {name}. The kit's new version is beside it, "
    "at {new_copy}: open both to compare."
)
WORKSPACE_PENDING = (
    "{count} lesson(s) are new or changed in the kit: run `medlab-teach update` to bring them "
    "into your workspace (lessons you have edited are left alone)."
)
WORKSPACE_UP_TO_DATE = "Your workspace {path} is up to date."
WORKSPACE_MISSING = (
    "No workspace at {path} yet. Run `medlab-teach lab` (or `make lab`) once to create it."
)
WORKSPACE_MANIFEST_BAD = (
    "The workspace's record of lesson versions ({path}) could not be read ({error}); it was "
    "kept aside as {backup}. Lessons you have edited are left alone."
)

# Progress --------------------------------------------------------------------------------------

PROGRESS_NONE = "No self-check passed yet in {path}."
PROGRESS_NO_WORKSPACE = (
    "Progress is recorded in your workspace; open the lessons with `medlab-teach lab` to keep it."
)
PROGRESS_CORRUPT = (
    "Your progress file {path} could not be read ({error}). It was kept aside as {backup} and "
    "a new one started; your lessons and answers are untouched."
)
PROGRESS_NOT_SAVED = "Your progress could not be saved ({error}); the check itself worked."
PROGRESS_HEADER_LESSON = "Lesson"
PROGRESS_HEADER_DONE = "Done"
PROGRESS_HEADER_LAST = "Last activity"
PROGRESS_NEVER = "-"
PROGRESS_TOTAL = "Course: {done} of {total} self-checks passed"
PROGRESS_FIGURE_TITLE = "Your progress through the course"
PROGRESS_FIGURE_XLABEL = "Self-checks passed"
PROGRESS_FIGURE_ALT = (
    "Bar chart of self-checks passed per lesson. {summary}"
)
PROGRESS_LESSON_LINE = "{lesson}: {done} of {total}"

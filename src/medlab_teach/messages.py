"""Every learner-facing sentence of the self-checks, the solution blocks, the workspace and the
progress record, in one place.

Why one module: the Spanish edition translates these strings with gettext, and a translator
needs them together, whole, with named placeholders (``{name}``), never assembled from pieces
spread through the code. Code formats them with ``str.format(**fields)`` at the point of use.
"""

from __future__ import annotations

from medlab_teach.i18n import N_

# Feedback on an answer ----------------------------------------------------------------------

MARK_CORRECT = N_("Correct")
MARK_TRY_AGAIN = N_("Try again")
MARK_NOT_ANSWERED = N_("Not answered yet")

NOT_ANSWERED = N_(
    "Not answered yet: replace the `...` with your answer, run the cell, then run the check again."
)
WELL_DONE = N_("Well done.")
DEFAULT_FALLBACK_HINT = N_("Not quite. Re-read the question and check each step.")
UNEXPECTED_FORM = N_("Your answer has an unexpected form ({error}). {hint}")

# Hints for common numeric slips, generated from the expected value --------------------------

SLIP_SIGN = N_(
    "Check the sign: your number has the right size but the opposite sign. A change is "
    "after minus before; a fall is negative."
)
SLIP_FRACTION_FOR_PERCENT = N_(
    "You gave a fraction (like 0.25); the question asks for a percentage (like 25): "
    "multiply by 100."
)
SLIP_PERCENT_FOR_FRACTION = N_(
    "You gave a percentage (like 25); the question asks for a fraction (like 0.25): "
    "divide by 100."
)
SLIP_COUNT_FOR_RATE = N_(
    "That is the count (the number of cases); the question asks for a rate: divide by the "
    "population and multiply by 100,000."
)
SLIP_RATE_SCALE = N_(
    "The rate is on the wrong scale (per {scale}); the kit gives rates per 100,000 people."
)
SLIP_TEXT_FOR_NUMBER = N_(
    "Your answer is text (it is in quotes); the question asks for a number: remove the quotes."
)
SLIP_OFF_BY_A_YEAR = N_(
    "Off by one year: check which year the question asks for (a range such as 2003-2008 "
    "includes both ends, and an event's year is the year it happened, not the year after)."
)

# Friendly explanations of common errors in an answer cell -----------------------------------

ERROR_INTRO = N_("What went wrong, in plain words")
ERROR_TRACEBACK_NOTE = N_("The full error message (the traceback) follows, for reference.")
ERROR_WHERE = N_("Look at line {line} of this cell.")
ERROR_NAME = N_(
    "Python does not know the name `{name}`. Either it is misspelt (names are case-sensitive) "
    "or the cell that defines it has not been run yet in this session (after a restart, run "
    "the cells above again: Run > Run All Above Selected Cell)."
)
ERROR_NAME_SUGGEST = N_("Did you mean `{suggestion}`?")
ERROR_KEY = N_(
    "There is no `{key}` here. With a table this usually means a misspelt column name or "
    "code: names must match exactly, including capitals, accents and quotes ('04' is not 4)."
)
ERROR_KEY_COLUMNS = N_("This table's columns are: {columns}.")
ERROR_KEY_SUGGEST = N_("Did you mean `{suggestion}`?")
ERROR_TYPE = N_(
    "Python was given the wrong kind of value: {detail}. Often a number was typed as text "
    "('80' in quotes is text, 80 is a number), or a whole table was given where one number "
    "was expected."
)

# Solution blocks in the lessons -------------------------------------------------------------

SOLUTION_SUMMARY = N_("Solution (open after trying)")
SOLUTION_HOW = N_("Run `solution(\"{exercise_id}\")` in a new cell, or read it here:")
SOLUTION_TITLE = N_("Solution to `{exercise_id}`")

# The learner's workspace --------------------------------------------------------------------

WORKSPACE_CREATED = N_(
    "Created your workspace {path} with {count} lessons: your own copies to edit."
)
WORKSPACE_ADDED = N_("New lesson added to your workspace: {name}")
WORKSPACE_UPDATED = N_("Updated (you had not edited it): {name}")
WORKSPACE_KEPT = N_(
    "Left alone, because you have edited it: {name}. The kit's new version is beside it, "
    "at {new_copy}: open both to compare."
)
WORKSPACE_PENDING = N_(
    "{count} lesson(s) are new or changed in the kit: run `medlab-teach update` to bring them "
    "into your workspace (lessons you have edited are left alone)."
)
WORKSPACE_UP_TO_DATE = N_("Your workspace {path} is up to date.")
WORKSPACE_MISSING = N_(
    "No workspace at {path} yet. Run `medlab-teach lab` (or `make lab`) once to create it."
)
WORKSPACE_MANIFEST_BAD = N_(
    "The workspace's record of lesson versions ({path}) could not be read ({error}); it was "
    "kept aside as {backup}. Lessons you have edited are left alone."
)

# Progress --------------------------------------------------------------------------------------

PROGRESS_NONE = N_("No self-check passed yet in {path}.")
PROGRESS_NO_WORKSPACE = N_(
    "Progress is recorded in your workspace; open the lessons with `medlab-teach lab` to keep it."
)
PROGRESS_CORRUPT = N_(
    "Your progress file {path} could not be read ({error}). It was kept aside as {backup} and "
    "a new one started; your lessons and answers are untouched."
)
PROGRESS_NOT_SAVED = N_("Your progress could not be saved ({error}); the check itself worked.")
PROGRESS_HEADER_LESSON = N_("Lesson")
PROGRESS_HEADER_DONE = N_("Done")
PROGRESS_HEADER_LAST = N_("Last activity")
PROGRESS_NEVER = N_("-")
PROGRESS_TOTAL = N_("Course: {done} of {total} self-checks passed")
PROGRESS_FIGURE_TITLE = N_("Your progress through the course")
PROGRESS_FIGURE_XLABEL = N_("Self-checks passed")
PROGRESS_FIGURE_ALT = N_(
    "Bar chart of self-checks passed per lesson. {summary}"
)
PROGRESS_LESSON_LINE = N_("{lesson}: {done} of {total}")

"""Self-checked exercises, one module per lesson (``lesson00`` ... ``lesson08``).

Modules register their :class:`medlab_teach.checks.Exercise` declarations on import;
:func:`medlab_teach.checks.check` imports the right module from the exercise id ("l03_..." ->
``lesson03``).
"""

"""Instructor tooling for autograding a whole class safely, in parallel, without leaks.

``medlab-teach grade ASSIGNMENT`` (see :mod:`.cli`) grades every collected submission: the
submission staged as data (:mod:`.staging`), checked and repaired against the gradebook
(:mod:`.preflight`, :mod:`.scan`), its cells run in a sandboxed kernel (:mod:`.sandbox`,
:mod:`.execute`) and its tests in a separate test runner fed with data (:mod:`.testrunner`,
:mod:`.trusted`, :mod:`.transfer`), parallel workers with a single gradebook writer
(:mod:`.runner`, :mod:`.pool`, :mod:`.worker`, :mod:`.gradebook`), resumable runs
(:mod:`.journal`), leak-free feedback (:mod:`.feedback`), a report (:mod:`.report`) and class
figures (:mod:`.analytics`). Everything plugs into nbgrader through its own configuration
(:mod:`.config`). Nothing heavy is imported here.
"""

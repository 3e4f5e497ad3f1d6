"""Instructor tooling for autograding a whole class safely, in parallel, without leaks.

``medlab-teach grade ASSIGNMENT`` (see :mod:`.cli`) grades every collected submission:
pre-flight checks and repairs (:mod:`.preflight`), sandboxed kernels (:mod:`.sandbox`),
guarded execution (:mod:`.execute`), parallel workers with a single gradebook writer
(:mod:`.runner`, :mod:`.worker`, :mod:`.gradebook`), resumable runs (:mod:`.journal`),
leak-free feedback (:mod:`.feedback`), a report (:mod:`.report`) and class figures
(:mod:`.analytics`). Everything plugs into nbgrader through its own configuration
(:mod:`.config`). Nothing heavy is imported here.
"""

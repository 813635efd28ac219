"""Helpers and factories shared by the tests (and the benchmark's big guide).

Test modules import from here, never from each other: a helper two test modules need lives
in the module of this package named for what it makes or checks.
"""

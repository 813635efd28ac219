"""Waiting for something another thread or process does, with a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests


def wait_until(check: Callable[[], bool], timeout: float = 20, step: float = 0.05) -> None:
    """Poll `check` until it holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout}s waiting for {check.__doc__ or check}")
        time.sleep(step)


def wait_for(check: Callable[[], Any], timeout: float = 20.0) -> None:
    """Poll `check` (a request may fail meanwhile) until it is true; fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError("condition not reached in time")

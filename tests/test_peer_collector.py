"""The garbage collector paused while peers' dumps are checked (graph.peers.collector): back on only
when the last check ends, and only if it was on before."""

from __future__ import annotations

import gc
import threading

from graph.peers.collector import collector_paused


def test_the_collector_runs_again_only_when_the_last_of_two_overlapping_checks_ends():
    first_in, second_done = threading.Event(), threading.Event()
    seen = []

    def first() -> None:
        with collector_paused():
            first_in.set()
            second_done.wait(10)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(10)
    with collector_paused():
        seen.append(gc.isenabled())
    second_done.set()
    thread.join(10)
    assert seen == [False, False]
    assert gc.isenabled()


def test_a_collector_turned_off_before_a_check_stays_off_after_it():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_check_that_raises_turns_the_collector_back_on():
    try:
        with collector_paused():
            raise ValueError("a refused dump")
    except ValueError:
        pass
    assert gc.isenabled()

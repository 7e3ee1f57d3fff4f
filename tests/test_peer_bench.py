"""bench.peers publishes chapters of at least the public statements asked: 100 peers of 100k make the
issue's 10M statements, not 9.3M."""

from __future__ import annotations

import pyoxigraph as ox

from bench.peers import public_statements, publish_peers


def test_each_published_chapter_holds_at_least_the_public_statements_asked(tmp_path):
    total, size = publish_peers(tmp_path, 2, 3_000)
    dumps = [tmp_path / f"peer{number}" / "dump.nt" for number in range(2)]
    counts = [len(list(ox.parse(path=dump))) for dump in dumps]
    assert all(count >= 3_000 for count in counts)
    assert total == sum(counts)
    assert size == sum(dump.stat().st_size for dump in dumps)


def test_a_share_guessed_too_high_makes_a_larger_graph_until_enough_are_public():
    triples, share = public_statements(3_000, seed=100, share=0.9)
    assert len(triples) >= 3_000
    assert share < 0.9

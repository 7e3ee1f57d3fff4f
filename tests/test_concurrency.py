"""Many threads reading and writing one embedded store: no error, nothing lost."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from graph.access import Viewer
from graph.store import open_store
from tests import data

THREADS, READS, WRITES = 8, 60, 15


def test_eight_threads_read_and_write_together(tmp_path, ontology_quads):
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    store.load_trusted(ontology_quads)
    author, statements = data.member()
    action, more = data.action()
    store.write(statements + more, viewer=Viewer.organiser())

    def work(worker: int) -> list:
        written = []
        for step in range(READS):
            store.select("lessons_all", Viewer.member("wren"))
            if step % (READS // WRITES) == 0:
                lesson, triples = data.lesson(action, author, title=f"lesson {worker}-{step}")
                store.write(triples, viewer=Viewer.member("wren"))
                written.append(lesson)
        return written

    with ThreadPoolExecutor(THREADS) as pool:
        written = [lesson for batch in pool.map(work, range(THREADS)) for lesson in batch]
    assert len(written) == THREADS * WRITES
    present = {row["lesson"] for row in store.select("lessons_all", Viewer.organiser())}
    assert present == set(written)

"""Files the ``praxis`` command writes with data in them: readable by their owner only.

A backup holds the restricted graph and an organiser's export may too, so
:func:`write_private` creates the file with mode 0600 from the start (never a
``chmod`` after writing, which would leave a moment when others may open it and
keep it open). The data goes to a new file beside the target, which then
replaces it: an existing file with a wider mode, or a symbolic link planted
where the file should go, is replaced, not written through, and a reader never
sees half a file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from graph.errors import BadInput

__all__ = ["PRIVATE_MODE", "write_private"]

#: Owner may read and write; nobody else may do anything.
PRIVATE_MODE = 0o600


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, created readable and writable by its owner only."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        # mkstemp creates the file with O_EXCL and mode 0600, whatever the umask
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise BadInput(f"cannot write the file ({error.strerror})", source=str(path)) from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise BadInput(f"cannot write the file ({error.strerror})", source=str(path)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise

"""A large Payments report folded on every core: its data split by byte range at line ends.

A year of Payments is hundreds of megabytes, and the fold's per-row work (dict look-ups and integer
additions, metrics/payments_fold.py) is as costly as splitting the line. So when the report is a plain
file (not gzipped or zipped: those cannot be cut), in an encoding where a newline byte is always a
newline (UTF-8, cp1252, cp932, GBK: no multi-byte character holds 0x0A), and at least MIN_BYTES, the
data after the header is cut into one byte range per core, each starting on a line. Each range is
folded by a forked copy of the fold, on the fast path only (reports/batches.py `BlockMatcher`). A
worker flushes its groups into buckets every FLUSH_AT of them, as one process does, and sends those
buckets (compact: metrics/compact.py) to the parent, which adds them into the ledger as they come. So
memory stays bounded by FLUSH_AT in the workers, the parent holds only the ledger, and the Decimal
work of the flush is shared out too. The buckets are the sums of the same rows as one process's, so
the same Decimals, digits and places. If a worker fails after the parent took some of its buckets, the
fold is emptied (`PaymentsFold.reset`) before the one-process path reads the file.

Anything unusual sends the whole file back to the one-process path, which reads it as it always has
and locates any error: a block that is not all plain rows (a field holding a line break — perhaps cut
between two ranges —, a blank line, mixed quoting), a cell that does not parse, a lone carriage return
before the data, a worker that fails for any reason. Progress is not shown while the workers run.
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
import os
import signal
import sys
import warnings
from typing import TYPE_CHECKING, Any

from flywheel_cli.metrics import payments_fold
from flywheel_cli.metrics.payments_fold import PaymentsFold
from flywheel_cli.reports.batches import Batch, BlockMatcher
from flywheel_cli.reports.reader import Report
from flywheel_cli.reports.source import regular_file

if TYPE_CHECKING:  # multiprocessing is imported when a file is large enough to split (start-up)
    from multiprocessing.connection import Connection

MIN_BYTES = 8 << 20  # below this, starting the workers costs more than it saves
READ_BYTES = 1 << 20
# Encodings in which the byte 0x0A is only ever a newline (a range cut after one is cut between lines).
LINE_SAFE = frozenset({"utf-8", "utf-8-sig", "cp1252", "cp932", "gbk", "latin-1", "iso-8859-1", "ascii"})


def workers() -> int:
    """How many processes to fold with: the cores this process may use, at most four."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, 4)


def fold_in_parallel(fold: PaymentsFold, report: Report) -> bool:
    """Fold `report`'s rows into `fold` over several processes and finish it; False, with nothing
    folded, when this report cannot be (the caller then reads it in one process). The fold's ledger
    must be this report's own: it is emptied when a worker fails."""
    count = workers()
    encoding = (report.encoding or "").lower()
    # Not a tab file: one whose header is unquoted is read without CSV quoting, which the reader's
    # tail knows and the workers would have to guess.
    if count < 2 or report.container or report.delimiter in {None, "\t"} or encoding not in LINE_SAFE:
        return False
    # Forked workers: Linux only (macOS has `fork` too, but its system libraries are not fork-safe,
    # and spawning would import flywheel again in each worker, costing what the split saves).
    if report.header_line is None or not sys.platform.startswith("linux"):
        return False
    if regular_file(report.path) != report.path:  # standard input, a pipe: read once, by the reader
        return False
    try:
        size = os.path.getsize(report.path)
        start = _data_start(report.path, report.header_line)
    except OSError:
        return False
    if start is None or size - start < MIN_BYTES:
        return False
    cuts = _cuts(report.path, start, size, count)
    if not _run(fold, report, cuts, "utf-8" if encoding == "utf-8-sig" else encoding):
        fold.reset()
        return False
    fold.finish()
    return True


def _data_start(path: str, header_line: int) -> int | None:
    """The byte offset of the line after the header (None: a lone CR, or no such line, in the first
    megabyte — the one-process reader counts lines its own way then)."""
    with open(path, "rb") as stream:
        head = stream.read(READ_BYTES)
    at = 0
    for _ in range(header_line):
        end = head.find(b"\n", at)
        if end < 0:
            return None
        at = end + 1
    if b"\r" in head[:at].replace(b"\r\n", b""):
        return None
    return at


def _cuts(path: str, start: int, size: int, count: int) -> list[tuple[int, int]]:
    """`count` byte ranges from `start` to `size`, each beginning on a line."""
    edges = [start]
    with open(path, "rb") as stream:
        for part in range(1, count):
            stream.seek(max(start + (size - start) * part // count, edges[-1]))
            skipped = stream.readline()  # the rest of the line the cut falls in
            edges.append(min(stream.tell(), size) if skipped else size)
    edges.append(size)
    return [(a, b) for a, b in itertools.pairwise(edges) if b > a]


def _run(fold: PaymentsFold, report: Report, cuts: list[tuple[int, int]], encoding: str) -> bool:
    """Each range folded in a forked process, its buckets merged into `fold` as they come; False if
    any range could not be folded."""
    import multiprocessing
    from multiprocessing.connection import Connection, wait

    context = multiprocessing.get_context("fork")
    jobs: list[tuple[Any, Connection]] = []
    with warnings.catch_warnings():
        # Python 3.12+ warns that a forked child of a process with threads (the SHA-256 of the file
        # being computed: reports/tally.py) may deadlock on a lock such a thread held; the child only
        # reads the file, matches and adds, and takes no lock the parent's threads use.
        warnings.simplefilter("ignore", DeprecationWarning)
        for start, end in cuts:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=_work, args=(fold, report, start, end, encoding, send), daemon=True
            )
            process.start()
            send.close()
            jobs.append((process, receive))
    working = {receive: process for process, receive in jobs}
    while working:
        for ready in wait(list(working)):
            assert isinstance(ready, Connection)
            try:
                message = ready.recv()
            except (EOFError, OSError):
                message = None
            if message is None:  # this range cannot be folded here: stop the others too
                for receive, process in working.items():
                    process.terminate()
                    process.join()
                    receive.close()
                return False
            last, state = message
            fold.merge(state)
            if last:
                ready.close()
                working.pop(ready).join()
    return True


def _work(fold: PaymentsFold, report: Report, start: int, end: int, encoding: str, send: Connection) -> None:
    """In a worker: fold bytes `start`..`end` of the file on the fast path, sending (last, handover) for
    `PaymentsFold.merge` every FLUSH_AT groups and at the end; None if a block is not plain rows or a
    cell does not parse."""
    # Ctrl-C reaches the whole process group: it is the parent's to handle (it stops, and ends its
    # workers, daemons, as it exits). A worker's own KeyboardInterrupt only printed a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    message = None
    with contextlib.suppress(Exception):
        message = _fold_range(fold, report, start, end, encoding, send)
    with contextlib.suppress(OSError):  # the parent has stopped listening: another range failed
        send.send(message)
        send.close()


def _fold_range(
    fold: PaymentsFold, report: Report, start: int, end: int, encoding: str, send: Connection
) -> tuple[bool, Any] | None:
    assert report.match is not None and report.delimiter is not None
    fold.worker = True  # an amount of more than two decimal places: back to one process
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    matcher: BlockMatcher | None = None
    carry = ""
    with open(report.path, "rb") as stream:
        stream.seek(start)
        left = end - start
        while left > 0 or carry:
            data = stream.read(min(READ_BYTES, left)) if left > 0 else b""
            left -= len(data)
            text = carry + decoder.decode(data, final=left <= 0)
            cut = len(text) if left <= 0 else text.rfind("\n") + 1
            block, carry = text[:cut], text[cut:]
            if not block:
                if left <= 0:
                    break
                continue
            quoted = block.startswith('"')
            matcher = matcher or BlockMatcher(fold.selection, len(report.columns), report.delimiter, quoted)
            rows = matcher.rows(block)
            if rows is None:
                return None
            fold.rows += len(rows)
            fold.add(Batch(rows, 0, None, report.delimiter, text=block))
            if fold.groups >= payments_fold.FLUSH_AT:
                send.send((False, fold.handover()))
    return True, fold.handover()

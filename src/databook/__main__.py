"""``python -m databook COMMAND``: the command line of :mod:`databook.cli`."""

import logging
import os
import sys

from databook.cli import main

status = main()
# Every command has finished its work (files closed, worker processes and servers stopped) when
# main returns. What is left is unwinding the interpreter: a build holds pandas, pybtex, Sphinx's
# modules and its own records, and tearing them down object by object takes a few tenths of a
# second that nobody waits for. The output is flushed and the process ends, unless a profiler or
# tracer is watching (it writes its results as the interpreter exits).
if sys.getprofile() is None and sys.gettrace() is None:
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status if isinstance(status, int) else 1)
raise SystemExit(status)

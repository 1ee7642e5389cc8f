"""Execute one chapter in a fresh kernel and collect what it read.

After the chapter's own cells, a probe cell reports the inputs the chapter's loaders recorded
(:mod:`databook.inputs`) and the project modules it imported; both become the chapter's cache
record. The kernel talks over IPC sockets in a private folder: no TCP port, no network.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from databook import inputs
from databook.notebooks import clean, code_key, read_chapter, writes
from databook.project import ROOT_ENV, TYPED_DIR_ENV

#: Run in the kernel after the chapter: what it read and which modules it imported (``__main__``
#: is the kernel's launcher, or in a forked kernel the fork server: neither is the chapter's).
PROBE = (
    "import json as _j, sys as _s\n"
    "from databook import inputs as _i\n"
    "_m = sorted({m.__file__ for k, m in list(_s.modules.items()) if k != '__main__' and getattr(m, '__file__', None)})\n"
    "print(_j.dumps({'inputs': _i.recorded(), 'modules': _m}))\n"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def kernel_env(root: Path) -> dict[str, str]:
    """The environment a chapter runs in: the project root, its source folder first on the path,
    a fixed hash seed, an inline plotting backend and the folder where the build's kernels keep
    the tables they validated (:func:`typed_dir`)."""
    env = dict(os.environ)
    env[ROOT_ENV] = str(root)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(root / "src"), env.get("PYTHONPATH", "")] if p)
    env["PYTHONHASHSEED"] = "0"
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env[TYPED_DIR_ENV] = str(typed_dir(root))
    return env


def typed_dir(root: Path) -> Path:
    """Where the chapters of a build keep the tables they validated (see :mod:`databook.tableschema`)."""
    from databook.project import Project

    return Project(root).build_dir / "typed"


def prune_typed(root: Path, keep: int = 256) -> None:
    """Remove all but the ``keep`` most recently written tables kept in :func:`typed_dir` (each
    edit of a table keeps one more; they are a cache, made again when missing)."""
    try:
        files = sorted(typed_dir(root).glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for path in files[keep:]:
        path.unlink(missing_ok=True)


def project_modules(files: list[str], root: Path) -> list[str]:
    """The imported module files that belong to the project (inside ``root``), relative to it."""
    found = []
    inside = str(root.resolve()) + os.sep
    folders: dict[str, str] = {}   # most modules are libraries: resolve each folder once, not each file
    for name in files:
        folder = os.path.dirname(name)
        if folder not in folders:
            folders[folder] = os.path.realpath(folder) + os.sep
        if not folders[folder].startswith(inside) and not os.path.islink(name):
            continue
        path = Path(name).resolve()
        try:
            rel = path.relative_to(root)
        except ValueError:
            continue  # a package outside the project: covered by the lock file
        if path.suffix == ".py" and ".venv" not in rel.parts:
            found.append(rel.as_posix())
    return sorted(found)


def ready_client():
    """jupyter_client's blocking client, without its fixed wait once the kernel is ready.

    Its ``wait_for_ready`` waits for the ``kernel_info`` reply and for a message on IOPub (which
    shows that the subscription is live, so no output of the first cell is lost), and then reads
    IOPub until it has been quiet for 0.2 s: a fixed 0.2 s per chapter. nbclient matches every
    output to the request it answers and skips the rest, so what that flush would discard is
    ignored anyway; this client takes what has already arrived and goes on."""
    from jupyter_client.blocking.client import BlockingKernelClient
    from jupyter_client.utils import run_sync

    class ReadyClient(BlockingKernelClient):
        async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
            from queue import Empty

            from jupyter_client.utils import ensure_async

            deadline = time.time() + (float("inf") if timeout is None else timeout)
            while True:
                self.kernel_info()
                try:
                    msg = await ensure_async(self.shell_channel.get_msg(timeout=1))
                except Empty:
                    msg = None
                if msg is not None and msg["msg_type"] == "kernel_info_reply":
                    try:   # IOPub is connected once a message (the reply's status) arrives on it
                        await ensure_async(self.iopub_channel.get_msg(timeout=0.2))
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(msg)
                        break
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.time() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
            while True:    # what has already arrived, without waiting for more
                try:
                    await ensure_async(self.iopub_channel.get_msg(timeout=0))
                except Empty:
                    break

        wait_for_ready = run_sync(_async_wait_for_ready)

    return ReadyClient


def import_client() -> None:
    """Import the libraries :func:`execute` drives kernels with (nbformat, nbclient, jupyter_client
    and this tool's fork provisioner) into this process. The build does so while it waits for the
    fork server, before it forks its worker processes: each worker then starts with them imported
    instead of importing them itself (about 0.3 s of CPU a worker)."""
    import jupyter_client.blocking.client  # noqa: F401
    import jupyter_client.manager  # noqa: F401
    import nbclient  # noqa: F401
    import nbclient.exceptions  # noqa: F401
    import nbformat  # noqa: F401

    from databook.forkserver import provisioner

    provisioner()


def execute(root: str, doc: str, source: str, lock_digest: str, timeout: int = 600,
            fork_address: str | None = None) -> dict:
    """Execute one chapter (runs in a worker process); returns a picklable result dict with
    ``ok``, and either ``key``, ``inputs``, ``modules``, ``seconds`` and ``nb``, or ``error``.

    With ``fork_address`` the kernel is forked from a warm :mod:`databook.forkserver` instead of
    started afresh; the chapter runs the same way and gives the same notebook."""
    import json

    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    rootp = Path(root)
    os.environ.clear()
    os.environ.update(kernel_env(rootp))
    nb = read_chapter(Path(source))
    key = code_key(nb, lock_digest)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    runtime = tempfile.mkdtemp(prefix="databook-kernel-")
    km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(runtime, "kernel"))
    if fork_address:
        import uuid

        from databook.forkserver import provisioner

        km.kernel_id = str(uuid.uuid4())
        km.provisioner = provisioner()(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
        km.provisioner.server_address = fork_address
    km.client_factory = ready_client()
    # once the last cell has replied, the kernel has nothing left to say or save: it is stopped at
    # once rather than asked to shut down and waited for (which polls for its exit)
    client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3", allow_errors=False,
                            record_timing=False, shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(Path(source).parent)}})
    started = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        nb.cells.pop()
        return {"doc": doc, "ok": False, "error": ANSI.sub("", str(exc)), "nb": writes(nb)}
    except Exception as exc:  # kernel died, timeout …
        nb.cells.pop()
        return {"doc": doc, "ok": False, "error": f"{type(exc).__name__}: {exc}", "nb": writes(nb)}
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
        shutil.rmtree(runtime, ignore_errors=True)
    seconds = time.perf_counter() - started
    probe = nb.cells.pop()
    text = "".join(o.get("text", "") for o in probe.outputs if o.get("output_type") == "stream")
    found = json.loads(text.strip().splitlines()[-1])
    recorded = dict(found["inputs"])
    modules = project_modules(found["modules"], rootp)
    for module in modules:
        recorded[inputs.key("file", module)] = inputs.digest(inputs.key("file", module), rootp) or ""
    clean(nb)
    return {"doc": doc, "ok": True, "key": key, "inputs": recorded, "modules": modules,
            "seconds": round(seconds, 2), "nb": writes(nb)}


def failure_summary(error: str) -> str:
    """The last lines of a cell error that say what went wrong (a failed claim is shown whole)."""
    lines = [l if len(l) <= 400 else l[:400] + " …" for l in error.strip().splitlines() if l.strip()]
    for i, line in enumerate(lines):
        if "ClaimError" in line or "DataError" in line:
            return "\n".join(lines[i:])[-4000:]
    return "\n".join(lines[-12:])


if __name__ == "__main__":  # pragma: no cover - debugging aid: python -m databook.execute ROOT DOC SOURCE
    print(execute(sys.argv[1], sys.argv[2], sys.argv[3], "")["ok"])

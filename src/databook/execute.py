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
from databook.project import ROOT_ENV

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
    a fixed hash seed and an inline plotting backend."""
    env = dict(os.environ)
    env[ROOT_ENV] = str(root)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(root / "src"), env.get("PYTHONPATH", "")] if p)
    env["PYTHONHASHSEED"] = "0"
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


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
    client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3", allow_errors=False,
                            record_timing=False, resources={"metadata": {"path": str(Path(source).parent)}})
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
            km.shutdown_kernel(now=False)
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

"""Warm kernels: a process that imports the heavy libraries once and forks a fresh kernel per chapter.

Starting a Python kernel and importing pandas, matplotlib, statsmodels and the like costs a few
seconds of CPU per chapter, far more than most chapters' own work. The fork server pays that once:
it starts with the chapters' environment, imports the libraries listed in ``[tool.databook]
preload`` (third-party libraries only: the project's own modules must still be imported, and so
recorded, by each chapter), and then, for every chapter, forks a child that becomes an ordinary
IPython kernel. Each child has its own process and its own fresh namespace; only the already
imported library code is shared, copy-on-write. Nothing that starts threads, event loops or
ZeroMQ contexts is set up before the fork.

The build talks to the server over a Unix socket (one JSON line per request); kernels it forks are
driven by jupyter_client as usual, through :class:`ForkProvisioner`.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


#: Libraries imported before forking when the project names none (any that are missing are skipped).
#: ``matplotlib.font_manager`` builds matplotlib's font cache once, before any chapter draws: on a
#: new machine, chapters building it at the same time could pick fonts differently.
#: ``ipykernel.debugger`` (which imports debugpy) is most of a kernel's own start-up.
#: ``matplotlib.pyplot`` chooses no backend when imported (the kernel's is chosen at the first
#: figure), and costs more than half a second per chapter when each imports it itself.
DEFAULT_PRELOAD = ("numpy", "pandas", "matplotlib", "matplotlib.font_manager", "matplotlib.pyplot", "scipy.stats",
                   "statsmodels.api", "networkx", "pandas.io.formats.style", "yaml", "pybtex.database", "myst_nb",
                   "nbformat", "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger",
                   "ipykernel.zmqshell", "matplotlib_inline.backend_inline")


# --------------------------------------------------------------------------- the server process


def serve(address: str, preload: list[str]) -> None:
    """Import ``preload``, then fork a kernel for every request on the Unix socket ``address``."""
    for name in preload:
        try:
            importlib.import_module(name)
        except Exception:  # a library the project lacks: its chapters will import it themselves
            pass
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)   # children are reaped by the system
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(address)
    server.listen(16)
    print("ready", flush=True)
    devnull = os.open(os.devnull, os.O_WRONLY)     # nobody reads the pipe from now on
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    while True:
        conn, _ = server.accept()
        with conn:
            request = json.loads(conn.makefile("r").readline())
            if request.get("stop"):
                break
            pid = os.fork()
            if pid == 0:  # the child: become a kernel
                server.close()
                conn.close()
                _become_kernel(request)
            conn.sendall((json.dumps({"pid": pid}) + "\n").encode())
    server.close()
    os.unlink(address)


def _become_kernel(request: dict) -> None:
    try:
        os.setsid()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.path[0] = os.getcwd()          # as for ``python -m ipykernel_launcher`` started here
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        # the chapter must see the modules a fresh kernel would: this server's own module is not
        # one the chapter imported (its recorded inputs would differ from a fresh kernel's)
        # (``__main__`` is this server too; the probe of :mod:`databook.execute` leaves it out)
        for alias in ("databook.forkserver", "__mp_main__"):   # multiprocessing's alias of __main__
            sys.modules.pop(alias, None)
        # libraries that chose a setting at import time by asking whether they run in a terminal
        # (this server) or in a Jupyter kernel get the kernel's choice: pandas shows up to 20
        # columns in a kernel, and fits frames to the terminal's width outside one
        if "pandas" in sys.modules:
            sys.modules["pandas"].set_option("display.max_columns", 20)
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=["-f", request["connection_file"]])
    finally:
        os._exit(0)


# --------------------------------------------------------------------------- the build's side


class ForkServer:
    """A running fork server (started in the background; :meth:`wait_ready` before use)."""

    def __init__(self, env: dict[str, str], preload: list[str], folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.address = str(folder / f"forkserver-{os.getpid()}.sock")
        if os.path.exists(self.address):
            os.unlink(self.address)
        self.process = subprocess.Popen([sys.executable, "-m", "databook.forkserver", self.address, *preload],
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def wait_ready(self, timeout: float = 120) -> bool:
        line = self.process.stdout.readline() if self.process.stdout else ""
        return line.strip() == "ready"

    def fork(self, connection_file: str, env: dict[str, str], cwd: str) -> int:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(self.address)
            s.sendall((json.dumps({"connection_file": connection_file, "env": env, "cwd": cwd}) + "\n").encode())
            return int(json.loads(s.makefile("r").readline())["pid"])

    def stop(self) -> None:
        """Stop the server at once. It holds no state to save and its kernels run in sessions of
        their own, so it is killed rather than asked to exit (a build does not wait for it to
        unwind its libraries, nor a no-op build for imports it will not use)."""
        self.process.kill()
        self.process.wait()
        try:
            os.unlink(self.address)
            os.rmdir(os.path.dirname(self.address))   # the server's own folder, if nothing else is in it
        except OSError:
            pass


class ForkedProcess:
    """What jupyter_client needs of a kernel process it did not start itself."""

    def __init__(self, pid: int):
        self.pid = pid
        self.stdout = self.stderr = self.stdin = None
        self.returncode = None

    def poll(self):
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            self.returncode = 0
            return 0
        return None

    def wait(self, timeout=None):
        start = time.monotonic()
        while self.poll() is None:
            if timeout is not None and time.monotonic() - start > timeout:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.05)
        return 0

    def send_signal(self, signum):
        try:
            os.kill(self.pid, signum)
        except ProcessLookupError:
            pass

    def terminate(self):
        self.send_signal(signal.SIGTERM)

    def kill(self):
        self.send_signal(signal.SIGKILL)


def provisioner():
    """The kernel provisioner class that asks a :class:`ForkServer` for the kernel process (made
    on first use: a build that runs no chapter does not import jupyter_client)."""
    global _PROVISIONER
    if _PROVISIONER is None:
        from jupyter_client.provisioning.local_provisioner import LocalProvisioner

        class ForkProvisioner(LocalProvisioner):
            """A kernel provisioner that asks a :class:`ForkServer` for the kernel process."""

            server_address = ""

            async def launch_kernel(self, cmd, **kwargs):
                connection_file = cmd[cmd.index("-f") + 1]
                server = ForkServer.__new__(ForkServer)
                server.address = self.server_address
                pid = server.fork(connection_file, dict(kwargs.get("env") or os.environ), str(kwargs.get("cwd") or os.getcwd()))
                self.process = ForkedProcess(pid)
                self.pid, self.pgid = pid, pid
                self.cwd = kwargs.get("cwd")
                return self.connection_info

            async def kill(self, restart: bool = False) -> None:
                # jupyter_client checks whether a killed kernel is gone every 0.1 s; it is gone
                # within milliseconds, so this waits for that here, in small steps
                import asyncio

                await super().kill(restart)
                for _ in range(400):
                    if self.process is None or self.process.poll() is not None:
                        break
                    await asyncio.sleep(0.005)

        _PROVISIONER = ForkProvisioner
    return _PROVISIONER


_PROVISIONER = None

if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2:])

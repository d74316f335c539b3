"""A LanguageTool server that mtqa starts itself from a local install, one JVM per process.

The install is made by `scripts/install-languagetool` from Maven Central (a `lib/` folder of jars), or is
LanguageTool's own zip distribution (a folder holding `languagetool-server.jar`). mtqa starts the server
on a free loopback port the first time a run asks for it, reuses it for every article, and stops it at
exit and on Ctrl-C (atexit); the JVM is also told to end when mtqa's process dies (Linux parent-death
signal), so a killed run leaves no server behind.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from . import EngineUnavailable

VERSION = "6.6"  # the version scripts/install-languagetool installs
MEMORY = "768m"  # JVM heap limit; peak use on the real pages is measured in bench/bench_lint.py
START_TIMEOUT = 90.0  # seconds


def install_dir() -> Path | None:
    """The install mtqa would run: $MTQA_LANGUAGETOOL, else the install script's default folder."""
    env = os.environ.get("MTQA_LANGUAGETOOL")
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(env) if env else Path(base) / "mtqa" / "languagetool" / VERSION
    return folder if _classpath(folder) else None


def _classpath(folder: Path) -> str:
    if any((folder / "lib").glob("languagetool-server-*.jar")):
        return str(folder / "lib" / "*")
    if (folder / "languagetool-server.jar").is_file():
        return str(folder / "languagetool-server.jar")
    return ""


def java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and os.access(Path(home) / "bin" / "java", os.X_OK):
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class LocalServer:
    """One LanguageTool HTTP server process on 127.0.0.1."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.restarts = 0
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - the server's output, kept while it runs

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the JVM and wait until it answers; raises EngineUnavailable with the server's last words."""
        exe = java()
        if exe is None:
            raise EngineUnavailable("languagetool: Java is not installed (LanguageTool needs Java 17 or later)")
        local = "127.0.0.1,localhost"
        for name in ("NO_PROXY", "no_proxy"):  # requests would send loopback calls through a configured proxy
            os.environ[name] = ",".join(filter(None, (os.environ.get(name), local)))
        for _ in range(3):  # a port taken between choosing and binding: choose again
            self.stop()
            self.port = _free_port()
            command = [exe, f"-Xmx{MEMORY}", "-XX:+UseSerialGC", "-cp", _classpath(self.folder)]
            command += ["org.languagetool.server.HTTPServer", "--port", str(self.port)]
            self._log.seek(0)
            self._log.truncate()
            preexec = _die_with_parent if sys.platform.startswith("linux") else None
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, preexec_fn=preexec
            )
            if self._wait_ready():
                return
            self._log.seek(0)
            if b"Address already in use" not in self._log.read():
                break
        self.stop()
        raise EngineUnavailable(f"languagetool: the server in {self.folder} did not start: {self._last_words()}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if not self.alive():
                return False
            try:
                if requests.get(self.url + "/v2/languages", timeout=2).ok:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.1)
        return False

    def _last_words(self) -> str:
        self._log.seek(0)
        lines = [line.strip() for line in self._log.read().decode("utf-8", "replace").splitlines() if line.strip()]
        useful = [line for line in lines if not line.startswith(("at ", "...")) and "WARNING" not in line]
        return (useful or lines or ["no output"])[-1][:200]

    def responds(self) -> bool:
        try:
            return self.alive() and requests.get(self.url + "/v2/languages", timeout=5).ok
        except requests.RequestException:
            return False

    def restart(self) -> bool:
        """Start again a server that died or stopped answering (hung: out of memory, stopped); twice per run at
        most. False when the server is well (the fault was the text's), when that is not allowed, or fails."""
        if self.responds() or self.restarts >= 2:
            return False
        self.restarts += 1
        try:
            self.start()
        except EngineUnavailable:
            return False
        return True

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(3)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


_SERVERS: dict[Path, LocalServer] = {}


def server(folder: Path) -> LocalServer:
    """The running server for this install, started on first use and shared by the whole process."""
    running = _SERVERS.get(folder)
    if running is None or not running.alive():
        running = running or LocalServer(folder)
        running.start()
        _SERVERS[folder] = running
    return running


@atexit.register
def stop_all() -> None:
    for running in _SERVERS.values():
        running.stop()
    _SERVERS.clear()

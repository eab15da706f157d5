"""Building blocks shared by the end-to-end tests: the server process, the
databases it runs on, raw HTTP over sockets, multipart bodies, fixtures and
polling."""

from __future__ import annotations

import base64
import ctypes
import hashlib
import hmac
import json
import os
import signal
import socket
import subprocess
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

API_KEY = "dev-api-key"
AUTH = {"X-API-Key": API_KEY}
# Set explicitly so tests can sign tokens the server accepts (and expired ones it must refuse).
SECRET_KEY = "end-to-end-secret-key"
REPO_ROOT = Path(__file__).resolve().parents[2]

# How long a server may take to answer /health/ after start (migrations on a
# fresh Postgres database included), and an analysis to finish.
START_TIMEOUT = 60.0
ANALYSIS_TIMEOUT = 120.0
POLL_INTERVAL = 0.05


def required_env(name: str) -> str:
    """The variable's value; stops the whole run when it is missing."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise RuntimeError(f"{name} is not set; the end-to-end tests need it (see scripts/e2e-test.sh)")
    return value


# ---------------------------------------------------------------- fixtures


@dataclass(frozen=True)
class AudioFixture:
    """One entry of $FIXTURES_DIR/audio/manifest.json."""

    entry: dict
    directory: Path

    @property
    def name(self) -> str:
        return self.entry["file"]

    @property
    def path(self) -> Path:
        return self.directory / self.name

    @property
    def extension(self) -> str:
        return Path(self.name).suffix.lower()

    @property
    def needs_ffmpeg(self) -> bool:
        return self.extension in (".m4a", ".aac", ".mp4", ".webm")

    @property
    def is_good(self) -> bool:
        return bool(self.entry.get("decodable")) and not self.entry.get("expected_error")

    @property
    def is_bad(self) -> bool:
        return bool(self.entry.get("expected_error"))

    def reference(self) -> dict:
        return json.loads((self.directory / self.entry["reference"]).read_text())

    def read(self) -> bytes:
        return self.path.read_bytes()


def load_manifest() -> list[AudioFixture]:
    directory = Path(required_env("FIXTURES_DIR")) / "audio"
    manifest = directory / "manifest.json"
    if not manifest.is_file():
        raise RuntimeError(f"FIXTURES_DIR has no audio/manifest.json ({manifest})")
    return [AudioFixture(entry, directory) for entry in json.loads(manifest.read_text())["files"]]


def fixture_named(name: str) -> AudioFixture:
    for fixture in load_manifest():
        if fixture.name == name:
            return fixture
    raise RuntimeError(f"fixture {name} is not in the manifest")


def unique_wav(fixture: AudioFixture, salt: int) -> bytes:
    """The fixture's WAV bytes with the last sample nudged, so its SHA-256 is
    new (the server reuses an earlier analysis of identical content)."""
    if fixture.entry.get("format") != "WAV/PCM_16":
        raise ValueError("unique_wav needs a 16-bit PCM WAV fixture")
    data = bytearray(fixture.read())
    # Low bytes of the last two samples: inaudible, and distinct for every salt < 65535.
    data[-2] ^= (salt + 1) & 0xFF
    data[-4] ^= ((salt + 1) >> 8) & 0xFF
    return bytes(data)


# ---------------------------------------------------------------- databases


class DatabaseFactory:
    """Hands out empty databases: a new SQLite file, or a new Postgres
    database on TEST_DATABASE_URL's server, one per server start."""

    def __init__(self, kind: str, scratch: Path):
        self.kind = kind
        self.scratch = scratch
        self.created: list[str] = []
        self.admin_url = required_env("TEST_DATABASE_URL") if kind == "postgres" else ""

    def new_url(self) -> str:
        name = f"e2e_{os.getpid()}_{len(self.created)}_{uuid.uuid4().hex[:8]}"
        self.created.append(name)
        if self.kind == "sqlite":
            folder = self.scratch / name
            folder.mkdir(parents=True)
            return "sqlite:///" + str(folder / "db.sqlite3")
        self._psql(f"CREATE DATABASE {name}")
        parts = urllib.parse.urlsplit(self.admin_url)
        return urllib.parse.urlunsplit(parts._replace(path="/" + name))

    def drop_all(self) -> None:
        if self.kind != "postgres":
            return
        for name in self.created:
            self._psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def _psql(self, statement: str) -> None:
        result = subprocess.run(
            ["psql", self.admin_url, "-v", "ON_ERROR_STOP=1", "-q", "-c", statement],
            capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed ({statement}): {result.stderr.strip()}")


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PortTaken(RuntimeError):
    """The chosen port was taken before the server could bind it."""


def _die_with_parent() -> None:
    # A server never outlives the test run, even when pytest itself is killed.
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


@dataclass
class Server:
    """`BINARY serve` on 127.0.0.1 with its own database and MEDIA_ROOT; can be
    killed with SIGKILL and started again on the same database and media."""

    binary: str
    database_url: str
    workdir: Path
    env: dict = field(default_factory=dict)
    process: subprocess.Popen | None = None
    port: int = 0
    starts: int = 0

    @property
    def media_root(self) -> Path:
        return self.workdir / "media"

    @property
    def log_path(self) -> Path:
        return self.workdir / "server.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self, require_healthy: bool = True) -> None:
        # The free port is found before the server binds it; another process may take it meanwhile.
        for attempt in range(3):
            try:
                self._start_once(require_healthy)
                return
            except PortTaken:
                if attempt == 2:
                    raise

    def _start_once(self, require_healthy: bool) -> None:
        self.port = free_port()
        self.starts += 1
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
            "MEDIA_ROOT": str(self.media_root),
            "DATABASE_URL": self.database_url,
            "LOG_LEVEL": "warning",
            "PUBLIC_DIR": str(REPO_ROOT / "Public"),
            "ANALYSIS_WORKERS": "2",
            "SECRET_KEY": SECRET_KEY,
            "EVENT_LOOPS": "2",
        }
        env.update(self.env)
        with open(self.log_path, "ab") as log:
            log.write(f"--- start {self.starts} on port {self.port}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                # Started outside the repository: the binary carries its own migrations.
                [self.binary, "serve"], env=env, cwd=self.workdir, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        self._wait_for_health(require_healthy)

    def _wait_for_health(self, require_healthy: bool) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                tail = self.log_tail()
                self.process = None
                last = tail.splitlines()[-1].lower() if tail else ""
                if "bind(" in last and ("errno 98" in last or "in use" in last):  # EADDRINUSE
                    raise PortTaken(tail)
                raise RuntimeError(f"server exited:\n{tail}")
            try:
                answer = requests.get(self.url("/health/"), timeout=2)
                if answer.status_code == 200 or (not require_healthy and answer.status_code == 503):
                    return
                last = f"{answer.status_code} {answer.text[:200]}"
            except requests.RequestException as error:
                last = str(error)[:200]
            time.sleep(POLL_INTERVAL)
        raise RuntimeError(f"/health/ not ready after {START_TIMEOUT} s ({last}):\n{self.log_tail()}")

    def kill9(self) -> None:
        """SIGKILL: no shutdown code runs, like a crash or an OOM kill."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def restart_after_kill(self) -> None:
        self.kill9()
        self.start()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def media_files(self) -> list[str]:
        return sorted(os.listdir(self.media_root)) if self.media_root.is_dir() else []

    def stray_files(self, before: list[str]) -> list[str]:
        """Files MEDIA_ROOT gained since `before` that belong to no listed track
        (a spectrogram rendered meanwhile for an earlier upload is fine), and
        any .part file."""
        known = {track["track_id"] for track in self.get("/api/tracks/?limit=100").json()}
        new = set(self.media_files()) - set(before)
        return sorted(name for name in new if name[:36] not in known or name.endswith(".part"))

    # ------------------------------------------------------------ API calls

    def get(self, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("headers", AUTH)
        kwargs.setdefault("timeout", 30)
        return requests.get(self.url(path), **kwargs)

    def delete(self, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("headers", AUTH)
        kwargs.setdefault("timeout", 30)
        return requests.delete(self.url(path), **kwargs)

    def post_multipart(self, path: str, parts: list, headers: dict | None = None) -> requests.Response:
        body, content_type = multipart(parts)
        sent = dict(AUTH if headers is None else headers)
        sent["Content-Type"] = content_type
        return requests.post(self.url(path), data=body, headers=sent, timeout=60)

    def upload(self, filename: str, data: bytes, headers: dict | None = None) -> requests.Response:
        return self.post_multipart("/api/tracks/", [FilePart("file", filename, data)], headers=headers)

    def track_count(self) -> int:
        answer = self.get("/api/tracks/?limit=100")
        assert answer.status_code == 200, answer.text
        tracks = answer.json()
        assert len(tracks) < 100, "more than 100 tracks: the count would be clamped"
        return len(tracks)

    def wait_for_track(self, track_id: str, timeout: float = ANALYSIS_TIMEOUT) -> dict:
        """The track once its status is ready or failed (polled, bounded)."""
        deadline = time.monotonic() + timeout
        track: dict = {}
        while time.monotonic() < deadline:
            answer = self.get(f"/api/tracks/{track_id}/")
            assert answer.status_code == 200, f"{answer.status_code} {answer.text}"
            track = answer.json()
            if track["status"] in ("ready", "failed"):
                return track
            time.sleep(POLL_INTERVAL)
        raise AssertionError(f"track {track_id} still {track.get('status')} after {timeout} s")


# ---------------------------------------------------------------- multipart


@dataclass(frozen=True)
class FilePart:
    name: str
    filename: str
    data: bytes
    content_type: str = "application/octet-stream"
    # The whole Content-Disposition value, when a test needs to write it itself.
    disposition: str | None = None


@dataclass(frozen=True)
class FieldPart:
    name: str
    value: str


def multipart(parts: list) -> tuple[bytes, str]:
    boundary = "e2e" + uuid.uuid4().hex
    chunks: list[bytes] = []
    for part in parts:
        chunks.append(f"--{boundary}\r\n".encode())
        if isinstance(part, FilePart):
            disposition = part.disposition or f'form-data; name="{part.name}"; filename="{part.filename}"'
            chunks.append(f"Content-Disposition: {disposition}\r\n".encode())
            chunks.append(f"Content-Type: {part.content_type}\r\n\r\n".encode())
            chunks.append(part.data)
        else:
            chunks.append(f'Content-Disposition: form-data; name="{part.name}"\r\n\r\n'.encode())
            chunks.append(part.value.encode())
        chunks.append(b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


# ---------------------------------------------------------------- raw HTTP


@dataclass
class RawResponse:
    status: int
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


def read_response(sock: socket.socket, timeout: float = 10.0) -> RawResponse:
    """Reads one HTTP/1.1 response (Content-Length framed, or until close)."""
    sock.settimeout(timeout)
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"connection closed before a full response head: {buffer!r}")
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "-1"))
    while length < 0 or len(rest) < length:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not chunk:
            break
        rest += chunk
    return RawResponse(status, headers, rest if length < 0 else rest[:length])


def connect(server: Server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=10)


def request_head(method: str, path: str, server: Server, headers: dict) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{server.port}"]
    lines += [f"{key}: {value}" for key, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


# ---------------------------------------------------------------- polling


def wait_until(predicate, timeout: float, what: str):
    """Polls `predicate` until it returns something truthy (bounded)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(POLL_INTERVAL)


# ---------------------------------------------------------------- tokens


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign_token(claims: dict, secret: str = SECRET_KEY) -> str:
    """An HS256 JWT as the server issues them."""
    head = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64url(signature)}"


def unsigned_token(claims: dict) -> str:
    """The same claims with `alg: none` and no signature (must be refused)."""
    head = _b64url(json.dumps({"alg": "none", "typ": "JWT"}, separators=(",", ":")).encode())
    return f"{head}.{_b64url(json.dumps(claims, separators=(',', ':')).encode())}."


def token_claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}

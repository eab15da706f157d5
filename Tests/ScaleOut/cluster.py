"""A scaled-out deployment on loopback: one Postgres, one S3-compatible bucket
(moto's server), web replicas that analyse nothing (ANALYSIS_WORKERS=0) and
`worker` processes. Used by the scale-out tests and benchmark."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import moto.backends
from moto.server import ThreadedMotoServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from EndToEnd.support import (  # noqa: E402
    SECRET_KEY, DatabaseFactory, Server, _die_with_parent, free_port, required_env)

BUCKET = "scale-out-media"
PREFIX = "media"
AWS = {"AWS_ACCESS_KEY_ID": "scale-out-key", "AWS_SECRET_ACCESS_KEY": "scale-out-secret", "AWS_S3_REGION_NAME": "us-east-1"}
# Short leases so a killed worker's job is taken over within seconds.
LEASE_SECONDS = "3"


@dataclass
class Worker:
    """`BINARY worker`: no listener; its log and temporary folder are its own."""

    binary: str
    env: dict
    workdir: Path
    process: subprocess.Popen | None = None

    @property
    def log_path(self) -> Path:
        return self.workdir / "worker.log"

    @property
    def temp_dir(self) -> Path:
        return self.workdir / "tmp"

    def start(self) -> None:
        self.temp_dir.mkdir(parents=True, exist_ok=True)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "TMPDIR": str(self.temp_dir),
               "MEDIA_ROOT": str(self.workdir / "media"), "LOG_LEVEL": "info", "SECRET_KEY": SECRET_KEY}
        env.update(self.env)
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([self.binary, "worker"], env=env, cwd=self.workdir, stdin=subprocess.DEVNULL,
                                        stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        log.close()

    def kill9(self) -> None:
        if self.process is not None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self, timeout: float = 30) -> int | None:
        if self.process is None:
            return None
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait(timeout=10)
        self.process = None
        return code

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


@dataclass
class Cluster:
    """Everything one module's tests share."""

    binary: str
    database_url: str
    endpoint: str
    scratch: Path
    s3: object
    replicas: list = field(default_factory=list)
    workers: list = field(default_factory=list)

    @property
    def env(self) -> dict:
        return {"DATABASE_URL": self.database_url, "AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": self.endpoint,
                "AWS_LOCATION": PREFIX, "ANALYSIS_LEASE_SECONDS": LEASE_SECONDS, **AWS}

    def replica(self, **extra_env: str) -> Server:
        server = Server(binary=self.binary, database_url=self.database_url,
                        workdir=Path(self.scratch / f"replica-{len(self.replicas)}"),
                        env={**self.env, "ANALYSIS_WORKERS": "0", **extra_env})
        server.workdir.mkdir(parents=True)
        self.replicas.append(server)
        server.start()
        return server

    def worker(self, threads: int = 1, start: bool = True, **extra_env: str) -> Worker:
        worker = Worker(binary=self.binary, env={**self.env, "ANALYSIS_WORKERS": str(threads), **extra_env},
                        workdir=Path(self.scratch / f"worker-{len(self.workers)}"))
        worker.workdir.mkdir(parents=True)
        self.workers.append(worker)
        if start:
            worker.start()
        return worker

    def objects(self) -> list[str]:
        listed = self.s3.list_objects_v2(Bucket=BUCKET, Prefix=PREFIX + "/")
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def multipart_uploads(self) -> list[str]:
        return [upload["Key"] for upload in self.s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", [])]

    def psql(self, statement: str) -> str:
        result = subprocess.run(["psql", self.database_url, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", statement],
                                capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def stop_workers(self) -> None:
        for worker in self.workers:
            worker.stop()


def restart_postgres() -> None:
    """Restarts the test cluster (scripts/with-postgres.sh says where it lives)."""
    bindir, data, log = (required_env(name) for name in ("TEST_POSTGRES_BINDIR", "TEST_POSTGRES_DATA", "TEST_POSTGRES_LOG"))
    owner = os.environ.get("TEST_POSTGRES_OWNER", "")
    command = ([ "runuser", "-u", owner, "--"] if owner else []) + [
        f"{bindir}/pg_ctl", "-D", data, "-l", log, "-m", "fast", "-w", "-t", "60", "restart"]
    subprocess.run(command, check=True, capture_output=True, timeout=90)


def unique_name() -> str:
    return uuid.uuid4().hex[:8]


def wait_until(predicate, timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _memoize_moto_module_listing() -> None:
    """moto's server matches each request's Host against its service names by listing its own package
    folder, twice per request: half of moto's CPU per request, spent on the two cores the workers
    are measured on (a real bucket runs elsewhere). The listing cannot change while moto runs."""
    listing = getattr(moto.backends, "list_of_moto_modules", None)
    if listing is None or getattr(listing, "memoized", False):
        return
    names = tuple(listing())

    def memoized():
        return names

    memoized.memoized = True
    moto.backends.list_of_moto_modules = memoized


@contextlib.contextmanager
def running_cluster(scratch: Path):
    """A fresh database and bucket; every process started in it is stopped on exit."""
    binary = required_env("AUDIO_SERVER_BINARY")
    # moto's request log would drown the output.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    _memoize_moto_module_listing()
    port = free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    moto.start()
    endpoint = f"http://127.0.0.1:{port}"
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id=AWS["AWS_ACCESS_KEY_ID"], aws_secret_access_key=AWS["AWS_SECRET_ACCESS_KEY"])
    s3.create_bucket(Bucket=BUCKET)
    (scratch / "databases").mkdir(parents=True, exist_ok=True)
    databases = DatabaseFactory("postgres", scratch / "databases")
    made = Cluster(binary=binary, database_url=databases.new_url(), endpoint=endpoint, scratch=scratch, s3=s3)
    try:
        yield made
    finally:
        for worker in made.workers:
            worker.kill9()
        for replica in made.replicas:
            replica.stop()
        moto.stop()
        databases.drop_all()


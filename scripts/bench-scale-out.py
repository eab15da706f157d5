"""Scale-out figures (make bench): analysis throughput with one and two
`worker` processes, upload→ready latency under 20 concurrent uploads, and the
RSS growth of a web replica streaming a 200 MB upload to the bucket.

Runs on one throwaway Postgres and a moto S3 server on loopback, through the
same cluster helpers as the scale-out tests (Tests/ScaleOut/cluster.py)."""

from __future__ import annotations

import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "ScaleOut"))
from cluster import running_cluster, wait_until  # noqa: E402
from EndToEnd.support import API_KEY, load_manifest  # noqa: E402
from websockets.sync.client import connect as websocket  # noqa: E402

TRACKS_PER_ROUND = int(os.environ.get("SCALE_OUT_TRACKS", "72"))
CONCURRENT = 20
UPLOAD_MB = int(os.environ.get("UPLOAD_MB", "200"))


def music_wavs(scratch: Path) -> list[Path]:
    """The music fixtures as 16-bit WAV files (salted copies stay valid audio)."""
    out = []
    for fixture in load_manifest():
        if fixture.name.startswith("music_"):
            target = scratch / (fixture.path.stem + ".wav")
            subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(fixture.path), "-c:a", "pcm_s16le", str(target)],
                           check=True)
            out.append(target)
    return out


def salted(data: bytes, salt: int) -> bytes:
    # The server reuses the analysis of identical content, so each upload differs in its last samples' low bytes.
    copy = bytearray(data)
    copy[-2] ^= (salt + 1) & 0xFF
    copy[-4] ^= ((salt + 1) >> 8) & 0xFF
    return bytes(copy)


def upload_all(replica, songs: list[bytes], first_salt: int) -> list[str]:
    ids = []
    for i in range(TRACKS_PER_ROUND):
        answer = replica.upload(f"song{first_salt + i}.wav", salted(songs[i % len(songs)], first_salt + i))
        assert answer.status_code == 201, answer.text
        ids.append(answer.json()["track_id"])
    return ids


class Session:
    """One psql process kept open for the polls: a process and a backend forked every half second
    would spend the CPU the workers are being measured on."""

    def __init__(self, database_url: str):
        self.process = subprocess.Popen(["psql", database_url, "-v", "ON_ERROR_STOP=1", "-qAt"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def row(self, statement: str) -> str:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(statement + ";\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "psql ended"
        return line.strip()

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=10)


def finished(session: Session, ids: list[str]) -> tuple[int, int, float]:
    """(ready, failed, last analyzed_at as Unix seconds) for the tracks `ids`, read from the database."""
    row = session.row(
        "SELECT count(*) FILTER (WHERE status = 'ready'), count(*) FILTER (WHERE status = 'failed'), "
        "coalesce(extract(epoch FROM max(analyzed_at)), 0) FROM tracks WHERE track_id IN ("
        + ", ".join(f"'{uuid.UUID(track_id)}'" for track_id in ids) + ")")  # parsed: only UUIDs reach the SQL
    ready, failed, last = row.split("|")
    return int(ready), int(failed), float(last)


def throughput(cluster, replica, songs, processes: int, first_salt: int, **storage_env: str) -> float:
    """Tracks per second from the workers' launch to the last analysis stored: the completion
    times come from the database, so the measurement adds no HTTP polling to the machine's load
    and no polling interval to the elapsed time."""
    ids = upload_all(replica, songs, first_salt)
    session = Session(cluster.database_url)
    started = time.time()
    workers = [cluster.worker(threads=1, **storage_env) for _ in range(processes)]
    deadline = time.monotonic() + 600
    while True:
        ready, failed, last = finished(session, ids)
        assert failed == 0, f"{failed} tracks failed"
        if ready == len(ids):
            break
        assert time.monotonic() < deadline, f"{len(ids) - ready} tracks not analysed after 600 s"
        time.sleep(0.5)
    session.close()
    for worker in workers:
        worker.stop()
    return len(ids) / (last - started)


def latency_under_concurrent_uploads(replica, songs, first_salt: int) -> list[float]:
    def one(i: int) -> float:
        started = time.monotonic()
        answer = replica.upload(f"c{i}.wav", salted(songs[i % len(songs)], first_salt + i))
        track_id = answer.json()["track_id"]
        url = f"ws://127.0.0.1:{replica.port}/ws/chat/{track_id}/?api_key={API_KEY}"
        with websocket(url, open_timeout=30) as ws:
            while True:
                message = json.loads(ws.recv(timeout=300))
                if message.get("type") == "status" and message["status"] in ("ready", "failed"):
                    return time.monotonic() - started

    with concurrent.futures.ThreadPoolExecutor(CONCURRENT) as pool:
        return sorted(pool.map(one, range(CONCURRENT)))


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))


def big_upload_rss(cluster, replica, scratch: Path) -> tuple[int, float, int, int]:
    big = scratch / "big.wav"
    with open(big, "wb") as out:
        for _ in range(UPLOAD_MB):
            out.write(os.urandom(1 << 20))
    pid = replica.process.pid
    before = rss_kb(pid)
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    result = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", f"X-API-Key: {API_KEY}",
                             "-F", f"file=@{big}", replica.url("/api/tracks/")], capture_output=True, text=True)
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    wait_until(lambda: cluster.multipart_uploads() == [], 30, "no multipart upload left")
    return int(result.stdout or 0), seconds, before // 1024, (peak[0] - before) // 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, running_cluster(Path(folder) / "cluster") as cluster:
        scratch = Path(folder)
        paths = music_wavs(scratch)
        songs = [path.read_bytes() for path in paths]
        replica = cluster.replica(MAX_UPLOAD_MB=str(UPLOAD_MB + 10))
        one = throughput(cluster, replica, songs, 1, 0)
        two = throughput(cluster, replica, songs, 2, 1000)
        workers = [cluster.worker(threads=1) for _ in range(2)]
        latencies = latency_under_concurrent_uploads(replica, songs, 2000)
        for worker in workers:
            worker.stop()
        code, seconds, before, growth = big_upload_rss(cluster, replica, scratch)
        # The bucket replica would otherwise receive every event of the volume rounds.
        replica.stop()
        # The same with the media on a volume the processes share: moto, an S3 server in Python, runs on
        # the two cores the workers are measured on, which a real bucket does not.
        volume = {"AWS_STORAGE_BUCKET_NAME": "", "MEDIA_ROOT": str(scratch / "shared-media")}
        volume_replica = cluster.replica(**volume)
        one_volume = throughput(cluster, volume_replica, songs, 1, 3000, **volume)
        two_volume = throughput(cluster, volume_replica, songs, 2, 4000, **volume)
        print(f"== analysis throughput, {TRACKS_PER_ROUND} music tracks (15 s each), one web replica with ANALYSIS_WORKERS=0")
        print(f"bucket (moto on the same cores): 1 worker process {one:.2f} tracks/s | 2 worker processes {two:.2f} tracks/s | "
              f"ratio {two / one:.2f} (goal >= 1.8)")
        print(f"shared volume:                   1 worker process {one_volume:.2f} tracks/s | 2 worker processes "
              f"{two_volume:.2f} tracks/s | ratio {two_volume / one_volume:.2f} (goal >= 1.8)")
        p50 = statistics.median(latencies)
        p99 = latencies[min(len(latencies) - 1, int(round(0.99 * (len(latencies) - 1))))]
        print(f"== upload→ready latency, {CONCURRENT} concurrent uploads, 2 worker processes: "
              f"p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
        print(f"== {UPLOAD_MB} MB upload to the bucket (multipart): status {code} (422 expected: random bytes), "
              f"{UPLOAD_MB / seconds:.1f} MB/s, RSS {before} MB before, growth {growth} MB (goal < 16 MB)")


if __name__ == "__main__":
    main()

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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "ScaleOut"))
from cluster import running_cluster, wait_until  # noqa: E402
from EndToEnd.support import API_KEY, load_manifest  # noqa: E402
from websockets.sync.client import connect as websocket  # noqa: E402

TRACKS_PER_ROUND = int(os.environ.get("SCALE_OUT_TRACKS", "72"))
# Rounds per worker count, alternating 1 and 2 processes; the figures are their medians.
ROUNDS = int(os.environ.get("SCALE_OUT_ROUNDS", "3"))
# The steady-state rate leaves out this fraction of a round's completions at either end.
WARM = 0.1
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


def among(ids: list[str]) -> str:
    """`track_id IN (…)` for the tracks `ids`; each is parsed as a UUID, so only UUIDs reach the SQL."""
    return "track_id IN (" + ", ".join(f"'{uuid.UUID(track_id)}'" for track_id in ids) + ")"


def finished(session: Session, ids: list[str]) -> tuple[int, int]:
    """(ready, failed) among the tracks `ids`, read from the database."""
    row = session.row(
        "SELECT count(*) FILTER (WHERE status = 'ready'), count(*) FILTER (WHERE status = 'failed') FROM tracks "
        f"WHERE {among(ids)}")
    ready, failed = row.split("|")
    return int(ready), int(failed)


def quiesce(cluster) -> None:
    """Starts a round from a quiet machine: the uploads' dirty pages written back and the previous
    rounds' dead rows vacuumed, so neither the kernel's writeback nor autovacuum runs inside it."""
    os.sync()
    cluster.psql("VACUUM ANALYZE")


def completion_times(session: Session, ids: list[str]) -> list[float]:
    """When each of the tracks `ids` was analysed (Unix seconds), in order."""
    row = session.row(
        "SELECT string_agg(extract(epoch FROM analyzed_at)::text, ',' ORDER BY analyzed_at) FROM tracks "
        f"WHERE {among(ids)}")
    return [float(value) for value in row.split(",")]


@dataclass
class Rate:
    """One round's tracks per second, two ways."""

    steady: float  # the slope of completions in the middle of the round (steady_rate): what a continuous queue sees
    overall: float  # from the workers' launch to the last analysis: includes process start and the uneven finish


def throughput(cluster, replica, songs, processes: int, first_salt: int, **storage_env: str) -> Rate:
    """Tracks per second of `processes` worker processes on a queue of TRACKS_PER_ROUND uploads.
    The completion times come from the database, so the measurement adds no HTTP polling to the
    machine's load and no polling interval to the elapsed time."""
    ids = upload_all(replica, songs, first_salt)
    quiesce(cluster)
    session = Session(cluster.database_url)
    started = time.time()
    workers = [cluster.worker(threads=1, **storage_env) for _ in range(processes)]
    deadline = time.monotonic() + 600
    while True:
        ready, failed = finished(session, ids)
        assert failed == 0, f"{failed} tracks failed"
        if ready == len(ids):
            break
        assert time.monotonic() < deadline, f"{len(ids) - ready} tracks not analysed after 600 s"
        time.sleep(0.5)
    times = completion_times(session, ids)
    session.close()
    for worker in workers:
        worker.stop()
    # Every round starts from the same state: moto would otherwise hold each round's objects in memory.
    for track_id in ids:
        assert replica.delete(f"/api/tracks/{track_id}/").status_code == 204
    return Rate(steady=steady_rate(times), overall=len(ids) / (times[-1] - started))


def steady_rate(times: list[float]) -> float:
    """Completions per second in the middle of a round: the least-squares slope of completion count
    over time, leaving out the first and the last WARM of the completions (process start, the
    uneven finish). Two workers complete in pairs, so counting between two chosen completions
    would depend on where a pair falls; the slope does not."""
    skip = int(len(times) * WARM)
    middle = times[skip:len(times) - skip]
    counts = range(skip, skip + len(middle))
    mean_t, mean_n = statistics.fmean(middle), statistics.fmean(counts)
    spread = sum((t - mean_t) ** 2 for t in middle)
    return sum((t - mean_t) * (n - mean_n) for t, n in zip(middle, counts)) / spread


def scaling(cluster, replica, songs, first_salt: int, **storage_env: str) -> tuple[Rate, Rate]:
    """Median rates of one and of two worker processes over ROUNDS alternating rounds each."""
    one, two = [], []
    for round in range(ROUNDS):
        salt = first_salt + 2 * round * TRACKS_PER_ROUND
        one.append(throughput(cluster, replica, songs, 1, salt, **storage_env))
        two.append(throughput(cluster, replica, songs, 2, salt + TRACKS_PER_ROUND, **storage_env))

    def median(rates: list[Rate]) -> Rate:
        return Rate(steady=statistics.median(r.steady for r in rates), overall=statistics.median(r.overall for r in rates))

    return median(one), median(two)


def report_scaling(label: str, one: Rate, two: Rate) -> None:
    print(f"{label}: 1 worker process {one.steady:.2f} tracks/s | 2 worker processes {two.steady:.2f} tracks/s | "
          f"ratio {two.steady / one.steady:.2f} (goal >= 1.8)")
    print(f"{' ' * len(label)}  launch to last analysis: {one.overall:.2f} | {two.overall:.2f} tracks/s | "
          f"ratio {two.overall / one.overall:.2f}")


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
        # Media on a volume the processes share. These rounds come first, on a quiet machine: moto,
        # an S3 server in Python, runs on the two cores the workers are measured on (a real bucket
        # does not), and keeps the bucket rounds' objects in its memory.
        volume = {"AWS_STORAGE_BUCKET_NAME": "", "MEDIA_ROOT": str(scratch / "shared-media")}
        volume_replica = cluster.replica(**volume)
        one_volume, two_volume = scaling(cluster, volume_replica, songs, 0, **volume)
        # The volume replica would otherwise receive every event of the bucket rounds.
        volume_replica.stop()
        replica = cluster.replica(MAX_UPLOAD_MB=str(UPLOAD_MB + 10))
        one, two = scaling(cluster, replica, songs, 100_000)
        workers = [cluster.worker(threads=1) for _ in range(2)]
        latencies = latency_under_concurrent_uploads(replica, songs, 200_000)
        for worker in workers:
            worker.stop()
        code, seconds, before, growth = big_upload_rss(cluster, replica, scratch)
        print(f"== analysis throughput, {TRACKS_PER_ROUND} music tracks (15 s each) per round, one web replica with "
              f"ANALYSIS_WORKERS=0; median of {ROUNDS} alternating rounds; steady state: completions per second leaving out the first and the "
              f"last {WARM:.0%} of a round's completions")
        report_scaling("shared volume", one_volume, two_volume)
        report_scaling("bucket (moto on the same cores)", one, two)
        p50 = statistics.median(latencies)
        p99 = latencies[min(len(latencies) - 1, int(round(0.99 * (len(latencies) - 1))))]
        print(f"== upload→ready latency, {CONCURRENT} concurrent uploads, 2 worker processes: "
              f"p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
        print(f"== {UPLOAD_MB} MB upload to the bucket (multipart): status {code} (422 expected: random bytes), "
              f"{UPLOAD_MB / seconds:.1f} MB/s, RSS {before} MB before, growth {growth} MB (goal < 16 MB)")


if __name__ == "__main__":
    main()

"""The server with media in a bucket, checked from an independent client (boto3) over HTTP:

1. a real audio file uploaded through POST /api/tracks/ is in the bucket under AWS_LOCATION with the
   SHA-256 the API reports, analysis finishes, /media/ redirects to a presigned URL serving the exact
   bytes (and 206 for a Range), and DELETE leaves no object;
2. a large undecodable upload (streamed as multipart parts) is answered 422 and leaves no object, no
   multipart upload and no temporary file, with the server's peak RSS reported and bounded.

Usage (scripts/s3-test.sh runs it): python check_bucket.py BASE_URL API_KEY S3_ENDPOINT BUCKET PID FIXTURE
"""
import hashlib
import os
import sys
import time

import boto3
import requests


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    base, api_key, endpoint, bucket, pid, fixture = sys.argv[1:7]
    headers = {"X-API-Key": api_key}
    s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="check", aws_secret_access_key="check",
                      region_name="us-east-1")

    audio = open(fixture, "rb").read()
    created = requests.post(f"{base}/api/tracks/", headers=headers, files={"file": ("clip.wav", audio)}, timeout=60)
    assert created.status_code == 201, created.text
    track = created.json()
    # The spectrogram may already be there too: the analysis starts at once.
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []) if not o["Key"].endswith(".png")]
    assert len(keys) == 1 and keys[0].startswith("media/") and keys[0].endswith(".wav"), keys
    stored = s3.get_object(Bucket=bucket, Key=keys[0])["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == hashlib.sha256(audio).hexdigest()
    deadline = time.time() + 120
    while True:
        detail = requests.get(f"{base}/api/tracks/{track['track_id']}/", headers=headers, timeout=10).json()
        if detail["status"] in ("ready", "failed") or time.time() > deadline:
            break
        time.sleep(0.2)
    assert detail["status"] == "ready", detail.get("status_message")
    redirect = requests.get(base + detail["url"], allow_redirects=False, timeout=10)
    assert redirect.status_code == 302 and "X-Amz-Signature=" in redirect.headers["Location"], redirect.status_code
    assert requests.get(redirect.headers["Location"], timeout=30).content == audio
    ranged = requests.get(base + detail["url"], headers={"Range": "bytes=0-99"}, timeout=30)
    assert ranged.status_code == 206 and ranged.content == audio[:100]
    spectrogram = requests.get(base + detail["spectrogram_url"], timeout=30)
    assert spectrogram.status_code == 200 and spectrogram.content.startswith(b"\x89PNG")
    assert requests.delete(f"{base}/api/tracks/{track['track_id']}/", headers=headers, timeout=30).status_code == 204
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0
    print("bucket: upload, analysis, redirect, range, spectrogram and delete checked")

    size_mb = int(os.environ.get("LARGE_UPLOAD_MB", "200"))
    before = peak_rss_mb(pid)
    temporary = set(os.listdir(os.environ.get("TMPDIR", "/tmp")))
    chunk = os.urandom(1 << 20)
    body = (chunk for _ in range(size_mb))
    large = requests.post(f"{base}/api/tracks/", headers={**headers, "Content-Type": "multipart/form-data; boundary=xyz"},
                          data=_multipart(body), timeout=600)
    assert large.status_code == 422, large.status_code
    after = peak_rss_mb(pid)
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0
    assert not s3.list_multipart_uploads(Bucket=bucket).get("Uploads")
    left = [n for n in set(os.listdir(os.environ.get("TMPDIR", "/tmp"))) - temporary if n.startswith("s3-")]
    assert not left, left
    print(f"bucket: {size_mb} MB undecodable upload -> 422, nothing left; peak RSS {before:.0f} MB -> {after:.0f} MB")
    # One part (8 MiB) in memory plus the URLSession and allocator overhead; never the file.
    assert after - before < 80, "peak RSS grew with the upload"


def _multipart(chunks):
    yield b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.wav"\r\n\r\n'
    yield from chunks
    yield b"\r\n--xyz--\r\n"


if __name__ == "__main__":
    main()

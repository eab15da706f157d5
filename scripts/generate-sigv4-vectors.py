#!/usr/bin/env python3
"""Writes Tests/Fixtures/sigv4/botocore-vectors.json: SigV4 signatures computed by
botocore's own S3 signers (S3SigV4Auth for the Authorization header, S3SigV4QueryAuth for presigned
URLs) at fixed instants, so the Swift signer is checked against an independent implementation
without Python at test time.

    python3 -m venv /tmp/sigv4-venv && /tmp/sigv4-venv/bin/pip install botocore
    /tmp/sigv4-venv/bin/python scripts/generate-sigv4-vectors.py
"""
import datetime
import hashlib
import json
import pathlib
import urllib.parse

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

CREDENTIALS = Credentials("AKIDEXAMPLEKEY123456", "vector/secret+key=with/odd+chars0123456789ab")
OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/Fixtures/sigv4/botocore-vectors.json"

# (name, method, host, key, query, extra headers, body, region, instant)
CASES = [
    ("put-small-object", "PUT", "127.0.0.1:9000", "media-bucket/media/0b0f5d5e-6f0a-4c1e-9d55-3f4f7f1f2a3b.wav", [],
     {"content-type": "audio/wav"}, b"RIFF....WAVEfmt ", "us-east-1", "2026-01-17T11:59:00"),
    ("get-object-virtual-host", "GET", "bucket.s3.eu-west-3.amazonaws.com", "media/a b+c%d.mp3", [],
     {}, b"", "eu-west-3", "2025-12-31T23:59:59"),
    ("key-with-unicode-and-reserved", "GET", "s3.example.com", "b/med ia/Été ☃/x~y_z-(1)!*'.flac", [],
     {"range": "bytes=0-9"}, b"", "us-west-2", "2024-02-29T00:00:00"),
    ("list-objects-v2", "GET", "localhost:5000", "bucket", [("list-type", "2"), ("prefix", "media/"), ("max-keys", "1000"),
     ("continuation-token", "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")], {}, b"", "us-east-1", "2026-06-01T08:00:00"),
    ("create-multipart-upload", "POST", "localhost:5000", "bucket/media/x.wav", [("uploads", "")],
     {"content-type": "audio/wav"}, b"", "us-east-1", "2026-06-01T08:00:01"),
    ("upload-part", "PUT", "localhost:5000", "bucket/media/x.wav", [("partNumber", "2"), ("uploadId", "abc/DEF+ghi==")],
     {}, bytes(range(256)) * 40, "auto", "2026-06-01T08:00:02"),
    ("complete-multipart-upload", "POST", "localhost:5000", "bucket/media/x.wav", [("uploadId", "abc/DEF+ghi==")],
     {"content-type": "application/xml"},
     b'<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"e1"</ETag></Part></CompleteMultipartUpload>',
     "us-east-1", "2026-06-01T08:00:03"),
    ("list-multipart-uploads-repeated-spaces", "GET", "localhost:5000", "bucket", [("uploads", ""), ("prefix", "media/")],
     {"x-amz-meta-note": "  two   spaces  inside  "}, b"", "us-east-1", "2026-06-01T08:00:04"),
    ("delete-object", "DELETE", "r2.example.net", "bucket/media/0b0f5d5e-6f0a-4c1e-9d55-3f4f7f1f2a3b.spectrogram.png", [],
     {}, b"", "auto", "2026-03-08T02:30:00"),
    ("head-bucket-root", "HEAD", "bucket.s3.us-east-1.amazonaws.com", "", [], {}, b"", "us-east-1", "2026-01-01T00:00:00"),
]


def frozen(instant):
    moment = datetime.datetime.fromisoformat(instant)
    return lambda *args, **kwargs: moment


def url_for(host, key, query):
    path = "/" + urllib.parse.quote(key, safe="/~")
    encoded = "&".join(urllib.parse.quote(n, safe="-_.~") + "=" + urllib.parse.quote(v, safe="-_.~") for n, v in query)
    return f"http://{host}{path}" + (f"?{encoded}" if encoded else "")


def header_case(name, method, host, key, query, headers, body, region, instant):
    botocore.auth.get_current_datetime = frozen(instant)
    request = AWSRequest(method=method, url=url_for(host, key, query), data=body, headers=dict(headers))
    request.context["payload_signing_enabled"] = True
    botocore.auth.S3SigV4Auth(CREDENTIALS, "s3", region).add_auth(request)
    signed = {k.lower(): v for k, v in request.headers.items() if k.lower() != "authorization"}
    signed["host"] = host
    return {
        "name": name, "kind": "header", "method": method, "path": "/" + key, "query": [[n, v] for n, v in query],
        "headers": sorted([k, v] for k, v in signed.items()), "payload_sha256": hashlib.sha256(body).hexdigest(),
        "region": region, "instant": instant + "Z", "authorization": request.headers["Authorization"],
    }


def presign_case(name, method, host, key, query, region, instant, expires):
    botocore.auth.get_current_datetime = frozen(instant)
    request = AWSRequest(method=method, url=url_for(host, key, query), headers={"host": host})
    botocore.auth.S3SigV4QueryAuth(CREDENTIALS, "s3", region, expires=expires).add_auth(request)
    signature = urllib.parse.parse_qs(urllib.parse.urlsplit(request.url).query)["X-Amz-Signature"][0]
    return {
        "name": name, "kind": "presign", "method": method, "path": "/" + key, "query": [[n, v] for n, v in query],
        "headers": [["host", host]], "region": region, "instant": instant + "Z", "expires": expires,
        "url": request.url, "signature": signature,
    }


def main():
    vectors = [header_case(*case) for case in CASES]
    vectors += [
        presign_case("presign-path-style", "GET", "127.0.0.1:9000", "media-bucket/media/0b0f5d5e-6f0a-4c1e-9d55-3f4f7f1f2a3b.wav",
                     [], "us-east-1", "2026-01-17T11:59:00", 3600),
        presign_case("presign-virtual-host-max", "GET", "bucket.s3.ap-south-1.amazonaws.com", "media/Été b.mp3",
                     [], "ap-south-1", "2025-07-04T12:00:00", 604800),
        presign_case("presign-one-second", "GET", "localhost:5000", "b/k", [], "us-east-1", "2026-02-01T00:00:00", 1),
    ]
    document = {
        "note": "Generated by scripts/generate-sigv4-vectors.py with botocore " + botocore.__version__
                + " (S3SigV4Auth, S3SigV4QueryAuth) at fixed instants; credentials are made up.",
        "access_key_id": CREDENTIALS.access_key, "secret_access_key": CREDENTIALS.secret_key, "vectors": vectors,
    }
    OUT.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(vectors)} vectors written")


if __name__ == "__main__":
    main()

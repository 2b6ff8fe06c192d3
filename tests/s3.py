"""An S3 API over HTTP for the tests: moto's standalone server, or the one CI started.

``.ci/run`` starts ``moto_server`` and sets ``S3_ENDPOINT_URL``/``S3_BUCKET`` for the
PostgreSQL run, so the settings put all media in that bucket; tests/conftest.py then gives
each test a fresh prefix in it. Without those variables, the S3 tests start a moto server
of their own on a free port (:func:`start_moto`) and stop it at the end of the session.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

from lms.settings.storages import s3_storages

MOTO_START_SECONDS = 30


@dataclass(frozen=True)
class S3Server:
    """Where the S3 API answers, and the credentials and bucket the tests use."""

    endpoint_url: str
    bucket: str
    access_key_id: str = "testing"
    secret_access_key: str = "testing"  # noqa: S105 - moto accepts any key
    region: str = "us-east-1"
    private_bucket: str = ""

    def storages(self, *, prefix: str = "") -> dict[str, dict]:
        """``STORAGES`` entries for media and private files under ``prefix``."""
        return s3_storages(
            bucket=self.bucket,
            private_bucket=self.private_bucket,
            endpoint_url=self.endpoint_url,
            access_key_id=self.access_key_id,
            secret_access_key=self.secret_access_key,
            region=self.region,
            prefix=prefix,
        )

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key_id,
            aws_secret_access_key=self.secret_access_key,
            region_name=self.region,
        )


def from_environment() -> S3Server | None:
    """The S3 server the environment configures (``.ci/run``), if any."""
    endpoint, bucket = os.environ.get("S3_ENDPOINT_URL", ""), os.environ.get("S3_BUCKET", "")
    if not (endpoint and bucket):
        return None
    return S3Server(
        endpoint_url=endpoint,
        bucket=bucket,
        access_key_id=os.environ.get("S3_ACCESS_KEY_ID", "testing"),
        secret_access_key=os.environ.get("S3_SECRET_ACCESS_KEY", "testing"),
        region=os.environ.get("S3_REGION") or "us-east-1",
        private_bucket=os.environ.get("S3_PRIVATE_BUCKET", ""),
    )


def free_port() -> int:
    """A port nobody listens on now (the OS picks it: port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def moto_command() -> list[str]:
    """``moto_server`` of this virtualenv."""
    script = Path(sys.executable).with_name("moto_server")
    return [str(script)] if script.exists() else [sys.executable, "-m", "moto.server"]


def start_moto(log_path: Path) -> tuple[subprocess.Popen, str]:
    """Start ``moto_server`` on a free port of 127.0.0.1; return it and its URL once it
    answers. Another process may take the port between the probe and the start: then
    another port is tried."""
    for _attempt in range(5):
        port = free_port()
        log = open(log_path, "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [*moto_command(), "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + MOTO_START_SECONDS
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urlopen(f"{url}/moto-api/", timeout=2):  # noqa: S310 - our own server
                    return process, url
            except (URLError, ConnectionError, OSError):
                time.sleep(0.1)
        stop_moto(process)
    raise RuntimeError(f"moto_server did not start; see {log_path}")


def stop_moto(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def new_bucket_name() -> str:
    return f"lms-test-{secrets.token_hex(6)}"


def delete_prefix(client, bucket: str, prefix: str) -> None:
    """Delete every object under ``prefix`` of ``bucket``."""
    paginator = client.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
        if keys:
            client.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})

"""``make loadtest``: a deployment of several machines on this one, under Locust.

Starts PostgreSQL if it is down (and a fresh database), a Redis server of its own, the
S3 server (moto) with a fresh bucket, two gunicorn app servers behind nginx (round
robin), and two ``db_worker`` processes; loads the demo and ``generate_load_data``;
runs Locust headless (learners and staff); waits for the workers to finish; checks the
database and the bucket; prints the report and writes it to ``var/loadtest/report.md``.

Everything it starts runs in a process group of its own and is stopped on exit, on
Ctrl-C, on errors and when the whole run passes ``--deadline``. Traffic goes to
127.0.0.1 only. Ports: ``--port`` and the four after it (8600-8604 by default).

nginx is the proxy because it is what docs/deploy.md puts in front of the app
servers: its ``upstream`` block is round robin by default, and it adds
``X-Forwarded-For``/``-Proto`` as in production.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from signing_keys import signing_env  # noqa: E402  (benchmarks/signing_keys.py)

PY = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"


class Stack:
    """The processes started, stopped in reverse order (process group by group)."""

    def __init__(self, var: Path):
        self.var = var
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.on_stop: list = []

    def start(self, name: str, args: list[str], env: dict | None = None) -> subprocess.Popen:
        log = open(self.var / f"{name}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((name, process))
        return process

    def check_alive(self) -> None:
        for name, process in self.processes:
            if process.poll() is not None:
                raise RuntimeError(f"{name} stopped (exit {process.returncode}); see {self.var / name}.log")

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 15
        for name, process in reversed(self.processes):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"  {name} did not stop: killed", flush=True)
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=5)
        self.processes.clear()
        for action in reversed(self.on_stop):
            action()
        self.on_stop.clear()


def free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def wait_for(url: str, *, seconds: float, stack: Stack) -> None:
    deadline = time.monotonic() + seconds
    while True:
        stack.check_alive()
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (127.0.0.1 only)
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer 200 within {seconds:.0f} s")
        time.sleep(0.5)


def wait_port(port: int, *, seconds: float, stack: Stack) -> None:
    deadline = time.monotonic() + seconds
    while free(port):
        stack.check_alive()
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing listens on port {port} after {seconds:.0f} s")
        time.sleep(0.2)


def step(title: str) -> None:
    print(f"== {title}", flush=True)


def run(args, env, *, seconds: float, capture=False) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=ROOT, env=env, check=True, timeout=seconds, text=True, capture_output=capture
    )


def postgres_up(stack: Stack, host: str, port: int) -> None:
    if subprocess.run(["pg_isready", "-h", host, "-p", str(port), "-q"], check=False).returncode == 0:
        return
    versions = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])
    version = versions[-1]
    print(f"  PostgreSQL is down: starting cluster {version}/main (stopped again at the end)")
    run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], None, seconds=60)
    stack.on_stop.append(
        lambda: subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "stop"], check=False, timeout=60
        )
    )
    for _ in range(60):
        if subprocess.run(["pg_isready", "-h", host, "-p", str(port), "-q"], check=False).returncode == 0:
            return
        time.sleep(1)
    raise RuntimeError("PostgreSQL did not start")


def nginx_config(var: Path, port: int, upstreams: list[int]) -> Path:
    temp = " ".join(
        f"{kind}_temp_path {var}/nginx-{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    servers = "".join(f"server 127.0.0.1:{p};" for p in upstreams)
    config = var / "nginx.conf"
    config.write_text(
        f"worker_processes 1; daemon off; pid {var}/nginx.pid; error_log {var}/nginx-error.log;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{ access_log off; {temp}\n"
        f"  upstream app {{ {servers} keepalive 16; }}\n"
        f"  server {{ listen 127.0.0.1:{port};\n"
        f"    client_max_body_size 20m;\n"
        f'    location / {{ proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection "";\n'
        f"      proxy_set_header Host $host:$server_port; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        f"      proxy_set_header X-Forwarded-Proto $scheme; proxy_read_timeout 120s; }} }}\n"
        f"}}\n"
    )
    if os.geteuid() == 0:
        config.write_text("user root;\n" + config.read_text())
    return config


def stats_rows(csv_path: Path) -> list[dict]:
    import csv

    with csv_path.open() as handle:
        return list(csv.DictReader(handle))


def report(
    args, *, started, ended, locust_rows, checks, notes, load_before, load_during, data_line, rc
) -> str:
    total = next((r for r in locust_rows if r["Name"] == "Aggregated"), None)
    lines = [
        "# Load test report",
        "",
        f"- Command: `make loadtest` (`{' '.join(sys.argv)}`)",
        f"- When: {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(started))}",
        f"- Users: {args.users} ({args.users - args.staff} learners, {args.staff} staff), spawn rate {args.spawn_rate}/s",
        f"- Duration of the Locust run: {args.duration} s (whole script {ended - started:.0f} s)",
        "- Deployment: PostgreSQL, Redis (own server), S3 (moto_server), nginx round robin over 2 gunicorn "
        f"app servers ({args.workers} workers each), 2 db_worker processes",
        f"- Data: demo + `generate_load_data --centers {args.centers} --learners {args.generated}`; {data_line}",
        f"- Machine: {os.cpu_count()} CPUs; load average before {load_before}, at the end of the run {load_during}",
        "",
    ]
    if total:
        lines += [
            f"**Requests: {total['Request Count']}, errors: {total['Failure Count']}** "
            f"({float(total['Requests/s']):.1f} requests/s; p50 {total['50%']} ms, p95 {total['95%']} ms)",
            "",
            "| Request type | Requests | Errors | p50 ms | p95 ms |",
            "|---|---:|---:|---:|---:|",
        ]
        for row in locust_rows:
            if row["Name"] != "Aggregated":
                lines.append(
                    f"| {row['Type']} {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
                    f"{row['50%']} | {row['95%']} |"
                )
        lines.append("")
    failures = args.var / "locust_failures.csv"
    if failures.exists() and len(failures.read_text().splitlines()) > 1:
        lines += ["Errors by kind:", "", "```", failures.read_text().strip(), "```", ""]
    lines += [f"Note: {note}." for note in notes] + ([""] if notes else [])
    lines += ["## Consistency checks", ""]
    for item in checks:
        lines.append(f"- {'PASS' if item['passed'] else 'FAIL'}: {item['check']}: {item['detail']}")
    lines.append("")
    verdict = "all checks pass, no errors" if rc == 0 else "FAILED (see above)"
    lines.append(f"Result: {verdict}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=42, help="Locust users (learners + staff)")
    parser.add_argument("--staff", type=int, default=2, help="staff users among them")
    parser.add_argument("--spawn-rate", type=float, default=4)
    parser.add_argument("--duration", type=int, default=200, help="seconds of Locust traffic (at least 180)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument("--centers", type=int, default=20)
    parser.add_argument("--generated", type=int, default=5000, help="learners of generate_load_data")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOADTEST_PORT", 8600)))
    parser.add_argument("--redis-db", default=None, help="use this Redis URL instead of starting a server")
    parser.add_argument("--database", default=os.environ.get("LOADTEST_DATABASE", "lms_loadtest_run"))
    parser.add_argument("--deadline", type=int, default=30 * 60, help="seconds before everything is stopped")
    args = parser.parse_args()
    args.var = ROOT / "var" / "loadtest"
    if args.var.exists():
        shutil.rmtree(args.var)
    args.var.mkdir(parents=True)
    for tool in ("nginx", "redis-server", "pg_isready"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            print(f"make loadtest needs {tool} (docs/deploy.md, 'Load test')", file=sys.stderr)
            return 2

    stack = Stack(args.var)

    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGALRM, interrupted)
    signal.alarm(args.deadline)
    started = time.time()
    proxy, app_ports, moto_port, redis_port = (
        args.port,
        [args.port + 1, args.port + 2],
        args.port + 3,
        args.port + 4,
    )
    try:
        for port in (proxy, *app_ports, moto_port, redis_port):
            if not free(port):
                raise RuntimeError(f"port {port} is in use: choose another --port")
        pg_host, pg_port = os.environ.get("PGHOST", "127.0.0.1"), int(os.environ.get("PGPORT", 5432))
        pg_user = os.environ.get("PGUSER", "postgres")
        step("PostgreSQL")
        postgres_up(stack, pg_host, pg_port)
        for command in ("dropdb", "createdb"):
            extra = ["--if-exists"] if command == "dropdb" else []
            run(
                [command, "-h", pg_host, "-p", str(pg_port), "-U", pg_user, *extra, args.database],
                None,
                seconds=120,
            )

        step("Redis and the S3 server")
        if args.redis_db:
            redis_url = args.redis_db
        else:
            stack.start(
                "redis",
                [
                    "redis-server",
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(redis_port),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
            )
            wait_port(redis_port, seconds=20, stack=stack)
            redis_url = f"redis://127.0.0.1:{redis_port}/0"
        stack.start("moto", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(moto_port)])
        wait_port(moto_port, seconds=60, stack=stack)

        site = f"http://127.0.0.1:{proxy}"
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "S3_"))},
            "PYTHONPATH": str(HERE),
            "DJANGO_SETTINGS_MODULE": "loadtest_settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://{pg_user}@{pg_host}:{pg_port}/{args.database}",
            "REDIS_URL": redis_url,
            "S3_BUCKET": f"lms-loadtest-{secrets.token_hex(4)}",
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
            "S3_ACCESS_KEY_ID": "loadtest",
            "S3_SECRET_ACCESS_KEY": secrets.token_hex(16),
            "S3_REGION": "us-east-1",
            "PAGE_CACHE_ENABLED": "true",
            "SITE_URL": site,
            "LMS_VAR_DIR": str(args.var / "app"),
            **signing_env(args.var / "keys"),
            "MEDIA_ROOT": str(args.var / "media"),
            "PRIVATE_MEDIA_ROOT": str(args.var / "private"),
            "LOG_LEVEL": "WARNING",
            "PHONE_VERIFICATION_ENABLED": "false",
        }
        import boto3

        boto3.client(
            "s3",
            endpoint_url=env["S3_ENDPOINT_URL"],
            aws_access_key_id=env["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
            region_name=env["S3_REGION"],
        ).create_bucket(Bucket=env["S3_BUCKET"])
        print(f"  fresh bucket {env['S3_BUCKET']} on the S3 server at {env['S3_ENDPOINT_URL']}", flush=True)
        manage = [PY, "manage.py"]
        step("Database: migrate, demo, generate_load_data")
        run([*manage, "migrate", "--noinput", "-v", "0"], env, seconds=600)
        run([*manage, "load_demo", "--force"], env, seconds=600)
        run(
            [
                *manage,
                "generate_load_data",
                "--centers",
                str(args.centers),
                "--learners",
                str(args.generated),
            ],
            env,
            seconds=900,
        )
        learners = args.users - args.staff
        out = run(
            [PY, str(HERE / "django_side.py"), "prepare", str(args.var), str(learners), str(args.staff)],
            env,
            seconds=600,
            capture=True,
        )
        print("  prepared:", out.stdout.strip().splitlines()[-1], flush=True)

        step("App servers, workers and the proxy")
        for index, port in enumerate(app_ports):
            stack.start(
                f"gunicorn-{index + 1}",
                [
                    str(BIN / "gunicorn"),
                    "lms.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(args.workers),
                    "--timeout",
                    "120",
                    "--graceful-timeout",
                    "10",
                    "--access-logfile",
                    str(args.var / f"access-{index + 1}.log"),
                    "--access-logformat",
                    '%(s)s %(m)s "%(U)s" %(M)sms',
                ],
                env,
            )
        for index in range(2):
            stack.start(
                f"db_worker-{index + 1}", [*manage, "db_worker", "--worker-id", f"loadtest-{index + 1}"], env
            )
        stack.start(
            "nginx",
            [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(nginx_config(args.var, proxy, app_ports))],
        )
        for port in (*app_ports, proxy):
            wait_for(f"http://127.0.0.1:{port}/healthz", seconds=120, stack=stack)
        print(f"  /healthz answers 200 on both app servers and through the proxy ({site})", flush=True)

        step(f"Locust: {args.users} users for {args.duration} s")
        load_before = " ".join(f"{v:.2f}" for v in os.getloadavg())
        run_started = time.time()
        locust = stack.start(
            "locust",
            [
                str(BIN / "locust"),
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--host",
                site,
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.duration}s",
                "--stop-timeout",
                "60",
                "--csv",
                str(args.var / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            {
                **os.environ,
                "LOADTEST_FIXTURES": str(args.var / "fixtures.json"),
                "LOADTEST_WRITES": str(args.var / "writes.jsonl"),
            },
        )
        deadline = time.monotonic() + args.duration + 180
        while locust.poll() is None:
            if time.monotonic() > deadline:
                raise RuntimeError("Locust did not stop in time")
            for name, process in stack.processes:
                if name != "locust" and process.poll() is not None:
                    raise RuntimeError(f"{name} stopped during the run; see {args.var / name}.log")
            time.sleep(1)
        load_during = " ".join(f"{v:.2f}" for v in os.getloadavg())

        step("Waiting for the workers, then the consistency checks")
        out = run(
            [PY, str(HERE / "django_side.py"), "drain", str(args.var), "300"], env, seconds=400, capture=True
        )
        print("  drained:", out.stdout.strip().splitlines()[-1], flush=True)
        out = run(
            [PY, str(HERE / "django_side.py"), "check", str(args.var), str(run_started)],
            env,
            seconds=600,
            capture=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        rows = stats_rows(args.var / "locust_stats.csv")
        total = next(r for r in rows if r["Name"] == "Aggregated")
        errors = int(total["Failure Count"])
        passed = all(item["passed"] for item in result["checks"])
        server_errors = sum(
            1
            for i in (1, 2)
            for line in (args.var / f"access-{i}.log").read_text().splitlines()
            if line.startswith("5")
        )
        result["checks"].append(
            {
                "check": "app servers: no 5xx answer in either access log",
                "passed": server_errors == 0,
                "detail": f"{server_errors} answers 500-599",
            }
        )
        passed = passed and server_errors == 0
        rc = 0 if passed and errors == 0 and locust.returncode == 0 else 1
        data = result["data"]
        data_line = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in data.items()) + " after the run"
        text = report(
            args,
            started=started,
            ended=time.time(),
            locust_rows=rows,
            checks=result["checks"],
            notes=result.get("notes", []),
            load_before=load_before,
            load_during=load_during,
            data_line=data_line,
            rc=rc,
        )
        (args.var / "report.md").write_text(text)
        print()
        print(text)
        print(f"Written to {args.var / 'report.md'}; logs beside it.")
        return rc
    except KeyboardInterrupt as stop:
        print(f"\nStopped ({stop or 'Ctrl-C'}): stopping everything started.", file=sys.stderr)
        return 130
    except (RuntimeError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        print(f"\nThe load test failed: {error}", file=sys.stderr)
        if isinstance(error, subprocess.CalledProcessError) and error.stderr:
            print(error.stderr[-4000:], file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stack.stop()
        signal.signal(signal.SIGINT, signal.SIG_DFL)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Hostile clients against `sagasu serve` (issue 14, item 4), on loopback.

For each server binary given, starts `BINARY serve --db DB` on a free port and
measures, in one bounded run (a few minutes at most per binary):

  health         /health latency (new connection each) with no load
  idle+drip      the same while 100 idle connections and 100 connections
                 sending one header byte every 2 s are open
  cut off        how many of those the server has closed 15 s later
  rss            server RSS before, at the peak of, and 3 s after a burst of
                 16 parallel requests with 2 MB of headers each (256 lines
                 of 8000 bytes: what httplib alone accepted), and what the
                 burst got back (status line, or how the connection ended)
  no-read        /health latency while 32 clients (twice the default
                 threads) have each pipelined 600 requests for search.js
                 (about 11 MB of answers each) and read nothing
  wrk            req/s and p99 at 8, 64 and 256 connections (if `wrk` is on
                 PATH), GET /search?q=北海道, 5 s each, 2 threads

Standard library only. Usage:

  build/sagasu index --db /tmp/hs.db examples/demo
  bench/hostile_clients.py --db /tmp/hs.db /work/main/build/sagasu build/sagasu

Caveats: clients and server share the machine (2 cores here); the figures
compare binaries in one run, they are not absolute.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import threading
import time
import urllib.parse

HEALTH = b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def health_ms(port, timeout=20.0):
    """One /health on a new connection; its time in ms, or None on failure."""
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(HEALTH)
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        if not data.startswith(b"HTTP/1.1 200"):
            return None
    except OSError:
        return None
    return (time.monotonic() - start) * 1000


def health_series(port, n, spacing, budget):
    """n /health requests, `spacing` s apart, stopping after `budget` s."""
    times, failures = [], 0
    end = time.monotonic() + budget
    for _ in range(n):
        left = end - time.monotonic()
        if left <= 0:
            break
        t = health_ms(port, timeout=min(20.0, left))
        if t is None:
            failures += 1
        else:
            times.append(t)
        time.sleep(spacing)
    return times, failures


def fmt_series(times, failures):
    if not times:
        return f"no answer ({failures} failed/timed out)"
    s = sorted(times)
    text = f"median {statistics.median(s):.1f} ms, max {s[-1]:.1f} ms ({len(s)} answered"
    return text + (f", {failures} failed/timed out)" if failures else ")")


def open_conn(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.setblocking(False)
    return s


def is_closed(s):
    try:
        data = s.recv(65536)
        return data == b"" or data.startswith(b"HTTP/")  # answered (408) counts as cut off
    except BlockingIOError:
        return False
    except OSError:
        return True


def idle_and_drip(port):
    idle = [open_conn(port) for _ in range(100)]
    drip = [open_conn(port) for _ in range(100)]
    stop = threading.Event()
    dead = set()

    def dripper():
        payload = b"GET /health HTTP/1.1\r\nX-Drip: " + b"a" * 10000
        i = 0
        while not stop.is_set():
            for k, s in enumerate(drip):
                if k in dead:
                    continue
                try:
                    s.send(payload[i % len(payload):i % len(payload) + 1])
                except OSError:
                    dead.add(k)
            i += 1
            stop.wait(2.0)

    t = threading.Thread(target=dripper, daemon=True)
    t.start()
    time.sleep(1.0)
    series = health_series(port, 10, 0.3, budget=60)
    # Give a bounded server time to cut them off.
    time.sleep(max(0.0, 15.0 - 1.0))
    stop.set()
    t.join()
    idle_cut = sum(is_closed(s) for s in idle)
    drip_cut = sum(1 for k, s in enumerate(drip) if k in dead or is_closed(s))
    for s in idle + drip:
        s.close()
    return series, idle_cut, drip_cut


def no_read(port):
    """Clients that ask for far more than socket buffers hold and never read."""
    request = b"GET /search.js HTTP/1.1\r\nHost: x\r\n\r\n" * 600
    conns = []
    for _ in range(32):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.settimeout(5)
        s.connect(("127.0.0.1", port))
        s.sendall(request)
        conns.append(s)
    time.sleep(1.0)
    series = health_series(port, 10, 0.3, budget=60)
    for s in conns:
        s.close()
    return series


def big_header_request(port, results, lock):
    head = b"GET /health HTTP/1.1\r\nHost: x\r\n"
    line = b"X-Big-%d: " + b"b" * 8000 + b"\r\n"
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            try:
                s.sendall(head)
                for i in range(256):
                    s.sendall(line % i)
                s.sendall(b"Connection: close\r\n\r\n")
            except OSError:
                pass  # cut off while sending: read what was answered
            s.settimeout(30)
            data = s.recv(64)
            outcome = data.split(b"\r\n")[0].decode() if data else "closed"
    except OSError as e:
        outcome = type(e).__name__
    with lock:
        results[outcome] = results.get(outcome, 0) + 1


def burst(pid, port):
    before = rss_kib(pid)
    peak = before
    results, lock = {}, threading.Lock()
    threads = [threading.Thread(target=big_header_request, args=(port, results, lock)) for _ in range(16)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        peak = max(peak, rss_kib(pid))
        time.sleep(0.02)
    for t in threads:
        t.join()
    time.sleep(3.0)
    after = rss_kib(pid)
    return before, peak, after, results


def run_wrk(port, conns):
    q = urllib.parse.quote("北海道")
    out = subprocess.run(["wrk", "-t2", f"-c{conns}", "-d5s", "--latency", "--timeout", "10s",
                          f"http://127.0.0.1:{port}/search?q={q}"],
                         capture_output=True, text=True, timeout=60).stdout
    rps = p99 = errors = "?"
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("Requests/sec:"):
            rps = line.split()[1]
        elif line.startswith("99%"):
            p99 = line.split()[1]
        elif line.startswith("Socket errors:") or line.startswith("Non-2xx"):
            errors = line if errors == "?" else errors + "; " + line
    return f"{rps} req/s, p99 {p99}" + ("" if errors == "?" else f", {errors}")


def bench(binary, db, extra):
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--db", db, "--port", str(port)] + extra,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if health_ms(port, 1.0) is not None:
                break
            time.sleep(0.1)
        else:
            raise SystemExit(f"{binary}: server did not start")
        print(f"== {binary} (pid {proc.pid})", flush=True)
        print("  health, no load:     " + fmt_series(*health_series(port, 20, 0.05, budget=30)), flush=True)
        series, idle_cut, drip_cut = idle_and_drip(port)
        print("  health, idle+drip:   " + fmt_series(*series), flush=True)
        print(f"  after 15 s:          {idle_cut}/100 idle and {drip_cut}/100 dripping connections closed "
              "by the server", flush=True)
        print("  health, after:       " + fmt_series(*health_series(port, 10, 0.05, budget=60)), flush=True)
        print("  health, no-read:     " + fmt_series(*no_read(port)), flush=True)
        before, peak, after, results = burst(proc.pid, port)
        print(f"  rss, header burst:   {before / 1024:.1f} MiB before, {peak / 1024:.1f} MiB peak, "
              f"{after / 1024:.1f} MiB 3 s after; answers {results}", flush=True)
        if shutil.which("wrk"):
            for c in (8, 64, 256):
                print(f"  wrk {c:3d} connections: " + run_wrk(port, c), flush=True)
        print(f"  rss at the end:      {rss_kib(proc.pid) / 1024:.1f} MiB", flush=True)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="index directory (e.g. from examples/demo)")
    ap.add_argument("--server-arg", action="append", default=[], help="extra argument for `serve` (repeatable)")
    ap.add_argument("binaries", nargs="+", help="sagasu binaries to compare")
    args = ap.parse_args()
    for b in args.binaries:
        bench(b, args.db, args.server_arg)


if __name__ == "__main__":
    main()

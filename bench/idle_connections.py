#!/usr/bin/env python3
"""Idle and slow connections against a running Relais (loopback only).

Opens N idle TCP connections and M slowloris connections from 127.0.0.1, then asks /healthz from
127.0.0.2 (another address of the loopback range), and watches how many of the held connections the
server closes over time. Usage:

    RELAIS__LISTEN=127.0.0.1:18080 RELAIS__DATA_DIR=/tmp/relais-idle relais serve &   # under `ulimit -n 1024`
    python3 bench/idle_connections.py 127.0.0.1:18080 1100 400
"""
import socket
import sys
import time

def healthz(host, port, source):
    try:
        s = socket.create_connection((host, port), timeout=5, source_address=(source, 0))
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = s.recv(100)
        s.close()
        return data.split(b"\r\n")[0].decode()
    except OSError as error:
        return f"failed: {error}"

def main():
    host, port = sys.argv[1].split(":")
    port = int(port)
    idle_count, slow_count = int(sys.argv[2]), int(sys.argv[3])
    held, refused = [], 0
    started = time.time()
    for n in range(idle_count + slow_count):
        try:
            s = socket.create_connection((host, port), timeout=5)
        except OSError:
            refused += 1
            continue
        if n >= idle_count:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        s.setblocking(False)
        held.append((s, n >= idle_count))
    print(f"opened {len(held)} connections ({refused} could not connect) in {time.time() - started:.1f} s")
    print(f"/healthz from 127.0.0.2 while they are held: {healthz(host, port, '127.0.0.2')}")
    watch_start = time.time()
    for wait in (1, 5, 25, 40):
        time.sleep(max(0.0, watch_start + wait - time.time()))
        open_idle = open_slow = answered503 = 0
        for s, slow in held:
            try:
                data = s.recv(200)
                if data.startswith(b"HTTP/1.1 503"):
                    answered503 += 1
                if not data:
                    continue
            except BlockingIOError:
                if slow:
                    open_slow += 1
                    try:
                        s.sendall(b"X-Slow: 1\r\n")
                    except OSError:
                        pass
                else:
                    open_idle += 1
                continue
            except OSError:
                continue
        print(f"after {wait:>2} s: {open_idle} idle and {open_slow} slow still open; {answered503} refused with 503 seen now")
    print(f"/healthz from 127.0.0.1 at the end: {healthz(host, port, '127.0.0.1')}")

if __name__ == "__main__":
    main()

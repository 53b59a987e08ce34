"""Online submission through the HTTP API, measured: a citizen registers
(the verification link read from the e-mail the server wrote), drafts N
applications, uploads a file to each, submits each with a fresh
Idempotency-Key, then retries every submission with its key (the stored
answer). Prints one JSON object: requests/s and p50/p99 per step, upload MB/s.

    python3 online.py <base url> <mail dir> <applications> <threads> <file bytes>
"""

import concurrent.futures
import email
import email.policy
import glob
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
import uuid


def call(method, url, body=None, headers=None, token=None):
    headers = dict(headers or {})
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def verification_token(mail_dir, address):
    deadline = time.time() + 30
    while time.time() < deadline:
        for path in glob.glob(os.path.join(mail_dir, "*.eml")):
            message = email.message_from_bytes(open(path, "rb").read(), policy=email.policy.default)
            if address not in str(message["To"]):
                continue
            text = message.get_body(preferencelist=("plain",)).get_content()
            found = re.search(r"token=([A-Za-z0-9._-]+)", text)
            if found:
                return found.group(1)
        time.sleep(0.2)
    sys.exit("no verification e-mail arrived")


def timed(threads, jobs):
    """Runs jobs (callables returning a status) on `threads`; the statuses,
    the latencies and the elapsed time."""
    latencies, statuses = [], []

    def run(job):
        start = time.perf_counter()
        status = job()
        return status, time.perf_counter() - start

    begin = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        for status, latency in pool.map(run, jobs):
            statuses.append(status)
            latencies.append(latency)
    return statuses, sorted(latencies), time.perf_counter() - begin


def summary(name, statuses, latencies, elapsed, expected):
    bad = sum(1 for s in statuses if s != expected)
    return {
        "step": name,
        "requests": len(statuses),
        "per_second": round(len(statuses) / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 2),
        "unexpected": bad,
    }


def main(base, mail_dir, count, threads, size):
    address = f"bench-{uuid.uuid4().hex[:8]}@example.vn"
    status, _ = call("POST", f"{base}/api/v1/citizens", {"email": address, "password": "bench password 123", "full_name": "Trần Thị Bình"})
    assert status == 202, status
    token = verification_token(mail_dir, address)
    status, _ = call("GET", f"{base}/api/v1/citizens/verify-email?token={token}")
    assert status == 200, status
    status, body = call("POST", f"{base}/api/v1/citizens/login", {"email": address, "password": "bench password 123"})
    assert status == 200, body
    citizen = json.loads(body)["access_token"]
    form = {
        "procedure_code": "1.000894",
        "agency_code": "000.25.01.H26",
        "applicant": {"full_name": "Trần Thị Bình", "id_number": "001190012345", "birth_date": "1990-02-03",
                      "email": address, "address": "5 Hàng Bông, Hà Nội"},
        "result_delivery": {"method": "counter"},
    }
    ids = []

    def draft():
        status, body = call("POST", f"{base}/api/v1/me/dossiers", form, token=citizen)
        if status == 201:
            ids.append(json.loads(body)["id"])
        return status

    results = [summary("draft", *timed(threads, [draft] * count), 201)]
    pdf = b"%PDF-1.7\n" + b" " * (size - 16) + b"\n%%EOF\n"
    upload = lambda id: lambda: call(
        "PUT", f"{base}/api/v1/me/dossiers/{id}/documents/0", pdf,
        {"Content-Type": "application/pdf", "Content-Disposition": 'attachment; filename="to-khai.pdf"'}, citizen)[0]
    statuses, latencies, elapsed = timed(threads, [upload(id) for id in ids])
    uploaded = summary("upload", statuses, latencies, elapsed, 200)
    uploaded["megabytes_per_second"] = round(len(ids) * size / elapsed / 1e6, 1)
    results.append(uploaded)
    keys = {id: str(uuid.uuid4()) for id in ids}
    submit = lambda id: lambda: call("POST", f"{base}/api/v1/me/dossiers/{id}/submit", None,
                                     {"Idempotency-Key": keys[id]}, citizen)[0]
    results.append(summary("submit", *timed(threads, [submit(id) for id in ids]), 201))
    results.append(summary("replay", *timed(threads, [submit(id) for id in ids]), 201))
    print(json.dumps({"applications": count, "threads": threads, "file_bytes": size, "steps": results}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))

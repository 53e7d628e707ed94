#!/usr/bin/env python3
"""API fuzzing with schemathesis (PyPI, in the repository's virtualenv) against a real `minsheng serve`.

Starts the binary on a fresh SQLite database with the demo seed (the browser suite's server), raises the demo citizen
李明 to L3 through an officer's in-person check over the API, signs in 李明 and the platform admin, and runs
schemathesis against the served document (/api/openapi.json) once with each bearer token and once with a verifier
organisation's API key on the verification route. The sign-out route is left out so the token survives. Every answer
must be something other than a 5xx (`not_a_server_error`) and match the schema the document gives for it
(`response_schema_conformance`). Bounded: at most FUZZ_EXAMPLES test cases per operation and phase (default 20),
each run killed after FUZZ_RUN_SECONDS (default 300). Reports (JUnit) land in test-artifacts/fuzz/. Ends with the
line `N passed, N failed`, counting operations for each identity.

Usage: tests-fuzz/run.py PATH/TO/minsheng
"""
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPORTS = os.path.join(ROOT, "test-artifacts", "fuzz")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
RUN_SECONDS = int(os.environ.get("FUZZ_RUN_SECONDS", "300"))


def browser_suite():
    """The browser suite's module, for its `Server` (the same binary, seed and environment as the page journeys)."""
    spec = importlib.util.spec_from_file_location("browser_run", os.path.join(ROOT, "tests-browser", "run.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def call(base, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(base + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def identities(server, binary):
    """Signs in before any fuzzing starts (the fuzzed sign-in routes soon throttle this address)."""
    base = server.base
    officer = call(base, "POST", "/api/v1/officer/auth/login", {"policeNumber": "010001", "password": "Police2017"})["token"]
    resident = call(base, "POST", "/api/v1/officer/resident-lookups", {"idNumber": "440304199001010011", "purpose": "fuzzing: in-person check"}, officer)
    call(base, "POST", f"/api/v1/officer/residents/{resident['id']}/in-person-verification", {"purpose": "fuzzing: in-person check", "idCardChecked": True}, officer)
    citizen = call(base, "POST", "/api/v1/auth/login", {"phone": "13800138000", "password": "Minsheng2017"})["token"]
    level = call(base, "GET", "/api/v1/me", token=citizen)["level"]
    if level != "L3":
        raise AssertionError(f"the demo citizen should be L3 after the in-person check, is {level}")
    admin = call(base, "POST", "/api/v1/officer/auth/login", {"policeNumber": "000001", "password": "Police2017"})["token"]
    out = subprocess.run([binary, "verifiers", "add", "--name", "模糊测试酒店", "--purposes", "hotel"], env=server.env,
                         capture_output=True, text=True, check=True)
    verifier = re.search(r"(msv_[0-9a-f]{64})", out.stdout).group(1)
    write_config(seeds(base, citizen, admin, resident))
    return [
        # (name, credential, extra schemathesis filters)
        ("citizen-L3", citizen, ["--exclude-path-regex", "/logout$"]),
        ("officer-admin", admin, ["--exclude-path-regex", "/logout$"]),
        ("verifier", verifier, ["--include-path", "/api/v1/verifications"]),
    ]


def multipart(fields):
    boundary = "fuzz" + os.urandom(8).hex()
    body = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items())
    return (body + f"--{boundary}--\r\n").encode(), "multipart/form-data; boundary=" + boundary


def seeds(base, citizen, admin, resident):
    """Identifiers that exist, so that part of the generated requests reach the code behind the 404: residents and
    their households, services, certificates, a face challenge, a crime report, cases, applications, points years."""
    def get(path, token=None):
        try:
            return call(base, "GET", path, token=token)
        except Exception:
            return []
    other = call(base, "POST", "/api/v1/officer/resident-lookups", {"idNumber": "440303198506150027", "purpose": "fuzzing: seeds"}, admin)
    body, kind = multipart({"category": get("/api/v1/tips/categories")[0]["id"], "text": "小区门口有人深夜兜售假证，车牌粤B12345。", "division": "440304"})
    urllib.request.urlopen(urllib.request.Request(base + "/api/v1/tips", data=body, method="POST", headers={"Content-Type": kind}), timeout=30)
    return {
        "residentID": [resident["id"], other["id"]],
        "householdID": [r["householdId"] for r in (resident, other) if r.get("householdId")],
        "code": [s["code"] for s in get("/api/v1/services")][:20] or ["HZ-44"],
        "credentialID": [c["id"] for c in get("/api/v1/me/certificates", citizen)],
        "challengeID": [call(base, "POST", "/api/v1/identity/face/challenges", {}, citizen)["id"]],
        "tipID": [t["id"] for t in get("/api/v1/officer/tips", admin) if isinstance(t, dict) and "id" in t],
        "caseID": [c["id"] for c in get("/api/v1/officer/cases", admin)],
        "applicationID": [a["id"] for a in get("/api/v1/officer/queue", admin)],
        "year": [2017, int(time.strftime("%Y"))],
        "list": [0, 1],
        "purpose": ["fuzzing: a documented purpose"],
    }


def write_config(values):
    """A schemathesis.toml whose dictionaries give each parameter a real value half of the time."""
    lines = []
    for name, entries in values.items():
        if entries:
            lines.append(f"[dictionaries.{name}]\nvalues = {json.dumps(entries, ensure_ascii=False)}\n")
    lines.append("[parameters]")
    for name, entries in values.items():
        if entries:
            where = "query" if name == "purpose" else "path"
            lines.append(f'"{where}.{name}" = {{ dictionary = "{name}", probability = 0.5 }}')
    with open(os.path.join(REPORTS, "schemathesis.toml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def fuzz(server, name, credential, filters):
    """One schemathesis run; returns (passed, failed, test cases, seconds) over its operations."""
    junit = os.path.join(REPORTS, f"{name}.xml")
    if os.path.exists(junit):
        os.remove(junit)
    command = [
        os.path.join(os.path.dirname(sys.executable), "schemathesis"), "--config-file", os.path.join(REPORTS, "schemathesis.toml"),
        "run", server.base + "/api/openapi.json",
        "--checks", "not_a_server_error,response_schema_conformance",
        "--phases", "examples,coverage,fuzzing",
        "--max-examples", str(EXAMPLES),
        "--workers", "1",
        "--request-timeout", "30",
        "--generation-database", "none",
        "--seed", os.environ.get("FUZZ_SEED", "2017"),
        "--continue-on-failure",
        "--no-color",
        "--report", "junit", "--report-junit-path", junit,
        "-H", "Authorization: Bearer " + credential,
        *filters,
    ]
    print(f"--- schemathesis as {name} ---", flush=True)
    started = time.monotonic()
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=RUN_SECONDS, cwd=REPORTS)
        output = result.stdout + result.stderr
    except subprocess.TimeoutExpired as timeout:
        output = (timeout.stdout or b"").decode(errors="replace") + f"\nFAIL: the run took longer than {RUN_SECONDS} s and was stopped"
        result = None
    seconds = time.monotonic() - started
    print(output.replace(credential, "<credential>"), flush=True)
    cases = sum(int(n) for n in re.findall(r"(\d+) generated", output)) or None
    if result is None or not os.path.exists(junit):
        return 0, 1, cases, seconds
    passed = failed = 0
    for case in ET.parse(junit).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
            print(f"FAIL {name}: {case.get('name')}")
        else:
            passed += 1
    if result.returncode != 0 and failed == 0:
        failed += 1  # schemathesis failed for a reason no operation carries (a schema or network problem)
        print(f"FAIL {name}: schemathesis exited with {result.returncode}")
    return passed, failed, cases, seconds


def main(binary):
    """Returns the process's exit status: 1 when any operation failed for any identity."""
    os.makedirs(REPORTS, exist_ok=True)
    server = browser_suite().Server(binary)
    totals = {"passed": 0, "failed": 0}
    try:
        for name, credential, filters in identities(server, binary):
            passed, failed, cases, seconds = fuzz(server, name, credential, filters)
            totals["passed"] += passed
            totals["failed"] += failed
            print(f"{name}: {passed + failed} operations, {cases if cases is not None else '?'} test cases, {seconds:.0f} s")
        if server.errors():
            print("--- server log (warnings and errors) ---\n" + server.errors())
    finally:
        server.stop()
    print(f"{totals['passed']} passed, {totals['failed']} failed")
    return 1 if totals["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

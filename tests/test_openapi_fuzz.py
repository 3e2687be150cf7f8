"""The published API is the API (issue 15): ``schemathesis run --checks all``
fuzzes the server from its own OpenAPI document, on SQLite and PostgreSQL,
with a fixed seed and a bounded number of examples, as a registered station
of a site whose staff are published."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.queue_support import open_site
from tests.sync_support import station_credential
from tests.trust_support import served

CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = "20261201"
EXAMPLES = "15"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    for base, _app, _url in served(request.param, tmp_path, open_site, "counterapp_fuzz"):
        yield base


def test_the_openapi_document_declares_bodies_headers_and_errors(server_url: str) -> None:
    doc = httpx.get(f"{server_url}/openapi.json", timeout=10).json()
    batches = doc["paths"]["/api/v1/batches"]["post"]
    assert batches["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Batch"
    }
    assert {"401", "403", "409", "413", "422", "426"} <= set(batches["responses"])
    assert batches["security"] == [{"stationCode": [], "stationSecret": []}]
    assert "X-Counterapp-Protocol" in {p["name"] for p in batches["parameters"]}
    problem = {"$ref": "#/components/schemas/Problem"}
    assert batches["responses"]["422"]["content"]["application/json"]["schema"] == problem
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    # Head office's API declares how its users prove themselves; a site's queue
    # takes its stations or a head-office user; its JSON answers for scripts
    # are in the document with their query and answer.
    head_office = [{"headOfficeSession": []}, {"headOfficeToken": []}]
    schemes = doc["components"]["securitySchemes"]
    assert schemes["headOfficeSession"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": "hq_session",
        "description": schemes["headOfficeSession"]["description"],
    }
    for path in ("/api/v1/summary", "/api/v1/stations", "/hq/api/finance/day"):
        assert doc["paths"][path]["get"]["security"] == head_office, path
        assert "401" in doc["paths"][path]["get"]["responses"], path
    snapshot = doc["paths"]["/api/v1/queue/{site}/snapshot"]["get"]
    assert snapshot["security"] == [{"stationCode": [], "stationSecret": []}, *head_office]
    finance_day = doc["paths"]["/hq/api/finance/day"]["get"]
    assert {p["name"] for p in finance_day["parameters"]} >= {"from", "to", "site"}
    assert finance_day["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/FinanceDay"
    }
    assert "/hq/api/finance/shifts" in doc["paths"]
    assert not any(path.startswith("/hq/") and "/api/" not in path for path in doc["paths"])
    # And a real 422 has that shape.
    answer = httpx.post(
        f"{server_url}/api/v1/batches",
        content=b"{}",
        headers={"X-Counterapp-Protocol": "1", **station_credential("WHB-01").headers()},
    )
    assert answer.status_code == 422
    assert isinstance(answer.json()["detail"], str)
    assert all(isinstance(p, str) for p in answer.json()["problems"])


def test_schemathesis_finds_nothing(server_url: str, tmp_path: Path) -> None:
    credential = station_credential("WHB-01")
    env = {
        **os.environ,
        "COUNTERAPP_FUZZ_STATION": credential.station_code,
        "COUNTERAPP_FUZZ_SECRET": credential.secret,
        "SCHEMATHESIS_HOOKS": "",
    }
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(CONFIG),
        "run",
        f"{server_url}/openapi.json",
        "--checks",
        "all",
        "--seed",
        SEED,
        "--max-examples",
        EXAMPLES,
        "--request-timeout",
        "5",
        "--no-color",
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=900
    )
    report = done.stdout[-20000:] + done.stderr[-5000:]
    if os.environ.get("COUNTERAPP_FUZZ_REPORT"):  # the whole report, for a developer
        Path(os.environ["COUNTERAPP_FUZZ_REPORT"]).write_text(done.stdout + done.stderr)
    assert done.returncode == 0, report

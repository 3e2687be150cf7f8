"""A small Open311 GeoReport v2 client, written from the published
specification (wiki.open311.org/GeoReport_v2, its Service Discovery page and
FixMyStreet's published ``servicerequestupdates`` extension), not from
counterapp's code: it knows element names and parameters, nothing else.

XML is parsed with ElementTree by the specification's element names; JSON is
read as the plain arrays and objects the specification shows.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

REQUEST_FIELDS = (
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
)


class Open311Error(Exception):
    """The server answered with the specification's error document."""

    def __init__(self, status: int, errors: list[tuple[int, str]]) -> None:
        super().__init__(f"{status}: {errors}")
        self.status = status
        self.errors = errors

    @property
    def descriptions(self) -> str:
        return " ".join(d for _, d in self.errors)


@dataclass
class Attribute:
    code: str
    datatype: str
    required: bool
    variable: bool
    order: int
    description: str
    values: list[tuple[str, str]] = field(default_factory=list)


def _text(element: ET.Element, name: str) -> str:
    child = element.find(name)
    return (child.text or "") if child is not None else ""


def parse_time(value: str) -> datetime:
    """An ISO 8601 time that must carry its offset (the specification's rule)."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise AssertionError(f"time without an offset: {value}")
    return parsed


class Client:
    def __init__(self, base_url: str, api_key: str = "", fmt: str = "xml") -> None:
        self.base = base_url.rstrip("/")
        self.api_key = api_key
        self.fmt = fmt
        self.http = httpx.Client(timeout=20)

    # --- plumbing ---------------------------------------------------------------

    def _check(self, answer: httpx.Response) -> Any:
        if answer.status_code >= 500:
            raise AssertionError(f"server error {answer.status_code}: {answer.text[:300]}")
        if self.fmt == "xml":
            assert answer.headers["content-type"].startswith("text/xml"), answer.headers
            assert answer.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
            root = ET.fromstring(answer.content)
            if root.tag == "errors":
                raise Open311Error(
                    answer.status_code,
                    [
                        (int(_text(e, "code")), _text(e, "description"))
                        for e in root.findall("error")
                    ],
                )
            assert answer.status_code < 400, answer.text
            return root
        assert answer.headers["content-type"].startswith("application/json"), answer.headers
        body = answer.json()
        if answer.status_code >= 400:
            assert isinstance(body, list) and body, body
            raise Open311Error(
                answer.status_code, [(int(e["code"]), e["description"]) for e in body]
            )
        return body

    def _get(self, path: str, params: dict[str, str] | None = None) -> Any:
        return self._check(self.http.get(f"{self.base}{path}.{self.fmt}", params=params or {}))

    def _post(self, path: str, data: dict[str, str]) -> Any:
        return self._check(self.http.post(f"{self.base}{path}.{self.fmt}", data=data))

    def _keyed(self, params: dict[str, str]) -> dict[str, str]:
        return {"api_key": self.api_key, **params} if self.api_key else dict(params)

    # --- the methods ------------------------------------------------------------------

    def discovery(self, url: str) -> dict[str, Any]:
        body = self._check(self.http.get(f"{url}.{self.fmt}"))
        if self.fmt == "json":
            return dict(body)
        endpoints = [
            {
                "specification": _text(e, "specification"),
                "url": _text(e, "url"),
                "changeset": _text(e, "changeset"),
                "type": _text(e, "type"),
                "formats": [f.text or "" for f in e.findall("formats/format")],
            }
            for e in body.findall("endpoints/endpoint")
        ]
        return {
            "changeset": _text(body, "changeset"),
            "contact": _text(body, "contact"),
            "key_service": _text(body, "key_service"),
            "endpoints": endpoints,
        }

    def services(self) -> list[dict[str, str]]:
        body = self._get("/services")
        if self.fmt == "json":
            return [
                {k: str(v).lower() if isinstance(v, bool) else v for k, v in s.items()}
                for s in body
            ]
        names = (
            "service_code",
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group",
        )
        return [{n: _text(s, n) for n in names} for s in body.findall("service")]

    def definition(self, service_code: str) -> tuple[str, list[Attribute]]:
        body = self._get(f"/services/{service_code}")
        if self.fmt == "json":
            return body["service_code"], [
                Attribute(
                    a["code"],
                    a["datatype"],
                    bool(a["required"]),
                    bool(a["variable"]),
                    int(a["order"]),
                    a["description"],
                    [(v["key"], v["name"]) for v in a.get("values", [])],
                )
                for a in body["attributes"]
            ]
        assert body.tag == "service_definition"
        return _text(body, "service_code"), [
            Attribute(
                _text(a, "code"),
                _text(a, "datatype"),
                _text(a, "required") == "true",
                _text(a, "variable") == "true",
                int(_text(a, "order")),
                _text(a, "description"),
                [(_text(v, "key"), _text(v, "name")) for v in a.findall("values/value")],
            )
            for a in body.findall("attributes/attribute")
        ]

    def _requests(self, body: Any) -> list[dict[str, Any]]:
        if self.fmt == "json":
            return list(body)
        assert body.tag == "service_requests"
        out = []
        for r in body.findall("request"):
            item: dict[str, Any] = {n: _text(r, n) for n in REQUEST_FIELDS}
            ext = r.find("extended_attributes")
            if ext is not None:
                item["extended_attributes"] = {c.tag: c.text or "" for c in ext}
            out.append(item)
        return out

    def requests(self, **params: str) -> list[dict[str, Any]]:
        return self._requests(self._get("/requests", self._keyed(params)))

    def request(self, service_request_id: str, **params: str) -> dict[str, Any]:
        found = self._requests(self._get(f"/requests/{service_request_id}", self._keyed(params)))
        assert len(found) == 1, found
        return found[0]

    def create(self, service_code: str, **fields: str) -> dict[str, str]:
        body = self._post("/requests", self._keyed({"service_code": service_code, **fields}))
        if self.fmt == "json":
            return dict(body[0])
        first = body.find("request")
        assert first is not None
        return {
            n: _text(first, n)
            for n in ("service_request_id", "service_notice", "account_id", "token")
        }

    def post_update(self, service_request_id: str, status: str, **fields: str) -> str:
        body = self._post(
            "/servicerequestupdates",
            self._keyed({"service_request_id": service_request_id, "status": status, **fields}),
        )
        if self.fmt == "json":
            return str(body[0]["update_id"])
        return _text(body.find("request_update"), "update_id")  # type: ignore[arg-type]

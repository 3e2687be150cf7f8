"""Reference data on the wire: what head office hands down to stations
(ARCHITECTURE.md, decision 4).

Every item of reference data the server publishes has an entity (``service``,
``account`` …), a key within it, and a change ``version`` taken from one
server-wide counter that only grows. A station asks for "changes since N"
(``ChangesPage``), applies a page in one local transaction together with the
new N, and asks again while ``more`` is true: an interrupted pull resumes
where it stopped, and a new station's initial load is the same call from 0.

``ENTITY_MODELS`` checks an item's data when head office publishes it, so a
station never receives what it cannot apply. Staff carry a password *hash*
only (argon2, made at head office); no password ever travels down.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    model_validator,
)


def _text(max_length: int, *, min_length: int = 0) -> Any:
    return StringConstraints(strict=True, min_length=min_length, max_length=max_length)


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TaxRateItem(_Item):
    code: Annotated[str, _text(8, min_length=1)]
    name: Annotated[str, _text(40)]
    basis_points: Annotated[StrictInt, Field(ge=0, le=10000)]


#: The French a form field of ``ServiceItem.rules`` may carry (issue 13): its label,
#: and its choices' labels in the order of ``choices`` (the answer kept is the English
#: choice, which fee rules compare).
FIELD_FRENCH_MAX = 120
#: ``rules.receipt_fr``: the receipt's detail line for a French receipt (the template
#: beside ``rules.receipt``, with the same ``{placeholders}``).
RECEIPT_FRENCH_MAX = 300


class ServiceItem(_Item):
    code: Annotated[str, _text(32, min_length=1)]
    name: Annotated[str, _text(120, min_length=1)]
    category: Annotated[str, _text(40)]
    kind: Annotated[str, _text(24)]
    fee_cents: Annotated[StrictInt, Field(ge=0)]
    tax_code: Annotated[str, _text(8, min_length=1)]
    gl_account: Annotated[str, _text(32)]
    department: Annotated[str, _text(60)]
    tier: Annotated[StrictInt, Field(ge=1, le=3)]
    coverage: Annotated[str, _text(8)]
    requires_commissioner: StrictBool = False
    checklist: list[Annotated[str, _text(200)]] = []
    keywords: Annotated[str, _text(200)] = ""
    active: StrictBool = True
    # Forms, fee shapes, account kinds, numbered stock … (counterapp.domain.fees):
    # catalogue data head office edits without code.
    rules: dict[str, Any] = {}
    # French beside the English (issue 13), all optional so older items still load:
    # "" (or a checklist item missing) falls back to the English at the station.
    name_fr: Annotated[str, _text(120)] = ""
    category_fr: Annotated[str, _text(40)] = ""
    checklist_fr: Annotated[list[Annotated[str, _text(200)]], Field(max_length=50)] = []

    @model_validator(mode="after")
    def _french_fits(self) -> ServiceItem:
        if len(self.checklist_fr) > len(self.checklist):
            raise ValueError(f"service {self.code}: checklist_fr has more items than the checklist")
        fields = self.rules.get("fields", [])
        if not isinstance(fields, list):
            raise ValueError(f"service {self.code}: rules.fields is a list")
        for n, f in enumerate(fields):
            if not isinstance(f, dict):
                raise ValueError(f"service {self.code}: rules.fields[{n}] is an object")
            where = f"service {self.code}: rules.fields[{n}]"
            label_fr = f.get("label_fr", "")
            if not isinstance(label_fr, str) or len(label_fr) > FIELD_FRENCH_MAX:
                raise ValueError(f"{where}.label_fr is text of at most {FIELD_FRENCH_MAX}")
            choices_fr = f.get("choices_fr", [])
            if not isinstance(choices_fr, list) or any(
                not isinstance(c, str) or len(c) > FIELD_FRENCH_MAX for c in choices_fr
            ):
                raise ValueError(f"{where}.choices_fr is a list of text of at most 120")
            if len(choices_fr) > len(f.get("choices", [])):
                raise ValueError(f"{where}.choices_fr has more items than choices")
        receipt_fr = self.rules.get("receipt_fr", "")
        if not isinstance(receipt_fr, str) or len(receipt_fr) > RECEIPT_FRENCH_MAX:
            raise ValueError(
                f"service {self.code}: rules.receipt_fr is text of at most {RECEIPT_FRENCH_MAX}"
            )
        return self


class StaffItem(_Item):
    id: Annotated[str, _text(36, min_length=1)]
    username: Annotated[str, _text(64, min_length=1)]
    display_name: Annotated[str, _text(80)]
    role: Annotated[str, _text(16, min_length=1)]
    password_hash: Annotated[str, _text(200, min_length=1)]
    is_commissioner: StrictBool = False
    active: StrictBool = True
    pin_hash: Annotated[str, _text(200)] | None = None  # supervisors' approval PIN

    @model_validator(mode="after")
    def _is_a_hash(self) -> StaffItem:
        # A plain password or PIN must never be published: only argon2 hashes travel.
        if not self.password_hash.startswith("$argon2"):
            raise ValueError(f"staff {self.username}: password_hash is not an argon2 hash")
        if self.pin_hash is not None and not self.pin_hash.startswith("$argon2"):
            raise ValueError(f"staff {self.username}: pin_hash is not an argon2 hash")
        return self


class AccountItem(_Item):
    id: Annotated[str, _text(36, min_length=1)]
    kind: Annotated[str, _text(16, min_length=1)]
    number: Annotated[str, _text(40, min_length=1)]
    holder_name: Annotated[str, _text(120)] = ""
    address: Annotated[str, _text(160)] = ""
    balance_cents: StrictInt
    status: Annotated[str, _text(8)] = "open"
    paid_at: AwareDatetime | None = None
    as_of: AwareDatetime  # when head office's figure was true
    detail: dict[str, Any] = {}


class StockBlockItem(_Item):
    id: Annotated[str, _text(36, min_length=1)]
    stock_kind: Annotated[str, _text(24, min_length=1)]
    station_code: Annotated[str, _text(16, min_length=1)]
    first_no: Annotated[StrictInt, Field(ge=0)]
    last_no: Annotated[StrictInt, Field(ge=0)]
    prefix: Annotated[str, _text(8)] = ""

    @model_validator(mode="after")
    def _in_order(self) -> StockBlockItem:
        if self.last_no < self.first_no:
            raise ValueError(f"stock block {self.id}: last number is before the first")
        return self


class SiteItem(_Item):
    site_code: Annotated[str, _text(8, min_length=1)]
    site_name: Annotated[str, _text(80, min_length=1)]
    address_lines: list[Annotated[str, _text(80)]] = []


class SettingItem(_Item):
    name: Annotated[str, _text(64, min_length=1)]
    value: Any


class ArticleItem(_Item):
    id: Annotated[str, _text(36, min_length=1)]
    title: Annotated[str, _text(200, min_length=1)]
    body: Annotated[str, _text(50_000)]
    tags: Annotated[str, _text(200)] = ""
    service_codes: list[Annotated[str, _text(32)]] = []
    # What a resident asks (issue 16): all optional, so older articles still load.
    language: Literal["en", "fr"] = "en"
    department: Annotated[str, _text(60)] = ""
    summary: Annotated[str, _text(2000)] = ""
    bring: Annotated[str, _text(5000)] = ""
    fees: Annotated[str, _text(5000)] = ""
    hours: Annotated[str, _text(2000)] = ""
    eligibility: Annotated[str, _text(5000)] = ""
    key_points: Annotated[list[Annotated[str, _text(300, min_length=1)]], Field(max_length=8)] = []
    # A French article names the English one it translates (issue 13): head office
    # lists English articles no French one translates; the station shows the pair's
    # French in a French window.
    translation_of: Annotated[str, _text(36)] = ""


class IntakeStatusItem(_Item):
    """The owning department's status and answer for a reference number (issue 16)."""

    reference_no: Annotated[str, _text(32, min_length=1)]
    kind: Literal["request", "complaint", "correspondence"]
    department: Annotated[str, _text(60, min_length=1)]
    subject: Annotated[str, _text(120, min_length=1)]
    status: Annotated[str, _text(40, min_length=1)]
    status_at: AwareDatetime
    answer: Annotated[str, _text(2000)] = ""
    received_at: AwareDatetime


class TenderLimitItem(_Item):
    """A tender handed over above this amount needs a supervisor's approval."""

    kind: Annotated[str, _text(16, min_length=1)]
    approval_over_cents: Annotated[StrictInt, Field(gt=0)]


# entity → (model, the field that is its key)
ENTITY_MODELS: dict[str, tuple[type[_Item], str]] = {
    "tax_rate": (TaxRateItem, "code"),
    "service": (ServiceItem, "code"),
    "staff": (StaffItem, "username"),
    "account": (AccountItem, "id"),
    "stock_block": (StockBlockItem, "id"),
    "site": (SiteItem, "site_code"),
    "setting": (SettingItem, "name"),
    "kb_article": (ArticleItem, "id"),
    "tender_limit": (TenderLimitItem, "kind"),
    "intake_status": (IntakeStatusItem, "reference_no"),
}


class Change(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    entity: str
    key: str
    version: int
    deleted: bool = False
    data: dict[str, Any] | None = None


class ChangesPage(BaseModel):
    """Changes with ``since < version <= until``, oldest first. Apply them and
    remember ``until``; ask again while ``more``. ``current`` is the newest
    version the server has."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    since: int
    until: int
    current: int
    more: bool
    changes: list[Change]

"""Reference data edited in the browser: a form per kind of item (built from
the same models that check a JSON publish, ``sync.refdata.ENTITY_MODELS``),
saved as a draft, reviewed as a difference, published as a new change
version through ``server.reference.publish`` — the very path the command
line's JSON publish takes, so both share one validation.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from counterapp.domain.money import AmountError, format_cents, parse_amount
from counterapp.ids import uuid7
from counterapp.server.hq.auth import Principal, audit
from counterapp.server.hq.i18n import Msg
from counterapp.server.hq.models import HqDraft
from counterapp.server.reference import (
    Publish,
    PublishResult,
    ReferenceItem,
    ReferenceRejected,
    _checked,
    publish,
)
from counterapp.services.auth import hash_password
from counterapp.sync.refdata import ENTITY_MODELS

SessionFactory = Callable[[], Session]

# What the browser edits, in the order the page lists them (accounts are
# loaded in bulk from the town's tax and utility systems, not typed).
EDITABLE: tuple[tuple[str, str], ...] = (
    ("service", "Services"),
    ("tax_rate", "Tax codes"),
    ("staff", "Staff"),
    ("stock_block", "Numbered stock blocks"),
    ("tender_limit", "Tender limits"),
    ("setting", "Site settings"),
    ("site", "Sites"),
    ("kb_article", "Knowledge base"),
)
SECRET_FIELDS = {"password_hash", "pin_hash"}


@dataclass(frozen=True, slots=True)
class FormField:
    name: str
    kind: str  # text | textarea | lines | json | int | money | bool | password
    required: bool
    value: str
    readonly: bool = False
    help: str = ""


class DraftRefused(ValueError):
    """A draft that does not check; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _kind(annotation: Any, name: str) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _kind(typing.get_args(annotation)[0], name)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _kind(args[0], name) if len(args) == 1 else "json"
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "money" if name.endswith("_cents") else "int"
    if annotation is str:
        return "textarea" if name == "body" else "text"
    if origin is list:
        (inner,) = typing.get_args(annotation) or (Any,)
        return "lines" if _kind(inner, name) == "text" else "json"
    return "json"


def key_field(entity: str) -> str:
    return ENTITY_MODELS[entity][1]


def form_fields(entity: str, data: dict[str, Any] | None, *, new: bool) -> list[FormField]:
    """The fields of ``entity``'s form, filled from ``data``."""
    model, key = ENTITY_MODELS[entity]
    data = data or {}
    out = []
    for name, info in model.model_fields.items():
        if name in SECRET_FIELDS:
            continue
        if entity == "staff" and name == "id":
            continue  # made by head office, kept for ever (sales refer to it)
        kind = _kind(info.annotation, name)
        value = data.get(name, None if info.is_required() else info.get_default())
        out.append(
            FormField(
                name,
                kind,
                info.is_required(),
                _shown(kind, value),
                readonly=(name == key and not new),
            )
        )
    if entity == "staff":
        out.append(FormField("new_password", "password", new, ""))
        out.append(FormField("new_pin", "password", False, ""))
    return out


def _shown(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "bool":
        return "1" if value else ""
    if kind == "money":
        cents = int(value)
        return f"{cents // 100}.{cents % 100:02d}" if cents >= 0 else str(cents)
    if kind == "lines":
        return "\n".join(str(v) for v in value)
    if kind == "json":
        return json.dumps(value, indent=2, ensure_ascii=False)
    return str(value)


def parse_form(
    entity: str,
    form: dict[str, str],
    before: dict[str, Any] | None,
) -> dict[str, Any]:
    """The item's data from the form's values, checked by the publish's own
    model; DraftRefused with one message per field otherwise."""
    model, key = ENTITY_MODELS[entity]
    errors: dict[str, str] = {}
    data: dict[str, Any] = {}
    fields = form_fields(entity, before, new=before is None)
    for f in fields:
        if f.kind == "password":
            continue
        raw = form.get(f.name, "")
        if f.readonly and before is not None:
            data[f.name] = before.get(f.name)
            continue
        try:
            value = _parse(f.kind, raw, f.required)
        except ValueError as exc:
            errors[f.name] = exc.args[0]
            continue
        if value is _OMIT:  # empty and optional: the model's default, as published
            value = model.model_fields[f.name].get_default(call_default_factory=True)
        data[f.name] = value
    if entity == "staff":
        _staff_secrets(form, before, data, errors)
    if not errors:
        try:
            model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False, include_input=False):
                loc = err["loc"]
                name = str(loc[0]) if loc else "__all__"
                if name in SECRET_FIELDS:
                    name = "new_password" if name == "password_hash" else "new_pin"
                errors.setdefault(name, _message(err))
    if not errors:
        try:
            _checked(Publish(entity, data))  # the JSON publish's own check
        except ReferenceRejected as exc:
            errors["__all__"] = exc.args[0]
    if errors:
        raise DraftRefused(errors)
    return data


_OMIT = object()


def _parse(kind: str, raw: str, required: bool) -> Any:
    raw = raw.strip() if kind not in ("textarea", "json") else raw
    if kind == "bool":
        return raw in ("1", "on", "true", "yes")
    if not raw.strip():
        if required:
            raise ValueError("This field is required.")
        return _OMIT
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ValueError("Enter a whole number, for example 2.") from None
    if kind == "money":
        try:
            return parse_amount(raw, allow_zero=True)
        except AmountError as exc:
            raise ValueError(str(exc)) from None
    if kind == "lines":
        return [line.strip() for line in raw.splitlines() if line.strip()]
    if kind == "json":
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise ValueError(
                Msg("This is not valid JSON: {why}.", why=exc.args[0].split(":")[0])
            ) from None
    return raw


_PYDANTIC: dict[str, str] = {
    "string_too_long": "At most {max_length} characters.",
    "string_too_short": "At least {min_length} characters.",
    "greater_than_equal": "At least {ge}.",
    "greater_than": "More than {gt}.",
    "less_than_equal": "At most {le}.",
    "int_type": "Enter a whole number.",
    "string_type": "Enter text.",
    "bool_type": "Yes or no.",
    "list_type": "Enter a list.",
    "dict_type": "Enter a JSON object.",
    "missing": "This field is required.",
    "extra_forbidden": "This field is not known here.",
}


def _message(err: Any) -> str:
    """A per-field message a person can act on, translatable (``Msg``)."""
    kind = str(err.get("type", ""))
    ctx = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, (int, str))}
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return Msg("This field is required.")
    if kind in _PYDANTIC:
        return Msg(_PYDANTIC[kind], **ctx)
    msg = str(err.get("msg", "not valid")).removeprefix("Value error, ")
    return msg[0].upper() + msg[1:] + ("" if msg.endswith(".") else ".")


# What the form calls each field (translated by the page).
FIELD_LABELS: dict[str, str] = {
    "code": "Code",
    "name": "Name",
    "category": "Category",
    "kind": "Kind",
    "fee_cents": "Fee",
    "tax_code": "Tax code",
    "gl_account": "GL account",
    "department": "Department",
    "tier": "Tier",
    "coverage": "Coverage",
    "requires_commissioner": "Needs a commissioner",
    "checklist": "Checklist",
    "keywords": "Search words",
    "active": "Active",
    "rules": "Fee rules, form and stock (JSON)",
    "basis_points": "Rate in basis points (1300 = 13 %)",
    "username": "User name",
    "display_name": "Name shown",
    "role": "Role",
    "is_commissioner": "Commissioner appointment",
    "new_password": "New station password",
    "new_pin": "New supervisor PIN",
    "id": "Identifier",
    "stock_kind": "Kind of stock",
    "station_code": "Station",
    "first_no": "First number",
    "last_no": "Last number",
    "prefix": "Prefix",
    "approval_over_cents": "Needs approval above",
    "value": "Value (JSON)",
    "site_code": "Site code",
    "site_name": "Site name",
    "address_lines": "Address lines",
    "title": "Title",
    "body": "Text",
    "tags": "Tags",
    "service_codes": "Services",
    "name_fr": "Name in French",
    "category_fr": "Category in French",
    "checklist_fr": "Checklist in French (one line per item, in the same order)",
    "translation_of": "French translation of (the English article's identifier)",
    "__all__": "Item",
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def _staff_secrets(
    form: dict[str, str],
    before: dict[str, Any] | None,
    data: dict[str, Any],
    errors: dict[str, str],
) -> None:
    password = form.get("new_password", "")
    pin = form.get("new_pin", "").strip()
    data["id"] = (before or {}).get("id") or uuid7()
    if password:
        if len(password) < 8:
            errors["new_password"] = "A station password needs at least 8 characters."
        else:
            data["password_hash"] = hash_password(password)
    elif before and before.get("password_hash"):
        data["password_hash"] = before["password_hash"]
    else:
        errors["new_password"] = "A new staff member needs a password."
    if pin:
        if not pin.isdigit() or not 4 <= len(pin) <= 8:
            errors["new_pin"] = "A PIN is 4 to 8 digits."
        else:
            data["pin_hash"] = hash_password(pin)
    elif before and before.get("pin_hash"):
        data["pin_hash"] = before["pin_hash"]


# --- reading what is published ------------------------------------------------------------


def published(session: Session, entity: str) -> list[ReferenceItem]:
    return list(
        session.scalars(
            select(ReferenceItem)
            .where(ReferenceItem.entity == entity, ReferenceItem.deleted.is_(False))
            .order_by(ReferenceItem.key)
        )
    )


def published_item(session: Session, entity: str, key: str) -> ReferenceItem | None:
    return session.scalars(
        select(ReferenceItem).where(ReferenceItem.entity == entity, ReferenceItem.key == key)
    ).first()


# --- drafts ------------------------------------------------------------------------------


def save_draft(
    writers: SessionFactory,
    who: Principal,
    entity: str,
    data: dict[str, Any] | None,
    *,
    key: str | None = None,
    site_code: str = "",
) -> HqDraft:
    """Keep ``data`` (None: withdraw ``key``) as ``who``'s draft of the item;
    one draft per item, the latest wins."""
    key = key if key is not None else str((data or {})[key_field(entity)])
    now = datetime.now(UTC)
    with writers() as session, session.begin():
        item = published_item(session, entity, key)
        if data is None and (item is None or item.deleted):
            raise DraftRefused({"__all__": "There is nothing published to withdraw."})
        draft = session.scalars(
            select(HqDraft).where(HqDraft.entity == entity, HqDraft.key == key)
        ).first()
        if draft is None:
            draft = HqDraft(id=uuid7(), entity=entity, key=key)
            session.add(draft)
        draft.data = data
        draft.site_code = site_code or (item.site_code if item is not None else "")
        draft.base_version = item.version if item is not None else 0
        draft.author = who.username
        draft.updated_at = now
        audit(
            session,
            who,
            "draft.save" if data is not None else "draft.withdraw",
            entity,
            key,
            {
                "fields": sorted(
                    changed_fields(item.data if item and not item.deleted else None, data)
                )
            },
        )
        session.flush()
        session.expunge(draft)
        return draft


def drafts(session: Session) -> list[HqDraft]:
    return list(session.scalars(select(HqDraft).order_by(HqDraft.entity, HqDraft.key)))


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    names = set(before or {}) | set(after or {})
    return sorted(n for n in names if (before or {}).get(n) != (after or {}).get(n))


@dataclass(frozen=True, slots=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Review:
    draft: HqDraft
    changes: list[Change]
    stale: bool  # published again since the draft was made
    new: bool
    withdraw: bool


def _diff_value(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name in SECRET_FIELDS:
        return "(set)"
    if name.endswith("_cents") and isinstance(value, int):
        return format_cents(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True)
    return str(value)


def review(session: Session, draft: HqDraft) -> Review:
    item = published_item(session, draft.entity, draft.key)
    before = item.data if item is not None and not item.deleted else None
    after = draft.data
    changes = []
    for name in changed_fields(before, after):
        b, a = (before or {}).get(name), (after or {}).get(name)
        if name in SECRET_FIELDS and b is not None and a is not None:
            changes.append(Change(name, "(set)", "(changed)"))
            continue
        changes.append(Change(name, _diff_value(name, b), _diff_value(name, a)))
    current = item.version if item is not None else 0
    return Review(draft, changes, current != draft.base_version, before is None, after is None)


class PublishRefused(ValueError):
    pass


def publish_drafts(writers: SessionFactory, who: Principal, ids: Sequence[str]) -> PublishResult:
    """Publish the chosen drafts as one new change version (all or none)."""
    with writers() as session:
        chosen = list(session.scalars(select(HqDraft).where(HqDraft.id.in_(list(ids)))))
        if not chosen:
            raise PublishRefused("Choose at least one draft to publish.")
        for d in chosen:
            item = published_item(session, d.entity, d.key)
            if (item.version if item is not None else 0) != d.base_version:
                raise PublishRefused(
                    Msg(
                        "{entity} {key} was published again since this draft was made: "
                        "open it, check it against what is published now and save it again.",
                        entity=d.entity,
                        key=d.key,
                    )
                )
    items = [
        Publish(
            d.entity,
            d.data if d.data is not None else {key_field(d.entity): d.key},
            d.data is None,
            d.site_code,
        )
        for d in chosen
    ]
    try:
        result = publish(writers, items)
    except ReferenceRejected as exc:
        raise PublishRefused(str(exc)) from None
    with writers() as session, session.begin():
        session.execute(delete(HqDraft).where(HqDraft.id.in_([d.id for d in chosen])))
        audit(
            session,
            who,
            "reference.publish",
            "reference",
            f"version {result.version}",
            {"items": [f"{d.entity}:{d.key}" for d in chosen], "version": result.version},
        )
    return result


def discard_draft(writers: SessionFactory, who: Principal, draft_id: str) -> None:
    with writers() as session, session.begin():
        d = session.get(HqDraft, draft_id)
        if d is None:
            raise PublishRefused("That draft is gone already.")
        audit(session, who, "draft.discard", d.entity, d.key)
        session.delete(d)


# --- what is missing in French (issue 13) ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class MissingFrench:
    """One published text without its French: the station shows the English."""

    entity: str  # service | kb_article
    key: str
    what: Msg  # which text, as the page says it (translated there)
    english: str


def missing_french(session: Session) -> list[MissingFrench]:
    """Every published service name, category, checklist item, form label and choice,
    and every English article, that has no French yet, in key order."""
    out: list[MissingFrench] = []
    for item in published(session, "service"):
        d = item.data or {}
        if not d.get("active", True):
            continue  # retired: stations no longer show it
        key = item.key
        if not str(d.get("name_fr", "")).strip():
            out.append(MissingFrench("service", key, Msg("Name"), str(d.get("name", ""))))
        if d.get("category") and not str(d.get("category_fr", "")).strip():
            out.append(MissingFrench("service", key, Msg("Category"), str(d["category"])))
        french = list(d.get("checklist_fr") or [])
        for n, english in enumerate(d.get("checklist") or [], start=1):
            if n > len(french) or not str(french[n - 1]).strip():
                out.append(
                    MissingFrench("service", key, Msg("Checklist item {n}", n=n), str(english))
                )
        for f in (d.get("rules") or {}).get("fields") or []:
            if not isinstance(f, dict):
                continue
            field = str(f.get("key", ""))
            if not str(f.get("label_fr", "")).strip():
                out.append(
                    MissingFrench(
                        "service",
                        key,
                        Msg("Form label {field}", field=field),
                        str(f.get("label", field)),
                    )
                )
            choices, choices_fr = list(f.get("choices") or []), list(f.get("choices_fr") or [])
            for n, english in enumerate(choices, start=1):
                if n > len(choices_fr) or not str(choices_fr[n - 1]).strip():
                    out.append(
                        MissingFrench(
                            "service",
                            key,
                            Msg("Choice {n} of {field}", n=n, field=field),
                            str(english),
                        )
                    )
        rules = d.get("rules") or {}
        if rules.get("receipt") and not str(rules.get("receipt_fr", "")).strip():
            out.append(MissingFrench("service", key, Msg("Receipt line"), str(rules["receipt"])))
    articles = published(session, "kb_article")
    translated = {
        str((a.data or {}).get("translation_of", ""))
        for a in articles
        if (a.data or {}).get("language") == "fr"
    }
    for a in articles:
        d = a.data or {}
        if d.get("language", "en") == "en" and a.key not in translated:
            out.append(MissingFrench("kb_article", a.key, Msg("Article"), str(d.get("title", ""))))
    return out

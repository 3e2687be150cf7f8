"""The catalogue and every other reference data in the browser: list, edit
(a draft, checked field by field), review the difference, publish."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from counterapp.server.hq.auth import Principal, require
from counterapp.server.hq.editor import (
    EDITABLE,
    DraftRefused,
    PublishRefused,
    discard_draft,
    drafts,
    form_fields,
    key_field,
    missing_french,
    parse_form,
    publish_drafts,
    published,
    published_item,
    review,
    save_draft,
)
from counterapp.server.hq.models import HqDraft
from counterapp.server.hq.views.common import form_of, readers, writers
from counterapp.server.hq.web import render
from counterapp.server.reference import current_version

router = APIRouter()
KINDS = dict(EDITABLE)


def _kind(entity: str) -> str | None:
    return entity if entity in KINDS else None


def _not_found(request: Request, who: Principal) -> Response:
    return render(request, "not_found.html", who, status=404)


@router.get("/hq/admin/reference")
def reference_home(
    request: Request, who: Annotated[Principal, Depends(require("reference.read"))]
) -> Response:
    entity = request.query_params.get("kind", "service")
    if _kind(entity) is None:
        return _not_found(request, who)
    with readers(request)() as session:
        items = published(session, entity)
        pending = {(d.entity, d.key) for d in drafts(session)}
        version = current_version(session)
        untranslated = len(missing_french(session))
    return render(
        request,
        "reference_list.html",
        who,
        kinds=EDITABLE,
        entity=entity,
        items=items,
        key=key_field(entity),
        pending=pending,
        version=version,
        kind_label=KINDS[entity],
        notice=request.query_params.get("done", ""),
        untranslated=untranslated,
    )


@router.get("/hq/admin/missing-french")
def missing_french_page(
    request: Request, who: Annotated[Principal, Depends(require("reference.read"))]
) -> Response:
    """What stations show in English for want of French (issue 13): every published
    text head office has not translated yet, with a link to the item's form."""
    with readers(request)() as session:
        missing = missing_french(session)
    return render(request, "missing_french.html", who, missing=missing, kinds=KINDS)


def _edit_page(
    request: Request,
    who: Principal,
    entity: str,
    key: str | None,
    data: dict | None,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
    values: dict[str, str] | None = None,
) -> Response:
    fields = form_fields(entity, data, new=key is None)
    if values is not None:
        fields = [
            f.__class__(
                f.name,
                f.kind,
                f.required,
                values.get(f.name, "") if f.kind != "password" else "",
                f.readonly,
                f.help,
            )
            if not f.readonly
            else f
            for f in fields
        ]
    return render(
        request,
        "reference_edit.html",
        who,
        status=status,
        entity=entity,
        kind_label=KINDS[entity],
        key=key,
        fields=fields,
        errors=errors or {},
    )


@router.get("/hq/admin/reference/{entity}/new")
def new_item(
    entity: str, request: Request, who: Annotated[Principal, Depends(require("reference.edit"))]
) -> Response:
    if _kind(entity) is None:
        return _not_found(request, who)
    return _edit_page(request, who, entity, None, None)


@router.get("/hq/admin/reference/{entity}/{key}")
def edit_item(
    entity: str,
    key: str,
    request: Request,
    who: Annotated[Principal, Depends(require("reference.read"))],
) -> Response:
    if _kind(entity) is None:
        return _not_found(request, who)
    with readers(request)() as session:
        draft = session.query(HqDraft).filter_by(entity=entity, key=key).first()
        item = published_item(session, entity, key)
    data = (
        draft.data
        if draft is not None and draft.data is not None
        else (item.data if item else None)
    )
    if data is None:
        return _not_found(request, who)
    return _edit_page(request, who, entity, key, data)


async def _save(request: Request, who: Principal, entity: str, key: str | None) -> Response:
    form = await form_of(request)
    before = None
    if key is not None:
        with readers(request)() as session:
            item = published_item(session, entity, key)
            draft = session.query(HqDraft).filter_by(entity=entity, key=key).first()
        before = draft.data if draft is not None and draft.data else (item.data if item else None)
        if before is None:
            return _not_found(request, who)
    try:
        data = parse_form(entity, form, before)
        if key is None:
            with readers(request)() as session:
                new_key = str(data[key_field(entity)])
                if published_item(session, entity, new_key) is not None:
                    raise DraftRefused(
                        {key_field(entity): "That code is taken: open the item to change it."}
                    )
        d = save_draft(
            writers(request),
            who,
            entity,
            data,
            site_code=form.get("site_code_scope", "").strip()[:8],
        )
    except DraftRefused as exc:
        return _edit_page(
            request, who, entity, key, before, errors=exc.errors, status=422, values=form
        )
    return RedirectResponse(f"/hq/admin/drafts/{d.id}", status_code=303)


@router.post("/hq/admin/reference/{entity}/new")
async def create_item(
    entity: str, request: Request, who: Annotated[Principal, Depends(require("reference.edit"))]
) -> Response:
    if _kind(entity) is None:
        return _not_found(request, who)
    return await _save(request, who, entity, None)


@router.post("/hq/admin/reference/{entity}/{key}")
async def change_item(
    entity: str,
    key: str,
    request: Request,
    who: Annotated[Principal, Depends(require("reference.edit"))],
) -> Response:
    if _kind(entity) is None:
        return _not_found(request, who)
    return await _save(request, who, entity, key)


@router.post("/hq/admin/reference/{entity}/{key}/withdraw")
def withdraw_item(
    entity: str,
    key: str,
    request: Request,
    who: Annotated[Principal, Depends(require("reference.edit"))],
) -> Response:
    if _kind(entity) is None:
        return _not_found(request, who)
    try:
        d = save_draft(writers(request), who, entity, None, key=key)
    except DraftRefused:
        return _not_found(request, who)
    return RedirectResponse(f"/hq/admin/drafts/{d.id}", status_code=303)


@router.get("/hq/admin/drafts")
def drafts_page(
    request: Request, who: Annotated[Principal, Depends(require("reference.edit"))]
) -> Response:
    with readers(request)() as session:
        reviews = [review(session, d) for d in drafts(session)]
    return render(
        request,
        "drafts.html",
        who,
        reviews=reviews,
        kinds=KINDS,
        error="",
        notice=request.query_params.get("done", ""),
    )


@router.get("/hq/admin/drafts/{draft_id}")
def draft_page(
    draft_id: str, request: Request, who: Annotated[Principal, Depends(require("reference.edit"))]
) -> Response:
    with readers(request)() as session:
        d = session.get(HqDraft, draft_id)
        if d is None:
            return _not_found(request, who)
        r = review(session, d)
    return render(request, "draft.html", who, r=r, kinds=KINDS, error="")


@router.post("/hq/admin/drafts/publish")
async def publish_page(
    request: Request, who: Annotated[Principal, Depends(require("reference.publish"))]
) -> Response:
    form = await request.form()
    ids = [v for v in form.getlist("draft") if isinstance(v, str)]
    try:
        result = publish_drafts(writers(request), who, ids)
    except PublishRefused as exc:
        with readers(request)() as session:
            reviews = [review(session, d) for d in drafts(session)]
        return render(
            request,
            "drafts.html",
            who,
            status=422,
            reviews=reviews,
            kinds=KINDS,
            error=exc.args[0],
            notice="",
        )
    return RedirectResponse(f"/hq/admin/drafts?done={result.version}", status_code=303)


@router.post("/hq/admin/drafts/{draft_id}/discard")
def discard_page(
    draft_id: str, request: Request, who: Annotated[Principal, Depends(require("reference.edit"))]
) -> Response:
    try:
        discard_draft(writers(request), who, draft_id)
    except PublishRefused:
        return _not_found(request, who)
    return RedirectResponse("/hq/admin/drafts", status_code=303)

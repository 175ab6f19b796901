"""Keeping the area mappings and the province's figures: every change audited with what it said before."""

from __future__ import annotations

from django.db import transaction

from parindex.audit.models import Action
from parindex.audit.services import Actor, record
from parindex.insights.models import AreaMapping, ProvinceStanding


@transaction.atomic
def save_mapping(mapping: AreaMapping, actor: Actor, reason: str = "") -> AreaMapping:
    before = None
    if mapping.pk is not None:
        before = AreaMapping.objects.get(pk=mapping.pk).snapshot()
    mapping.full_clean()
    mapping.save()
    record(actor, mapping.to_change(Action.AREA_MAPPING_CHANGED, before, mapping.snapshot()), reason)
    return mapping


@transaction.atomic
def remove_mapping(mapping: AreaMapping, actor: Actor, reason: str = "") -> None:
    change = mapping.to_change(Action.AREA_MAPPING_CHANGED, mapping.snapshot(), None)
    mapping.delete()
    record(actor, change, reason)


@transaction.atomic
def save_standing(standing: ProvinceStanding, actor: Actor, reason: str = "") -> ProvinceStanding:
    before = None
    if standing.pk is not None:
        before = ProvinceStanding.objects.get(pk=standing.pk).snapshot()
    standing.full_clean()
    standing.save()
    record(actor, standing.to_change(Action.PROVINCE_STANDING_CHANGED, before, standing.snapshot()), reason)
    return standing


@transaction.atomic
def remove_standing(standing: ProvinceStanding, actor: Actor, reason: str = "") -> None:
    change = standing.to_change(Action.PROVINCE_STANDING_CHANGED, standing.snapshot(), None)
    standing.delete()
    record(actor, change, reason)

"""What the registry knows of a unit's report: its models by field, as they stood at the cut-off.

The area is the unit as it stood on the cut-off day (`AdministrativeUnit.area_on`): the unit, the units
below it then, and what went whole into those. The registry records years, not days, and a
model's status without the day it changed, so:
- in operation at the cut-off: active models started in the cut-off's year or before (or with no
  year);
- newly registered: started in the period's year, for a period of a whole year only (a half-year's
  new models cannot be told from the registry: None, shown as unknown);
- recognised by level: those of them recognised at that level in the cut-off's year or before;
- exemplary collectives and individuals: those of them marked exemplary, by collective/individual.
"""

from django.db.models import Count, Q

from models_registry.models import MobilizationModel, ModelKind, ModelStatus, RecognitionLevel

RECOGNISED = {
    "recognised_commune": RecognitionLevel.COMMUNE,
    "recognised_district": RecognitionLevel.DISTRICT,
    "recognised_province": RecognitionLevel.PROVINCE,
    "recognised_central": RecognitionLevel.CENTRAL,
}


def registry_counts(unit, period) -> dict[int, dict[str, int | None]]:
    """field id -> count name -> what the registry says (None: it cannot say). Queries: those of
    `AdministrativeUnit.area_on` (a few, bounded by the succession depth) and one for the counts."""
    year = period.cutoff.year
    started = Q(year_started__isnull=True) | Q(year_started__lte=year)
    recognised_by = Q(recognition_year__isnull=True) | Q(recognition_year__lte=year)
    counts = {
        "in_operation": Count("pk"),
        **{name: Count("pk", filter=Q(recognition_level=level) & recognised_by) for name, level in RECOGNISED.items()},
        "exemplary_collectives": Count("pk", filter=Q(is_exemplary=True, kind=ModelKind.COLLECTIVE)),
        "exemplary_individuals": Count("pk", filter=Q(is_exemplary=True, kind=ModelKind.INDIVIDUAL)),
    }
    whole_year = period.kind.period_months == 12
    if whole_year:
        counts["newly_registered"] = Count("pk", filter=Q(year_started=period.year))
    rows = (
        MobilizationModel.objects.filter(started, unit__in=unit.area_on(period.cutoff),
                                         status=ModelStatus.ACTIVE)
        .order_by().values("field_id").annotate(**counts)
    )
    found = {}
    for row in rows:
        field_id = row.pop("field_id")
        row.setdefault("newly_registered", None)
        found[field_id] = row
    return found


def empty_counts(period) -> dict[str, int | None]:
    """A field with no model in the registry: zero everywhere it can tell."""
    counts = dict.fromkeys(["in_operation", *RECOGNISED, "exemplary_collectives", "exemplary_individuals"], 0)
    counts["newly_registered"] = 0 if period.kind.period_months == 12 else None
    return counts

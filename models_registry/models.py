"""The registry: fields, and the "Dân vận khéo" models."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.inputs import MAX_YEAR, MIN_YEAR, year_message, year_validators
from core.models import AuditedModel
from units import places, scoping
from units.models import AdministrativeUnit


class Field(models.Model):
    """A field (lĩnh vực) of models. Rows, not choices: provinces count different fields."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ModelKind(models.TextChoices):
    COLLECTIVE = "collective", _("collective")
    INDIVIDUAL = "individual", _("individual")


class RecognitionLevel(models.TextChoices):
    COMMUNE = "commune", _("commune level")
    DISTRICT = "district", _("district level")
    PROVINCE = "province", _("province level")
    CENTRAL = "central", _("central level")


class ModelStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    STOPPED = "stopped", _("stopped")


class HostType(models.TextChoices):
    GOVERNMENT = "government", _("government")
    FRONT = "front", _("Fatherland Front")
    WOMEN = "women", _("Women's Union")
    YOUTH = "youth", _("Youth Union")
    FARMERS = "farmers", _("Farmers' Association")
    VETERANS = "veterans", _("Veterans' Association")
    TRADE_UNION = "trade_union", _("Trade Union")
    PARTY = "party", _("Party committee")
    RESIDENTIAL = "residential", _("village or residential group")
    PERSON = "person", _("individual person")
    OTHER = "other", _("other")


class ReviewStatus(models.TextChoices):
    """Where a model stands in the publishing queue: a draft is sent for approval ("Gửi duyệt"),
    waits ("Chờ duyệt"), and is published or returned with a comment (then fixed and sent again)."""

    DRAFT = "draft", _("draft")
    PENDING = "pending", _("awaiting approval")
    RETURNED = "returned", _("returned")
    PUBLISHED = "published", _("published")


# The ten registration items of a model, in the order of the registration guide (its page, its
# registration sheet in documents/).
REGISTRATION_ITEMS = [
    "name", "rationale", "objectives", "content", "area_and_beneficiaries", "implementers",
    "resources", "timeframe", "outputs", "sustainability",
]


def _year_range(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR})


class MobilizationModelQuerySet(models.QuerySet):
    def restrict(self, user, action=scoping.Action.VIEW):
        return scoping.restrict_models(self, user, action)


@places.searched_by_place("name", "host_name")
class MobilizationModel(AuditedModel):
    """A registered "Dân vận khéo" model: a named initiative run in one unit, in one field."""

    name = models.CharField(_("model name"), max_length=300)
    field = models.ForeignKey(Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="models")
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="mobilization_models"
    )
    host_type = models.CharField(_("host organisation type"), max_length=20, choices=HostType.choices)
    host_name = models.CharField(
        _("host organisation or person"), max_length=200, blank=True, help_text=_("E.g. Huyện đoàn Cẩm Xuyên.")
    )
    kind = models.CharField(
        _("collective or individual"), max_length=12, choices=ModelKind.choices, default=ModelKind.COLLECTIVE
    )
    year_started = models.PositiveSmallIntegerField(
        _("year started"), null=True, blank=True, validators=year_validators()
    )
    recognition_level = models.CharField(
        _("recognition level"), max_length=10, choices=RecognitionLevel.choices, blank=True
    )
    recognition_year = models.PositiveSmallIntegerField(
        _("year recognised"), null=True, blank=True, validators=year_validators()
    )
    is_exemplary = models.BooleanField(_("exemplary"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=ModelStatus.choices, default=ModelStatus.ACTIVE)

    # The registration items of a model (a ward Front committee's 2026 guide lists ten,
    # the name above being the first).
    rationale = models.TextField(_("situation and reasons"), blank=True)
    objectives = models.TextField(_("objectives and criteria"), blank=True)
    content = models.TextField(_("content and methods"), blank=True)
    area_and_beneficiaries = models.TextField(_("area and beneficiaries"), blank=True)
    implementers = models.TextField(_("implementing forces"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    timeframe = models.TextField(_("timeframe"), blank=True)
    outputs = models.TextField(_("products and results"), blank=True)
    sustainability = models.TextField(_("sustainability and replicability"), blank=True)

    replicated_in = models.ManyToManyField(
        AdministrativeUnit, verbose_name=_("replicated in"), blank=True, related_name="replicated_models"
    )
    is_published = models.BooleanField(_("published"), default=False, help_text=_("Visible to the public."))
    # The publishing queue (`publishing.py`); `is_published` is true exactly when published.
    review_status = models.CharField(
        _("approval"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT, editable=False
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent for approval by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+", editable=False,
    )
    submitted_at = models.DateTimeField(_("sent for approval at"), null=True, blank=True, editable=False)
    review_comment = models.TextField(
        _("reviewer's comment"), blank=True, editable=False, help_text=_("Why the province returned the model."),
    )
    search_text = models.TextField(_("search text"), editable=False, default="")


    history = HistoricalRecords(m2m_fields=[replicated_in])
    objects = MobilizationModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("Dân vận khéo model")
        verbose_name_plural = _("Dân vận khéo models")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["unit", "field"], name="model_unit_field_idx"),
            models.Index(fields=["year_started"], name="model_year_idx"),
            # The publishing queue and the officers' home pages: models awaiting approval, returned.
            models.Index(fields=["review_status", "unit"], name="model_review_idx"),
            # The dashboard's counts read only these (issue 4; PostgreSQL).
            models.Index(
                fields=["unit", "field"],
                include=["year_started", "recognition_year", "kind", "is_published"],
                name="model_dashboard_unit_idx",
            ),
            models.Index(
                fields=["year_started", "field"],
                include=["unit", "recognition_year", "kind", "is_published"],
                name="model_dashboard_year_idx",
            ),
            # The home page's gallery: the latest published exemplary models, without reading
            # every model (1,000,000 at national scale: 108 ms → well under 1 ms).
            models.Index(
                F("recognition_year").desc(),
                F("updated_at").desc(),
                "id",
                condition=Q(is_published=True, is_exemplary=True),
                name="model_gallery_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_year_range("year_started"), name="model_year_started_range",
                violation_error_message=year_message(),
            ),
            models.CheckConstraint(
                condition=_year_range("recognition_year"), name="model_recognition_year_range",
                violation_error_message=year_message(),
            ),
            models.CheckConstraint(
                condition=Q(recognition_year__isnull=True)
                | Q(year_started__isnull=True)
                | Q(recognition_year__gte=models.F("year_started")),
                name="model_recognised_after_start",
                violation_error_message=_("A model cannot be recognised before it started."),
            ),
            models.CheckConstraint(
                condition=Q(is_published=True, review_status=ReviewStatus.PUBLISHED)
                | Q(is_published=False, review_status__in=[ReviewStatus.DRAFT, ReviewStatus.PENDING,
                                                          ReviewStatus.RETURNED]),
                name="model_published_when_approved",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.folded_text()
        self.sync_review_status()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("models_registry:model_detail", args=[self.pk])

    def sync_review_status(self):
        """Where `is_published` was set directly (the admin, an import, the demo), the queue's
        status follows it: published, or a draft again once unpublished."""
        if self.is_published:
            self.review_status = ReviewStatus.PUBLISHED
        elif self.review_status == ReviewStatus.PUBLISHED:
            self.review_status = ReviewStatus.DRAFT

    def folded_text(self, place: str | None = None) -> str:
        """The folded `search_text`: name, host and the place names of the unit (`places`).
        Bulk writes (imports) set it from here too, passing each unit's `place` looked up
        once for all their rows (`AdministrativeUnit.objects.place_names`)."""
        return places.record_text(self, place, AdministrativeUnit.objects)

    def clean(self):
        super().clean()
        if self.recognition_year and self.year_started and self.recognition_year < self.year_started:
            raise ValidationError({"recognition_year": _("A model cannot be recognised before it started.")})



"""The registry: administrative units over time, fields, and the "Dân vận khéo" models."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.history import reason_naming_file
from danvan.inputs import MAX_YEAR, MIN_YEAR, year_message, year_validators
from danvan.text import fold
from models_registry import places, scoping


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province level")
    DISTRICT = "district", _("District level")
    COMMUNE = "commune", _("Commune level")


class UnitKind(models.TextChoices):
    PROVINCE = "tinh", _("province")
    CENTRAL_CITY = "thanh_pho_tw", _("centrally-run city")
    CITY = "thanh_pho", _("city")
    TOWN = "thi_xa", _("town")
    RURAL_DISTRICT = "huyen", _("rural district")
    URBAN_DISTRICT = "quan", _("urban district")
    COMMUNE = "xa", _("commune")
    WARD = "phuong", _("ward")
    TOWNSHIP = "thi_tran", _("township")
    SPECIAL_ZONE = "dac_khu", _("special zone")


class AdministrativeUnitQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        """Units that existed on `day` (valid_from and valid_until are inclusive)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def current(self):
        return self.filter(valid_until__isnull=True)

    def subtree_of(self, unit):
        """The unit and every unit below it (Vietnam has at most three levels)."""
        return self.subtrees_of([unit.pk])

    def subtrees_of(self, unit_ids):
        """The units `unit_ids` and every unit below them."""
        return self.filter(Q(pk__in=unit_ids) | Q(parent__in=unit_ids) | Q(parent__parent__in=unit_ids))

    def restrict(self, user, action="view"):
        return scoping.restrict_units(self, user, action)

    def place_names(self, unit_ids) -> dict[int, str]:
        """unit id -> the folded place names a record of that unit is found by (`places`)."""
        return places.place_names(unit_ids, self, UnitSuccession.objects)


class AdministrativeUnit(models.Model):
    """An administrative unit (tỉnh, huyện, xã…) in one version of its existence.

    Units change under our feet: communes merge, districts were abolished on 1/7/2025,
    and official codes are reused (18073 was phường Nam Hà, now phường Thành Sen). So a
    row is one unit *as it stood* between `valid_from` and `valid_until`; a change of
    parent, a merge or a split closes the row and opens a successor, linked through
    `UnitSuccession`. Records keep pointing at the version they were made under, and
    history survives the reorganisation.
    """

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("official code"),
        max_length=10,
        help_text=_("Code of the General Statistics Office (NSO/GSO). Unique only among units valid at the same time."),
    )
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(
        _("valid from"), null=True, blank=True, help_text=_("Empty: existed before our records begin.")
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: still valid."))
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successors"),
        through="UnitSuccession",
        through_fields=("predecessor", "successor"),
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )
    search_text = models.CharField(_("search text"), max_length=300, editable=False, db_index=True, default="")

    history = HistoricalRecords()
    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "name", "valid_from"]
        indexes = [models.Index(fields=["code", "level"], name="unit_code_level_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_from__lte=models.F("valid_until")),
                name="unit_valid_from_before_until",
                violation_error_message=_("The end of validity must not be before its start."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="unit_not_own_parent"
            ),
            # Codes are reused across time; that two versions with one code never overlap
            # is enforced by a trigger (SQLite) or an exclusion constraint (PostgreSQL),
            # see migration 0002. This one catches the commonest mistake everywhere.
            models.UniqueConstraint(fields=["level", "code", "valid_from"], name="unit_code_unique_per_start"),
        ]

    def __str__(self):
        if self.valid_until:
            return _("%(name)s (until %(date)s)") % {"name": self.name, "date": self.valid_until.strftime("%d/%m/%Y")}
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.code}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:models_registry_administrativeunit_change", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        unit = super().from_db(db, field_names, values)
        unit.loaded_place = unit.place()
        return unit

    def place(self) -> tuple:
        """What records' search text takes from this unit (`places`): its name and parent."""
        return self.__dict__.get("name"), self.__dict__.get("parent_id")

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def existed_in(self, year: int) -> bool:
        """Whether the unit was valid on at least one day of `year`."""
        return (self.valid_from is None or self.valid_from.year <= year) and (
            self.valid_until is None or year <= self.valid_until.year
        )

    def successors_valid_on(self, day: datetime.date) -> list:
        """The units valid on `day` that this unit went into, through every succession."""
        successors = places.successor_map({self.pk}, UnitSuccession.objects)
        reached = {pk for targets in successors.values() for pk in targets}
        return list(AdministrativeUnit.objects.filter(pk__in=reached).valid_on(day).order_by("name", "pk"))

    def overlapping_versions(self):
        """Other units with the same level and code whose validity overlaps this one's."""
        others = AdministrativeUnit.objects.filter(level=self.level, code=self.code).exclude(pk=self.pk)
        if self.valid_until:
            others = others.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=self.valid_until))
        if self.valid_from:
            others = others.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
        return others

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end of validity must not be before its start.")})
        if self.code and self.level and self.overlapping_versions().exists():
            raise ValidationError(
                {"code": _("Another unit of this level has this code during an overlapping period.")}
            )
        if self.parent_id:
            self._clean_parent()

    def _clean_parent(self):
        order = [UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE]
        if self.level and order.index(self.parent.level) >= order.index(self.level):
            raise ValidationError({"parent": _("The parent unit must be of a higher level.")})
        if self.parent.pk == self.pk:
            raise ValidationError({"parent": _("A unit cannot be its own parent.")})


class SuccessionKind(models.TextChoices):
    WHOLE = "whole", _("whole (the entire unit went to this successor)")
    PARTIAL = "partial", _("partial (the unit was split among several successors)")


class UnitSuccession(models.Model):
    """A link from a closed unit version to a unit that took over (all or part of) it."""

    predecessor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("predecessor"),
        on_delete=models.CASCADE,
        related_name="succession_links",
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("successor"),
        on_delete=models.CASCADE,
        related_name="predecession_links",
    )
    kind = models.CharField(_("kind of succession"), max_length=10, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=200, blank=True, help_text=_("E.g. Nghị quyết 1665/NQ-UBTVQH15.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="succession_not_self"),
        ]

    def __str__(self):
        return f"{self.predecessor.name} → {self.successor.name}"

    @classmethod
    def from_db(cls, db, field_names, values):
        link = super().from_db(db, field_names, values)
        link.loaded_ends = link.ends()
        return link

    def ends(self) -> tuple:
        return self.__dict__.get("predecessor_id"), self.__dict__.get("successor_id")

    def clean(self):
        super().clean()
        if self.predecessor_id and self.predecessor_id == self.successor_id:
            raise ValidationError({"successor": _("A unit cannot succeed itself.")})


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


def _year_range(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR})


class MobilizationModelQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        return scoping.restrict_models(self, user, action)


@places.searched_by_place("name", "host_name")
class MobilizationModel(models.Model):
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
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    search_text = models.TextField(_("search text"), editable=False, default="")

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

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


class OfficerProfile(models.Model):
    """Which part of the province a user works for. No profile (or no unit) and not staff:
    sees only public data. A province-level unit makes a provincial officer."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="officer_profile"
    )
    scope_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("scope unit"),
        on_delete=models.PROTECT,
        related_name="officers",
        help_text=_("The officer sees and edits data of this unit and the units below it."),
    )
    title = models.CharField(_("job title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("officer profile")
        verbose_name_plural = _("officer profiles")

    def __str__(self):
        return f"{self.user} — {self.scope_unit}"


class ImportJob(models.Model):
    """One spreadsheet upload: checked (dry run) in the background, then imported on
    confirmation, while the browser polls its progress. Keeps the file until then."""

    class Kind(models.TextChoices):
        MODELS = "models", _("models")
        COUNTS = "counts", _("reported counts")

    class Status(models.TextChoices):
        CHECKING = "checking", _("checking")
        CHECKED = "checked", _("checked, waiting for confirmation")
        REFUSED = "refused", _("refused")
        IMPORTING = "importing", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file content"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHECKING)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(
        _("started at"), null=True, blank=True, help_text=_("When its check, or its import, began.")
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "started_at"], name="importjob_running_idx")]

    def __str__(self):
        return f"{self.file_name} #{self.pk}"

    @property
    def change_reason(self) -> str:
        return reason_naming_file(str(_("Import of file %(name)s #%(id)s")), self.file_name, id=self.pk)


class Notification(models.Model):
    """A message to one user (a model returned or published, a request falling due), shown on
    their home page until they mark it read; sent by e-mail too when they have an address."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.text[:80]


class GoverningBodyQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        """The name valid on `day`: the latest row that started on or before it (None before the first)."""
        return self.filter(valid_from__lte=day).order_by("-valid_from").first()


class GoverningBody(models.Model):
    """The Party body that runs the movement in the province, as it was named from `valid_from`
    on, until the next row's `valid_from` (so two rows can never overlap).

    Bodies are renamed and merged: Hà Tĩnh's Ban Dân vận Tỉnh ủy (BDVTU) became the Ban Tuyên
    giáo và Dân vận Tỉnh ủy (BTGDVTU) in 2025. Pages show today's name; anything dated (a
    document of 2023) takes the name valid on its date. Text already stored in records (a
    2023 delegation's title) is data and stays as it was written."""

    valid_from = models.DateField(
        _("valid from"), help_text=_("The day this name took effect; it ends the day before the next one's.")
    )
    full_name = models.CharField(_("full name"), max_length=200, help_text=_("E.g. Ban Dân vận Tỉnh ủy Hà Tĩnh."))
    short_name = models.CharField(_("short name"), max_length=150, help_text=_("E.g. Ban Dân vận Tỉnh ủy."))
    header_name = models.CharField(
        _("name in document headers"), max_length=150, blank=True,
        help_text=_("The body's name as a document's header writes it under the parent body, e.g. Ban Dân vận. "
                    "Empty: the short name."),
    )
    abbreviation = models.CharField(
        _("abbreviation"), max_length=30, help_text=_("Used in document numbers, e.g. BDVTU in “29-BC/BDVTU”.")
    )
    parent_body = models.CharField(_("parent body"), max_length=200, help_text=_("E.g. Tỉnh ủy Hà Tĩnh."))
    province_name = models.CharField(
        _("place name"), max_length=100,
        help_text=_("The province as documents name it in the place and date line, e.g. Hà Tĩnh."),
    )

    history = HistoricalRecords()
    objects = GoverningBodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("name of the governing body")
        verbose_name_plural = _("names of the governing body")
        ordering = ["valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from"],
                name="governing_body_unique_start",
                violation_error_message=_("Another name of the governing body takes effect on this day."),
            ),
        ]

    def __str__(self):
        return _("%(name)s (from %(date)s)") % {"name": self.full_name, "date": self.valid_from.strftime("%d/%m/%Y")}


def body_on(day: datetime.date) -> GoverningBody | None:
    """The governing body's name valid on `day` (None if no name is recorded that early)."""
    return GoverningBody.objects.on(day)

"""Administrative units over time, their successions, the officers working for them, the name of
the body that governs the province, and the notifications users receive."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dataversion
from core.text import fold
from units import places, scoping
from units.choices import SuccessionKind, UnitKind, UnitLevel

__all__ = ["SuccessionKind", "UnitKind", "UnitLevel"]  # the choices, where the models are


def subtree_filter(unit_ids, lookup="pk") -> Q:
    """Rows whose `lookup` (a unit) is one of `unit_ids` or below one of them: the one
    definition of a unit's subtree (Vietnam has at most three levels, so two parents up)."""
    prefix = "" if lookup == "pk" else f"{lookup}__"
    return (
        Q(**{f"{lookup}__in": unit_ids})
        | Q(**{f"{prefix}parent__in": unit_ids})
        | Q(**{f"{prefix}parent__parent__in": unit_ids})
    )


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
        return self.filter(subtree_filter(unit_ids))

    def restrict(self, user, action=scoping.Action.VIEW):
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

    history = HistoricalRecords(table_name="models_registry_historicaladministrativeunit")
    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        db_table = "models_registry_administrativeunit"  # the table of its first home, kept (docs/architecture.md)
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
        return reverse("admin:units_administrativeunit_change", args=[self.pk])

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

    def units_in_scope(self) -> set[int]:
        """Ids of the units an officer scoped to this unit reaches: the rule is `units.scoping`'s
        (its docstring), walked here over the units and their whole successions.

        Kept in the cache while units and successions do not change (the "structure" data version,
        which any write to them changes): otherwise three queries and a walk on every officer's page."""
        return dataversion.remember(f"scope:{self.pk}", dataversion.STRUCTURE, lambda: _walk_scope(self.pk))

    def area_on(self, day: datetime.date) -> set[int]:
        """Ids of the units whose records are this unit's as it stood on `day`: the unit, the units
        below it valid on that day, and (rule 2 of units/scoping.py) everything that went whole into
        those. A report of TP Hà Tĩnh at 14/6/2025 counts xã Cẩm Bình (in the city since 1/1/2025)
        and its 2023 self; one of huyện Cẩm Xuyên at that day counts neither."""
        below = AdministrativeUnit.objects.subtree_of(self).valid_on(day).values_list("pk", flat=True)
        return _absorbed({self.pk, *below})

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

    history = HistoricalRecords(table_name="models_registry_historicalunitsuccession")

    class Meta:
        db_table = "models_registry_unitsuccession"  # the table of its first home, kept (docs/architecture.md)
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
        db_table = "models_registry_officerprofile"  # the table of its first home, kept (docs/architecture.md)
        verbose_name = _("officer profile")
        verbose_name_plural = _("officer profiles")

    def __str__(self):
        return f"{self.user} — {self.scope_unit}"


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

    history = HistoricalRecords(table_name="models_registry_historicalgoverningbody")
    objects = GoverningBodyQuerySet.as_manager()

    class Meta:
        db_table = "models_registry_governingbody"  # the table of its first home, kept (docs/architecture.md)
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


class Notification(models.Model):
    """A message to one user (a model returned or published, a request falling due), shown on
    their home page until they mark it read; sent by e-mail too when they have an address
    (`units.notifications.notify`)."""

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


# --- Scope over time: the walk behind `AdministrativeUnit.units_in_scope` -------------------


def _walk_scope(pk) -> set[int]:
    area = _absorbed(_subtree({pk}))
    return area | _became(area)


def _subtree(ids) -> set[int]:
    """The units `ids` and every unit below them (Vietnam has at most three levels)."""
    return set(AdministrativeUnit.objects.subtrees_of(ids).values_list("pk", flat=True))


def _whole_links(column: str, ids: set[int], other: str) -> set[int]:
    """The `other` ends of the whole successions whose `column` end is in `ids` (one query)."""
    links = UnitSuccession.objects.filter(kind=SuccessionKind.WHOLE, **{f"{column}__in": scoping.among(ids)})
    return set(links.values_list(other, flat=True))


def _absorbed(area: set[int]) -> set[int]:
    """Rule 2: the area with the units that went whole into it, and everything below those."""
    area, frontier = set(area), set(area)
    while frontier:
        came = _whole_links("successor", frontier, "predecessor") - area
        frontier = _subtree(came) - area if came else set()
        area |= frontier
    return area


def _became(area: set[int]) -> set[int]:
    """Rule 3: the units the area went whole into, forwards; those units only."""
    found, frontier = set(), area
    while frontier:
        frontier = _whole_links("predecessor", frontier, "successor") - area - found
        found |= frontier
    return found


# --- Records' place names kept up to date -----------------------------------------------
# A unit renamed or moved under another parent, or a succession added, changed or removed,
# changes the place names (`places`) of the records of that unit (of the predecessor, for a
# succession), of the units below it and of every unit that became one of those. Their search
# text is recomputed once per transaction, after it commits: an import of an official list
# changes thousands of units and links in one transaction, and their records are then refreshed
# once, in batches, rather than once per unit.

PENDING = "danvan_places_pending"  # attribute of the database connection: the units changed


@receiver(post_save, sender=AdministrativeUnit, dispatch_uid="danvan_places_unit_saved")
def unit_saved(sender, instance, created, raw=False, **kwargs):
    loaded = getattr(instance, "loaded_place", None)
    instance.loaded_place = instance.place()
    # A new unit has no records yet, nor units below it.
    if not created and not raw and loaded != instance.loaded_place:
        places_changed({instance.pk})


@receiver(post_save, sender=UnitSuccession, dispatch_uid="danvan_places_succession_saved")
def succession_saved(sender, instance, raw=False, **kwargs):
    loaded = getattr(instance, "loaded_ends", None)
    instance.loaded_ends = instance.ends()
    if not raw and loaded != instance.loaded_ends:
        places_changed({instance.predecessor_id, (loaded or (None,))[0]} - {None})


@receiver(post_delete, sender=UnitSuccession, dispatch_uid="danvan_places_succession_deleted")
def succession_deleted(sender, instance, **kwargs):
    places_changed({instance.predecessor_id})


def places_changed(unit_ids):
    """Refresh, once the current transaction commits (at once outside one), the search text
    of the records whose place names name `unit_ids`."""
    connection = transaction.get_connection()
    pending = connection.__dict__.setdefault(PENDING, set())
    pending.update(unit_ids)
    # One callback per change, but only the first finds work: it takes every pending unit.
    # (A rolled-back transaction leaves its units pending: refreshed at the next commit,
    # which recomputes from what is stored and so changes nothing wrongly.)
    transaction.on_commit(refresh_pending, robust=True)


def refresh_pending():
    unit_ids = transaction.get_connection().__dict__.pop(PENDING, set())
    if unit_ids:
        refresh_records_of(unit_ids)


def refresh_records_of(unit_ids) -> int:
    """Recompute the search text of the records of `unit_ids`, of the units below them and of
    every unit that became one of those; returns how many records changed."""
    below = AdministrativeUnit.objects.subtrees_of(unit_ids).values_list("pk", flat=True)
    affected = places.predecessor_closure(set(below), UnitSuccession.objects)
    changed = 0
    with transaction.atomic():
        for model, fields in places.SEARCHED_BY_PLACE.items():
            records = model._base_manager.filter(unit__in=affected)
            changed += places.refresh(records, fields, AdministrativeUnit.objects, UnitSuccession.objects)
    return changed


class OutgoingMail(models.Model):
    """One e-mail to one address, recorded in the transaction that decided to send it (a
    notification, a reminder) and sent by the task worker (`units.mail.deliver`). Its status makes
    the sending happen at most once: the worker claims the row (queued → sending) before it
    talks to the mail server; a refusal puts it back in the queue for a later try."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("not sent")

    to = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    tried_at = models.DateTimeField(_("last tried at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="outgoingmail_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(status="sent"), name="outgoingmail_sent_at_only_when_sent"
            ),
        ]

    def __str__(self):
        return f"{self.to}: {self.subject[:60]}"

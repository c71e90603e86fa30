"""The kinds of things units are: choices shared by the models and the scoping gate."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class SuccessionKind(models.TextChoices):
    WHOLE = "whole", _("whole (the entire unit went to this successor)")
    PARTIAL = "partial", _("partial (the unit was split among several successors)")

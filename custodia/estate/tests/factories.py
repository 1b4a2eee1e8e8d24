"""Factories for the estate: the prison service, its regions, prisons, units and cells."""

import factory

from custodia.estate.models import Cell, Prison, PrisonService, PrisonType, Region, Unit


class PrisonServiceFactory(factory.django.DjangoModelFactory):
    """The installation's prison service; its profile is the one services use ("generic" here)."""

    class Meta:
        model = PrisonService

    name = "National Prison Service"
    country_code = "ZZ"
    profile = "generic"


def _the_service() -> PrisonService:
    # One installation runs one service: regions join the existing one instead of adding more.
    return PrisonService.objects.order_by("pk").first() or PrisonServiceFactory()


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    service = factory.LazyFunction(_the_service)
    code = factory.Sequence(lambda n: f"R{n:02d}")
    name = factory.Sequence(lambda n: f"Region {n}")


class PrisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prison

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"P{n:03d}")
    name = factory.Sequence(lambda n: f"Prison {n:03d}")
    prison_type = PrisonType.CLOSED
    official_capacity = 100
    is_active = True


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    prison = factory.SubFactory(PrisonFactory)
    name = factory.Sequence(lambda n: f"Unit {n}")
    security_level = "medium"


class CellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cell

    unit = factory.SubFactory(UnitFactory)
    label = factory.Sequence(lambda n: f"C{n:03d}")
    capacity = 2

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from custodia.core.rights import requires, right

from . import selectors
from .models import Prison

VIEW_ESTATE = right("view_estate")


@requires(GET=VIEW_ESTATE)
def prison_list(request):
    by_prison = selectors.occupancy_by_prison(user=request.user)
    return render(
        request,
        "estate/prison_list.html",
        {
            "prisons": by_prison,
            "regions": selectors.occupancy_by_region(by_prison),
            "national": selectors.occupancy_national(by_prison),
        },
    )


@requires(GET=VIEW_ESTATE)
def prison_detail(request, prison_id: int):
    try:
        prison = selectors.prison_get(user=request.user, prison_id=prison_id)
    except Prison.DoesNotExist as exc:
        raise Http404(_("No such prison.")) from exc
    overcrowded = request.GET.get("overcrowded") == "1"
    cells = (
        selectors.cells_over_capacity(prison_ids=[prison.pk])
        if overcrowded
        else selectors.occupancy_by_cell(prison=prison)
    )
    return render(
        request,
        "estate/prison_detail.html",
        {
            "prison": prison,
            "units": selectors.occupancy_by_unit(prison=prison),
            "cells": cells,
            "overcrowded": overcrowded,
        },
    )

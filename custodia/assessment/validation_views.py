"""Placeholder until the local validation page lands."""

from django.http import HttpResponse


def instrument_validation(request):
    return HttpResponse("")

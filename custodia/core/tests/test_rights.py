"""The rights a route needs are found on its view, through the decorators around it."""

from django.views.decorators.http import require_POST
from django.views.generic import View

from custodia.core.rights import SIGNED_IN, declared, requires, right

APPROVE = right("approve_classification")


def test_a_declaration_is_kept_on_the_view_itself():
    @requires(GET=SIGNED_IN, POST=APPROVE)
    def view(request):
        return None

    assert declared(view) == {"GET": SIGNED_IN, "POST": APPROVE}


def test_a_declaration_is_found_through_the_decorators_around_it():
    @require_POST
    @requires(POST=APPROVE)
    def inside(request):
        return None

    @requires(POST=APPROVE)
    @require_POST
    def outside(request):
        return None

    assert declared(inside) == declared(outside) == {"POST": APPROVE}


def test_a_declaration_is_found_through_a_wrapper_that_keeps_only_the_wrapped_view():
    @requires(POST=APPROVE)
    def view(request):
        return None

    def wrapper(request):
        return view(request)

    wrapper.__wrapped__ = view  # as functools.wraps leaves it, without copying the attributes
    assert declared(wrapper) == {"POST": APPROVE}


def test_a_class_based_view_declares_on_its_class():
    @requires(GET=SIGNED_IN)
    class Page(View):
        pass

    assert declared(Page.as_view()) == {"GET": SIGNED_IN}


def test_a_view_without_a_declaration_has_none():
    @require_POST
    def view(request):
        return None

    assert declared(view) is None
    assert declared(View.as_view()) is None

from custodia.estate.selectors import active_profile


def service(request) -> dict:
    """The country profile drives labels across every page (legal statuses, levels)."""
    return {"profile": active_profile()}

"""The figures of moderation: cases opened and closed."""

from django.db.models import Count

from moderation.models import Case

from .period import Period


def case_counts(ids, period: Period) -> dict[str, int]:
    """Moderation cases opened in the period, and closed in it (whenever
    they were opened)."""
    return (
        Case.objects.filter(neighbourhood_id__in=ids)
        .filter(period.contains("opened_at") | period.contains("closed_at"))
        .order_by()
        .aggregate(
            opened=Count("pk", filter=period.contains("opened_at")),
            closed=Count("pk", filter=period.contains("closed_at")),
        )
    )

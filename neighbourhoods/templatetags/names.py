"""Names of places in sentences: French says "Indicateurs du Moulin", "Membres
de la Duchère", "Agenda d'Ainay", never "de Le Moulin"."""

from django import template
from django.utils.translation import get_language

register = template.Library()

VOWELS = "aeiouyàâäéèêëîïôöùûüœAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ"


@register.filter
def of_name(name) -> str:
    """The name as it follows "of": in French with "de" joined to its article
    ("du Moulin", "des Pentes", "de la Duchère", "de l'Île", "d'Ainay", "de
    Vaise"); in English the name itself (the sentence says "of")."""
    name = str(name)
    if not (get_language() or "").startswith("fr") or not name:
        return name
    lower = name.lower()
    if lower.startswith("le "):
        return f"du {name[3:]}"
    if lower.startswith("les "):
        return f"des {name[4:]}"
    if lower.startswith(("la ", "l'", "l’")):
        return f"de {name[0].lower()}{name[1:]}"
    if name[0] in VOWELS:
        return f"d’{name}"
    return f"de {name}"

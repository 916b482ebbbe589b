"""Names of places in French sentences: "Indicateurs du Moulin", never "de Le
Moulin"; English keeps the name as it is."""

import pytest
from django.template import Context, Template
from django.utils import translation

from neighbourhoods.templatetags.names import of_name


@pytest.mark.parametrize(
    ("name", "french"),
    [
        ("Le Moulin", "du Moulin"),
        ("Les Pentes", "des Pentes"),
        ("La Duchère", "de la Duchère"),
        ("L'Île Barbe", "de l'Île Barbe"),
        ("Ainay", "d’Ainay"),
        ("Vaise", "de Vaise"),
        ("Écully", "d’Écully"),
    ],
)
def test_french_joins_de_and_the_article(name, french):
    with translation.override("fr"):
        assert of_name(name) == french
    with translation.override("en"):
        assert of_name(name) == name


def test_the_headings_say_it_in_good_french():
    template = Template(
        "{% load i18n names %}{% blocktranslate with of_name=name|of_name %}"
        "Members of {{ of_name }}{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert template.render(Context({"name": "Le Moulin"})) == "Membres du Moulin"
    with translation.override("en"):
        assert template.render(Context({"name": "Le Moulin"})) == "Members of Le Moulin"

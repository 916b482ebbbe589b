"""The seed list of categories (PRODUCT.md), the same in every neighbourhood.
Names and descriptions are translated at display time; coordinators add their
own categories to their neighbourhood in the database."""

from django.utils.translation import gettext_lazy as _

SERVICES = "services"
PASSIONS = "passions"

# key, name, plain-words description, icon file in static/icons/categories/, world
SEED_CATEGORIES = [
    (
        "digital",
        _("Digital help"),
        _("Computer, smartphone, internet."),
        "digital",
        SERVICES,
    ),
    (
        "paperwork",
        _("Online paperwork"),
        _("Forms and procedures on the internet."),
        "paperwork",
        SERVICES,
    ),
    (
        "homework",
        _("Homework help"),
        _("Homework, tutoring, school."),
        "homework",
        SERVICES,
    ),
    (
        "employment",
        _("Employment"),
        _("CV, cover letter, interview."),
        "employment",
        SERVICES,
    ),
    (
        "languages",
        _("Languages and conversation"),
        _("Practise French or another language."),
        "languages",
        PASSIONS,
    ),
    (
        "mentoring",
        _("Mentoring between generations"),
        _("Young and old learn from each other."),
        "mentoring",
        SERVICES,
    ),
    (
        "company",
        _("Company and visits"),
        _("A visit, a walk, a chat."),
        "company",
        SERVICES,
    ),
    ("errands", _("Errands"), _("Shopping and small errands."), "errands", SERVICES),
    (
        "transport",
        _("Transport and car sharing"),
        _("A lift, help to travel."),
        "transport",
        SERVICES,
    ),
    ("diy", _("DIY"), _("Small repairs at home."), "diy", SERVICES),
    ("gardening", _("Gardening"), _("Garden, balcony, plants."), "gardening", PASSIONS),
    (
        "cooking",
        _("Cooking"),
        _("Recipes, meals, cooking together."),
        "cooking",
        PASSIONS,
    ),
    ("childcare", _("Childcare"), _("Looking after children."), "childcare", SERVICES),
    (
        "lending",
        _("Lending things"),
        _("Lend or borrow a tool, a book, a thing."),
        "lending",
        SERVICES,
    ),
    (
        "hobbies",
        _("Hobbies and passions"),
        _("Sport, music, art, reading."),
        "hobbies",
        PASSIONS,
    ),
    ("other", _("Other"), _("Anything else."), "other", SERVICES),
]
SEED = {
    key: (name, description, icon, world)
    for key, name, description, icon, world in SEED_CATEGORIES
}
ICONS = sorted({icon for _key, _name, _description, icon, _world in SEED_CATEGORIES})

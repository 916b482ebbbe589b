"""Demo data of a second organisation, set up the way a new one is: by the
site's operator and its coordinator through the setup services, with no admin
page. The Maison de quartier de Vaise opens one neighbourhood, writes its
charter, names a moderator and hands out a first code. Called by
devtools.demo.seed.seed_demo; idempotent."""

from community import services as community_services
from community.models import User
from neighbourhoods import services
from neighbourhoods.models import Organisation

from .people import DEMO_PASSWORD, demo_email, ensure_person

ORGANISATION = "Maison de quartier de Vaise"
CHARTER = (
    "1. On se parle avec respect.\n"
    "2. L'entraide est gratuite : ni vente ni publicité.\n"
    "3. Les rendez-vous se donnent à la maison de quartier ou dans un lieu public.\n"
    "4. Un souci ? On le signale à l'équipe d'animation."
)
PEOPLE = {
    "nadia": {
        "pseudonym": "Nadia de Vaise",
        "portrait": "Coordinatrice de la maison de quartier de Vaise.",
        "age_group": "26_59",
        "languages": ["fr", "ar"],
    },
    "bruno": {
        "pseudonym": "Bruno Vaise",
        "portrait": "Animateur multimédia, le mardi et le jeudi.",
        "age_group": "26_59",
        "languages": ["fr"],
    },
    "chantal": {
        "pseudonym": "Chantal Gorge-de-Loup",
        "portrait": "Retraitée, j'aime la couture et les mots croisés.",
        "age_group": "60_plus",
        "languages": ["fr", "it"],
    },
}


def seed_second_organisation(*, password_hash: str) -> dict[str, User]:
    """The operator, the Maison de quartier de Vaise and its people; nothing
    when it exists already."""
    people = {
        login: ensure_person(login=login, details=details, password_hash=password_hash)[
            0
        ]
        for login, details in PEOPLE.items()
    }
    if Organisation.objects.filter(name=ORGANISATION).exists():
        return people
    operator, _created = community_services.make_operator(
        email=demo_email("operateur"), password=DEMO_PASSWORD
    )
    organisation = services.create_organisation(
        operator=operator,
        name=ORGANISATION,
        kind="association",
        description="Maison de quartier : accueil, ateliers, permanences numériques.",
        address="8 rue Saint-Pierre-de-Vaise, 69009 Lyon",
        phone="04 72 00 11 22",
        email="accueil@mdq-vaise.example",
    )
    invitation = services.invite_coordinator(
        inviter=operator, organisation=organisation
    )
    nadia, bruno, chantal = people["nadia"], people["bruno"], people["chantal"]
    services.accept_coordinator_invitation(user=nadia, code=invitation.code)
    vaise = services.create_neighbourhood(
        coordinator=nadia,
        organisation=organisation,
        name="Vaise",
        description="Le quartier de Vaise, du marché à Gorge-de-Loup.",
        postcodes="69009",
        welcome_address="8 rue Saint-Pierre-de-Vaise",
        opening_hours="Du mardi au vendredi, 9 h - 12 h et 14 h - 18 h",
        join_policy="code",
    )
    services.publish_charter(coordinator=nadia, neighbourhood=vaise, text=CHARTER)
    code = services.create_invitation_code(
        moderator=nadia, neighbourhood=vaise, max_uses=50, valid_days=180
    )
    for person in (bruno, chantal):
        services.join_neighbourhood(
            user=person, neighbourhood=vaise, accept_charter=True, code=code.code
        )
    services.change_role(
        coordinator=nadia,
        membership=bruno.memberships.get(neighbourhood=vaise),
        role="moderator",
    )
    return people

import factory
from allauth.account.models import EmailAddress

from community.models import Profile, User
from community.selectors import pseudonym_key
from community.services import set_keywords

PASSWORD = "a-good-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(
                user=obj, email=obj.email, verified=True, primary=True
            )


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    pseudonym = factory.Sequence(lambda n: f"Voisin {n}")
    pseudonym_key = factory.LazyAttribute(lambda o: pseudonym_key(o.pseudonym))
    portrait = "J'aime le jardinage et les échecs."

    @factory.post_generation
    def interests(obj, create, extracted, **kwargs):
        if create and extracted:
            set_keywords(tags=obj.interests, names=extracted)

    @factory.post_generation
    def skills(obj, create, extracted, **kwargs):
        if create and extracted:
            set_keywords(tags=obj.skills, names=extracted)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "neighbourhoods.Organisation"

    name = factory.Sequence(lambda n: f"Centre social n°{n}")
    kind = "social_centre"


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "neighbourhoods.Neighbourhood"

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Quartier {n}")
    slug = factory.Sequence(lambda n: f"quartier-{n}")
    description = "Un quartier où l'on s'entraide."
    postcodes = "69008"
    join_policy = "approval"


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active resident who accepted the current charter, unless told otherwise."""

    class Meta:
        model = "neighbourhoods.Membership"

    user = factory.LazyFunction(lambda: ProfileFactory().user)
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    role = "resident"
    status = "active"
    joined_via = "open"
    charter_version_accepted = factory.SelfAttribute("neighbourhood.charter_version")

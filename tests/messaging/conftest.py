import pytest

from messaging import services
from tests.factories import MembershipFactory, NeighbourhoodFactory


@pytest.fixture
def pair():
    """Two members of a neighbourhood and their conversation."""
    neighbourhood = NeighbourhoodFactory()
    one = MembershipFactory(neighbourhood=neighbourhood).user
    other = MembershipFactory(neighbourhood=neighbourhood).user
    conversation = services.start_conversation(
        user=one, other=other, neighbourhood=neighbourhood
    )
    return neighbourhood, one, other, conversation

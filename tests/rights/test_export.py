"""Take my data: one ZIP of JSON and CSV with everything about the member,
and nothing of another person beyond a pseudonym, behind a link that is theirs
and expires."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from rights import services
from rights.export import build_export
from rights.models import DataExport
from tests.rights.conftest import SECRETS_OF_B

pytestmark = pytest.mark.django_db


def _files(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_the_export_holds_everything_about_the_member(story):
    files = _files(build_export(user=story["amandine"]))
    profile = json.loads(files["profile.json"])
    assert profile["email"] == "amandine@example.org"
    assert profile["profile"]["portrait"] == "PORTRAIT-OF-A"
    json.loads(files["settings.json"])
    everything = "\n".join(files.values())
    for mine in (
        "LISTING-OF-A",
        "RESPONSE-OF-A",
        "THANKS-OF-A",
        "MESSAGE-OF-A",
        "REPORT-OF-A",
    ):
        assert mine in everything
    assert "Publier mes annonces" in files["consents_at_the_desk.csv"]
    assert files["journal_about_me.csv"].count("\r\n") >= 2
    assert "Bertille" in files["exchanges_done.csv"]
    assert "Bertille" in files["my_messages.csv"]
    assert files["notifications.csv"].count("\r\n") >= 2
    assert {
        "memberships.csv",
        "listings.csv",
        "responses_given.csv",
        "responses_received.csv",
        "thanks_given.csv",
        "thanks_received.csv",
    } <= set(files)


def test_nothing_of_another_person_but_a_pseudonym_is_in_it(story):
    everything = "\n".join(_files(build_export(user=story["amandine"])).values())
    for secret in SECRETS_OF_B:
        assert secret not in everything


def test_a_cell_that_looks_like_a_formula_is_kept_as_text(story):
    from exchanges import services as exchanges
    from exchanges.models import Category

    exchanges.create_listing(
        author=story["amandine"],
        neighbourhood=story["mine"].neighbourhood,
        kind="offer",
        title="=HYPERLINK(1)",
        category=Category.objects.get(key="digital", neighbourhood=None),
        tags=[],
    )
    listings = _files(build_export(user=story["amandine"]))["listings.csv"]
    assert "'=HYPERLINK(1)" in listings


def _ask(client, django_capture_on_commit_callbacks):
    """Ask for one's data; the task queue (at once in tests) builds it."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rights_export"))
    assert response.status_code == 302
    assert response.url == reverse("rights_my_data")
    return response


def test_the_file_is_built_in_the_task_queue_then_downloaded_by_a_signed_link(
    client, story, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(story["amandine"])
    assert client.get(reverse("rights_my_data")).status_code == 200
    _ask(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=story["amandine"])
    assert export.ready_at is not None
    page = client.get(reverse("rights_my_data")).content.decode()
    link = reverse(
        "rights_export_download", args=[services.export_token(export=export)]
    )
    assert link in page
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert "profile.json" in _files(download.content)
    told = [mail for mail in mailoutbox if story["amandine"].email in mail.to]
    assert len(told) == 1
    assert reverse("rights_my_data") in told[0].body


def test_nothing_is_built_inside_the_request(
    client, story, django_capture_on_commit_callbacks, monkeypatch
):
    # The request only records the wish; the file is made after the commit,
    # by the queue. Asking twice while it is made gives one file.
    built = []
    monkeypatch.setattr(
        "rights.tasks.build_data_export", lambda export_id: built.append(export_id)
    )
    client.force_login(story["amandine"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("rights_export"))
        client.post(reverse("rights_export"))
    assert built == []
    export = DataExport.objects.get(user=story["amandine"])
    assert export.ready_at is None
    page = client.get(reverse("rights_my_data")).content.decode()
    assert "rights_export_download" not in page
    for callback in callbacks:
        callback()
    assert built == [export.pk]


def test_the_link_of_another_member_is_refused(
    client, story, django_capture_on_commit_callbacks
):
    client.force_login(story["bertille"])
    _ask(client, django_capture_on_commit_callbacks)
    theirs = DataExport.objects.get(user=story["bertille"])
    client.force_login(story["amandine"])
    url = reverse("rights_export_download", args=[services.export_token(export=theirs)])
    assert client.get(url).status_code == 403


def test_an_expired_or_forged_link_is_refused(
    client, story, settings, django_capture_on_commit_callbacks
):
    client.force_login(story["amandine"])
    _ask(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=story["amandine"])
    token = services.export_token(export=export)
    settings.DATA_EXPORT_LINK_HOURS = -1
    assert (
        client.get(reverse("rights_export_download", args=[token])).status_code == 403
    )
    settings.DATA_EXPORT_LINK_HOURS = 24
    forged = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    assert (
        client.get(reverse("rights_export_download", args=[forged])).status_code == 403
    )
    assert (
        client.get(reverse("rights_export_download", args=[token])).status_code == 200
    )


def test_expired_files_are_purged(client, story, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    from rights import retention

    client.force_login(story["amandine"])
    _ask(client, django_capture_on_commit_callbacks)
    later = timezone.now() + datetime.timedelta(hours=25)
    assert retention.purge_exports(now=timezone.now()) == 0
    assert retention.purge_exports(now=later) == 1
    assert not DataExport.objects.exists()


def test_a_visitor_is_sent_to_log_in(client, story):
    export = DataExport.objects.create(user=story["amandine"])
    token = services.export_token(export=export)
    response = client.get(reverse("rights_export_download", args=[token]))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_the_operator_writes_a_members_data_to_a_file(story, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    target = tmp_path / "amandine.zip"
    call_command(
        "export_member_data", "AMANDINE@example.org", target, stdout=StringIO()
    )
    assert "LISTING-OF-A" in _files(target.read_bytes())["listings.csv"]
    with pytest.raises(CommandError):
        call_command("export_member_data", "nobody@example.org", target)

from journal.models import Entry


def test_register_creates_journal_and_key(alice):
    assert alice.journal.name == "alice"
    assert alice.remote_keys.count() == 1
    assert Entry.objects.count() == 0

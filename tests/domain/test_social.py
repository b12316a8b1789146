"""Subscriptions (= LJ friends), friend groups, bans and communities."""

from __future__ import annotations

import pytest

from journal import services
from journal.errors import Conflict, Forbidden, InvalidInput, NotFound
from journal.models import Event, FriendGroup, Membership, Subscription


def test_subscribe_public_and_private(alice, bob, charlie):
    assert services.subscribe(bob, alice.journal).status == "subscribed"
    charlie.journal.is_private = True
    charlie.journal.save()
    assert services.subscribe(bob, charlie.journal).status == "requested"
    assert Event.objects.filter(kind="subscription.created", actor=bob).count() == 2


def test_subscribe_to_self_is_refused(alice):
    with pytest.raises(InvalidInput):
        services.subscribe(alice, alice.journal)
    assert not Subscription.objects.exists()


def test_set_friend_validates_colours_and_mask(alice, bob):
    with pytest.raises(InvalidInput):
        services.set_friend(alice, bob.journal, fgcolor="red")
    with pytest.raises(InvalidInput):
        services.set_friend(alice, bob.journal, groupmask=2**40)
    assert not Subscription.objects.exists()
    sub, created = services.set_friend(alice, bob.journal, groupmask=4, fgcolor="#FF0000")
    assert created and sub.groupmask == 5 and sub.fgcolor == "#ff0000"
    sub, created = services.set_friend(alice, bob.journal, bgcolor="#00ff00")
    assert not created and sub.groupmask == 5 and sub.bgcolor == "#00ff00"


def test_unsubscribe(alice, bob):
    services.subscribe(bob, alice.journal)
    assert services.unsubscribe(bob, alice.journal) is True
    assert services.unsubscribe(bob, alice.journal) is False
    assert Event.objects.filter(kind="subscription.deleted").count() == 1


def test_only_the_owner_approves(alice, bob, charlie):
    alice.journal.is_private = True
    alice.journal.save()
    services.subscribe(bob, alice.journal)
    with pytest.raises(Forbidden):
        services.approve_subscription(charlie, alice.journal, bob)
    with pytest.raises(NotFound):
        services.approve_subscription(alice, alice.journal, charlie)
    assert services.approve_subscription(alice, alice.journal, bob, approve=False) is None
    assert not Subscription.objects.filter(user=bob).exists()


def test_friend_groups(alice):
    group = services.set_friend_group(alice, None, "  Work  ", sort_order=10, is_public=True)
    assert (group.bit, group.name, group.sort_order, group.is_public) == (1, "Work", 10, True)
    renamed = services.set_friend_group(alice, 1, "Office")
    assert renamed.pk == group.pk and renamed.name == "Office"
    for bad in (0, 31, "3"):
        with pytest.raises(InvalidInput):
            services.set_friend_group(alice, bad, "x")
    with pytest.raises(InvalidInput):
        services.set_friend_group(alice, 2, "")
    with pytest.raises(InvalidInput):
        services.set_friend_group(alice, 2, "n" * 41)
    for bit in range(2, 31):
        services.set_friend_group(alice, bit, f"g{bit}")
    with pytest.raises(Conflict):
        services.set_friend_group(alice, None, "one too many")
    assert FriendGroup.objects.filter(owner=alice).count() == 30


def test_set_groupmask_needs_a_friend(alice, bob):
    with pytest.raises(NotFound):
        services.set_friend_groupmask(alice, bob.journal, 2)


def test_bans_need_a_maintainer(alice, bob, charlie, pond):
    with pytest.raises(Forbidden):
        services.ban_user(bob, pond, charlie)
    with pytest.raises(Forbidden):
        services.ban_user(bob, alice.journal, charlie)
    services.ban_user(alice, alice.journal, charlie)
    assert services.unban_user(alice, alice.journal, charlie) is True
    kinds = list(Event.objects.filter(kind__startswith="ban.").values_list("kind", flat=True))
    assert kinds == ["ban.created", "ban.deleted"]


def test_banned_user_cannot_comment(alice, bob):
    entry = services.post_entry(alice, body="x")
    services.ban_user(alice, alice.journal, bob)
    with pytest.raises(Forbidden) as info:
        services.add_comment(bob, entry, "hi")
    assert info.value.code == "banned"


def test_community_lifecycle(alice, bob, charlie):
    comm = services.create_community(alice, "Knitters", title="Knitting")
    assert comm.name == "knitters" and comm.is_community
    assert Membership.objects.get(journal=comm, user=alice).role == "admin"
    with pytest.raises(Conflict):
        services.create_community(bob, "knitters")
    with pytest.raises(Conflict):
        services.create_community(bob, "alice")
    membership = services.join_community(bob, comm)
    assert membership.status == "active"
    assert Subscription.objects.filter(user=bob, journal=comm).exists()
    services.set_member_role(alice, comm, bob, "moderator")
    with pytest.raises(Conflict):
        services.set_member_role(alice, comm, alice, "member")  # last admin
    with pytest.raises(Forbidden):
        services.remove_member(charlie, comm, bob)
    assert services.remove_member(alice, comm, bob) is True
    assert not Subscription.objects.filter(user=bob, journal=comm).exists()


def test_moderated_community_needs_approval(alice, bob):
    comm = services.create_community(alice, "closed", moderated=True)
    assert services.join_community(bob, comm).status == "requested"
    entry = services.post_entry(alice, journal=comm, body="m", security="usemask", allowmask=1)
    from journal.visibility import can_see_entry

    assert not can_see_entry(bob, entry)
    services.approve_member(alice, comm, bob)
    assert can_see_entry(bob, entry)


def test_banned_user_cannot_join(alice, bob, pond, charlie):
    services.ban_user(alice, pond, charlie)
    with pytest.raises(Forbidden):
        services.join_community(charlie, pond)
    assert not Membership.objects.filter(user=charlie).exists()


def test_register_rules(db):
    user = services.register(" New-User ", "pw", email="n@example.org", name="New")
    assert user.username == "new_user" and user.journal.name == "new_user"
    assert user.check_password("pw")
    for bad in ("", "with space", "x" * 26, "ünï"):
        with pytest.raises(InvalidInput):
            services.register(bad, "pw")
    with pytest.raises(Conflict):
        services.register("NEW_USER", "pw")
    with pytest.raises(InvalidInput):
        services.register("other", "")


def test_remote_keys(alice):
    first = alice.remote_keys.get()
    second = services.add_remote_key(alice, "phone")
    with pytest.raises(Conflict):
        services.add_remote_key(alice, "phone")
    reset = services.reset_remote_key(alice, "default")
    assert reset.pk == first.pk and reset.key != first.key
    services.revoke_remote_key(alice, first.pk)
    services.revoke_remote_key(alice, second.pk)
    assert alice.remote_keys.count() == 1  # a user always keeps a key
    with pytest.raises(NotFound):
        services.revoke_remote_key(alice, 999999)


def test_password_change_records_event(alice):
    services.set_password(alice, "new secret")
    alice.refresh_from_db()
    assert alice.check_password("new secret")
    event = Event.objects.filter(kind="user.updated").latest("id")
    assert event.data == {"change": "password"}


def test_suspend_needs_staff(alice, bob):
    with pytest.raises(Forbidden):
        services.suspend(alice, bob)
    alice.is_superuser = True
    alice.save()
    services.suspend(alice, bob)
    bob.refresh_from_db()
    assert bob.is_suspended
    with pytest.raises(Forbidden):
        services.post_entry(bob, body="x")
    services.unsuspend(alice, bob)
    bob.refresh_from_db()
    assert not bob.is_suspended

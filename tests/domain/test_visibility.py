"""The visibility matrix: every security level × every viewer relation (DESIGN.md)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from journal import services
from journal.models import Entry, Subscription
from journal.visibility import can_see_entry, visible_entries

VIEWERS = ("alice", "bob", "charlie", "dave", "erin", "anonymous")
EVERYONE = set(VIEWERS)


def _alice_post(net, **kwargs):
    return services.post_entry(net["alice"], body="hello", **kwargs)


def _public(net, pond):
    return _alice_post(net)


def _private(net, pond):
    return _alice_post(net, security="private")


def _friends_only(net, pond):
    return _alice_post(net, security="usemask", allowmask=1)


def _close_friends_group(net, pond):
    return _alice_post(net, security="usemask", allowmask=1 << 1)


def _custom_no_groups(net, pond):
    return _alice_post(net, security="usemask", allowmask=0)


def _group_nobody_is_in(net, pond):
    services.set_friend_group(net["alice"], 5, "Empty group")
    return _alice_post(net, security="usemask", allowmask=1 << 5)


def _deleted_public(net, pond):
    entry = _alice_post(net)
    return services.delete_entry(net["alice"], entry)


def _direct_message_to_bob(net, pond):
    return _alice_post(net, direct_to=[net["bob"]])


def _private_journal_public_entry(net, pond):
    journal = net["alice"].journal
    journal.is_private = True
    journal.save()
    # dave's subscription is still a pending request: he sees nothing.
    Subscription.objects.filter(user=net["dave"], journal=journal).update(
        status=Subscription.Status.REQUESTED
    )
    return _alice_post(net)


def _community_public(net, pond):
    return services.post_entry(net["bob"], journal=pond, body="to the pond")


def _community_members_only(net, pond):
    return services.post_entry(
        net["bob"], journal=pond, body="members", security="usemask", allowmask=1
    )


def _community_private_by_admin(net, pond):
    return services.post_entry(net["alice"], journal=pond, body="admins", security="private")


def _banned_viewer_sees_public(net, pond):
    services.ban_user(net["alice"], net["alice"].journal, net["erin"])
    return _alice_post(net)


def _suspended_poster(net, pond):
    entry = services.post_entry(net["bob"], body="from bob")
    net["bob"].is_suspended = True
    net["bob"].save()
    return entry


def _bob_friends_only_trusting_alice(net, pond):
    # bob → alice exists; alice → bob also exists but that is alice trusting bob, not the reverse.
    return services.post_entry(net["bob"], body="bob's friends", security="usemask", allowmask=1)


MATRIX = {
    "public": (_public, EVERYONE),
    "private": (_private, {"alice"}),
    "friends_only": (_friends_only, {"alice", "bob", "charlie"}),
    "close_friends_group": (_close_friends_group, {"alice", "bob"}),
    "custom_no_groups": (_custom_no_groups, {"alice"}),
    "group_nobody_is_in": (_group_nobody_is_in, {"alice"}),
    "deleted_public": (_deleted_public, set()),
    "direct_message_to_bob": (_direct_message_to_bob, {"alice", "bob"}),
    "private_journal_public_entry": (_private_journal_public_entry, {"alice", "bob", "charlie"}),
    "community_public": (_community_public, EVERYONE),
    "community_members_only": (_community_members_only, {"alice", "bob"}),
    "community_private_by_admin": (_community_private_by_admin, {"alice"}),
    "banned_viewer_sees_public": (_banned_viewer_sees_public, EVERYONE),
    "suspended_poster": (_suspended_poster, set()),
    "bob_friends_only_trusting_alice": (_bob_friends_only_trusting_alice, {"alice", "bob"}),
}


@pytest.mark.parametrize("case", sorted(MATRIX))
def test_visibility_matrix(case, network, pond):
    make, expected = MATRIX[case]
    entry = make(network, pond)
    seen = set()
    for name in VIEWERS:
        viewer = AnonymousUser() if name == "anonymous" else network[name]
        # Anonymous arrives both as None (API doors) and as AnonymousUser (the website).
        viewer = None if name == "anonymous" and case.endswith("public") else viewer
        in_queryset = visible_entries(viewer).filter(pk=entry.pk).exists()
        assert in_queryset == can_see_entry(viewer, entry), (case, name)
        scoped = visible_entries(
            viewer, Entry.objects.filter(journal=entry.journal), journal=entry.journal
        )
        assert scoped.filter(pk=entry.pk).exists() == in_queryset, (case, name, "scoped")
        if in_queryset:
            seen.add(name)
    assert seen == expected, case


def test_trust_is_the_owners_edge_not_the_readers(network):
    """dave subscribing to alice grants him nothing; alice trusting erin does."""
    alice, dave, erin = network["alice"], network["dave"], network["erin"]
    entry = services.post_entry(alice, body="friends", security="usemask", allowmask=1)
    assert not can_see_entry(dave, entry)
    assert not can_see_entry(erin, entry)
    services.set_friend(alice, erin.journal)
    assert can_see_entry(erin, entry)


def test_removing_a_friend_from_a_group_hides_group_entries(network, close_friends):
    alice, bob = network["alice"], network["bob"]
    entry = services.post_entry(
        alice, body="close", security="usemask", allowmask=close_friends.mask
    )
    assert can_see_entry(bob, entry)
    services.set_friend_groupmask(alice, bob.journal, 1)
    assert not can_see_entry(bob, entry)


def test_deleting_a_group_clears_its_bit(network, close_friends):
    alice, bob = network["alice"], network["bob"]
    entry = services.post_entry(
        alice, body="close", security="usemask", allowmask=close_friends.mask
    )
    services.delete_friend_group(alice, close_friends.bit)
    assert not can_see_entry(bob, entry)
    assert Subscription.objects.get(user=alice, journal=bob.journal).groupmask == 1


def test_approving_a_request_reveals_a_private_journal(network):
    alice, erin = network["alice"], network["erin"]
    alice.journal.is_private = True
    alice.journal.save()
    entry = services.post_entry(alice, body="for approved readers")
    sub = services.subscribe(erin, alice.journal)
    assert sub.status == "requested"
    assert not can_see_entry(erin, entry)
    services.approve_subscription(alice, alice.journal, erin)
    assert can_see_entry(erin, entry)


def test_leaving_a_community_hides_members_only_entries(network, pond):
    bob = network["bob"]
    entry = services.post_entry(
        network["alice"], journal=pond, body="members", security="usemask", allowmask=1
    )
    assert can_see_entry(bob, entry)
    services.leave_community(bob, pond)
    assert not can_see_entry(bob, entry)


def test_undelete_restores_visibility(network):
    alice, bob = network["alice"], network["bob"]
    entry = services.post_entry(alice, body="oops")
    services.delete_entry(alice, entry)
    assert not can_see_entry(bob, entry)
    services.undelete_entry(alice, entry)
    assert can_see_entry(bob, entry)


def test_a_new_group_reusing_a_deleted_bit_sees_no_old_entries(network, close_friends):
    alice, charlie = network["alice"], network["charlie"]
    entry = services.post_entry(alice, body="old", security="usemask", allowmask=close_friends.mask)
    services.delete_friend_group(alice, close_friends.bit)
    reused = services.set_friend_group(alice, close_friends.bit, "New group")
    services.set_friend_groupmask(alice, charlie.journal, 1 | reused.mask)
    assert not can_see_entry(charlie, entry)
    entry.refresh_from_db()
    assert entry.allowmask == 0

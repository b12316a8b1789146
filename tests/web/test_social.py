"""Profile, friends management, friend groups and communities."""

from __future__ import annotations

from django.test import Client

from journal import services
from journal.models import FriendGroup, Membership, Subscription


def texts(response) -> str:
    return response.content.decode()


def test_profile_lists_friends_friend_of_and_communities(network, pond, client_for):
    html = texts(Client().get("/alice/profile"))
    assert "Alice Liddell" in html
    assert "Friends (2)" in html  # bob, charlie
    assert "Friend of (3)" in html  # bob, charlie, dave
    assert 'href="/pond"' in html
    assert Client().get("/nobody/profile").status_code == 404


def test_subscribe_and_unsubscribe_from_profile(network, client_for):
    erin = network["erin"]
    client = client_for(erin)
    assert "Add as friend" in texts(client.get("/alice/profile"))
    client.post("/alice/subscribe")
    assert Subscription.objects.filter(user=erin, journal__name="alice").exists()
    assert "Remove from friends" in texts(client.get("/alice/profile"))
    client.post("/alice/unsubscribe")
    assert not Subscription.objects.filter(user=erin, journal__name="alice").exists()


def test_private_journal_subscription_is_a_request_until_approved(network, client_for):
    alice, erin = network["alice"], network["erin"]
    services.update_journal(alice, alice.journal, is_private=True)
    services.post_entry(alice, body="members only words")
    client = client_for(erin)
    assert "Ask to read" in texts(client.get("/alice/profile"))
    client.post("/alice/subscribe")
    sub = Subscription.objects.get(user=erin, journal=alice.journal)
    assert sub.status == "requested"
    assert "members only words" not in texts(client.get("/alice"))
    owner = client_for(alice)
    assert "erin" in texts(owner.get("/friends"))
    owner.post("/erin/approve")
    sub.refresh_from_db()
    assert sub.status == "subscribed"
    assert "members only words" in texts(client.get("/alice"))


def test_friends_page_add_and_remove(network, client_for):
    client = client_for(network["erin"])
    response = client.post("/friends", {"add-username": "Bob"})
    assert response.status_code == 302
    assert Subscription.objects.filter(user=network["erin"], journal__name="bob").exists()
    response = client.post("/friends", {"add-username": "ghost"})
    assert "There is no journal with that name." in texts(response)
    response = client.post("/friends", {"add-username": "erin"})
    assert "cannot subscribe to yourself" in texts(response)
    client.post("/bob/unsubscribe", {"next": "/friends"})
    assert not Subscription.objects.filter(user=network["erin"], journal__name="bob").exists()


def test_friend_groups_create_rename_reorder_public_delete(network, client_for):
    alice = network["alice"]
    client = client_for(alice)
    client.post("/friends/groups", {"new-name": "Family"})
    client.post("/friends/groups", {"new-name": "Work", "new-is_public": "on"})
    family = FriendGroup.objects.get(owner=alice, name="Family")
    work = FriendGroup.objects.get(owner=alice, name="Work")
    assert work.is_public
    response = client.post("/friends/groups", {"new-name": ""})
    assert "This field is required" in texts(response)
    client.post(
        f"/friends/groups/{family.bit}", {"action": "save", "name": "Kin", "sort_order": "5"}
    )
    family.refresh_from_db()
    assert (family.name, family.sort_order) == ("Kin", 5)
    client.post(f"/friends/groups/{work.bit}", {"action": "up"})  # above Close friends
    client.post(f"/friends/groups/{work.bit}", {"action": "up"})  # above Kin
    names = [g.name for g in FriendGroup.objects.filter(owner=alice)]
    assert names.index("Work") < names.index("Kin")
    client.post(f"/friends/groups/{work.bit}", {"action": "delete"})
    assert not FriendGroup.objects.filter(pk=work.pk).exists()


def test_group_membership(network, close_friends, client_for):
    alice = network["alice"]
    client = client_for(alice)
    html = texts(client.get("/friends"))
    assert "Close friends" in html
    client.post("/charlie/groups", {"groups": [str(close_friends.bit)]})
    sub = Subscription.objects.get(user=alice, journal__name="charlie")
    assert sub.groupmask == 1 | close_friends.mask
    client.post("/charlie/groups", {})
    sub.refresh_from_db()
    assert sub.groupmask == 1


def test_community_create_join_leave_and_members(network, client_for):
    alice, bob, charlie = network["alice"], network["bob"], network["charlie"]
    client = client_for(alice)
    response = client.post("/communities", {"name": "Lake", "title": "The Lake"})
    assert response["Location"] == "/lake"
    assert Membership.objects.get(user=alice, journal__name="lake").role == "admin"
    response = client.post("/communities", {"name": "lake"})
    assert "already taken" in texts(response)
    client_for(bob).post("/lake/join")
    assert Membership.objects.filter(user=bob, journal__name="lake", status="active").exists()
    members = texts(Client().get("/lake/members"))
    assert "bob" in members and "admin" in members
    assert members.index('href="/alice"') < members.index('href="/bob"')  # admins first
    client.post("/lake/members/bob", {"action": "role", "role": "moderator"})
    assert Membership.objects.get(user=bob, journal__name="lake").role == "moderator"
    # Non-maintainers cannot manage.
    client_for(charlie).post("/lake/join")
    client_for(charlie).post("/lake/members/bob", {"action": "remove"})
    assert Membership.objects.filter(user=bob, journal__name="lake").exists()
    client_for(bob).post("/lake/unsubscribe")
    assert not Membership.objects.filter(user=bob, journal__name="lake").exists()


def test_moderated_community_requests(network, client_for):
    alice, bob = network["alice"], network["bob"]
    services.create_community(alice, "club", moderated=True)
    client_for(bob).post("/club/join")
    assert Membership.objects.get(user=bob, journal__name="club").status == "requested"
    html = texts(client_for(alice).get("/club/members"))
    assert "Requests to join" in html
    client_for(alice).post("/club/members/bob", {"action": "approve"})
    assert Membership.objects.get(user=bob, journal__name="club").status == "active"


def test_community_page_shows_posts_to_it(pond, network, client_for):
    services.post_entry(network["bob"], journal=pond, body="splash")
    services.post_entry(
        network["bob"], journal=pond, body="members splash", security="usemask", allowmask=1
    )
    assert "splash" in texts(Client().get("/pond"))
    assert "members splash" not in texts(Client().get("/pond"))
    assert "members splash" in texts(client_for(network["alice"]).get("/pond"))
    assert "members splash" not in texts(client_for(network["charlie"]).get("/pond"))

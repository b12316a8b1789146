"""/theme/<id> (GET) and /theme (POST)."""

from __future__ import annotations


def test_set_and_get_custom_theme(alice, ff):
    data = ff(alice).json(
        "post", "/theme", {"theme": "custom", "bg": "FF0000", "box": "00ff00", "bar": "0000FF"}
    )
    assert data == {
        "id": "alice",
        "theme": "custom",
        "bg": "ff0000",
        "box": "00ff00",
        "bar": "0000ff",
    }
    assert ff().json("get", "/theme/alice") == data


def test_named_theme(alice, ff):
    assert ff(alice).json("post", "/theme", {"theme": "default"})["theme"] == "default"


def test_theme_errors(alice, bob, pond, ff):
    assert ff(alice).json("post", "/theme", status=400) == {"errorCode": "theme-required"}
    assert ff(alice).json("post", "/theme", {"theme": "nope"}, status=400) == {
        "errorCode": "bad-theme"
    }
    assert ff(alice).json("post", "/theme", {"theme": "custom", "bg": "red"}, status=400)
    assert ff(bob).json("post", "/theme", {"theme": "default", "feed": "pond"}, status=403)
    assert ff().json("get", "/theme/ghost", status=404) == {"errorCode": "feed-not-found"}
    alice.journal.refresh_from_db()
    assert alice.journal.theme == "default"


def test_every_theme_the_page_names_is_accepted(alice, ff):
    names = "default fresh bluewave knot steampunk orion helvetica grasslands bamboo flowers"
    for name in (*names.split(), "butterfly", "duckhunt"):
        assert ff(alice).json("post", "/theme", {"theme": name})["theme"] == name


def test_tile_is_kept_with_a_custom_theme(alice, ff):
    """The page: `tile=1 - optional - Set to 1 if the background picture should tile.`"""
    data = ff(alice).json("post", "/theme", {"theme": "custom", "bg": "FF0000", "tile": "1"})
    assert data["tile"] is True
    assert ff().json("get", "/theme/alice")["tile"] is True
    # Omitted, it stays (as the background picture does); tile=0 clears it.
    assert ff(alice).json("post", "/theme", {"theme": "custom", "bg": "00FF00"})["tile"] is True
    assert "tile" not in ff(alice).json("post", "/theme", {"theme": "custom", "tile": "0"})
    assert "tile" not in ff(alice).json("post", "/theme", {"theme": "default", "tile": "1"})

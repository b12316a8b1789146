"""The website's routes (journal pages, entries, friends, settings)."""

urlpatterns: list = []

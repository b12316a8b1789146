"""LiveJournal door routes (exact paths, no trailing slash)."""

urlpatterns: list = []

"""The protocol doors: api.livejournal (flat + XML-RPC) and api.friendfeed (DRF)."""

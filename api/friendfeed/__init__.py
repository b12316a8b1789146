"""The FriendFeed API v2 door (DRF): feeds, writes, OAuth, formats, real-time updates."""

"""OAuth 1.0a provider (FriendFeed's flows, built on oauthlib) and the OAuth 2 routes."""

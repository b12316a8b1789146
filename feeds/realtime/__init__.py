"""Real-time updates: cursors into the event log, wake-ups, and reading what changed.

The event log (journal.models.Event) is the truth; a cursor is a position in it; a wake-up
("feed key X changed") only tells a waiting request to look again. A lost wake-up costs
latency, never data.
"""

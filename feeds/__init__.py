"""How writing is gathered and delivered: feeds, search, the event log, real time."""

"""The LiveJournal door: flat and XML-RPC protocols, LJ auth, the console."""

"""LiveJournal's numbered protocol errors: one exception type, rendered by each door.

Flat: `errmsg` = prefix + text [+ ": detail"] (spec §1.4). XML-RPC: a fault whose faultCode
is the number and faultString the same prefixed text.
"""

from __future__ import annotations

TEXTS: dict[int, str] = {
    100: "Invalid username",
    101: "Invalid password",
    102: "Can't use custom/private security on shared/community journals.",
    103: "Poll error",
    104: "Error adding one or more friends",
    105: "Challenge expired",
    106: "Can only use administrator-locked security on community journals you manage.",
    150: "Can't post as non-user",
    151: "Banned from journal",
    152: "Can't make back-dated entries in non-personal journal.",
    153: "Incorrect time value",
    154: "Can't add a redirected account as a friend",
    155: "Non-authenticated email address",
    157: "Tags error",
    200: "Missing required argument(s)",
    201: "Unknown method",
    202: "Too many arguments",
    203: "Invalid argument(s)",
    204: "Invalid metadata datatype",
    205: "Unknown metadata",
    206: "Invalid destination journal username.",
    207: "Protocol version mismatch",
    208: "Invalid text encoding",
    209: "Parameter out of range",
    210: "Client tried to edit with corrupt data.  Preventing.",
    211: "Invalid or malformed tag list",
    300: "Don't have access to requested journal",
    301: "Access of restricted feature",
    302: "Can't edit post from requested journal",
    303: "Can't edit post in community journal",
    304: "Can't delete post in this community journal",
    305: "Action forbidden; account is suspended.",
    306: "This journal is temporarily in read-only mode.  Try again in a couple minutes.",
    307: "Selected journal no longer exists.",
    308: "Account is locked and cannot be used.",
    309: "Account is marked as a memorial.",
    311: "Access temporarily disabled.",
    312: "Not allowed to add tags to entries in this journal",
    313: "Must use existing tags for entries in this journal (can't create new ones)",
    402: "Your IP address is temporarily banned for exceeding the login failure rate.",
    404: "Cannot post",
    405: "Post frequency limit.",
    406: "Client is making repeated requests.  Perhaps it's broken?",
    407: "Moderation queue full",
    408: "Maximum queued posts for this community+poster combination reached.",
    409: "Post too large.",
    411: "Subject too long.",
    500: "Internal server error",
    501: "Database error",
    502: "Database temporarily unavailable",
    503: "Error obtaining necessary database lock",
    504: "Protocol mode no longer supported.",
}


class LJError(Exception):
    """A numbered protocol error with an optional detail string."""

    def __init__(self, code: int, detail: str = ""):
        super().__init__(code, detail)
        self.code = code
        self.detail = detail

    @property
    def text(self) -> str:
        """The error text with LiveJournal's prefix rules (§1.4), as both doors send it."""
        message = TEXTS.get(self.code, "Unknown error")
        if self.detail:
            message = f"{message}: {self.detail}"
        if self.code < 200:
            return message
        if self.code < 500:
            return f"Client error: {message}"
        return f"Server error: {message}"

    def __str__(self) -> str:
        return self.text


class DispatchError(Exception):
    """Errors the flat dispatcher reports with exact texts outside the numbered table."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text

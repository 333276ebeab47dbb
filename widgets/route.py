"""Which page the workbook shows when no assessment is open, read from and written to the
page's address."""

from __future__ import annotations

from dataclasses import dataclass

PAGES = ("start", "join", "facilitate", "present", "new_session", "case", "trainer", "me")


@dataclass(frozen=True)
class Route:
    """``page`` is one of ``PAGES``; ``code`` is the join code (join, facilitate, present:
    the projector's presentation), the case id (case) or a member's personal-link token
    (me: ``sessions.personal_link_token``), empty otherwise. An open
    assessment is the state's, not the route's."""

    page: str = "start"
    code: str = ""

    def __post_init__(self) -> None:
        if self.page not in PAGES:
            raise ValueError(f"no page {self.page!r}; pages: {', '.join(PAGES)}")

    @classmethod
    def from_query(cls, query: dict[str, str]) -> Route:
        """The route an address asks for (``read_query``'s keys), the start page if none."""
        if "join" in query:
            return cls("join", query["join"])
        if "facilitate" in query:
            return cls("facilitate", query["facilitate"])
        if "present" in query:
            return cls("present", query["present"])
        if query.get("new") == "session":
            return cls("new_session")
        if "case" in query:
            return cls("case", query["case"])
        if "trainer" in query:
            return cls("trainer")
        if "me" in query:
            return cls("me", query["me"])
        return cls()

    def query(self) -> dict[str, str]:
        """The address keys that open this route again."""
        return {"start": {}, "join": {"join": self.code},
                "facilitate": {"facilitate": self.code}, "present": {"present": self.code},
                "new_session": {"new": "session"},
                "case": {"case": self.code}, "trainer": {"trainer": "1"},
                "me": {"me": self.code}}[self.page]

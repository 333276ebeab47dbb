"""The group-session pages: join, create, the facilitator's live view, and a member's view
of the group once revealed."""

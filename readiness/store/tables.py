"""The store's tables. Each migration creates the tables it names (see migrations.py)."""

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_info = Table(
    "schema_info",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)

assessments = Table(
    "assessments",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("framework_id", String(100), nullable=False),
    Column("framework_version", String(40), nullable=False),
    Column("project", String(200), nullable=False),
    Column("area", String(200), nullable=False),
    Column("role", String(40), nullable=False),
    Column("language", String(8), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

answers = Table(
    "answers",
    metadata,
    Column("assessment_id", String(64), ForeignKey("assessments.id", ondelete="CASCADE"),
           primary_key=True),
    Column("question_id", String(120), primary_key=True),
    Column("value", String(60), nullable=False),
    Column("answered_at", DateTime(timezone=True), nullable=False),
    # Added by schema version 7 (ALTER TABLE on older stores, filled from the assessment's
    # framework version): the version of the framework the answer was checked against.
    Column("framework_version", String(40), nullable=True),
)

notes = Table(
    "notes",
    metadata,
    Column("assessment_id", String(64), ForeignKey("assessments.id", ondelete="CASCADE"),
           primary_key=True),
    Column("dimension_id", String(120), primary_key=True),
    Column("text", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# -- schema version 2: group sessions -------------------------------------------------------

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("join_code", String(16), nullable=False, unique=True),
    Column("facilitator_key_hash", String(64), nullable=False),
    Column("framework_id", String(100), nullable=False),
    Column("framework_version", String(40), nullable=False),
    Column("project", String(200), nullable=False),
    Column("area", String(200), nullable=False),
    Column("language", String(8), nullable=False),
    Column("round", String(60), nullable=False),
    Column("is_open", Boolean, nullable=False),
    Column("revealed", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

session_members = Table(
    "session_members",
    metadata,
    Column("assessment_id", String(64), ForeignKey("assessments.id", ondelete="CASCADE"),
           primary_key=True),
    Column("session_id", String(64), ForeignKey("sessions.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("display_name", String(80), nullable=False),
    Column("joined_at", DateTime(timezone=True), nullable=False),
)

# -- schema version 3: training cases -------------------------------------------------------

case_links = Table(
    "case_links",
    metadata,
    # An assessment answered as a case exercise, or a session run on a case.
    Column("owner_id", String(64), primary_key=True),
    Column("case_id", String(100), nullable=False),
)

# -- schema version 4: action plans ---------------------------------------------------------

PLAN_OF_ASSESSMENT = "assessment"
PLAN_OF_SESSION = "session"

plan_items = Table(
    "plan_items",
    metadata,
    # One row per action a plan takes on. A plan belongs to an assessment (plan_kind
    # "assessment") or to a group session ("session"), whose id is plan_id: the kind is part
    # of the key because an imported assessment may carry any id, a session's too.
    Column("plan_kind", String(16), primary_key=True),
    Column("plan_id", String(64), primary_key=True),
    Column("action_id", String(120), primary_key=True),
    Column("owner", String(200), nullable=False),  # who: free text, may be empty
    Column("due", String(200), nullable=False),  # by when: free text ("before summer")
    Column("status", String(16), nullable=False),  # planned, in_progress, done, dropped
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# -- schema version 5: case exercises handed out, and their trainees ------------------------

case_exercises = Table(
    "case_exercises",
    metadata,
    # An exercise a trainer handed out on a training case: its id is the code in the link.
    Column("id", String(16), primary_key=True),
    Column("case_id", String(100), nullable=False, index=True),
    Column("release", String(16), nullable=False),  # "trainer" or "finished"
    Column("released", Boolean, nullable=False),  # the trainer has released the reveal
    Column("created_at", DateTime(timezone=True), nullable=False),
)

case_trainees = Table(
    "case_trainees",
    metadata,
    # A trainee's assessment on a case answered alone: the exercise handed out (none on a
    # case's plain link), the name the trainee gave, and when they said they had finished.
    Column("assessment_id", String(64), ForeignKey("assessments.id", ondelete="CASCADE"),
           primary_key=True),
    Column("exercise_id", String(16), nullable=True, index=True),
    Column("display_name", String(80), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
)

# -- schema version 6: members followed across a project's rounds ---------------------------

member_keys = Table(
    "member_keys",
    metadata,
    # A group session's member followed into a later round of its project: each round's
    # assessment of the same person carries the same random key (never shown), so reports
    # give them the same respondent number. A member without a row is in one round only.
    Column("assessment_id", String(64), ForeignKey("assessments.id", ondelete="CASCADE"),
           primary_key=True),
    Column("member_key", String(32), nullable=False, index=True),
)

# -- schema version 8: a member's personal link -------------------------------------------------

member_links = Table(
    "member_links",
    metadata,
    # A member's personal link: the hash of its secret token (the token itself is never
    # stored) and the member key it opens. Starting afresh deletes the key's rows.
    Column("token_hash", String(64), primary_key=True),
    Column("member_key", String(32), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

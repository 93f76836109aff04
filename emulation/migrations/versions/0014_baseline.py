"""baseline: the whole schema at revision 0014, made from an empty database

Replaces the fourteen migrations 0001-0014 of the releases before 2026-12, and creates exactly what they
created together (tables, columns, server defaults, named constraints and indexes, the append-only
triggers). A database already at 0014 stays at head and upgrades on from here; a database at an older
revision must first be upgraded to 0014 with such a release. Those migrations also filled in data derived
from existing rows (people's folded names and name words, first placements); an empty database has none,
and the title catalogue is written by `emulation init-db` (storage.schema.sync_titles), not here.
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = None

# A frozen copy of emulation.extensions.NAMING_CONVENTION: a migration must not change when the app does.
META = sa.MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})
APPEND_ONLY = ('audit_events', 'result_snapshots', 'result_snapshot_parts')
TASK_RATING = "task_rating IS NULL OR task_rating IN ('HTXS', 'HTT', 'HT', 'KHT')"
ONE_OF_THREE = ('(CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN collective_id IS NULL THEN 0 ELSE 1 END)'
                ' + (CASE WHEN unit_id IS NULL THEN 0 ELSE 1 END) = 1')


def col(name, type_, null=False, **options):
    """A column, NOT NULL unless null=True."""
    return sa.Column(name, type_, nullable=null, **options)


def ref(name, target, ondelete, null=False, ix=False, type_=sa.Integer):
    """A column referring to target ('table.column'), indexed when ix=True."""
    return sa.Column(name, type_, sa.ForeignKey(target, ondelete=ondelete), nullable=null, index=ix)


def table(name, *items, key=('id', sa.Integer)):
    """A table of META whose first column, the primary key, is key (name, type); key=None: none added."""
    first = (sa.Column(key[0], key[1], primary_key=True),) if key else ()
    return sa.Table(name, META, *first, *items)


def check(condition, name):
    """A CHECK constraint, named ck_<table>_<name>."""
    return sa.CheckConstraint(condition, name=name)


table('blocs', col('code', sa.String(40), unique=True), col('name', sa.String(300)))
table('titles',
      col('name', sa.String(300)), col('name_en', sa.String(300)), col('level', sa.String(20)),
      check("level IN ('individual', 'collective', 'unit')", 'level'),
      key=('code', sa.String(40)))
table('emulation_years',
      ref('bloc_id', 'blocs.id', 'RESTRICT', ix=True), col('year', sa.Integer), col('state', sa.String(20)),
      col('review_on', sa.Date, null=True), col('agreement_name', sa.String(300)),
      col('agreement_source', sa.String(300)), col('total_max', sa.Float), col('unit_group', sa.String(40)),
      col('grading', sa.JSON, null=True), col('conferral', sa.JSON, null=True),
      check("state IN ('open', 'locked', 'published')", 'state'), check('year BETWEEN 1945 AND 2200', 'year'),
      sa.UniqueConstraint('bloc_id', 'year'))
table('units',
      col('code', sa.String(40), unique=True), col('name', sa.String(300)), col('short_name', sa.String(120)),
      col('plugin', sa.String(200)), ref('bloc_id', 'blocs.id', 'RESTRICT', ix=True),
      col('closed_on', sa.Date, null=True), col('version', sa.Integer, server_default='1'))
table('collectives',
      col('code', sa.String(40), unique=True), col('name', sa.String(300)),
      ref('unit_id', 'units.id', 'RESTRICT', ix=True), col('closed_on', sa.Date, null=True),
      ref('merged_into_id', 'collectives.id', 'SET NULL', null=True), col('version', sa.Integer, server_default='1'))
table('score_sheets',
      ref('year_id', 'emulation_years.id', 'CASCADE', ix=True), ref('unit_id', 'units.id', 'RESTRICT', ix=True),
      col('state', sa.String(20)), col('version', sa.Integer),
      check("state IN ('draft', 'submitted', 'returned', 'reviewed', 'locked')", 'state'),
      sa.UniqueConstraint('year_id', 'unit_id'))
table('signed_criteria',
      ref('year_id', 'emulation_years.id', 'CASCADE', ix=True),
      ref('unit_id', 'units.id', 'RESTRICT', null=True, ix=True),
      col('code', sa.String(40)), col('parent_code', sa.String(40), null=True), col('kind', sa.String(20)),
      col('name', sa.String(500)), col('max_points', sa.Float), col('target', sa.Float, null=True),
      col('position', sa.Integer), col('spec', sa.JSON),
      check("kind IN ('group', 'points', 'plan', 'count', 'pass_fail', 'bonus', 'deduction', 'banded')", 'kind'),
      check('max_points > 0', 'max_points'),
      sa.UniqueConstraint('year_id', 'code'))
table('users',
      col('username', sa.String(80), unique=True), col('password_hash', sa.String(255)), col('role', sa.String(20)),
      ref('unit_id', 'units.id', 'RESTRICT', null=True), col('active', sa.Boolean),
      ref('bloc_id', 'blocs.id', 'RESTRICT', null=True),
      col('must_change_password', sa.Boolean, server_default=sa.false()),
      col('version', sa.Integer, server_default='1'),
      check("role IN ('secretariat', 'reviewer', 'unit_head', 'viewer', 'board')", 'role'),
      check("role <> 'unit_head' OR unit_id IS NOT NULL", 'unit_head_has_unit'),
      check("role <> 'unit_head' OR bloc_id IS NULL", 'unit_head_bloc_from_unit'))
table('collective_facts',
      ref('year_id', 'emulation_years.id', 'CASCADE', ix=True),
      ref('collective_id', 'collectives.id', 'CASCADE', ix=True),
      col('task_rating', sa.String(8), null=True), col('plan_completed', sa.Boolean), col('version', sa.Integer),
      check(TASK_RATING, 'task_rating'),
      sa.UniqueConstraint('year_id', 'collective_id'))
table('people',
      col('code', sa.String(40), unique=True), col('full_name', sa.String(200)), col('position', sa.String(200)),
      ref('unit_id', 'units.id', 'RESTRICT', ix=True),
      ref('collective_id', 'collectives.id', 'SET NULL', null=True, ix=True),
      col('recruited_on', sa.Date, null=True), col('name_key', sa.String(200), server_default='', index=True),
      col('birth_date', sa.Date, null=True), col('gender', sa.String(10), null=True),
      col('employment', sa.String(20), null=True), col('left_on', sa.Date, null=True),
      col('departure', sa.String(20), null=True), col('version', sa.Integer, server_default='1'),
      check("gender IS NULL OR gender IN ('female', 'male')", 'gender'),
      check("employment IS NULL OR employment IN ('civil_servant', 'public_employee', 'employee')", 'employment'),
      check("departure IS NULL OR departure IN ('retired', 'transferred_out', 'resigned', 'dismissed', 'deceased')",
            'departure'),
      check('(departure IS NULL) = (left_on IS NULL)', 'departure_dated'))
table('score_lines',
      ref('sheet_id', 'score_sheets.id', 'CASCADE', ix=True),
      ref('criterion_id', 'signed_criteria.id', 'CASCADE', ix=True),
      col('self_value', sa.Float, null=True), col('reviewed_value', sa.Float, null=True),
      col('review_state', sa.String(20)), col('reason', sa.Text), col('comment', sa.Text), col('evidence', sa.Text),
      col('version', sa.Integer), col('entered_by', sa.String(80), server_default=''),
      check("review_state IN ('pending', 'accepted', 'adjusted', 'returned')", 'review_state'),
      check("review_state <> 'adjusted' OR length(reason) > 0", 'adjusted_has_reason'),
      check('self_value IS NULL OR self_value >= 0', 'self_value'),
      check('reviewed_value IS NULL OR reviewed_value >= 0', 'reviewed_value'),
      sa.UniqueConstraint('sheet_id', 'criterion_id'))
table('panel_scores',
      ref('sheet_id', 'score_sheets.id', 'CASCADE', ix=True),
      ref('criterion_id', 'signed_criteria.id', 'CASCADE', ix=True),
      col('scorer', sa.String(80)), col('value', sa.Float), col('entered_by', sa.String(80)),
      col('version', sa.Integer),
      check('value >= 0', 'value'),
      sa.UniqueConstraint('sheet_id', 'criterion_id', 'scorer'))
table('decisions',
      ref('bloc_id', 'blocs.id', 'RESTRICT', null=True, ix=True),
      ref('unit_id', 'units.id', 'RESTRICT', null=True, ix=True),
      col('year', sa.Integer, index=True), col('number', sa.String(60)), col('signed_on', sa.Date, null=True),
      col('level', sa.String(20)), col('signer', sa.String(200)), col('signer_title', sa.String(200)),
      col('note', sa.Text),
      check("level IN ('unit', 'bloc', 'ministry', 'province', 'government', 'state')", 'level'),
      check('year BETWEEN 1945 AND 2200', 'year'))
table('awards',
      col('year', sa.Integer, index=True), ref('title_code', 'titles.code', 'RESTRICT', type_=sa.String(40)),
      ref('person_id', 'people.id', 'CASCADE', null=True, ix=True),
      ref('collective_id', 'collectives.id', 'CASCADE', null=True, ix=True),
      ref('unit_id', 'units.id', 'CASCADE', null=True, ix=True),
      ref('decision_id', 'decisions.id', 'RESTRICT', null=True, ix=True),
      check(ONE_OF_THREE, 'one_holder'), check('year BETWEEN 1945 AND 2200', 'year'),
      sa.UniqueConstraint('year', 'title_code', 'person_id', 'collective_id', 'unit_id'))
table('person_facts',
      ref('year_id', 'emulation_years.id', 'CASCADE', ix=True), ref('person_id', 'people.id', 'CASCADE', ix=True),
      col('task_rating', sa.String(8), null=True), col('discipline', sa.String(20), null=True),
      col('initiatives', sa.Integer), col('research_accepted', sa.Boolean),
      col('provincial_initiative', sa.Boolean), col('months_not_counted', sa.Integer), col('version', sa.Integer),
      check(TASK_RATING, 'task_rating'),
      check("discipline IS NULL OR discipline IN ('khien_trach', 'canh_cao', 'ha_bac_luong', 'giang_chuc', "
            "'cach_chuc', 'buoc_thoi_viec')", 'discipline'),
      check('initiatives >= 0', 'initiatives'), check('months_not_counted BETWEEN 0 AND 12', 'months_not_counted'),
      sa.UniqueConstraint('year_id', 'person_id'))
table('registrations',
      ref('year_id', 'emulation_years.id', 'CASCADE', ix=True),
      ref('title_code', 'titles.code', 'RESTRICT', type_=sa.String(40)),
      ref('person_id', 'people.id', 'CASCADE', null=True, ix=True),
      ref('collective_id', 'collectives.id', 'CASCADE', null=True, ix=True),
      col('version', sa.Integer),
      check('(person_id IS NULL) <> (collective_id IS NULL)', 'one_registrant'),
      sa.UniqueConstraint('year_id', 'person_id', 'title_code'),
      sa.UniqueConstraint('year_id', 'collective_id', 'title_code'))
table('audit_events',
      col('at', sa.DateTime), col('user_id', sa.Integer, null=True), col('actor', sa.String(80)),
      col('bloc', sa.String(40), null=True), col('year', sa.Integer, null=True), col('kind', sa.String(20)),
      col('key', sa.String(300)), col('action', sa.String(20)), col('before', sa.JSON, null=True),
      col('after', sa.JSON, null=True), col('reason', sa.Text),
      sa.Index('ix_audit_events_entity', 'kind', 'key'), sa.Index('ix_audit_events_year', 'bloc', 'year'))
table('result_snapshots',
      ref('year_id', 'emulation_years.id', 'RESTRICT', ix=True), col('version', sa.Integer),
      col('results', sa.JSON), col('rule_set', sa.String(40)), col('inputs_hash', sa.String(64)),
      col('created_at', sa.DateTime), col('created_by', sa.String(80)),
      check('version >= 1', 'version'),
      sa.UniqueConstraint('year_id', 'version'))
table('result_snapshot_parts',
      ref('snapshot_id', 'result_snapshots.id', 'RESTRICT', ix=True), col('unit_code', sa.String(40)),
      col('results', sa.JSON),
      sa.UniqueConstraint('snapshot_id', 'unit_code'))
table('sign_in_failures',
      col('username', sa.String(80)), col('address', sa.String(64)), col('at', sa.DateTime),
      sa.Index('ix_sign_in_failures_username_address_at', 'username', 'address', 'at'),
      sa.Index('ix_sign_in_failures_address_at', 'address', 'at'))
table('user_sessions',
      ref('user_id', 'users.id', 'CASCADE', ix=True), col('created_at', sa.DateTime),
      col('last_seen_at', sa.DateTime),
      key=('id', sa.String(64)))
table('leave_periods',
      ref('person_id', 'people.id', 'CASCADE', ix=True), col('kind', sa.String(20)), col('starts_on', sa.Date),
      col('ends_on', sa.Date, null=True), col('note', sa.Text), col('version', sa.Integer),
      check("kind IN ('maternity', 'sick', 'study', 'unpaid', 'secondment')", 'kind'),
      check('ends_on IS NULL OR ends_on >= starts_on', 'dates'))
table('placements',
      ref('person_id', 'people.id', 'CASCADE', ix=True), col('starts_on', sa.Date), col('kind', sa.String(20)),
      ref('unit_id', 'units.id', 'RESTRICT', ix=True), ref('collective_id', 'collectives.id', 'SET NULL', null=True),
      col('position', sa.String(200)), col('note', sa.Text),
      check("kind IN ('recruited', 'transfer', 'position', 'imported')", 'kind'))
# Words are compared byte by byte on PostgreSQL, so a search by a word's beginning is a range of the index.
table('person_name_words',
      ref('person_id', 'people.id', 'CASCADE'),
      col('word', sa.String(200).with_variant(sa.String(200, collation='C'), 'postgresql')),
      sa.PrimaryKeyConstraint('person_id', 'word'), sa.Index('ix_person_name_words_word', 'word', 'person_id'),
      key=None)
sessions = table('council_sessions',
                 ref('year_id', 'emulation_years.id', 'CASCADE', ix=True),
                 ref('unit_id', 'units.id', 'CASCADE', null=True, ix=True),
                 col('held_on', sa.Date), col('place', sa.String(300)), col('version', sa.Integer))
# One session per council and year; the bloc's council has no unit (NULL), so the index reads it as 0.
sa.Index('uq_council_sessions_council', sessions.c.year_id, sa.func.coalesce(sessions.c.unit_id, 0), unique=True)
table('council_members',
      ref('session_id', 'council_sessions.id', 'CASCADE', ix=True), col('position', sa.Integer),
      col('name', sa.String(200)), col('role', sa.String(200)), col('present', sa.Boolean))
table('council_ballots',
      ref('session_id', 'council_sessions.id', 'CASCADE', ix=True),
      ref('title_code', 'titles.code', 'RESTRICT', type_=sa.String(40)),
      ref('person_id', 'people.id', 'CASCADE', null=True, ix=True),
      ref('collective_id', 'collectives.id', 'CASCADE', null=True),
      ref('unit_id', 'units.id', 'CASCADE', null=True),
      col('votes_for', sa.Integer), col('votes_against', sa.Integer), col('votes_blank', sa.Integer),
      check(ONE_OF_THREE, 'one_candidate'),
      check('votes_for >= 0 AND votes_against >= 0 AND votes_blank >= 0', 'counts'))
table('evidence_files',
      ref('line_id', 'score_lines.id', 'CASCADE', ix=True), col('sha256', sa.String(64)),
      col('name', sa.String(255)), col('media_type', sa.String(100)), col('size', sa.Integer),
      col('uploaded_by', sa.String(80)), col('uploaded_at', sa.DateTime),
      check('length(sha256) = 64', 'sha256'), check('size >= 0', 'size'),
      sa.UniqueConstraint('line_id', 'sha256'))
table('year_deadlines',
      ref('year_id', 'emulation_years.id', 'CASCADE'), col('registration_until', sa.Date, null=True),
      col('submission_until', sa.Date, null=True), col('review_until', sa.Date, null=True),
      col('publication_on', sa.Date, null=True), col('version', sa.Integer),
      sa.PrimaryKeyConstraint('year_id'),
      key=None)
table('result_cache',
      col('bloc', sa.String(40)), col('year', sa.Integer), col('scope', sa.String(64)),
      col('state_key', sa.String(64)), col('results', sa.Text), col('created_at', sa.DateTime),
      sa.UniqueConstraint('bloc', 'year', 'scope', 'state_key'))


def upgrade():
    META.create_all(op.get_bind())
    # The audit trail and the published results are append-only: the database refuses UPDATE and DELETE.
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute("""
            CREATE FUNCTION refuse_change() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
            END
            $$ LANGUAGE plpgsql
        """)
        for name in APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {name} "
                       f"FOR EACH ROW EXECUTE FUNCTION refuse_change()")
    elif dialect == 'sqlite':
        for name in APPEND_ONLY:
            for operation in ('UPDATE', 'DELETE'):
                op.execute(f"CREATE TRIGGER {name}_no_{operation.lower()} BEFORE {operation} ON {name} "
                           f"BEGIN SELECT RAISE(ABORT, '{name} is append-only: {operation} refused'); END")


def downgrade():
    META.drop_all(op.get_bind())  # a table's triggers go with it
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS refuse_change()")

"""the emulation council: sessions (one per council and year: a unit's, or the bloc's when unit_id is NULL),
their members and attendance, and the ballot counts per candidate and title
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'


def upgrade():
    op.create_table('council_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_council_sessions_unit_id_units'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['year_id'], ['emulation_years.id'], name=op.f('fk_council_sessions_year_id_emulation_years'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_sessions'))
    )
    with op.batch_alter_table('council_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_sessions_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_council_sessions_year_id'), ['year_id'], unique=False)
    # One session per council and year; the bloc's council has no unit (NULL), so the index reads it as 0.
    op.create_index('uq_council_sessions_council', 'council_sessions',
                    ['year_id', sa.text('coalesce(unit_id, 0)')], unique=True)

    op.create_table('council_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['council_sessions.id'], name=op.f('fk_council_members_session_id_council_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_members'))
    )
    with op.batch_alter_table('council_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_members_session_id'), ['session_id'], unique=False)

    op.create_table('council_ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('title_code', sa.String(length=40), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('collective_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('votes_for', sa.Integer(), nullable=False),
    sa.Column('votes_against', sa.Integer(), nullable=False),
    sa.Column('votes_blank', sa.Integer(), nullable=False),
    sa.CheckConstraint('(CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN collective_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN unit_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_council_ballots_one_candidate')),
    sa.CheckConstraint('votes_for >= 0 AND votes_against >= 0 AND votes_blank >= 0', name=op.f('ck_council_ballots_counts')),
    sa.ForeignKeyConstraint(['collective_id'], ['collectives.id'], name=op.f('fk_council_ballots_collective_id_collectives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_council_ballots_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['council_sessions.id'], name=op.f('fk_council_ballots_session_id_council_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['title_code'], ['titles.code'], name=op.f('fk_council_ballots_title_code_titles'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_council_ballots_unit_id_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_ballots'))
    )
    with op.batch_alter_table('council_ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_ballots_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_council_ballots_session_id'), ['session_id'], unique=False)



def downgrade():
    with op.batch_alter_table('council_ballots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_ballots_session_id'))
        batch_op.drop_index(batch_op.f('ix_council_ballots_person_id'))

    op.drop_table('council_ballots')
    with op.batch_alter_table('council_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_members_session_id'))

    op.drop_table('council_members')
    with op.batch_alter_table('council_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_sessions_year_id'))
        batch_op.drop_index(batch_op.f('ix_council_sessions_unit_id'))
    op.drop_index('uq_council_sessions_council', table_name='council_sessions')

    op.drop_table('council_sessions')

"""the HR record: people's identity, placements over time, leave, departures; collectives closed or merged;
signed decisions that awarded titles (awards.decision_id)

Every existing person gets a folded name for search (name_key) and, where the unit is known, a first
placement from the recruitment date so that the history starts with what the database knew.
"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'


def upgrade():
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bloc_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('signer', sa.String(length=200), nullable=False),
    sa.Column('signer_title', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("level IN ('unit', 'bloc', 'ministry', 'province', 'government', 'state')", name=op.f('ck_decisions_level')),
    sa.CheckConstraint('year BETWEEN 1945 AND 2200', name=op.f('ck_decisions_year')),
    sa.ForeignKeyConstraint(['bloc_id'], ['blocs.id'], name=op.f('fk_decisions_bloc_id_blocs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_decisions_unit_id_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_bloc_id'), ['bloc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_year'), ['year'], unique=False)

    op.create_table('leave_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('maternity', 'sick', 'study', 'unpaid', 'secondment')", name=op.f('ck_leave_periods_kind')),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_leave_periods_dates')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_leave_periods_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leave_periods'))
    )
    with op.batch_alter_table('leave_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leave_periods_person_id'), ['person_id'], unique=False)

    op.create_table('placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('collective_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('recruited', 'transfer', 'position', 'imported')", name=op.f('ck_placements_kind')),
    sa.ForeignKeyConstraint(['collective_id'], ['collectives.id'], name=op.f('fk_placements_collective_id_collectives'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_placements_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_placements_unit_id_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_unit_id'), ['unit_id'], unique=False)

    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_awards_decision_id'), ['decision_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_awards_decision_id_decisions'), 'decisions', ['decision_id'], ['id'], ondelete='RESTRICT')

    with op.batch_alter_table('collectives', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.create_foreign_key(batch_op.f('fk_collectives_merged_into_id_collectives'), 'collectives', ['merged_into_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('birth_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('gender', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('employment', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('left_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('departure', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.create_index(batch_op.f('ix_people_name_key'), ['name_key'], unique=False)
        batch_op.create_check_constraint(op.f('ck_people_gender'), "gender IS NULL OR gender IN ('female', 'male')")
        batch_op.create_check_constraint(
            op.f('ck_people_employment'),
            "employment IS NULL OR employment IN ('civil_servant', 'public_employee', 'employee')")
        batch_op.create_check_constraint(
            op.f('ck_people_departure'),
            "departure IS NULL OR departure IN ('retired', 'transferred_out', 'resigned', 'dismissed', 'deceased')")
        batch_op.create_check_constraint(op.f('ck_people_departure_dated'), "(departure IS NULL) = (left_on IS NULL)")
    _fill_name_keys_and_first_placements()


def _fold(text):
    # A frozen copy of emulation.text.fold: a migration must not change when the app does.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())


def _fill_name_keys_and_first_placements():
    connection = op.get_bind()
    people = sa.table('people', sa.column('id'), sa.column('full_name'), sa.column('name_key'),
                      sa.column('unit_id'), sa.column('collective_id'), sa.column('position'),
                      sa.column('recruited_on'))
    placements = sa.table('placements', sa.column('person_id'), sa.column('starts_on'), sa.column('kind'),
                          sa.column('unit_id'), sa.column('collective_id'), sa.column('position'), sa.column('note'))
    rows = connection.execute(sa.select(people)).all()
    for row in rows:
        connection.execute(people.update().where(people.c.id == row.id).values(name_key=_fold(row.full_name)))
    first = [dict(person_id=row.id, starts_on=row.recruited_on, kind='recruited', unit_id=row.unit_id,
                  collective_id=row.collective_id, position=row.position or '', note='')
             for row in rows if row.recruited_on is not None]
    if first:
        connection.execute(placements.insert(), first)



def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        for name in ('gender', 'employment', 'departure', 'departure_dated'):
            batch_op.drop_constraint(op.f(f'ck_people_{name}'), type_='check')
        batch_op.drop_index(batch_op.f('ix_people_name_key'))
        batch_op.drop_column('version')
        batch_op.drop_column('departure')
        batch_op.drop_column('left_on')
        batch_op.drop_column('employment')
        batch_op.drop_column('gender')
        batch_op.drop_column('birth_date')
        batch_op.drop_column('name_key')

    with op.batch_alter_table('collectives', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_collectives_merged_into_id_collectives'), type_='foreignkey')
        batch_op.drop_column('version')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('closed_on')

    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_awards_decision_id_decisions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_awards_decision_id'))
        batch_op.drop_column('decision_id')

    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placements_unit_id'))
        batch_op.drop_index(batch_op.f('ix_placements_person_id'))

    op.drop_table('placements')
    with op.batch_alter_table('leave_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leave_periods_person_id'))

    op.drop_table('leave_periods')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_year'))
        batch_op.drop_index(batch_op.f('ix_decisions_unit_id'))
        batch_op.drop_index(batch_op.f('ix_decisions_bloc_id'))

    op.drop_table('decisions')

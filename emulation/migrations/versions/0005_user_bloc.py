"""a login confined to one bloc: users.bloc_id

Reviewers, secretariats and viewers may belong to one bloc (NULL: every bloc, as before); a unit
head's bloc is their unit's, so theirs stays NULL.
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bloc_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_users_bloc_id_blocs'), 'blocs', ['bloc_id'], ['id'],
                                    ondelete='RESTRICT')
        batch_op.create_check_constraint(batch_op.f('ck_users_unit_head_bloc_from_unit'),
                                         "role <> 'unit_head' OR bloc_id IS NULL")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_unit_head_bloc_from_unit'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_users_bloc_id_blocs'), type_='foreignkey')
        batch_op.drop_column('bloc_id')

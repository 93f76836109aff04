"""The data version: one row whose number the commit of every write to an input table moves, so the results cache
is keyed by it and a hit no longer reads the year it is for (issue 18)
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'


def upgrade():
    table = op.create_table('data_version',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    # A random start: entries kept under an earlier run of numbers can never match the new ones.
    op.bulk_insert(table, [{'id': 1, 'version': secrets.randbelow(2 ** 62)}])
    op.execute('DELETE FROM result_cache')


def downgrade():
    op.drop_table('data_version')

"""the results cache: a bloc year's live results, stored under the hash of the code, rules and inputs they come from,
so every app process reuses them until any of those changes; awards indexed by collective and unit, so a
bloc's earlier awards are found through its own holders, not by scanning the ministry's (issue 18)
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'

HOLDERS = ('collective_id', 'unit_id')


def upgrade():
    op.create_table('result_cache',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bloc', sa.String(length=40), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=64), nullable=False),
    sa.Column('state_key', sa.String(length=64), nullable=False),
    sa.Column('results', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result_cache')),
    sa.UniqueConstraint('bloc', 'year', 'scope', 'state_key', name=op.f('uq_result_cache_bloc_year_scope_state_key'))
    )
    with op.batch_alter_table('awards', schema=None) as batch_op:
        for column in HOLDERS:
            batch_op.create_index(batch_op.f(f'ix_awards_{column}'), [column], unique=False)


def downgrade():
    with op.batch_alter_table('awards', schema=None) as batch_op:
        for column in HOLDERS:
            batch_op.drop_index(batch_op.f(f'ix_awards_{column}'))
    op.drop_table('result_cache')

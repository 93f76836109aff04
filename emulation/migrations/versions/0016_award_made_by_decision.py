"""Awards say whether their decision made them or confirmed an award held before it, so withdrawing a decision
deletes the one and gives the other back (council.corrections)

Awards of decisions recorded before this revision cannot tell: they are taken as held before (a withdrawal gives
them back without a decision rather than delete what may be a later year's history).
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'


def upgrade():
    with op.batch_alter_table('awards') as batch:
        batch.add_column(sa.Column('made_by_decision', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('awards') as batch:
        batch.drop_column('made_by_decision')

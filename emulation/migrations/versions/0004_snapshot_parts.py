"""snapshot parts: a published year's collectives and individuals, one row per unit

Snapshots taken before this revision keep everything in result_snapshots.results; later ones keep
the bloc-wide part there and each unit's share in result_snapshot_parts. Both tables are append-only.
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'

TABLE = 'result_snapshot_parts'


def upgrade():
    op.create_table(TABLE,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('unit_code', sa.String(length=40), nullable=False),
    sa.Column('results', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['snapshot_id'], ['result_snapshots.id'], name=op.f('fk_result_snapshot_parts_snapshot_id_result_snapshots'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result_snapshot_parts')),
    sa.UniqueConstraint('snapshot_id', 'unit_code', name=op.f('uq_result_snapshot_parts_snapshot_id_unit_code'))
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_result_snapshot_parts_snapshot_id'), ['snapshot_id'], unique=False)

    # Append-only like result_snapshots (revision 0002 created refuse_change() on PostgreSQL).
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute(f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
                   f"FOR EACH ROW EXECUTE FUNCTION refuse_change()")
    elif dialect == 'sqlite':
        for operation in ('UPDATE', 'DELETE'):
            op.execute(f"CREATE TRIGGER {TABLE}_no_{operation.lower()} BEFORE {operation} ON {TABLE} "
                       f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: {operation} refused'); END")


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
    elif dialect == 'sqlite':
        for operation in ('update', 'delete'):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{operation}")
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_result_snapshot_parts_snapshot_id'))
    op.drop_table(TABLE)

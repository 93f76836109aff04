"""the secretariat manages logins: users.must_change_password, users.version

A password reset by the secretariat sets must_change_password, so the user chooses a new one at the
next sign-in; version guards an edit of role, unit and bloc against a concurrent one. A disabled
login is users.active = false, a column since 0001.
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('version')
        batch_op.drop_column('must_change_password')

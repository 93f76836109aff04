"""the year's deadlines: registration, sheet submission and review, and the publication date

A setting of each year that the secretariat edits; the home pages count the days left to each.
version guards an edit against a concurrent one.
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'


def upgrade():
    op.create_table('year_deadlines',
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.Column('registration_until', sa.Date(), nullable=True),
    sa.Column('submission_until', sa.Date(), nullable=True),
    sa.Column('review_until', sa.Date(), nullable=True),
    sa.Column('publication_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['year_id'], ['emulation_years.id'], name=op.f('fk_year_deadlines_year_id_emulation_years'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('year_id', name=op.f('pk_year_deadlines'))
    )


def downgrade():
    op.drop_table('year_deadlines')

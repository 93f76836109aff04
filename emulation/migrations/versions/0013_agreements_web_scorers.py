"""agreements as blocs write them: units as data, named scorers, banded criteria, the agreement's grading

units.closed_on/version, score_lines.entered_by, panel_scores, role 'board', kind 'banded',
emulation_years.grading/conferral.

A unit may be declared as data (no plugin) and closed by the secretariat; a line scored by the
secretariat, a reviewer or the board records who entered it; a panel line keeps each scorer's value
(a member unit in cross-scoring, or a user) in panel_scores; the provincial emulation board signs in
with a role of its own; a banded criterion may be signed; a year keeps the grading bands and the
conferral of the agreement it was signed with.
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'

OLD_ROLES = "role IN ('secretariat', 'reviewer', 'unit_head', 'viewer')"
NEW_ROLES = "role IN ('secretariat', 'reviewer', 'unit_head', 'viewer', 'board')"
OLD_KINDS = "kind IN ('group', 'points', 'plan', 'count', 'pass_fail', 'bonus', 'deduction')"
NEW_KINDS = "kind IN ('group', 'points', 'plan', 'count', 'pass_fail', 'bonus', 'deduction', 'banded')"


def upgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('score_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entered_by', sa.String(length=80), server_default='', nullable=False))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_users_role'), NEW_ROLES)
    with op.batch_alter_table('signed_criteria', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_signed_criteria_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_signed_criteria_kind'), NEW_KINDS)
    with op.batch_alter_table('emulation_years', schema=None) as batch_op:
        batch_op.add_column(sa.Column('grading', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('conferral', sa.JSON(), nullable=True))
    op.create_table(
        'panel_scores',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sheet_id', sa.Integer(), nullable=False),
        sa.Column('criterion_id', sa.Integer(), nullable=False),
        sa.Column('scorer', sa.String(length=80), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('entered_by', sa.String(length=80), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint('value >= 0', name=op.f('ck_panel_scores_value')),
        sa.ForeignKeyConstraint(['criterion_id'], ['signed_criteria.id'],
                                name=op.f('fk_panel_scores_criterion_id_signed_criteria'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['sheet_id'], ['score_sheets.id'],
                                name=op.f('fk_panel_scores_sheet_id_score_sheets'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_scores')),
        sa.UniqueConstraint('sheet_id', 'criterion_id', 'scorer',
                            name=op.f('uq_panel_scores_sheet_id_criterion_id_scorer')),
    )
    op.create_index(op.f('ix_panel_scores_criterion_id'), 'panel_scores', ['criterion_id'], unique=False)
    op.create_index(op.f('ix_panel_scores_sheet_id'), 'panel_scores', ['sheet_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_panel_scores_sheet_id'), table_name='panel_scores')
    op.drop_index(op.f('ix_panel_scores_criterion_id'), table_name='panel_scores')
    op.drop_table('panel_scores')
    with op.batch_alter_table('emulation_years', schema=None) as batch_op:
        batch_op.drop_column('conferral')
        batch_op.drop_column('grading')
    with op.batch_alter_table('signed_criteria', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_signed_criteria_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_signed_criteria_kind'), OLD_KINDS)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_users_role'), OLD_ROLES)
    with op.batch_alter_table('score_lines', schema=None) as batch_op:
        batch_op.drop_column('entered_by')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_column('version')
        batch_op.drop_column('closed_on')

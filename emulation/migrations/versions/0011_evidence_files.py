"""evidence files (minh chứng) of score lines: evidence_files

Each row names a file a unit head attached to a score line by the SHA-256 of its content (the blob lives in
the evidence folder, outside the web root), with its sanitised name, the media type found in its content,
its size, and who uploaded it when.
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'


def upgrade():
    op.create_table('evidence_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by', sa.String(length=80), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_evidence_files_sha256')),
    sa.CheckConstraint('size >= 0', name=op.f('ck_evidence_files_size')),
    sa.ForeignKeyConstraint(['line_id'], ['score_lines.id'], name=op.f('fk_evidence_files_line_id_score_lines'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_files')),
    sa.UniqueConstraint('line_id', 'sha256', name=op.f('uq_evidence_files_line_id_sha256'))
    )
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_files_line_id'), ['line_id'], unique=False)


def downgrade():
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_files_line_id'))
    op.drop_table('evidence_files')

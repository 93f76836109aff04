"""the words of each person's folded name, indexed, so a search by a word's beginning reads an index

On PostgreSQL the word is compared byte by byte (COLLATE "C"), so a prefix is exactly a range of the index.
Every existing person's words are filled in.
"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'


def upgrade():
    op.create_table('person_name_words',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_name_words_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'word', name=op.f('pk_person_name_words'))
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE person_name_words ALTER COLUMN word TYPE varchar(200) COLLATE "C"')
    op.create_index('ix_person_name_words_word', 'person_name_words', ['word', 'person_id'], unique=False)
    _fill_words()


def _words(text):
    # A frozen copy of emulation.text.name_words: a migration must not change when the app does.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())
    return list(dict.fromkeys(re.findall(r"[^\W_]+", folded)))


def _fill_words():
    connection = op.get_bind()
    people = sa.table('people', sa.column('id'), sa.column('full_name'))
    words = sa.table('person_name_words', sa.column('person_id'), sa.column('word'))
    rows = [dict(person_id=person_id, word=word)
            for person_id, full_name in connection.execute(sa.select(people.c.id, people.c.full_name))
            for word in _words(full_name or '')]
    for start in range(0, len(rows), 5000):
        connection.execute(words.insert(), rows[start:start + 5000])


def downgrade():
    op.drop_index('ix_person_name_words_word', table_name='person_name_words')
    op.drop_table('person_name_words')

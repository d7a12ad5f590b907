"""Names as the service now reads them: UTF-8, in NFC.

The service used to keep a name as Starlette decodes a header, latin-1: `José`, sent in UTF-8 by the proxy, was
kept as `JosÃ©`. Such a name is decoded again as it was meant (only when its bytes are UTF-8), and every name is put
in NFC. When two rows become one person's acknowledgement of one version, the first recorded is kept, as the
service would have answered for it.

Going back to 0001 writes each name as the earlier service reads a header, its UTF-8 bytes taken as latin-1, so that
it finds its people again; the rows merged on the way up stay merged (they were one person's).
"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def repaired(name: str) -> str:
    try:
        name = name.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return unicodedata.normalize("NFC", name)


def as_latin1(name: str) -> str:
    """A name as the earlier service decoded it from a header sent in UTF-8."""
    return name.encode("utf-8").decode("latin-1")


def _table() -> sa.TableClause:
    return sa.table("acknowledgements", sa.column("id", sa.Integer), sa.column("person", sa.String),
                    sa.column("version", sa.String), sa.column("acknowledged_at", sa.DateTime))


def upgrade() -> None:
    connection = op.get_bind()
    table = _table()
    rows = connection.execute(sa.select(table.c.id, table.c.person, table.c.version)
                              .order_by(table.c.acknowledged_at, table.c.id)).all()
    kept, renamed = set(), []
    for row in rows:
        name = repaired(row.person)
        if (name, row.version) in kept:  # a later row of the same person and version
            connection.execute(sa.delete(table).where(table.c.id == row.id))
            continue
        kept.add((name, row.version))
        if name != row.person:
            renamed.append((row.id, name))
    for row_id, name in renamed:  # once the rows they would collide with are gone
        connection.execute(sa.update(table).where(table.c.id == row_id).values(person=name))


def downgrade() -> None:
    connection = op.get_bind()
    table = _table()
    for row in connection.execute(sa.select(table.c.id, table.c.person)).all():
        if not row.person.isascii():
            connection.execute(sa.update(table).where(table.c.id == row.id).values(person=as_latin1(row.person)))

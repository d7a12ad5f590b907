"""The acknowledgements, one per person and version, and the secret of the anti-forgery tokens."""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "acknowledgements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("person", "version", name="one_acknowledgement_per_version"),
    )
    op.create_index("acknowledgements_by_version", "acknowledgements", ["version"])
    op.create_table(
        "service_secret",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("secret", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("service_secret")
    op.drop_index("acknowledgements_by_version", "acknowledgements")
    op.drop_table("acknowledgements")

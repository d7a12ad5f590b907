"""Alembic's environment for the acknowledgements database: it migrates over the connection that store.migrate
hands it, within that connection's transaction."""
from alembic import context

from generator.acknowledgements.store import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

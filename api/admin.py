"""Chores on the service's database: create a tenant with a first key, add a key, migrate.

``python -m api.admin create-tenant "BA Bourgogne" --role admin`` prints the new key once.
"""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import select

from api.config import get_settings
from api.db import make_engine, make_sessions, migrate
from api.jobs.store import Sessions
from api.models import Role, Tenant
from api.security import create_api_key, create_tenant

app = typer.Typer(help="foodroute service administration.", no_args_is_help=True)


def _sessions() -> Sessions:
    engine = make_engine(get_settings().database_url)
    migrate(engine)
    return make_sessions(engine)


@app.command("migrate")
def migrate_command() -> None:
    """Bring the database schema up to date."""
    _sessions()
    typer.echo("database schema is up to date")


@app.command("create-tenant")
def create_tenant_command(
    name: Annotated[str, typer.Argument(help="The tenant's name, e.g. a food bank.")],
    role: Annotated[Role, typer.Option(help="Role of the first key.")] = Role.ADMIN,
) -> None:
    """Create a tenant and print its first API key (shown once, stored hashed)."""
    with _sessions().begin() as session:
        if session.scalars(select(Tenant).where(Tenant.name == name)).first() is not None:
            typer.echo(f"tenant '{name}' already exists", err=True)
            raise typer.Exit(2)
        tenant = create_tenant(session, name=name)
        key = create_api_key(session, tenant=tenant, role=role)
    typer.echo(key)


@app.command("create-key")
def create_key_command(
    tenant_name: Annotated[str, typer.Argument(help="An existing tenant.")],
    role: Annotated[Role, typer.Option(help="What the key may do.")] = Role.PLANNER,
    name: Annotated[str, typer.Option(help="A label, e.g. who holds the key.")] = "",
) -> None:
    """Add an API key to a tenant and print it (shown once, stored hashed)."""
    with _sessions().begin() as session:
        tenant = session.scalars(select(Tenant).where(Tenant.name == tenant_name)).first()
        if tenant is None:
            typer.echo(f"no tenant '{tenant_name}'", err=True)
            raise typer.Exit(2)
        key = create_api_key(session, tenant=tenant, role=role, name=name)
    typer.echo(key)


if __name__ == "__main__":
    app()

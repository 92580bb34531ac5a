"""Per-guild settings changed from Discord (`/mod` commands), as JSON values by key."""

from typing import Any

from sqlalchemy import select

from storage.models import GuildSettingRow
from storage.repositories.base import Repository, upsert


class GuildSettingsRepository(Repository):
    """Each server's own moderation settings and lockdown, kept apart from every other
    server's."""

    async def get(self, guild_id: int, key: str, default: Any = None) -> Any:
        """The value stored under `key`, or `default` if it was never set."""
        async with self._database.session() as session:
            row = await session.get(GuildSettingRow, (guild_id, key))
            return default if row is None else row.value

    async def set(self, guild_id: int, key: str, value: Any) -> None:
        """Store a JSON-serialisable value, replacing any earlier one."""
        async with self._database.session() as session:
            row = {"guild_id": guild_id, "key": key, "value": value}
            insert = upsert(session, GuildSettingRow).values(row)
            await session.execute(
                insert.on_conflict_do_update(
                    index_elements=["guild_id", "key"], set_={"value": insert.excluded.value}
                )
            )

    async def all(self, guild_id: int) -> dict[str, Any]:
        """Every setting of the guild."""
        query = select(GuildSettingRow).where(GuildSettingRow.guild_id == guild_id)
        async with self._database.session() as session:
            rows = await session.scalars(query.order_by(GuildSettingRow.key))
            return {row.key: row.value for row in rows}

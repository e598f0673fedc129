/** PostGIS implementation of the issue 9 StoryRepository; row mapping shared with SQLite (`stories/rows.ts`). */
import type pg from 'pg';
import type { StoryRepository } from '../../stories/types';
import {
	bodyOf,
	storyCreateAudit,
	storyDeleteAudit,
	storyUpdateAudit,
	toStory,
	type StoryRow
} from '../../stories/rows';
import { writeAudit } from './audit';
import { q, writeTx, type PgHandle } from './db';

const lockRow = async (c: pg.PoolClient, id: number) =>
	(await c.query('SELECT * FROM stories WHERE id = $1 FOR UPDATE', [id])).rows[0] as StoryRow | undefined;

export function pgStoryRepository(h: PgHandle): StoryRepository {
	return {
		async list() {
			return (await q<StoryRow>(h, 'SELECT * FROM stories ORDER BY updated_at DESC, id DESC')).map(toStory);
		},
		async get(id) {
			const r = (await q<StoryRow>(h, 'SELECT * FROM stories WHERE id = $1', [id]))[0];
			return r ? toStory(r) : null;
		},
		async create(content, ctx) {
			return writeTx(h, async (c) => {
				const now = new Date().toISOString();
				const r = (
					await c.query(
						`INSERT INTO stories (title, body, version, created_by, updated_by, created_at, updated_at)
						 VALUES ($1, $2, 1, $3, $3, $4, $4) RETURNING *`,
						[content.title.es, bodyOf(content), ctx.actorId, now]
					)
				).rows[0] as StoryRow;
				const s = toStory(r);
				await writeAudit(c, storyCreateAudit(s), ctx);
				return s;
			});
		},
		async update(id, expectedVersion, content, ctx) {
			return writeTx(h, async (c) => {
				const row = await lockRow(c, id);
				if (!row) return { ok: false as const, reason: 'not_found' as const };
				const before = toStory(row);
				if (before.version !== expectedVersion)
					return { ok: false as const, reason: 'conflict' as const, current: before };
				const r = (
					await c.query(
						`UPDATE stories SET title = $1, body = $2, version = version + 1, updated_by = $3, updated_at = $4
						 WHERE id = $5 AND version = $6 RETURNING *`,
						[content.title.es, bodyOf(content), ctx.actorId, new Date().toISOString(), id, expectedVersion]
					)
				).rows[0] as StoryRow;
				const after = toStory(r);
				await writeAudit(c, storyUpdateAudit(before, after), ctx);
				return { ok: true as const, value: after };
			});
		},
		async delete(id, expectedVersion, ctx) {
			return writeTx(h, async (c) => {
				const row = await lockRow(c, id);
				if (!row) return { ok: false as const, reason: 'not_found' as const };
				const before = toStory(row);
				if (before.version !== expectedVersion)
					return { ok: false as const, reason: 'conflict' as const, current: before };
				await c.query('DELETE FROM stories WHERE id = $1 AND version = $2', [id, expectedVersion]);
				await writeAudit(c, storyDeleteAudit(before), ctx);
				return { ok: true as const, value: before };
			});
		}
	};
}

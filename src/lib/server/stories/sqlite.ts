import type Database from 'better-sqlite3';
import { writeAudit } from '../repo/sqlite/audit';
import type { StoryRepository } from './types';
import { bodyOf, storyCreateAudit, storyDeleteAudit, storyUpdateAudit, toStory, type StoryRow } from './rows';

export function sqliteStoryRepository(db: Database.Database): StoryRepository {
	const getStmt = db.prepare('SELECT * FROM stories WHERE id = ?');
	const getRow = (id: number) => getStmt.get(id) as StoryRow | undefined;
	return {
		async list() {
			return (db.prepare('SELECT * FROM stories ORDER BY updated_at DESC, id DESC').all() as StoryRow[]).map(
				toStory
			);
		},
		async get(id) {
			const r = getRow(id);
			return r ? toStory(r) : null;
		},
		async create(content, ctx) {
			return db
				.transaction(() => {
					const now = new Date().toISOString();
					const info = db
						.prepare(
							`INSERT INTO stories (title, body, version, created_by, updated_by, created_at, updated_at)
							 VALUES (?, ?, 1, ?, ?, ?, ?)`
						)
						.run(content.title.es, bodyOf(content), ctx.actorId, ctx.actorId, now, now);
					const s = toStory(getRow(Number(info.lastInsertRowid))!);
					writeAudit(db, storyCreateAudit(s), ctx);
					return s;
				})
				.immediate();
		},
		async update(id, expectedVersion, content, ctx) {
			return db
				.transaction(() => {
					const row = getRow(id);
					if (!row) return { ok: false as const, reason: 'not_found' as const };
					const before = toStory(row);
					if (before.version !== expectedVersion)
						return { ok: false as const, reason: 'conflict' as const, current: before };
					db.prepare(
						`UPDATE stories SET title = ?, body = ?, version = version + 1, updated_by = ?, updated_at = ?
						 WHERE id = ? AND version = ?`
					).run(
						content.title.es,
						bodyOf(content),
						ctx.actorId,
						new Date().toISOString(),
						id,
						expectedVersion
					);
					const after = toStory(getRow(id)!);
					writeAudit(db, storyUpdateAudit(before, after), ctx);
					return { ok: true as const, value: after };
				})
				.immediate();
		},
		async delete(id, expectedVersion, ctx) {
			return db
				.transaction(() => {
					const row = getRow(id);
					if (!row) return { ok: false as const, reason: 'not_found' as const };
					const before = toStory(row);
					if (before.version !== expectedVersion)
						return { ok: false as const, reason: 'conflict' as const, current: before };
					db.prepare('DELETE FROM stories WHERE id = ? AND version = ?').run(id, expectedVersion);
					writeAudit(db, storyDeleteAudit(before), ctx);
					return { ok: true as const, value: before };
				})
				.immediate();
		}
	};
}

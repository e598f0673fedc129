import type Database from 'better-sqlite3';
import type { Story, StoryContent } from '../../components/assembly/story';
import { AUDIT_ACTIONS } from '../audit/actions';
import { writeAudit } from '../repo/sqlite/audit';
import type { StoryRepository } from './types';

interface Row {
	id: number;
	title: string;
	body: string;
	version: number;
	created_by: number | null;
	updated_by: number | null;
	created_at: string;
	updated_at: string;
}

function toStory(r: Row): Story {
	const body = JSON.parse(r.body) as StoryContent;
	return {
		id: r.id,
		title: body.title,
		...(body.description ? { description: body.description } : {}),
		steps: body.steps ?? [],
		version: r.version,
		createdBy: r.created_by,
		updatedBy: r.updated_by,
		createdAt: r.created_at,
		updatedAt: r.updated_at
	};
}

function bodyOf(c: StoryContent): string {
	return JSON.stringify({ title: c.title, description: c.description, steps: c.steps });
}

/** What the audit log keeps of a story (enough to restore it). */
const snapshot = (s: Story) => ({
	title: s.title,
	description: s.description,
	steps: s.steps,
	version: s.version
});

export function sqliteStoryRepository(db: Database.Database): StoryRepository {
	const getStmt = db.prepare('SELECT * FROM stories WHERE id = ?');
	const getRow = (id: number) => getStmt.get(id) as Row | undefined;
	return {
		async list() {
			return (db.prepare('SELECT * FROM stories ORDER BY updated_at DESC, id DESC').all() as Row[]).map(
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
					writeAudit(
						db,
						{
							action: AUDIT_ACTIONS.storyCreate,
							entityType: 'story',
							entityId: String(s.id),
							after: snapshot(s)
						},
						ctx
					);
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
					writeAudit(
						db,
						{
							action: AUDIT_ACTIONS.storyUpdate,
							entityType: 'story',
							entityId: String(id),
							before: snapshot(before),
							after: snapshot(after)
						},
						ctx
					);
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
					writeAudit(
						db,
						{
							action: AUDIT_ACTIONS.storyDelete,
							entityType: 'story',
							entityId: String(id),
							before: snapshot(before)
						},
						ctx
					);
					return { ok: true as const, value: before };
				})
				.immediate();
		}
	};
}

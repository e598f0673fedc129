import type Database from 'better-sqlite3';
import { writeAudit } from '../repo/sqlite/audit';
import { RepoError } from '../repo/types';
import type { AssemblyRepository } from './types';
import { toFeature, type FeatureRow } from '../repo/sqlite/features';
import {
	columns,
	PHOTO_META,
	photoCreateAudit,
	sessionCreateAudit,
	sessionDeleteAudit,
	sessionInUseMessage,
	sessionUpdateAudit,
	toPhoto,
	toSession,
	type PhotoRow,
	type SessionRow
} from './rows';

function storyFk(e: unknown): never {
	if (/FOREIGN KEY constraint failed/.test(String((e as Error)?.message)))
		throw new RepoError('STORY_NOT_FOUND', 'No existe esa historia.');
	throw e;
}

export function sqliteAssemblyRepository(db: Database.Database): AssemblyRepository {
	const getStmt = db.prepare('SELECT * FROM assembly_sessions WHERE id = ?');
	const getRow = (id: number) => getStmt.get(id) as SessionRow | undefined;
	const proposalsStmt = (n: number) =>
		db.prepare(
			`SELECT * FROM features WHERE json_extract(properties, '$.attrs.sessionId') = ?
			 AND layer IN (${Array.from({ length: n }, () => '?').join(',')}) ORDER BY created_at, id`
		);
	const countProposals = (id: number) =>
		(
			db
				.prepare("SELECT count(*) AS n FROM features WHERE json_extract(properties, '$.attrs.sessionId') = ?")
				.get(id) as { n: number }
		).n;

	return {
		async list() {
			return (
				db.prepare('SELECT * FROM assembly_sessions ORDER BY date DESC, id DESC').all() as SessionRow[]
			).map(toSession);
		},
		async get(id) {
			const r = getRow(id);
			return r ? toSession(r) : null;
		},
		async create(fields, ctx) {
			return db
				.transaction(() => {
					const now = new Date().toISOString();
					let id: number;
					try {
						id = Number(
							db
								.prepare(
									`INSERT INTO assembly_sessions (title, date, place, community, participants, notes, story_id, closed,
									 version, created_by, updated_by, created_at, updated_at)
									 VALUES (@title, @date, @place, @community, @participants, @notes, @story_id, @closed, 1, @actor,
									 @actor, @now, @now)`
								)
								.run({ ...columns(fields), actor: ctx.actorId, now }).lastInsertRowid
						);
					} catch (e) {
						storyFk(e);
					}
					const s = toSession(getRow(id)!);
					writeAudit(db, sessionCreateAudit(s), ctx);
					return s;
				})
				.immediate();
		},
		async update(id, expectedVersion, fields, ctx) {
			return db
				.transaction(() => {
					const row = getRow(id);
					if (!row) return { ok: false as const, reason: 'not_found' as const };
					const before = toSession(row);
					if (before.version !== expectedVersion)
						return { ok: false as const, reason: 'conflict' as const, current: before };
					try {
						db.prepare(
							`UPDATE assembly_sessions SET title = @title, date = @date, place = @place, community = @community,
							 participants = @participants, notes = @notes, story_id = @story_id, closed = @closed,
							 version = version + 1, updated_by = @actor, updated_at = @now WHERE id = @id AND version = @version`
						).run({
							...columns(fields),
							id,
							version: expectedVersion,
							actor: ctx.actorId,
							now: new Date().toISOString()
						});
					} catch (e) {
						storyFk(e);
					}
					const after = toSession(getRow(id)!);
					writeAudit(db, sessionUpdateAudit(before, after), ctx);
					return { ok: true as const, value: after };
				})
				.immediate();
		},
		async delete(id, expectedVersion, ctx) {
			return db
				.transaction(() => {
					const row = getRow(id);
					if (!row) return { ok: false as const, reason: 'not_found' as const };
					const before = toSession(row);
					if (before.version !== expectedVersion)
						return { ok: false as const, reason: 'conflict' as const, current: before };
					const n = countProposals(id);
					if (n > 0) throw new RepoError('SESSION_IN_USE', sessionInUseMessage(n));
					db.prepare('DELETE FROM assembly_sessions WHERE id = ? AND version = ?').run(id, expectedVersion);
					writeAudit(db, sessionDeleteAudit(before), ctx);
					return { ok: true as const, value: before };
				})
				.immediate();
		},
		async proposals(id, layers) {
			if (layers.length === 0) return [];
			return (proposalsStmt(layers.length).all(id, ...layers) as FeatureRow[]).map(toFeature);
		},
		async addPhoto(sessionId, photo, ctx) {
			return db
				.transaction(() => {
					if (!getRow(sessionId)) throw new RepoError('SESSION_NOT_FOUND', 'No existe esa sesión.');
					const now = new Date().toISOString();
					const info = db
						.prepare(
							`INSERT INTO assembly_photos (session_id, mime, size, sha256, bytes, created_by, created_at)
							 VALUES (?, ?, ?, ?, ?, ?, ?)`
						)
						.run(
							sessionId,
							photo.mime,
							photo.bytes.byteLength,
							photo.sha256,
							Buffer.from(photo.bytes),
							ctx.actorId,
							now
						);
					const p = toPhoto(
						db
							.prepare(`SELECT ${PHOTO_META} FROM assembly_photos WHERE id = ?`)
							.get(Number(info.lastInsertRowid)) as PhotoRow
					);
					writeAudit(db, photoCreateAudit(p), ctx);
					return p;
				})
				.immediate();
		},
		async photo(sessionId, photoId) {
			const r = db
				.prepare('SELECT * FROM assembly_photos WHERE id = ? AND session_id = ?')
				.get(photoId, sessionId) as PhotoRow | undefined;
			return r ? { ...toPhoto(r), bytes: new Uint8Array(r.bytes!) } : null;
		},
		async photos(sessionId) {
			return (
				db
					.prepare(`SELECT ${PHOTO_META} FROM assembly_photos WHERE session_id = ? ORDER BY id`)
					.all(sessionId) as PhotoRow[]
			).map(toPhoto);
		}
	};
}

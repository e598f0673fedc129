import type Database from 'better-sqlite3';
import type { AssemblySession } from '../../components/assembly/proposals';
import { AUDIT_ACTIONS } from '../audit/actions';
import { writeAudit } from '../repo/sqlite/audit';
import { RepoError } from '../repo/types';
import type { AssemblyPhoto, AssemblyRepository, SessionRecord } from './types';
import { toFeature, type FeatureRow } from '../repo/sqlite/features';

interface Row {
	id: number;
	title: string;
	date: string;
	place: string;
	community: string | null;
	participants: number | null;
	notes: string | null;
	story_id: number | null;
	closed: number;
	version: number;
	created_by: number | null;
	updated_by: number | null;
	created_at: string;
	updated_at: string;
}

interface PhotoRow {
	id: number;
	session_id: number;
	mime: string;
	size: number;
	sha256: string;
	bytes?: Buffer;
	created_by: number | null;
	created_at: string;
}

function toSession(r: Row): AssemblySession {
	return {
		id: r.id,
		title: r.title,
		date: r.date,
		place: r.place,
		community: r.community,
		participants: r.participants,
		notes: r.notes,
		storyId: r.story_id,
		closed: r.closed === 1,
		version: r.version,
		createdBy: r.created_by,
		updatedBy: r.updated_by,
		createdAt: r.created_at,
		updatedAt: r.updated_at
	};
}

function toPhoto(r: PhotoRow): AssemblyPhoto {
	return {
		id: r.id,
		sessionId: r.session_id,
		mime: r.mime,
		size: r.size,
		sha256: r.sha256,
		createdBy: r.created_by,
		createdAt: r.created_at
	};
}

function columns(f: SessionRecord) {
	return {
		title: f.title,
		date: f.date,
		place: f.place,
		community: f.community,
		participants: f.participants,
		notes: f.notes,
		story_id: f.storyId,
		closed: f.closed ? 1 : 0
	};
}

function storyFk(e: unknown): never {
	if (/FOREIGN KEY constraint failed/.test(String((e as Error)?.message)))
		throw new RepoError('STORY_NOT_FOUND', 'No existe esa historia.');
	throw e;
}

export function sqliteAssemblyRepository(db: Database.Database): AssemblyRepository {
	const getStmt = db.prepare('SELECT * FROM assembly_sessions WHERE id = ?');
	const getRow = (id: number) => getStmt.get(id) as Row | undefined;
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
			return (db.prepare('SELECT * FROM assembly_sessions ORDER BY date DESC, id DESC').all() as Row[]).map(
				toSession
			);
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
					writeAudit(
						db,
						{
							action: AUDIT_ACTIONS.assemblySessionCreate,
							entityType: 'assembly_session',
							entityId: String(id),
							after: s
						},
						ctx
					);
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
					writeAudit(
						db,
						{
							action: AUDIT_ACTIONS.assemblySessionUpdate,
							entityType: 'assembly_session',
							entityId: String(id),
							before,
							after
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
					const before = toSession(row);
					if (before.version !== expectedVersion)
						return { ok: false as const, reason: 'conflict' as const, current: before };
					const n = countProposals(id);
					if (n > 0)
						throw new RepoError(
							'SESSION_IN_USE',
							`No se puede eliminar: la sesión tiene ${n} propuesta(s). Elimínelas o consérvelas en el acta.`
						);
					db.prepare('DELETE FROM assembly_sessions WHERE id = ? AND version = ?').run(id, expectedVersion);
					writeAudit(
						db,
						{
							action: AUDIT_ACTIONS.assemblySessionDelete,
							entityType: 'assembly_session',
							entityId: String(id),
							before
						},
						ctx
					);
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
							.prepare(
								'SELECT id, session_id, mime, size, sha256, created_by, created_at FROM assembly_photos WHERE id = ?'
							)
							.get(Number(info.lastInsertRowid)) as PhotoRow
					);
					writeAudit(
						db,
						{
							action: AUDIT_ACTIONS.assemblyPhotoCreate,
							entityType: 'assembly_photo',
							entityId: String(p.id),
							after: p
						},
						ctx
					);
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
					.prepare(
						'SELECT id, session_id, mime, size, sha256, created_by, created_at FROM assembly_photos WHERE session_id = ? ORDER BY id'
					)
					.all(sessionId) as PhotoRow[]
			).map(toPhoto);
		}
	};
}

/**
 * PostGIS implementation of the issue 9 AssemblyRepository (sessions, photos as BYTEA, proposal lookup by
 * `properties -> 'attrs' ->> 'sessionId'`, indexed by migration 0005). Row mapping shared with SQLite
 * (`sessions/rows.ts`).
 */
import type pg from 'pg';
import { RepoError } from '../types';
import type { AssemblyRepository } from '../../sessions/types';
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
} from '../../sessions/rows';
import { writeAudit } from './audit';
import { marks, q, writeTx, type PgHandle } from './db';
import { toFeature, type FeatureRow } from '../rows';
import { COLS } from './features';

/** Same match as SQLite's `json_extract(properties, '$.attrs.sessionId') = <integer>`: numbers only. */
const BY_SESSION = `properties -> 'attrs' ->> 'sessionId' = $1::text
	AND jsonb_typeof(properties -> 'attrs' -> 'sessionId') = 'number'`;

function storyFk(e: unknown): never {
	if ((e as { code?: string })?.code === '23503')
		throw new RepoError('STORY_NOT_FOUND', 'No existe esa historia.');
	throw e;
}

const lockRow = async (c: pg.PoolClient, id: number) =>
	(await c.query('SELECT * FROM assembly_sessions WHERE id = $1 FOR UPDATE', [id])).rows[0] as
		SessionRow | undefined;

export function pgAssemblyRepository(h: PgHandle): AssemblyRepository {
	return {
		async list() {
			return (await q<SessionRow>(h, 'SELECT * FROM assembly_sessions ORDER BY date DESC, id DESC')).map(
				toSession
			);
		},
		async get(id) {
			const r = (await q<SessionRow>(h, 'SELECT * FROM assembly_sessions WHERE id = $1', [id]))[0];
			return r ? toSession(r) : null;
		},
		async create(fields, ctx) {
			return writeTx(h, async (c) => {
				const cols = columns(fields);
				const now = new Date().toISOString();
				const names = Object.keys(cols);
				const r = await c
					.query(
						`INSERT INTO assembly_sessions (${names.join(', ')}, version, created_by, updated_by, created_at, updated_at)
						 VALUES (${marks(names.length)}, 1, $${names.length + 1}, $${names.length + 1}, $${names.length + 2},
						 $${names.length + 2}) RETURNING *`,
						[...Object.values(cols), ctx.actorId, now]
					)
					.catch(storyFk);
				const s = toSession(r.rows[0] as SessionRow);
				await writeAudit(c, sessionCreateAudit(s), ctx);
				return s;
			});
		},
		async update(id, expectedVersion, fields, ctx) {
			return writeTx(h, async (c) => {
				const row = await lockRow(c, id);
				if (!row) return { ok: false as const, reason: 'not_found' as const };
				const before = toSession(row);
				if (before.version !== expectedVersion)
					return { ok: false as const, reason: 'conflict' as const, current: before };
				const cols = columns(fields);
				const names = Object.keys(cols);
				const n = names.length;
				const r = await c
					.query(
						`UPDATE assembly_sessions SET ${names.map((k, i) => `${k} = $${i + 1}`).join(', ')},
						 version = version + 1, updated_by = $${n + 1}, updated_at = $${n + 2}
						 WHERE id = $${n + 3} AND version = $${n + 4} RETURNING *`,
						[...Object.values(cols), ctx.actorId, new Date().toISOString(), id, expectedVersion]
					)
					.catch(storyFk);
				const after = toSession(r.rows[0] as SessionRow);
				await writeAudit(c, sessionUpdateAudit(before, after), ctx);
				return { ok: true as const, value: after };
			});
		},
		async delete(id, expectedVersion, ctx) {
			return writeTx(h, async (c) => {
				const row = await lockRow(c, id);
				if (!row) return { ok: false as const, reason: 'not_found' as const };
				const before = toSession(row);
				if (before.version !== expectedVersion)
					return { ok: false as const, reason: 'conflict' as const, current: before };
				const n = (await c.query(`SELECT count(*) AS n FROM features WHERE ${BY_SESSION}`, [id])).rows[0]
					.n as number;
				if (n > 0) throw new RepoError('SESSION_IN_USE', sessionInUseMessage(n));
				await c.query('DELETE FROM assembly_sessions WHERE id = $1 AND version = $2', [id, expectedVersion]);
				await writeAudit(c, sessionDeleteAudit(before), ctx);
				return { ok: true as const, value: before };
			});
		},
		async proposals(id, layers) {
			if (layers.length === 0) return [];
			return (
				await q<FeatureRow>(
					h,
					`SELECT ${COLS} FROM features WHERE ${BY_SESSION} AND layer = ANY($2::text[]) ORDER BY created_at, id`,
					[id, [...layers]]
				)
			).map(toFeature);
		},
		async addPhoto(sessionId, photo, ctx) {
			return writeTx(h, async (c) => {
				const s = await c.query('SELECT 1 FROM assembly_sessions WHERE id = $1 FOR UPDATE', [sessionId]);
				if (!s.rowCount) throw new RepoError('SESSION_NOT_FOUND', 'No existe esa sesión.');
				const r = await c.query(
					`INSERT INTO assembly_photos (session_id, mime, size, sha256, bytes, created_by, created_at)
					 VALUES (${marks(7)}) RETURNING ${PHOTO_META}`,
					[
						sessionId,
						photo.mime,
						photo.bytes.byteLength,
						photo.sha256,
						Buffer.from(photo.bytes),
						ctx.actorId,
						new Date().toISOString()
					]
				);
				const p = toPhoto(r.rows[0] as PhotoRow);
				await writeAudit(c, photoCreateAudit(p), ctx);
				return p;
			});
		},
		async photo(sessionId, photoId) {
			const r = (
				await q<PhotoRow>(h, 'SELECT * FROM assembly_photos WHERE id = $1 AND session_id = $2', [
					photoId,
					sessionId
				])
			)[0];
			return r ? { ...toPhoto(r), bytes: new Uint8Array(r.bytes!) } : null;
		},
		async photos(sessionId) {
			return (
				await q<PhotoRow>(h, `SELECT ${PHOTO_META} FROM assembly_photos WHERE session_id = $1 ORDER BY id`, [
					sessionId
				])
			).map(toPhoto);
		}
	};
}

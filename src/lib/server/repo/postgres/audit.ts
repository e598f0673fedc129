import type pg from 'pg';
import { auditHash, GENESIS_HASH, type HashedAuditFields } from '../../audit/chain';
import type { AuditContext, AuditEntry, AuditQuery, AuditRecord, AuditRepository } from '../types';
import { chainHead, q, writeTx, type PgHandle } from './db';

interface AuditRow extends HashedAuditFields {
	id: number;
	prev_hash: string;
	hash: string;
}

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

function toEntry(r: AuditRow): AuditEntry {
	return {
		id: r.id,
		at: r.at,
		actorId: r.actor_id,
		actorUsername: r.actor_username,
		actorRole: r.actor_role,
		action: r.action,
		entityType: r.entity_type,
		entityId: r.entity_id,
		layer: r.layer,
		before: parse(r.before_json),
		after: parse(r.after_json),
		ip: r.ip,
		requestId: r.request_id,
		hash: r.hash
	};
}

/** Appends one audit row inside the caller's write transaction (which holds the single-writer lock). */
export async function writeAudit(c: pg.PoolClient, rec: AuditRecord, ctx: AuditContext): Promise<AuditEntry> {
	let prev: string;
	if (chainHead.has(c)) prev = chainHead.get(c) ?? GENESIS_HASH;
	else {
		const last = (await c.query('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')).rows[0] as
			{ hash: string } | undefined;
		prev = last?.hash ?? GENESIS_HASH;
	}
	const f: HashedAuditFields = {
		at: new Date().toISOString(),
		actor_id: ctx.actorId,
		actor_username: ctx.actorUsername,
		actor_role: ctx.actorRole,
		action: rec.action,
		entity_type: rec.entityType,
		entity_id: rec.entityId ?? null,
		layer: rec.layer ?? null,
		before_json: rec.before === undefined || rec.before === null ? null : JSON.stringify(rec.before),
		after_json: rec.after === undefined || rec.after === null ? null : JSON.stringify(rec.after),
		ip: ctx.ip ?? null,
		request_id: ctx.requestId ?? null
	};
	const hash = auditHash(prev, f);
	if (chainHead.has(c)) chainHead.set(c, hash);
	const r = await c.query(
		`INSERT INTO audit_log (at, actor_id, actor_username, actor_role, action, entity_type, entity_id, layer,
		 before_json, after_json, ip, request_id, prev_hash, hash)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		[
			f.at,
			f.actor_id,
			f.actor_username,
			f.actor_role,
			f.action,
			f.entity_type,
			f.entity_id,
			f.layer,
			f.before_json,
			f.after_json,
			f.ip,
			f.request_id,
			prev,
			hash
		]
	);
	return toEntry({ ...f, id: Number(r.rows[0].id), prev_hash: prev, hash });
}

function where(qq: Omit<AuditQuery, 'limit'>): { sql: string; params: unknown[] } {
	const c: string[] = [];
	const p: unknown[] = [];
	const add = (sql: string, v: unknown) => {
		p.push(v);
		c.push(sql.replace('?', `$${p.length}`));
	};
	if (qq.actorId !== undefined) add('actor_id = ?', qq.actorId);
	if (qq.actorUsername) add('lower(actor_username) = lower(?)', qq.actorUsername);
	if (qq.action) add('action = ?', qq.action);
	if (qq.entityType) add('entity_type = ?', qq.entityType);
	if (qq.entityId) add('entity_id = ?', qq.entityId);
	if (qq.layer) add('layer = ?', qq.layer);
	if (qq.from) add('at >= ?', qq.from);
	if (qq.to) add('at <= ?', qq.to);
	if (qq.beforeId !== undefined) add('id < ?', qq.beforeId);
	return { sql: c.length ? `WHERE ${c.join(' AND ')}` : '', params: p };
}

export function pgAuditRepository(h: PgHandle): AuditRepository {
	return {
		async record(entry, ctx) {
			return writeTx(h, (c) => writeAudit(c, entry, ctx));
		},
		async list(qq) {
			const w = where(qq);
			const rows = await q<AuditRow>(
				h,
				`SELECT * FROM audit_log ${w.sql} ORDER BY id DESC LIMIT $${w.params.length + 1}`,
				[...w.params, qq.limit]
			);
			return rows.map(toEntry);
		},
		async history(entityType, entityId) {
			const rows = await q<AuditRow>(
				h,
				'SELECT * FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id ASC',
				[entityType, entityId]
			);
			return rows.map(toEntry);
		},
		async count(qq = {}) {
			const w = where(qq);
			return (await q<{ n: number }>(h, `SELECT count(*)::int AS n FROM audit_log ${w.sql}`, w.params))[0]!.n;
		},
		async verifyChain() {
			let prev = GENESIS_HASH;
			let rows = 0;
			let lastId = 0;
			for (;;) {
				const batch = await q<AuditRow>(
					h,
					'SELECT * FROM audit_log WHERE id > $1 ORDER BY id ASC LIMIT 5000',
					[lastId]
				);
				for (const r of batch) {
					rows++;
					if (r.prev_hash !== prev || auditHash(prev, r) !== r.hash)
						return { ok: false, rows, brokenAt: r.id };
					prev = r.hash;
					lastId = r.id;
				}
				if (batch.length < 5000) break;
			}
			return { ok: true, rows, brokenAt: null };
		}
	};
}

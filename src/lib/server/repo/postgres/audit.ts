import type pg from 'pg';
import { auditHash, GENESIS_HASH } from '../../audit/chain';
import { AUDIT_COLUMNS, auditFields, auditValues, toAuditEntry, type AuditRow } from '../rows';
import type { AuditContext, AuditEntry, AuditQuery, AuditRecord, AuditRepository } from '../types';
import { chainHead, marks, q, writeTx, type PgHandle } from './db';

/** Appends one audit row inside the caller's write transaction (which holds the single-writer lock). */
export async function writeAudit(c: pg.PoolClient, rec: AuditRecord, ctx: AuditContext): Promise<AuditEntry> {
	let prev: string;
	if (chainHead.has(c)) prev = chainHead.get(c) ?? GENESIS_HASH;
	else {
		const last = (await c.query('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')).rows[0] as
			{ hash: string } | undefined;
		prev = last?.hash ?? GENESIS_HASH;
	}
	const f = auditFields(rec, ctx);
	const hash = auditHash(prev, f);
	if (chainHead.has(c)) chainHead.set(c, hash);
	const r = await c.query(
		`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (${marks(14)}) RETURNING id`,
		auditValues(f, prev, hash)
	);
	return toAuditEntry({ ...f, id: Number(r.rows[0].id), prev_hash: prev, hash });
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
			return rows.map(toAuditEntry);
		},
		async history(entityType, entityId) {
			const rows = await q<AuditRow>(
				h,
				'SELECT * FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id ASC',
				[entityType, entityId]
			);
			return rows.map(toAuditEntry);
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

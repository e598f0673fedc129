import type Database from 'better-sqlite3';
import { auditHash, GENESIS_HASH } from '../../audit/chain';
import { AUDIT_COLUMNS, auditFields, auditValues, toAuditEntry, type AuditRow } from '../rows';
import type { AuditContext, AuditEntry, AuditQuery, AuditRecord, AuditRepository } from '../types';

/**
 * Appends one audit row. MUST be called inside the caller's write transaction so that the change and its
 * audit row commit (or roll back) together.
 */
export function writeAudit(db: Database.Database, rec: AuditRecord, ctx: AuditContext): AuditEntry {
	const last = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
		{ hash: string } | undefined;
	const prev = last?.hash ?? GENESIS_HASH;
	const fields = auditFields(rec, ctx);
	const hash = auditHash(prev, fields);
	const info = db
		.prepare(`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (${Array(14).fill('?').join(', ')})`)
		.run(...auditValues(fields, prev, hash));
	return toAuditEntry({ ...fields, id: Number(info.lastInsertRowid), prev_hash: prev, hash });
}

function where(q: Omit<AuditQuery, 'limit'>): { sql: string; params: unknown[] } {
	const c: string[] = [];
	const p: unknown[] = [];
	if (q.actorId !== undefined) {
		c.push('actor_id = ?');
		p.push(q.actorId);
	}
	if (q.actorUsername) {
		c.push('actor_username = ? COLLATE NOCASE');
		p.push(q.actorUsername);
	}
	if (q.action) {
		c.push('action = ?');
		p.push(q.action);
	}
	if (q.entityType) {
		c.push('entity_type = ?');
		p.push(q.entityType);
	}
	if (q.entityId) {
		c.push('entity_id = ?');
		p.push(q.entityId);
	}
	if (q.layer) {
		c.push('layer = ?');
		p.push(q.layer);
	}
	if (q.from) {
		c.push('at >= ?');
		p.push(q.from);
	}
	if (q.to) {
		c.push('at <= ?');
		p.push(q.to);
	}
	if (q.beforeId !== undefined) {
		c.push('id < ?');
		p.push(q.beforeId);
	}
	return { sql: c.length ? `WHERE ${c.join(' AND ')}` : '', params: p };
}

export function sqliteAuditRepository(db: Database.Database): AuditRepository {
	return {
		async record(entry, ctx) {
			return db.transaction(() => writeAudit(db, entry, ctx)).immediate();
		},
		async list(q) {
			const w = where(q);
			const rows = db
				.prepare(`SELECT * FROM audit_log ${w.sql} ORDER BY id DESC LIMIT ?`)
				.all(...w.params, q.limit) as AuditRow[];
			return rows.map(toAuditEntry);
		},
		async history(entityType, entityId) {
			const rows = db
				.prepare('SELECT * FROM audit_log WHERE entity_type = ? AND entity_id = ? ORDER BY id ASC')
				.all(entityType, entityId) as AuditRow[];
			return rows.map(toAuditEntry);
		},
		async count(q = {}) {
			const w = where(q);
			return (db.prepare(`SELECT count(*) AS n FROM audit_log ${w.sql}`).get(...w.params) as { n: number }).n;
		},
		async verifyChain() {
			let prev = GENESIS_HASH;
			let rows = 0;
			for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id ASC').iterate() as Iterable<AuditRow>) {
				rows++;
				if (r.prev_hash !== prev || auditHash(prev, r) !== r.hash) return { ok: false, rows, brokenAt: r.id };
				prev = r.hash;
			}
			return { ok: true, rows, brokenAt: null };
		}
	};
}

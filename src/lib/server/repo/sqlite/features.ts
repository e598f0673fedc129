import type Database from 'better-sqlite3';
import type { FeatureInput, FeatureRepository } from '../types';
import { featureAudit, toFeature, type FeatureRow } from '../rows';
import { writeAudit } from './audit';

/** Re-exported for the SQLite stores that read features (review, assembly sessions). */
export { toFeature, type FeatureRow };

export function sqliteFeatureRepository(db: Database.Database): FeatureRepository {
	const getStmt = db.prepare('SELECT * FROM features WHERE layer = ? AND id = ?');
	const getRow = (layer: string, id: number) => getStmt.get(layer, id) as FeatureRow | undefined;

	return {
		async list(q) {
			const statuses = [...q.statuses];
			if (statuses.length === 0) return { features: [], numberMatched: 0 };
			const marks = statuses.map(() => '?').join(',');
			const params: unknown[] = [q.layer, ...statuses];
			let join = '';
			let cond = '';
			if (q.bbox) {
				const [minX, minY, maxX, maxY] = q.bbox;
				join = 'JOIN features_rtree r ON r.id = f.id';
				cond = 'AND r.max_x >= ? AND r.min_x <= ? AND r.max_y >= ? AND r.min_y <= ?';
				cond += ' AND f.max_x >= ? AND f.min_x <= ? AND f.max_y >= ? AND f.min_y <= ?';
				params.push(minX, maxX, minY, maxY, minX, maxX, minY, maxY);
			}
			const base = `FROM features f ${join} WHERE f.layer = ? AND f.status IN (${marks}) ${cond}`;
			const read = db.transaction(() => {
				const n = (db.prepare(`SELECT count(*) AS n ${base}`).get(...params) as { n: number }).n;
				const rows = db
					.prepare(`SELECT f.* ${base} ORDER BY f.id LIMIT ? OFFSET ?`)
					.all(...params, q.limit, q.offset) as FeatureRow[];
				return { features: rows.map(toFeature), numberMatched: n };
			});
			return read.deferred();
		},
		async get(layer, id) {
			const r = getRow(layer, id);
			return r ? toFeature(r) : null;
		},
		async create(layer, input, ctx) {
			return db
				.transaction(() => {
					const now = new Date().toISOString();
					const [minX, minY, maxX, maxY] = input.bbox;
					const info = db
						.prepare(
							`INSERT INTO features (layer, geometry, geometry_type, min_x, min_y, max_x, max_y, properties, status,
							 version, created_by, updated_by, created_at, updated_at)
							 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`
						)
						.run(
							layer,
							JSON.stringify(input.geometry),
							input.geometry.type,
							minX,
							minY,
							maxX,
							maxY,
							JSON.stringify(input.properties),
							input.status,
							ctx.actorId,
							ctx.actorId,
							now,
							now
						);
					const f = toFeature(getRow(layer, Number(info.lastInsertRowid))!);
					writeAudit(db, featureAudit(layer, null, f), ctx);
					return f;
				})
				.immediate();
		},
		async update(layer, id, expectedVersion, input: FeatureInput, ctx) {
			return db
				.transaction(() => {
					const row = getRow(layer, id);
					if (!row) return { ok: false as const, reason: 'not_found' as const };
					const before = toFeature(row);
					if (before.version !== expectedVersion)
						return { ok: false as const, reason: 'conflict' as const, current: before };
					const now = new Date().toISOString();
					const [minX, minY, maxX, maxY] = input.bbox;
					const info = db
						.prepare(
							`UPDATE features SET geometry = ?, geometry_type = ?, min_x = ?, min_y = ?, max_x = ?, max_y = ?,
							 properties = ?, status = ?, version = version + 1, updated_by = ?, updated_at = ?
							 WHERE layer = ? AND id = ? AND version = ?`
						)
						.run(
							JSON.stringify(input.geometry),
							input.geometry.type,
							minX,
							minY,
							maxX,
							maxY,
							JSON.stringify(input.properties),
							input.status,
							ctx.actorId,
							now,
							layer,
							id,
							expectedVersion
						);
					if (info.changes !== 1) throw new Error('update affected no row despite a matching version');
					const after = toFeature(getRow(layer, id)!);
					writeAudit(db, featureAudit(layer, before, after), ctx);
					return { ok: true as const, value: after };
				})
				.immediate();
		},
		async delete(layer, id, expectedVersion, ctx) {
			return db
				.transaction(() => {
					const row = getRow(layer, id);
					if (!row) return { ok: false as const, reason: 'not_found' as const };
					const before = toFeature(row);
					if (before.version !== expectedVersion)
						return { ok: false as const, reason: 'conflict' as const, current: before };
					db.prepare('DELETE FROM features WHERE layer = ? AND id = ? AND version = ?').run(
						layer,
						id,
						expectedVersion
					);
					writeAudit(db, featureAudit(layer, before, null), ctx);
					return { ok: true as const, value: before };
				})
				.immediate();
		}
	};
}

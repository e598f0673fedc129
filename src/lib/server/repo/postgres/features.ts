import type pg from 'pg';
import type { FeatureInput, FeatureRepository } from '../types';
import { featureAudit, toFeature, type FeatureRow as Row } from '../rows';
import { writeAudit } from './audit';
import { q, readTx, writeTx, type PgHandle } from './db';

/** The columns of a feature row (all but the generated `geom`). */
export const COLS = `id, layer, geometry, min_x, min_y, max_x, max_y, properties, status, version, created_by, updated_by,
	created_at, updated_at`;

async function lockRow(c: pg.PoolClient, layer: string, id: number): Promise<Row | undefined> {
	return (await c.query(`SELECT ${COLS} FROM features WHERE layer = $1 AND id = $2 FOR UPDATE`, [layer, id]))
		.rows[0] as Row | undefined;
}

/** JSON text for a JSONB parameter (node-postgres would send JS arrays as PostgreSQL arrays). */
const j = (v: unknown) => JSON.stringify(v);

export function pgFeatureRepository(h: PgHandle): FeatureRepository {
	return {
		async list(qq) {
			const statuses = [...qq.statuses];
			if (statuses.length === 0) return { features: [], numberMatched: 0 };
			const params: unknown[] = [qq.layer, statuses];
			let cond = '';
			if (qq.bbox) {
				const [minX, minY, maxX, maxY] = qq.bbox;
				params.push(minX, minY, maxX, maxY);
				// Same rule as SQLite's R*Tree query: the stored bounding boxes intersect (GiST on the box).
				cond = `AND ST_MakeEnvelope(min_x, min_y, max_x, max_y, 4326) && ST_MakeEnvelope($3, $4, $5, $6, 4326)`;
			}
			const base = `FROM features WHERE layer = $1 AND status = ANY($2::text[]) ${cond}`;
			return readTx(h, async (c) => {
				const n = Number((await c.query(`SELECT count(*) AS n ${base}`, params)).rows[0].n);
				const rows = (
					await c.query(
						`SELECT ${COLS} ${base} ORDER BY id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
						[...params, qq.limit, qq.offset]
					)
				).rows as Row[];
				return { features: rows.map(toFeature), numberMatched: n };
			});
		},
		async get(layer, id) {
			const r = (
				await q<Row>(h, `SELECT ${COLS} FROM features WHERE layer = $1 AND id = $2`, [layer, id])
			)[0];
			return r ? toFeature(r) : null;
		},
		async create(layer, input, ctx) {
			return writeTx(h, async (c) => {
				const now = new Date().toISOString();
				const [minX, minY, maxX, maxY] = input.bbox;
				const r = (
					await c.query(
						`INSERT INTO features (layer, geometry, geometry_type, min_x, min_y, max_x, max_y, properties, status,
						 version, created_by, updated_by, created_at, updated_at)
						 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10, $11, $11) RETURNING ${COLS}`,
						[
							layer,
							j(input.geometry),
							input.geometry.type,
							minX,
							minY,
							maxX,
							maxY,
							j(input.properties),
							input.status,
							ctx.actorId,
							now
						]
					)
				).rows[0] as Row;
				const f = toFeature(r);
				await writeAudit(c, featureAudit(layer, null, f), ctx);
				return f;
			});
		},
		async update(layer, id, expectedVersion, input: FeatureInput, ctx) {
			return writeTx(h, async (c) => {
				const row = await lockRow(c, layer, id);
				if (!row) return { ok: false as const, reason: 'not_found' as const };
				const before = toFeature(row);
				if (before.version !== expectedVersion)
					return { ok: false as const, reason: 'conflict' as const, current: before };
				const [minX, minY, maxX, maxY] = input.bbox;
				const r = (
					await c.query(
						`UPDATE features SET geometry = $1, geometry_type = $2, min_x = $3, min_y = $4, max_x = $5, max_y = $6,
						 properties = $7, status = $8, version = version + 1, updated_by = $9, updated_at = $10
						 WHERE layer = $11 AND id = $12 AND version = $13 RETURNING ${COLS}`,
						[
							j(input.geometry),
							input.geometry.type,
							minX,
							minY,
							maxX,
							maxY,
							j(input.properties),
							input.status,
							ctx.actorId,
							new Date().toISOString(),
							layer,
							id,
							expectedVersion
						]
					)
				).rows[0] as Row | undefined;
				if (!r) throw new Error('update affected no row despite a matching version');
				const after = toFeature(r);
				await writeAudit(c, featureAudit(layer, before, after), ctx);
				return { ok: true as const, value: after };
			});
		},
		async delete(layer, id, expectedVersion, ctx) {
			return writeTx(h, async (c) => {
				const row = await lockRow(c, layer, id);
				if (!row) return { ok: false as const, reason: 'not_found' as const };
				const before = toFeature(row);
				if (before.version !== expectedVersion)
					return { ok: false as const, reason: 'conflict' as const, current: before };
				await c.query('DELETE FROM features WHERE layer = $1 AND id = $2 AND version = $3', [
					layer,
					id,
					expectedVersion
				]);
				await writeAudit(c, featureAudit(layer, before, null), ctx);
				return { ok: true as const, value: before };
			});
		}
	};
}

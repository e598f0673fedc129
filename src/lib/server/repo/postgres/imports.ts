/**
 * PostGIS implementation of the issue 6 ImportRepository: every feature, the import row and ONE audit row
 * in one serialized transaction. Features are inserted in one statement (arrays unnested server-side) with
 * ids drawn beforehand from the identity sequence, so the id of each input feature is known without relying
 * on RETURNING order. Row mapping shared with SQLite (`imports/rows.ts`).
 */
import type pg from 'pg';
import { RepoError, type FeatureStatus } from '../types';
import type { ImportRepository } from '../../imports/types';
import {
	finishRecord,
	importCreateAudit,
	importDeleteAudit,
	importRow,
	importStatusAudit,
	layerTakenMessage,
	toRecord,
	type ImportRow
} from '../../imports/rows';
import { writeAudit } from './audit';
import { marks, q, writeTx, type PgHandle } from './db';

const layerRow = async (c: pg.PoolClient, layer: string) =>
	(await c.query("SELECT * FROM imports WHERE target = 'layer' AND layer = $1 FOR UPDATE", [layer]))
		.rows[0] as ImportRow | undefined;

/** Rows per INSERT statement (keeps each parameter array a few MB at most). */
const CHUNK = 5000;

export function pgImportRepository(h: PgHandle): ImportRepository {
	return {
		async list(target) {
			const rows = target
				? await q<ImportRow>(h, 'SELECT * FROM imports WHERE target = $1 ORDER BY id DESC', [target])
				: await q<ImportRow>(h, 'SELECT * FROM imports ORDER BY id DESC');
			return rows.map(toRecord);
		},
		async get(id) {
			const r = (await q<ImportRow>(h, 'SELECT * FROM imports WHERE id = $1', [id]))[0];
			return r ? toRecord(r) : null;
		},
		async getLayer(layer) {
			const r = (
				await q<ImportRow>(h, "SELECT * FROM imports WHERE target = 'layer' AND layer = $1", [layer])
			)[0];
			return r ? toRecord(r) : null;
		},
		async create(rec, features, action, ctx) {
			return writeTx(h, async (c) => {
				if (rec.target === 'layer' && (await layerRow(c, rec.layer)))
					throw new RepoError('IMPORT_LAYER_TAKEN', layerTakenMessage(rec.layer));
				const now = new Date().toISOString();
				const ids: number[] = features.length
					? (
							await c.query(
								"SELECT nextval(pg_get_serial_sequence('features', 'id')) AS id FROM generate_series(1, $1)",
								[features.length]
							)
						).rows
							.map((r: { id: number }) => r.id)
							.sort((a: number, b: number) => a - b)
					: [];
				for (let i = 0; i < features.length; i += CHUNK) {
					const part = features.slice(i, i + CHUNK);
					await c.query(
						`INSERT INTO features (id, layer, geometry, geometry_type, min_x, min_y, max_x, max_y, properties,
						 status, version, created_by, updated_by, created_at, updated_at)
						 SELECT u.id, $1, u.g::jsonb, u.t, u.a, u.b, u.c, u.d, u.p::jsonb, u.s, 1, $2, $2, $3, $3
						 FROM unnest($4::bigint[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::float8[],
						 $10::float8[], $11::text[], $12::text[]) AS u(id, g, t, a, b, c, d, p, s)`,
						[
							rec.layer,
							ctx.actorId,
							now,
							ids.slice(i, i + CHUNK),
							part.map((f) => JSON.stringify(f.geometry)),
							part.map((f) => f.geometry.type),
							part.map((f) => f.bbox[0]),
							part.map((f) => f.bbox[1]),
							part.map((f) => f.bbox[2]),
							part.map((f) => f.bbox[3]),
							part.map((f) => JSON.stringify(f.properties)),
							part.map((f) => f.status)
						]
					);
				}
				const row = importRow(rec, features.length, ids, ctx.actorId, ctx.actorUsername, now);
				const names = Object.keys(row);
				const r = (
					await c.query(
						`INSERT INTO imports (${names.join(', ')}) VALUES (${marks(names.length)}) RETURNING *`,
						[...Object.values(row)]
					)
				).rows[0] as ImportRow;
				const record = finishRecord(rec, toRecord(r));
				await writeAudit(c, importCreateAudit(action, rec, record, features, ids), ctx);
				return record;
			});
		},
		async deleteLayer(layer, action, ctx) {
			return writeTx(h, async (c) => {
				const r = await layerRow(c, layer);
				if (!r) return null;
				const record = toRecord(r);
				const n = (await c.query('DELETE FROM features WHERE layer = $1', [layer])).rowCount ?? 0;
				await c.query('DELETE FROM imports WHERE id = $1', [r.id]);
				await writeAudit(c, importDeleteAudit(action, record, n), ctx);
				return record;
			});
		},
		async setLayerStatus(layer, status: FeatureStatus, action, ctx) {
			return writeTx(h, async (c) => {
				const r = await layerRow(c, layer);
				if (!r) return null;
				const record = toRecord(r);
				const changed =
					(
						await c.query(
							`UPDATE features SET status = $1, version = version + 1, updated_by = $2, updated_at = $3
							 WHERE layer = $4 AND status <> $1`,
							[status, ctx.actorId, new Date().toISOString(), layer]
						)
					).rowCount ?? 0;
				await writeAudit(c, importStatusAudit(action, record, status, changed), ctx);
				return { record, changed };
			});
		},
		async statusCounts(layer) {
			const rows = await q<{ status: FeatureStatus; n: number }>(
				h,
				'SELECT status, count(*) AS n FROM features WHERE layer = $1 GROUP BY status',
				[layer]
			);
			const out: Record<FeatureStatus, number> = { borrador: 0, publicado: 0 };
			for (const r of rows) out[r.status] = r.n;
			return out;
		}
	};
}

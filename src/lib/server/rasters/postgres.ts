/** PostGIS implementation of RasterRepository: the row and ONE audit row in one serialized transaction. */
import type { RasterRepository } from './types';
import { RASTER_COLUMNS, rowValues, toRecord, type Row } from './rows';
import { AUDIT_ACTIONS } from '../audit/actions';
import { writeAudit } from '../repo/postgres/audit';
import { marks, q, writeTx, type PgHandle } from '../repo/postgres/db';

export function pgRasterRepository(h: PgHandle): RasterRepository {
	return {
		async list() {
			return (await q<Row>(h, 'SELECT * FROM rasters ORDER BY created_at DESC, id')).map(toRecord);
		},
		async get(id) {
			const r = (await q<Row>(h, 'SELECT * FROM rasters WHERE id = $1', [id]))[0];
			return r ? toRecord(r) : null;
		},
		async create(rec, ctx) {
			return writeTx(h, async (c) => {
				const v = rowValues(rec, ctx);
				const r = (
					await c.query(
						`INSERT INTO rasters (${RASTER_COLUMNS.join(', ')}) VALUES (${marks(RASTER_COLUMNS.length)}) RETURNING *`,
						RASTER_COLUMNS.map((k) => v[k])
					)
				).rows[0] as Row;
				const record = toRecord(r);
				await writeAudit(
					c,
					{ action: AUDIT_ACTIONS.rasterCreate, entityType: 'raster', entityId: rec.id, after: record },
					ctx
				);
				return record;
			});
		},
		async delete(id, ctx) {
			return writeTx(h, async (c) => {
				const r = (await c.query('DELETE FROM rasters WHERE id = $1 RETURNING *', [id])).rows[0] as
					Row | undefined;
				if (!r) return null;
				const record = toRecord(r);
				await writeAudit(
					c,
					{ action: AUDIT_ACTIONS.rasterDelete, entityType: 'raster', entityId: id, before: record },
					ctx
				);
				return record;
			});
		}
	};
}

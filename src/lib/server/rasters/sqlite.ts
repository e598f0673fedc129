/** SQLite implementation of RasterRepository: one row + one audit entry per transaction. */
import type Database from 'better-sqlite3';
import { writeAudit } from '../repo/sqlite/audit';
import { AUDIT_ACTIONS } from '../audit/actions';
import type { RasterRepository } from './types';
import { RASTER_COLUMNS, rowValues, toRecord, type Row } from './rows';

export function sqliteRasterRepository(db: Database.Database): RasterRepository {
	const byId = db.prepare('SELECT * FROM rasters WHERE id = ?');
	const insert = db.prepare(
		`INSERT INTO rasters (${RASTER_COLUMNS.join(', ')}) VALUES (${RASTER_COLUMNS.map((c) => '@' + c).join(', ')})`
	);
	return {
		async list() {
			return (db.prepare('SELECT * FROM rasters ORDER BY created_at DESC, id').all() as Row[]).map(toRecord);
		},
		async get(id) {
			const r = byId.get(id) as Row | undefined;
			return r ? toRecord(r) : null;
		},
		async create(rec, ctx) {
			return db
				.transaction(() => {
					insert.run(rowValues(rec, ctx));
					const record = toRecord(byId.get(rec.id) as Row);
					writeAudit(
						db,
						{ action: AUDIT_ACTIONS.rasterCreate, entityType: 'raster', entityId: rec.id, after: record },
						ctx
					);
					return record;
				})
				.immediate();
		},
		async delete(id, ctx) {
			return db
				.transaction(() => {
					const r = byId.get(id) as Row | undefined;
					if (!r) return null;
					const record = toRecord(r);
					db.prepare('DELETE FROM rasters WHERE id = ?').run(id);
					writeAudit(
						db,
						{ action: AUDIT_ACTIONS.rasterDelete, entityType: 'raster', entityId: id, before: record },
						ctx
					);
					return record;
				})
				.immediate();
		}
	};
}

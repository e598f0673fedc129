/** SQLite implementation of ImportRepository: features + import row + one audit row per transaction. */
import type Database from 'better-sqlite3';
import { writeAudit } from '../repo/sqlite/audit';
import { RepoError, type FeatureStatus } from '../repo/types';
import type { ImportRepository } from './types';
import {
	finishRecord,
	importCreateAudit,
	importDeleteAudit,
	importRow,
	importStatusAudit,
	layerTakenMessage,
	toRecord,
	type ImportRow
} from './rows';

export function sqliteImportRepository(db: Database.Database): ImportRepository {
	const byId = db.prepare('SELECT * FROM imports WHERE id = ?');
	const byLayer = db.prepare("SELECT * FROM imports WHERE target = 'layer' AND layer = ?");
	const insertFeature = db.prepare(
		`INSERT INTO features (layer, geometry, geometry_type, min_x, min_y, max_x, max_y, properties, status,
		 version, created_by, updated_by, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`
	);
	const insertImport = db.prepare(
		`INSERT INTO imports (target, layer, name, source_file, source_format, source_crs, geometry_type,
		 feature_count, skipped_count, bbox, provenance, feature_ids, created_by, created_by_username, created_at)
		 VALUES (@target, @layer, @name, @source_file, @source_format, @source_crs, @geometry_type,
		 @feature_count, @skipped_count, @bbox, @provenance, @feature_ids, @created_by, @created_by_username, @created_at)`
	);

	return {
		async list(target) {
			const rows = (
				target
					? db.prepare('SELECT * FROM imports WHERE target = ? ORDER BY id DESC').all(target)
					: db.prepare('SELECT * FROM imports ORDER BY id DESC').all()
			) as ImportRow[];
			return rows.map(toRecord);
		},
		async get(id) {
			const r = byId.get(id) as ImportRow | undefined;
			return r ? toRecord(r) : null;
		},
		async getLayer(layer) {
			const r = byLayer.get(layer) as ImportRow | undefined;
			return r ? toRecord(r) : null;
		},
		async create(rec, features, action, ctx) {
			return db
				.transaction(() => {
					if (rec.target === 'layer' && byLayer.get(rec.layer))
						throw new RepoError('IMPORT_LAYER_TAKEN', layerTakenMessage(rec.layer));
					const now = new Date().toISOString();
					const ids: number[] = [];
					for (const f of features) {
						const [minX, minY, maxX, maxY] = f.bbox;
						const info = insertFeature.run(
							rec.layer,
							JSON.stringify(f.geometry),
							f.geometry.type,
							minX,
							minY,
							maxX,
							maxY,
							JSON.stringify(f.properties),
							f.status,
							ctx.actorId,
							ctx.actorId,
							now,
							now
						);
						ids.push(Number(info.lastInsertRowid));
					}
					const info = insertImport.run(
						importRow(rec, features.length, ids, ctx.actorId, ctx.actorUsername, now)
					);
					const record = finishRecord(rec, toRecord(byId.get(Number(info.lastInsertRowid)) as ImportRow));
					writeAudit(db, importCreateAudit(action, rec, record, features, ids), ctx);
					return record;
				})
				.immediate();
		},
		async deleteLayer(layer, action, ctx) {
			return db
				.transaction(() => {
					const r = byLayer.get(layer) as ImportRow | undefined;
					if (!r) return null;
					const record = toRecord(r);
					const n = db.prepare('DELETE FROM features WHERE layer = ?').run(layer).changes;
					db.prepare('DELETE FROM imports WHERE id = ?').run(r.id);
					writeAudit(db, importDeleteAudit(action, record, n), ctx);
					return record;
				})
				.immediate();
		},
		async setLayerStatus(layer, status: FeatureStatus, action, ctx) {
			return db
				.transaction(() => {
					const r = byLayer.get(layer) as ImportRow | undefined;
					if (!r) return null;
					const record = toRecord(r);
					const now = new Date().toISOString();
					const changed = db
						.prepare(
							`UPDATE features SET status = ?, version = version + 1, updated_by = ?, updated_at = ?
							 WHERE layer = ? AND status <> ?`
						)
						.run(status, ctx.actorId, now, layer, status).changes;
					writeAudit(db, importStatusAudit(action, record, status, changed), ctx);
					return { record, changed };
				})
				.immediate();
		},
		async statusCounts(layer) {
			const rows = db
				.prepare('SELECT status, count(*) AS n FROM features WHERE layer = ? GROUP BY status')
				.all(layer) as { status: FeatureStatus; n: number }[];
			const out: Record<FeatureStatus, number> = { borrador: 0, publicado: 0 };
			for (const r of rows) out[r.status] = r.n;
			return out;
		}
	};
}

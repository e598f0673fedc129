/** SQLite implementation of ImportRepository: features + import row + one audit row per transaction. */
import type Database from 'better-sqlite3';
import { writeAudit } from '../repo/sqlite/audit';
import { RepoError, type FeatureStatus } from '../repo/types';
import type { ImportRecord, ImportRepository, ImportTarget } from './types';

interface Row {
	id: number;
	target: ImportTarget;
	layer: string;
	name: string;
	source_file: string;
	source_format: string | null;
	source_crs: string | null;
	geometry_type: ImportRecord['geometryType'];
	feature_count: number;
	skipped_count: number;
	bbox: string | null;
	provenance: string;
	feature_ids: string;
	created_by: number | null;
	created_by_username: string | null;
	created_at: string;
}

function toRecord(r: Row): ImportRecord {
	return {
		id: r.id,
		target: r.target,
		layer: r.layer,
		name: r.name,
		sourceFile: r.source_file,
		sourceFormat: r.source_format,
		sourceCrs: r.source_crs,
		geometryType: r.geometry_type,
		featureCount: r.feature_count,
		skippedCount: r.skipped_count,
		bbox: r.bbox ? (JSON.parse(r.bbox) as ImportRecord['bbox']) : null,
		provenance: JSON.parse(r.provenance) as Record<string, unknown>,
		featureIds: JSON.parse(r.feature_ids) as number[],
		createdBy: r.created_by,
		createdByUsername: r.created_by_username,
		createdAt: r.created_at
	};
}

/** The audit row keeps the record without the (possibly long) id list, plus the ids separately. */
function auditView(rec: ImportRecord) {
	const { featureIds, ...rest } = rec;
	return { ...rest, featureIds };
}

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
			) as Row[];
			return rows.map(toRecord);
		},
		async get(id) {
			const r = byId.get(id) as Row | undefined;
			return r ? toRecord(r) : null;
		},
		async getLayer(layer) {
			const r = byLayer.get(layer) as Row | undefined;
			return r ? toRecord(r) : null;
		},
		async create(rec, features, action, ctx) {
			return db
				.transaction(() => {
					if (rec.target === 'layer' && byLayer.get(rec.layer))
						throw new RepoError('IMPORT_LAYER_TAKEN', `Ya existe una capa importada «${rec.layer}».`);
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
					const info = insertImport.run({
						target: rec.target,
						layer: rec.layer,
						name: rec.name,
						source_file: rec.sourceFile,
						source_format: rec.sourceFormat,
						source_crs: rec.sourceCrs,
						geometry_type: rec.geometryType,
						feature_count: rec.target === 'reference' ? 0 : features.length,
						skipped_count: rec.skippedCount,
						bbox: rec.bbox ? JSON.stringify(rec.bbox) : null,
						provenance: JSON.stringify(rec.provenance),
						feature_ids: JSON.stringify(ids),
						created_by: ctx.actorId,
						created_by_username: ctx.actorUsername,
						created_at: now
					});
					const record = toRecord(byId.get(Number(info.lastInsertRowid)) as Row);
					if (rec.target === 'reference') {
						const n = Number(rec.provenance.featureCount);
						if (Number.isFinite(n)) record.featureCount = n;
					}
					writeAudit(
						db,
						{
							action,
							entityType: 'import',
							entityId: String(record.id),
							layer: rec.layer,
							after: {
								import: auditView(record),
								features: features.map((f, i) => ({
									id: ids[i],
									geometry: f.geometry,
									properties: f.properties,
									status: f.status,
									version: 1
								}))
							}
						},
						ctx
					);
					return record;
				})
				.immediate();
		},
		async deleteLayer(layer, action, ctx) {
			return db
				.transaction(() => {
					const r = byLayer.get(layer) as Row | undefined;
					if (!r) return null;
					const record = toRecord(r);
					const n = db.prepare('DELETE FROM features WHERE layer = ?').run(layer).changes;
					db.prepare('DELETE FROM imports WHERE id = ?').run(r.id);
					writeAudit(
						db,
						{
							action,
							entityType: 'import',
							entityId: String(r.id),
							layer,
							before: { import: auditView(record), deletedFeatures: n }
						},
						ctx
					);
					return record;
				})
				.immediate();
		},
		async setLayerStatus(layer, status: FeatureStatus, action, ctx) {
			return db
				.transaction(() => {
					const r = byLayer.get(layer) as Row | undefined;
					if (!r) return null;
					const record = toRecord(r);
					const now = new Date().toISOString();
					const changed = db
						.prepare(
							`UPDATE features SET status = ?, version = version + 1, updated_by = ?, updated_at = ?
							 WHERE layer = ? AND status <> ?`
						)
						.run(status, ctx.actorId, now, layer, status).changes;
					writeAudit(
						db,
						{
							action,
							entityType: 'import',
							entityId: String(r.id),
							layer,
							after: { status, changed }
						},
						ctx
					);
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

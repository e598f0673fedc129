/** SQLite implementation of RasterRepository: one row + one audit entry per transaction. */
import type Database from 'better-sqlite3';
import { writeAudit } from '../repo/sqlite/audit';
import { AUDIT_ACTIONS } from '../audit/actions';
import type { RasterRecord, RasterRepository } from './types';

interface Row {
	id: string;
	name: string;
	kind: RasterRecord['kind'];
	mime: RasterRecord['mime'];
	width: number;
	height: number;
	bytes: number;
	sha256: string;
	corners: string;
	bbox: string;
	source_file: string;
	source_crs: string | null;
	metadata: string;
	created_by: number | null;
	created_by_username: string | null;
	created_at: string;
}

function toRecord(r: Row): RasterRecord {
	return {
		id: r.id,
		name: r.name,
		kind: r.kind,
		mime: r.mime,
		width: r.width,
		height: r.height,
		bytes: r.bytes,
		sha256: r.sha256,
		corners: JSON.parse(r.corners) as RasterRecord['corners'],
		bbox: JSON.parse(r.bbox) as RasterRecord['bbox'],
		sourceFile: r.source_file,
		sourceCrs: r.source_crs,
		metadata: JSON.parse(r.metadata) as RasterRecord['metadata'],
		createdBy: r.created_by,
		createdByUsername: r.created_by_username,
		createdAt: r.created_at
	};
}

export function sqliteRasterRepository(db: Database.Database): RasterRepository {
	const byId = db.prepare('SELECT * FROM rasters WHERE id = ?');
	const insert = db.prepare(
		`INSERT INTO rasters (id, name, kind, mime, width, height, bytes, sha256, corners, bbox, source_file,
		 source_crs, metadata, created_by, created_by_username, created_at)
		 VALUES (@id, @name, @kind, @mime, @width, @height, @bytes, @sha256, @corners, @bbox, @source_file,
		 @source_crs, @metadata, @created_by, @created_by_username, @created_at)`
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
					insert.run({
						id: rec.id,
						name: rec.name,
						kind: rec.kind,
						mime: rec.mime,
						width: rec.width,
						height: rec.height,
						bytes: rec.bytes,
						sha256: rec.sha256,
						corners: JSON.stringify(rec.corners),
						bbox: JSON.stringify(rec.bbox),
						source_file: rec.sourceFile,
						source_crs: rec.sourceCrs,
						metadata: JSON.stringify(rec.metadata),
						created_by: ctx.actorId,
						created_by_username: ctx.actorUsername,
						created_at: new Date().toISOString()
					});
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

/** Row type and mapper of `rasters`, shared by the SQLite and PostGIS stores (same columns in both). */
import type { RasterRecord } from './types';

export interface Row {
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

export function toRecord(r: Row): RasterRecord {
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

/** Column values of a new row, in INSERT order (`RASTER_COLUMNS`). */
export const RASTER_COLUMNS = [
	'id',
	'name',
	'kind',
	'mime',
	'width',
	'height',
	'bytes',
	'sha256',
	'corners',
	'bbox',
	'source_file',
	'source_crs',
	'metadata',
	'created_by',
	'created_by_username',
	'created_at'
] as const;

export function rowValues(
	rec: Omit<RasterRecord, 'createdBy' | 'createdByUsername' | 'createdAt'>,
	by: { actorId: number | null; actorUsername: string | null },
	now = new Date().toISOString()
): Record<(typeof RASTER_COLUMNS)[number], unknown> {
	return {
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
		created_by: by.actorId,
		created_by_username: by.actorUsername,
		created_at: now
	};
}

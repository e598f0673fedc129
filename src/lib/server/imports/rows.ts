/**
 * Row type and pure mapping of the `imports` table, shared by the SQLite (`./sqliteRepo.ts`) and PostGIS
 * (`../repo/postgres/imports.ts`) stores (JSON columns are TEXT in both dialects), plus the audit records.
 */
import type { AuditRecord, FeatureInput } from '../repo/types';
import type { ImportRecord, ImportTarget, NewImport } from './types';

export interface ImportRow {
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

export function toRecord(r: ImportRow): ImportRecord {
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

/** The `imports` row of a new import (column → value, without id). */
export function importRow(
	rec: NewImport,
	featureCount: number,
	ids: number[],
	createdBy: number | null,
	createdByUsername: string | null,
	now: string
): Omit<ImportRow, 'id'> {
	return {
		target: rec.target,
		layer: rec.layer,
		name: rec.name,
		source_file: rec.sourceFile,
		source_format: rec.sourceFormat,
		source_crs: rec.sourceCrs,
		geometry_type: rec.geometryType,
		feature_count: rec.target === 'reference' ? 0 : featureCount,
		skipped_count: rec.skippedCount,
		bbox: rec.bbox ? JSON.stringify(rec.bbox) : null,
		provenance: JSON.stringify(rec.provenance),
		feature_ids: JSON.stringify(ids),
		created_by: createdBy,
		created_by_username: createdByUsername,
		created_at: now
	};
}

/** The record as returned: a reference import reports the feature count of its provenance. */
export function finishRecord(rec: NewImport, record: ImportRecord): ImportRecord {
	if (rec.target === 'reference') {
		const n = Number(rec.provenance.featureCount);
		if (Number.isFinite(n)) record.featureCount = n;
	}
	return record;
}

export const layerTakenMessage = (layer: string) => `Ya existe una capa importada «${layer}».`;

/** The audit row keeps the record without the (possibly long) id list, plus the ids separately. */
function auditView(rec: ImportRecord) {
	const { featureIds, ...rest } = rec;
	return { ...rest, featureIds };
}

export function importCreateAudit(
	action: string,
	rec: NewImport,
	record: ImportRecord,
	features: FeatureInput[],
	ids: number[]
): AuditRecord {
	return {
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
	};
}

export const importDeleteAudit = (action: string, record: ImportRecord, deletedFeatures: number) => ({
	action,
	entityType: 'import',
	entityId: String(record.id),
	layer: record.layer,
	before: { import: auditView(record), deletedFeatures }
});

export const importStatusAudit = (action: string, record: ImportRecord, status: string, changed: number) => ({
	action,
	entityType: 'import',
	entityId: String(record.id),
	layer: record.layer,
	after: { status, changed }
});

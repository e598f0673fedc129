/**
 * Import records (issue 6): what was imported, from which file, in which CRS, by whom. Stored in the
 * `imports` table (migration 0003); written together with the imported features and ONE audit row.
 */
import type { AuditContext, FeatureInput, FeatureStatus } from '../repo/types';

export type ImportTarget = 'layer' | 'reference' | 'interventions';
export type ImportGeometryType = 'point' | 'line' | 'polygon' | 'mixed';

export interface ImportRecord {
	id: number;
	target: ImportTarget;
	/** `import-<slug>` (target layer), a layer kind (reference) or `intervenciones`. */
	layer: string;
	name: string;
	sourceFile: string;
	sourceFormat: string | null;
	sourceCrs: string | null;
	geometryType: ImportGeometryType | null;
	featureCount: number;
	skippedCount: number;
	bbox: [number, number, number, number] | null;
	provenance: Record<string, unknown>;
	featureIds: number[];
	createdBy: number | null;
	createdByUsername: string | null;
	createdAt: string;
}

export type NewImport = Pick<
	ImportRecord,
	| 'target'
	| 'layer'
	| 'name'
	| 'sourceFile'
	| 'sourceFormat'
	| 'sourceCrs'
	| 'geometryType'
	| 'skippedCount'
	| 'bbox'
	| 'provenance'
>;

export interface ImportRepository {
	/** Newest first. */
	list(target?: ImportTarget): Promise<ImportRecord[]>;
	get(id: number): Promise<ImportRecord | null>;
	/** The generic imported layer `layer` (target 'layer'), or null. */
	getLayer(layer: string): Promise<ImportRecord | null>;
	/**
	 * ONE transaction: every feature of `features` into `rec.layer`, the import row and ONE audit row
	 * (`action`, entity 'import'). All or nothing. Throws RepoError('IMPORT_LAYER_TAKEN') when a generic
	 * layer of that id exists.
	 */
	create(rec: NewImport, features: FeatureInput[], action: string, ctx: AuditContext): Promise<ImportRecord>;
	/** Deletes a generic imported layer, its features and its row; ONE audit row. null = not found. */
	deleteLayer(layer: string, action: string, ctx: AuditContext): Promise<ImportRecord | null>;
	/** Sets the status of every feature of a generic imported layer; ONE audit row. null = not found. */
	setLayerStatus(
		layer: string,
		status: FeatureStatus,
		action: string,
		ctx: AuditContext
	): Promise<{ record: ImportRecord; changed: number } | null>;
	/** Feature count per status of a layer. */
	statusCounts(layer: string): Promise<Record<FeatureStatus, number>>;
}

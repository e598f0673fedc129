/** SQLite implementation of the issue 7 ReviewStore (tables of migration 0004). */
import type Database from 'better-sqlite3';
import type { Geometry } from 'geojson';
import { AUDIT_ACTIONS } from '../audit/actions';
import { writeAudit } from '../repo/sqlite/audit';
import type { AuditContext } from '../repo/types';
import type {
	ApprovedSnapshot,
	Evidence,
	ProjectDocument,
	Review,
	ReviewState,
	ReviewStore,
	ThreadEntry
} from './types';
import { toFeature, type FeatureRow } from '../repo/sqlite/features';

interface ReviewRow {
	feature_id: number;
	state: ReviewState;
	version: number;
	submitted_by: number | null;
	submitted_by_name: string | null;
	submitted_at: string | null;
	planned_geometry: string | null;
	planned_properties: string | null;
	planned_version: number | null;
	submitted_feature_version: number | null;
	approved_snapshot: string | null;
	approved_feature_version: number | null;
	approved_by: number | null;
	approved_at: string | null;
	updated_by: number | null;
	updated_at: string | null;
}

interface CommentRow {
	id: number;
	feature_id: number;
	kind: ThreadEntry['kind'];
	action: ThreadEntry['action'];
	from_state: ReviewState | null;
	to_state: ReviewState | null;
	text: string;
	lon: number | null;
	lat: number | null;
	author_id: number | null;
	author_username: string | null;
	author_role: string | null;
	created_at: string;
}

interface EvidenceRow {
	id: number;
	feature_id: number;
	filename: string;
	mime: Evidence['mime'];
	size: number;
	sha256: string;
	width: number | null;
	height: number | null;
	has_thumb: number;
	caption: string | null;
	lon: number | null;
	lat: number | null;
	location_source: Evidence['locationSource'];
	taken_at: string | null;
	location_public: number;
	uploaded_by: number | null;
	uploaded_by_name: string | null;
	created_at: string;
}

interface DocumentRow {
	id: number;
	project_id: string;
	filename: string;
	mime: ProjectDocument['mime'];
	size: number;
	sha256: string;
	title: string | null;
	uploaded_by: number | null;
	uploaded_by_name: string | null;
	created_at: string;
}

const j = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

function toReview(r: ReviewRow): Review {
	return {
		featureId: r.feature_id,
		state: r.state,
		version: r.version,
		submittedBy: r.submitted_by,
		submittedByName: r.submitted_by_name,
		submittedAt: r.submitted_at,
		plannedGeometry: j<Geometry>(r.planned_geometry),
		plannedProperties: j<Record<string, unknown>>(r.planned_properties),
		plannedVersion: r.planned_version,
		submittedFeatureVersion: r.submitted_feature_version,
		approvedSnapshot: j<ApprovedSnapshot>(r.approved_snapshot),
		approvedFeatureVersion: r.approved_feature_version,
		approvedBy: r.approved_by,
		approvedAt: r.approved_at,
		updatedBy: r.updated_by,
		updatedAt: r.updated_at
	};
}

function toEntry(r: CommentRow): ThreadEntry {
	return {
		id: r.id,
		featureId: r.feature_id,
		kind: r.kind,
		action: r.action,
		fromState: r.from_state,
		toState: r.to_state,
		text: r.text,
		point: r.lon === null || r.lat === null ? null : [r.lon, r.lat],
		authorId: r.author_id,
		authorUsername: r.author_username,
		authorRole: r.author_role,
		createdAt: r.created_at
	};
}

function toEvidence(r: EvidenceRow): Evidence {
	return {
		id: r.id,
		featureId: r.feature_id,
		filename: r.filename,
		mime: r.mime,
		size: r.size,
		sha256: r.sha256,
		width: r.width,
		height: r.height,
		hasThumb: r.has_thumb === 1,
		caption: r.caption,
		lon: r.lon,
		lat: r.lat,
		locationSource: r.location_source,
		takenAt: r.taken_at,
		locationPublic: r.location_public === 1,
		uploadedBy: r.uploaded_by,
		uploadedByName: r.uploaded_by_name,
		createdAt: r.created_at
	};
}

function toDocument(r: DocumentRow): ProjectDocument {
	return {
		id: r.id,
		projectId: r.project_id,
		filename: r.filename,
		mime: r.mime,
		size: r.size,
		sha256: r.sha256,
		title: r.title,
		uploadedBy: r.uploaded_by,
		uploadedByName: r.uploaded_by_name,
		createdAt: r.created_at
	};
}

const REVIEW_SELECT = `SELECT r.*, u.username AS submitted_by_name FROM reviews r
	LEFT JOIN users u ON u.id = r.submitted_by`;
const EVIDENCE_SELECT = `SELECT e.*, u.username AS uploaded_by_name FROM evidence e
	LEFT JOIN users u ON u.id = e.uploaded_by`;
const DOCUMENT_SELECT = `SELECT d.*, u.username AS uploaded_by_name FROM project_documents d
	LEFT JOIN users u ON u.id = d.uploaded_by`;

export function sqliteReviewStore(db: Database.Database): ReviewStore {
	const getReviewRow = (featureId: number) =>
		db.prepare(`${REVIEW_SELECT} WHERE r.feature_id = ?`).get(featureId) as ReviewRow | undefined;
	const getFeatureRow = (layer: string, id: number) =>
		db.prepare('SELECT * FROM features WHERE layer = ? AND id = ?').get(layer, id) as FeatureRow | undefined;
	const getComment = (id: number) =>
		toEntry(db.prepare('SELECT * FROM review_comments WHERE id = ?').get(id) as CommentRow);
	const getEvidenceRow = (id: number) =>
		db.prepare(`${EVIDENCE_SELECT} WHERE e.id = ?`).get(id) as EvidenceRow | undefined;
	const getDocumentRow = (id: number) =>
		db.prepare(`${DOCUMENT_SELECT} WHERE d.id = ?`).get(id) as DocumentRow | undefined;

	function insertComment(
		featureId: number,
		e: Pick<ThreadEntry, 'kind' | 'action' | 'fromState' | 'toState' | 'text' | 'point'>,
		ctx: AuditContext,
		now: string
	): ThreadEntry {
		const info = db
			.prepare(
				`INSERT INTO review_comments (feature_id, kind, action, from_state, to_state, text, lon, lat, author_id,
				 author_username, author_role, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
			)
			.run(
				featureId,
				e.kind,
				e.action,
				e.fromState,
				e.toState,
				e.text,
				e.point?.[0] ?? null,
				e.point?.[1] ?? null,
				ctx.actorId,
				ctx.actorUsername,
				ctx.actorRole,
				now
			);
		return getComment(Number(info.lastInsertRowid));
	}

	return {
		async get(featureId) {
			const r = getReviewRow(featureId);
			return r ? toReview(r) : null;
		},
		async list(states) {
			const rows = (
				states && states.length > 0
					? db
							.prepare(
								`${REVIEW_SELECT} WHERE r.state IN (${states.map(() => '?').join(',')}) ORDER BY r.updated_at`
							)
							.all(...states)
					: db.prepare(`${REVIEW_SELECT} ORDER BY r.updated_at`).all()
			) as ReviewRow[];
			return rows.map(toReview);
		},
		async transition(featureId, layer, expectedVersion, decide, ctx) {
			return db
				.transaction(() => {
					const frow = getFeatureRow(layer, featureId);
					if (!frow) return { ok: false as const, reason: 'feature_not_found' as const };
					const feature = toFeature(frow);
					const row = getReviewRow(featureId);
					const current = row ? toReview(row) : null;
					const currentVersion = current?.version ?? 0;
					if (currentVersion !== expectedVersion) {
						return {
							ok: false as const,
							reason: 'conflict' as const,
							current: current ?? emptyReview(featureId)
						};
					}
					const plan = decide(current, feature);
					const from: ReviewState = current?.state ?? 'borrador';
					const now = new Date().toISOString();
					let f = feature;
					if (plan.featureStatus !== feature.status) {
						db.prepare(
							`UPDATE features SET status = ?, version = version + 1, updated_by = ?, updated_at = ?
							 WHERE layer = ? AND id = ? AND version = ?`
						).run(plan.featureStatus, ctx.actorId, now, layer, featureId, feature.version);
						f = toFeature(getFeatureRow(layer, featureId)!);
						writeAudit(
							db,
							{
								action: AUDIT_ACTIONS.featureUpdate,
								entityType: 'feature',
								entityId: String(featureId),
								layer,
								before: {
									geometry: feature.geometry,
									properties: feature.properties,
									status: feature.status,
									version: feature.version
								},
								after: {
									geometry: f.geometry,
									properties: f.properties,
									status: f.status,
									version: f.version
								}
							},
							ctx
						);
					}
					const approved: ApprovedSnapshot | null = plan.approve
						? { geometry: f.geometry, properties: f.properties, featureVersion: f.version }
						: null;
					if (!current) {
						db.prepare(
							`INSERT INTO reviews (feature_id, state, version, updated_by, updated_at) VALUES (?, 'borrador', 1, ?, ?)`
						).run(featureId, ctx.actorId, now);
					}
					const params: Record<string, unknown> = {
						id: featureId,
						state: plan.to,
						actor: ctx.actorId,
						now
					};
					const sets = ['state = @state', 'updated_by = @actor', 'updated_at = @now'];
					if (current) sets.push('version = version + 1');
					if (plan.submit) {
						sets.push(
							'submitted_by = @actor',
							'submitted_at = @now',
							'planned_geometry = @pg',
							'planned_properties = @pp',
							'planned_version = @pv',
							'submitted_feature_version = @sfv'
						);
						params.pg = plan.submit.plannedGeometry ? JSON.stringify(plan.submit.plannedGeometry) : null;
						params.pp = plan.submit.plannedProperties ? JSON.stringify(plan.submit.plannedProperties) : null;
						params.pv = plan.submit.plannedVersion;
						params.sfv = f.version;
					}
					if (plan.action === 'fix') {
						sets.push('submitted_feature_version = @sfv');
						params.sfv = f.version;
					}
					if (approved) {
						sets.push(
							'approved_snapshot = @snap',
							'approved_feature_version = @afv',
							'approved_by = @actor',
							'approved_at = @now'
						);
						params.snap = JSON.stringify(approved);
						params.afv = f.version;
					}
					db.prepare(`UPDATE reviews SET ${sets.join(', ')} WHERE feature_id = @id`).run(params);
					const review = toReview(getReviewRow(featureId)!);
					const entry = insertComment(
						featureId,
						{
							kind: 'transition',
							action: plan.action,
							fromState: from,
							toState: plan.to,
							text: plan.reason,
							point: null
						},
						ctx,
						now
					);
					writeAudit(
						db,
						{
							action: AUDIT_ACTIONS.reviewTransition,
							entityType: 'review',
							entityId: String(featureId),
							layer,
							before: { state: from, version: currentVersion },
							after: { state: plan.to, version: review.version, action: plan.action, reason: plan.reason }
						},
						ctx
					);
					return { ok: true as const, value: { review, feature: f, entry } };
				})
				.immediate();
		},
		async thread(featureId) {
			return (
				db
					.prepare('SELECT * FROM review_comments WHERE feature_id = ? ORDER BY id')
					.all(featureId) as CommentRow[]
			).map(toEntry);
		},
		async comment(featureId, text, point, ctx) {
			return db
				.transaction(() => {
					const now = new Date().toISOString();
					const e = insertComment(
						featureId,
						{ kind: 'comment', action: null, fromState: null, toState: null, text, point },
						ctx,
						now
					);
					writeAudit(
						db,
						{
							action: AUDIT_ACTIONS.reviewComment,
							entityType: 'review',
							entityId: String(featureId),
							after: { commentId: e.id, text, point }
						},
						ctx
					);
					return e;
				})
				.immediate();
		},
		async listEvidence(featureId) {
			return (
				db.prepare(`${EVIDENCE_SELECT} WHERE e.feature_id = ? ORDER BY e.id`).all(featureId) as EvidenceRow[]
			).map(toEvidence);
		},
		async getEvidence(id) {
			const r = getEvidenceRow(id);
			return r ? toEvidence(r) : null;
		},
		async addEvidence(m, writeFiles, ctx) {
			return db
				.transaction(() => {
					const now = new Date().toISOString();
					const info = db
						.prepare(
							`INSERT INTO evidence (feature_id, filename, mime, size, sha256, width, height, has_thumb, caption, lon,
							 lat, location_source, taken_at, location_public, uploaded_by, created_at)
							 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
						)
						.run(
							m.featureId,
							m.filename,
							m.mime,
							m.size,
							m.sha256,
							m.width,
							m.height,
							m.hasThumb ? 1 : 0,
							m.caption,
							m.lon,
							m.lat,
							m.locationSource,
							m.takenAt,
							m.locationPublic ? 1 : 0,
							ctx.actorId,
							now
						);
					const id = Number(info.lastInsertRowid);
					writeFiles(id);
					const e = toEvidence(getEvidenceRow(id)!);
					writeAudit(
						db,
						{
							action: AUDIT_ACTIONS.evidenceUpload,
							entityType: 'evidence',
							entityId: String(id),
							after: { ...e, uploadedByName: undefined }
						},
						ctx
					);
					return e;
				})
				.immediate();
		},
		async removeEvidence(id, ctx) {
			return db
				.transaction(() => {
					const r = getEvidenceRow(id);
					if (!r) return null;
					db.prepare('DELETE FROM evidence WHERE id = ?').run(id);
					const e = toEvidence(r);
					writeAudit(
						db,
						{ action: AUDIT_ACTIONS.evidenceDelete, entityType: 'evidence', entityId: String(id), before: e },
						ctx
					);
					return e;
				})
				.immediate();
		},
		async listDocuments(projectId) {
			return (
				db.prepare(`${DOCUMENT_SELECT} WHERE d.project_id = ? ORDER BY d.id`).all(projectId) as DocumentRow[]
			).map(toDocument);
		},
		async getDocument(id) {
			const r = getDocumentRow(id);
			return r ? toDocument(r) : null;
		},
		async addDocument(m, writeFile, ctx) {
			return db
				.transaction(() => {
					const now = new Date().toISOString();
					const info = db
						.prepare(
							`INSERT INTO project_documents (project_id, filename, mime, size, sha256, title, uploaded_by, created_at)
							 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
						)
						.run(m.projectId, m.filename, m.mime, m.size, m.sha256, m.title, ctx.actorId, now);
					const id = Number(info.lastInsertRowid);
					writeFile(id);
					const d = toDocument(getDocumentRow(id)!);
					writeAudit(
						db,
						{
							action: AUDIT_ACTIONS.projectDocumentUpload,
							entityType: 'project',
							entityId: m.projectId,
							after: { documentId: id, filename: d.filename, mime: d.mime, size: d.size, sha256: d.sha256 }
						},
						ctx
					);
					return d;
				})
				.immediate();
		},
		async removeDocument(id, ctx) {
			return db
				.transaction(() => {
					const r = getDocumentRow(id);
					if (!r) return null;
					db.prepare('DELETE FROM project_documents WHERE id = ?').run(id);
					const d = toDocument(r);
					writeAudit(
						db,
						{
							action: AUDIT_ACTIONS.projectDocumentDelete,
							entityType: 'project',
							entityId: d.projectId,
							before: { documentId: id, filename: d.filename, sha256: d.sha256 }
						},
						ctx
					);
					return d;
				})
				.immediate();
		},
		async lastChange() {
			const r = db.prepare('SELECT max(updated_at) AS t FROM reviews').get() as { t: string | null };
			return r.t;
		}
	};
}

export function emptyReview(featureId: number): Review {
	return {
		featureId,
		state: 'borrador',
		version: 0,
		submittedBy: null,
		submittedByName: null,
		submittedAt: null,
		plannedGeometry: null,
		plannedProperties: null,
		plannedVersion: null,
		submittedFeatureVersion: null,
		approvedSnapshot: null,
		approvedFeatureVersion: null,
		approvedBy: null,
		approvedAt: null,
		updatedBy: null,
		updatedAt: null
	};
}

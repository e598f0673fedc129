/** SQLite implementation of the issue 7 ReviewStore (tables of migration 0004). Row mapping: `./rows.ts`. */
import type Database from 'better-sqlite3';
import { writeAudit } from '../repo/sqlite/audit';
import type { AuditContext } from '../repo/types';
import type { ReviewState, ReviewStore, ThreadEntry } from './types';
import { toFeature, type FeatureRow } from '../repo/sqlite/features';
import {
	commentAudit,
	DOCUMENT_SELECT,
	documentDeleteAudit,
	documentUploadAudit,
	emptyReview,
	EVIDENCE_COLUMNS,
	EVIDENCE_SELECT,
	evidenceDeleteAudit,
	evidenceUploadAudit,
	evidenceValues,
	featureStatusAudit,
	REVIEW_SELECT,
	reviewAssignments,
	toDocument,
	toEntry,
	toEvidence,
	toReview,
	transitionAudit,
	transitionEntry,
	type CommentRow,
	type DocumentRow,
	type EvidenceRow,
	type ReviewRow
} from './rows';

export { emptyReview } from './rows';

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
						writeAudit(db, featureStatusAudit(layer, feature, f), ctx);
					}
					if (!current) {
						db.prepare(
							`INSERT INTO reviews (feature_id, state, version, updated_by, updated_at) VALUES (?, 'borrador', 1, ?, ?)`
						).run(featureId, ctx.actorId, now);
					}
					const sets = reviewAssignments(plan, f, ctx.actorId, now);
					const sql = sets.map(([col]) => `${col} = ?`);
					if (current) sql.push('version = version + 1');
					db.prepare(`UPDATE reviews SET ${sql.join(', ')} WHERE feature_id = ?`).run(
						...sets.map(([, v]) => v),
						featureId
					);
					const review = toReview(getReviewRow(featureId)!);
					const entry = insertComment(featureId, transitionEntry(from, plan), ctx, now);
					writeAudit(db, transitionAudit(featureId, layer, from, currentVersion, plan, review), ctx);
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
					writeAudit(db, commentAudit(featureId, e), ctx);
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
						.prepare(`INSERT INTO evidence (${EVIDENCE_COLUMNS}) VALUES (${Array(16).fill('?').join(', ')})`)
						.run(...evidenceValues(m), ctx.actorId, now);
					const id = Number(info.lastInsertRowid);
					writeFiles(id);
					const e = toEvidence(getEvidenceRow(id)!);
					writeAudit(db, evidenceUploadAudit(e), ctx);
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
					writeAudit(db, evidenceDeleteAudit(e), ctx);
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
					writeAudit(db, documentUploadAudit(d), ctx);
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
					writeAudit(db, documentDeleteAudit(d), ctx);
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

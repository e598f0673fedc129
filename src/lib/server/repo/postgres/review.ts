/**
 * PostGIS implementation of the issue 7 ReviewStore (tables of migration 0004). Same transactions, 409
 * rule and audit rows as `../../review/sqlite.ts`; the row mapping and the audit records are shared
 * (`../../review/rows.ts`).
 */
import type pg from 'pg';
import type { AuditContext } from '../types';
import type { ReviewState, ReviewStore, ThreadEntry } from '../../review/types';
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
} from '../../review/rows';
import { writeAudit } from './audit';
import { marks, q, writeTx, type PgHandle } from './db';
import { toFeature, type FeatureRow } from '../rows';
import { COLS } from './features';

async function one<R>(c: pg.PoolClient, sql: string, params: unknown[]): Promise<R | undefined> {
	return (await c.query(sql, params)).rows[0] as R | undefined;
}

export function pgReviewStore(h: PgHandle): ReviewStore {
	const reviewRow = (c: pg.PoolClient, featureId: number) =>
		one<ReviewRow>(c, `${REVIEW_SELECT} WHERE r.feature_id = $1`, [featureId]);
	const evidenceRow = (c: pg.PoolClient, id: number) =>
		one<EvidenceRow>(c, `${EVIDENCE_SELECT} WHERE e.id = $1`, [id]);
	const documentRow = (c: pg.PoolClient, id: number) =>
		one<DocumentRow>(c, `${DOCUMENT_SELECT} WHERE d.id = $1`, [id]);

	async function insertComment(
		c: pg.PoolClient,
		featureId: number,
		e: Pick<ThreadEntry, 'kind' | 'action' | 'fromState' | 'toState' | 'text' | 'point'>,
		ctx: AuditContext,
		now: string
	): Promise<ThreadEntry> {
		const r = await one<CommentRow>(
			c,
			`INSERT INTO review_comments (feature_id, kind, action, from_state, to_state, text, lon, lat, author_id,
			 author_username, author_role, created_at) VALUES (${marks(12)}) RETURNING *`,
			[
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
			]
		);
		return toEntry(r!);
	}

	return {
		async get(featureId) {
			const r = (await q<ReviewRow>(h, `${REVIEW_SELECT} WHERE r.feature_id = $1`, [featureId]))[0];
			return r ? toReview(r) : null;
		},
		async list(states) {
			const rows =
				states && states.length > 0
					? await q<ReviewRow>(h, `${REVIEW_SELECT} WHERE r.state = ANY($1::text[]) ORDER BY r.updated_at`, [
							[...states]
						])
					: await q<ReviewRow>(h, `${REVIEW_SELECT} ORDER BY r.updated_at`);
			return rows.map(toReview);
		},
		async transition(featureId, layer, expectedVersion, decide, ctx) {
			return writeTx(h, async (c) => {
				const frow = await one<FeatureRow>(
					c,
					`SELECT ${COLS} FROM features WHERE layer = $1 AND id = $2 FOR UPDATE`,
					[layer, featureId]
				);
				if (!frow) return { ok: false as const, reason: 'feature_not_found' as const };
				const feature = toFeature(frow);
				const row = await reviewRow(c, featureId);
				const current = row ? toReview(row) : null;
				const currentVersion = current?.version ?? 0;
				if (currentVersion !== expectedVersion)
					return {
						ok: false as const,
						reason: 'conflict' as const,
						current: current ?? emptyReview(featureId)
					};
				const plan = decide(current, feature);
				const from: ReviewState = current?.state ?? 'borrador';
				const now = new Date().toISOString();
				let f = feature;
				if (plan.featureStatus !== feature.status) {
					const r = await one<FeatureRow>(
						c,
						`UPDATE features SET status = $1, version = version + 1, updated_by = $2, updated_at = $3
						 WHERE layer = $4 AND id = $5 AND version = $6 RETURNING ${COLS}`,
						[plan.featureStatus, ctx.actorId, now, layer, featureId, feature.version]
					);
					f = toFeature(r!);
					await writeAudit(c, featureStatusAudit(layer, feature, f), ctx);
				}
				if (!current)
					await c.query(
						`INSERT INTO reviews (feature_id, state, version, updated_by, updated_at) VALUES ($1, 'borrador', 1, $2, $3)`,
						[featureId, ctx.actorId, now]
					);
				const sets = reviewAssignments(plan, f, ctx.actorId, now);
				const sql = sets.map(([col], i) => `${col} = $${i + 2}`);
				if (current) sql.push('version = version + 1');
				await c.query(`UPDATE reviews SET ${sql.join(', ')} WHERE feature_id = $1`, [
					featureId,
					...sets.map(([, v]) => v)
				]);
				const review = toReview((await reviewRow(c, featureId))!);
				const entry = await insertComment(c, featureId, transitionEntry(from, plan), ctx, now);
				await writeAudit(c, transitionAudit(featureId, layer, from, currentVersion, plan, review), ctx);
				return { ok: true as const, value: { review, feature: f, entry } };
			});
		},
		async thread(featureId) {
			return (
				await q<CommentRow>(h, 'SELECT * FROM review_comments WHERE feature_id = $1 ORDER BY id', [featureId])
			).map(toEntry);
		},
		async comment(featureId, text, point, ctx) {
			return writeTx(h, async (c) => {
				const e = await insertComment(
					c,
					featureId,
					{ kind: 'comment', action: null, fromState: null, toState: null, text, point },
					ctx,
					new Date().toISOString()
				);
				await writeAudit(c, commentAudit(featureId, e), ctx);
				return e;
			});
		},
		async listEvidence(featureId) {
			return (
				await q<EvidenceRow>(h, `${EVIDENCE_SELECT} WHERE e.feature_id = $1 ORDER BY e.id`, [featureId])
			).map(toEvidence);
		},
		async getEvidence(id) {
			const r = (await q<EvidenceRow>(h, `${EVIDENCE_SELECT} WHERE e.id = $1`, [id]))[0];
			return r ? toEvidence(r) : null;
		},
		async addEvidence(m, writeFiles, ctx) {
			return writeTx(h, async (c) => {
				const r = await one<{ id: number }>(
					c,
					`INSERT INTO evidence (${EVIDENCE_COLUMNS}) VALUES (${marks(16)}) RETURNING id`,
					[...evidenceValues(m), ctx.actorId, new Date().toISOString()]
				);
				const id = r!.id;
				writeFiles(id);
				const e = toEvidence((await evidenceRow(c, id))!);
				await writeAudit(c, evidenceUploadAudit(e), ctx);
				return e;
			});
		},
		async removeEvidence(id, ctx) {
			return writeTx(h, async (c) => {
				const r = await evidenceRow(c, id);
				if (!r) return null;
				await c.query('DELETE FROM evidence WHERE id = $1', [id]);
				const e = toEvidence(r);
				await writeAudit(c, evidenceDeleteAudit(e), ctx);
				return e;
			});
		},
		async listDocuments(projectId) {
			return (
				await q<DocumentRow>(h, `${DOCUMENT_SELECT} WHERE d.project_id = $1 ORDER BY d.id`, [projectId])
			).map(toDocument);
		},
		async getDocument(id) {
			const r = (await q<DocumentRow>(h, `${DOCUMENT_SELECT} WHERE d.id = $1`, [id]))[0];
			return r ? toDocument(r) : null;
		},
		async addDocument(m, writeFile, ctx) {
			return writeTx(h, async (c) => {
				const r = await one<{ id: number }>(
					c,
					`INSERT INTO project_documents (project_id, filename, mime, size, sha256, title, uploaded_by, created_at)
					 VALUES (${marks(8)}) RETURNING id`,
					[m.projectId, m.filename, m.mime, m.size, m.sha256, m.title, ctx.actorId, new Date().toISOString()]
				);
				writeFile(r!.id);
				const d = toDocument((await documentRow(c, r!.id))!);
				await writeAudit(c, documentUploadAudit(d), ctx);
				return d;
			});
		},
		async removeDocument(id, ctx) {
			return writeTx(h, async (c) => {
				const r = await documentRow(c, id);
				if (!r) return null;
				await c.query('DELETE FROM project_documents WHERE id = $1', [id]);
				const d = toDocument(r);
				await writeAudit(c, documentDeleteAudit(d), ctx);
				return d;
			});
		},
		async lastChange() {
			return (await q<{ t: string | null }>(h, 'SELECT max(updated_at) AS t FROM reviews'))[0]!.t;
		}
	};
}

import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import {
	allowedActions,
	featureStatusFor,
	planTransition,
	plannedFromHistory,
	refusal
} from '$lib/server/review/machine';
import { geometryDiff } from '$lib/server/review/diff';
import { imageSize, sniff, stripMetadata } from '$lib/server/evidence/files';
import { haOf } from '$lib/server/review/reports';
import { migrate } from '$lib/server/db/migrate';
import { createSqliteRepository } from '$lib/server/repo';
import type { AuditContext, AuditEntry, StoredFeature } from '$lib/server/repo/types';
import type { Review } from '$lib/server/review/types';

const comite = { id: 1, role: 'comite' as const };
const revisor = { id: 2, role: 'revisor' as const };
const admin = { id: 3, role: 'admin' as const };
const executed = { properties: { state: 'ejecutada' } };

function rv(state: Review['state'], submittedBy: number | null = 1): Pick<Review, 'state' | 'submittedBy'> {
	return { state, submittedBy };
}

describe('review state machine', () => {
	it('allows the documented transitions to the documented roles only', () => {
		expect(allowedActions(comite, null, executed)).toEqual(['submit']);
		expect(allowedActions(revisor, null, executed)).toEqual([]);
		expect(allowedActions(revisor, rv('enviado'), executed).sort()).toEqual(['approve', 'observe', 'reject']);
		expect(allowedActions(comite, rv('enviado'), executed)).toEqual([]);
		expect(allowedActions(comite, rv('observado'), executed)).toEqual(['fix']);
		expect(allowedActions(revisor, rv('observado'), executed)).toEqual(['reject']);
		expect(allowedActions(revisor, rv('subsanado'), executed).sort()).toEqual([
			'approve',
			'observe',
			'reject'
		]);
		expect(allowedActions(comite, rv('aprobado'), executed)).toEqual(['reopen']);
		expect(allowedActions(comite, rv('rechazado'), executed)).toEqual(['reopen']);
		// admin edits like the Comité but never decides a review
		expect(allowedActions(admin, rv('enviado'), executed)).toEqual([]);
		expect(refusal('approve', admin, rv('enviado'))?.code).toBe('REVIEW_FORBIDDEN_ROLE');
	});
	it('nobody approves their own submission', () => {
		const self = { id: 7, role: 'revisor' as const };
		expect(refusal('approve', self, rv('enviado', 7))?.code).toBe('REVIEW_OWN_SUBMISSION');
		expect(refusal('observe', self, rv('subsanado', 7))?.code).toBe('REVIEW_OWN_SUBMISSION');
		expect(refusal('approve', self, rv('enviado', 1))).toBeNull();
	});
	it('only executed works are submitted; reasons are required for decisions', () => {
		expect(refusal('submit', comite, null, { properties: { state: 'planificada' } })?.code).toBe(
			'REVIEW_NOT_EXECUTED'
		);
		const f = { properties: { state: 'ejecutada' } } as unknown as StoredFeature;
		expect(() => planTransition('observe', '  ', revisor, rv('enviado') as Review, f, [])).toThrow(/motivo/);
		expect(planTransition('approve', 'Conforme', revisor, rv('enviado') as Review, f, []).featureStatus).toBe(
			'publicado'
		);
		expect(featureStatusFor('observado')).toBe('borrador');
	});
	it('planned geometry = last history version in state planificada', () => {
		const g1 = { type: 'Point', coordinates: [1, 1] };
		const g2 = { type: 'Point', coordinates: [2, 2] };
		const h = [
			{ after: { geometry: g1, properties: { state: 'planificada' }, version: 1 } },
			{ after: { geometry: g2, properties: { state: 'planificada' }, version: 2 } },
			{ after: { geometry: g1, properties: { state: 'ejecutada' }, version: 3 } }
		] as unknown as AuditEntry[];
		expect(plannedFromHistory(h)).toMatchObject({ geometry: g2, version: 2 });
		expect(plannedFromHistory([]).geometry).toBeNull();
	});
});

describe('planned vs executed diff', () => {
	it('highlights added and removed parts and the hectare difference', () => {
		const sq = (x0: number, x1: number) => ({
			type: 'Polygon' as const,
			coordinates: [
				[
					[x0, -13.4],
					[x1, -13.4],
					[x1, -13.399],
					[x0, -13.399],
					[x0, -13.4]
				]
			]
		});
		const d = geometryDiff(sq(-72.0, -71.999), sq(-71.9995, -71.9985));
		expect(d.kind).toBe('polygon');
		expect(d.addedHa).toBeGreaterThan(0);
		expect(d.removedHa).toBeGreaterThan(0);
		expect(d.diffHa!).toBeCloseTo(d.executedHa! - d.plannedHa!, 9);
		expect(d.addedHa).toBeCloseTo(d.removedHa, 3);
	});
});

describe('evidence files', () => {
	// Minimal JPEG: SOI, APP0, APP1 (Exif with "GPS"), COM, SOF0 (8×4), SOS + data, EOI.
	const seg = (m: number, body: number[]) => [
		0xff,
		m,
		(body.length + 2) >> 8,
		(body.length + 2) & 255,
		...body
	];
	const jpeg = new Uint8Array([
		0xff,
		0xd8,
		...seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0]),
		...seg(0xe1, [0x45, 0x78, 0x69, 0x66, 0, 0, 0x47, 0x50, 0x53]),
		...seg(0xfe, [0x68, 0x69]),
		...seg(0xc0, [8, 0, 4, 0, 8, 1, 1, 0x11, 0]),
		...seg(0xda, [1, 1, 0, 0, 0x3f, 0]),
		1,
		2,
		3,
		0xff,
		0xd9
	]);
	it('sniffs content, reads size, strips APP1/COM', () => {
		expect(sniff(jpeg)).toBe('image/jpeg');
		expect(sniff(new TextEncoder().encode('%PDF-1.7'))).toBe('application/pdf');
		expect(sniff(new TextEncoder().encode('<svg>'))).toBeNull();
		expect(imageSize(jpeg, 'image/jpeg')).toEqual({ width: 8, height: 4 });
		const s = stripMetadata(jpeg, 'image/jpeg')!;
		expect(s.length).toBe(jpeg.length - (4 + 9) - (4 + 2));
		expect(Buffer.from(s).includes(Buffer.from('Exif'))).toBe(false);
		expect(Buffer.from(s).includes(Buffer.from('JFIF'))).toBe(true);
	});
});

describe('review store (sqlite, in memory)', () => {
	const ctx = (id: number, role: 'comite' | 'revisor'): AuditContext => ({
		actorId: id,
		actorUsername: `usr${id}`,
		actorRole: role
	});
	it('a transition changes review, feature status, thread and audit in one transaction', async () => {
		const db = new Database(':memory:');
		migrate(db);
		for (const [id, role] of [
			[1, 'comite'],
			[2, 'revisor']
		] as const)
			db.prepare(
				`INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at, password_changed_at)
				 VALUES (?, ?, ?, ?, 'x', 'now', 'now', 'now')`
			).run(id, `usr${id}`, `U${id}`, role);
		const repo = createSqliteRepository(db);
		const f = await repo.features.create(
			'intervenciones',
			{
				geometry: { type: 'Point', coordinates: [-72, -13.4] },
				bbox: [-72, -13.4, -72, -13.4],
				properties: { type: 'proteccion_manante', state: 'ejecutada', measures: { protectedHa: 0.5 } },
				status: 'borrador'
			},
			ctx(1, 'comite')
		);
		const sub = await repo.review.transition(
			f.id,
			'intervenciones',
			0,
			(c, feat) => planTransition('submit', '', comite, c, feat, []),
			ctx(1, 'comite')
		);
		expect(sub.ok && sub.value.review.state).toBe('enviado');
		const stale = await repo.review.transition(
			f.id,
			'intervenciones',
			0,
			(c, feat) => planTransition('approve', 'ok', revisor, c, feat, []),
			ctx(2, 'revisor')
		);
		expect(stale).toMatchObject({ ok: false, reason: 'conflict' });
		await expect(
			repo.review.transition(
				f.id,
				'intervenciones',
				1,
				(c, feat) => planTransition('approve', 'ok', { id: 1, role: 'revisor' }, c, feat, []),
				ctx(1, 'revisor')
			)
		).rejects.toMatchObject({ code: 'REVIEW_OWN_SUBMISSION' });
		const ok = await repo.review.transition(
			f.id,
			'intervenciones',
			1,
			(c, feat) => planTransition('approve', 'Conforme', revisor, c, feat, []),
			ctx(2, 'revisor')
		);
		expect(ok.ok && ok.value.feature.status).toBe('publicado');
		expect(ok.ok && ok.value.review.approvedSnapshot?.featureVersion).toBe(2);
		const thread = await repo.review.thread(f.id);
		expect(thread.map((t) => t.toState)).toEqual(['enviado', 'aprobado']);
		const audit = await repo.audit.list({ entityType: 'review', limit: 10 });
		expect(audit.map((a) => a.action)).toEqual(['review.transition', 'review.transition']);
		expect(haOf({ areaHa: 2, treatedHa: 1.5 })).toBe(1.5);
		db.close();
	});
});

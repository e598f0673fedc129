/**
 * Unit tests of the interventions server pieces (no HTTP): the ZEE compatibility seed of migration 0002
 * equals the documented defaults, project/settings repositories (versions, audit, in-use), policy rows,
 * property parsing and CSV output.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/lib/server/db/connection';
import { createSqliteRepository } from '../../../src/lib/server/repo/sqlite';
import type { Repository } from '../../../src/lib/server/repo/types';
import { decide, requirementFor } from '../../../src/lib/server/auth/policy';
import {
	ZEE_COMPAT_DEFAULT,
	zeeCompatValueSchema,
	compatOf
} from '../../../src/lib/server/interventions/zeeCompat';
import { parseInterventionProperties } from '../../../src/lib/server/interventions/rule';
import { summaryCsv, type InterventionSummary } from '../../../src/lib/server/interventions/summary';
import { canonicalJson } from '../../../src/lib/server/layers/rules';
import { emptyTotals } from '../../../src/lib/geo/interventions/summaries';

const ctx = { actorId: null, actorUsername: 'test', actorRole: 'system' as const };
let repo: Repository | null = null;
function fresh(): Repository {
	const dir = mkdtempSync(join(tmpdir(), 'yaku-int-'));
	repo = createSqliteRepository(openDatabase(join(dir, 'yaku.db')).db);
	return repo;
}
afterEach(async () => {
	await repo?.close();
	repo = null;
});

describe('migration 0002 seeds', () => {
	it('zee_compat seed equals ZEE_COMPAT_DEFAULT and is a valid matrix', async () => {
		const r = fresh();
		const s = await r.settings.get('zee_compat');
		expect(s?.value).toEqual(ZEE_COMPAT_DEFAULT);
		expect(zeeCompatValueSchema.safeParse(s?.value).success).toBe(true);
		expect(compatOf(ZEE_COMPAT_DEFAULT, 'tratamiento_especial', 'microreservorio')).toBe('incompatible');
		expect(compatOf(ZEE_COMPAT_DEFAULT, 'desconocida', 'anden')).toBe('compatible');
	});

	it('Can Can demo project: illustrative, no budget', async () => {
		const p = await fresh().projects.get('can-can-2017');
		expect(p).toMatchObject({ year: 2017, illustrative: true, budgetSoles: null, executor: null });
		const sql = readFileSync('src/lib/server/db/migrations/0002_projects_settings.sql', 'utf8');
		expect(sql).toContain('Distrito de Chinchero, 2017');
	});
});

describe('project and settings repositories', () => {
	it('versions, conflicts, audit rows, in-use guard', async () => {
		const r = fresh();
		const fields = {
			code: null,
			name: 'P',
			year: 2024,
			sector: null,
			executor: null,
			budgetSoles: null,
			fundingSource: null,
			status: null,
			illustrative: false,
			params: { forestacion: { densityPlantsPerHa: 2000 } }
		};
		const a = await r.projects.create('p-1', fields, ctx);
		expect(a.version).toBe(1);
		await expect(r.projects.create('p-1', fields, ctx)).rejects.toMatchObject({ code: 'PROJECT_ID_TAKEN' });
		const u = await r.projects.update('p-1', 1, { ...fields, name: 'P2' }, ctx);
		expect(u.ok && u.value.version).toBe(2);
		expect(await r.projects.update('p-1', 1, fields, ctx)).toMatchObject({ ok: false, reason: 'conflict' });
		await r.features.create(
			'intervenciones',
			{
				geometry: { type: 'Point', coordinates: [-72, -13.4] },
				bbox: [-72, -13.4, -72, -13.4],
				properties: { projectId: 'p-1' },
				status: 'borrador'
			},
			ctx
		);
		expect(await r.projects.usage('p-1', 'intervenciones')).toBe(1);
		await expect(r.projects.delete('p-1', 2, ctx, 'intervenciones')).rejects.toMatchObject({
			code: 'PROJECT_IN_USE'
		});
		expect(await r.audit.count({ entityType: 'project', entityId: 'p-1' })).toBe(2);

		const s = await r.settings.get('zee_compat');
		const put = await r.settings.put('zee_compat', s!.value, s!.version, ctx);
		expect(put.ok && put.value.version).toBe(2);
		expect(await r.settings.put('zee_compat', s!.value, 1, ctx)).toMatchObject({
			ok: false,
			reason: 'conflict'
		});
		expect(await r.audit.count({ action: 'settings.update' })).toBe(1);
	});
});

describe('policy rows for issue 5 routes', () => {
	it('public reads, comite/admin writes, revisor cannot write projects/settings', () => {
		for (const p of [
			'/api/projects',
			'/api/projects/x',
			'/api/params',
			'/api/settings/zee-compat',
			'/api/interventions/summary',
			'/api/interventions/summary.csv'
		])
			expect(decide(requirementFor('GET', p), 'publico')).toBe('allow');
		for (const [m, p] of [
			['POST', '/api/projects'],
			['PUT', '/api/projects/x'],
			['DELETE', '/api/projects/x'],
			['PUT', '/api/settings/zee-compat']
		] as const) {
			expect(decide(requirementFor(m, p), 'publico')).toBe('unauthenticated');
			expect(decide(requirementFor(m, p), 'revisor')).toBe('forbidden');
			expect(decide(requirementFor(m, p), 'comite')).toBe('allow');
			expect(decide(requirementFor(m, p), 'admin')).toBe('allow');
		}
	});
});

describe('intervention properties', () => {
	it('computed keys are dropped; schema + params errors carry codes', () => {
		const p = parseInterventionProperties({
			type: 'forestacion',
			state: 'propuesta',
			measures: { areaHa: 1 },
			warnings: []
		});
		expect(p).toEqual({ type: 'forestacion', state: 'propuesta' });
		expect(() =>
			parseInterventionProperties({ type: 'forestacion', state: 'propuesta', extra: 1 })
		).toThrow();
		try {
			parseInterventionProperties({ type: 'zanja_infiltracion', state: 'propuesta', params: { depthM: -1 } });
			expect.unreachable();
		} catch (e) {
			expect(e).toMatchObject({ status: 422, code: 'PARAM_OUT_OF_RANGE' });
		}
		try {
			parseInterventionProperties({ type: 'forestacion', state: 'propuesta', startDate: '2024-02-30' });
			expect.unreachable();
		} catch (e) {
			expect(e).toMatchObject({ status: 422, code: 'INTERVENTION_INVALID_PROPERTIES' });
		}
	});

	it('canonicalJson ignores key order', () => {
		expect(canonicalJson({ b: 1, a: { d: 2, c: [1, { f: 1, e: 2 }] } })).toBe(
			canonicalJson({ a: { c: [1, { e: 2, f: 1 }], d: 2 }, b: 1 })
		);
	});
});

describe('summary CSV', () => {
	it('BOM, separator, quoting, formula guard, Total row', () => {
		const t = { ...emptyTotals(), count: 1, areaHa: 1.5 };
		const s: InterventionSummary = {
			generatedAt: '',
			filters: {},
			count: 1,
			totals: t,
			byType: [],
			byState: [],
			byProject: [],
			byCommunity: [{ key: '=HYPERLINK("x")', label: '=HYPERLINK("x"); a', ...t }],
			byZee: { available: false, rows: [] },
			plannedVsExecuted: { byProject: [], byCommunity: [], byType: [] }
		};
		const csv = summaryCsv(s, 'community', ';');
		expect(csv.startsWith('\uFEFFComunidad;Clave;')).toBe(true);
		const lines = csv.split('\r\n');
		expect(lines[1]!.startsWith(`"'=HYPERLINK(""x""); a";"'=HYPERLINK(""x"")";1;1.5;`)).toBe(true);
		expect(lines[2]!.startsWith('Total;;1;1.5;')).toBe(true);
	});
});

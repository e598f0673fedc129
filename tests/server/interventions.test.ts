/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are inspected loosely in tests */
/**
 * Interventions (issue 5) against the real built server: layer `intervenciones` of the generic feature API
 * with server-computed measures and warnings, projects, parameters, ZEE compatibility, summaries and CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import { measureIntervention, type InterventionType } from '../../src/lib/geo/interventions';
import { SUMMED_QUANTITIES } from '../../src/lib/geo/interventions/summaries';
import { Client, publishViaReview, seedUsers, startServer, tmpDataDir, type RunningServer } from './helpers';

const PW = 'contraseña-de-prueba-1';
const L = '/api/collections/intervenciones/features';
let srv: RunningServer;
let com: Client;
let rev: Client;
let adm: Client;
let anon: Client;

/** Productive zone (ZEE zee-6, everything compatible), inside the microcuenca. */
const BASE = { lon: -72.03, lat: -13.43 };
let slot = 0;
/** A fresh, non-overlapping spot in the productive zone for each call. */
function spot(): { lon: number; lat: number } {
	const i = slot++;
	return { lon: BASE.lon + (i % 10) * 0.0012, lat: BASE.lat - Math.floor(i / 10) * 0.0012 };
}
const square = (x: number, y: number, d = 0.0008): Geometry => ({
	type: 'Polygon',
	coordinates: [
		[
			[x, y],
			[x + d, y],
			[x + d, y + d],
			[x, y + d],
			[x, y]
		]
	]
});
const line = (x: number, y: number, d = 0.0008): Geometry => ({
	type: 'LineString',
	coordinates: [
		[x, y],
		[x + d, y + d / 3],
		[x + d * 1.2, y + d]
	]
});
const point = (x: number, y: number): Geometry => ({ type: 'Point', coordinates: [x + 0.0004, y + 0.0004] });

async function counts() {
	const feats = await adm.get(`${L}?limit=10000`);
	const audit = await adm.get('/api/audit/verify');
	return { features: feats.body.numberMatched as number, audit: audit.body.rows as number };
}

function expectMeasuresEqual(got: any, want: any) {
	for (const k of [...SUMMED_QUANTITIES, 'perimeterM', 'count'] as const) {
		if (want[k] === undefined) expect(got[k]).toBeUndefined();
		else expect(got[k]).toBeCloseTo(want[k], 9);
	}
	expect(got.params).toEqual(want.params);
}

beforeAll(async () => {
	const dir = tmpDataDir();
	await seedUsers(dir, [
		{ username: 'adm', role: 'admin', password: PW },
		{ username: 'com', role: 'comite', password: PW },
		{ username: 'rev', role: 'revisor', password: PW }
	]);
	srv = await startServer(dir);
	com = new Client(srv.origin);
	rev = new Client(srv.origin);
	adm = new Client(srv.origin);
	anon = new Client(srv.origin);
	await com.login('com', PW);
	await rev.login('rev', PW);
	await adm.login('adm', PW);
}, 60_000);

afterAll(async () => {
	await srv?.stop();
});

describe('interventions: measures computed on the server', () => {
	const cases: [InterventionType, (x: number, y: number) => Geometry, Record<string, number>?][] = [
		['zanja_infiltracion', line],
		['zanja_infiltracion', square, { spacingM: 8, depthM: 0.5 }],
		['forestacion', square, { densityPlantsPerHa: 1600 }],
		['pastos_naturales', square],
		['proteccion_manante', point, { protectionRadiusM: 30 }],
		['microreservorio', point],
		['microreservorio', square],
		['anden', square],
		['anden', line]
	];
	for (const [type, make, params] of cases) {
		it(`${type} (${make.name}${params ? ', params' : ''}): create, update, delete`, async () => {
			const s = spot();
			const geometry = make(s.lon, s.lat);
			const properties: any = { type, state: 'planificada', community: 'Taucca' };
			if (params) properties.params = params;
			const c = await com.post(L, { geometry, properties });
			expect(c.status, c.text).toBe(201);
			expect(c.body.layer).toBe('intervenciones');
			expectMeasuresEqual(c.body.properties.measures, measureIntervention(type, geometry, params));
			expect(c.body.properties.measures.formula.length).toBeGreaterThan(0);
			expect(Array.isArray(c.body.properties.warnings)).toBe(true);
			expect(c.body.properties.warnings.filter((w: any) => w.code !== 'OVERLAP_SAME_TYPE')).toEqual([]);

			// update: geometry grows → measures follow; client-sent measures are ignored
			const g2 = make(s.lon, s.lat + 0.0001);
			const bigger =
				g2.type === 'Polygon'
					? square(s.lon, s.lat, 0.001)
					: g2.type === 'LineString'
						? line(s.lon, s.lat, 0.001)
						: point(s.lon + 0.0001, s.lat);
			const u = await com.put(`${L}/${c.body.id}`, {
				geometry: bigger,
				properties: { ...properties, measures: { areaHa: 999 }, warnings: [{ code: 'X' }] },
				version: c.body.version
			});
			expect(u.status, u.text).toBe(200);
			expect(u.body.version).toBe(2);
			expectMeasuresEqual(u.body.properties.measures, measureIntervention(type, bigger, params));
			expect(u.body.properties.warnings.some((w: any) => w.code === 'X')).toBe(false);

			const d = await com.del(`${L}/${c.body.id}?version=2`);
			expect(d.status).toBe(200);
			expect((await com.get(`${L}/${c.body.id}`)).status).toBe(404);
		});
	}

	it('project overrides change measures; intervention overrides win over the project', async () => {
		const p = await com.post('/api/projects', {
			name: 'Proyecto de prueba',
			year: 2024,
			params: { forestacion: { densityPlantsPerHa: 2500 } }
		});
		expect(p.status, p.text).toBe(201);
		const s = spot();
		const geometry = square(s.lon, s.lat);
		const a = await com.post(L, {
			geometry,
			properties: { type: 'forestacion', state: 'propuesta', projectId: p.body.id }
		});
		expect(a.status, a.text).toBe(201);
		const want = measureIntervention('forestacion', geometry, { densityPlantsPerHa: 2500 });
		expectMeasuresEqual(a.body.properties.measures, want);
		expect(a.body.properties.measures.plants).not.toBe(measureIntervention('forestacion', geometry).plants);
		const s2 = spot();
		const g2 = square(s2.lon, s2.lat);
		const b = await com.post(L, {
			geometry: g2,
			properties: {
				type: 'forestacion',
				state: 'propuesta',
				projectId: p.body.id,
				params: { densityPlantsPerHa: 400, costPerPlant: 5 }
			}
		});
		expectMeasuresEqual(
			b.body.properties.measures,
			measureIntervention(
				'forestacion',
				g2,
				{ densityPlantsPerHa: 2500 },
				{ densityPlantsPerHa: 400, costPerPlant: 5 }
			)
		);
		const merged = await anon.get(`/api/projects/${p.body.id}/params`);
		expect(merged.status).toBe(200);
		expect(merged.body.merged.forestacion.densityPlantsPerHa).toBe(2500);
		expect(merged.body.merged.zanja_infiltracion.depthM).toBe(0.4);
		// changing the project's params recomputes the stored measures of its interventions
		const pu = await com.put(`/api/projects/${p.body.id}`, {
			params: { forestacion: { densityPlantsPerHa: 900 } },
			version: p.body.version
		});
		expect(pu.status, pu.text).toBe(200);
		expect(pu.body.recomputed).toEqual({ updated: 2, skipped: 0 });
		p.body.version = pu.body.version;
		const a2 = await com.get(`${L}/${a.body.id}`);
		expect(a2.body.version).toBe(2);
		expectMeasuresEqual(
			a2.body.properties.measures,
			measureIntervention('forestacion', geometry, { densityPlantsPerHa: 900 })
		);
		const b2 = await com.get(`${L}/${b.body.id}`);
		expect(b2.body.properties.measures.plants).toBe(b.body.properties.measures.plants);
		// a project in use cannot be deleted
		const del = await com.del(`/api/projects/${p.body.id}?version=${p.body.version}`);
		expect(del.status).toBe(409);
		expect(del.body.code).toBe('PROJECT_IN_USE');
	});

	it('status only through the review: generic PATCH/PUT of status → 409; approval publishes, content untouched; a reviewer cannot edit content', async () => {
		const s = spot();
		const c = await com.post(L, {
			geometry: square(s.lon, s.lat),
			properties: { type: 'pastos_naturales', state: 'ejecutada' }
		});
		const direct = await rev.patch(`${L}/${c.body.id}`, { status: 'publicado', version: c.body.version });
		expect(direct.status, direct.text).toBe(409);
		expect(direct.body.code).toBe('REVIEW_WORKFLOW_REQUIRED');
		const pub = await publishViaReview(com, rev, c.body.id);
		expect(pub.status).toBe('publicado');
		const p = await rev.get(`${L}/${c.body.id}`);
		expect(p.body.status).toBe('publicado');
		expect(p.body.properties).toEqual(c.body.properties);
		// a PUT sending back the same properties (measures included) + another status is refused too
		const back = await rev.put(`${L}/${c.body.id}`, {
			geometry: c.body.geometry,
			properties: { ...p.body.properties },
			status: 'borrador',
			version: p.body.version
		});
		expect(back.status, back.text).toBe(409);
		expect(back.body.code).toBe('REVIEW_WORKFLOW_REQUIRED');
		const edit = await rev.patch(`${L}/${c.body.id}`, {
			properties: { ...c.body.properties, notes: 'cambio' },
			version: p.body.version
		});
		expect(edit.status).toBe(403);
	});

	it('409 flow: a stale version is refused with the current feature', async () => {
		const s = spot();
		const c = await com.post(L, {
			geometry: square(s.lon, s.lat),
			properties: { type: 'anden', state: 'propuesta' }
		});
		const first = await com.patch(`${L}/${c.body.id}`, {
			properties: { type: 'anden', state: 'planificada' },
			version: 1
		});
		expect(first.status).toBe(200);
		const stale = await adm.patch(`${L}/${c.body.id}`, {
			properties: { type: 'anden', state: 'ejecutada' },
			version: 1
		});
		expect(stale.status).toBe(409);
		expect(stale.body.code).toBe('VERSION_CONFLICT');
		expect(stale.body.current.version).toBe(2);
		expect(stale.body.current.properties.state).toBe('planificada');
	});
});

describe('interventions: bad input → 422, nothing written', () => {
	const bad: [string, any, string][] = [];
	const s = { lon: -72.028, lat: -13.445 };
	const poly = square(s.lon, s.lat);
	bad.push([
		'negative depth',
		{
			geometry: line(s.lon, s.lat),
			properties: { type: 'zanja_infiltracion', state: 'propuesta', params: { depthM: -0.4 } }
		},
		'PARAM_OUT_OF_RANGE'
	]);
	bad.push([
		'density 1e6/ha',
		{
			geometry: poly,
			properties: { type: 'forestacion', state: 'propuesta', params: { densityPlantsPerHa: 1e6 } }
		},
		'PARAM_OUT_OF_RANGE'
	]);
	bad.push([
		'unknown param',
		{ geometry: poly, properties: { type: 'forestacion', state: 'propuesta', params: { depthM: 1 } } },
		'PARAM_UNKNOWN'
	]);
	bad.push([
		'param not a number',
		{
			geometry: poly,
			properties: { type: 'forestacion', state: 'propuesta', params: { densityPlantsPerHa: '1000' } }
		},
		'PARAM_NOT_A_NUMBER'
	]);
	bad.push([
		'unknown type',
		{ geometry: poly, properties: { type: 'carretera', state: 'propuesta' } },
		'INTERVENTION_INVALID_PROPERTIES'
	]);
	bad.push([
		'missing state',
		{ geometry: poly, properties: { type: 'forestacion' } },
		'INTERVENTION_INVALID_PROPERTIES'
	]);
	bad.push([
		'end before start',
		{
			geometry: poly,
			properties: { type: 'forestacion', state: 'propuesta', startDate: '2024-05-01', endDate: '2024-04-01' }
		},
		'INTERVENTION_INVALID_PROPERTIES'
	]);
	bad.push([
		'notes too long',
		{ geometry: poly, properties: { type: 'forestacion', state: 'propuesta', notes: 'x'.repeat(2001) } },
		'INTERVENTION_INVALID_PROPERTIES'
	]);
	bad.push([
		'unknown project',
		{ geometry: poly, properties: { type: 'forestacion', state: 'propuesta', projectId: 'no-existe' } },
		'PROJECT_NOT_FOUND'
	]);
	bad.push([
		'wrong geometry type (forest as line)',
		{ geometry: line(s.lon, s.lat), properties: { type: 'forestacion', state: 'propuesta' } },
		'GEOMETRY_WRONG_FOR_TYPE'
	]);
	bad.push([
		'wrong geometry type (spring as polygon)',
		{ geometry: poly, properties: { type: 'proteccion_manante', state: 'propuesta' } },
		'GEOMETRY_WRONG_FOR_TYPE'
	]);
	const ring = (pts: (number | null)[][]) => ({ type: 'Polygon', coordinates: [pts] });
	const { lon: x, lat: y } = s;
	const d = 0.0008;
	bad.push([
		'zero-area polygon',
		{
			geometry: ring([
				[x, y],
				[x + d, y],
				[x + 2 * d, y],
				[x, y]
			]),
			properties: { type: 'forestacion', state: 'propuesta' }
		},
		'GEOMETRY_'
	]);
	bad.push([
		'duplicate vertices',
		{
			geometry: ring([
				[x, y],
				[x + d, y],
				[x + d, y],
				[x + d, y + d],
				[x, y + d],
				[x, y]
			]),
			properties: { type: 'forestacion', state: 'propuesta' }
		},
		'GEOMETRY_DUPLICATE_VERTEX'
	]);
	bad.push([
		'spike',
		{
			geometry: ring([
				[x, y],
				[x + d, y],
				[x + d, y + d],
				[x + d, y + 3 * d],
				[x + d, y + d],
				[x, y + d],
				[x, y]
			]),
			properties: { type: 'forestacion', state: 'propuesta' }
		},
		'GEOMETRY_'
	]);
	bad.push([
		'unclosed ring',
		{
			geometry: ring([
				[x, y],
				[x + d, y],
				[x + d, y + d],
				[x, y + d]
			]),
			properties: { type: 'forestacion', state: 'propuesta' }
		},
		'GEOMETRY_'
	]);
	bad.push([
		'NaN coordinate (null in JSON)',
		{
			geometry: ring([
				[x, y],
				[x + d, null],
				[x + d, y + d],
				[x, y + d],
				[x, y]
			]),
			properties: { type: 'forestacion', state: 'propuesta' }
		},
		'GEOMETRY_'
	]);
	bad.push([
		'too small (0.25 m²)',
		{ geometry: square(x, y, 0.0000045), properties: { type: 'forestacion', state: 'propuesta' } },
		'GEOMETRY_TOO_SMALL'
	]);
	bad.push([
		'self-intersection',
		{
			geometry: ring([
				[x, y],
				[x + d, y + d],
				[x + d, y],
				[x, y + d],
				[x, y]
			]),
			properties: { type: 'forestacion', state: 'propuesta' }
		},
		'GEOMETRY_SELF_INTERSECTION'
	]);

	it.each(bad.map(([name, body, code]) => ({ name, body, code })))(
		'$name → 422 $code',
		async ({ body, code }) => {
			const before = await counts();
			const r = await com.post(L, body);
			expect(r.status, r.text).toBe(422);
			expect(r.body.code.startsWith(code), `${r.body.code} vs ${code}`).toBe(true);
			expect(typeof r.body.message).toBe('string');
			expect(r.body.message.length).toBeGreaterThan(5);
			const after = await counts();
			// verify itself does not write; the audit count is read twice
			expect(after).toEqual(before);
		}
	);

	it('absurd params on update → 422 and the stored feature is unchanged', async () => {
		const sp = spot();
		const c = await com.post(L, {
			geometry: line(sp.lon, sp.lat),
			properties: { type: 'zanja_infiltracion', state: 'propuesta' }
		});
		const before = await counts();
		const r = await com.patch(`${L}/${c.body.id}`, {
			properties: { type: 'zanja_infiltracion', state: 'propuesta', params: { depthM: -1 } },
			version: 1
		});
		expect(r.status).toBe(422);
		expect(r.body.code).toBe('PARAM_OUT_OF_RANGE');
		expect(await counts()).toEqual(before);
		expect((await com.get(`${L}/${c.body.id}`)).body.version).toBe(1);
	});

	it('absurd project params → 422', async () => {
		const r = await com.post('/api/projects', {
			name: 'x',
			params: { forestacion: { densityPlantsPerHa: 1e6 } }
		});
		expect(r.status).toBe(422);
		expect(r.body.code).toBe('PARAM_OUT_OF_RANGE');
		const t = await com.post('/api/projects', { name: 'x', params: { carretera: { a: 1 } } });
		expect(t.status).toBe(422);
	});
});

describe('interventions: warnings never block', () => {
	it('outside the microcuenca', async () => {
		const r = await com.post(L, {
			geometry: square(-72.0, -13.45),
			properties: { type: 'forestacion', state: 'propuesta' }
		});
		expect(r.status).toBe(201);
		const w = r.body.properties.warnings.find((x: any) => x.code === 'OUTSIDE_MICROCUENCA');
		expect(w).toBeTruthy();
		expect(w.ha).toBeGreaterThan(0);
		expect(typeof w.message).toBe('string');
	});

	it('overlap with another intervention of the same type, with overlap ha', async () => {
		const s = spot();
		const a = await com.post(L, {
			geometry: square(s.lon, s.lat),
			properties: { type: 'pastos_naturales', state: 'propuesta' }
		});
		expect(a.body.properties.warnings).toEqual([]);
		const b = await com.post(L, {
			geometry: square(s.lon + 0.0004, s.lat),
			properties: { type: 'pastos_naturales', state: 'propuesta' }
		});
		expect(b.status).toBe(201);
		const w = b.body.properties.warnings.find((x: any) => x.code === 'OVERLAP_SAME_TYPE');
		expect(w.ids).toEqual([String(a.body.id)]);
		// half of a 0.0008° square overlaps: ≈ 0.5 × area
		expect(w.ha).toBeCloseTo(a.body.properties.measures.areaHa / 2, 2);
		// a different type on the same place: no overlap warning
		const c = await com.post(L, {
			geometry: square(s.lon + 0.0004, s.lat),
			properties: { type: 'forestacion', state: 'propuesta' }
		});
		expect(c.body.properties.warnings.some((x: any) => x.code === 'OVERLAP_SAME_TYPE')).toBe(false);
	});

	it('ZEE incompatible / restricted by the editable table; editing the table changes later saves', async () => {
		// zee-4 (tratamiento especial): zanjas incompatible by default
		const inZee4 = square(-72.0095, -13.428, 0.001);
		const r = await com.post(L, {
			geometry: inZee4,
			properties: { type: 'microreservorio', state: 'propuesta' }
		});
		expect(r.status).toBe(201);
		const w = r.body.properties.warnings.find((x: any) => x.code === 'ZEE_INCOMPATIBLE');
		expect(w).toMatchObject({ categoria: 'tratamiento_especial', zoneId: 'zee-4' });
		expect(w.ha).toBeCloseTo(r.body.properties.measures.areaHa, 4);
		const f = await com.post(L, {
			geometry: square(-72.0085, -13.4265, 0.001),
			properties: { type: 'forestacion', state: 'propuesta' }
		});
		expect(f.body.properties.warnings.find((x: any) => x.code === 'ZEE_RESTRICTED')).toMatchObject({
			categoria: 'tratamiento_especial'
		});

		const cur = await anon.get('/api/settings/zee-compat');
		expect(cur.status).toBe(200);
		expect(cur.body.value.matrix.tratamiento_especial.microreservorio).toBe('incompatible');
		const matrix = structuredClone(cur.body.value.matrix);
		matrix.tratamiento_especial.microreservorio = 'compatible';
		expect(
			(await anon.put('/api/settings/zee-compat', { value: { matrix }, version: cur.body.version })).status
		).toBe(401);
		expect(
			(await rev.put('/api/settings/zee-compat', { value: { matrix }, version: cur.body.version })).status
		).toBe(403);
		const badM = structuredClone(matrix);
		badM.productiva.anden = 'quizas';
		const bad = await com.put('/api/settings/zee-compat', {
			value: { matrix: badM },
			version: cur.body.version
		});
		expect(bad.status).toBe(422);
		const ok = await com.put('/api/settings/zee-compat', { value: { matrix }, version: cur.body.version });
		expect(ok.status, ok.text).toBe(200);
		expect(ok.body.version).toBe(cur.body.version + 1);
		const stale = await adm.put('/api/settings/zee-compat', { value: { matrix }, version: cur.body.version });
		expect(stale.status).toBe(409);
		expect(stale.body.current.version).toBe(ok.body.version);
		const audit = await adm.get('/api/audit?action=settings.update');
		expect(audit.body.entries?.length ?? audit.body.length ?? 0).toBeGreaterThan(0);

		const r2 = await com.post(L, {
			geometry: square(-72.0094, -13.4274, 0.0004),
			properties: { type: 'microreservorio', state: 'propuesta' }
		});
		expect(r2.body.properties.warnings.filter((x: any) => x.code.startsWith('ZEE_'))).toEqual([]);
		// restore
		await com.put('/api/settings/zee-compat', { value: cur.body.value, version: ok.body.version });
	});
});

describe('projects', () => {
	it('seeded Can Can demo project is illustrative with no invented budget; public can list', async () => {
		const r = await anon.get('/api/projects');
		expect(r.status).toBe(200);
		const cc = r.body.projects.find((p: any) => p.id === 'can-can-2017');
		expect(cc).toMatchObject({ year: 2017, illustrative: true, budgetSoles: null });
		expect(cc.name).toMatch(/^Recuperación de los servicios ecosistémicos del sector Can Can/);
	});

	it('CRUD with versions, audit and 409', async () => {
		const c = await com.post('/api/projects', {
			id: 'prueba-crud',
			name: 'CRUD',
			code: 'MRSE-01',
			budgetSoles: 1000
		});
		expect(c.status, c.text).toBe(201);
		expect(c.headers.get('location')).toBe('/api/projects/prueba-crud');
		expect((await com.post('/api/projects', { id: 'prueba-crud', name: 'otra' })).body.code).toBe(
			'PROJECT_ID_TAKEN'
		);
		expect((await com.post('/api/projects', { name: 'otra', code: 'MRSE-01' })).body.code).toBe(
			'PROJECT_CODE_TAKEN'
		);
		const u = await com.put('/api/projects/prueba-crud', { sector: 'Ccorimarca', version: 1 });
		expect(u.status).toBe(200);
		expect(u.body).toMatchObject({ sector: 'Ccorimarca', name: 'CRUD', budgetSoles: 1000, version: 2 });
		const stale = await adm.put('/api/projects/prueba-crud', { sector: 'x', version: 1 });
		expect(stale.status).toBe(409);
		expect(stale.body.current.version).toBe(2);
		expect((await com.put('/api/projects/prueba-crud', { sector: 'x' })).status).toBe(428);
		const hist = await adm.get('/api/audit?entityType=project&entityId=prueba-crud');
		expect(hist.status).toBe(200);
		const d = await com.del('/api/projects/prueba-crud?version=2');
		expect(d.status).toBe(200);
		expect((await anon.get('/api/projects/prueba-crud')).status).toBe(404);
	});

	it('GET /api/params: documented defaults with sources, units and ranges', async () => {
		const r = await anon.get('/api/params');
		expect(r.status).toBe(200);
		const f = r.body.types.forestacion.params.find((p: any) => p.key === 'densityPlantsPerHa');
		expect(f).toMatchObject({ unit: 'plantas/ha', default: 1111 });
		expect(f.source.length).toBeGreaterThan(20);
		expect(Object.keys(r.body.types)).toHaveLength(6);
	});
});

describe('summaries', () => {
	it('totals equal the sum of unit measures; groups add up; publico sees published only', async () => {
		// a published intervention (published through the review workflow: submit + approve)
		const s = spot();
		const pub = await adm.post(L, {
			geometry: square(s.lon, s.lat),
			properties: { type: 'forestacion', state: 'ejecutada', community: 'Piuray', projectId: 'can-can-2017' }
		});
		expect(pub.status, pub.text).toBe(201);
		expect((await publishViaReview(adm, rev, pub.body.id)).status).toBe('publicado');

		const all = await com.get(`${L}?limit=10000`);
		const sum = await com.get('/api/interventions/summary');
		expect(sum.status, sum.text).toBe(200);
		expect(sum.body.count).toBe(all.body.numberMatched);
		for (const q of SUMMED_QUANTITIES) {
			const unit = all.body.features.reduce((a: number, f: any) => a + (f.properties.measures[q] ?? 0), 0);
			expect(sum.body.totals[q]).toBeCloseTo(unit, 6);
			for (const by of ['byType', 'byState', 'byProject', 'byCommunity'])
				expect(sum.body[by].reduce((a: number, r: any) => a + r[q], 0)).toBeCloseTo(unit, 6);
		}
		expect(sum.body.byType.find((r: any) => r.key === 'forestacion').label).toMatch(/Forestación/);
		expect(sum.body.byProject.find((r: any) => r.key === 'can-can-2017').label).toMatch(/Can Can/);
		expect(sum.body.byZee.available).toBe(true);
		const zeeAll = sum.body.byZee.rows.filter((r: any) => r.type === '');
		expect(zeeAll.length).toBeGreaterThan(0);
		const pve = sum.body.plannedVsExecuted.byProject.find((r: any) => r.key === 'can-can-2017');
		expect(pve.executed.areaHa).toBeCloseTo(pub.body.properties.measures.areaHa, 9);

		// filters
		const ft = await com.get('/api/interventions/summary?type=forestacion&community=Piuray');
		expect(ft.body.count).toBe(
			all.body.features.filter(
				(f: any) => f.properties.type === 'forestacion' && f.properties.community === 'Piuray'
			).length
		);

		// anonymous: only published
		const a = await anon.get('/api/interventions/summary');
		expect(a.status).toBe(200);
		const pubs = all.body.features.filter((f: any) => f.status === 'publicado');
		expect(a.body.count).toBe(pubs.length);
		expect(a.body.totals.areaHa).toBeCloseTo(
			pubs.reduce((x: number, f: any) => x + (f.properties.measures.areaHa ?? 0), 0),
			9
		);
		expect((await anon.get('/api/interventions/summary?status=borrador')).status).toBe(403);
		const list = await anon.get(`${L}?limit=10000`);
		expect(list.body.features.every((f: any) => f.status === 'publicado')).toBe(true);
		expect(list.body.numberMatched).toBe(pubs.length);
	});

	it('CSV: UTF-8 with BOM, ; separator, Spanish headers, parses back to the JSON totals', async () => {
		const sum = await com.get('/api/interventions/summary');
		const r = await fetch(`${srv.origin}/api/interventions/summary.csv?by=type`, {
			headers: { cookie: com.cookie }
		});
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
		const buf = new Uint8Array(await r.arrayBuffer());
		expect([...buf.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(buf.slice(3));
		const rows = text
			.trimEnd()
			.split('\r\n')
			.map((l) => l.split(';'));
		expect(rows[0]![0]).toBe('Tipo de intervención');
		expect(rows[0]).toContain('Área (ha)');
		const total = rows[rows.length - 1]!;
		expect(total[0]).toBe('Total');
		expect(Number(total[2])).toBe(sum.body.totals.count);
		const ai = rows[0]!.indexOf('Área (ha)');
		expect(Number(total[ai])).toBeCloseTo(sum.body.totals.areaHa, 5);
		const bodyRows = rows.slice(1, -1);
		expect(bodyRows.reduce((a, row) => a + Number(row[ai]), 0)).toBeCloseTo(sum.body.totals.areaHa, 5);
		for (const by of ['state', 'project', 'community', 'zee']) {
			const x = await com.get(`/api/interventions/summary.csv?by=${by}&sep=,`);
			expect(x.status).toBe(200);
			expect(x.text.split('\r\n')[0]!.includes(',')).toBe(true);
		}
		expect((await com.get('/api/interventions/summary.csv?by=nada')).status).toBe(400);
	});
});

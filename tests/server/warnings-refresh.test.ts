/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are inspected loosely in tests */
/**
 * Issue 5 item 6: stored intervention warnings follow later changes (decision 112) — a same-type neighbour
 * created / moved / deleted, the ZEE compatibility table saved, the ZEE layer replaced by an import. Each
 * refresh is an audited feature update (version + 1, same actor) with `properties.warningsRefresh`.
 * Runs against the real build (`YAKU_TEST_BUILD` or build/index.js) with its own data directory.
 */
import type { Geometry } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, seedUsers, startServer, tmpDataDir, type RunningServer } from './helpers';

const PW = 'contraseña-de-prueba-1';
const L = '/api/collections/intervenciones/features';
let srv: RunningServer;
let com: Client;
let rev: Client;

/** Productive ZEE zone (everything compatible by default), inside the microcuenca; a fresh spot per call. */
let slot = 0;
function spot(): { lon: number; lat: number } {
	const i = slot++;
	return { lon: -72.03 + (i % 10) * 0.0015, lat: -13.43 - Math.floor(i / 10) * 0.0015 };
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
const codes = (f: any): string[] => (f.properties.warnings as any[]).map((w) => w.code);

beforeAll(async () => {
	const dir = tmpDataDir('yaku-warnings-refresh-');
	await seedUsers(dir, [
		{ username: 'com', role: 'comite', password: PW },
		{ username: 'rev', role: 'revisor', password: PW }
	]);
	srv = await startServer(dir);
	com = new Client(srv.origin);
	rev = new Client(srv.origin);
	await com.login('com', PW);
	await rev.login('rev', PW);
}, 60_000);

afterAll(async () => {
	await srv?.stop();
});

describe('warnings refresh: same-type neighbours', () => {
	it('create, move away, move back, delete a neighbour → the other one’s overlap warning follows', async () => {
		const s = spot();
		const a = await com.post(L, {
			geometry: square(s.lon, s.lat),
			properties: { type: 'pastos_naturales', state: 'propuesta', name: 'A' }
		});
		expect(a.status, a.text).toBe(201);
		expect(a.body.properties.warnings).toEqual([]);
		expect(a.headers.get('x-warnings-refreshed')).toBeNull();

		// B overlaps half of A: A is refreshed by the server, named in the response header
		const b = await com.post(L, {
			geometry: square(s.lon + 0.0004, s.lat),
			properties: { type: 'pastos_naturales', state: 'propuesta', name: 'B' }
		});
		expect(b.status).toBe(201);
		expect(b.headers.get('x-warnings-refreshed')).toBe(String(a.body.id));
		let a2 = (await com.get(`${L}/${a.body.id}`)).body;
		expect(a2.version).toBe(2);
		const w = a2.properties.warnings.find((x: any) => x.code === 'OVERLAP_SAME_TYPE');
		expect(w.ids).toEqual([String(b.body.id)]);
		expect(w.ha).toBeCloseTo(a.body.properties.measures.areaHa / 2, 2);
		// symmetric with B's own save-time warning
		const wb = b.body.properties.warnings.find((x: any) => x.code === 'OVERLAP_SAME_TYPE');
		expect(w.ha).toBeCloseTo(wb.ha, 9);
		expect(a2.properties.warningsRefresh).toMatchObject({ cause: 'neighbour', featureId: b.body.id });
		expect(a2.properties.measures).toEqual(a.body.properties.measures);
		expect(a2.properties.computedAt).toBe(a.body.properties.computedAt);
		// audited: a feature.update by the same actor
		const hist = await com.get(`${L}/${a.body.id}/history`);
		const last = hist.body.entries.at(-1);
		expect(last.action).toBe('feature.update');
		expect(last.actor.username).toBe('com');
		expect(last.after.properties.warningsRefresh.cause).toBe('neighbour');

		// a client still holding A v1 gets the ordinary 409 flow, with the fresh warnings in `current`
		const stale = await com.put(`${L}/${a.body.id}`, {
			geometry: a.body.geometry,
			properties: { ...a.body.properties, name: 'A editada' },
			version: 1
		});
		expect(stale.status).toBe(409);
		expect(codes(stale.body.current)).toContain('OVERLAP_SAME_TYPE');

		// B moves away: A's warning disappears
		const moved = await com.patch(`${L}/${b.body.id}`, {
			geometry: square(s.lon + 0.0004, s.lat + 0.01),
			version: b.body.version
		});
		expect(moved.status, moved.text).toBe(200);
		expect(moved.headers.get('x-warnings-refreshed')).toBe(String(a.body.id));
		a2 = (await com.get(`${L}/${a.body.id}`)).body;
		expect(codes(a2)).not.toContain('OVERLAP_SAME_TYPE');
		expect(a2.version).toBe(3);

		// B back, then deleted
		const back = await com.patch(`${L}/${b.body.id}`, {
			geometry: square(s.lon + 0.0004, s.lat),
			version: moved.body.version
		});
		expect(codes((await com.get(`${L}/${a.body.id}`)).body)).toContain('OVERLAP_SAME_TYPE');
		const del = await com.del(`${L}/${b.body.id}?version=${back.body.version}`);
		expect(del.status, del.text).toBe(200);
		expect(del.headers.get('x-warnings-refreshed')).toBe(String(a.body.id));
		a2 = (await com.get(`${L}/${a.body.id}`)).body;
		expect(a2.properties.warnings).toEqual([]);
		expect(a2.version).toBe(5);
	});

	it('no refresh for another type, an attribute edit, or a status-only change', async () => {
		const s = spot();
		const a = await com.post(L, {
			geometry: square(s.lon, s.lat),
			properties: { type: 'pastos_naturales', state: 'propuesta' }
		});
		const other = await com.post(L, {
			geometry: square(s.lon + 0.0004, s.lat),
			properties: { type: 'forestacion', state: 'propuesta' }
		});
		expect(other.status).toBe(201);
		expect(other.headers.get('x-warnings-refreshed')).toBeNull();
		const b = await com.post(L, {
			geometry: square(s.lon + 0.0004, s.lat),
			properties: { type: 'pastos_naturales', state: 'propuesta' }
		});
		expect(b.headers.get('x-warnings-refreshed')).toBe(String(a.body.id));
		const vA = (await com.get(`${L}/${a.body.id}`)).body.version;
		// B's name changes, geometry and type do not: A untouched
		const renamed = await com.patch(`${L}/${b.body.id}`, {
			properties: { type: 'pastos_naturales', state: 'propuesta', name: 'renombrada' },
			version: b.body.version
		});
		expect(renamed.status, renamed.text).toBe(200);
		expect(renamed.headers.get('x-warnings-refreshed')).toBeNull();
		// a status change through the generic API is refused (review workflow only) and refreshes nothing
		const pub = await rev.patch(`${L}/${b.body.id}`, { status: 'publicado', version: renamed.body.version });
		expect(pub.status, pub.text).toBe(409);
		expect(pub.body.code).toBe('REVIEW_WORKFLOW_REQUIRED');
		expect(pub.headers.get('x-warnings-refreshed')).toBeNull();
		expect((await com.get(`${L}/${a.body.id}`)).body.version).toBe(vA);
	});

	it('a client echoing warningsRefresh back is accepted (computed key, ignored)', async () => {
		const s = spot();
		const a = await com.post(L, {
			geometry: square(s.lon, s.lat),
			properties: { type: 'anden', state: 'propuesta' }
		});
		await com.post(L, {
			geometry: square(s.lon + 0.0004, s.lat),
			properties: { type: 'anden', state: 'propuesta' }
		});
		const a2 = (await com.get(`${L}/${a.body.id}`)).body;
		expect(a2.properties.warningsRefresh).toBeTruthy();
		const put = await com.put(`${L}/${a.body.id}`, {
			geometry: a2.geometry,
			properties: { ...a2.properties, name: 'editada' },
			version: a2.version
		});
		expect(put.status, put.text).toBe(200);
		// its own save recomputed everything: the marker is gone, the warning is still there
		expect(put.body.properties.warningsRefresh).toBeUndefined();
		expect(codes(put.body)).toContain('OVERLAP_SAME_TYPE');
	});
});

describe('warnings refresh: ZEE table and ZEE layer', () => {
	it('saving the compatibility table refreshes the stored ZEE warnings (and only where they change)', async () => {
		// zee-4 (tratamiento especial): microreservorio incompatible by default
		const r = await com.post(L, {
			geometry: square(-72.0095, -13.428, 0.001),
			properties: { type: 'microreservorio', state: 'propuesta' }
		});
		expect(r.status, r.text).toBe(201);
		expect(codes(r.body)).toContain('ZEE_INCOMPATIBLE');
		const s = spot();
		const elsewhere = await com.post(L, {
			geometry: square(s.lon, s.lat),
			properties: { type: 'microreservorio', state: 'propuesta' }
		});
		expect(codes(elsewhere.body).some((c) => c.startsWith('ZEE_'))).toBe(false);

		const cur = await com.get('/api/settings/zee-compat');
		const matrix = structuredClone(cur.body.value.matrix);
		matrix.tratamiento_especial.microreservorio = 'restringido';
		const ok = await com.put('/api/settings/zee-compat', { value: { matrix }, version: cur.body.version });
		expect(ok.status, ok.text).toBe(200);
		expect(ok.body.warningsRefreshed.updated).toContain(r.body.id);
		expect(ok.body.warningsRefreshed.updated).not.toContain(elsewhere.body.id);
		expect(ok.body.warningsRefreshed.checked).toBeGreaterThanOrEqual(2);
		const after = (await com.get(`${L}/${r.body.id}`)).body;
		expect(codes(after)).toContain('ZEE_RESTRICTED');
		expect(codes(after)).not.toContain('ZEE_INCOMPATIBLE');
		expect(after.properties.warningsRefresh.cause).toBe('zee_compat');
		expect(after.version).toBe(r.body.version + 1);
		expect((await com.get(`${L}/${elsewhere.body.id}`)).body.version).toBe(elsewhere.body.version);

		// restore: back to incompatible
		const back = await com.put('/api/settings/zee-compat', {
			value: cur.body.value,
			version: ok.body.version
		});
		expect(back.status).toBe(200);
		expect(codes((await com.get(`${L}/${r.body.id}`)).body)).toContain('ZEE_INCOMPATIBLE');
		// saving the same table again changes nothing: no new versions (batch overlay vs save-time overlay)
		const far = await com.post(L, {
			geometry: square(-71.9, -13.3),
			properties: { type: 'forestacion', state: 'propuesta' }
		});
		expect(far.status).toBe(201);
		const same = await com.put('/api/settings/zee-compat', {
			value: cur.body.value,
			version: back.body.version
		});
		expect(same.status).toBe(200);
		expect(same.body.warningsRefreshed.updated).toEqual([]);
		expect(same.body.warningsRefreshed.checked).toBeGreaterThanOrEqual(3);
	});

	it('replacing the ZEE layer by an import refreshes the ZEE warnings', async () => {
		const s = spot();
		const item = await com.post(L, {
			geometry: square(s.lon, s.lat),
			properties: { type: 'zanja_infiltracion', state: 'propuesta' }
		});
		expect(item.status, item.text).toBe(201);
		expect(codes(item.body).some((c) => c.startsWith('ZEE_'))).toBe(false);
		// the whole area becomes one "tratamiento especial" zone: zanjas are incompatible there by default
		const zone = square(-72.2, -13.6, 0.4);
		const imp = await com.post('/api/imports/layers', {
			name: 'ZEE prueba',
			kind: 'zee',
			sourceFile: 'zee.zip',
			provenance: { source: 'prueba de yaku' },
			features: [
				{
					geometry: zone,
					properties: { id: 'te-1', nombre: 'Zona de prueba', categoria: 'tratamiento_especial' }
				}
			]
		});
		expect(imp.status, imp.text).toBe(201);
		expect(imp.body.warningsRefreshed.updated).toContain(item.body.id);
		const after = (await com.get(`${L}/${item.body.id}`)).body;
		const w = after.properties.warnings.find((x: any) => x.code === 'ZEE_INCOMPATIBLE');
		expect(w).toMatchObject({
			zoneId: 'te-1',
			zoneName: 'Zona de prueba',
			categoria: 'tratamiento_especial'
		});
		expect(after.properties.warningsRefresh.cause).toBe('zee_layer');
	});

	it('summary by ZEE zone: netAreaHa counts overlapping works once (dissolve), areaHa sums them', async () => {
		const s = spot();
		const community = `Neta ${Date.now()}`;
		const a = await com.post(L, {
			geometry: square(s.lon, s.lat),
			properties: { type: 'forestacion', state: 'planificada', community }
		});
		await com.post(L, {
			geometry: square(s.lon + 0.0004, s.lat),
			properties: { type: 'forestacion', state: 'planificada', community }
		});
		const sum = await com.get(`/api/interventions/summary?community=${encodeURIComponent(community)}`);
		expect(sum.status, sum.text).toBe(200);
		expect(sum.body.byZee.available).toBe(true);
		const rows = sum.body.byZee.rows.filter((r: any) => r.type === 'forestacion');
		const total = (k: string) => rows.reduce((t: number, r: any) => t + r[k], 0);
		const one = a.body.properties.measures.areaHa;
		expect(total('areaHa')).toBeCloseTo(2 * one, 4);
		expect(total('netAreaHa')).toBeCloseTo(1.5 * one, 4);
		const all = sum.body.byZee.rows.filter((r: any) => r.type === '');
		expect(all.reduce((t: number, r: any) => t + r.netAreaHa, 0)).toBeCloseTo(1.5 * one, 4);
		const csv = await com.get(
			`/api/interventions/summary.csv?by=zee&community=${encodeURIComponent(community)}`
		);
		expect(csv.text.split('\r\n')[0]).toContain('Área sin superposición (ha)');
	});
});

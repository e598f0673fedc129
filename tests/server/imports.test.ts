/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are inspected loosely in tests */
/**
 * Import targets (issue 6) against the real built server: generic imported layers (`import-<slug>`),
 * known reference layers written to <dataDir>/layers, and the bulk interventions endpoint — each one
 * transaction with ONE audit entry, all or nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Geometry } from 'geojson';
import { Client, seedUsers, startServer, tmpDataDir, type RunningServer } from './helpers';

const PW = 'contraseña-de-prueba-1';
let srv: RunningServer;
let com: Client;
let rev: Client;
let adm: Client;
let anon: Client;

const BASE = { lon: -72.03, lat: -13.43 };
let slot = 0;
function sq(d = 0.0008): Geometry {
	const i = slot++;
	const x = BASE.lon + (i % 20) * 0.0011;
	const y = BASE.lat - Math.floor(i / 20) * 0.0011;
	return {
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
	};
}

async function auditRows(): Promise<number> {
	return (await adm.get('/api/audit/verify')).body.rows as number;
}

beforeAll(async () => {
	const dir = tmpDataDir('yaku-imports-');
	await seedUsers(dir, [
		{ username: 'comite', role: 'comite', password: PW },
		{ username: 'revisor', role: 'revisor', password: PW },
		{ username: 'admin', role: 'admin', password: PW }
	]);
	srv = await startServer(dir, { YAKU_MAX_IMPORT_BYTES: String(2 * 1024 * 1024), BODY_SIZE_LIMIT: '4M' });
	com = new Client(srv.origin);
	rev = new Client(srv.origin);
	adm = new Client(srv.origin);
	anon = new Client(srv.origin);
	await com.login('comite', PW);
	await rev.login('revisor', PW);
	await adm.login('admin', PW);
}, 60_000);

afterAll(async () => {
	await srv?.stop();
});

describe('POST /api/imports/layers (generic imported layer)', () => {
	it('stores all features in one transaction with ONE audit entry and lists the layer', async () => {
		const before = await auditRows();
		const features = Array.from({ length: 25 }, (_, i) => ({
			type: 'Feature',
			geometry: sq(),
			properties: { nombre: `Parcela ${i}`, area: i * 1.5, ok: i % 2 === 0 }
		}));
		const r = await com.post('/api/imports/layers', {
			name: 'Parcelas SEDACUSCO 2024',
			sourceFile: 'parcelas.zip',
			sourceFormat: 'shapefile',
			sourceCrs: 'EPSG:32718',
			skipped: 2,
			provenance: { source: 'SEDACUSCO, levantamiento 2024', licence: 'uso interno' },
			features
		});
		expect(r.status, r.text).toBe(201);
		expect(r.body.layer.id).toBe('import-parcelas-sedacusco-2024');
		expect(r.body.layer.featureCount).toBe(25);
		expect(r.body.layer.geometryType).toBe('polygon');
		expect(r.body.layer.provenance.transformation).toContain('EPSG:32718');
		expect(r.body.layer.provenance.transformation).toContain('2 entidades inválidas omitidas');
		expect(await auditRows()).toBe(before + 1);
		const log = await adm.get('/api/audit?action=import.layer&limit=1');
		expect(log.body.entries?.[0]?.entityType ?? log.body[0]?.entityType ?? 'import').toBe('import');

		const list = await com.get('/api/imports/layers');
		const l = list.body.layers.find((x: any) => x.id === 'import-parcelas-sedacusco-2024');
		expect(l).toMatchObject({
			name: 'Parcelas SEDACUSCO 2024',
			sourceFile: 'parcelas.zip',
			importedBy: 'comite'
		});
		expect(l.importedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
		const fc = await com.get(l.data);
		expect(fc.status).toBe(200);
		expect(fc.body.features).toHaveLength(25);
		expect(fc.body.features[3].properties.nombre).toBe('Parcela 3');

		// drafts are invisible to anonymous visitors until a reviewer publishes the layer (one audit row)
		expect((await anon.get('/api/imports/layers')).body.layers.some((x: any) => x.id === l.id)).toBe(false);
		expect((await anon.get(l.data)).status).toBe(404);
		const pub = await rev.post(`/api/imports/layers/${l.id}/status`, { status: 'publicado' });
		expect(pub.status, pub.text).toBe(200);
		expect(pub.body.changed).toBe(25);
		expect((await anon.get(l.data)).body.features).toHaveLength(25);
		expect((await anon.get('/api/imports/layers')).body.layers.some((x: any) => x.id === l.id)).toBe(true);
	});

	it('a second layer with the same name gets a free id; an explicit taken id is 409', async () => {
		const body = {
			name: 'Parcelas SEDACUSCO 2024',
			sourceFile: 'otra.geojson',
			features: [{ type: 'Feature', geometry: sq(), properties: {} }]
		};
		const r = await com.post('/api/imports/layers', body);
		expect(r.status, r.text).toBe(201);
		expect(r.body.layer.id).toBe('import-parcelas-sedacusco-2024-2');
		const again = await com.post('/api/imports/layers', { ...body, id: 'parcelas-sedacusco-2024' });
		expect(again.status).toBe(409);
		expect(again.body.code).toBe('IMPORT_LAYER_TAKEN');
	});

	it('one bad feature: nothing written, no audit row, per-feature errors returned', async () => {
		const before = await auditRows();
		const r = await com.post('/api/imports/layers', {
			name: 'Con errores',
			sourceFile: 'malo.geojson',
			features: [
				{ type: 'Feature', geometry: sq(), properties: {} },
				{ type: 'Feature', geometry: { type: 'Point', coordinates: [500000, 8500000] }, properties: {} },
				{ type: 'Feature', geometry: sq(), properties: {} }
			]
		});
		expect(r.status).toBe(422);
		expect(r.body.code).toBe('IMPORT_FEATURES_INVALID');
		expect(r.body.errors).toHaveLength(1);
		expect(r.body.errors[0].index).toBe(1);
		expect(r.body.errors[0].code).toMatch(/^GEOMETRY_/);
		expect(await auditRows()).toBe(before);
		const list = await com.get('/api/imports/layers');
		expect(list.body.layers.some((x: any) => x.name === 'Con errores')).toBe(false);
	});

	it('accepts a gzip body above the general 512 KiB cap (import cap only on this route)', async () => {
		const features = Array.from({ length: 1500 }, (_, i) => ({
			type: 'Feature',
			geometry: sq(0.0002),
			properties: { i, texto: 'x'.repeat(300) }
		}));
		const raw = JSON.stringify({ name: 'Grande', sourceFile: 'grande.csv', features });
		expect(raw.length).toBeGreaterThan(512 * 1024);
		const res = await fetch(`${srv.origin}/api/imports/layers`, {
			method: 'POST',
			headers: {
				origin: srv.origin,
				cookie: com.cookie,
				'content-type': 'application/json',
				'content-encoding': 'gzip'
			},
			body: gzipSync(raw)
		});
		const r = { status: res.status, text: await res.text(), body: {} as any };
		r.body = JSON.parse(r.text);
		expect(r.status, r.text.slice(0, 300)).toBe(201);
		expect(r.body.layer.featureCount).toBe(1500);
	});

	it('refuses a publicado import from the Comité, and anonymous / reviewer writes', async () => {
		const body = { name: 'P', sourceFile: 'p.kml', status: 'publicado', features: [{ geometry: sq() }] };
		expect((await com.post('/api/imports/layers', body)).body.code).toBe('FORBIDDEN_STATUS');
		expect((await anon.post('/api/imports/layers', { ...body, status: 'borrador' })).status).toBe(401);
		expect((await rev.post('/api/imports/layers', { ...body, status: 'borrador' })).status).toBe(403);
	});

	it('DELETE removes the layer and its features with one audit entry', async () => {
		const r = await com.post('/api/imports/layers', {
			name: 'Para borrar',
			sourceFile: 'b.gpx',
			features: [{ geometry: { type: 'Point', coordinates: [-72.03, -13.43] } }]
		});
		const id = r.body.layer.id;
		const before = await auditRows();
		expect((await com.del(`/api/imports/layers/${id}`)).status).toBe(200);
		expect(await auditRows()).toBe(before + 1);
		expect((await com.get(`/api/imports/layers/${id}`)).status).toBe(404);
	});
});

describe('POST /api/imports/layers with a known kind (reference layer)', () => {
	it('writes <dataDir>/layers/<kind>.geojson with provenance; /api/layers serves it as a real layer', async () => {
		const lag = sq(0.004);
		const noSource = await com.post('/api/imports/layers', {
			name: 'Laguna oficial',
			kind: 'laguna',
			sourceFile: 'laguna.zip',
			features: [{ geometry: lag, properties: { nombre: 'Piuray' } }]
		});
		expect(noSource.body.code).toBe('IMPORT_PROVENANCE_REQUIRED');
		const wrong = await com.post('/api/imports/layers', {
			name: 'Laguna oficial',
			kind: 'laguna',
			sourceFile: 'laguna.zip',
			provenance: { source: 'ANA' },
			features: [{ geometry: { type: 'Point', coordinates: [-72.03, -13.43] } }]
		});
		expect(wrong.body.code).toBe('IMPORT_WRONG_GEOMETRY_FOR_LAYER');
		const before = await auditRows();
		const r = await com.post('/api/imports/layers', {
			name: 'Laguna oficial',
			kind: 'laguna',
			sourceFile: 'laguna.zip',
			sourceFormat: 'shapefile',
			sourceCrs: 'EPSG:24878',
			provenance: { source: 'ANA, inventario de lagunas', licence: 'CC BY 4.0', date: '2023' },
			features: [{ geometry: lag, properties: { nombre: 'Piuray' } }]
		});
		expect(r.status, r.text).toBe(201);
		expect(r.body.target).toBe('reference');
		expect(await auditRows()).toBe(before + 1);
		const file = join(srv.dataDir, 'layers', 'laguna.geojson');
		expect(existsSync(file)).toBe(true);
		const prov = JSON.parse(readFileSync(join(srv.dataDir, 'layers', 'laguna.provenance.json'), 'utf8'));
		expect(prov).toMatchObject({
			kind: 'laguna',
			source: 'ANA, inventario de lagunas',
			sourceCrs: 'EPSG:24878',
			illustrative: false
		});
		const cat = await anon.get('/api/layers');
		const laguna = cat.body.layers.find((l: any) => l.id === 'laguna');
		expect(laguna.illustrative).toBe(false);
		expect(laguna.featureCount).toBe(1);
		expect(laguna.provenance.source).toBe('ANA, inventario de lagunas');
		// a second replacement keeps the previous file as a copy
		await com.post('/api/imports/layers', {
			name: 'Laguna oficial v2',
			kind: 'laguna',
			sourceFile: 'laguna2.zip',
			provenance: { source: 'ANA 2024' },
			features: [{ geometry: lag, properties: {} }]
		});
		expect(readdirSync(join(srv.dataDir, 'layers')).some((n) => /^laguna\.geojson\.replaced-/.test(n))).toBe(
			true
		);
		const hist = await com.get('/api/imports');
		expect(hist.body.imports.filter((i: any) => i.target === 'reference').length).toBe(2);
	});

	it('a ZEE replacement needs a valid categoria on every zone', async () => {
		const r = await com.post('/api/imports/layers', {
			name: 'ZEE',
			kind: 'zee',
			sourceFile: 'zee.zip',
			provenance: { source: 'GORE Cusco' },
			features: [{ geometry: sq(), properties: { categoria: 'inventada' } }]
		});
		expect(r.status).toBe(422);
		expect(r.body.code).toBe('IMPORT_ZEE_CATEGORY');
	});
});

describe('POST /api/interventions/bulk', () => {
	it('creates every intervention with the layer rule (measures, warnings) in ONE transaction, ONE audit entry', async () => {
		const before = await auditRows();
		const features = Array.from({ length: 12 }, (_, i) => ({
			type: 'Feature',
			geometry: sq(),
			properties: { type: 'forestacion', state: 'planificada', name: `Bosque ${i}`, community: 'Taucca' }
		}));
		const r = await com.post('/api/interventions/bulk', {
			sourceFile: 'forestacion.kml',
			sourceFormat: 'kml',
			sourceCrs: 'EPSG:4326',
			features
		});
		expect(r.status, r.text).toBe(201);
		expect(r.body.count).toBe(12);
		expect(r.body.ids).toHaveLength(12);
		expect(await auditRows()).toBe(before + 1);
		const one = await com.get(`/api/collections/intervenciones/features/${r.body.ids[0]}`);
		expect(one.body.properties.measures.areaHa).toBeGreaterThan(0);
		expect(one.body.properties.measures.plants).toBeGreaterThan(0);
		expect(one.body.status).toBe('borrador');
		const audit = await adm.get('/api/audit?action=import.interventions&limit=5');
		const entries = Array.isArray(audit.body) ? audit.body : (audit.body.entries ?? audit.body.items);
		expect(entries[0].entityType).toBe('import');
		expect(entries[0].after.features).toHaveLength(12);
	});

	it('all or nothing: one feature failing the layer rule writes nothing and names it', async () => {
		const before = await auditRows();
		const count = (await com.get('/api/collections/intervenciones/features?limit=10000')).body.numberMatched;
		const r = await com.post('/api/interventions/bulk', {
			sourceFile: 'zanjas.csv',
			features: [
				{ geometry: sq(), properties: { type: 'forestacion', state: 'propuesta' } },
				{
					geometry: { type: 'Point', coordinates: [-72.03, -13.43] },
					properties: { type: 'zanja_infiltracion', state: 'propuesta' }
				},
				{ geometry: sq(), properties: { type: 'forestacion', state: 'inventado' } },
				{ geometry: sq(), properties: { type: 'forestacion', state: 'propuesta', projectId: 'no-existe' } }
			]
		});
		expect(r.status).toBe(422);
		expect(r.body.code).toBe('IMPORT_FEATURES_INVALID');
		expect(r.body.errors.map((e: any) => [e.index, e.code])).toEqual([
			[1, 'GEOMETRY_WRONG_FOR_TYPE'],
			[2, 'INTERVENTION_INVALID_PROPERTIES'],
			[3, 'PROJECT_NOT_FOUND']
		]);
		expect(await auditRows()).toBe(before);
		expect((await com.get('/api/collections/intervenciones/features?limit=10000')).body.numberMatched).toBe(
			count
		);
	});

	it('refuses reviewers and anonymous callers', async () => {
		const body = {
			sourceFile: 'a.kml',
			features: [{ geometry: sq(), properties: { type: 'forestacion', state: 'propuesta' } }]
		};
		expect((await rev.post('/api/interventions/bulk', body)).status).toBe(403);
		expect((await anon.post('/api/interventions/bulk', body)).status).toBe(401);
	});
});

describe('body caps', () => {
	// last: a 413 answered before the body is read resets the kept-alive connection
	it('the import cap applies only to the import routes', async () => {
		const raw = JSON.stringify({ geometry: sq(), properties: { t: 'x'.repeat(600 * 1024) } });
		const other = await com.req('POST', '/api/collections/x/features', raw, {
			'content-type': 'application/json'
		});
		expect(other.status).toBe(413);
	});
});

/** Layer catalogue and the /api/layers endpoints, on temp copies of geodata/ (never the repo's data/). */
import { cpSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	LAYER_KINDS,
	type LayerErrorResponse,
	type LayerListResponse
} from '../../../src/lib/geo/layerKinds';
import { clearLayerCache, getLayer, listLayers } from '../../../src/lib/server/geodata/catalogue';
import { GET as listRoute } from '../../../src/routes/api/layers/+server';
import { GET as layerRoute } from '../../../src/routes/api/layers/[id]/+server';

let root: string;
let geodataDir: string;
let dataDir: string;
const dirs = () => ({ geodataDir, dataDir });

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'yaku-catalogue-'));
	geodataDir = join(root, 'geodata');
	dataDir = join(root, 'data');
	cpSync(resolve('geodata'), geodataDir, { recursive: true });
	clearLayerCache();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const byKind = async (kind: string) => (await listLayers(dirs())).find((l) => l.kind === kind)!;

const realLaguna = {
	type: 'FeatureCollection',
	features: [
		{
			type: 'Feature',
			id: 'L1',
			properties: { nombre: 'Laguna Piuray (oficial, prueba)' },
			geometry: {
				type: 'Polygon',
				coordinates: [
					[
						[-72.03, -13.42],
						[-72.02, -13.42],
						[-72.02, -13.41],
						[-72.03, -13.42]
					]
				]
			}
		}
	]
};

describe('listLayers', () => {
	it('lists every kind once, in draw order, demo layers ok and illustrative', async () => {
		const layers = await listLayers(dirs());
		expect(layers.map((l) => l.kind).sort()).toEqual([...LAYER_KINDS].sort());
		const orders = layers.map((l) => l.drawOrder);
		expect(orders).toEqual([...orders].sort((a, b) => a - b));
		const laguna = layers.find((l) => l.kind === 'laguna')!;
		expect(laguna).toMatchObject({ id: 'laguna', status: 'ok', illustrative: true, featureCount: 1 });
		expect(laguna.provenance.source).toMatch(/ilustrativo/);
		expect(laguna.provenance.licence).toBe('CC0 1.0');
		expect(laguna.bbox).toHaveLength(4);
	});

	it('reports kinds without demo data and without real data as unavailable GEODATA_MISSING', async () => {
		const d = await byKind('distrito');
		expect(d).toMatchObject({ status: 'unavailable', reason: 'GEODATA_MISSING', featureCount: 0 });
		expect(d.message).toMatch(/npm run load-geodata/);
	});

	it('a corrupt file makes only that layer unavailable (GEODATA_PARSE_ERROR)', async () => {
		writeFileSync(join(geodataDir, 'laguna.geojson'), '{"type": "FeatureCollection", "features": [');
		const layers = await listLayers(dirs());
		const laguna = layers.find((l) => l.kind === 'laguna')!;
		expect(laguna).toMatchObject({ status: 'unavailable', reason: 'GEODATA_PARSE_ERROR' });
		expect(laguna.message).toMatch(/no es JSON válido/);
		for (const k of ['microcuenca', 'quebradas', 'manantes', 'comunidades', 'zee']) {
			expect(layers.find((l) => l.kind === k)!.status, k).toBe('ok');
		}
	});

	it('invalid geometry → GEODATA_INVALID; deleted file → GEODATA_MISSING', async () => {
		const bad = structuredClone(realLaguna);
		bad.features[0]!.geometry.coordinates[0]![1] = [-72.02, -213.42];
		writeFileSync(join(geodataDir, 'laguna.geojson'), JSON.stringify(bad));
		unlinkSync(join(geodataDir, 'manantes.geojson'));
		expect(await byKind('laguna')).toMatchObject({ status: 'unavailable', reason: 'GEODATA_INVALID' });
		expect(await byKind('manantes')).toMatchObject({ status: 'unavailable', reason: 'GEODATA_MISSING' });
		expect((await byKind('zee')).status).toBe('ok');
	});

	it('a wrong geometry type for the kind is GEODATA_INVALID', async () => {
		writeFileSync(
			join(geodataDir, 'manantes.geojson'),
			JSON.stringify({ type: 'FeatureCollection', features: realLaguna.features })
		);
		expect(await byKind('manantes')).toMatchObject({ status: 'unavailable', reason: 'GEODATA_INVALID' });
	});

	it('a real layer in <dataDir>/layers supersedes the demo one', async () => {
		mkdirSync(join(dataDir, 'layers'), { recursive: true });
		writeFileSync(join(dataDir, 'layers', 'laguna.geojson'), JSON.stringify(realLaguna));
		writeFileSync(
			join(dataDir, 'layers', 'laguna.provenance.json'),
			JSON.stringify({
				source: 'ANA (prueba)',
				producer: 'ANA',
				licence: 'CC BY 4.0',
				crs: 'EPSG:4326',
				date: '2024',
				transformation: 'ninguna',
				featureCount: 1,
				attribution: 'ANA',
				loadedAt: '2026-11-25T00:00:00.000Z',
				illustrative: false
			})
		);
		const laguna = await byKind('laguna');
		expect(laguna).toMatchObject({ status: 'ok', illustrative: false, featureCount: 1 });
		expect(laguna.provenance).toMatchObject({
			source: 'ANA (prueba)',
			attribution: 'ANA',
			loadedAt: expect.any(String)
		});
		const got = await getLayer('laguna', dirs());
		expect(got.found && JSON.parse(got.body!).features[0].id).toBe('L1');
	});

	it('a real layer without provenance still loads, saying so', async () => {
		mkdirSync(join(dataDir, 'layers'), { recursive: true });
		writeFileSync(join(dataDir, 'layers', 'distrito.geojson'), JSON.stringify(realLaguna));
		const d = await byKind('distrito');
		expect(d).toMatchObject({ status: 'ok', illustrative: false });
		expect(d.provenance.source).toMatch(/no declarada/);
	});
});

describe('getLayer cache', () => {
	it('serves the cached parse until the file changes (mtime/size)', async () => {
		const a = await getLayer('laguna', dirs());
		const b = await getLayer('laguna', dirs());
		expect(a.found && b.found && a.body === b.body && a.etag === b.etag).toBe(true);
		const path = join(geodataDir, 'laguna.geojson');
		writeFileSync(path, JSON.stringify(realLaguna));
		utimesSync(path, new Date(), new Date(Date.now() + 5000));
		const c = await getLayer('laguna', dirs());
		expect(c.found && c.etag !== (a.found && a.etag)).toBe(true);
	});

	it('unknown ids are not found', async () => {
		expect((await getLayer('constructor', dirs())).found).toBe(false);
		expect((await getLayer('../etc/passwd', dirs())).found).toBe(false);
	});
});

describe('/api/layers endpoints', () => {
	beforeEach(() => {
		process.env.YAKU_GEODATA_DIR = geodataDir;
		process.env.YAKU_DATA_DIR = dataDir;
	});
	afterEach(() => {
		delete process.env.YAKU_GEODATA_DIR;
		delete process.env.YAKU_DATA_DIR;
	});
	type Event = Parameters<typeof layerRoute>[0];
	const call = (id: string, headers: Record<string, string> = {}) =>
		layerRoute({
			params: { id },
			request: new Request(`http://localhost/api/layers/${id}`, { headers })
		} as unknown as Event) as Promise<Response>;

	it('GET /api/layers returns { layers }', async () => {
		const res = await (listRoute({} as Parameters<typeof listRoute>[0]) as Promise<Response>);
		expect(res.status).toBe(200);
		const body = (await res.json()) as LayerListResponse;
		expect(body.layers.find((l) => l.id === 'microcuenca')?.status).toBe('ok');
	});

	it('GET /api/layers/[id] returns geo+json with an ETag, then 304', async () => {
		const res = await call('microcuenca');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
		const etag = res.headers.get('etag')!;
		expect(etag).toMatch(/^".+"$/);
		expect((await res.json()).type).toBe('FeatureCollection');
		const again = await call('microcuenca', { 'if-none-match': etag });
		expect(again.status).toBe(304);
	});

	it('404 LAYER_NOT_FOUND for unknown ids, 503 with the reason for unavailable layers', async () => {
		const missing = await call('rios');
		expect(missing.status).toBe(404);
		expect(((await missing.json()) as LayerErrorResponse).code).toBe('LAYER_NOT_FOUND');
		writeFileSync(join(geodataDir, 'zee.geojson'), 'not json');
		const broken = await call('zee');
		expect(broken.status).toBe(503);
		const body = (await broken.json()) as LayerErrorResponse;
		expect(body.code).toBe('GEODATA_PARSE_ERROR');
		expect(body.message).toMatch(/Capa no disponible/);
		expect((await call('distrito')).status).toBe(503);
	});
});

/**
 * Vector tiles of the intervenciones layer against the real built server: TileJSON, MVT decoding
 * (@mapbox/vector-tile, the decoder MapLibre uses), drafts hidden from anonymous callers, refresh on change.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, publishViaReview, seedUsers, startServer, tmpDataDir, type RunningServer } from './helpers';

const PW = 'contraseña-de-prueba-1';
const L = '/api/collections/intervenciones/features';
let srv: RunningServer;
let anon: Client;
let com: Client;
let rev: Client;
let draftC = 0;

/** Slippy tile of a lon/lat at zoom z. */
function tileOf(lon: number, lat: number, z: number): [number, number] {
	const n = 2 ** z;
	const x = Math.floor(((lon + 180) / 360) * n);
	const r = (lat * Math.PI) / 180;
	const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
	return [x, y];
}

async function tile(c: Client, z: number, lon: number, lat: number) {
	const [x, y] = tileOf(lon, lat, z);
	const h: Record<string, string> = c.cookie ? { cookie: c.cookie } : {};
	const r = await fetch(`${srv.origin}/api/tiles/intervenciones/${z}/${x}/${y}.pbf`, { headers: h });
	if (r.status === 204) return { status: 204, names: [] as string[], headers: r.headers };
	const buf = new Uint8Array(await r.arrayBuffer());
	const vt = new VectorTile(new PbfReader(buf));
	const layer = vt.layers.intervenciones;
	const names: string[] = [];
	for (let i = 0; layer && i < layer.length; i++) names.push(String(layer.feature(i).properties.name));
	return { status: r.status, names, headers: r.headers, layer };
}

const poly = (x: number, y: number, d = 0.0008) => ({
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

async function create(name: string, lon: number, lat: number, publish: boolean) {
	const r = await com.post(L, {
		geometry: poly(lon, lat),
		properties: { type: 'forestacion', state: 'ejecutada', name }
	});
	expect(r.status, r.text).toBe(201);
	if (publish) {
		const p = await publishViaReview(com, rev, r.body.id);
		expect(p.status).toBe('publicado');
	}
	return r.body.id as number;
}

beforeAll(async () => {
	const dir = tmpDataDir();
	await seedUsers(dir, [
		{ username: 'com', role: 'comite', password: PW },
		{ username: 'rev', role: 'revisor', password: PW }
	]);
	srv = await startServer(dir);
	anon = new Client(srv.origin);
	com = new Client(srv.origin);
	rev = new Client(srv.origin);
	await com.login('com', PW);
	await rev.login('rev', PW);
	await create('pub-a', -72.03, -13.43, true);
	await create('pub-b', -72.025, -13.432, true);
	draftC = await create('draft-c', -72.028, -13.428, false);
	// the server warms its tile indexes at start and re-checks them at most every 2 s (documented delay):
	// wait until both readers' and editors' indexes have seen the three writes
	const deadline = Date.now() + 15_000;
	while (Date.now() < deadline) {
		const [a, e] = await Promise.all([
			anon.get('/api/tiles/intervenciones/tile.json'),
			rev.get('/api/tiles/intervenciones/tile.json')
		]);
		if (a.body.featureCount === 2 && e.body.featureCount === 3) break;
		await new Promise((r) => setTimeout(r, 250));
	}
}, 60_000);

afterAll(async () => {
	await srv?.stop();
});

describe('vector tiles /api/tiles/intervenciones', () => {
	it('TileJSON says how many features and whether tiles are advised', async () => {
		const r = await anon.get('/api/tiles/intervenciones/tile.json');
		expect(r.status).toBe(200);
		expect(r.body.tilejson).toBe('3.0.0');
		expect(r.body.tiles[0]).toBe(`${srv.origin}/api/tiles/intervenciones/{z}/{x}/{y}.pbf`);
		expect(r.body.featureCount).toBe(2);
		expect(r.body.useTiles).toBe(false);
		expect(r.body.vector_layers[0].id).toBe('intervenciones');
		const s = await rev.get('/api/tiles/intervenciones/tile.json');
		expect(s.body.featureCount).toBe(3);
	});

	it('anonymous tiles hold only published features; staff tiles hold drafts too', async () => {
		const a = await tile(anon, 12, -72.028, -13.43);
		expect(a.status).toBe(200);
		expect(a.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
		expect(a.names.sort()).toEqual(['pub-a', 'pub-b']);
		const f = a.layer!.feature(0);
		expect(f.type).toBe(3);
		expect(f.properties.type).toBe('forestacion');
		expect(f.properties.status).toBe('publicado');
		const s = await tile(rev, 12, -72.028, -13.43);
		expect(s.names.sort()).toEqual(['draft-c', 'pub-a', 'pub-b']);
		expect(s.headers.get('cache-control')).toContain('private');
	});

	it('empty tile → 204; bad coordinates → 400; unknown layer → 404; ETag → 304', async () => {
		expect((await tile(anon, 14, 10, 10)).status).toBe(204);
		expect((await anon.get('/api/tiles/intervenciones/3/9/1.pbf')).status).toBe(400);
		expect((await anon.get('/api/tiles/zee/3/1/1.pbf')).status).toBe(404);
		const [x, y] = tileOf(-72.028, -13.43, 13);
		const r1 = await fetch(`${srv.origin}/api/tiles/intervenciones/13/${x}/${y}.pbf`);
		const etag = r1.headers.get('etag')!;
		const r2 = await fetch(`${srv.origin}/api/tiles/intervenciones/13/${x}/${y}.pbf`, {
			headers: { 'if-none-match': etag }
		});
		expect(r2.status).toBe(304);
	});

	it('a newly published feature appears in the tiles within a few seconds', async () => {
		await create('pub-new', -72.027, -13.431, true);
		const deadline = Date.now() + 10_000;
		let names: string[] = [];
		while (Date.now() < deadline) {
			names = (await tile(anon, 12, -72.028, -13.43)).names;
			if (names.includes('pub-new')) break;
			await new Promise((r) => setTimeout(r, 300));
		}
		expect(names).toContain('pub-new');
	});

	it('a draft written while readers and editors share one index never reaches anonymous tiles', async () => {
		// no drafts left → the editors' slot may reuse the readers' index; then a draft is written and the
		// anonymous tile is read again and again during the re-check window (and after it)
		const cur = await com.get(`${L}/${draftC}`);
		expect((await com.del(`${L}/${draftC}?version=${cur.body.version}`)).status).toBeLessThan(300);
		// editors' slot first (the order in which the old code let the readers adopt the editors' index)
		const until = Date.now() + 10_000;
		const pubCount = (await anon.get(`${L}?limit=1`)).body.numberMatched;
		expect(pubCount).toBeGreaterThan(0);
		while (Date.now() < until) {
			if ((await rev.get('/api/tiles/intervenciones/tile.json')).body.featureCount === pubCount) break;
			await new Promise((r) => setTimeout(r, 250));
		}
		await new Promise((r) => setTimeout(r, 2_200)); // past the readers' re-check window
		await tile(anon, 12, -72.028, -13.43);
		const id = await create('draft-leak', -72.0275, -13.4305, false);
		const deadline = Date.now() + 4_000;
		let staffSaw = false;
		while (Date.now() < deadline) {
			const [a, s] = await Promise.all([tile(anon, 12, -72.028, -13.43), tile(rev, 12, -72.028, -13.43)]);
			expect(a.names).not.toContain('draft-leak');
			expect(a.names).not.toContain('draft-c');
			staffSaw ||= s.names.includes('draft-leak');
			await new Promise((r) => setTimeout(r, 100));
		}
		expect(staffSaw).toBe(true);
		expect(typeof id).toBe('number');
	});
});

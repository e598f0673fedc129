/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are inspected loosely in tests */
/**
 * Issue 9 on the real built server: stories (CRUD, 409, duplicate, export/import with validation) and assembly
 * sessions (proposals in two layers, dot-votes without lost updates, promotion keeping the link, photos with
 * type/size checks, GeoJSON/CSV of the acta), audit rows and role checks.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, PIURAY, seedUsers, square, startServer, tmpDataDir, type RunningServer } from './helpers';

const PW = 'contraseña-de-prueba-1';
let srv: RunningServer;
let comite: Client;
let revisor: Client;
let admin: Client;
let anon: Client;

const step = (id: string, extra: Record<string, unknown> = {}) => ({
	id,
	title: { es: `Paso ${id}`, qu: `Ñan ${id}` },
	text: { es: 'Texto en castellano', qu: 'Runasimipi' },
	camera: { lng: -72.03, lat: -13.42, zoom: 13, bearing: 0, pitch: 0 },
	layers: ['microcuenca', 'laguna'],
	...extra
});
const story = (title = 'Agua de Piuray') => ({
	title: { es: title, qu: 'Piuray yaku' },
	description: { es: 'Tres vistas' },
	steps: [
		step('a'),
		step('b', {
			highlights: [
				{
					layer: 'manantes',
					featureId: 3,
					label: 'Ccollpa',
					geometry: { type: 'Point', coordinates: [-72.03, -13.42] }
				}
			]
		}),
		step('c')
	]
});
const line = (x: number, y: number) => ({
	type: 'LineString',
	coordinates: [
		[x, y],
		[x + 0.002, y + 0.0005]
	]
});
// 1×1 PNG
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
	'base64'
);

/** A one-off connection (node:http, no keep-alive): a refused upload must not poison a pooled socket. */
function rawOnce(
	c: Client,
	path: string,
	body: Uint8Array,
	type: string
): Promise<{ status: number; body: any }> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			c.origin + path,
			{
				method: 'POST',
				agent: false,
				headers: {
					origin: c.origin,
					cookie: c.cookie,
					'content-type': type,
					'content-length': body.byteLength
				}
			},
			(res) => {
				let t = '';
				res.on('data', (d) => (t += d));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(t || 'null') }));
			}
		);
		req.on('error', reject);
		req.end(Buffer.from(body));
	});
}

async function raw(c: Client, path: string, body: Uint8Array | string, type: string) {
	const r = await fetch(c.origin + path, {
		method: 'POST',
		headers: { origin: c.origin, cookie: c.cookie, 'content-type': type },
		body: body as BodyInit
	});
	return { status: r.status, body: await r.json().catch(() => null) };
}

beforeAll(async () => {
	const dir = tmpDataDir();
	await seedUsers(dir, [
		{ username: 'adm', role: 'admin', password: PW },
		{ username: 'com', role: 'comite', password: PW },
		{ username: 'rev', role: 'revisor', password: PW }
	]);
	srv = await startServer(dir);
	comite = new Client(srv.origin);
	revisor = new Client(srv.origin);
	admin = new Client(srv.origin);
	anon = new Client(srv.origin);
	await comite.login('com', PW);
	await revisor.login('rev', PW);
	await admin.login('adm', PW);
}, 60_000);

afterAll(async () => {
	await srv?.stop();
});

describe('stories', () => {
	it('create, read (public), update with version, 409 on stale, delete; audited', async () => {
		const c = await comite.post('/api/stories', story());
		expect(c.status).toBe(201);
		expect(c.headers.get('location')).toBe(`/api/stories/${c.body.id}`);
		expect(c.body.version).toBe(1);
		expect(c.body.steps).toHaveLength(3);
		const g = await anon.get(`/api/stories/${c.body.id}`);
		expect(g.status).toBe(200);
		expect(g.headers.get('etag')).toBe('"1"');
		expect(g.body.steps[1].highlights[0].label).toBe('Ccollpa');
		const list = await anon.get('/api/stories');
		expect(list.body.stories.find((s: any) => s.id === c.body.id).stepCount).toBe(3);

		const edited = { ...story('Agua de Piuray 2'), steps: [step('c'), step('a')] };
		const u = await comite.put(`/api/stories/${c.body.id}`, { ...edited, version: 1 });
		expect(u.status).toBe(200);
		expect(u.body.version).toBe(2);
		expect(u.body.steps.map((s: any) => s.id)).toEqual(['c', 'a']);
		const stale = await admin.put(`/api/stories/${c.body.id}`, { ...story('otra'), version: 1 });
		expect(stale.status).toBe(409);
		expect(stale.body.code).toBe('VERSION_CONFLICT');
		expect(stale.body.current.version).toBe(2);
		expect((await comite.put(`/api/stories/${c.body.id}`, story())).status).toBe(428);

		const audit = await admin.get(`/api/audit?entityType=story&entityId=${c.body.id}`);
		const actions = audit.body.entries.map((e: any) => e.action);
		expect(actions).toEqual(expect.arrayContaining(['story.create', 'story.update']));

		const d = await comite.del(`/api/stories/${c.body.id}?version=2`);
		expect(d.status).toBe(200);
		expect((await anon.get(`/api/stories/${c.body.id}`)).status).toBe(404);
	});

	it('rejects invalid content with field paths (400 STORY_INVALID)', async () => {
		const bad = await comite.post('/api/stories', { title: { es: '' }, steps: [] });
		expect(bad.status).toBe(400);
		expect(bad.body.code).toBe('STORY_INVALID');
		const dup = await comite.post('/api/stories', { ...story(), steps: [step('a'), step('a')] });
		expect(dup.status).toBe(400);
		const cam = await comite.post('/api/stories', {
			...story(),
			steps: [step('a', { camera: { lng: 500, lat: 0, zoom: 1, bearing: 0, pitch: 0 } })]
		});
		expect(cam.status).toBe(400);
		expect(cam.body.issues[0].path).toMatch(/^steps\.0\.camera/);
	});

	it('duplicate, export as a file and import it back; bad files → 422 STORY_FILE_INVALID', async () => {
		const c = await comite.post('/api/stories', story('Original'));
		const dup = await comite.post(`/api/stories/${c.body.id}/duplicate`);
		expect(dup.status).toBe(201);
		expect(dup.body.id).not.toBe(c.body.id);
		expect(dup.body.title.es).toBe('Original (copia)');
		expect(dup.body.steps).toEqual(c.body.steps);

		const ex = await anon.get(`/api/stories/${c.body.id}/export`);
		expect(ex.status).toBe(200);
		expect(ex.headers.get('content-disposition')).toMatch(/attachment; filename="historia-Original\.json"/);
		expect(ex.body.format).toBe('yaku-story');
		const imp = await comite.post('/api/stories/import', ex.body);
		expect(imp.status).toBe(201);
		expect(imp.body.steps).toEqual(c.body.steps);

		const notStory = await comite.post('/api/stories/import', { type: 'FeatureCollection', features: [] });
		expect(notStory.status).toBe(422);
		expect(notStory.body.code).toBe('STORY_FILE_INVALID');
		expect(notStory.body.message).toMatch(/historia/);
		const badStep = await comite.post('/api/stories/import', {
			...ex.body,
			story: { ...ex.body.story, steps: [{ id: 'x', title: { es: 'x' } }] }
		});
		expect(badStep.status).toBe(422);
		expect(badStep.body.issues.some((i: any) => i.path.startsWith('story.steps.0'))).toBe(true);
	});

	it('roles: revisor and anonymous cannot write', async () => {
		expect((await revisor.post('/api/stories', story())).status).toBe(403);
		expect((await anon.post('/api/stories', story())).status).toBe(401);
		expect((await anon.post('/api/stories/import', {})).status).toBe(401);
	});
});

describe('assembly sessions and live proposals', () => {
	let sid: number;

	it('creates a session (staff reads, comite writes) and edits it with 409', async () => {
		const s = await comite.post('/api/sessions', {
			title: 'Asamblea de Taucca',
			date: '2026-11-20',
			place: 'Local comunal de Taucca',
			community: 'Taucca',
			participants: 42
		});
		expect(s.status).toBe(201);
		sid = s.body.id;
		expect((await anon.get('/api/sessions')).status).toBe(401);
		expect((await revisor.get(`/api/sessions/${sid}`)).status).toBe(200);
		expect((await revisor.post('/api/sessions', { title: 'x', date: '2026-01-01', place: 'x' })).status).toBe(
			403
		);
		const p = await comite.patch(`/api/sessions/${sid}`, { participants: 45, version: 1 });
		expect(p.status).toBe(200);
		expect(p.body).toMatchObject({ participants: 45, place: 'Local comunal de Taucca', version: 2 });
		const stale = await comite.patch(`/api/sessions/${sid}`, { participants: 1, version: 1 });
		expect(stale.status).toBe(409);
		const bad = await comite.post('/api/sessions', { title: 'x', date: '2026-02-30', place: 'x' });
		expect(bad.status).toBe(400);
	});

	it('proposals: zanja (line) and forestation (polygon) as interventions, problems in their own layer', async () => {
		const z = await comite.post(`/api/sessions/${sid}/proposals`, {
			kind: 'zanja_infiltracion',
			geometry: line(PIURAY.lon, PIURAY.lat),
			community: 'Taucca',
			group: 'Grupo de mujeres',
			comment: 'Ladera sobre el manante'
		});
		expect(z.status).toBe(201);
		expect(z.body.proposal).toMatchObject({
			layer: 'intervenciones',
			kind: 'zanja_infiltracion',
			state: 'propuesta',
			votes: 0,
			group: 'Grupo de mujeres'
		});
		const feat = await comite.get(`/api/collections/intervenciones/features/${z.body.proposal.id}`);
		expect(feat.body.properties.attrs.sessionId).toBe(sid);
		expect(feat.body.properties.measures.lengthM).toBeGreaterThan(100);
		const f = await comite.post(`/api/sessions/${sid}/proposals`, {
			kind: 'forestacion',
			geometry: square(PIURAY.lon + 0.01, PIURAY.lat, 0.002)
		});
		expect(f.status).toBe(201);
		const e = await comite.post(`/api/sessions/${sid}/proposals`, {
			kind: 'erosion',
			geometry: square(PIURAY.lon + 0.02, PIURAY.lat, 0.001),
			comment: 'Cárcava'
		});
		expect(e.status).toBe(201);
		expect(e.body.proposal.layer).toBe('asamblea_problemas');
		const wrong = await comite.post(`/api/sessions/${sid}/proposals`, {
			kind: 'proteccion_manante',
			geometry: line(PIURAY.lon, PIURAY.lat)
		});
		expect(wrong.status).toBe(422);
		expect(wrong.body.code).toBe('GEOMETRY_WRONG_FOR_TYPE');
		expect(
			(await revisor.post(`/api/sessions/${sid}/proposals`, { kind: 'erosion', geometry: square(0, 0) }))
				.status
		).toBe(403);
		const list = await revisor.get(`/api/sessions/${sid}/proposals`);
		expect(list.body.proposals).toHaveLength(3);
	});

	it('dot-votes: + and −, never below zero, 20 concurrent votes → +20 (no lost update)', async () => {
		const list = await comite.get(`/api/sessions/${sid}/proposals`);
		const z = list.body.proposals.find((p: any) => p.kind === 'zanja_infiltracion');
		const v = (delta: 1 | -1) =>
			comite.post(`/api/sessions/${sid}/votes`, { layer: z.layer, id: z.id, delta });
		expect((await v(-1)).body.proposal.votes).toBe(0);
		expect((await v(1)).body.proposal.votes).toBe(1);
		const rs = await Promise.all(Array.from({ length: 20 }, () => v(1)));
		expect(rs.every((r) => r.status === 200)).toBe(true);
		expect((await v(-1)).body.proposal.votes).toBe(20);
		const ordered = await comite.get(`/api/sessions/${sid}/proposals`);
		expect(ordered.body.proposals[0].id).toBe(z.id);
	});

	it('promotion keeps the link: intervention in place (same id), problem → new planned intervention', async () => {
		const list = (await comite.get(`/api/sessions/${sid}/proposals`)).body.proposals;
		const z = list.find((p: any) => p.kind === 'zanja_infiltracion');
		const pr = await comite.post(`/api/sessions/${sid}/promote`, { layer: z.layer, id: z.id });
		expect(pr.status).toBe(200);
		expect(pr.body.intervention.id).toBe(z.id);
		expect(pr.body.intervention.properties.state).toBe('planificada');
		expect(pr.body.intervention.properties.attrs).toMatchObject({
			promotedFrom: `asamblea:${sid}`,
			votes: 20,
			sessionId: sid
		});
		expect((await comite.post(`/api/sessions/${sid}/promote`, { layer: z.layer, id: z.id })).status).toBe(
			409
		);
		const hist = await comite.get(`/api/collections/intervenciones/features/${z.id}/history`);
		expect(hist.body.entries?.length ?? hist.body.length).toBeGreaterThanOrEqual(3);

		const e = list.find((p: any) => p.kind === 'erosion');
		expect((await comite.post(`/api/sessions/${sid}/promote`, { layer: e.layer, id: e.id })).body.code).toBe(
			'PROMOTE_TYPE_REQUIRED'
		);
		const pe = await comite.post(`/api/sessions/${sid}/promote`, {
			layer: e.layer,
			id: e.id,
			type: 'forestacion'
		});
		expect(pe.status).toBe(201);
		expect(pe.body.intervention.properties.attrs.promotedFrom).toBe(`asamblea_problemas:${e.id}`);
		expect(pe.body.proposal.promotedTo).toBe(pe.body.intervention.id);
		expect(pe.body.proposal.state).toBe('promovida');
	});

	it('photos: PNG/JPEG only, checked by content, ≤ 400 KiB, readable by staff only', async () => {
		const ok = await raw(comite, `/api/sessions/${sid}/photos`, PNG, 'image/png');
		expect(ok.status).toBe(201);
		const pid = ok.body.photo.id;
		expect((await raw(comite, `/api/sessions/${sid}/photos`, 'GIF89a', 'image/gif')).status).toBe(415);
		expect(
			(await raw(comite, `/api/sessions/${sid}/photos`, 'not a png at all', 'image/png')).body.code
		).toBe('PHOTO_INVALID');
		const big = new Uint8Array(420 * 1024);
		big.set([0xff, 0xd8, 0xff]);
		const tooBig = await rawOnce(comite, `/api/sessions/${sid}/photos`, big, 'image/jpeg');
		expect(tooBig.status).toBe(413);
		const img = await fetch(`${srv.origin}/api/sessions/${sid}/photos/${pid}`, {
			headers: { cookie: revisor.cookie }
		});
		expect(img.status).toBe(200);
		expect(img.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await img.arrayBuffer()).equals(PNG)).toBe(true);
		expect((await fetch(`${srv.origin}/api/sessions/${sid}/photos/${pid}`)).status).toBe(401);
		const withPhoto = await comite.post(`/api/sessions/${sid}/proposals`, {
			kind: 'contaminacion',
			geometry: { type: 'Point', coordinates: [PIURAY.lon, PIURAY.lat] },
			photoId: pid
		});
		expect(withPhoto.body.proposal.photoId).toBe(pid);
		const other = await comite.post('/api/sessions', {
			title: 'Otra',
			date: '2026-11-21',
			place: 'Ccorimarca'
		});
		const foreign = await comite.post(`/api/sessions/${other.body.id}/proposals`, {
			kind: 'contaminacion',
			geometry: { type: 'Point', coordinates: [PIURAY.lon, PIURAY.lat] },
			photoId: pid
		});
		expect(foreign.body.code).toBe('PHOTO_NOT_FOUND');
	});

	it('acta downloads: GeoJSON and CSV of the proposals; closed sessions refuse changes; no delete while in use', async () => {
		const gj = await revisor.get(`/api/sessions/${sid}/proposals.geojson`);
		expect(gj.status).toBe(200);
		expect(gj.headers.get('content-disposition')).toMatch(/propuestas-sesion-/);
		// 3 + the contamination point + the intervention promoted from the erosion problem
		expect(gj.body.features.length).toBe(5);
		expect(gj.body.features[0].properties.votos).toBe(20);
		const csv = await revisor.get(`/api/sessions/${sid}/proposals.csv`);
		expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
		expect(csv.text.split(/\r?\n/)[0]).toMatch(/votos/);

		const cur = await comite.get(`/api/sessions/${sid}`);
		const closed = await comite.patch(`/api/sessions/${sid}`, { closed: true, version: cur.body.version });
		expect(closed.body.closed).toBe(true);
		const z = gj.body.features[0].properties;
		const v = await comite.post(`/api/sessions/${sid}/votes`, { layer: z.capa, id: z.id, delta: 1 });
		expect(v.status).toBe(409);
		expect(v.body.code).toBe('SESSION_CLOSED');
		const del = await comite.del(`/api/sessions/${sid}?version=${closed.body.version}`);
		expect(del.status).toBe(409);
		expect(del.body.code).toBe('SESSION_IN_USE');
		const audit = await admin.get(`/api/audit?entityType=assembly_session&entityId=${sid}`);
		expect(audit.body.entries.map((e: any) => e.action)).toEqual(
			expect.arrayContaining(['assembly_session.create', 'assembly_session.update'])
		);
	});
});

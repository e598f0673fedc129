/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Hostile input against the real server: oversized, invalid JSON, invalid geometries, SQL-looking strings,
 * HTML in names, cross-site requests, login brute force. Each → clear 4xx with a code, nothing written.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, PIURAY, seedUsers, square, startServer, tmpDataDir, type RunningServer } from './helpers';

const PW = 'contraseña-de-prueba-1';
let srv: RunningServer;
let ed: Client;
let admin: Client;

async function counts() {
	const a = await admin.get('/api/audit/verify');
	const f = await admin.get('/api/collections/malo/features?limit=10000');
	return { audit: a.body.rows as number, features: f.body.numberMatched as number };
}

beforeAll(async () => {
	const dir = tmpDataDir();
	await seedUsers(dir, [
		{ username: 'adm', role: 'admin', password: PW },
		{ username: 'editor', role: 'comite', password: PW },
		{ username: 'victima', role: 'comite', password: PW }
	]);
	srv = await startServer(dir, { YAKU_RATE_LIMIT_MUTATIONS_PER_MIN: '0' });
	ed = new Client(srv.origin);
	await ed.login('editor', PW);
	admin = new Client(srv.origin);
	await admin.login('adm', PW);
}, 60_000);
afterAll(async () => srv?.stop());

const url = '/api/collections/malo/features';
const ring = (pts: number[][]) => ({ type: 'Polygon', coordinates: [pts] });
const { lon: x, lat: y } = PIURAY;

const BAD_GEOMETRIES: [string, unknown, string][] = [
	[
		'self-intersecting bow-tie',
		ring([
			[x, y],
			[x + 0.01, y + 0.01],
			[x + 0.01, y],
			[x, y + 0.01],
			[x, y]
		]),
		'GEOMETRY_SELF_INTERSECTION'
	],
	[
		'ring not closed',
		ring([
			[x, y],
			[x + 0.01, y],
			[x + 0.01, y + 0.01],
			[x, y + 0.01]
		]),
		'GEOMETRY_RING_NOT_CLOSED'
	],
	[
		'too few positions',
		ring([
			[x, y],
			[x + 1, y],
			[x, y]
		]),
		'GEOMETRY_TOO_FEW_POSITIONS'
	],
	[
		'wrong nesting (Polygon with LineString coords)',
		{
			type: 'Polygon',
			coordinates: [
				[x, y],
				[x + 1, y]
			]
		},
		'GEOMETRY_INVALID_NESTING'
	],
	['wrong nesting (Point with ring)', { type: 'Point', coordinates: [[x, y]] }, 'GEOMETRY_INVALID_NESTING'],
	['out of range latitude', { type: 'Point', coordinates: [x, 95] }, 'GEOMETRY_COORDINATE_OUT_OF_RANGE'],
	[
		'UTM metres as degrees',
		{ type: 'Point', coordinates: [818000, 8513000] },
		'GEOMETRY_COORDINATE_OUT_OF_RANGE'
	],
	['string coordinate "NaN"', { type: 'Point', coordinates: ['NaN', y] }, 'GEOMETRY_INVALID_POSITION'],
	['null coordinate', { type: 'Point', coordinates: [null, y] }, 'GEOMETRY_INVALID_POSITION'],
	['GeometryCollection', { type: 'GeometryCollection', geometries: [] }, 'GEOMETRY_TYPE_UNSUPPORTED'],
	['no geometry', null, 'GEOMETRY_INVALID']
];

describe('bad input → 4xx with code, nothing written', () => {
	it.each(BAD_GEOMETRIES)('%s', async (_name, geometry, code) => {
		const before = await counts();
		const r = await ed.post(url, { geometry, properties: {} });
		expect(r.status).toBe(422);
		expect(r.body.code).toBe(code);
		expect(r.body.message).toMatch(/\S/);
		expect(await counts()).toEqual(before);
	});

	it('Infinity from JSON (1e999) → GEOMETRY_NON_FINITE_COORDINATE', async () => {
		const before = await counts();
		const r = await ed.post(
			url,
			`{"geometry":{"type":"Point","coordinates":[1e999,-13.4]},"properties":{}}`,
			{
				'content-type': 'application/json'
			}
		);
		expect(r.status).toBe(422);
		expect(r.body.code).toBe('GEOMETRY_NON_FINITE_COORDINATE');
		expect(await counts()).toEqual(before);
	});

	it('NaN literal / broken JSON → 400 INVALID_JSON', async () => {
		const before = await counts();
		for (const body of [
			'{"geometry":{"type":"Point","coordinates":[NaN,1]}}',
			'{"geometry":',
			'\u0000\u0001',
			''
		]) {
			const r = await ed.post(url, body, { 'content-type': 'application/json' });
			expect(r.status).toBe(400);
			expect(r.body.code).toBe('INVALID_JSON');
		}
		expect(await counts()).toEqual(before);
	});

	it('deeply nested JSON → 400 JSON_TOO_DEEP, no crash', async () => {
		const deep = '['.repeat(5000) + ']'.repeat(5000);
		const r = await ed.post(url, `{"geometry":${deep}}`, { 'content-type': 'application/json' });
		expect([400]).toContain(r.status);
		expect(['JSON_TOO_DEEP', 'INVALID_JSON']).toContain(r.body.code);
	});

	it('wrong content type → 415', async () => {
		const r = await ed.post(url, 'geometry=1', { 'content-type': 'text/plain' });
		expect(r.status).toBe(415);
		expect(r.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
	});

	it('oversized body with Content-Length → 413 BODY_TOO_LARGE', async () => {
		const before = await counts();
		const big = { geometry: square(x, y), properties: { blob: 'x'.repeat(600 * 1024) } };
		const r = await ed.post(url, big);
		expect(r.status).toBe(413);
		expect(r.body.code).toBe('BODY_TOO_LARGE');
		expect(await counts()).toEqual(before);
	});

	it('oversized chunked body (no Content-Length) → 413 BODY_TOO_LARGE', async () => {
		const before = await counts();
		const u = new URL(srv.origin + url);
		const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
			const req = httpRequest(
				{
					host: u.hostname,
					port: u.port,
					path: u.pathname,
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						origin: srv.origin,
						cookie: ed.cookie,
						'transfer-encoding': 'chunked'
					}
				},
				(resp) => {
					let b = '';
					resp.on('data', (d) => (b += d));
					resp.on('end', () => resolve({ status: resp.statusCode ?? 0, body: b }));
				}
			);
			req.on('error', reject);
			req.write('{"properties":{"blob":"');
			const chunk = 'y'.repeat(64 * 1024);
			let i = 0;
			const pump = () => {
				while (i < 12) {
					i++;
					if (!req.write(chunk)) return void req.once('drain', pump);
				}
				req.end('"}}');
			};
			pump();
		});
		expect(res.status).toBe(413);
		expect(JSON.parse(res.body).code).toBe('BODY_TOO_LARGE');
		expect(await counts()).toEqual(before);
	});

	it('SQL-looking strings: layer id rejected, property values stored verbatim', async () => {
		const before = await counts();
		const evilLayer = encodeURIComponent("malo'; DROP TABLE features;--");
		const r = await ed.post(`/api/collections/${evilLayer}/features`, { geometry: square(x, y) });
		expect(r.status).toBe(400);
		expect(r.body.code).toBe('INVALID_LAYER');
		const id = await ed.get(`/api/collections/malo/features/1%20OR%201=1`);
		expect(id.status).toBe(404);
		const q = await ed.get(`/api/collections/malo/features?limit=1;DROP TABLE users`);
		expect(q.status).toBe(400);
		expect(await counts()).toEqual(before);
		const sql = "x'); DELETE FROM audit_log; --";
		const ok = await ed.post(url, { geometry: square(x, y), properties: { nombre: sql } });
		expect(ok.status).toBe(201);
		const back = await ed.get(`${url}/${ok.body.id}`);
		expect(back.body.properties.nombre).toBe(sql);
		const after = await counts();
		expect(after.features).toBe(before.features + 1);
		expect(after.audit).toBe(before.audit + 1);
	});

	it('HTML in names is stored verbatim and rendered escaped', async () => {
		const html = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
		const u = await admin.post('/api/users', { username: 'htmlero', displayName: html, role: 'comite' });
		expect(u.status).toBe(201);
		expect(u.body.user.displayName).toBe(html);
		expect(typeof u.body.temporaryPassword).toBe('string');
		const page = await admin.get('/admin/usuarios', { accept: 'text/html' });
		expect(page.status).toBe(200);
		expect(page.text).not.toContain('<img src=x onerror');
		expect(page.text).not.toContain('<script>alert(2)');
		expect(page.text).toContain('&lt;img src=x');
		const f = await ed.post(url, { geometry: square(x, y), properties: { nombre: html } });
		const hist = await admin.get(`/admin/auditoria/elemento/malo/${f.body.id}`, { accept: 'text/html' });
		expect(hist.status).toBe(200);
		const audit = await admin.get('/admin/auditoria', { accept: 'text/html' });
		expect(audit.text).not.toContain('<img src=x onerror');
	});

	it('stale version → 409 with the current row; missing version → 428', async () => {
		const f = await ed.post(url, { geometry: square(x, y), properties: { n: 1 } });
		const ok = await ed.put(`${url}/${f.body.id}`, {
			geometry: square(x, y),
			properties: { n: 2 },
			version: 1
		});
		expect(ok.status).toBe(200);
		const stale = await ed.put(`${url}/${f.body.id}`, {
			geometry: square(x, y),
			properties: { n: 3 },
			version: 1
		});
		expect(stale.status).toBe(409);
		expect(stale.body.code).toBe('VERSION_CONFLICT');
		expect(stale.body.current.properties.n).toBe(2);
		expect(stale.body.current.version).toBe(2);
		const none = await ed.put(`${url}/${f.body.id}`, { geometry: square(x, y), properties: {} });
		expect(none.status).toBe(428);
		const del = await ed.del(`${url}/${f.body.id}`, undefined, { 'if-match': '"1"' });
		expect(del.status).toBe(409);
		expect((await ed.del(`${url}/${f.body.id}`, undefined, { 'if-match': '"2"' })).status).toBe(200);
		const hist = await ed.get(`${url}/${f.body.id}/history`);
		expect(hist.body.entries.map((e: any) => e.action)).toEqual([
			'feature.create',
			'feature.update',
			'feature.delete'
		]);
	});
});

describe('cross-site requests are refused for every state-changing method', () => {
	it('JSON POST/PUT/DELETE with a foreign Origin → 403, nothing written', async () => {
		const before = await counts();
		const evil = { origin: 'http://evil.example' };
		const r1 = await ed.post(url, { geometry: square(x, y) }, evil);
		expect(r1.status).toBe(403);
		expect(r1.body.code).toBe('CSRF_ORIGIN_MISMATCH');
		expect((await ed.put(`${url}/1`, { geometry: square(x, y), version: 1 }, evil)).status).toBe(403);
		expect((await ed.del(`${url}/1?version=1`, undefined, evil)).status).toBe(403);
		expect(
			(await ed.post('/api/users', { username: 'zz', displayName: 'z', role: 'admin' }, evil)).status
		).toBe(403);
		expect(await counts()).toEqual(before);
	});

	it('no Origin and Sec-Fetch-Site cross-site → 403; no Origin at all → 403', async () => {
		const noOrigin = new Client(srv.origin, false);
		noOrigin.cookie = ed.cookie;
		const r = await noOrigin.post(url, { geometry: square(x, y) }, { 'sec-fetch-site': 'cross-site' });
		expect(r.status).toBe(403);
		const r2 = await noOrigin.post(url, { geometry: square(x, y) });
		expect(r2.status).toBe(403);
		expect(r2.body.code).toBe('CSRF_ORIGIN_MISSING');
		const same = await noOrigin.post(url, { geometry: square(x, y) }, { 'sec-fetch-site': 'same-origin' });
		expect(same.status).toBe(201);
	});

	it('cross-site form posts (login CSRF, admin form action) → 403', async () => {
		const c = new Client(srv.origin);
		const r = await c.post('/login', new URLSearchParams({ username: 'adm', password: PW }), {
			origin: 'http://evil.example'
		});
		expect(r.status).toBe(403);
		expect(c.cookie).toBe('');
	});
});

describe('login hardening', () => {
	it('rate-limits repeated failures (429 + Retry-After) and the right password is refused meanwhile', async () => {
		const c = new Client(srv.origin);
		const codes: number[] = [];
		for (let i = 0; i < 6; i++)
			codes.push((await c.post('/api/session', { username: 'victima', password: 'mala-' + i })).status);
		expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
		expect(codes[5]).toBe(429);
		const locked = await c.post('/api/session', { username: 'victima', password: PW });
		expect(locked.status).toBe(429);
		expect(locked.body.code).toBe('RATE_LIMITED');
		expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
		const failed = await admin.get('/api/audit?action=auth.login_failed&limit=500');
		expect(failed.body.entries.length).toBeGreaterThanOrEqual(5);
	});

	it('session cookie is httpOnly + SameSite=Lax and the token is not stored in clear', async () => {
		const r = await fetch(srv.origin + '/api/session', {
			method: 'POST',
			headers: { origin: srv.origin, 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'editor', password: PW })
		});
		const sc = r.headers.getSetCookie().find((c) => c.startsWith('yaku_session='))!;
		expect(sc).toMatch(/HttpOnly/i);
		expect(sc).toMatch(/SameSite=Lax/i);
		expect(sc).toMatch(/Path=\//i);
	});

	it('unknown user and wrong password give the same answer', async () => {
		const c = new Client(srv.origin);
		const a = await c.post('/api/session', { username: 'nadie-existe', password: 'x'.repeat(12) });
		const b = await c.post('/api/session', { username: 'adm', password: 'x'.repeat(12) });
		expect(a.status).toBe(401);
		expect(b.status).toBe(401);
		expect(a.body).toEqual(b.body);
	});
});

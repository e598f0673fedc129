/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Authorization matrix: every role × every reading and mutating route, against the real built server.
 * 0 unexpected allows (and 0 unexpected denies); anonymous never sees drafts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	Client,
	PIURAY,
	publishViaReview,
	seedUsers,
	square,
	startServer,
	tmpDataDir,
	type RunningServer
} from './helpers';

type Role = 'publico' | 'comite' | 'revisor' | 'admin';
const ROLES: Role[] = ['publico', 'comite', 'revisor', 'admin'];
const PW = 'contraseña-de-prueba-1';
const L = 'matriz';
const STORY = {
	title: { es: 'Historia de prueba' },
	steps: [
		{
			id: 's1',
			title: { es: 'Vista' },
			camera: { lng: -72.03, lat: -13.42, zoom: 12, bearing: 0, pitch: 0 },
			layers: ['laguna']
		}
	]
};
const SESSION = { title: 'Asamblea', date: '2026-11-20', place: 'Chinchero' };

let srv: RunningServer;
const clients = {} as Record<Role, Client>;
let admin: Client;
let draftId: number;
let pubId: number;
let targetUserId: number;

async function fresh(
	status: 'borrador' | 'publicado' = 'borrador'
): Promise<{ id: number; version: number }> {
	const r = await admin.post(`/api/collections/${L}/features`, {
		geometry: square(PIURAY.lon + Math.random() / 100, PIURAY.lat),
		properties: { nombre: 'objetivo' },
		status
	});
	expect(r.status).toBe(201);
	return { id: r.body.id, version: r.body.version };
}

/**
 * A denial is 401, 403, 404 (hidden draft), 409 REVIEW_WORKFLOW_REQUIRED (an intervention's status outside the
 * review workflow) or a redirect to /login; anything else got through.
 */
function outcome(r: { status: number; headers: Headers; body?: any }): 'allow' | 'deny' {
	if ([401, 403, 404].includes(r.status)) return 'deny';
	if (r.status === 409 && r.body?.code === 'REVIEW_WORKFLOW_REQUIRED') return 'deny';
	if (r.status === 303 && (r.headers.get('location') ?? '').startsWith('/login')) return 'deny';
	return 'allow';
}

interface Case {
	name: string;
	allow: Role[];
	run: (c: Client) => Promise<{ status: number; headers: Headers; body: any }>;
}

const all: Role[] = ['publico', 'comite', 'revisor', 'admin'];
const signedIn: Role[] = ['comite', 'revisor', 'admin'];

const CASES: Case[] = [
	{ name: 'GET /api/session', allow: all, run: (c) => c.get('/api/session') },
	{ name: 'GET /api/health', allow: all, run: (c) => c.get('/api/health') },
	{ name: 'GET features (list)', allow: all, run: (c) => c.get(`/api/collections/${L}/features`) },
	{
		name: 'GET features?status=borrador',
		allow: signedIn,
		run: (c) => c.get(`/api/collections/${L}/features?status=borrador`)
	},
	{ name: 'GET published feature', allow: all, run: (c) => c.get(`/api/collections/${L}/features/${pubId}`) },
	{
		name: 'GET draft feature',
		allow: signedIn,
		run: (c) => c.get(`/api/collections/${L}/features/${draftId}`)
	},
	{
		name: 'GET feature history',
		allow: signedIn,
		run: (c) => c.get(`/api/collections/${L}/features/${pubId}/history`)
	},
	{
		name: 'POST feature (borrador)',
		allow: ['comite', 'admin'],
		run: (c) =>
			c.post(`/api/collections/${L}/features`, { geometry: square(PIURAY.lon, PIURAY.lat), properties: {} })
	},
	{
		name: 'POST feature (publicado)',
		allow: ['admin'],
		run: (c) =>
			c.post(`/api/collections/${L}/features`, {
				geometry: square(PIURAY.lon, PIURAY.lat),
				properties: {},
				status: 'publicado'
			})
	},
	{
		name: 'PUT feature (geometry/properties)',
		allow: ['comite', 'admin'],
		run: async (c) => {
			const f = await fresh();
			return c.put(`/api/collections/${L}/features/${f.id}`, {
				geometry: square(PIURAY.lon, PIURAY.lat, 0.002),
				properties: { nombre: 'cambiado' },
				version: f.version
			});
		}
	},
	{
		name: 'PATCH feature properties',
		allow: ['comite', 'admin'],
		run: async (c) => {
			const f = await fresh();
			return c.patch(`/api/collections/${L}/features/${f.id}`, { properties: { x: 1 }, version: f.version });
		}
	},
	{
		name: 'PATCH feature status → publicado',
		allow: ['revisor', 'admin'],
		run: async (c) => {
			const f = await fresh();
			return c.patch(`/api/collections/${L}/features/${f.id}`, { status: 'publicado', version: f.version });
		}
	},
	{
		name: 'PUT published feature → borrador (unpublish)',
		allow: ['revisor', 'admin'],
		run: async (c) => {
			const f = await fresh('publicado');
			return c.patch(`/api/collections/${L}/features/${f.id}`, { status: 'borrador', version: f.version });
		}
	},
	{
		name: 'DELETE feature',
		allow: ['comite', 'admin'],
		run: async (c) => {
			const f = await fresh();
			return c.del(`/api/collections/${L}/features/${f.id}?version=${f.version}`);
		}
	},
	// Issue 5: interventions, projects, parameters, settings, summaries
	{
		name: 'POST intervención (borrador)',
		allow: ['comite', 'admin'],
		run: (c) =>
			c.post('/api/collections/intervenciones/features', {
				geometry: square(PIURAY.lon + Math.random() / 100, PIURAY.lat, 0.0005),
				properties: { type: 'forestacion', state: 'propuesta' }
			})
	},
	// An intervention's publication goes through the review workflow only (409 REVIEW_WORKFLOW_REQUIRED for
	// every role through the generic API; the exact answers are in the describe block below).
	{
		name: 'POST intervención (publicado)',
		allow: [],
		run: (c) =>
			c.post('/api/collections/intervenciones/features', {
				geometry: square(PIURAY.lon + Math.random() / 100, PIURAY.lat, 0.0005),
				properties: { type: 'anden', state: 'ejecutada' },
				status: 'publicado'
			})
	},
	{
		name: 'PATCH intervención status → publicado',
		allow: [],
		run: async (c) => {
			const f = await admin.post('/api/collections/intervenciones/features', {
				geometry: square(PIURAY.lon + Math.random() / 100, PIURAY.lat, 0.0005),
				properties: { type: 'anden', state: 'ejecutada' }
			});
			return c.patch(`/api/collections/intervenciones/features/${f.body.id}`, {
				status: 'publicado',
				version: f.body.version
			});
		}
	},
	{ name: 'GET /api/projects', allow: all, run: (c) => c.get('/api/projects') },
	{ name: 'GET /api/projects/[id]', allow: all, run: (c) => c.get('/api/projects/can-can-2017') },
	{
		name: 'GET /api/projects/[id]/params',
		allow: all,
		run: (c) => c.get('/api/projects/can-can-2017/params')
	},
	{
		name: 'POST /api/projects',
		allow: ['comite', 'admin'],
		run: (c) => c.post('/api/projects', { name: `Proyecto ${Math.random()}` })
	},
	{
		name: 'PUT /api/projects/[id]',
		allow: ['comite', 'admin'],
		run: async (c) => {
			const p = await admin.post('/api/projects', { name: 'objetivo' });
			return c.put(`/api/projects/${p.body.id}`, { sector: 'Taucca', version: p.body.version });
		}
	},
	{
		name: 'DELETE /api/projects/[id]',
		allow: ['comite', 'admin'],
		run: async (c) => {
			const p = await admin.post('/api/projects', { name: 'objetivo' });
			return c.del(`/api/projects/${p.body.id}?version=${p.body.version}`);
		}
	},
	{ name: 'GET /api/params', allow: all, run: (c) => c.get('/api/params') },
	{ name: 'GET /api/settings/zee-compat', allow: all, run: (c) => c.get('/api/settings/zee-compat') },
	{
		name: 'PUT /api/settings/zee-compat',
		allow: ['comite', 'admin'],
		run: async (c) => {
			const s = await admin.get('/api/settings/zee-compat');
			return c.put('/api/settings/zee-compat', { value: s.body.value, version: s.body.version });
		}
	},
	{ name: 'GET /api/interventions/summary', allow: all, run: (c) => c.get('/api/interventions/summary') },
	{
		name: 'GET /api/interventions/summary?status=borrador',
		allow: signedIn,
		run: (c) => c.get('/api/interventions/summary?status=borrador')
	},
	{
		name: 'GET /api/interventions/summary.csv',
		allow: all,
		run: (c) => c.get('/api/interventions/summary.csv?by=zee')
	},
	// Issue 9: stories (public read) and assembly sessions (staff read, comite/admin write)
	{ name: 'GET /api/stories', allow: all, run: (c) => c.get('/api/stories') },
	{
		name: 'GET /api/stories/[id] and export',
		allow: all,
		run: async (c) => {
			const s = await admin.post('/api/stories', STORY);
			const r = await c.get(`/api/stories/${s.body.id}`);
			return r.status === 200 ? c.get(`/api/stories/${s.body.id}/export`) : r;
		}
	},
	{ name: 'POST /api/stories', allow: ['comite', 'admin'], run: (c) => c.post('/api/stories', STORY) },
	{
		name: 'PUT /api/stories/[id]',
		allow: ['comite', 'admin'],
		run: async (c) => {
			const s = await admin.post('/api/stories', STORY);
			return c.put(`/api/stories/${s.body.id}`, { ...STORY, version: s.body.version });
		}
	},
	{
		name: 'DELETE /api/stories/[id]',
		allow: ['comite', 'admin'],
		run: async (c) => {
			const s = await admin.post('/api/stories', STORY);
			return c.del(`/api/stories/${s.body.id}?version=${s.body.version}`);
		}
	},
	{
		name: 'POST /api/stories/[id]/duplicate',
		allow: ['comite', 'admin'],
		run: async (c) => {
			const s = await admin.post('/api/stories', STORY);
			return c.post(`/api/stories/${s.body.id}/duplicate`);
		}
	},
	{
		name: 'POST /api/stories/import',
		allow: ['comite', 'admin'],
		run: (c) => c.post('/api/stories/import', { format: 'yaku-story', formatVersion: 1, story: STORY })
	},
	{ name: 'GET /api/sessions', allow: signedIn, run: (c) => c.get('/api/sessions') },
	{ name: 'POST /api/sessions', allow: ['comite', 'admin'], run: (c) => c.post('/api/sessions', SESSION) },
	{
		name: 'PATCH /api/sessions/[id]',
		allow: ['comite', 'admin'],
		run: async (c) => {
			const s = await admin.post('/api/sessions', SESSION);
			return c.patch(`/api/sessions/${s.body.id}`, { participants: 3, version: s.body.version });
		}
	},
	{
		name: 'GET /api/sessions/[id]/proposals (+ .geojson, .csv)',
		allow: signedIn,
		run: async (c) => {
			const s = await admin.post('/api/sessions', SESSION);
			const a = await c.get(`/api/sessions/${s.body.id}/proposals`);
			const b = await c.get(`/api/sessions/${s.body.id}/proposals.geojson`);
			const d = await c.get(`/api/sessions/${s.body.id}/proposals.csv`);
			return [a, b, d].find((r) => r.status !== 200) ?? a;
		}
	},
	{
		name: 'POST /api/sessions/[id]/proposals and votes',
		allow: ['comite', 'admin'],
		run: async (c) => {
			const s = await admin.post('/api/sessions', SESSION);
			const p = await c.post(`/api/sessions/${s.body.id}/proposals`, {
				kind: 'erosion',
				geometry: square(PIURAY.lon + Math.random() / 100, PIURAY.lat, 0.0005)
			});
			if (p.status !== 201) return p;
			return c.post(`/api/sessions/${s.body.id}/votes`, {
				layer: p.body.proposal.layer,
				id: p.body.proposal.id,
				delta: 1
			});
		}
	},
	{
		name: 'POST /api/sessions/[id]/votes (existing proposal)',
		allow: ['comite', 'admin'],
		run: async (c) => {
			const s = await admin.post('/api/sessions', SESSION);
			const p = await admin.post(`/api/sessions/${s.body.id}/proposals`, {
				kind: 'erosion',
				geometry: square(PIURAY.lon + Math.random() / 100, PIURAY.lat, 0.0005)
			});
			return c.post(`/api/sessions/${s.body.id}/votes`, {
				layer: p.body.proposal.layer,
				id: p.body.proposal.id,
				delta: 1
			});
		}
	},
	// Issue 7: review of executed works (decisions only by revisores, never on their own submission)
	{ name: 'GET /api/transparency', allow: all, run: (c) => c.get('/api/transparency') },
	{ name: 'GET /transparencia', allow: all, run: (c) => c.get('/transparencia', { accept: 'text/html' }) },
	{ name: 'GET /proyectos', allow: all, run: (c) => c.get('/proyectos', { accept: 'text/html' }) },
	{ name: 'GET /revision', allow: signedIn, run: (c) => c.get('/revision', { accept: 'text/html' }) },
	{ name: 'GET /tablero', allow: signedIn, run: (c) => c.get('/tablero', { accept: 'text/html' }) },
	{ name: 'GET /tablero/datos.json', allow: signedIn, run: (c) => c.get('/tablero/datos.json') },
	{
		name: 'GET /obras/[id] and ficha',
		allow: signedIn,
		run: async (c) => {
			const w = await executedWork();
			const a = await c.get(`/obras/${w.id}`, { accept: 'text/html' });
			return a.status === 200 ? c.get(`/obras/${w.id}/ficha`, { accept: 'text/html' }) : a;
		}
	},
	{
		name: 'GET /api/interventions/[id]/review, comments, evidence',
		allow: signedIn,
		run: async (c) => {
			const w = await executedWork();
			const rs = [
				await c.get(`/api/interventions/${w.id}/review`),
				await c.get(`/api/interventions/${w.id}/comments`),
				await c.get(`/api/interventions/${w.id}/evidence`)
			];
			return rs.find((r) => r.status !== 200) ?? rs[0]!;
		}
	},
	{
		name: 'POST review submit',
		allow: ['comite', 'admin'],
		run: async (c) =>
			c.post(`/api/interventions/${(await executedWork()).id}/review`, { action: 'submit', version: 0 })
	},
	...(['observe', 'approve', 'reject'] as const).map((action): Case => ({
		name: `POST review ${action} (enviado)`,
		allow: ['revisor'],
		run: async (c) => {
			const w = await submittedWork();
			return c.post(`/api/interventions/${w.id}/review`, {
				action,
				reason: 'motivo',
				version: w.reviewVersion
			});
		}
	})),
	{
		name: 'POST review fix (observado)',
		allow: ['comite', 'admin'],
		run: async (c) => {
			const w = await submittedWork();
			const o = await clients.revisor.post(`/api/interventions/${w.id}/review`, {
				action: 'observe',
				reason: 'falta',
				version: w.reviewVersion
			});
			return c.post(`/api/interventions/${w.id}/review`, {
				action: 'fix',
				reason: 'listo',
				version: o.body.review.version
			});
		}
	},
	{
		name: 'POST review reopen (aprobado)',
		allow: ['comite', 'admin'],
		run: async (c) => {
			const w = await submittedWork();
			const a = await clients.revisor.post(`/api/interventions/${w.id}/review`, {
				action: 'approve',
				reason: 'ok',
				version: w.reviewVersion
			});
			return c.post(`/api/interventions/${w.id}/review`, {
				action: 'reopen',
				reason: 'corregir',
				version: a.body.review.version
			});
		}
	},
	{
		name: 'POST /api/interventions/[id]/comments',
		allow: signedIn,
		run: async (c) =>
			c.post(`/api/interventions/${(await executedWork()).id}/comments`, {
				text: 'nota',
				point: [-72.03, -13.43]
			})
	},
	{
		name: 'GET /api/projects/[id]/documents',
		allow: signedIn,
		run: (c) => c.get('/api/projects/can-can-2017/documents')
	},
	{ name: 'GET /api/users', allow: ['admin'], run: (c) => c.get('/api/users') },
	{ name: 'GET /api/users/[id]', allow: ['admin'], run: (c) => c.get(`/api/users/${targetUserId}`) },
	{
		name: 'POST /api/users',
		allow: ['admin'],
		run: (c) =>
			c.post('/api/users', {
				username: `u${Math.random().toString(36).slice(2, 10)}`,
				displayName: 'Nuevo',
				role: 'comite'
			})
	},
	{
		name: 'PATCH /api/users/[id]',
		allow: ['admin'],
		run: async (c) => {
			const u = await admin.get(`/api/users/${targetUserId}`);
			return c.patch(`/api/users/${targetUserId}`, { displayName: 'Objetivo', version: u.body.version });
		}
	},
	{ name: 'GET /api/audit', allow: ['admin'], run: (c) => c.get('/api/audit') },
	{ name: 'GET /api/audit/verify', allow: ['admin'], run: (c) => c.get('/api/audit/verify') },
	{
		name: 'POST /api/account/password (wrong current → 400 past authz)',
		allow: signedIn,
		run: (c) =>
			c.post('/api/account/password', { currentPassword: 'no-es-esta', newPassword: 'otra-contraseña-123' })
	},
	{ name: 'GET /cuenta', allow: signedIn, run: (c) => c.get('/cuenta', { accept: 'text/html' }) },
	{ name: 'GET /admin', allow: ['admin'], run: (c) => c.get('/admin', { accept: 'text/html' }) },
	{
		name: 'GET /admin/usuarios',
		allow: ['admin'],
		run: (c) => c.get('/admin/usuarios', { accept: 'text/html' })
	},
	{
		name: 'GET /admin/auditoria',
		allow: ['admin'],
		run: (c) => c.get('/admin/auditoria', { accept: 'text/html' })
	},
	{
		name: 'GET /admin/auditoria/elemento/…',
		allow: ['admin'],
		run: (c) => c.get(`/admin/auditoria/elemento/${L}/${pubId}`, { accept: 'text/html' })
	},
	{
		name: 'POST /admin/usuarios?/create (form)',
		allow: ['admin'],
		run: (c) =>
			c.post(
				'/admin/usuarios?/create',
				new URLSearchParams({
					username: `f${Math.random().toString(36).slice(2, 10)}`,
					displayName: 'Form',
					role: 'comite'
				}),
				{ accept: 'application/json', 'x-sveltekit-action': 'true' }
			)
	},
	{
		name: 'POST /cuenta?/password (form)',
		allow: signedIn,
		run: (c) =>
			c.post(
				'/cuenta?/password',
				new URLSearchParams({ currentPassword: 'no-es-esta', newPassword: 'otra-contraseña-123' }),
				{ accept: 'application/json', 'x-sveltekit-action': 'true' }
			)
	},
	// Issue 6: import targets
	{ name: 'GET /api/imports/layers', allow: all, run: (c) => c.get('/api/imports/layers') },
	{ name: 'GET /api/imports', allow: signedIn, run: (c) => c.get('/api/imports') },
	{
		name: 'POST /api/imports/layers',
		allow: ['comite', 'admin'],
		run: (c) =>
			c.post('/api/imports/layers', {
				name: `Matriz ${Math.random().toString(36).slice(2, 8)}`,
				sourceFile: 'm.geojson',
				features: [{ geometry: square(PIURAY.lon, PIURAY.lat) }]
			})
	},
	{
		name: 'DELETE /api/imports/layers/[id]',
		allow: ['comite', 'admin'],
		run: async (c) => c.del(`/api/imports/layers/${await importedLayer()}`)
	},
	{
		name: 'POST /api/imports/layers/[id]/status',
		allow: ['revisor', 'admin'],
		run: async (c) => c.post(`/api/imports/layers/${await importedLayer()}/status`, { status: 'publicado' })
	},
	{
		name: 'POST /api/interventions/bulk',
		allow: ['comite', 'admin'],
		run: (c) =>
			c.post('/api/interventions/bulk', {
				sourceFile: 'm.kml',
				features: [
					{
						geometry: square(PIURAY.lon + Math.random() / 100, PIURAY.lat),
						properties: { type: 'forestacion', state: 'propuesta' }
					}
				]
			})
	}
];

/** A fresh generic imported layer (made by the admin) for delete/status cases. */
async function importedLayer(): Promise<string> {
	const r = await admin.post('/api/imports/layers', {
		name: `Objetivo ${Math.random().toString(36).slice(2, 8)}`,
		sourceFile: 'o.geojson',
		features: [{ geometry: square(PIURAY.lon, PIURAY.lat) }]
	});
	expect(r.status).toBe(201);
	return r.body.layer.id as string;
}

/** An executed intervention (Comité-made, never reviewed). */
async function executedWork(): Promise<{ id: number }> {
	const r = await clients.comite.post('/api/collections/intervenciones/features', {
		geometry: square(PIURAY.lon + Math.random() / 100, PIURAY.lat, 0.0005),
		properties: { type: 'forestacion', state: 'ejecutada' }
	});
	return { id: r.body.id };
}
/** An executed work submitted for review by the Comité user. */
async function submittedWork(): Promise<{ id: number; reviewVersion: number }> {
	const w = await executedWork();
	const s = await clients.comite.post(`/api/interventions/${w.id}/review`, { action: 'submit', version: 0 });
	return { id: w.id, reviewVersion: s.body.review.version };
}

beforeAll(async () => {
	const dir = tmpDataDir();
	await seedUsers(dir, [
		{ username: 'adm', role: 'admin', password: PW },
		{ username: 'com', role: 'comite', password: PW },
		{ username: 'rev', role: 'revisor', password: PW },
		{ username: 'objetivo', role: 'comite', password: PW }
	]);
	srv = await startServer(dir);
	for (const r of ROLES) clients[r] = new Client(srv.origin);
	await clients.comite.login('com', PW);
	await clients.revisor.login('rev', PW);
	await clients.admin.login('adm', PW);
	admin = clients.admin;
	draftId = (await fresh('borrador')).id;
	pubId = (await fresh('publicado')).id;
	const users = await admin.get('/api/users');
	targetUserId = users.body.users.find((u: any) => u.username === 'objetivo').id;
}, 60_000);

afterAll(async () => {
	await srv?.stop();
});

describe('authorization matrix (role × route) on the real server', () => {
	it('has 0 unexpected allows and 0 unexpected denies', async () => {
		const unexpected: string[] = [];
		let cells = 0;
		for (const c of CASES) {
			for (const role of ROLES) {
				const r = await c.run(clients[role]);
				cells++;
				const got = outcome(r);
				const want = c.allow.includes(role) ? 'allow' : 'deny';
				if (got !== want) unexpected.push(`${c.name} as ${role}: expected ${want}, got ${r.status}`);
				if (r.status >= 500) unexpected.push(`${c.name} as ${role}: server error ${r.status}`);
			}
		}
		expect(cells).toBe(CASES.length * ROLES.length);
		expect(unexpected).toEqual([]);
	}, 120_000);

	it('unknown API paths: anonymous mutation 401, signed-in 404 NOT_FOUND (JSON)', async () => {
		expect((await clients.publico.post('/api/no-existe', { a: 1 })).status).toBe(401);
		const r = await clients.comite.post('/api/no-existe', { a: 1 });
		expect(r.status).toBe(404);
		expect(r.body.code).toBe('NOT_FOUND');
	});

	it('denials carry {code, message}', async () => {
		const r = await clients.publico.post(`/api/collections/${L}/features`, { geometry: square(0, 0) });
		expect(r.status).toBe(401);
		expect(r.body).toMatchObject({ code: 'UNAUTHENTICATED' });
		const f = await clients.revisor.post(`/api/collections/${L}/features`, { geometry: square(0, 0) });
		expect(f.status).toBe(403);
		expect(f.body.code).toBe('FORBIDDEN');
		expect(typeof f.body.message).toBe('string');
	});

	it('anonymous never sees drafts (list, bbox, by id, status filter, history)', async () => {
		const anon = clients.publico;
		const list = await anon.get(`/api/collections/${L}/features?limit=10000`);
		expect(list.status).toBe(200);
		expect(list.body.features.length).toBeGreaterThan(0);
		expect(list.body.features.every((f: any) => f.status === 'publicado')).toBe(true);
		const bbox = await anon.get(`/api/collections/${L}/features?bbox=-73,-14,-71,-13`);
		expect(bbox.body.features.every((f: any) => f.status === 'publicado')).toBe(true);
		expect((await anon.get(`/api/collections/${L}/features/${draftId}`)).status).toBe(404);
		expect((await anon.get(`/api/collections/${L}/features?status=borrador`)).status).toBe(403);
		expect((await anon.get(`/api/collections/${L}/features/${draftId}/history`)).status).toBe(401);
		const staff = await clients.comite.get(`/api/collections/${L}/features?limit=10000`);
		expect(staff.body.features.some((f: any) => f.status === 'borrador')).toBe(true);
	});

	it('a reviewer may publish but not edit content in the same request', async () => {
		const f = await fresh();
		const r = await clients.revisor.patch(`/api/collections/${L}/features/${f.id}`, {
			status: 'publicado',
			properties: { nombre: 'otro' },
			version: f.version
		});
		expect(r.status).toBe(403);
	});

	it('logout ends the session; disabled users lose access at once', async () => {
		const c = new Client(srv.origin);
		await c.login('objetivo', PW);
		expect((await c.get('/api/session')).body.user.username).toBe('objetivo');
		const u = await admin.get(`/api/users/${targetUserId}`);
		const d = await admin.patch(`/api/users/${targetUserId}`, { disabled: true, version: u.body.version });
		expect(d.status).toBe(200);
		expect((await c.get('/api/session')).body.user).toBeNull();
		const again = await admin.patch(`/api/users/${targetUserId}`, {
			disabled: false,
			version: d.body.version
		});
		expect(again.status).toBe(200);
		await c.login('objetivo', PW);
		expect((await c.del('/api/session')).status).toBe(200);
		expect((await c.get('/api/session')).body.user).toBeNull();
	});
});

describe("an intervention's publication status moves only through the review workflow", () => {
	const IV = '/api/collections/intervenciones/features';
	const staff: Role[] = ['comite', 'revisor', 'admin'];

	async function historyLength(id: number): Promise<number> {
		return (await admin.get(`${IV}/${id}/history`)).body.entries.length;
	}

	function expectWorkflowRequired(r: { status: number; body: any }, who: string) {
		expect({ who, status: r.status, code: r.body?.code }).toEqual({
			who,
			status: 409,
			code: 'REVIEW_WORKFLOW_REQUIRED'
		});
		expect(r.body.message).toBe(
			'La publicación de una obra pasa por la revisión: envíela y un revisor la aprueba.'
		);
	}

	it('creating as publicado: 409 REVIEW_WORKFLOW_REQUIRED for every role that may write (401 anonymous)', async () => {
		const body = () => ({
			geometry: square(PIURAY.lon + Math.random() / 100, PIURAY.lat, 0.0005),
			properties: { type: 'anden', state: 'ejecutada', name: 'No debe existir' },
			status: 'publicado'
		});
		expect((await clients.publico.post(IV, body())).status).toBe(401);
		// revisor has no feature:write: creating anything is 403 before the status is looked at
		expect((await clients.revisor.post(IV, body())).status).toBe(403);
		for (const role of ['comite', 'admin'] as const)
			expectWorkflowRequired(await clients[role].post(IV, body()), role);
		const list = await admin.get(`${IV}?limit=10000`);
		expect(list.body.features.some((f: any) => f.properties.name === 'No debe existir')).toBe(false);
	});

	it('PATCH / PUT of the status (publish or unpublish): 409 for every role, nothing written', async () => {
		const w = await executedWork();
		const cur = (await admin.get(`${IV}/${w.id}`)).body;
		const before = await historyLength(w.id);
		for (const role of staff) {
			expectWorkflowRequired(
				await clients[role].patch(`${IV}/${w.id}`, { status: 'publicado', version: cur.version }),
				`PATCH ${role}`
			);
			expectWorkflowRequired(
				await clients[role].put(`${IV}/${w.id}`, {
					geometry: cur.geometry,
					properties: cur.properties,
					status: 'publicado',
					version: cur.version
				}),
				`PUT ${role}`
			);
		}
		expect((await clients.publico.patch(`${IV}/${w.id}`, { status: 'publicado', version: 1 })).status).toBe(
			401
		);
		const after = (await admin.get(`${IV}/${w.id}`)).body;
		expect(after.status).toBe('borrador');
		expect(after.version).toBe(cur.version);
		expect(await historyLength(w.id)).toBe(before);

		// approved through the workflow → publicado; unpublishing through the generic API is refused too
		const pub = await publishViaReview(clients.comite, clients.revisor, w.id);
		expect(pub.status).toBe('publicado');
		for (const role of staff)
			expectWorkflowRequired(
				await clients[role].patch(`${IV}/${w.id}`, { status: 'borrador', version: pub.version }),
				`unpublish ${role}`
			);
		expect((await clients.publico.get(`${IV}/${w.id}`)).status).toBe(200);
	});

	it('sending the unchanged status is no status change; the workflow reopens (⇒ borrador)', async () => {
		const w = await executedWork();
		const pub = await publishViaReview(clients.comite, clients.revisor, w.id);
		const cur = (await admin.get(`${IV}/${w.id}`)).body;
		// a content edit that repeats the current status is an ordinary edit
		const e = await clients.comite.put(`${IV}/${w.id}`, {
			geometry: cur.geometry,
			properties: { ...cur.properties, name: 'Editada tras aprobar' },
			status: 'publicado',
			version: pub.version
		});
		expect(e.status).toBe(200);
		expect(e.body.status).toBe('publicado');
		// the review workflow's own transition still changes the status
		const d = (await clients.comite.get(`/api/interventions/${w.id}/review`)).body;
		const r = await clients.comite.post(`/api/interventions/${w.id}/review`, {
			action: 'reopen',
			reason: 'corregir',
			version: d.review.version
		});
		expect(r.status).toBe(200);
		expect(r.body.feature.status).toBe('borrador');
		expect((await clients.publico.get(`${IV}/${w.id}`)).status).toBe(404);
	});

	it('a bulk import of interventions cannot publish them either (admin: 409; comite: 403 as before)', async () => {
		const body = {
			sourceFile: 'p.kml',
			status: 'publicado',
			features: [
				{
					geometry: square(PIURAY.lon + Math.random() / 100, PIURAY.lat, 0.0005),
					properties: { type: 'forestacion', state: 'ejecutada' }
				}
			]
		};
		expectWorkflowRequired(await admin.post('/api/interventions/bulk', body), 'bulk admin');
		expect((await clients.comite.post('/api/interventions/bulk', body)).status).toBe(403);
	});

	it('other layers keep the capability rule: a revisor publishes a generic feature', async () => {
		const f = await fresh();
		const r = await clients.revisor.patch(`/api/collections/${L}/features/${f.id}`, {
			status: 'publicado',
			version: f.version
		});
		expect(r.status).toBe(200);
		expect(r.body.status).toBe('publicado');
	});
});

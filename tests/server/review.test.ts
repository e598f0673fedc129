/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Issue 7 against the real built server: the review loop (submit → observe with a pinned comment → fix →
 * approve), every transition's authorization, own-submission refusal, evidence (sniffing, EXIF GPS, stripped
 * public copy), the public transparency view, and dashboard totals = sum of the unit measurements.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, PIURAY, seedUsers, square, startServer, tmpDataDir, type RunningServer } from './helpers';

const PW = 'contraseña-de-prueba-1';
let srv: RunningServer;
const c = {} as Record<'anon' | 'com' | 'com2' | 'rev' | 'rev2' | 'adm' | 'dual', Client>;

/** A JPEG APP1 segment with only GPS tags (little-endian TIFF), as a camera writes them. */
export function exifGpsApp1(lat: number, lon: number): Uint8Array {
	const tiff = new DataView(new ArrayBuffer(128));
	tiff.setUint16(0, 0x4949);
	tiff.setUint16(2, 42, true);
	tiff.setUint32(4, 8, true);
	tiff.setUint16(8, 1, true); // IFD0: GPSInfo pointer
	tiff.setUint16(10, 0x8825, true);
	tiff.setUint16(12, 4, true);
	tiff.setUint32(14, 1, true);
	tiff.setUint32(18, 26, true);
	tiff.setUint32(22, 0, true);
	tiff.setUint16(26, 4, true); // GPS IFD
	const entry = (
		i: number,
		tag: number,
		type: number,
		count: number,
		value: number,
		inlineAscii?: string
	) => {
		const o = 28 + i * 12;
		tiff.setUint16(o, tag, true);
		tiff.setUint16(o + 2, type, true);
		tiff.setUint32(o + 4, count, true);
		if (inlineAscii) tiff.setUint8(o + 8, inlineAscii.charCodeAt(0));
		else tiff.setUint32(o + 8, value, true);
	};
	entry(0, 1, 2, 2, 0, lat < 0 ? 'S' : 'N');
	entry(1, 2, 5, 3, 80);
	entry(2, 3, 2, 2, 0, lon < 0 ? 'W' : 'E');
	entry(3, 4, 5, 3, 104);
	tiff.setUint32(76, 0, true);
	const dms = (off: number, v: number) => {
		const a = Math.abs(v);
		const d = Math.floor(a);
		const m = Math.floor((a - d) * 60);
		const s = ((a - d) * 60 - m) * 60;
		[
			[d, 1],
			[m, 1],
			[Math.round(s * 10000), 10000]
		].forEach(([n, den], i) => {
			tiff.setUint32(off + i * 8, n!, true);
			tiff.setUint32(off + i * 8 + 4, den!, true);
		});
	};
	dms(80, lat);
	dms(104, lon);
	const body = new Uint8Array([0x45, 0x78, 0x69, 0x66, 0, 0, ...new Uint8Array(tiff.buffer)]);
	const len = body.length + 2;
	return new Uint8Array([0xff, 0xe1, len >> 8, len & 255, ...body]);
}

/** A tiny structurally valid JPEG (8×4) with the GPS APP1. */
function jpegWithGps(lat: number, lon: number): Uint8Array {
	const seg = (m: number, b: number[]) => [0xff, m, (b.length + 2) >> 8, (b.length + 2) & 255, ...b];
	return new Uint8Array([
		0xff,
		0xd8,
		...exifGpsApp1(lat, lon),
		...seg(0xc0, [8, 0, 4, 0, 8, 1, 1, 0x11, 0]),
		...seg(0xda, [1, 1, 0, 0, 0x3f, 0]),
		1,
		2,
		3,
		0xff,
		0xd9
	]);
}

async function upload(cl: Client, path: string, form: FormData) {
	const r = await fetch(cl.origin + path, {
		method: 'POST',
		headers: { origin: cl.origin, cookie: cl.cookie, accept: 'application/json' },
		body: form
	});
	const text = await r.text();
	let body: any = text;
	try {
		body = JSON.parse(text);
	} catch {
		/* not json */
	}
	return { status: r.status, body };
}

async function newWork(type = 'forestacion', dx = 0) {
	const lon = PIURAY.lon + 0.005 + dx;
	const r = await c.com.post('/api/collections/intervenciones/features', {
		geometry: square(lon, PIURAY.lat, 0.001),
		properties: {
			type,
			state: 'planificada',
			name: `Obra ${Math.random()}`,
			community: 'Taucca',
			projectId: 'can-can-2017'
		}
	});
	expect(r.status).toBe(201);
	// executed: shifted and a bit larger than planned
	const u = await c.com.put(`/api/collections/intervenciones/features/${r.body.id}`, {
		geometry: square(lon + 0.0002, PIURAY.lat, 0.0012),
		properties: { ...r.body.properties, state: 'ejecutada' },
		version: r.body.version
	});
	expect(u.status).toBe(200);
	return u.body.id as number;
}

const review = async (id: number) => (await c.com.get(`/api/interventions/${id}/review`)).body;
async function act(cl: Client, id: number, action: string, reason?: string) {
	const v = (await review(id)).review.version;
	return cl.post(`/api/interventions/${id}/review`, { action, reason, version: v });
}

beforeAll(async () => {
	const dir = tmpDataDir();
	await seedUsers(dir, [
		{ username: 'com', role: 'comite', password: PW },
		{ username: 'com2', role: 'comite', password: PW },
		{ username: 'rev', role: 'revisor', password: PW },
		{ username: 'rev2', role: 'revisor', password: PW },
		{ username: 'adm', role: 'admin', password: PW },
		{ username: 'dual', role: 'comite', password: PW }
	]);
	srv = await startServer(dir);
	for (const k of Object.keys({
		anon: 1,
		com: 1,
		com2: 1,
		rev: 1,
		rev2: 1,
		adm: 1,
		dual: 1
	}) as (keyof typeof c)[])
		c[k] = new Client(srv.origin);
	for (const k of ['com', 'com2', 'rev', 'rev2', 'adm', 'dual'] as const) await c[k].login(k, PW);
}, 60_000);

afterAll(async () => {
	await srv?.stop();
});

describe('review loop and authorization of every transition', () => {
	it('submit → observe (pinned comment) → fix → approve; public only after approval', async () => {
		const id = await newWork();
		let d = await review(id);
		expect(d.review.state).toBe('borrador');
		expect(d.planned.source).toBe('history');
		expect(d.diff.kind).toBe('polygon');
		expect(d.diff.addedHa).toBeGreaterThan(0);

		// borrador: only editors submit
		expect((await act(c.anon, id, 'submit')).status).toBe(401);
		expect((await act(c.rev, id, 'submit')).body.code).toBe('REVIEW_FORBIDDEN_ROLE');
		expect((await act(c.com, id, 'approve', 'x')).body.code).toBe('REVIEW_FORBIDDEN_ROLE');
		expect((await act(c.rev, id, 'approve', 'x')).body.code).toBe('REVIEW_INVALID_TRANSITION');
		const s = await act(c.com, id, 'submit', 'Obra terminada');
		expect(s.status).toBe(200);
		expect(s.body.review.state).toBe('enviado');
		d = await review(id);
		expect(d.planned.source).toBe('snapshot');
		expect(d.planned.geometry).toBeTruthy();

		// enviado: only revisores decide; admin does not; a reason is required
		expect((await act(c.com2, id, 'approve', 'x')).body.code).toBe('REVIEW_FORBIDDEN_ROLE');
		expect((await act(c.adm, id, 'approve', 'x')).body.code).toBe('REVIEW_FORBIDDEN_ROLE');
		expect((await act(c.com, id, 'fix', 'x')).body.code).toBe('REVIEW_INVALID_TRANSITION');
		expect((await act(c.rev, id, 'observe', '  ')).body.code).toBe('REVIEW_REASON_REQUIRED');
		const pin = await c.rev.post(`/api/interventions/${id}/comments`, {
			text: 'El cerco no llega a esta esquina',
			point: [PIURAY.lon + 0.0062, PIURAY.lat + 0.0005]
		});
		expect(pin.status).toBe(201);
		expect(pin.body.point).toHaveLength(2);
		expect((await c.anon.post(`/api/interventions/${id}/comments`, { text: 'hola' })).status).toBe(401);
		const o = await act(c.rev, id, 'observe', 'Falta cerco en el lado este');
		expect(o.body.review.state).toBe('observado');

		// observado: the Comité answers and fixes; revisores cannot fix
		expect((await act(c.rev, id, 'fix', 'x')).body.code).toBe('REVIEW_FORBIDDEN_ROLE');
		expect((await act(c.rev, id, 'approve', 'x')).body.code).toBe('REVIEW_INVALID_TRANSITION');
		expect((await c.com.post(`/api/interventions/${id}/comments`, { text: 'Cerco completado' })).status).toBe(
			201
		);
		const f = await act(c.com, id, 'fix', 'Cerco completado el 20/11');
		expect(f.body.review.state).toBe('subsanado');

		// not public yet
		expect((await c.anon.get('/api/transparency')).body.works.features.map((x: any) => x.id)).not.toContain(
			id
		);
		expect((await c.anon.get(`/api/collections/intervenciones/features/${id}`)).status).toBe(404);

		// stale version → 409
		const stale = await c.rev.post(`/api/interventions/${id}/review`, {
			action: 'approve',
			reason: 'ok',
			version: 1
		});
		expect(stale.status).toBe(409);
		expect(stale.body.code).toBe('VERSION_CONFLICT');
		const a = await act(c.rev, id, 'approve', 'Conforme con lo ejecutado');
		expect(a.status).toBe(200);
		expect(a.body.review.state).toBe('aprobado');
		expect(a.body.feature.status).toBe('publicado');

		const t = await c.anon.get('/api/transparency');
		const w = t.body.works.features.find((x: any) => x.id === id);
		expect(w).toBeTruthy();
		expect(JSON.stringify(t.body)).not.toMatch(/"(com|rev|adm)"|createdBy|updatedBy|submittedBy|notes/);
		expect(t.body.lastUpdate).toBeTruthy();

		const thread = (await c.rev.get(`/api/interventions/${id}/comments`)).body.comments;
		expect(thread.filter((e: any) => e.kind === 'transition').map((e: any) => e.toState)).toEqual([
			'enviado',
			'observado',
			'subsanado',
			'aprobado'
		]);
		const audit = await c.adm.get(`/api/audit?entityType=review&entityId=${id}&limit=50`);
		const rows = audit.body.entries ?? audit.body.items ?? audit.body;
		const transitions = (Array.isArray(rows) ? rows : []).filter(
			(e: any) => e.action === 'review.transition'
		);
		expect(transitions).toHaveLength(4);
		for (const e of transitions) {
			expect(e.actorUsername).toBeTruthy();
			expect(e.at).toBeTruthy();
			expect(e.after.reason.length).toBeGreaterThan(0);
		}
		// reopen (Comité) takes it off the public page
		expect((await act(c.rev, id, 'reopen', 'x')).body.code).toBe('REVIEW_FORBIDDEN_ROLE');
		expect((await act(c.com, id, 'reopen', 'Corregir límites')).body.review.state).toBe('borrador');
		expect((await c.anon.get('/api/transparency')).body.works.features.map((x: any) => x.id)).not.toContain(
			id
		);
	});

	it('reject, and nobody approves their own submission', async () => {
		const id = await newWork('pastos_naturales', 0.003);
		expect((await act(c.dual, id, 'submit')).status).toBe(200);
		const users = (await c.adm.get('/api/users')).body.users;
		const dual = users.find((u: any) => u.username === 'dual');
		const ch = await c.adm.patch(`/api/users/${dual.id}`, { role: 'revisor', version: dual.version });
		expect(ch.status).toBe(200);
		await c.dual.login('dual', PW);
		const own = await act(c.dual, id, 'approve', 'yo mismo');
		expect(own.status).toBe(403);
		expect(own.body.code).toBe('REVIEW_OWN_SUBMISSION');
		expect((await act(c.rev2, id, 'reject', 'No corresponde al expediente')).body.review.state).toBe(
			'rechazado'
		);
		expect((await act(c.rev2, id, 'approve', 'x')).body.code).toBe('REVIEW_INVALID_TRANSITION');
	});

	it('planned works cannot be submitted', async () => {
		const r = await c.com.post('/api/collections/intervenciones/features', {
			geometry: square(PIURAY.lon + 0.02, PIURAY.lat, 0.001),
			properties: { type: 'forestacion', state: 'planificada' }
		});
		expect((await act(c.com, r.body.id, 'submit')).body.code).toBe('REVIEW_NOT_EXECUTED');
	});
});

describe('evidence photos', () => {
	it('sniffs content, reads EXIF GPS, strips it for the public unless approved + flag', async () => {
		const id = await newWork('anden', 0.006);
		const bad = new FormData();
		bad.set(
			'file',
			new File([new TextEncoder().encode('<svg onload=alert(1)>')], 'x.jpg', { type: 'image/jpeg' })
		);
		expect((await upload(c.com, `/api/interventions/${id}/evidence`, bad)).body.code).toBe(
			'EVIDENCE_NOT_IMAGE'
		);
		const big = new FormData();
		big.set('file', new File([new Uint8Array(600 * 1024)], 'big.jpg'));
		expect([413]).toContain((await upload(c.com, `/api/interventions/${id}/evidence`, big)).status);

		const form = new FormData();
		form.set(
			'file',
			new File([jpegWithGps(-13.4312, -72.0251) as BlobPart], 'foto.jpg', { type: 'image/jpeg' })
		);
		form.set('caption', 'Cerco terminado');
		const up = await upload(c.rev, `/api/interventions/${id}/evidence`, form);
		expect(up.status).toBe(201);
		expect(up.body.point[0]).toBeCloseTo(-72.0251, 4);
		expect(up.body.point[1]).toBeCloseTo(-13.4312, 4);
		expect(up.body.locationSource).toBe('exif');
		expect((await upload(c.anon, `/api/interventions/${id}/evidence`, form)).status).toBe(401);

		// staff: original with EXIF; anonymous: 404 until approved
		const orig = await fetch(`${srv.origin}/api/evidence/${up.body.id}`, {
			headers: { cookie: c.com.cookie }
		});
		expect(Buffer.from(await orig.arrayBuffer()).includes(Buffer.from('Exif'))).toBe(true);
		expect((await fetch(`${srv.origin}/api/evidence/${up.body.id}`)).status).toBe(404);

		await act(c.com, id, 'submit');
		await act(c.rev2, id, 'approve', 'Conforme');
		const pub = await fetch(`${srv.origin}/api/evidence/${up.body.id}`);
		expect(pub.status).toBe(200);
		expect(Buffer.from(await pub.arrayBuffer()).includes(Buffer.from('Exif'))).toBe(false);
		const t = await c.anon.get('/api/transparency');
		const w = t.body.works.features.find((x: any) => x.id === id);
		expect(w.properties.evidence).toHaveLength(1);
		expect(w.properties.evidence[0].point).toBeNull(); // location not allowed by the flag
		expect((await c.com.del(`/api/evidence/${up.body.id}`)).body.code).toBe('EVIDENCE_LOCKED');
	});
});

describe('projects: goals, disbursements, documents', () => {
	it('stores goals and disbursements with the 409 flow, and documents with sniffing', async () => {
		const p = (await c.com.get('/api/projects/can-can-2017')).body;
		expect(p.illustrative).toBe(true);
		const u = await c.com.patch('/api/projects/can-can-2017', {
			goals: { forestacion: { areaHa: 12 }, zanja_infiltracion: { lengthM: 3000 } },
			disbursements: [{ date: '2018-03-01', amountSoles: 1000, note: 'ilustrativo' }],
			version: p.version
		});
		expect(u.status, JSON.stringify(u.body)).toBe(200);
		expect(u.body.goals.forestacion.areaHa).toBe(12);
		const stale = await c.com.patch('/api/projects/can-can-2017', { sector: 'x', version: p.version });
		expect(stale.status).toBe(409);
		expect(
			(await c.rev.patch('/api/projects/can-can-2017', { sector: 'x', version: u.body.version })).status
		).toBe(403);

		const pdf = new FormData();
		pdf.set('file', new File([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], 'expediente.pdf'));
		pdf.set('title', 'Expediente técnico');
		const up = await upload(c.com, '/api/projects/can-can-2017/documents', pdf);
		expect(up.status).toBe(201);
		expect((await upload(c.rev, '/api/projects/can-can-2017/documents', pdf)).status).toBe(403);
		const exe = new FormData();
		exe.set('file', new File([new TextEncoder().encode('MZ\x90\x00')], 'virus.pdf'));
		expect((await upload(c.com, '/api/projects/can-can-2017/documents', exe)).body.code).toBe(
			'DOCUMENT_TYPE'
		);
		expect((await c.anon.get('/api/projects/can-can-2017/documents')).status).toBe(401);
		const list = await c.rev.get('/api/projects/can-can-2017/documents');
		expect(list.body.documents).toHaveLength(1);
		const dl = await fetch(srv.origin + list.body.documents[0].url, { headers: { cookie: c.rev.cookie } });
		expect(await dl.text()).toContain('%PDF');
	});
});

describe('dashboards', () => {
	it('totals equal the sum of the unit measurements', async () => {
		const d = (await c.rev.get('/tablero/datos.json')).body;
		const feats = (await c.rev.get('/api/collections/intervenciones/features?limit=10000')).body.features;
		expect(d.items).toHaveLength(feats.length);
		for (const q of ['areaHa', 'lengthM', 'treatedHa', 'plants', 'costSoles', 'protectedHa']) {
			const sum = feats.reduce((s: number, f: any) => s + (f.properties.measures?.[q] ?? 0), 0);
			expect(d.totals.all[q]).toBeCloseTo(sum, 6);
			const ex = feats
				.filter((f: any) => f.properties.state === 'ejecutada')
				.reduce((s: number, f: any) => s + (f.properties.measures?.[q] ?? 0), 0);
			expect(d.totals.executed[q]).toBeCloseTo(ex, 6);
			const byType = d.byType.reduce((s: number, r: any) => s + r.executed[q], 0);
			expect(byType).toBeCloseTo(ex, 6);
		}
		const itemsHa = d.items.reduce((s: number, i: any) => s + i.ha, 0);
		expect(d.totals.all.ha).toBeCloseTo(itemsHa, 9);
		expect(d.byType.find((r: any) => r.type === 'forestacion').goal).toBe(12);
		expect(d.review.approved).toBeGreaterThanOrEqual(1);
		const csv = await c.rev.get('/tablero/datos.csv?by=works');
		expect(csv.text.replace(/^\uFEFF/, '').startsWith('Id;')).toBe(true);
		expect((await c.anon.get('/tablero/datos.json')).status).toBe(401);
	});
});

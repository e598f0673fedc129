/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are inspected loosely in tests */
/**
 * Stored reference rasters (issue 6) against the real built server: chunked upload of a multi-MB PNG
 * under the default 512 KiB body cap, create (ONE audit entry), public list + image with ETag, authz,
 * hostile images and metadata → stable Spanish error codes, delete (ONE audit entry).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { Client, seedUsers, startServer, tmpDataDir, type RunningServer } from './helpers';
import { project, unproject } from '../../src/lib/geo/crs';

const PW = 'contraseña-de-prueba-1';
let srv: RunningServer;
let com: Client;
let rev: Client;
let adm: Client;
let anon: Client;

function chunk(type: string, data: Uint8Array): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td) >>> 0);
	return Buffer.concat([len, td, crc]);
}

/** A valid RGBA PNG; `noise` makes it incompressible (several MB for ~1200 px). */
function png(w: number, h: number, noise = false): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr[8] = 8;
	ihdr[9] = 6;
	const raw = noise ? randomBytes((w * 4 + 1) * h) : Buffer.alloc((w * 4 + 1) * h, 0x80);
	for (let y = 0; y < h; y++) raw[y * (w * 4 + 1)] = 0; // filter type none
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw, { level: noise ? 0 : 6 })),
		chunk('IEND', new Uint8Array())
	]);
}

/** A 2 km × 1.5 km UTM 18S frame near Chinchero and its WGS84 corners (ul, ur, lr, ll). */
const [E, N] = project([-72.03, -13.42], 32718);
const SOURCE_BBOX: [number, number, number, number] = [E, N, E + 2000, N + 1500];
const CORNERS = [
	[E, N + 1500],
	[E + 2000, N + 1500],
	[E + 2000, N],
	[E, N]
].map((p) => unproject(p as [number, number], 32718));

function meta(uploadId: string, w: number, h: number, extra: Record<string, unknown> = {}) {
	return {
		uploadId,
		name: `Ortofoto prueba ${randomBytes(3).toString('hex')}`,
		kind: 'rgb',
		sourceFile: 'orto.tif',
		sourceCrs: 'EPSG:32718',
		corners: CORNERS,
		sourceBbox: SOURCE_BBOX,
		sourceWidth: w,
		sourceHeight: h,
		bands: 3,
		resolution: [2000 / w, 1500 / h],
		provenance: { source: 'vuelo dron Comité 2026', date: '2026-10-01' },
		...extra
	};
}

async function putPart(c: Client, uploadId: string, offset: number, bytes: Uint8Array) {
	const r = await fetch(`${c.origin}/api/rasters/uploads/${uploadId}?offset=${offset}`, {
		method: 'PUT',
		headers: { origin: c.origin, cookie: c.cookie, 'content-type': 'application/octet-stream' },
		body: bytes as Uint8Array<ArrayBuffer>
	});
	return { status: r.status, body: (await r.json()) as any };
}

/** The whole protocol: start, parts, create. Returns the create response. */
async function upload(c: Client, img: Uint8Array, m: (id: string) => Record<string, unknown>) {
	const s = await c.post('/api/rasters/uploads', { bytes: img.byteLength });
	if (s.status !== 201) return s;
	const step = s.body.chunkBytes as number;
	for (let off = 0; off < img.byteLength; off += step) {
		const p = await putPart(c, s.body.uploadId, off, img.subarray(off, off + step));
		if (p.status !== 200) return p;
	}
	return c.post('/api/rasters', m(s.body.uploadId));
}

async function auditRows(): Promise<number> {
	return (await adm.get('/api/audit/verify')).body.rows as number;
}

beforeAll(async () => {
	const dir = tmpDataDir('yaku-rasters-');
	await seedUsers(dir, [
		{ username: 'comite', role: 'comite', password: PW },
		{ username: 'revisor', role: 'revisor', password: PW },
		{ username: 'admin', role: 'admin', password: PW }
	]);
	// default body caps on purpose: the chunked protocol must work with them
	srv = await startServer(dir, { YAKU_MAX_RASTER_BYTES: String(8 * 1024 * 1024) });
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

describe('stored rasters', () => {
	let id = '';
	let big: Buffer;

	it('a multi-MB PNG goes up in 512 KiB parts; ONE audit entry; on disk under rasters/', async () => {
		big = png(1200, 900, true);
		expect(big.byteLength).toBeGreaterThan(4 * 1024 * 1024);
		const before = await auditRows();
		const r = await upload(com, big, (u) => meta(u, 2400, 1800));
		expect(r.status, JSON.stringify(r.body)).toBe(201);
		const ras = r.body.raster;
		id = ras.id;
		expect(id).toMatch(/^r[0-9a-f]{16}$/);
		expect(ras).toMatchObject({
			kind: 'rgb',
			mime: 'image/png',
			width: 1200,
			height: 900,
			bytes: big.byteLength,
			sourceFile: 'orto.tif',
			sourceCrs: 'EPSG:32718',
			createdByUsername: 'comite',
			image: `/api/rasters/${id}/image`
		});
		expect(ras.metadata.downsampled).toBe(true);
		expect(ras.metadata.georefErrorM).toBeGreaterThan(0);
		expect(ras.metadata.georefErrorM).toBeLessThan(0.5);
		expect(ras.metadata.provenance).toEqual({ source: 'vuelo dron Comité 2026', date: '2026-10-01' });
		expect(ras.bbox[0]).toBeCloseTo(Math.min(...CORNERS.map((c) => c[0])), 9);
		expect(existsSync(join(srv.dataDir, 'rasters', `${id}.png`))).toBe(true);
		expect(await auditRows()).toBe(before + 1);
		const log = await adm.get('/api/audit?action=raster.create&limit=1');
		expect(log.body.entries[0]).toMatchObject({
			action: 'raster.create',
			entityType: 'raster',
			entityId: id
		});
	});

	it('lists publicly and serves the image with an ETag (304 on revalidation)', async () => {
		const l = await anon.get('/api/rasters');
		expect(l.status).toBe(200);
		const item = l.body.rasters.find((x: any) => x.id === id);
		expect(item.corners).toHaveLength(4);
		expect(item.sha256).toBeUndefined();
		const img = await fetch(`${srv.origin}/api/rasters/${id}/image`);
		expect(img.status).toBe(200);
		expect(img.headers.get('content-type')).toBe('image/png');
		expect(img.headers.get('cache-control')).toContain('immutable');
		const etag = img.headers.get('etag')!;
		expect(Buffer.from(await img.arrayBuffer()).equals(big)).toBe(true);
		const again = await fetch(`${srv.origin}/api/rasters/${id}/image`, {
			headers: { 'if-none-match': etag }
		});
		expect(again.status).toBe(304);
		expect((await anon.get('/api/rasters/r0000000000000000/image')).body.code).toBe('RASTER_NOT_FOUND');
	});

	it('anonymous and revisor may not upload, save or delete', async () => {
		expect((await anon.post('/api/rasters/uploads', { bytes: 10 })).status).toBe(401);
		expect((await rev.post('/api/rasters/uploads', { bytes: 10 })).status).toBe(403);
		expect((await rev.post('/api/rasters', meta('u' + '0'.repeat(24), 10, 10))).status).toBe(403);
		expect((await anon.del(`/api/rasters/${id}`)).status).toBe(401);
		expect((await rev.del(`/api/rasters/${id}`)).status).toBe(403);
		// cross-site request refused before anything else
		const x = await com.post('/api/rasters/uploads', { bytes: 10 }, { origin: 'https://evil.example' });
		expect(x.body.code).toBe('CSRF_ORIGIN_MISMATCH');
		// another user's upload is not found
		const s = await com.post('/api/rasters/uploads', { bytes: 100 });
		const p = await putPart(adm, s.body.uploadId, 0, png(2, 2));
		expect(p.body.code).toBe('RASTER_UPLOAD_NOT_FOUND');
		expect((await com.del(`/api/rasters/uploads/${s.body.uploadId}`)).status).toBe(204);
	});

	it('not an image, corrupt PNG, too big a side, oversize → stable Spanish codes; nothing stored', async () => {
		const before = await auditRows();
		const s = await com.post('/api/rasters/uploads', { bytes: 64 });
		const notImg = await putPart(com, s.body.uploadId, 0, new TextEncoder().encode('<svg>'.padEnd(64, ' ')));
		expect(notImg.status).toBe(415);
		expect(notImg.body.code).toBe('RASTER_NOT_IMAGE');
		await com.del(`/api/rasters/uploads/${s.body.uploadId}`);

		const corrupt = png(16, 12);
		corrupt[corrupt.length - 20] = corrupt[corrupt.length - 20]! ^ 0xff; // inside IDAT → CRC mismatch
		const c = await upload(com, corrupt, (u) => meta(u, 16, 12));
		expect(c.status).toBe(422);
		expect(c.body.code).toBe('RASTER_IMAGE_INVALID');
		expect(c.body.message).toMatch(/no es un PNG o WebP válido/);

		const wide = await upload(com, png(4097, 1), (u) => meta(u, 8194, 2));
		expect(wide.body.code).toBe('RASTER_IMAGE_TOO_BIG');

		const huge = await com.post('/api/rasters/uploads', { bytes: 9 * 1024 * 1024 });
		expect(huge.status).toBe(413);
		expect(huge.body.code).toBe('RASTER_TOO_LARGE');

		// a part past the declared size
		const s2 = await com.post('/api/rasters/uploads', { bytes: 10 });
		const over = await putPart(com, s2.body.uploadId, 0, png(2, 2));
		expect(over.body.code).toBe('RASTER_TOO_LARGE');
		// a part at the wrong offset
		const gap = await putPart(com, s2.body.uploadId, 5, new Uint8Array(3));
		expect(gap.status).toBe(409);
		expect(gap.body).toMatchObject({ code: 'RASTER_UPLOAD_OFFSET', received: 0 });
		await com.del(`/api/rasters/uploads/${s2.body.uploadId}`);
		expect(await auditRows()).toBe(before);
	});

	it('metadata is not trusted: corners off the declared extent, absurd extent, bad shapes → 4xx', async () => {
		const small = png(20, 15);
		const moved = await upload(com, small, (u) =>
			meta(u, 20, 15, { corners: CORNERS.map(([x, y]) => [x! + 0.01, y]) })
		);
		expect(moved.body.code).toBe('RASTER_GEOREF_INVALID');
		const world = await upload(com, small, (u) =>
			meta(u, 20, 15, {
				sourceBbox: undefined,
				corners: [
					[-80, 0],
					[-60, 0],
					[-60, -20],
					[-80, -20]
				]
			})
		);
		expect(world.body.code).toBe('RASTER_GEOREF_INVALID');
		const aspect = await upload(com, small, (u) => meta(u, 20, 40));
		expect(aspect.body.code).toBe('RASTER_GEOREF_INVALID');
		const badLat = await upload(com, small, (u) =>
			meta(u, 20, 15, {
				corners: [
					[0, 95],
					[1, 95],
					[1, 94],
					[0, 94]
				]
			})
		);
		expect(badLat.status).toBe(400);
		expect(badLat.body.code).toBe('VALIDATION_ERROR');
		const extra = await upload(com, small, (u) => meta(u, 20, 15, { isAdmin: true }));
		expect(extra.body.code).toBe('VALIDATION_ERROR');
	});

	it('delete: comite may; ONE audit entry; image gone', async () => {
		const before = await auditRows();
		expect((await com.del(`/api/rasters/${id}`)).status).toBe(204);
		expect(await auditRows()).toBe(before + 1);
		expect(existsSync(join(srv.dataDir, 'rasters', `${id}.png`))).toBe(false);
		expect((await anon.get(`/api/rasters/${id}`)).status).toBe(404);
		const log = await adm.get('/api/audit?action=raster.delete&limit=5');
		expect(JSON.stringify(log.body)).toContain(id);
	});
});

/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * 8 concurrent HTTP clients doing read-modify-write on the same rows: every write either succeeds or gets
 * 409 VERSION_CONFLICT (with the current row); 0 lost updates; audit rows == successful mutations.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, PIURAY, seedUsers, square, startServer, tmpDataDir, type RunningServer } from './helpers';

const PW = 'contraseña-de-prueba-1';
const CLIENTS = 8;
const ROUNDS = 12;
const ROWS = 3;
let srv: RunningServer;

beforeAll(async () => {
	const dir = tmpDataDir();
	await seedUsers(dir, [
		{ username: 'adm', role: 'admin', password: PW },
		...Array.from({ length: CLIENTS }, (_, i) => ({
			username: `ed${i}`,
			role: 'comite' as const,
			password: PW
		}))
	]);
	srv = await startServer(dir);
}, 60_000);
afterAll(async () => srv?.stop());

it('8 clients × read-modify-write → 0 lost updates, audit rows == successes', async () => {
	const admin = new Client(srv.origin);
	await admin.login('adm', PW);
	const ids: number[] = [];
	for (let i = 0; i < ROWS; i++) {
		const r = await admin.post('/api/collections/rmw/features', {
			geometry: square(PIURAY.lon + i * 0.01, PIURAY.lat),
			properties: { total: 0 }
		});
		ids.push(r.body.id);
	}
	const successes = new Map<number, number>(ids.map((id) => [id, 0]));
	let conflicts = 0;
	let other = 0;

	await Promise.all(
		Array.from({ length: CLIENTS }, async (_, ci) => {
			const c = new Client(srv.origin);
			await c.login(`ed${ci}`, PW);
			for (let round = 0; round < ROUNDS; round++) {
				const id = ids[(ci + round) % ROWS]!;
				for (;;) {
					const cur = await c.get(`/api/collections/rmw/features/${id}`);
					const props = cur.body.properties;
					const next = { ...props, total: props.total + 1, [`c${ci}`]: (props[`c${ci}`] ?? 0) + 1 };
					const w = await c.put(`/api/collections/rmw/features/${id}`, {
						geometry: cur.body.geometry,
						properties: next,
						version: cur.body.version
					});
					if (w.status === 200) {
						successes.set(id, successes.get(id)! + 1);
						break;
					}
					if (w.status === 409) {
						conflicts++;
						expect(w.body.code).toBe('VERSION_CONFLICT');
						expect(w.body.current.version).toBeGreaterThan(cur.body.version);
						continue;
					}
					other++;
					break;
				}
			}
		})
	);
	expect(other).toBe(0);
	let totalSuccess = 0;
	for (const id of ids) {
		const f = await admin.get(`/api/collections/rmw/features/${id}`);
		const n = successes.get(id)!;
		totalSuccess += n;
		// every successful write is reflected: nothing was overwritten by a stale client
		expect(f.body.properties.total).toBe(n);
		expect(f.body.version).toBe(1 + n);
		const perClient = Object.entries(f.body.properties)
			.filter(([k]) => /^c\d+$/.test(k))
			.reduce((s, [, v]) => s + (v as number), 0);
		expect(perClient).toBe(n);
		const hist = await admin.get(`/api/collections/rmw/features/${id}/history`);
		expect(hist.body.entries.filter((e: any) => e.action === 'feature.update').length).toBe(n);
	}
	expect(totalSuccess).toBe(CLIENTS * ROUNDS);
	const audit = await admin.get('/api/audit?action=feature.update&limit=500');
	expect(audit.body.entries.length).toBe(totalSuccess);
	const chain = await admin.get('/api/audit/verify');
	expect(chain.body.ok).toBe(true);
	console.log(`[rmw] ${totalSuccess} writes ok, ${conflicts} conflicts (409) retried`);
}, 120_000);

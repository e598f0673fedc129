/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Crash-durability run: a real server (the adapter-node build) takes a stream of creates and updates from
 * 4 concurrent clients and is killed with SIGKILL at a random moment; after each restart every write that
 * was acknowledged (HTTP 201/200 received) must be there, with at least the acknowledged version.
 * Shared by tests/server/durability.test.ts (30 cycles) and `npm run bench:durability` (100 cycles).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import {
	BACKEND,
	Client,
	PIURAY,
	pgUrlFor,
	seedUsers,
	square,
	startServer
} from '../../tests/server/helpers';

export interface DurabilityResult {
	cycles: number;
	ackedCreates: number;
	ackedUpdates: number;
	lost: string[];
	integrity: string;
	auditChainOk: boolean;
	msTotal: number;
	msPerCycle: number;
}

const PW = 'contraseña-durabilidad-1';

export async function runDurability(opts: {
	dataDir: string;
	cycles: number;
	writers?: number;
	minRunMs?: number;
	maxRunMs?: number;
	log?: (s: string) => void;
}): Promise<DurabilityResult> {
	const { dataDir, cycles, writers = 4, minRunMs = 40, maxRunMs = 250 } = opts;
	const log = opts.log ?? (() => {});
	await seedUsers(dataDir, [{ username: 'durable', role: 'admin', password: PW }]);
	const acked = new Map<number, { version: number; marker: string }>();
	let ackedCreates = 0;
	let ackedUpdates = 0;
	const lost: string[] = [];
	let cookie = '';
	const t0 = Date.now();

	for (let cycle = 0; cycle < cycles; cycle++) {
		const srv = await startServer(dataDir, { YAKU_RATE_LIMIT_MUTATIONS_PER_MIN: '0' });
		const c = new Client(srv.origin);
		if (cookie) c.cookie = cookie;
		else {
			await c.login('durable', PW);
			cookie = c.cookie;
		}
		// 1) everything acknowledged before the last crash is there
		const list = await c.get('/api/collections/dur/features?limit=10000');
		if (list.status !== 200) throw new Error(`list failed after restart: ${list.status} ${list.text}`);
		const found = new Map<number, any>(list.body.features.map((f: any) => [f.id, f]));
		for (const [id, a] of acked) {
			const f = found.get(id);
			if (!f) lost.push(`cycle ${cycle}: feature ${id} (v${a.version}) missing`);
			else if (f.version < a.version)
				lost.push(`cycle ${cycle}: feature ${id} at v${f.version} < acked v${a.version}`);
			else if (f.version === a.version && f.properties.marker !== a.marker)
				lost.push(
					`cycle ${cycle}: feature ${id} v${a.version} has marker ${f.properties.marker} ≠ ${a.marker}`
				);
			else if (f.version > a.version) a.version = f.version; // an unacknowledged later write committed: fine
			if (f) a.marker = f.properties.marker;
		}
		// 2) a stream of writes, killed at a random moment
		let stop = false;
		const loops = Array.from({ length: writers }, async (_, w) => {
			let n = 0;
			while (!stop) {
				const marker = `c${cycle}-w${w}-n${n++}`;
				try {
					const r = await c.post('/api/collections/dur/features', {
						geometry: square(PIURAY.lon + w * 0.001, PIURAY.lat + (n % 100) * 0.0001, 0.0005),
						properties: { marker }
					});
					if (r.status !== 201) continue;
					acked.set(r.body.id, { version: r.body.version, marker });
					ackedCreates++;
					const m2 = `${marker}-u`;
					const u = await c.put(`/api/collections/dur/features/${r.body.id}`, {
						geometry: r.body.geometry,
						properties: { marker: m2 },
						version: r.body.version
					});
					if (u.status === 200) {
						acked.set(r.body.id, { version: u.body.version, marker: m2 });
						ackedUpdates++;
					}
				} catch {
					/* connection reset by the kill: not acknowledged */
				}
			}
		});
		await new Promise((r) => setTimeout(r, minRunMs + Math.random() * (maxRunMs - minRunMs)));
		await srv.kill();
		stop = true;
		await Promise.all(loops);
		if (cycle % 10 === 9)
			log(`  ciclo ${cycle + 1}/${cycles}: ${ackedCreates} altas + ${ackedUpdates} ediciones confirmadas`);
	}
	// final check on a clean start
	const srv = await startServer(dataDir);
	const c = new Client(srv.origin);
	c.cookie = cookie;
	const list = await c.get('/api/collections/dur/features?limit=10000');
	const found = new Map<number, any>(list.body.features.map((f: any) => [f.id, f]));
	for (const [id, a] of acked) {
		const f = found.get(id);
		if (!f || f.version < a.version) lost.push(`final: feature ${id} v${a.version} missing or older`);
	}
	const chain = await c.get('/api/audit/verify');
	await srv.stop();
	let integrity: string;
	if (BACKEND === 'postgis') {
		// Issue 10: B-tree index check of the written tables (amcheck, PostgreSQL contrib).
		const pgc = new pg.Client({ connectionString: await pgUrlFor(dataDir) });
		await pgc.connect();
		try {
			await pgc.query('CREATE EXTENSION IF NOT EXISTS amcheck');
			await pgc.query(`SELECT bt_index_check(i.indexrelid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
				JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'btree' AND i.indrelid IN ('features'::regclass, 'audit_log'::regclass)`);
			integrity = 'ok';
		} catch (e) {
			integrity = String((e as Error).message);
		} finally {
			await pgc.end();
		}
	} else {
		const db = new Database(join(dataDir, 'yaku.db'), { readonly: true });
		integrity = String(db.pragma('integrity_check', { simple: true }));
		db.close();
	}
	const msTotal = Date.now() - t0;
	return {
		cycles,
		ackedCreates,
		ackedUpdates,
		lost,
		integrity,
		auditChainOk: chain.body.ok === true,
		msTotal,
		msPerCycle: Math.round(msTotal / cycles)
	};
}

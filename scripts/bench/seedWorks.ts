/**
 * Seeds N illustrative intervention polygons straight through the SQLite repository (one transaction, not
 * HTTP) into a server's data dir — the generator of bench:tiles (same seed, area, shapes), shared with
 * bench:scale. Measures are not computed (the layer rule runs on HTTP writes only).
 */
import { join } from 'node:path';
import { openDatabase } from '../../src/lib/server/db/connection';
import { createSqliteRepository } from '../../src/lib/server/repo/sqlite';
import type { FeatureInput } from '../../src/lib/server/repo/types';

export const SEED_TYPES = ['zanja_infiltracion', 'forestacion', 'pastos_naturales', 'anden'] as const;
export const SEED_STATES = ['propuesta', 'planificada', 'en_ejecucion', 'ejecutada'] as const;
/** The microcuenca's surroundings. */
export const SEED_AREA = { minLon: -72.09, minLat: -13.47, maxLon: -71.98, maxLat: -13.38 };

export function rng(seed: number) {
	let s = seed >>> 0;
	return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** The i-th synthetic published intervention (a small quadrilateral); same sequence for the same `rnd`. */
export function syntheticWork(rnd: () => number, i: number): FeatureInput {
	const A = SEED_AREA;
	const x = A.minLon + rnd() * (A.maxLon - A.minLon);
	const y = A.minLat + rnd() * (A.maxLat - A.minLat);
	const dx = 0.0002 + rnd() * 0.0004;
	const dy = 0.0002 + rnd() * 0.0004;
	const ring = [
		[x, y],
		[x + dx, y + dy * 0.1],
		[x + dx * 1.1, y + dy],
		[x + dx * 0.1, y + dy * 1.05],
		[x, y]
	];
	return {
		geometry: { type: 'Polygon', coordinates: [ring] },
		bbox: [x, y, x + dx * 1.1, y + dy * 1.05],
		properties: {
			type: SEED_TYPES[i % SEED_TYPES.length],
			state: SEED_STATES[(i >> 2) % SEED_STATES.length],
			name: `obra ${i}`
		},
		status: 'publicado'
	};
}

/** Number of interventions already in the data dir's database. */
export function countWorks(dataDir: string): number {
	const { db } = openDatabase(join(dataDir, 'yaku.db'), { migrate: false });
	try {
		const r = db.prepare("SELECT count(*) AS n FROM features WHERE layer = 'intervenciones'").get() as {
			n: number;
		};
		return r.n;
	} finally {
		db.close();
	}
}

export async function seedWorks(dataDir: string, n: number): Promise<number> {
	const t0 = performance.now();
	const { db } = openDatabase(join(dataDir, 'yaku.db'), { migrate: false });
	db.pragma('synchronous = OFF');
	const repo = createSqliteRepository(db);
	const rnd = rng(42);
	const ctx = { actorId: null, actorUsername: 'bench', actorRole: 'system' as const };
	db.exec('BEGIN IMMEDIATE');
	for (let i = 0; i < n; i++) await repo.features.create('intervenciones', syntheticWork(rnd, i), ctx);
	db.exec('COMMIT');
	db.close();
	return performance.now() - t0;
}

import * as Comlink from 'comlink';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { hillshade } from '../../../src/lib/geo/raster/hillshade';
import { slope } from '../../../src/lib/geo/raster/slope';
import type { Dem } from '../../../src/lib/geo/raster/types';
import { createRasterClient, type WorkerHandle } from '../../../src/lib/workers/rasterClient';
import { demFrom } from './helpers';

const entry = fileURLToPath(new URL('./worker-node-boot.mjs', import.meta.url));
let started = 0;
function nodeWorker(): WorkerHandle {
	started++;
	const w = new Worker(entry);
	const map = new Map<unknown, (d: unknown) => void>();
	const endpoint: Comlink.Endpoint = {
		postMessage: (m: unknown, t?: Transferable[]) => w.postMessage(m, t as never),
		addEventListener: (_t: string, l: unknown) => {
			const h = (data: unknown) => (l as (e: { data: unknown }) => void)({ data });
			map.set(l, h);
			w.on('message', h);
		},
		removeEventListener: (_t: string, l: unknown) => {
			const h = map.get(l);
			if (h) w.off('message', h);
		}
	};
	return { endpoint, terminate: () => void w.terminate() };
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => {
	expect(a.length).toBe(b.length);
	let diff = 0;
	for (let i = 0; i < a.length; i++) if (!(a[i] === b[i] || (a[i] !== a[i] && b[i] !== b[i]))) diff++;
	expect(diff).toBe(0);
};

describe('raster client: hillshade/slope split over two workers', () => {
	const clients: { dispose(): void }[] = [];
	afterAll(() => clients.forEach((c) => c.dispose()));

	it('joins the two row halves into exactly the single-worker grid, and follows DEM changes', async () => {
		const client = createRasterClient({
			createWorker: nodeWorker,
			sharedCancel: false,
			parallel: true,
			parallelMinCells: 0
		});
		clients.push(client);
		const dem = demFrom(61, 47, (c, r) => 3500 + 3 * Math.sin(c / 5) * r + 0.7 * c);
		for (let i = 0; i < dem.data.length; i += 37) dem.data[i] = NaN;
		await client.setDem(dem);
		same(
			await client.hillshade({ azimuthDeg: 200, altitudeDeg: 30, zFactor: 2 }),
			hillshade(dem, { azimuthDeg: 200, altitudeDeg: 30, zFactor: 2 })
		);
		same(await client.slope('percent'), slope(dem, { unit: 'percent' }));
		expect(started).toBe(2);
		// a new DEM (geographic, per-row cell sizes) reaches the helper too
		const geo: Dem = {
			...demFrom(40, 33, (c, r) => 3000 + c * r * 0.5),
			crs: 4326,
			transform: [-72.1, 1 / 3600, 0, -13.3, 0, -1 / 3600]
		};
		await client.setDem(geo);
		same(await client.slope('degrees'), slope(geo));
		same(await client.hillshade(), hillshade(geo));
	}, 30000);
});

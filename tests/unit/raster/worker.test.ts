import * as Comlink from 'comlink';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { createRasterClient, type WorkerHandle } from '../../../src/lib/workers/rasterClient';
import { demFrom } from './helpers';

const entry = fileURLToPath(new URL('./worker-node-boot.mjs', import.meta.url));

function nodeWorker(): WorkerHandle {
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

// big enough that fill+D8+accumulation takes well over the cancel delay
const big = () =>
	demFrom(2500, 2500, (c, r) => 3500 + Math.sin(c / 37) * 40 + Math.cos(r / 23) * 30 + ((c * r) % 7), 30);

describe('raster worker (Comlink)', () => {
	const clients: { dispose(): void }[] = [];
	afterAll(() => clients.forEach((c) => c.dispose()));

	it('runs analyses with progress and transfers typed arrays back', async () => {
		const client = createRasterClient({ createWorker: nodeWorker, sharedCancel: false });
		clients.push(client);
		const info = await client.setDem(demFrom(50, 40, (c) => c));
		expect(info.width).toBe(50);
		const seen: number[] = [];
		const hs = await client.hillshade({}, (f) => void seen.push(f));
		expect(hs).toBeInstanceOf(Uint8ClampedArray);
		expect(hs.length).toBe(2000);
		const hyd = await client.hydrology();
		expect(hyd.maxAccumulation).toBeGreaterThan(1);
		await expect(client.watershed([-60, -13])).rejects.toMatchObject({ code: 'POINT_OUTSIDE_DEM' });
	}, 20000);

	it('cancel() without SharedArrayBuffer terminates the worker; the next call restarts it', async () => {
		const client = createRasterClient({ createWorker: nodeWorker, sharedCancel: false });
		clients.push(client);
		await client.setDem(big());
		const running = client.hydrology();
		await new Promise((r) => setTimeout(r, 150));
		const t0 = Date.now();
		client.cancel();
		await expect(running).rejects.toMatchObject({ code: 'RASTER_CANCELLED' });
		expect(Date.now() - t0).toBeLessThan(100);
		expect(client.restarts).toBe(1);
		const info = await client.info(); // new worker, DEM replayed
		expect(info?.width).toBe(2500);
	}, 20000);

	it('a corrupt DEM file fails with its code and the previous DEM stays, also after a cancel (replay)', async () => {
		const client = createRasterClient({ createWorker: nodeWorker, sharedCancel: false });
		clients.push(client);
		await client.setDem(demFrom(30, 20, (c) => c));
		const truncated = new Uint8Array(1000).buffer; // a .hgt is 1201² or 3601² big-endian int16
		await expect(client.loadDemFiles([{ name: 'S14W073.hgt', bytes: truncated }])).rejects.toMatchObject({
			code: expect.stringMatching(/^DEM_/)
		});
		expect((await client.info())?.width).toBe(30);
		const running = client.hydrology();
		client.cancel();
		await expect(running).rejects.toMatchObject({ code: 'RASTER_CANCELLED' });
		expect((await client.info())?.width).toBe(30); // the restarted worker replays the good DEM, not the corrupt file
	}, 20000);

	it('cancel() with a SharedArrayBuffer flag stops the loop inside the worker', async () => {
		const client = createRasterClient({ createWorker: nodeWorker, sharedCancel: true });
		clients.push(client);
		await client.setDem(big());
		const running = client.hydrology();
		await new Promise((r) => setTimeout(r, 150));
		client.cancel();
		await expect(running).rejects.toMatchObject({ code: 'RASTER_CANCELLED' });
		expect(client.restarts).toBe(0);
		const small = await client.setDem(demFrom(10, 10, (c) => c));
		expect(small.width).toBe(10);
	}, 20000);
});

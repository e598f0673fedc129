import { afterAll, describe, expect, it } from 'vitest';
import { nodeImportClient } from './helpers';
import { ImportError } from '../../../src/lib/geo/import/errors';

const client = nodeImportClient();
afterAll(() => client.dispose());

function bigCsv(rows: number): Uint8Array {
	const lines = ['name,lat,lon'];
	for (let i = 0; i < rows; i++) lines.push(`p${i},${-13.3 - (i % 1000) * 1e-4},${-72.0 - (i % 777) * 1e-4}`);
	return new TextEncoder().encode(lines.join('\n'));
}

describe('import worker client (worker_threads + Comlink)', () => {
	it('reads a file and reports progress up to 1', async () => {
		const seen: number[] = [];
		const r = await client.read(bigCsv(30_000), { name: 'p.csv' }, { onProgress: (f) => seen.push(f) });
		expect(r.layers[0]?.features.length).toBe(30_000);
		// progress calls are async messages: wait a tick for the last ones
		await new Promise((res) => setTimeout(res, 50));
		expect(seen.length).toBeGreaterThan(3);
		expect(seen.at(-1)).toBe(1);
	}, 60_000);

	it('terminates the worker on timeout and stays usable', async () => {
		const t0 = Date.now();
		await expect(client.read(bigCsv(400_000), { name: 'big.csv' }, { timeMs: 300 })).rejects.toMatchObject({
			code: 'IMPORT_TIMEOUT'
		});
		expect(Date.now() - t0).toBeLessThan(3000);
		const r = await client.read(bigCsv(10), { name: 'small.csv' });
		expect(r.layers[0]?.features.length).toBe(10);
	}, 60_000);

	it('cancels with an AbortSignal', async () => {
		const ac = new AbortController();
		const p = client.read(bigCsv(400_000), { name: 'big.csv' }, { signal: ac.signal });
		setTimeout(() => ac.abort(), 100);
		await expect(p).rejects.toBeInstanceOf(ImportError);
		await expect(p).rejects.toMatchObject({ code: 'IMPORT_CANCELLED' });
		const r = await client.read(bigCsv(5), { name: 'small.csv' });
		expect(r.layers[0]?.features.length).toBe(5);
	}, 60_000);

	it('passes structured errors through with their code', async () => {
		await expect(
			client.read(new TextEncoder().encode('{"type":'), { name: 'x.geojson' })
		).rejects.toMatchObject({
			code: 'IMPORT_JSON_SYNTAX'
		});
	}, 30_000);

	it('refuses an oversized file before posting it', async () => {
		await expect(
			client.read(new Uint8Array(100), { name: 'x', limits: { maxBytes: 10 } })
		).rejects.toMatchObject({
			code: 'IMPORT_TOO_LARGE'
		});
	});
});

/**
 * worker_threads helper of scripts/bench/raster.ts: computes a row band of hillshade or slope of a DEM
 * held in SharedArrayBuffers into a shared output, so the bench can use both cores like the app's two
 * raster workers (src/lib/workers/rasterClient.ts `parallel`). Messages: {op, rows, dem} → 'done'.
 */
import { parentPort } from 'node:worker_threads';
import { hillshade } from '../../src/lib/geo/raster/hillshade';
import { slope } from '../../src/lib/geo/raster/slope';
import type { Dem } from '../../src/lib/geo/raster/types';

export interface HelperJob {
	op: 'hillshade' | 'slope';
	rows: [number, number];
	dem: Dem;
	out: SharedArrayBuffer;
}

parentPort?.on('message', (job: HelperJob) => {
	if (job.op === 'hillshade') hillshade(job.dem, { rows: job.rows, out: new Uint8ClampedArray(job.out) });
	else slope(job.dem, { rows: job.rows, out: new Float32Array(job.out) });
	parentPort?.postMessage('done');
});

/**
 * Helpers of the whole-process benchmarks against a reference tool (bench:overlay, bench:dissolve): yaku's
 * runner bundled once with esbuild (untimed), each side timed as a child process, medians.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { build } from 'esbuild';

/** Bundles `entry` (a runner under scripts/bench) into the ESM file `outfile`, runnable with plain `node`. */
export async function bundleRunner(entry: string, outfile: string): Promise<void> {
	await build({
		entryPoints: [resolve(entry)],
		bundle: true,
		platform: 'node',
		format: 'esm',
		outfile,
		logLevel: 'error',
		banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" }
	});
}

/** Runs a command to completion: wall time and stdout; throws with stderr when it fails. */
export function timed(cmd: string, args: string[]): { ms: number; out: string } {
	const t0 = performance.now();
	const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
	const ms = performance.now() - t0;
	if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
	return { ms, out: r.stdout };
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

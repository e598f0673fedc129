// npm run bench — every benchmark in turn (each writes or prints its own results; see docs/benchmarks.md).
// BENCH_ONLY=load,api runs a subset. Needs the production build (npm run build) for load/api/durability.
import { spawnSync } from 'node:child_process';

const ALL = ['load', 'api', 'durability', 'overlay', 'dissolve', 'raster'];
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : ALL;
let failed = 0;
for (const name of ALL.filter((n) => only.includes(n))) {
	console.log(`\n=== bench:${name} ===`);
	const r = spawnSync('npm', ['run', '-s', `bench:${name}`], { stdio: 'inherit' });
	if (r.status !== 0) {
		failed++;
		console.error(`bench:${name} failed (exit ${r.status})`);
	}
}
process.exit(failed ? 1 : 0);

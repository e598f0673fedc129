/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * npm run bench:api — throughput and p50/p99 latency of the feature API with 8 concurrent clients, against
 * the real adapter-node build on loopback (needs `npm run build`). Bounded: ~5 s per scenario.
 * Writes a Markdown table to stdout (copy into docs/benchmarks.md under "## API"); --json for raw numbers.
 */
import autocannon from 'autocannon';
import os from 'node:os';
import {
	BACKEND,
	Client,
	PIURAY,
	seedUsers,
	square,
	startServer,
	tmpDataDir
} from '../../tests/server/helpers';

const CONNECTIONS = 8;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const PW = 'contraseña-bench-api-1';

interface Row {
	scenario: string;
	reqPerS: number;
	p50: number;
	p99: number;
	requests: number;
	errors: number;
}

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
	return new Promise((res, rej) => autocannon(opts, (err, r) => (err ? rej(err) : res(r))));
}

const dir = tmpDataDir('yaku-bench-');
await seedUsers(dir, [{ username: 'bench', role: 'admin', password: PW }]);
const srv = await startServer(dir, { YAKU_RATE_LIMIT_MUTATIONS_PER_MIN: '0' });
const rows: Row[] = [];
try {
	const c = new Client(srv.origin);
	await c.login('bench', PW);
	const ids: number[] = [];
	for (let i = 0; i < 1000; i++) {
		const r = await c.post('/api/collections/bench/features', {
			geometry: square(PIURAY.lon + (i % 40) * 0.002, PIURAY.lat + Math.floor(i / 40) * 0.002, 0.0015),
			properties: { nombre: `zanja ${i}`, longitud_m: 120 + i },
			status: 'publicado'
		});
		ids.push(r.body.id);
	}
	const headers = { cookie: c.cookie, origin: srv.origin, 'content-type': 'application/json' };
	const base = { url: srv.origin, connections: CONNECTIONS, duration: DURATION_S, headers };
	const add = (scenario: string, r: autocannon.Result) =>
		rows.push({
			scenario,
			reqPerS: Math.round(r.requests.average),
			p50: r.latency.p50,
			p99: r.latency.p99,
			requests: r.requests.total,
			errors: r.errors + r.non2xx
		});

	let k = 0;
	add(
		'GET feature by id',
		await cannon({
			...base,
			requests: [
				{
					method: 'GET',
					setupRequest: (req: any) => ({
						...req,
						path: `/api/collections/bench/features/${ids[k++ % ids.length]}`
					})
				}
			]
		})
	);
	add(
		'GET list, bbox ≈ 25 features',
		await cannon({
			...base,
			requests: [
				{
					method: 'GET',
					path: `/api/collections/bench/features?bbox=${PIURAY.lon},${PIURAY.lat},${PIURAY.lon + 0.01},${PIURAY.lat + 0.01}`
				}
			]
		})
	);
	let n = 0;
	add(
		'POST create (tx + audit row, fsync)',
		await cannon({
			...base,
			requests: [
				{
					method: 'POST',
					path: '/api/collections/benchw/features',
					setupRequest: (req: any) => ({
						...req,
						body: JSON.stringify({
							geometry: square(PIURAY.lon + (n % 50) * 0.001, PIURAY.lat, 0.0008),
							properties: { nombre: `nueva ${n++}` }
						})
					})
				}
			]
		})
	);

	// Updates: 8 clients, each editing its own row with the version it holds (read-modify-write chain).
	const own = await Promise.all(
		Array.from({ length: CONNECTIONS }, async (_, i) => {
			const r = await c.post('/api/collections/benchu/features', {
				geometry: square(PIURAY.lon + i * 0.01, PIURAY.lat),
				properties: { n: 0 }
			});
			return { id: r.body.id as number, version: r.body.version as number };
		})
	);
	const lat: number[] = [];
	let errors = 0;
	const until = Date.now() + DURATION_S * 1000;
	const t0 = Date.now();
	await Promise.all(
		own.map(async (f) => {
			let n2 = 0;
			while (Date.now() < until) {
				const s = performance.now();
				const r = await c.put(`/api/collections/benchu/features/${f.id}`, {
					geometry: square(PIURAY.lon, PIURAY.lat),
					properties: { n: ++n2 },
					version: f.version
				});
				lat.push(performance.now() - s);
				if (r.status === 200) f.version = r.body.version;
				else errors++;
			}
		})
	);
	lat.sort((a, b) => a - b);
	const q = (p: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]! * 10) / 10;
	rows.push({
		scenario: 'PUT update with version (tx + audit row, fsync)',
		reqPerS: Math.round(lat.length / ((Date.now() - t0) / 1000)),
		p50: q(0.5),
		p99: q(0.99),
		requests: lat.length,
		errors
	});

	// Issue 10: mixed load — 8 writers (create, one transaction + audit row each) and 50 readers (bbox list
	// and by-id reads) at the same time, as a shared installation sees it.
	let w = 0;
	let rk = 0;
	const [writers, readers] = await Promise.all([
		cannon({
			...base,
			connections: 8,
			requests: [
				{
					method: 'POST',
					path: '/api/collections/benchmix/features',
					setupRequest: (req: any) => ({
						...req,
						body: JSON.stringify({
							geometry: square(PIURAY.lon + (w % 50) * 0.001, PIURAY.lat + 0.02, 0.0008),
							properties: { nombre: `mixta ${w++}` }
						})
					})
				}
			]
		}),
		cannon({
			...base,
			connections: 50,
			requests: [
				{
					method: 'GET',
					setupRequest: (req: any) => ({
						...req,
						path:
							rk++ % 2
								? `/api/collections/bench/features/${ids[rk % ids.length]}`
								: `/api/collections/bench/features?bbox=${PIURAY.lon},${PIURAY.lat},${PIURAY.lon + 0.01},${PIURAY.lat + 0.01}`
					})
				}
			]
		})
	]);
	add('mixed: 8 writers (POST create)', writers);
	add('mixed: 50 readers (GET by id / bbox list)', readers);
} finally {
	await srv.stop();
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
if (process.argv.includes('--json'))
	console.log(JSON.stringify({ date: new Date().toISOString(), machine, backend: BACKEND, rows }, null, 2));
else {
	console.log(
		`Fecha: ${new Date().toISOString().slice(0, 10)} · Máquina: ${machine} · base de datos: ${BACKEND}`
	);
	console.log(
		`${CONNECTIONS} clientes concurrentes, ${DURATION_S} s por escenario, loopback, servidor = build de adapter-node\n`
	);
	console.log('| escenario | req/s | p50 ms | p99 ms | solicitudes | errores |');
	console.log('|---|---:|---:|---:|---:|---:|');
	for (const r of rows)
		console.log(`| ${r.scenario} | ${r.reqPerS} | ${r.p50} | ${r.p99} | ${r.requests} | ${r.errors} |`);
}

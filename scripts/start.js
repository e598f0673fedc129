#!/usr/bin/env node
// npm start: build if needed, load the seed geodata, start the built app (adapter-node).
//
//   1. `npm run build` when build/ is missing or older than src/, static/ or the build config;
//   2. `load-geodata` from $YAKU_SEED_DIR (default ../shared/data when it exists; YAKU_SEED_DIR=none
//      skips it), so official layers supersede the illustrative ones; otherwise prints a hint;
//   3. node build/index.js with PORT (default 3000) and HOST (default 127.0.0.1), prints the URL and
//      forwards SIGINT/SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PORT = Number(process.env.PORT || 3000);
const HOST = process.env.HOST || '127.0.0.1';

const say = (es, en) => console.log(`[yaku] ${es}\n[yaku] ${en}`);

function newestMtime(path) {
	let st;
	try {
		st = statSync(path);
	} catch {
		return 0;
	}
	if (!st.isDirectory()) return st.mtimeMs;
	let newest = st.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

function buildIsStale() {
	const built = join(root, 'build', 'index.js');
	if (!existsSync(built)) return 'no existe build/ / build/ is missing';
	const inputs = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];
	const newest = Math.max(...inputs.map((p) => newestMtime(join(root, p))));
	return newest > statSync(built).mtimeMs
		? 'build/ es más antiguo que src/ / build/ is older than src/'
		: null;
}

function run(cmd, args, what) {
	const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
	if (r.error || r.status !== 0) {
		console.error(`[yaku] Falló ${what} / ${what} failed (${r.error?.message ?? `exit ${r.status}`}).`);
		return false;
	}
	return true;
}

function portIsFree(port, host) {
	return new Promise((res) => {
		const srv = createServer();
		srv.once('error', () => res(false));
		srv.listen(port, host, () => srv.close(() => res(true)));
	});
}

function waitForPort(port, host, timeoutMs) {
	const target = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
	const until = Date.now() + timeoutMs;
	return new Promise((res) => {
		const attempt = () => {
			const sock = connect(port, target);
			sock.once('connect', () => {
				sock.destroy();
				res(true);
			});
			sock.once('error', () => {
				sock.destroy();
				if (Date.now() > until) res(false);
				else setTimeout(attempt, 100);
			});
		};
		attempt();
	});
}

async function main() {
	const stale = buildIsStale();
	if (stale) {
		say(`Compilando la aplicación (${stale})…`, 'Building the app…');
		if (!run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], 'npm run build')) return 1;
	}

	const envSeed = process.env.YAKU_SEED_DIR;
	const defaultSeed = resolve(root, '..', 'shared', 'data');
	const seed =
		envSeed === undefined
			? existsSync(defaultSeed)
				? defaultSeed
				: null
			: envSeed === 'none'
				? null
				: envSeed;
	if (seed && existsSync(seed)) {
		say(`Cargando datos oficiales desde ${seed}…`, `Loading official data from ${seed}…`);
		if (
			!run(
				process.execPath,
				['--import', 'tsx', join(root, 'scripts', 'load-geodata.ts'), seed],
				'load-geodata'
			)
		) {
			say(
				'Se continúa con los datos ya cargados o ilustrativos.',
				'Continuing with the data already loaded or the demo set.'
			);
		}
	} else {
		if (seed) console.warn(`[yaku] No existe YAKU_SEED_DIR=${seed} / YAKU_SEED_DIR does not exist.`);
		say(
			'Sin carpeta de datos oficiales: se muestran las capas ilustrativas (sin fuente oficial). Para cargar datos oficiales: `npm run load-geodata -- <carpeta>` o `YAKU_SEED_DIR=<carpeta> npm start`.',
			'No official data folder: showing the illustrative layers (no official source). To load official data: `npm run load-geodata -- <folder>` or `YAKU_SEED_DIR=<folder> npm start`.'
		);
	}

	if (!(await portIsFree(PORT, HOST))) {
		say(
			`El puerto ${PORT} en ${HOST} está ocupado. Use otro: PORT=3001 npm start`,
			`Port ${PORT} on ${HOST} is in use. Pick another: PORT=3001 npm start`
		);
		return 1;
	}
	const child = spawn(process.execPath, [join(root, 'build', 'index.js')], {
		cwd: root,
		stdio: 'inherit',
		env: {
			...process.env,
			PORT: String(PORT),
			HOST,
			// adapter-node assumes https without ORIGIN, and SvelteKit then refuses the login form as cross-site.
			// Default to the address we print; behind a proxy or on a LAN set ORIGIN (e.g. http://192.168.1.10:3000).
			ORIGIN:
				process.env.ORIGIN ?? `http://${HOST === '0.0.0.0' || HOST === '::' ? 'localhost' : HOST}:${PORT}`
		}
	});
	for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
	const exited = new Promise((res) => child.once('exit', (code, signal) => res(code ?? (signal ? 0 : 1))));

	const up = await Promise.race([waitForPort(PORT, HOST, 30_000), exited.then(() => false)]);
	if (up) {
		const shown = HOST === '0.0.0.0' || HOST === '::' ? 'localhost' : HOST;
		say(`Listo: abra http://${shown}:${PORT}/`, `Ready: open http://${shown}:${PORT}/`);
	}
	return exited;
}

process.exitCode = await main();

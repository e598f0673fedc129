/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are inspected loosely in tests */
/**
 * Real-server helpers: spawn the adapter-node build (`node build/index.js`) on a free port with its own
 * data directory, and talk to it over HTTP with a cookie-keeping client. No mocks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/lib/server/db/connection';
import { createSqliteRepository } from '../../src/lib/server/repo/sqlite';
import { openPostgresRepository } from '../../src/lib/server/repo/postgres';
import pg from 'pg';
import { hashPassword } from '../../src/lib/server/auth/password';
import type { AccountRole } from '../../src/lib/server/auth/roles';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The adapter-node entry; `YAKU_TEST_BUILD` points at a private copy when others rebuild `build/` concurrently. */
export const BUILD = process.env.YAKU_TEST_BUILD ?? join(ROOT, 'build', 'index.js');

export function requireBuild(): void {
	if (!existsSync(BUILD))
		throw new Error(
			`Falta build/index.js: ejecute \`npm run build\` antes de las pruebas de servidor (tests/server).`
		);
}

/**
 * Issue 10: with `YAKU_TEST_DATABASE_URL=postgres://…` (a throwaway cluster from scripts/pg-test-cluster.sh)
 * the same tests run on PostGIS: every data directory gets its own database on that cluster, which
 * `seedUsers` and `startServer` use (`DATABASE_URL`).
 */
export const PG_TEST_URL = process.env.YAKU_TEST_DATABASE_URL ?? '';
export const BACKEND: 'sqlite' | 'postgis' = PG_TEST_URL ? 'postgis' : 'sqlite';

/** The PostGIS database URL of a test data directory (created on first use). */
export async function pgUrlFor(dataDir: string): Promise<string> {
	const name = `yaku_${dataDir
		.split('/')
		.pop()!
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '_')}`.slice(0, 60);
	const admin = new pg.Client({ connectionString: PG_TEST_URL });
	await admin.connect();
	try {
		const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
		if (!exists.rowCount) await admin.query(`CREATE DATABASE "${name}"`);
	} finally {
		await admin.end();
	}
	const u = new URL(PG_TEST_URL);
	u.pathname = `/${name}`;
	return u.href;
}

export function tmpDataDir(prefix = 'yaku-test-'): string {
	return mkdtempSync(join(tmpdir(), prefix));
}

export function freePort(): Promise<number> {
	return new Promise((res, rej) => {
		const s = createServer();
		s.unref();
		s.on('error', rej);
		s.listen(0, '127.0.0.1', () => {
			const a = s.address();
			const port = typeof a === 'object' && a ? a.port : 0;
			s.close(() => res(port));
		});
	});
}

export interface RunningServer {
	port: number;
	origin: string;
	dataDir: string;
	proc: ChildProcess;
	output: () => string;
	stop: () => Promise<void>;
	kill: () => Promise<void>;
}

export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<RunningServer> {
	requireBuild();
	if (BACKEND === 'postgis' && !env.DATABASE_URL) env = { DATABASE_URL: await pgUrlFor(dataDir), ...env };
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const proc = spawn(process.execPath, [BUILD], {
		cwd: ROOT,
		env: {
			PATH: process.env.PATH ?? '',
			HOME: process.env.HOME ?? '',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			YAKU_DATA_DIR: dataDir,
			YAKU_RATE_LIMIT_MUTATIONS_PER_MIN: '0',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	proc.stdout!.on('data', (d) => (out += d));
	proc.stderr!.on('data', (d) => (out += d));
	const exited = new Promise<void>((r) => proc.once('exit', () => r()));
	const deadline = Date.now() + 20_000;
	for (;;) {
		if (proc.exitCode !== null)
			throw new Error(`el servidor terminó al arrancar (código ${proc.exitCode}):\n${out}`);
		try {
			const r = await fetch(`${origin}/api/health`);
			if (r.ok) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			proc.kill('SIGKILL');
			throw new Error(`el servidor no respondió en 20 s:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 40));
	}
	return {
		port,
		origin,
		dataDir,
		proc,
		output: () => out,
		stop: async () => {
			if (proc.exitCode === null) proc.kill('SIGTERM');
			await exited;
		},
		kill: async () => {
			if (proc.exitCode === null) proc.kill('SIGKILL');
			await exited;
		}
	};
}

/** Creates users straight in the database file (before or while the server runs). */
export async function seedUsers(
	dataDir: string,
	users: { username: string; role: AccountRole; password: string; displayName?: string }[]
): Promise<void> {
	const sqlite = BACKEND === 'sqlite' ? openDatabase(join(dataDir, 'yaku.db')).db : null;
	const repo = sqlite ? createSqliteRepository(sqlite) : openPostgresRepository(await pgUrlFor(dataDir));
	try {
		for (const u of users)
			await repo.users.create(
				{
					username: u.username,
					displayName: u.displayName ?? u.username,
					role: u.role,
					passwordHash: await hashPassword(u.password)
				},
				{ actorId: null, actorUsername: 'test', actorRole: 'system' }
			);
	} finally {
		await repo.close();
	}
}

export interface Res<T = unknown> {
	status: number;
	body: T;
	headers: Headers;
	text: string;
}

/** A browser-like client: keeps the session cookie, sends Origin on every request. */
export class Client {
	cookie = '';
	constructor(
		public origin: string,
		public sendOrigin = true
	) {}

	async req<T = any>(
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = {}
	): Promise<Res<T>> {
		const h: Record<string, string> = { accept: 'application/json', ...headers };
		if (this.sendOrigin && !('origin' in h)) h.origin = this.origin;
		if (this.cookie) h.cookie = this.cookie;
		let payload: BodyInit | undefined;
		if (body instanceof URLSearchParams) {
			payload = body;
			h['content-type'] ??= 'application/x-www-form-urlencoded';
		} else if (typeof body === 'string') payload = body;
		else if (body !== undefined) {
			payload = JSON.stringify(body);
			h['content-type'] ??= 'application/json';
		}
		const r = await fetch(this.origin + path, { method, headers: h, body: payload, redirect: 'manual' });
		for (const c of r.headers.getSetCookie()) {
			const [pair] = c.split(';');
			const [name, value] = pair!.split('=');
			if (name === 'yaku_session') this.cookie = value ? `yaku_session=${value}` : '';
			if (/expires=Thu, 01 Jan 1970/i.test(c) || /max-age=0/i.test(c))
				if (name === 'yaku_session') this.cookie = '';
		}
		const text = await r.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			/* html or empty */
		}
		return { status: r.status, body: parsed as T, headers: r.headers, text };
	}

	get = <T = any>(p: string, h?: Record<string, string>) => this.req<T>('GET', p, undefined, h);
	post = <T = any>(p: string, b?: unknown, h?: Record<string, string>) => this.req<T>('POST', p, b, h);
	put = <T = any>(p: string, b?: unknown, h?: Record<string, string>) => this.req<T>('PUT', p, b, h);
	patch = <T = any>(p: string, b?: unknown, h?: Record<string, string>) => this.req<T>('PATCH', p, b, h);
	del = <T = any>(p: string, b?: unknown, h?: Record<string, string>) => this.req<T>('DELETE', p, b, h);

	async login(username: string, password: string): Promise<void> {
		const r = await this.post('/api/session', { username, password });
		if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
	}
}

export const square = (x: number, y: number, d = 0.001) => ({
	type: 'Polygon',
	coordinates: [
		[
			[x, y],
			[x + d, y],
			[x + d, y + d],
			[x, y + d],
			[x, y]
		]
	]
});

export const PIURAY = { lon: -72.03, lat: -13.43 };

/**
 * Publishes an intervention the only way the API allows (docs/review.md; the generic feature API answers 409
 * `REVIEW_WORKFLOW_REQUIRED`): `committee` (comite/admin) submits it, `reviewer` (a revisor who did not submit)
 * approves it, and approval makes it `publicado`. The work must be `state: 'ejecutada'` (422 otherwise).
 * Returns the feature's new `{ id, status, version }`.
 */
export async function publishViaReview(
	committee: Client,
	reviewer: Client,
	id: number | string
): Promise<{ id: number; status: string; version: number }> {
	const path = `/api/interventions/${id}/review`;
	const d = await committee.get(path);
	if (d.status !== 200) throw new Error(`review ${id}: ${d.status} ${d.text}`);
	const s = await committee.post(path, {
		action: 'submit',
		reason: 'Obra terminada (prueba)',
		version: d.body.review.version
	});
	if (s.status !== 200) throw new Error(`submit ${id}: ${s.status} ${s.text}`);
	const a = await reviewer.post(path, {
		action: 'approve',
		reason: 'Conforme (prueba)',
		version: s.body.review.version
	});
	if (a.status !== 200) throw new Error(`approve ${id}: ${a.status} ${a.text}`);
	return a.body.feature;
}

import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dbConfig } from '../db/connection';
import { ensureSetupToken } from '../auth/setup';
import { getRepository } from './index';

let started: Promise<void> | null = null;

/** `<db path>.pid`: lets `npm run restore` refuse to overwrite the database of a running server. */
export function pidFilePath(env: Record<string, string | undefined> = process.env): string {
	return `${dbConfig(env).dbPath}.pid`;
}

/**
 * Server start (hooks `init`): open + migrate the database (throws — and the server does not start — on a
 * database newer than the code), purge expired sessions, and print a one-time setup link when there is no admin.
 * Idempotent; concurrent callers share one run.
 */
export function startServer(): Promise<void> {
	started ??= (async () => {
		const repo = getRepository();
		const pidFile = pidFilePath();
		writeFileSync(pidFile, String(process.pid));
		const cleanup = () => {
			try {
				if (existsSync(pidFile) && readFileSync(pidFile, 'utf8') === String(process.pid)) unlinkSync(pidFile);
			} catch {
				/* best effort */
			}
		};
		process.once('exit', cleanup);
		await repo.sessions.purgeExpired(new Date().toISOString());
		setInterval(() => void repo.sessions.purgeExpired(new Date().toISOString()), 3600_000).unref();
		console.log(
			`[yaku] base de datos lista: ${dbConfig().dbPath} (esquema v${await repo.schemaVersion()}, ${repo.kind})`
		);
		await ensureSetupToken(repo, process.env.ORIGIN);
	})();
	return started;
}

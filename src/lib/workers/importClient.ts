/**
 * Main-thread client of the import worker. Limits are enforced here, OUTSIDE the parser: the file
 * size is checked before posting, and on timeout or cancel the worker is terminated (a parser stuck in
 * a loop cannot be interrupted any other way) and a fresh one is started for the next import. The
 * app stays usable whatever the file does.
 *
 *   const client = createImportClient(() => new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' }));
 *   const result = await client.read(bytes, { name: file.name }, { onProgress, signal });
 */
import * as Comlink from 'comlink';
import { ImportError, isImportCode } from '$lib/geo/import/errors';
import {
	DEFAULT_LIMITS,
	type FormatId,
	type ImportResult,
	type WorkerReadOptions
} from '$lib/geo/import/types';
import type { ImportWorkerApi } from '$lib/geo/import/workerApi';

/** What Comlink needs from a worker, plus terminate(). Browser Worker fits; Node tests adapt worker_threads. */
export interface TerminableEndpoint extends Comlink.Endpoint {
	terminate(): void | Promise<number>;
}

export interface ClientReadOptions {
	format?: FormatId;
	onProgress?: (fraction: number) => void;
	signal?: AbortSignal;
	/** Overrides opts.limits.timeMs. */
	timeMs?: number;
}

export interface ImportClient {
	read(bytes: Uint8Array, opts: WorkerReadOptions, extra?: ClientReadOptions): Promise<ImportResult>;
	/** Terminate the worker now (e.g. when the wizard closes). */
	dispose(): void;
}

export function createImportClient(makeWorker: () => TerminableEndpoint): ImportClient {
	let worker: TerminableEndpoint | null = null;
	let api: Comlink.Remote<ImportWorkerApi> | null = null;
	let busy = false;

	const kill = (): void => {
		if (worker) void worker.terminate();
		if (api) api[Comlink.releaseProxy]?.();
		worker = null;
		api = null;
	};
	const ensure = (): Comlink.Remote<ImportWorkerApi> => {
		if (!api) {
			worker = makeWorker();
			api = Comlink.wrap<ImportWorkerApi>(worker);
		}
		return api;
	};

	return {
		async read(bytes, opts, extra = {}) {
			const limits = { ...DEFAULT_LIMITS, ...(opts.limits ?? {}) };
			if (bytes.length === 0) throw new ImportError('IMPORT_EMPTY_FILE');
			if (bytes.length > limits.maxBytes)
				throw new ImportError('IMPORT_TOO_LARGE', { size: bytes.length, max: limits.maxBytes });
			if (extra.signal?.aborted) throw new ImportError('IMPORT_CANCELLED');
			if (busy) kill(); // one import at a time: a new one supersedes the old
			busy = true;
			const remote = ensure();
			const timeMs = extra.timeMs ?? limits.timeMs;
			let timer: ReturnType<typeof setTimeout> | undefined;
			let onAbort: (() => void) | undefined;
			const guard = new Promise<never>((_, reject) => {
				timer = setTimeout(() => {
					kill();
					reject(new ImportError('IMPORT_TIMEOUT', { ms: timeMs }));
				}, timeMs);
				onAbort = () => {
					kill();
					reject(new ImportError('IMPORT_CANCELLED'));
				};
				extra.signal?.addEventListener('abort', onAbort, { once: true });
				// a worker that dies (out of memory, load error) must not leave the promise pending
				worker?.addEventListener('error', () => {
					kill();
					reject(new ImportError('IMPORT_WORKER_CRASHED'));
				});
			});
			const progress = extra.onProgress ? Comlink.proxy(extra.onProgress) : undefined;
			try {
				const outcome = await Promise.race([remote.read(bytes, opts, extra.format, progress), guard]);
				if (outcome.ok) return outcome.result;
				throw new ImportError(
					isImportCode(outcome.code) ? outcome.code : 'IMPORT_INTERNAL',
					outcome.params ?? { detail: outcome.message }
				);
			} catch (e) {
				if (e instanceof ImportError) throw e;
				kill();
				throw new ImportError('IMPORT_WORKER_CRASHED');
			} finally {
				busy = false;
				clearTimeout(timer);
				if (onAbort) extra.signal?.removeEventListener('abort', onAbort);
			}
		},
		dispose: kill
	};
}

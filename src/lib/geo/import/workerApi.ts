/**
 * The object the import worker exposes with Comlink. Kept apart from the worker entry so Node tests
 * can expose it from a worker_thread with Comlink's node adapter. Results are transferred (raster
 * buffers) where possible by the caller; errors come back as plain data (code, message) because
 * class identity does not survive the boundary.
 */
import { ImportError, toImportError } from './errors';
import { importFile } from './registry';
import type { FormatId, ImportResult, WorkerReadOptions } from './types';

export type WorkerOutcome =
	| { ok: true; result: ImportResult }
	| { ok: false; code: string; message: string; messageEn: string; params?: Record<string, string | number> };

export const importWorkerApi = {
	async read(
		bytes: Uint8Array,
		opts: WorkerReadOptions,
		format: FormatId | undefined,
		onProgress?: (fraction: number) => void
	): Promise<WorkerOutcome> {
		try {
			const result = await importFile(bytes, { ...opts, ...(onProgress ? { onProgress } : {}) }, format);
			return { ok: true, result };
		} catch (e) {
			const err: ImportError = toImportError(e);
			return {
				ok: false,
				code: err.code,
				message: err.message,
				messageEn: err.messageEn,
				...(err.params ? { params: err.params } : {})
			};
		}
	},
	ping(): string {
		return 'pong';
	}
};

export type ImportWorkerApi = typeof importWorkerApi;

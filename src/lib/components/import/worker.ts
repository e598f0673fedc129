/** The import Web Worker, bundled by Vite from this relative URL (module worker). */
export function makeImportWorker(): Worker {
	return new Worker(new URL('../../workers/import.worker.ts', import.meta.url), {
		type: 'module',
		name: 'yaku-import'
	});
}

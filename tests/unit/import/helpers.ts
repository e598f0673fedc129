import { Worker } from 'node:worker_threads';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import {
	createImportClient,
	type ImportClient,
	type TerminableEndpoint
} from '../../../src/lib/workers/importClient';

let bundled: string | null = null;

/** Bundle nodeWorker.ts (the worker API + Comlink node adapter) once per test process. */
function workerFile(): string {
	if (!bundled) {
		const out = join(mkdtempSync(join(tmpdir(), 'yaku-import-')), 'worker.mjs');
		buildSync({
			entryPoints: [fileURLToPath(new URL('./nodeWorker.ts', import.meta.url))],
			bundle: true,
			platform: 'node',
			format: 'esm',
			outfile: out,
			logLevel: 'error',
			banner: {
				js: "import { createRequire as __yakuCreateRequire } from 'node:module'; const require = __yakuCreateRequire(import.meta.url);"
			}
		});
		bundled = out;
	}
	return bundled;
}

/** An ImportClient over a real worker_thread running the same code as the browser worker. */
export function nodeImportClient(): ImportClient {
	const file = workerFile();
	return createImportClient(() => {
		const w = new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: 512 } });
		const base = nodeEndpoint(w as never);
		// comlink's node adapter maps every listener to 'message'; forward 'error'/'exit' like a browser Worker
		const ep: TerminableEndpoint = {
			postMessage: (m: unknown, t?: Transferable[]) => base.postMessage(m, t),
			addEventListener: (type: string, h: EventListenerOrEventListenerObject) => {
				if (type === 'message') base.addEventListener('message', h as never);
				else
					w.on(type === 'error' ? 'error' : type, () =>
						typeof h === 'function' ? h(new Event(type)) : h.handleEvent(new Event(type))
					);
			},
			removeEventListener: (type: string, h: EventListenerOrEventListenerObject) => {
				if (type === 'message') base.removeEventListener('message', h as never);
			},
			terminate: () => w.terminate()
		};
		return ep;
	});
}

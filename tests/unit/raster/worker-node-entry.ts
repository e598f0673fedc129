// Runs raster.worker's API in a Node worker thread for the cancel test (Comlink over parentPort).
import * as Comlink from 'comlink';
import { parentPort } from 'node:worker_threads';
import { createRasterApi, withErrorCodes } from '../../../src/lib/workers/raster.worker';

const port = parentPort!;
const listeners = new Map<unknown, (m: unknown) => void>();
const endpoint: Comlink.Endpoint = {
	postMessage: (m: unknown, t?: Transferable[]) => port.postMessage(m, t as never),
	addEventListener: (_t: string, l: unknown) => {
		const h = (data: unknown) => (l as (e: { data: unknown }) => void)({ data });
		listeners.set(l, h);
		port.on('message', h);
	},
	removeEventListener: (_t: string, l: unknown) => {
		const h = listeners.get(l);
		if (h) port.off('message', h);
	}
};
Comlink.expose(withErrorCodes(createRasterApi()), endpoint);

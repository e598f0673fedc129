// Node (worker_threads) host for the import worker API — the same code as src/lib/workers/import.worker.ts,
// exposed with Comlink's node adapter. Started by helpers.ts with `--import tsx`.
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { importWorkerApi } from '../../../src/lib/geo/import/workerApi';

if (parentPort) Comlink.expose(importWorkerApi, nodeEndpoint(parentPort));

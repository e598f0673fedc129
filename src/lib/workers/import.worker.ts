/**
 * Web Worker entry for file import (Comlink). Create it with
 *   new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' })
 * and talk to it through importClient.ts, which enforces the time limit by terminating it.
 */
import * as Comlink from 'comlink';
import { importWorkerApi } from '$lib/geo/import/workerApi';

Comlink.expose(importWorkerApi);

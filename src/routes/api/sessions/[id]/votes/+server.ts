import { api } from '$lib/server/http/errors';
import { vote } from '$lib/server/sessions/http';
import type { RequestHandler } from './$types';

/** `{ layer, id, delta: 1 | -1 }` → `{ proposal }`. */
export const POST: RequestHandler = api(vote);

import { api } from '$lib/server/http/errors';
import { promote } from '$lib/server/sessions/http';
import type { RequestHandler } from './$types';

/** `{ layer, id, type?, name? }` → `{ proposal, intervention }`. */
export const POST: RequestHandler = api(promote);

import { api } from '$lib/server/http/errors';
import { createSession, listSessions } from '$lib/server/sessions/http';
import type { RequestHandler } from './$types';

/** comite, revisor, admin. */
export const GET: RequestHandler = api(() => listSessions());
/** comite, admin: `{ title, date, place, community?, participants?, notes?, storyId? }` → 201. */
export const POST: RequestHandler = api(createSession);

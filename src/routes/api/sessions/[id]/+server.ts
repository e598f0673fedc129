import { api } from '$lib/server/http/errors';
import { deleteSession, getSession, updateSession } from '$lib/server/sessions/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(getSession);
/** Any subset of the fields + `version` (or If-Match); stale → 409 VERSION_CONFLICT + `current`. */
export const PUT: RequestHandler = api(updateSession);
export const PATCH: RequestHandler = api(updateSession);
/** 409 SESSION_IN_USE while it has proposals. */
export const DELETE: RequestHandler = api(deleteSession);

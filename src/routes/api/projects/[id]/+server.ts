import { api } from '$lib/server/http/errors';
import { deleteProject, getProject, updateProject } from '$lib/server/projects/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(getProject);
/** Any subset of fields + `version` (or If-Match); stale → 409 VERSION_CONFLICT + `current`. */
export const PUT: RequestHandler = api(updateProject);
export const PATCH: RequestHandler = api(updateProject);
export const DELETE: RequestHandler = api(deleteProject);

import { api } from '$lib/server/http/errors';
import { createProject, listProjects } from '$lib/server/projects/http';
import type { RequestHandler } from './$types';

/** All projects (public information: every role, anonymous too). */
export const GET: RequestHandler = api(() => listProjects());
/** comite, admin. */
export const POST: RequestHandler = api(createProject);

import { api } from '$lib/server/http/errors';
import { projectParams } from '$lib/server/projects/http';
import type { RequestHandler } from './$types';

/** The project's overrides and the merged values per intervention type. */
export const GET: RequestHandler = api(projectParams);

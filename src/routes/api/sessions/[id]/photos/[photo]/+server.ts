import { api } from '$lib/server/http/errors';
import { getPhoto } from '$lib/server/sessions/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(getPhoto);

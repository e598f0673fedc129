import { api } from '$lib/server/http/errors';
import { uploadPhoto } from '$lib/server/sessions/http';
import type { RequestHandler } from './$types';

/** Raw body `image/jpeg` or `image/png`, ≤ 400 KiB → 201 `{ photo }`. */
export const POST: RequestHandler = api(uploadPhoto);

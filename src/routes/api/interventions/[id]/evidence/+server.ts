import { api } from '$lib/server/http/errors';
import { listEvidence, uploadEvidence } from '$lib/server/evidence/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(listEvidence);
/** multipart/form-data: file (JPEG/PNG), thumb?, caption?, locationPublic?, lon?, lat?, takenAt?. */
export const POST: RequestHandler = api(uploadEvidence);

import { api } from '$lib/server/http/errors';
import { listDocuments, uploadDocument } from '$lib/server/projects/documents';
import type { RequestHandler } from './$types';

/** Staff: the project's documents. */
export const GET: RequestHandler = api(listDocuments);
/** comite, admin: multipart `file` (PDF/JPEG/PNG, content sniffed) + `title?`. */
export const POST: RequestHandler = api(uploadDocument);

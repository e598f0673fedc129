import { api } from '$lib/server/http/errors';
import { deleteDocument, downloadDocument } from '$lib/server/projects/documents';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(downloadDocument);
export const DELETE: RequestHandler = api(deleteDocument);

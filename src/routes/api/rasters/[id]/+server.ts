import { api } from '$lib/server/http/errors';
import { deleteRaster, getRaster } from '$lib/server/rasters/http';

export const GET = api(getRaster);
export const DELETE = api(deleteRaster);

/** The OpenAPI 3.0 document of /ogc (`GET /ogc/api`), generated from the live collection list. */
import { SUPPORTED_CRS } from './crs';
import type { CollectionMeta } from './sources';

const ref = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const jsonOk = (description: string, type = 'application/json') => ({
	'200': { description, content: { [type]: { schema: { type: 'object' } } } },
	'400': {
		description: 'Parámetro inválido',
		content: { 'application/json': { schema: { $ref: '#/components/schemas/exception' } } }
	},
	'404': {
		description: 'No encontrado',
		content: { 'application/json': { schema: { $ref: '#/components/schemas/exception' } } }
	}
});

export function buildOpenApi(base: string, collections: CollectionMeta[]) {
	const paths: Record<string, unknown> = {
		'/': {
			get: {
				operationId: 'getLandingPage',
				summary: 'Página de inicio',
				parameters: [ref('f')],
				responses: jsonOk('Página de inicio')
			}
		},
		'/conformance': {
			get: {
				operationId: 'getConformance',
				summary: 'Clases de conformidad',
				parameters: [ref('f')],
				responses: jsonOk('Conformidad')
			}
		},
		'/api': {
			get: {
				operationId: 'getApi',
				summary: 'Este documento',
				responses: jsonOk('OpenAPI', 'application/vnd.oai.openapi+json;version=3.0')
			}
		},
		'/collections': {
			get: {
				operationId: 'getCollections',
				summary: 'Colecciones',
				parameters: [ref('f')],
				responses: jsonOk('Colecciones')
			}
		}
	};
	for (const c of collections) {
		const p = `/collections/${c.id}`;
		const filters = Object.entries(c.queryables).map(([name, q]) => ({
			name,
			in: 'query',
			required: false,
			description: q.title ?? `Filtra por igualdad en «${name}».`,
			schema: { type: q.type, ...(q.enum ? { enum: q.enum } : {}) },
			style: 'form',
			explode: false
		}));
		paths[p] = {
			get: {
				operationId: `describeCollection_${c.id}`,
				summary: c.title,
				parameters: [ref('f')],
				responses: jsonOk(c.title)
			}
		};
		paths[`${p}/queryables`] = {
			get: {
				operationId: `getQueryables_${c.id}`,
				summary: `Propiedades filtrables de ${c.title}`,
				responses: jsonOk('JSON Schema', 'application/schema+json')
			}
		};
		paths[`${p}/items`] = {
			get: {
				operationId: `getFeatures_${c.id}`,
				summary: `Elementos de ${c.title}`,
				parameters: [
					ref('limit'),
					ref('offset'),
					ref('bbox'),
					ref('bbox-crs'),
					ref('crs'),
					ref('datetime'),
					ref('f'),
					...filters
				],
				responses: jsonOk('FeatureCollection GeoJSON', 'application/geo+json')
			}
		};
		paths[`${p}/items/{featureId}`] = {
			get: {
				operationId: `getFeature_${c.id}`,
				summary: `Un elemento de ${c.title}`,
				parameters: [ref('featureId'), ref('crs'), ref('f')],
				responses: jsonOk('Feature GeoJSON', 'application/geo+json')
			}
		};
	}
	return {
		openapi: '3.0.3',
		info: {
			title: 'yaku — OGC API Features',
			version: '1.0.0',
			description:
				'Solo lectura. Capas de referencia y obras publicadas de la microcuenca Piuray-Ccorimarca.',
			license: { name: 'Ver la procedencia de cada colección' }
		},
		servers: [{ url: base }],
		paths,
		components: {
			parameters: {
				f: {
					name: 'f',
					in: 'query',
					required: false,
					schema: { type: 'string', enum: ['json', 'geojson'] },
					style: 'form',
					explode: false
				},
				limit: {
					name: 'limit',
					in: 'query',
					required: false,
					schema: { type: 'integer', minimum: 1, maximum: 10000, default: 100 },
					style: 'form',
					explode: false
				},
				offset: {
					name: 'offset',
					in: 'query',
					required: false,
					schema: { type: 'integer', minimum: 0, default: 0 },
					style: 'form',
					explode: false
				},
				bbox: {
					name: 'bbox',
					in: 'query',
					required: false,
					schema: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } },
					style: 'form',
					explode: false
				},
				'bbox-crs': {
					name: 'bbox-crs',
					in: 'query',
					required: false,
					schema: { type: 'string', format: 'uri', enum: [...SUPPORTED_CRS] },
					style: 'form',
					explode: false
				},
				crs: {
					name: 'crs',
					in: 'query',
					required: false,
					schema: { type: 'string', format: 'uri', enum: [...SUPPORTED_CRS] },
					style: 'form',
					explode: false
				},
				datetime: {
					name: 'datetime',
					in: 'query',
					required: false,
					description: 'Aceptado e ignorado: las colecciones no son temporales.',
					schema: { type: 'string' },
					style: 'form',
					explode: false
				},
				featureId: { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }
			},
			schemas: {
				exception: {
					type: 'object',
					required: ['code'],
					properties: {
						code: { type: 'string' },
						description: { type: 'string' },
						message: { type: 'string' }
					}
				}
			}
		}
	};
}

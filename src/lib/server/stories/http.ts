/** Handlers of /api/stories (issue 9): saved views presented step by step in assembly mode. */
import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import {
	storyContentSchema,
	storyFileSchema,
	toStoryFile,
	type Story,
	type StoryContent
} from '../../components/assembly/story';
import { auditContext } from '../audit/context';
import { requireCapability } from '../auth/handle';
import { readJson } from '../http/body';
import { ApiError } from '../http/errors';
import { CONFLICT_MESSAGE, expectedVersion } from '../http/features';
import { getRepository } from '../repo';
import { idSchema, parseOr400 } from '../schemas/common';

const NOT_FOUND = () => new ApiError(404, 'STORY_NOT_FOUND', 'No existe esa historia.');

function noStore(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

function storyResponse(s: Story, status = 200, headers: Record<string, string> = {}): Response {
	return noStore(s, status, { etag: `"${s.version}"`, ...headers });
}

function storyId(event: Pick<RequestEvent, 'params'>): number {
	const r = idSchema.safeParse((event.params as Record<string, string>).id);
	if (!r.success) throw NOT_FOUND();
	return r.data;
}

async function getOr404(id: number): Promise<Story> {
	const s = await getRepository().stories.get(id);
	if (!s) throw NOT_FOUND();
	return s;
}

function content(raw: unknown): StoryContent {
	return parseOr400(storyContentSchema, raw, 'STORY_INVALID');
}

export async function listStories(): Promise<Response> {
	const stories = await getRepository().stories.list();
	return noStore({
		stories: stories.map((s) => ({
			id: s.id,
			title: s.title,
			description: s.description,
			stepCount: s.steps.length,
			version: s.version,
			createdAt: s.createdAt,
			updatedAt: s.updatedAt
		}))
	});
}

export async function getStory(event: RequestEvent): Promise<Response> {
	return storyResponse(await getOr404(storyId(event)));
}

export async function createStory(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'assembly:write');
	const c = content(await readJson(event.request));
	const s = await getRepository().stories.create(c, auditContext(event));
	return storyResponse(s, 201, { location: `/api/stories/${s.id}` });
}

export async function updateStory(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'assembly:write');
	const id = storyId(event);
	const raw = await readJson(event.request);
	const { version: bodyVersion, ...rest } = parseOr400(
		z.object({ version: z.number().int().positive().optional() }).passthrough(),
		raw
	);
	const version = expectedVersion(event, bodyVersion);
	const r = await getRepository().stories.update(id, version, content(rest), auditContext(event));
	if (!r.ok) {
		if (r.reason === 'not_found') throw NOT_FOUND();
		throw new ApiError(409, 'VERSION_CONFLICT', CONFLICT_MESSAGE, { current: r.current });
	}
	return storyResponse(r.value);
}

export async function deleteStory(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'assembly:write');
	const id = storyId(event);
	const r = await getRepository().stories.delete(id, expectedVersion(event), auditContext(event));
	if (!r.ok) {
		if (r.reason === 'not_found') throw NOT_FOUND();
		throw new ApiError(409, 'VERSION_CONFLICT', CONFLICT_MESSAGE, { current: r.current });
	}
	return noStore({ id, deleted: true, version: r.value.version });
}

/** A copy titled «… (copia)», new id, version 1. */
export async function duplicateStory(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'assembly:write');
	const src = await getOr404(storyId(event));
	const suffix = ' (copia)';
	const title = {
		es: `${src.title.es.slice(0, 200 - suffix.length)}${suffix}`,
		...(src.title.qu ? { qu: `${src.title.qu.slice(0, 200 - suffix.length)}${suffix}` } : {})
	};
	const s = await getRepository().stories.create(
		{ title, description: src.description, steps: src.steps },
		auditContext(event)
	);
	return storyResponse(s, 201, { location: `/api/stories/${s.id}` });
}

/** The story as a downloadable `yaku-story` JSON file. */
export async function exportStory(event: RequestEvent): Promise<Response> {
	const s = await getOr404(storyId(event));
	const name =
		s.title.es
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/[^A-Za-z0-9_-]+/g, '_')
			.replace(/^_+|_+$/g, '')
			.slice(0, 60) || 'historia';
	return new Response(JSON.stringify(toStoryFile(s), null, 1), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="historia-${name}.json"`,
			'cache-control': 'no-store'
		}
	});
}

/** Creates a story from an exported file; a bad file → 422 STORY_FILE_INVALID with `issues`. */
export async function importStory(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'assembly:write');
	const raw = await readJson(event.request);
	const r = storyFileSchema.safeParse(raw);
	if (!r.success) {
		const issues = r.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
		throw new ApiError(
			422,
			'STORY_FILE_INVALID',
			`El archivo no es una historia válida: ${issues[0]?.path ? `${issues[0].path}: ` : ''}${issues[0]?.message ?? ''}`,
			{ issues }
		);
	}
	const s = await getRepository().stories.create(r.data.story, auditContext(event));
	return storyResponse(s, 201, { location: `/api/stories/${s.id}` });
}

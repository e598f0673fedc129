/**
 * Row type and pure mapping of the `stories` table, shared by the SQLite (`./sqlite.ts`) and PostGIS
 * (`../repo/postgres/stories.ts`) stores (the body is JSON TEXT in both dialects), plus the audit records.
 */
import type { Story, StoryContent } from '../../components/assembly/story';
import { AUDIT_ACTIONS } from '../audit/actions';
import type { AuditRecord } from '../repo/types';

export interface StoryRow {
	id: number;
	title: string;
	body: string;
	version: number;
	created_by: number | null;
	updated_by: number | null;
	created_at: string;
	updated_at: string;
}

export function toStory(r: StoryRow): Story {
	const body = JSON.parse(r.body) as StoryContent;
	return {
		id: r.id,
		title: body.title,
		...(body.description ? { description: body.description } : {}),
		steps: body.steps ?? [],
		version: r.version,
		createdBy: r.created_by,
		updatedBy: r.updated_by,
		createdAt: r.created_at,
		updatedAt: r.updated_at
	};
}

export function bodyOf(c: StoryContent): string {
	return JSON.stringify({ title: c.title, description: c.description, steps: c.steps });
}

/** What the audit log keeps of a story (enough to restore it). */
const snapshot = (s: Story) => ({
	title: s.title,
	description: s.description,
	steps: s.steps,
	version: s.version
});

export const storyCreateAudit = (s: Story): AuditRecord => ({
	action: AUDIT_ACTIONS.storyCreate,
	entityType: 'story',
	entityId: String(s.id),
	after: snapshot(s)
});

export const storyUpdateAudit = (before: Story, after: Story): AuditRecord => ({
	action: AUDIT_ACTIONS.storyUpdate,
	entityType: 'story',
	entityId: String(before.id),
	before: snapshot(before),
	after: snapshot(after)
});

export const storyDeleteAudit = (before: Story): AuditRecord => ({
	action: AUDIT_ACTIONS.storyDelete,
	entityType: 'story',
	entityId: String(before.id),
	before: snapshot(before)
});

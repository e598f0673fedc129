import type { Story, StoryContent } from '../../components/assembly/story';
import type { AuditContext, UpdateResult } from '../repo/types';

/** Stories behind the repository interface (sqlite today; a PostGIS backend implements the same). */
export interface StoryRepository {
	list(): Promise<Story[]>;
	get(id: number): Promise<Story | null>;
	create(content: StoryContent, ctx: AuditContext): Promise<Story>;
	update(
		id: number,
		expectedVersion: number,
		content: StoryContent,
		ctx: AuditContext
	): Promise<UpdateResult<Story>>;
	delete(id: number, expectedVersion: number, ctx: AuditContext): Promise<UpdateResult<Story>>;
}

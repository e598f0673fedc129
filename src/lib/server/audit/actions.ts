/** Stable audit action names. UI filters and reports rely on them: add, never rename. */
export const AUDIT_ACTIONS = {
	featureCreate: 'feature.create',
	featureUpdate: 'feature.update',
	featureDelete: 'feature.delete',
	userCreate: 'user.create',
	userUpdate: 'user.update',
	userPasswordChange: 'user.password_change',
	userPasswordReset: 'user.password_reset',
	loginOk: 'auth.login',
	loginFailed: 'auth.login_failed',
	logout: 'auth.logout',
	setupAdmin: 'auth.setup_admin',
	projectCreate: 'project.create',
	projectUpdate: 'project.update',
	projectDelete: 'project.delete',
	settingsUpdate: 'settings.update',
	// issue 9: stories and assembly sessions
	storyCreate: 'story.create',
	storyUpdate: 'story.update',
	storyDelete: 'story.delete',
	assemblySessionCreate: 'assembly_session.create',
	assemblySessionUpdate: 'assembly_session.update',
	assemblySessionDelete: 'assembly_session.delete',
	assemblyPhotoCreate: 'assembly_photo.create',
	reviewTransition: 'review.transition',
	reviewComment: 'review.comment',
	evidenceUpload: 'evidence.upload',
	evidenceDelete: 'evidence.delete',
	projectDocumentUpload: 'project.document_upload',
	projectDocumentDelete: 'project.document_delete',
	demReplace: 'dem.replace',
	demDelete: 'dem.delete',
	layerDerive: 'layer.derive',
	importLayer: 'import.layer',
	importReference: 'import.reference',
	importInterventions: 'import.interventions',
	importLayerDelete: 'import.layer_delete',
	importLayerStatus: 'import.layer_status'
} as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];

export const AUDIT_ACTION_LIST: readonly string[] = Object.values(AUDIT_ACTIONS);

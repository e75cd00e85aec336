import { json } from '@sveltejs/kit';
import { openApiDocument } from '$lib/api/openapi';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, locals }) => json(openApiDocument(`${locals.deps.config.publicUrl ?? url.origin}/api/v1`));

import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { findProtocol } from '$lib/requests/find-protocol.server';
import { api } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals, params, url, getClientAddress }) =>
	json(
		await findProtocol(
			locals.deps,
			locals.actor,
			params.number,
			{ cpf: url.searchParams.get('cpf'), code: url.searchParams.get('code'), address: getClientAddress() },
			{ via: 'GET /api/v1/protocols/{number}' }
		)
	)
);

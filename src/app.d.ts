import type { Actor } from '$lib/auth/actor';
import type { Deps } from '$lib/server/deps';
import type { Lang } from '$lib/i18n';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
		}
		interface Locals {
			requestId: string;
			deps: Deps;
			actor: Actor;
			lang: Lang;
		}
	}
}

export {};

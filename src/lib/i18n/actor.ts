import { readActorLabel } from '$lib/auth/actor-label';
import type { Translate } from './index';

/** Who acted, in the reader's language: a person's name, "the citizen, online", a kiosk by name. Pure. */
export function actorText(t: Translate, label: string, personName?: string | null): string {
	const actor = readActorLabel(label);
	switch (actor.kind) {
		case 'person':
			return personName || actor.username;
		case 'citizen':
			return t('actor.citizen');
		case 'device':
			return t(`actor.${actor.tokenKind}`, { name: actor.name });
		case 'system':
			return t('actor.system');
		case 'unknown':
			return actor.label;
	}
}

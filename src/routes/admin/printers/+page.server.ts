import { createPrinter, printersOverview, updatePrinter } from '$lib/printing/printers.server';
import { printTestPage } from '$lib/printing/print-test-page.server';
import { retryPrintJob } from '$lib/printing/retry-print-job.server';
import { bool, num, numOrNull, optionalOrNull, str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => forPage(event, () => printersOverview(event.locals.deps, event.locals.actor));

/** The printer fields of the add and edit forms, as the use case's JSON. */
function printerFields(form: FormData) {
	return {
		name: str(form, 'name'),
		host: str(form, 'host'),
		port: num(form, 'port'),
		model: str(form, 'model'),
		width: num(form, 'width'),
		codepage: str(form, 'codepage'),
		qrMode: str(form, 'qrMode'),
		codepageNumber: numOrNull(form, 'codepageNumber'),
		kiosk: optionalOrNull(form, 'kiosk'),
		header: str(form, 'header'),
		footer: str(form, 'footer')
	};
}

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			const printer = await createPrinter(locals.deps, locals.actor, str(form, 'unit'), printerFields(form));
			return { saved: printer.name };
		});
	},
	update: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			const printer = await updatePrinter(locals.deps, locals.actor, str(form, 'id'), {
				...printerFields(form),
				active: bool(form, 'active')
			});
			return { saved: printer.name };
		});
	},
	retry: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await retryPrintJob(locals.deps, locals.actor, str(form, 'id'));
			return { retried: true };
		});
	},
	test: async ({ request, locals, url }) => {
		const form = await readForm(request);
		return forAction(async () => {
			const result = await printTestPage(locals.deps, locals.actor, str(form, 'id'), url.origin);
			return { tested: result.printer };
		});
	}
};

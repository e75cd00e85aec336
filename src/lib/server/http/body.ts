import { VezError } from '$lib/errors';

/*
 * Request bodies, read with a ceiling. A declared Content-Length over it is refused before a
 * byte is read; a chunked body is counted as it streams and cut off at the ceiling, so a 2 MB
 * upload costs 64 KB of memory and answers 413, never a 500.
 */

/** Bodies of the JSON API and of Open311. */
export const MAX_API_BODY_BYTES = 64 * 1024;
/** Bodies of the screens' forms (a service's Carta de Serviços entry is the longest). */
export const MAX_FORM_BODY_BYTES = 256 * 1024;

const tooLarge = (max: number) => new VezError('payload_too_large', `The request body is larger than ${Math.round(max / 1024)} KB.`);

/** Whether a request's declared length is over `max`; no declared length is not over. */
export function declaresMoreThan(headers: Headers, max: number): boolean {
	const length = Number(headers.get('content-length') ?? 0);
	return Number.isFinite(length) && length > max;
}

/** The whole body as UTF-8 text, at most `max` bytes; throws `payload_too_large` beyond. */
export async function readBodyText(request: Request, max: number): Promise<string> {
	return (await readBodyBytes(request, max)).toString('utf8');
}

/** The whole body, at most `max` bytes; throws `payload_too_large` beyond. */
export async function readBodyBytes(request: Request, max: number): Promise<Buffer> {
	if (declaresMoreThan(request.headers, max)) throw tooLarge(max);
	if (!request.body) return Buffer.alloc(0);
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			// Stop reading, without cancelling: cancelling destroys the socket before the 413 is sent.
			if (size > max) throw tooLarge(max);
			chunks.push(value);
		}
	} catch (e) {
		if (e instanceof VezError) throw e;
		// The stream broke: the client went away or the adapter's own limit (BODY_SIZE_LIMIT) cut it.
		throw tooLarge(max);
	}
	return Buffer.concat(chunks);
}

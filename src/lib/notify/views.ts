import { z } from 'zod';
import { CHANNELS } from './notifier';

/** `POST /tickets/{publicId}/notifications`: what "Avise-me" will send, the phone masked. */
export const WatchView = z.object({
	channel: z.enum(CHANNELS),
	ahead: z.number().int().meta({ description: '`near` is sent when this many people or fewer are ahead' }),
	phone: z.string().nullable().meta({ description: 'Masked: area code and last four digits' })
});
export type WatchView = z.infer<typeof WatchView>;

import type { Migration } from 'kysely';
import * as m0001 from './0001_core.js';
import * as m0002 from './0002_queue.js';
import * as m0003 from './0003_printing.js';
import * as m0004 from './0004_catalogue.js';
import * as m0005 from './0005_protocols.js';
import * as m0006 from './0006_mail.js';
import * as m0007 from './0007_ratings.js';
import * as m0008 from './0008_appointments.js';
import * as m0009 from './0009_stats.js';
import * as m0010 from './0010_admin.js';
import * as m0011 from './0011_requests.js';
import * as m0012 from './0012_appointment_retention.js';
import * as m0013 from './0013_ticket_stats.js';
import * as m0014 from './0014_idempotency_keys.js';
import * as m0015 from './0015_personal_data.js';
import * as m0017 from './0017_events_webhooks.js';
import * as m0020 from './0020_wait_forecast.js';
import * as m0022 from './0022_catalogue_generation.js';
import * as m0023 from './0023_waiting_lanes.js';
import * as m0025 from './0025_visitor_messages.js';
import * as m0026 from './0026_remote_tickets.js';
import * as m0027 from './0027_filtered_ticket_stats.js';
import * as m0028 from './0028_chat.js';
import * as m0029 from './0029_appointment_reminders.js';
import * as m0030 from './0030_job_dead_letters.js';
import * as m0032 from './0032_chat_broadcasts.js';
import * as m0033 from './0033_check_in_times.js';
import * as m0038 from './0038_pause_habits.js';

/** Every migration, by name. A static list so the bundled server and the CLI scripts share it. */
export const migrations: Record<string, Migration> = {
	'0001_core': m0001,
	'0002_queue': m0002,
	'0003_printing': m0003,
	'0004_catalogue': m0004,
	'0005_protocols': m0005,
	'0006_mail': m0006,
	'0007_ratings': m0007,
	'0008_appointments': m0008,
	'0009_stats': m0009,
	'0010_admin': m0010,
	'0011_requests': m0011,
	'0012_appointment_retention': m0012,
	'0013_ticket_stats': m0013,
	'0014_idempotency_keys': m0014,
	'0015_personal_data': m0015,
	'0017_events_webhooks': m0017,
	'0020_wait_forecast': m0020,
	'0022_catalogue_generation': m0022,
	'0023_waiting_lanes': m0023,
	'0025_visitor_messages': m0025,
	'0026_remote_tickets': m0026,
	'0027_filtered_ticket_stats': m0027,
	'0028_chat': m0028,
	'0029_appointment_reminders': m0029,
	'0030_job_dead_letters': m0030,
	'0032_chat_broadcasts': m0032,
	'0033_check_in_times': m0033,
	'0038_pause_habits': m0038
};

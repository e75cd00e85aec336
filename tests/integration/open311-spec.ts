// What Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) promises, shared by the tests that read it.

/** The fields of a service request, in the spec's order (also the XML element order). */
export const OPEN311_REQUEST_FIELDS = [
	'service_request_id',
	'status',
	'status_notes',
	'service_name',
	'service_code',
	'description',
	'agency_responsible',
	'service_notice',
	'requested_datetime',
	'updated_datetime',
	'expected_datetime',
	'address',
	'address_id',
	'zipcode',
	'lat',
	'long',
	'media_url'
];

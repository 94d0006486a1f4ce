/** The editor's side of the management API: the client, its errors and the tab's admin key. */
export { clearAdminKey, readAdminKey, storeAdminKey } from './admin-session';
export { ApiError, describeApiError, readProblem } from './api-error';
export { WayfarerApi, type JourneyVersionDocument } from './wayfarer-api';

export { systemClock, toIsoTime, VirtualClock, type Clock } from './clock';
export { isValidTimeZone } from './time-zone-name';

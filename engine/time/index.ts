export { systemClock, toIsoTime, VirtualClock, type Clock } from './clock';

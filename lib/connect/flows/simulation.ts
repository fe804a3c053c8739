import type { HoursOfOperation, QueueState, SimulationFlow } from '../../flow-language/simulator.ts';
import { QUEUE_KEYS, QUEUES, type QueueKey } from '../queues.ts';
import { flowIdOf, PROJECT_FLOWS } from './index.ts';
import type { BusinessHours, FlowRefs } from './refs.ts';

/** The id the simulator knows the business hours by (every queue uses them). */
export const BUSINESS_HOURS_ID = 'business-hours';

/** The project's flows built with `refs`, named by project name and by the id other flows use. */
export function projectSimulationFlows(refs: FlowRefs): SimulationFlow[] {
  return PROJECT_FLOWS.map((f) => {
    const id = flowIdOf(refs, f.name);
    return { flow: f.build(refs), names: id ? [f.name, id] : [f.name] };
  });
}

/** Stage hours (MONDAY … , HH:MM) as the simulator's weekly hours. */
export function simulatorHours(hours: BusinessHours, timeZone: string): HoursOfOperation {
  return {
    timeZone,
    days: Object.fromEntries(hours.days.map((d) => [d.slice(0, 3), [hours.start, hours.end] as const])),
  };
}

/**
 * The Connect world the flows run in, for the simulator: the four queues (by the ids in `refs`,
 * with their configured names) on the business hours, each with `state` (wait, capacity).
 */
export function simulationWorld(
  refs: FlowRefs,
  timeZone: string,
  state: Partial<Record<QueueKey, Omit<QueueState, 'name' | 'hours'>>> = {},
) {
  const queues = Object.fromEntries(
    QUEUE_KEYS.map((key) => [
      refs.queues[key],
      { name: QUEUES[key].name, hours: BUSINESS_HOURS_ID, ...state[key] },
    ]),
  );
  return { queues, hours: { [BUSINESS_HOURS_ID]: simulatorHours(refs.hours, timeZone) } };
}

import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgePublisher } from '../adapters/eventbridge/event-publisher.ts';
import type { EventPublisher } from '../domain/events/domain-event.ts';
import type { ServiceAdapters } from './service-adapters.ts';

/** Where domain events go: the publisher given, else EventBridge's bus `busName`. */
export function eventPublisherOn(adapters: Partial<ServiceAdapters>, busName: string): EventPublisher {
  return adapters.events ?? new EventBridgePublisher(new EventBridgeClient({}), busName);
}

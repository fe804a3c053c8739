import { ConnectClient } from '@aws-sdk/client-connect';
import { AwsConnectContacts } from '../adapters/connect/connect-contacts.ts';
import type { ConnectContacts } from '../domain/contact/connect-contacts.ts';
import type { ServiceAdapters } from './service-adapters.ts';

/** Connect's contact APIs: the ones given (the twin's fake), else Amazon Connect's. */
export function connectContacts(adapters: Partial<ServiceAdapters>): ConnectContacts {
  return adapters.connect ?? new AwsConnectContacts(new ConnectClient({}));
}

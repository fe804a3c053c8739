/**
 * 佐藤 花子 (customer C1) as the DynamoDB profile store keeps her item: the table's keys and entity
 * name, a standard-tier Japanese profile with nothing recorded yet, and `fields` over it.
 */
export function storedProfile(fields: Readonly<Record<string, unknown>> = {}) {
  return {
    pk: 'CUSTOMER#C1',
    sk: 'PROFILE',
    _et: 'Customer',
    id: 'C1',
    name: '佐藤 花子',
    phone: '+819012345678',
    language: 'ja',
    timeZone: 'Asia/Tokyo',
    tier: 'standard',
    consent: {},
    recent: [],
    notices: [],
    surveyedAt: [],
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    version: 3,
    ...fields,
  };
}

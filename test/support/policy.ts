import type { ProfilePolicy } from '../../lambdas/domain/customer/customer.ts';

/** The dev stage's profile rules, as tests use them. */
export const TEST_POLICY: ProfilePolicy = {
  tiers: ['standard', 'vip'],
  defaultTier: 'standard',
  defaultLanguage: 'ja',
  defaultTimeZone: 'Asia/Tokyo',
  phoneRegion: 'JP',
};

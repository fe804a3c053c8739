import type { Language, ProfilePolicy } from '../../lambdas/domain/customer/customer.ts';
import type { StageConfig } from './stage-config.ts';

/** The profile rules a stage imposes: tiers, default language and time zone, phone region. */
export function profilePolicy(config: StageConfig): ProfilePolicy {
  return {
    tiers: config.tiers,
    defaultTier: config.defaultTier,
    defaultLanguage: config.locale.default.slice(0, 2) as Language,
    defaultTimeZone: config.timeZone,
    phoneRegion: config.phoneRegion,
  };
}

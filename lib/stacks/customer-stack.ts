import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { HandlerFunction } from '../constructs/handler-function.ts';
import type { ProfileTable } from '../constructs/profile-table.ts';

export interface CustomerStackProps extends StackProps {
  readonly config: StageConfig;
  readonly profiles: ProfileTable;
}

/**
 * Stateless customer-profile functions. `customerContext` answers the IVR's "who is calling?"
 * (AP1) in one DynamoDB request; the voice work invokes it from the inbound contact flow.
 */
export class CustomerStack extends Stack {
  public readonly customerContext: HandlerFunction;

  constructor(scope: Construct, id: string, props: CustomerStackProps) {
    super(scope, id, props);
    const { config, profiles } = props;
    this.customerContext = new HandlerFunction(this, 'CustomerContext', {
      handler: 'customer-context',
      description: 'Caller number → customer context for the IVR (AP1, one DynamoDB request)',
      invocation: 'synchronous',
      logRetention: config.logRetentionDays as logs.RetentionDays,
      environment: {
        TABLE_NAME: profiles.table.tableName,
        DEFAULT_LANGUAGE: config.locale.default.slice(0, 2),
      },
    });
    profiles.bind(this.customerContext.function, 'read');
  }
}

import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ProfileTable } from '../constructs/profile-table.ts';

/**
 * Stateful resources only: the profile table and its key. Kept apart from functions and rules so
 * that renaming or replacing code never replaces data.
 */
export class DataStack extends Stack {
  public readonly profiles: ProfileTable;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.profiles = new ProfileTable(this, 'Profiles');
  }
}
